# quizgen: `make serve` to preview the site, `make test` to run every test.
# The first run of either creates .venv and installs quizgen into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000
# `make test` and `make test-fast` spread the tests over pytest-xdist workers, one more than
# the cores (a browser test spends part of its time waiting for Chromium, and the spare worker
# fills it: 529 s -> 465 s on two cores), the tests of one file on one worker (its module
# fixtures are built once). Their commands run in forks of a warm Python (tests/forkserver.py;
# QG_FORKSERVER=0 for a new interpreter each). `make test XDIST=` runs them in one process;
# `python -m pytest tests/test_x.py` is serial unless given -n.
XDIST  ?= -n $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 ))) --dist loadscope
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site site-properdocs site-zensical test test-fast lint bench sheets system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "quizgen needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || $(MAKE) --no-print-directory venv-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

# Debian ships venv separately from Python.
.PHONY: venv-deps
venv-deps:
	@if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv; \
	else echo "Python's venv module is missing. Run: sudo apt-get install -y python3-venv"; exit 1; fi

## Preview the site with live reload on http://$(HOST)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST)

## Build the static site into site/ (fails on any problem)
site: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

## The same site built with ProperDocs, or with Zensical, which needs the pages written into docs/ first
site-properdocs: $(STAMP)
	$(BIN)/properdocs build --strict -f mkdocs.yml --site-dir site

site-zensical: $(STAMP)
	$(BIN)/quizgen pages
	$(BIN)/zensical build --strict

## Every test: unit, site builds, browser (Chromium) and PDF checks
test: $(STAMP) system-deps
	$(BIN)/quizgen validate
	$(BIN)/python -m pytest $(XDIST)

## Tests that need no browser
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -m "not browser"

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ruff mypy types-PyYAML types-jsonschema
	$(BIN)/ruff check quizgen tests bench
	$(BIN)/mypy

## Benchmarks (not part of `make test`): writes bench/results.json and bench/RESULTS.md
bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py

## Printable PDFs of every study sheet, answer key, the article and the glossary into out/
sheets: $(STAMP) system-deps
	$(BIN)/quizgen sheets --pdf out

## Chromium and poppler-utils, which the browser and PDF tests drive; and, where the system
## packages it, Chromium's headless shell, which the browser tests run faster in
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing ..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "The tests need$$missing. Install them with:"; \
	    echo "    sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi; \
	if ! command -v chromium-headless-shell >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	    apt-cache show chromium-headless-shell >/dev/null 2>&1; then \
	  echo "Installing chromium-headless-shell ..."; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium-headless-shell || \
	    echo "chromium-headless-shell did not install; the browser tests use chromium"; \
	fi

clean:
	rm -rf site out .pytest_cache .hypothesis test-results
