# The README's two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# make serve: Streamlit processes behind nginx, and where nginx listens (loopback unless told).
WORKERS ?= 2
HOST ?= 127.0.0.1
SERVE_PORT ?= 8600
# The host name the room uses (make serve HOST=0.0.0.0 SERVER_NAME=axbelt.example.go.kr); any other is refused.
SERVER_NAME ?=

.PHONY: run serve test test-fast lint validate bench clean

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
	$(BIN)/python server.py --server.port $(PORT)

## Serve a meeting room: WORKERS Streamlit processes behind nginx on http://$(HOST):$(SERVE_PORT)
serve: $(VENV)/.runtime
	$(BIN)/python -m geo.assets
	$(BIN)/python deploy/serve.py --workers $(WORKERS) --host $(HOST) --port $(SERVE_PORT) $(foreach name,$(SERVER_NAME),--server-name $(name))

## Set up and run every test: lint, unit, app and browser tests (Chromium) and the store's (PostgreSQL + PostGIS)
test: $(VENV)/.dev
	bash scripts/ensure-test-deps
	$(BIN)/python -m geo.assets
	$(MAKE) lint
	AXBELT_REQUIRE_BROWSER=1 AXBELT_REQUIRE_DB=1 $(BIN)/python -m pytest

## Lint and every test but the browser's (tests/browser): the quick check while changing code
test-fast: $(VENV)/.dev
	$(BIN)/python -m geo.assets
	$(MAKE) lint
	$(BIN)/python -m pytest --ignore=tests/browser

## Style: ruff's formatter and linter, both as checks (`ruff format .` fixes the first)
lint: $(VENV)/.dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

validate: $(VENV)/.runtime
	$(BIN)/python -m geo.validate $(DATA)

## Print every benchmark's figures beside its targets (long: the room puts 20 and 50 sessions on each server)
bench: $(VENV)/.dev
	$(BIN)/python -m geo.assets
	$(BIN)/python bench/boundaries.py
	$(BIN)/python bench/map.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/load.py --rooms 20,50 --reruns 3
	$(BIN)/python bench/paint.py
	$(BIN)/python bench/layers.py
	$(BIN)/python bench/upload.py
	$(BIN)/python bench/year_step.py

clean:
	rm -rf $(VENV) static test-artifacts .pytest_cache
