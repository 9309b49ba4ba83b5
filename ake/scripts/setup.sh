#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements when they changed; exports DATABASE_URL
# (the embedded PostgreSQL under .data/postgres unless one is given). Sourced by run.sh and test.sh;
# test.sh sets AKE_REQUIREMENTS=requirements-test.lock for the test tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PYTHON_BIN=${PYTHON_BIN:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON_BIN" -m venv .venv
fi
lock=${AKE_REQUIREMENTS:-requirements.lock}
stamp=.venv/.$lock.installed
if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp" || ! cmp -s requirements.lock .venv/.requirements.lock.installed; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$lock"
  cp "$lock" "$stamp"
  cp requirements.lock .venv/.requirements.lock.installed
fi
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p .data
if [ -z "${DATABASE_URL:-}" ]; then
  # Errors of starting the embedded server are shown (stderr), not hidden: the URL is stdout only.
  if ! DATABASE_URL=$(.venv/bin/python ake/embedded_db.py); then
    echo "setup.sh: the embedded PostgreSQL could not be started (see the error above)." >&2
    echo "Set DATABASE_URL to use another PostgreSQL server." >&2
    exit 1
  fi
  export DATABASE_URL
fi
