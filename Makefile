# The two commands: `make run` serves the platform, `make test` runs lint, types and tests.
# Only Python 3.11, Node/npm and make are needed on the machine; everything else is installed
# here: uv (pinned) into .tools/, Python packages from uv.lock into .venv/, front-end
# packages from package-lock.json into industry_brain/web/static/vendor/.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
VENDOR := industry_brain/web/static/vendor
# China map GeoJSON of echarts@4.9.0 (npm alias echarts-map-data), served by adcode.
MAP_JSON := node_modules/echarts-map-data/map/json

export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_COMPILE_BYTECODE := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy

.PHONY: run test install install-dev assets lint typecheck pytest system-deps bench clean

## Set up everything, prepare the data directory (and the demo cluster) on first run, serve.
run: install assets
	$(VENV)/bin/ib init
	$(VENV)/bin/ib demo --if-empty
	$(VENV)/bin/ib serve

## Set up with the dev tools, then lint, type-check and run the whole test suite.
test: install-dev assets lint typecheck pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy

# Two workers on the machine's two cores; a test file's tests share a worker (and its fixtures).
pytest:
	$(VENV)/bin/pytest -n auto --dist loadfile

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --no-dev --inexact

install-dev: $(UV)
	$(UV) sync --frozen

assets: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/
	mkdir -p $(VENDOR)/maps/province
	cp $(MAP_JSON)/china.json $(MAP_JSON)/china-cities.json $(VENDOR)/maps/
	cp $(MAP_JSON)/province/*.json $(VENDOR)/maps/province/
	touch $@

## Debian packages for browser tests and Chinese fonts (run as root; CI does this itself).
system-deps:
	bash scripts/system-deps.sh

## Benchmarks: print figures to record in docs/BENCHMARKS.md.
bench: install-dev
	bash scripts/system-deps.sh bench
	bash bench/run_all.sh

clean:
	rm -rf $(VENV) $(TOOLS) node_modules $(VENDOR)
