# Two commands do all the set-up on a fresh machine (Python >= 3.11, pip, git, make):
#   make site   environment + content check + site build, then says where it is
#   make test   the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --no-input

.PHONY: site test test-content check build serve bench lint lock schema golden fuzz clean help
.DEFAULT_GOAL := help

help:
	@echo "make site   - instala, revisa y construye el sitio / install, check and build the site"
	@echo "make test   - todas las pruebas / the whole test suite"
	@echo "make serve  - sirve el sitio en la red local / serve the site on the local network"
	@echo "make bench  - mide velocidad y tamaño / measure speed and size"
	@echo "make lock   - regenera los archivos de bloqueo / regenerate the lock files"

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is needed")'
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python -m builder.core.environment
	touch $@

$(DEV_STAMP): requirements-dev.lock pyproject.toml | $(VENV)/bin/python
	$(PIP) install --require-hashes --no-deps -r requirements-dev.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python -m builder.core.environment
	touch $@ $(RUNTIME_STAMP)

check: $(RUNTIME_STAMP)
	$(BIN)/kb check

build: $(RUNTIME_STAMP)
	$(BIN)/kb build

site: $(RUNTIME_STAMP)
	$(BIN)/kb check
	$(BIN)/kb build

serve: $(RUNTIME_STAMP)
	$(BIN)/kb serve

test: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# What a content-only pull request can affect: the content's own checks, the site built
# from it (links, pages in a browser) and the searches over it. CI runs only these when
# .ci/changes says "content"; code changes run everything.
CONTENT_TESTS := tests/test_content.py tests/test_json_schema.py tests/test_links.py \
  tests/test_browser.py tests/test_browser_search.py tests/test_search_relevance.py \
  tests/test_search_worker.py tests/test_search_agreement.py tests/test_synonyms_check.py
test-content: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(CONTENT_TESTS)

# Regenerate the golden files of rendered pages; review the diff before committing.
golden: $(DEV_STAMP)
	KB_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

# A longer property-based run than the bounded one in `make test`.
fuzz: $(DEV_STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/test_fuzz.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check builder schema tests

# Sizes 100, 1,000 and 10,000: about 18 minutes on 2 cores. docs/benchmarks.md comes from
#   make bench BENCH_ARGS="--docs docs/benchmarks.md"
# Other options: --sizes 100,1000 --parts search,site,browser --work DIR --check (python -m bench -h)
bench: $(DEV_STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

schema: $(RUNTIME_STAMP)
	$(BIN)/kb schema

# Needs the network; pip-tools is used only here, so it is not in the lock.
lock:
	$(PYTHON) -m venv .cache/lockenv && .cache/lockenv/bin/pip install -q pip-tools
	.cache/lockenv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  -o requirements.lock pyproject.toml build-requirements.in
	.cache/lockenv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  --extra dev -o requirements-dev.lock pyproject.toml build-requirements.in

clean:
	rm -rf site .cache/kb
