# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo runs without Django's debug pages: officers see the project's own 404 and 403.
DEMO_DEBUG ?= 0
MANAGE := $(BIN)/python manage.py

.PHONY: demo test e2e screenshots bench bench-load lint messages serve clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON)) / Python 3.11 is required"; exit 2; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages -v0 --ignore=.venv; \
	else echo "msgfmt not found: using the committed .mo files"; fi

## demo: set up (venv, install, migrate, units, demo data) and serve on 127.0.0.1:$(PORT)
demo: $(VENV)/.installed messages
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_admin_units
	$(MANAGE) seed_demo
	@echo "Mở / open http://127.0.0.1:$(PORT)/"
	@# the background worker (large imports) runs beside the server and stops with it
	$(MANAGE) db_worker --no-reload -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$(DEMO_DEBUG) $(MANAGE) runserver 127.0.0.1:$(PORT)

## e2e: the browser journeys alone (Chromium at /usr/bin/chromium; skipped, and said, without it)
e2e: $(VENV)/.installed-test messages
	DATABASE_URL= $(BIN)/pytest -q e2e

## screenshots: the journeys again, their screenshots written to docs/screenshots
screenshots: $(VENV)/.installed-test messages
	E2E_SCREENSHOTS=$(CURDIR)/docs/screenshots DATABASE_URL= $(BIN)/pytest -q e2e

## test: lint, migrations check and the whole suite on SQLite (and PostgreSQL if TEST_DATABASE_URL)
test: $(VENV)/.installed-test messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy reentry config
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL= $(MANAGE) makemigrations --check --dry-run
	@echo "== law/: every branch covered by its own tests =="
	DATABASE_URL= $(BIN)/pytest -q reentry/law --cov=reentry/law --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100
	@echo "== pytest on SQLite =="
	DATABASE_URL= $(BIN)/pytest -q
	@if [ -n "$(TEST_DATABASE_URL)" ]; then \
		echo "== pytest on PostgreSQL ($(TEST_DATABASE_URL)) =="; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -q; \
	else echo "TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi
	@echo "== browser journeys in Chromium (e2e/, docs/e2e.md) =="
	DATABASE_URL= $(BIN)/pytest -q e2e

## bench: the benchmarks of bench/ (not tests); BENCH_PERSONS=100000 for the full size;
## the import benchmark needs a database of its own (BENCH_IMPORTS_DATABASE_URL for PostgreSQL),
## the generator's an empty one (BENCH_SEED_DATABASE_URL, e.g. a database just created)
BENCH_PERSONS ?= 10000
BENCH_IMPORT_ROWS ?= 10000
bench: $(VENV)/.installed-test
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench-$(BENCH_PERSONS).sqlite3 $(BIN)/python bench/persons.py --persons $(BENCH_PERSONS)
	@if [ -n "$(BENCH_DATABASE_URL)" ]; then DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python bench/persons.py --persons $(BENCH_PERSONS); fi
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench-$(BENCH_PERSONS).sqlite3 $(BIN)/python bench/reports.py --persons $(BENCH_PERSONS); if [ -n "$(BENCH_DATABASE_URL)" ]; then DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python bench/reports.py --persons $(BENCH_PERSONS); fi
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench-imports.sqlite3 $(BIN)/python bench/imports.py --rows $(BENCH_IMPORT_ROWS)
	@if [ -n "$(BENCH_IMPORTS_DATABASE_URL)" ]; then DATABASE_URL="$(BENCH_IMPORTS_DATABASE_URL)" $(BIN)/python bench/imports.py --rows $(BENCH_IMPORT_ROWS); fi
	rm -f $(CURDIR)/var/bench-seed.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench-seed.sqlite3 $(BIN)/python bench/seed.py --persons $(BENCH_PERSONS)
	@if [ -n "$(BENCH_SEED_DATABASE_URL)" ]; then DATABASE_URL="$(BENCH_SEED_DATABASE_URL)" $(BIN)/python bench/seed.py --persons $(BENCH_PERSONS); fi

## bench-load: the app under gunicorn on 127.0.0.1 with locust (bench/load.py), on a PostgreSQL
## database of its own that it seeds when empty (BENCH_LOAD_DATABASE_URL, required)
BENCH_LOAD_USERS ?= 50
BENCH_LOAD_DURATION ?= 2m
BENCH_LOAD_WORKERS ?= 4
bench-load: $(VENV)/.installed-test
	@test -n "$(BENCH_LOAD_DATABASE_URL)" || { echo "BENCH_LOAD_DATABASE_URL is required (a PostgreSQL database for the bench)"; exit 2; }
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/load.py --database-url "$(BENCH_LOAD_DATABASE_URL)" --users $(BENCH_LOAD_USERS) --duration $(BENCH_LOAD_DURATION) --workers $(BENCH_LOAD_WORKERS)
	$(BIN)/python bench/load.py --database-url "$(BENCH_LOAD_DATABASE_URL)" --users 20 --duration 1m --workers $(BENCH_LOAD_WORKERS) --scenario list

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var
