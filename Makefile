# The doors in: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := src/opportune/static/vendor

.PHONY: run test lint format bench install vendor messages clean

run: install
	$(BIN)/opportune migrate --no-input -v 0
	@echo "Database ready."
	$(BIN)/opportune demo
	$(BIN)/opportune runserver 127.0.0.1:8000

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(STAMP) vendor messages

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

# Front-end packages come pinned from npm's lockfile and are served by the app itself.
vendor: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/sortablejs/Sortable.min.js $(VENDOR)/Sortable.min.js
	touch $@

# Compiles the .po catalogues with Babel, so no GNU gettext is needed.
messages: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/test-*

# Fills var/bench.sqlite3 (or DATABASE_URL) with BENCH_OPPORTUNITIES (100,000) and times the pages.
bench: install
	$(BIN)/python scripts/bench.py
