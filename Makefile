# Two commands do everything: `make site` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test deps lint clean vendor chromium bench

site: deps vendor
	$(BIN)/factcheck build --offline

test: deps vendor chromium
	$(BIN)/python -m pytest

deps: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

lint: deps
	$(BIN)/ruff check generator tests benchmarks scripts
	$(BIN)/ruff format --check generator tests benchmarks scripts
	$(BIN)/mypy

clean:
	rm -rf build site dist .pytest_cache

# --- publisher set-up (owned with generator/publish/offline.py) ---------------------------------
# The iframe-worker shim for search from file://, from the npm registry with its pinned
# integrity hash, into .cache/vendor/ (git-ignored). A no-op when already there.
vendor:
	$(PYTHON) scripts/vendor.py

# Debian's Chromium for tests/browser. Installed when missing and we are root; otherwise
# the browser tests skip with the reason (and fail when CI=true).
CHROMIUM := /usr/bin/chromium
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "make: installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  echo "make: $(CHROMIUM) is missing and we are not root: browser tests will be skipped" \
	       "(and fail under CI=true). Install it with: sudo apt-get install chromium" >&2; \
	fi

# --- benchmarks (benchmarks/, see README "Benchmarks"; not part of `make test`) ------------
# Times every stage at 100 to 10,000 synthetic claims and writes benchmarks/RESULTS.md.
bench: deps
	$(BIN)/python -m benchmarks.run

# --- the manual (owned with docs/ and scripts/build_manual.py; merge this block by hand) -------
# Builds docs/ (docs/mkdocs.yml, pages in docs/manual/) into build/manual/ with our own
# publisher, strictly. mkdocs-click, of the `dev` extra, generates the command reference:
# until the development lock carries it, it is installed here (no other package changes).
.PHONY: docs
MKDOCS_CLICK := mkdocs-click==0.9.0
docs: deps
	@$(BIN)/python -c "import mkdocs_click" 2>/dev/null || \
	  $(BIN)/python -m pip install --quiet --no-deps '$(MKDOCS_CLICK)'
	$(BIN)/python scripts/build_manual.py

# --- mutation testing (scripts/mutation.py; the manual's "Mutation testing" page) -----------
# mutmut over the anchoring, the corrections rule and the offline check, with the fast tests.
# MODULES: any of anchor, history, offline (default: all); ARGS: e.g. --again.
MUTMUT_VERSION ?= 3.8.1
MODULES ?=
ARGS ?=
.PHONY: mutation
mutation: deps vendor
	@$(BIN)/python -c "import mutmut" 2>/dev/null || \
	  $(BIN)/python -m pip install --quiet "mutmut==$(MUTMUT_VERSION)"
	$(BIN)/python scripts/mutation.py $(MODULES) $(ARGS)
