#!/usr/bin/env bash
# `make run`: set up, migrate, load demo data once, and serve at http://127.0.0.1:8000 (AKE_PORT to change).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-ake.settings.dev}
python manage.py compile_translations
python manage.py migrate --no-input
python manage.py demo_data --scale "${DEMO_SCALE:-1}"
# Every page in fi, sv and en: untranslated pages get an alias of the Finnish page (extranet/page_trees.py).
python manage.py page_trees_sync
port=${AKE_PORT:-8000}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
  celery -A ake worker --loglevel=INFO --concurrency=2 & pids+=($!)
  celery -A ake beat --loglevel=INFO --schedule .data/celerybeat-schedule & pids+=($!)
  echo "Celery worker and beat are running against $REDIS_URL."
else
  echo "REDIS_URL is not set: tasks run in-process and mail is written to .data/mail/."
fi
cat <<MSG

  AKE extranet:   http://127.0.0.1:$port/
  Wagtail admin:  http://127.0.0.1:$port/admin/
  Log in as (password demo-extranet-2024):
    editor@turku.fi    AKE editor (admin without two-factor set-up)
    admin@turku.fi     AKE admin (asked to set up two-factor authentication first)
    planning@pori.fi   planning group
    staff@kaarina.fi   library staff

MSG
python manage.py runserver "127.0.0.1:$port"
