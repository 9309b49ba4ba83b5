#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements when they changed; exports DATABASE_URL
# (the embedded PostgreSQL under .data/postgres unless one is given). Sourced by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PYTHON_BIN=${PYTHON_BIN:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON_BIN" -m venv .venv
fi
stamp=.venv/.requirements.lock.installed
if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp"; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.lock
  cp requirements.lock "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p .data
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL=$(.venv/bin/python ake/embedded_db.py 2>/dev/null)
  export DATABASE_URL
fi
