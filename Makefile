# Bochum Strategie portal — the two commands for a fresh machine are `make run` and `make test`.
# Every target does its own set-up and can be run again.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
HOST ?= 127.0.0.1
# Exported so that settings.py derives the development SITE_URL from the port actually served.
export PORT HOST
# Development defaults; production sets its own environment (see docs/deployment.md).
export DJANGO_DEBUG ?= 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run demo test test-fast setup lint check pytest lock messages clean serve-prod bench

$(STAMP): requirements.lock pyproject.toml
	@PYBIN=$$(scripts/find-python.sh) || exit 1; \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	    rm -rf $(VENV); echo "Creating $(VENV) with $$PYBIN"; "$$PYBIN" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

messages: $(STAMP)
	$(PY) manage.py uebersetzungen_kompilieren

setup: $(STAMP) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py portal_einrichten

# Demo data only on request: labelled demo projects (a banner on every page says so) and, in
# development mode only, one demo account per role. `manage.py demodaten_erzeugen --loeschen
# --anzahl 0` removes the demo projects again.
demo: setup
	$(PY) manage.py demodaten_erzeugen $(DEMO_ARGS)
	@if [ "$(DJANGO_DEBUG)" = "1" ]; then $(PY) manage.py demobenutzer_anlegen; fi

# The web server and the mail queue's worker (manage.py db_worker) side by side; Ctrl-C
# (or the end of either) stops both.
run: setup
	@echo "Bochum Strategie: http://$(HOST):$(PORT)/ (mails: worker db_worker, console)"
	@$(PY) manage.py db_worker --interval 2 & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# Production server (gunicorn, DJANGO_DEBUG off). Needs the production environment from
# docs/deployment.md: DJANGO_SECRET_KEY, ALLOWED_HOSTS, SITE_URL=https://…, DATABASE_URL, …
serve-prod: $(STAMP) messages
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py portal_einrichten
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 PORT=$(PORT) HOST=$(HOST) exec $(VENV)/bin/gunicorn -c gunicorn.conf.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

check: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

pytest: $(STAMP) messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint check pytest

# The edit-test loop: everything but the browser and server tests (`make test` and CI run all).
test-fast: lint check $(STAMP) messages
	$(VENV)/bin/pytest -m "not browser and not server" $(PYTEST_ARGS)

# Benchmark at city scale (docs/performance.md): needs PostgreSQL and Redis on 127.0.0.1,
# takes about 10 minutes on 2 cores; not part of `make test`. BENCH_ARGS=--help lists options.
bench: $(STAMP) messages
	$(PY) bench/bench.py $(BENCH_ARGS)

# Regenerates requirements.lock from pyproject.toml in a throw-away venv.
lock:
	@PYBIN=$$(scripts/find-python.sh) || exit 1; rm -rf .lockenv; "$$PYBIN" -m venv .lockenv
	.lockenv/bin/pip install --quiet --upgrade pip
	.lockenv/bin/pip install --quiet $$(.lockenv/bin/python scripts/deps.py)
	.lockenv/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
