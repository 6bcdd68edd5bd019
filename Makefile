# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make run: create .venv, install, initialise the SQLite registry with the cohort, serve the web app
HOST ?= 127.0.0.1
PORT ?= 8000
run: install
	$(BIN)/imnm db init
	$(BIN)/imnm overview
	@echo "web app: http://$(HOST):$(PORT)/  (API schema: http://$(HOST):$(PORT)/docs)"
	@echo "first admin: $(BIN)/imnm user add admin --role admin --password-stdin   (type the password, Enter)"
	$(BIN)/imnm serve --host $(HOST) --port $(PORT)

## make test: install test dependencies, start PostgreSQL on loopback, run the whole suite
test: install-test
	$(BIN)/ruff check src tests benchmarks
	bash scripts/ensure-chromium.sh >/dev/null || [ "$$CI" != "true" ]  # browser tests: Debian chromium
	IMNM_TEST_POSTGRES_URL="$$(bash scripts/start-postgres.sh)" $(BIN)/python -m pytest -q -p no:cacheprovider

lint: install-test
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) build dist src/*.egg-info
