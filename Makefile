# Sammen om byen. `make run` and `make test` set up everything they need.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
INSTALLED := $(VENV)/.installed
VENDOR := static/vendor/.copied
MESSAGES := locale/.compiled
CHROMIUM ?= /usr/bin/chromium
# Test processes (pytest-xdist); each test file runs whole in one of them.
TEST_WORKERS ?= 2
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sob_bench
export DJANGO_ALLOW_ASYNC_UNSAFE := true

.PHONY: help
help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed ($(PYTHON))."; exit 1; }
	@echo "→ Python packages (virtualenv in $(VENV))"
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@echo "→ npm packages"
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR): node_modules/.package-lock.json
	@echo "→ copying front-end assets into static/vendor"
	rm -rf static/vendor && mkdir -p static/vendor/dkfds static/vendor/leaflet.markercluster
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img static/vendor/dkfds/
	cp node_modules/leaflet.markercluster/dist/*.js node_modules/leaflet.markercluster/dist/*.js.map node_modules/leaflet.markercluster/dist/*.css static/vendor/leaflet.markercluster/
	touch $@

$(MESSAGES): $(INSTALLED) $(wildcard locale/*/LC_MESSAGES/*.po)
	@echo "→ compiling translations"
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	touch $@

.PHONY: install assets messages
install: $(INSTALLED) ## Virtualenv and Python packages
assets: $(VENDOR) ## npm ci and copy the design system and map assets
messages: $(MESSAGES) ## Compile the da/en translation catalogues

.PHONY: setup
setup: install assets messages
	@mkdir -p var

.PHONY: run
run: setup ## Set up, migrate, load the demo and serve on http://127.0.0.1:8000
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

.PHONY: browser
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "→ installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium"; exit 1; fi; }

.PHONY: test
test: setup browser ## Set up and run all tests (DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: bench
bench: setup ## Benchmarks: tally speed against pabutools; ballot submits per second on PostgreSQL (BENCH_DATABASE_URL)
	$(PY) tests/perf/bench_tally.py
	$(PY) tests/perf/bench_ballot.py --database-url $(BENCH_DATABASE_URL)

.PHONY: bench-load
bench-load: setup ## Load benchmark: city-scale data, Gunicorn with production settings on PostgreSQL and Redis (BENCH_LOAD_ARGS)
	$(PY) tests/perf/bench_load.py --database-url $(BENCH_DATABASE_URL) $(BENCH_LOAD_ARGS)

# PostgreSQL server (no database name) for the backup check; it makes and drops its own databases.
BACKUP_CHECK_SERVER_URL ?= postgres://postgres@127.0.0.1:5432
.PHONY: backup-check
backup-check: setup ## Prove backup and restore: pg_dump a demo database, restore it, compare tallies and .pb files
	$(PY) scripts/backup_restore_check.py --server-url $(BACKUP_CHECK_SERVER_URL)

# How many generated inputs `make fuzz` sends in all (the normal test run sends a small fixed sample).
FUZZ_EXAMPLES ?= 10000
.PHONY: fuzz
fuzz: setup ## Fuzz the JSON API (schemathesis) and the forms (hypothesis) with FUZZ_EXAMPLES random inputs
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/fuzz -q

.PHONY: lint
lint: install ## ruff and a check that migrations are complete
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

.PHONY: makemessages
makemessages: install ## Extract UI strings into locale/{da,en}
	$(MANAGE) makemessages -l da -l en --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=tests --no-obsolete

.PHONY: clean
clean: ## Remove the virtualenv, npm packages, copied assets and the local database
	rm -rf $(VENV) node_modules static/vendor var staticfiles
