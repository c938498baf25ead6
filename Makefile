# Two commands matter: `make run` (set up, load the sample corpus, serve) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
export SZKG_STORE ?= oxigraph:data/store

.PHONY: run test install install-dev system-deps ui-deps load serve bench docs docs-gen clean

run: install ui-deps load serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

install: $(STAMP)

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install-dev: $(DEVSTAMP)

# Debian packages the tests use: Chromium (browser tests), Virtuoso (a second real
# SPARQL server), a CJK font (charts). Skipped where already present or not root.
system-deps:
	@bash .ci/system-deps

ui-deps:
	@if [ -f package.json ]; then bash .ci/ui-deps; fi

# A rejected or unreadable article is reported and the rest is still served.
load: install
	$(BIN)/szkg load data/corpus || echo "make: some articles were not loaded (reasons above); serving the rest"

serve: install
	$(BIN)/szkg serve

test: install-dev system-deps ui-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && { echo "no tests collected"; exit 1; }; exit $$rc

bench: install-dev
	$(BIN)/szkg bench --quick

docs: install-dev
	$(BIN)/mkdocs build --strict

# Regenerate the generated parts of docs/ (tests/unit/test_docs.py fails while they are stale).
docs-gen: install-dev
	$(BIN)/python -m api.ontology_doc docs/ontology.html
	$(BIN)/cog -r $$(grep -l '\[\[\[cog' docs/*.md)

clean:
	rm -rf $(VENV) data/store node_modules
