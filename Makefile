# Two commands do everything: `make site` and `make test` (README; the manual's
# "Development" page has the rest).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Hashed locks (regenerate them with `make lock`): requirements.lock holds what the
# generator needs to run (`make site`); requirements-dev.lock holds the same pins plus the
# `dev` extra (`make test`, `make check`, `make lint`); requirements-mutation.lock the dev
# pins plus mutmut (`make mutation`). Every file pip installs from them must match a
# reviewed hash, and --no-deps means nothing unlisted comes along. setuptools is in each
# lock so the editable install builds with it instead of an unhashed download.
RUNTIME_LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
MUTATION_LOCK := requirements-mutation.lock
RUNTIME_STAMP := $(VENV)/.runtime-stamp
DEV_STAMP := $(VENV)/.dev-stamp
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes --no-deps

.PHONY: site test check deps dev-deps lint lock clean vendor chromium bench docs mutation

site: deps vendor
	$(BIN)/factcheck build --offline

# The whole suite, each test file on one of up to four pytest-xdist workers (one per CPU):
# a file's module fixtures are made once, and the browser suites of two files run side by
# side (10 min on 2 cores here, against 18-28 min in one process).
test: dev-deps vendor chromium
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

# The fast loop (about 40 s here, on 2 cores): the linters, then every test not marked
# slow or browser, shared by two pytest-xdist workers. Each step runs even when one before
# it failed (lint-imports too); the target fails if any did.
CHECK_PYTEST := -m "not slow and not browser" -n 2
check: dev-deps vendor
	@$(RUN_LINTERS); \
	echo '$(BIN)/python -m pytest $(CHECK_PYTEST)'; \
	$(BIN)/python -m pytest $(CHECK_PYTEST) || status=1; \
	exit $$status

deps: $(RUNTIME_STAMP)

dev-deps: $(DEV_STAMP)

$(RUNTIME_STAMP): pyproject.toml $(RUNTIME_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r $(RUNTIME_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) $(DEV_LOCK)
	$(PIP_INSTALL) -r $(DEV_LOCK)
	touch $@

# ruff (lint and format), mypy, and the stage contracts of pyproject.toml (import-linter).
LINTED := generator tests benchmarks scripts docs/hooks
LINTERS := "ruff check $(LINTED)" "ruff format --check $(LINTED)" mypy "lint-imports --no-logo"
RUN_LINTERS := status=0; for tool in $(LINTERS); do \
	echo "$(BIN)/$$tool"; $(BIN)/$$tool || status=1; done

lint: dev-deps
	@$(RUN_LINTERS); exit $$status

# pip-compile (pip-tools, in its own virtualenv under .cache/) resolves pyproject.toml
# through this machine's pip configuration, so the hashes cover every file of each pinned
# release on every index pip may pick from. Pins already in a lock are kept; to move one,
# edit or delete its lines first. The command line is written at the top of each lock.
LOCK_VENV := .cache/pip-tools
PIP_COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--all-build-deps --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip-tools==7.6.2
	$(PIP_COMPILE) --output-file=$(RUNTIME_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra=dev --constraint=$(RUNTIME_LOCK) --output-file=$(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra=dev --extra=mutation --constraint=$(DEV_LOCK) \
	  --output-file=$(MUTATION_LOCK) pyproject.toml

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

# --- benchmarks (benchmarks/, the manual's "Benchmarks"; not part of `make test`) ---------
# Times every stage at 100 to 10,000 synthetic claims and writes benchmarks/RESULTS.md;
# then search and validation at 10,000 copies of the shipped claims (benchmarks/scale.py).
bench: deps
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.scale

# --- the manual (docs/mkdocs.yml, pages in docs/manual/) -------------------------------------
# Built into build/manual/ by our own publisher, strictly; mkdocs-click (in the dev lock)
# generates the command reference from the click commands.
docs: dev-deps
	$(BIN)/python scripts/build_manual.py

# --- mutation testing (scripts/mutation.py; the manual's "Mutation testing" page) -----------
# mutmut over the anchoring, the corrections rule and the offline check, with the fast tests.
# MODULES: any of anchor, history, offline (default: all); ARGS: e.g. --again. mutmut is a
# maintainer's tool, in a third hashed lock (the dev lock's pins plus the `mutation` extra).
MODULES ?=
ARGS ?=
mutation: dev-deps vendor
	$(PIP_INSTALL) -r $(MUTATION_LOCK)
	$(BIN)/python scripts/mutation.py $(MODULES) $(ARGS)
