# The README's two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint validate bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Set up and start the dashboard on http://localhost:$(PORT)
run: $(VENV)/.runtime
	$(BIN)/python -m geo.assets
	$(BIN)/streamlit run dashboard.py --server.port $(PORT)

## Set up and run every test: lint, unit, app and browser tests (Chromium) and the store's (PostgreSQL + PostGIS)
test: $(VENV)/.dev
	bash scripts/ensure-chromium
	bash scripts/ensure-postgis
	$(BIN)/python -m geo.assets
	$(BIN)/ruff check .
	AXBELT_REQUIRE_BROWSER=1 AXBELT_REQUIRE_DB=1 $(BIN)/python -m pytest

validate: $(VENV)/.runtime
	$(BIN)/python -m geo.validate $(DATA)

bench: $(VENV)/.dev
	$(BIN)/python -m geo.assets
	$(BIN)/python bench/boundaries.py
	$(BIN)/python bench/map.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/layers.py

clean:
	rm -rf $(VENV) static test-artifacts .pytest_cache
