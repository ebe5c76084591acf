# Everything a newcomer needs: `make run` to try the product, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: `auto` is one per core (pytest-xdist, one database each); 0 runs the
# suite in this process, which a debugger or `-x` on a first failure may prefer.
PYTEST_WORKERS ?= auto
# Deprecation warnings are errors for our code, import time included (admin forms are
# built when the apps load, before pytest's own filter applies).
STRICT := -W error::DeprecationWarning -W error::PendingDeprecationWarning

.PHONY: run dev test bench lint format messages compilemessages install install-dev clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The browser tests' tools from package.json: axe-core (the accessibility engine they inject
# into every page) and vnu-jar (the Nu HTML Checker, run with `java`). Install scripts are
# off: vnu-jar's would download a Java runtime, and the machine's own `java` is used.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

install-dev: $(VENV)/.installed-dev node_modules/.installed

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Serves the demo on http://$(HOST):$(PORT) with the embedded defaults (SQLite, eager
# tasks, e-mails to files in var/mail/); HOST=0.0.0.0 listens on every address (a
# container or a VM). The demo company's e-mail domain is open for sign-up.
run: install compilemessages
	@PYTHON=$(PY) HOST=$(HOST) PORT=$(PORT) scripts/run-demo

# Web, worker and beat together from the Procfile, as in production, on the PostgreSQL
# and Redis named by DATABASE_URL and REDIS_URL (docs/operations.md).
dev: export DEBUG = true
dev: export PATH := $(CURDIR)/$(BIN):$(PATH)
dev: install-dev compilemessages
	@test -n "$$REDIS_URL" || { echo "make dev needs REDIS_URL (a worker needs a broker): see docs/operations.md" >&2; exit 1; }
	$(PY) manage.py migrate --no-input
	$(BIN)/honcho --procfile Procfile start web worker beat

test: install-dev compilemessages
	$(PY) $(STRICT) manage.py makemigrations --check --dry-run --no-input
	$(BIN)/pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

bench: install-dev compilemessages
	PEERSUPPORT_BENCH=1 $(BIN)/pytest tests/benchmarks -p no:cacheprovider -s -q $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh locale/id after changing user-facing strings; then translate what is new.
messages: install
	$(PY) manage.py makemessages --locale id --ignore=.venv --ignore=staticfiles --ignore=node_modules --no-obsolete

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
