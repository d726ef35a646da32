# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# DEBUG is off unless set (production mode). The development targets switch it
# on; `make run` exports PORT so that SITE_URL, every link in e-mails,
# certificates and badges, follows the port it serves.
run stack messages: export DEBUG ?= 1
run: export PORT := $(PORT)

.PHONY: run test stack worker beat bench lint format messages clean help

help:
	@echo "make run    - install, migrate, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - the whole test suite (installs what the tests need, Chromium, Java and Hugo included)"
	@echo "make stack  - web + Celery worker + beat on PostgreSQL and Redis (DATABASE_URL, REDIS_URL)"
	@echo "make bench  - the benchmark on PostgreSQL and Redis (SCALE=0.01 ... 1, DURATION, ROUNDS)"
	@echo "make lint | format | messages | clean"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "Python 3.11 or newer is needed: install it, or run make PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || \
		{ rm -rf $(VENV); echo "Python's venv module is missing: install it (Debian: sudo apt-get install python3-venv)"; exit 1; }
	@$(PY) -m pip install --quiet --upgrade pip

# Exact versions from the lock files, so every machine gets the same set.
$(VENV)/.installed-base: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-test: requirements/test.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements/test.txt
	@touch $@ $(VENV)/.installed-base

run: $(VENV)/.installed-base
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_calendar
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)."
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test
	@scripts/ensure-test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# PostgreSQL + Redis: migrate, then web (gunicorn), a Celery worker and beat together.
stack: $(VENV)/.installed-base
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "Set DATABASE_URL and REDIS_URL first (see README)."; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_calendar
	$(PY) manage.py collectstatic --noinput -v0
	scripts/run-stack

# The benchmark (README, "Benchmark"): the issue's community at SCALE, in its own
# database (BENCH_DATABASE_URL) and Redis database (BENCH_REDIS_URL).
SCALE ?= 1
DURATION ?= 10
ROUNDS ?= 3
bench: $(VENV)/.installed-base
	@scripts/ensure-wrk
	$(PY) -m bench --scale $(SCALE) --duration $(DURATION) --rounds $(ROUNDS) \
		$(if $(PAGES),--pages "$(PAGES)") $(if $(filter 1,$(POOL_COMPARE)),--pool-compare) \
		$(if $(MARKDOWN),--markdown "$(MARKDOWN)") $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The catalogs kept beside the English source: one per language in settings.LANGUAGES.
CATALOG_LANGUAGES := zh_Hans fr
# Needs GNU gettext (Debian: gettext). The compiled .mo files are committed so
# that running the site needs no gettext.
messages: $(VENV)/.installed-base
	$(PY) manage.py makemessages $(foreach lang,$(CATALOG_LANGUAGES),-l $(lang)) --ignore=.venv --ignore=var --ignore=tests --no-location --no-obsolete
	$(PY) manage.py compilemessages $(foreach lang,$(CATALOG_LANGUAGES),-l $(lang)) --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
