#!/usr/bin/env python
"""The worker-kill fan-out at full size: 600 subscribers, the worker SIGKILLed repeatedly.

    .venv/bin/python bench/fault_fanout.py [--subscribers 600] [--kills 10]

Runs tests/faults/test_worker_kills.py (real worker subprocess restarted after each kill, Redis,
PostgreSQL, aiosmtpd) with the given size and prints its figure: lost, duplicates, and how many kills
fell in the accept-to-commit window. `make test` runs the same test with 150 subscribers and 4 kills.
Needs DATABASE_URL and REDIS_URL as for the test suite.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=600)
    parser.add_argument("--kills", type=int, default=10)
    args = parser.parse_args()
    env = dict(os.environ, AKE_FAULT_SUBSCRIBERS=str(args.subscribers), AKE_FAULT_KILLS=str(args.kills))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/faults/test_worker_kills.py"]
    sys.exit(subprocess.call(command, cwd=BASE_DIR, env=env))


if __name__ == "__main__":
    main()
