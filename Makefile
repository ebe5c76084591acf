# Everything a newcomer needs: `make run` to try the product, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000

.PHONY: run test bench lint format messages compilemessages install install-dev clean

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

install-dev: $(VENV)/.installed-dev

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Serves the demo on http://127.0.0.1:$(PORT) with the embedded defaults (SQLite, eager tasks).
# The demo company's e-mail domain is open for sign-up.
run: export DEBUG = true
run: export SIGNUP_EMAIL_DOMAINS ?= nusantara-sejahtera.example
run: install compilemessages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-dev compilemessages
	$(PY) manage.py makemigrations --check --dry-run --no-input
	$(BIN)/pytest $(PYTEST_ARGS)

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
	$(PY) manage.py makemessages --locale id --ignore=.venv --ignore=staticfiles --no-obsolete

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
