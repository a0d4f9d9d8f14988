# Everyday commands for the backoffice. `make` alone lists them.
# Everything runs from the virtualenv in .venv; `make install` is the one shared step and is safe to repeat.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Another virtualenv (e.g. to try the lock in a throwaway one): make install VENV=/tmp/venv-try
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Touched after `pip install`; older than the lock or pyproject.toml means the dependencies changed.
INSTALLED := $(VENV)/.installed
# The lock: every package with its exact version and hashes, made from pyproject.toml by `make lock` (pip-compile).
# base.txt is what the image installs; dev.txt adds the tools and tests, with the same versions.
LOCK_BASE := requirements/base.txt
LOCK_DEV := requirements/dev.txt
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

# Extra arguments: make test PYTEST_ARGS='-k invoice -x'   make bench BENCH_ARGS='--orders 10000'
# make load LOAD_ARGS='--skip-seed --users 50 --workers 3'
PYTEST_ARGS ?=
BENCH_ARGS ?=
LOAD_ARGS ?=
# Where `make run` serves; another address when 8000 is taken: make run RUN_ADDR=127.0.0.1:8001
RUN_ADDR ?= 127.0.0.1:8000

# Translations: every .po under a locale/ directory; compilemessages runs only when a .mo is missing or older.
PO_FILES := $(shell find . -path ./$(VENV) -prune -o -path '*/locale/*/LC_MESSAGES/*.po' -print 2>/dev/null)

PYTHON_CHECK := import sys; sys.exit(sys.version_info < (3, 12))
REQUIRE_REDIS = @test -n "$$REDIS_URL" || { echo "make $@: set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379/0 make $@"; exit 1; }

.PHONY: help install lock run test bench load worker beat lint messages

help:
	@echo "make run      install, migrate, load the demo data (seed_demo), serve http://127.0.0.1:8000 (SQLite, no Redis)"
	@echo "make test     install, start PostgreSQL/Redis/Chromium (installs them as root), run the whole suite"
	@echo "make install  create .venv, install the locked dependencies when the lock changed, compile translations"
	@echo "make lock     refresh requirements/*.txt from pyproject.toml after changing a dependency (pip-compile)"
	@echo "make bench    run bench/run.py (arguments: BENCH_ARGS='...')"
	@echo "make load     locust: 20, then 50 simulated staff for 2 minutes each on the bench database (LOAD_ARGS='...')"
	@echo "make worker   Celery worker for the queues default, email, pdf, geocode (needs REDIS_URL)"
	@echo "make beat     Celery beat, the periodic jobs (needs REDIS_URL)"
	@echo "make lint     ruff check and the layers between apps (lint-imports, contracts in pyproject.toml)"
	@echo "make messages refresh the translation catalogs after changing texts (then translate locale/en)"

install: $(INSTALLED)
	@stale=; for po in $(PO_FILES); do [ "$${po%.po}.mo" -nt "$$po" ] || stale=1; done; \
	if [ -n "$$stale" ]; then \
	    if ! command -v msgfmt >/dev/null; then \
	        if [ "$$(id -u)" -eq 0 ]; then \
	            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	        else \
	            echo "make install: compiling the translations needs msgfmt: install gettext (sudo apt-get install gettext)"; exit 1; \
	        fi; \
	    fi; \
	    $(MANAGE) compilemessages --ignore=$(VENV); \
	fi

# Exactly the locked versions (--require-hashes), then the project itself without dependencies. pip never
# removes a package the lock lost; a fresh virtualenv has exactly the lock.
$(INSTALLED): $(LOCK_DEV) pyproject.toml | $(PY)
	$(PY) -m pip install --require-hashes -r $(LOCK_DEV)
	$(PY) -m pip install --no-deps -e .
	@touch $@

# After a change to the dependencies in pyproject.toml (tests/test_lock.py fails until this ran). Versions already
# locked stay; to move one on: make lock LOCK_ARGS='--upgrade-package celery'.
LOCK_ARGS ?=
lock: install
	$(PIP_COMPILE) $(LOCK_ARGS) -o $(LOCK_BASE) pyproject.toml
	$(PIP_COMPILE) $(LOCK_ARGS) --extra dev -c $(LOCK_BASE) -o $(LOCK_DEV) pyproject.toml

$(PY):
	@python3 -c '$(PYTHON_CHECK)' 2>/dev/null || { echo "make install: needs Python 3.12 or newer as python3 (found: $$(python3 --version 2>&1 | head -n 1)); e.g. pyenv install 3.12"; exit 1; }
	python3 -m venv $(VENV)

run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "Mail is not sent in development: every message is written as a file to var/mail/."
	$(MANAGE) runserver $(RUN_ADDR)

# pytest exits 5 when it collected no tests; that fails here like any other non-zero exit.
test: install
	scripts/ensure-test-services.sh
	@$(VENV)/bin/pytest $(PYTEST_ARGS) || { status=$$?; \
	    if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests, which counts as a failure"; fi; \
	    exit $$status; }

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Needs PostgreSQL and Redis (db 12, emptied before and after); starts gunicorn, a Celery worker and an SMTP sink.
load: install
	$(PY) bench/load.py $(LOAD_ARGS)

worker: install
	$(REQUIRE_REDIS)
	$(VENV)/bin/celery -A backoffice worker -l info -Q default,email,pdf,geocode

beat: install
	$(REQUIRE_REDIS)
	@mkdir -p var
	$(VENV)/bin/celery -A backoffice beat -l info --schedule var/celerybeat-schedule

# The import-linter contracts in pyproject.toml: which app may import which (STYLE.md §1).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The source texts are Dutch. locale/nl holds them translated to themselves, so Django's own Dutch catalog
# never re-translates a Dutch text that happens to be an English word ("Order" would become "Volgorde").
MAKEMESSAGES := $(MANAGE) makemessages --no-obsolete --ignore=$(VENV) --ignore=var --ignore=staticfiles --ignore=tests --ignore=bench
messages: install
	$(MAKEMESSAGES) -l en
	rm -f locale/nl/LC_MESSAGES/django.po  # made anew: merging would carry over fuzzy guesses
	$(MAKEMESSAGES) -l nl
	msgen --no-wrap locale/nl/LC_MESSAGES/django.po -o locale/nl/LC_MESSAGES/django.po
	@sed -i '/^#, fuzzy$$/d' locale/nl/LC_MESSAGES/django.po
	@msgattrib --untranslated locale/en/LC_MESSAGES/django.po | grep -c '^msgid' | xargs -I{} echo "locale/en: {} texts to translate (0 means done)"
