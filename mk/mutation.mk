# --- mutation testing (docs/mutation-testing.md; not part of `make test` or `make check`) ---
# Included by the Makefile (`include mk/mutation.mk`). mutmut is a measuring tool, not a
# dependency: it is not in requirements.lock and is installed into the venv on first use.
# `make mutation` runs all three modules; `make mutation MODULES=anchor` one of them;
# `make mutation MODULES=anchor ARGS=--again` only the last run's survivors.
MUTMUT_VERSION ?= 3.8.1
MODULES ?=
ARGS ?=

.PHONY: mutation
mutation: deps vendor
	@$(BIN)/python -c "import mutmut" 2>/dev/null || \
	  $(BIN)/python -m pip install --quiet "mutmut==$(MUTMUT_VERSION)"
	$(BIN)/python scripts/mutation.py $(MODULES) $(ARGS)
