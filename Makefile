# Two commands do everything: `make site` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test deps lint clean

site: deps
	$(BIN)/factcheck build --offline

test: deps
	$(BIN)/python -m pytest

deps: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

lint: deps
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf build site dist .pytest_cache
