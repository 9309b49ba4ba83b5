"""A test file runs alone the way the README shows (issue #15, item 24).

tests/conftest.py used to copy "the migrated data" at the start of every session, also when no
selected test asked for a database: it then read the real database named in DATABASE_URL (or
failed on one that does not exist). A run of tests that need no database must not open one.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_file_without_database_tests_never_opens_the_database():
    env = {
        **os.environ,
        # A database that does not exist: opening it would fail the run.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ake_no_such_database_for_this_test",
        "PYTHONWARNINGS": "error::RuntimeWarning",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_setup_files.py", "-q", "-p", "no:randomly"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "passed" in result.stdout and "RuntimeWarning" not in result.stdout + result.stderr
