# The handful of verbs a newcomer needs. `make run` and `make test` work on a fresh machine with
# only Python 3.11 and Node.js: they create .venv, install the pinned packages and the front-end
# assets, and start an embedded PostgreSQL when DATABASE_URL is unset.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make test` fails when line coverage drops below this (measured figure in the README). Plain
# `python -m pytest` measures nothing and has no floor: for targeted runs.
COVERAGE_FLOOR := 90
# Two test processes (pytest-xdist): a test module's tests run in one of them, the browser tests
# all in one (tests/conftest.py); each process has its own test database, cache keys and queue
# (config/settings.py, tests/e2e/conftest.py). TEST_PROCESSES=0 runs everything in one process.
TEST_PROCESSES ?= 2

.PHONY: install run test lint format bench stop clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/python -m config.devserver

test: install
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadfile \
		--cov --cov-report=term-missing:skip-covered --cov-report=html \
		--cov-fail-under=$(COVERAGE_FLOOR)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	EMBEDDED_POSTGRES=false DEBUG=true $(BIN)/mypy .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench.run_all

stop:
	$(BIN)/python -m config.devserver --stop

clean: stop
	rm -rf .local
