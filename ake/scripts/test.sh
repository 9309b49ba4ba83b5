#!/usr/bin/env bash
# `make test`: set up, lint, and run the whole test suite against real PostgreSQL and Redis.
set -euo pipefail
# The test tools come from their own lock file (requirements-test.lock includes the runtime one).
export AKE_REQUIREMENTS=requirements-test.lock
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/9}
# Browser tests drive Debian's Chromium (Playwright's own browser download cannot run here).
if [ ! -x "${AKE_CHROMIUM:-/usr/bin/chromium}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -q && apt-get install -y -q chromium) >/dev/null 2>&1 || echo "could not install chromium"
fi
ruff check .
python manage.py compile_translations >/dev/null
DJANGO_SETTINGS_MODULE=ake.settings.test python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "makemigrations --check: migrations are missing"; exit 1; }
# With no arguments (`make test`, CI) the whole suite runs in pytest-xdist workers, 2 by default for
# the 2-core machine (AKE_TEST_WORKERS=0: one process), a file's tests together on one worker
# (tests/conftest.py, "parallel workers"). With arguments, pytest gets exactly those.
if [ $# -eq 0 ] && [ "${AKE_TEST_WORKERS:-2}" != 0 ]; then
  set -- -n "${AKE_TEST_WORKERS:-2}" --dist loadfile
fi
exec pytest "$@"
