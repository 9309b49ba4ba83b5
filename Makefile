.PHONY: help run test lint format lock stop-db messages

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

run:  ## set up everything and serve the site with demo data at http://127.0.0.1:8000
	bash ake/scripts/run.sh

test:  ## set up everything, run ruff and the whole test suite
	bash ake/scripts/test.sh

lint:  ## ruff check and format check
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:  ## ruff fix and format
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages:  ## update the fi/sv/en catalogs from the source (needs GNU gettext)
	for app in networks extranet trainings loans reporting finance surveys; do \
	  (cd $$app && ../.venv/bin/python ../manage.py makemessages -l fi -l sv -l en --no-obsolete); done
	# ake/locale (LOCALE_PATHS) holds the project layer's strings and those of templates/.
	.venv/bin/python manage.py makemessages -l fi -l sv -l en --no-obsolete \
	  $(foreach dir,networks extranet trainings loans reporting finance surveys tests bench .venv .data,--ignore='$(dir)/*')

lock:  ## regenerate requirements.lock (runtime) and requirements-test.lock (test tools) from pyproject.toml
	rm -rf .venv-lock && python3 -m venv .venv-lock && .venv-lock/bin/pip install --quiet . \
	  && .venv-lock/bin/pip freeze --exclude-editable | grep -v '^ake-extranet' > .lock-runtime \
	  && .venv-lock/bin/pip install --quiet ".[test]" \
	  && .venv-lock/bin/pip freeze --exclude-editable | grep -v '^ake-extranet' | grep -vxFf .lock-runtime > .lock-test \
	  && { echo "# What the site needs to run (docker image, make run). Regenerate with \`make lock\`."; cat .lock-runtime; } > requirements.lock \
	  && { echo "# The runtime pins plus the test tools (make test, CI). Regenerate with \`make lock\`."; \
	       echo "-r requirements.lock"; cat .lock-test; } > requirements-test.lock \
	  && rm -rf .venv-lock .lock-runtime .lock-test

stop-db:  ## stop the embedded PostgreSQL
	.venv/bin/python ake/embedded_db.py stop
