# samizdat: `make pdf` and `make epub` build the book in BOOK (default: this folder).
# Every target calls the samizdat command; the outputs are real files with real
# prerequisites, so a second `make pdf` with nothing changed does nothing.

BOOK    ?= .
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SAMIZDAT = $(BIN)/samizdat

# build/<output>.pdf, with <output> read from metadata.yaml (or the title, as samizdat does)
OUTPUT := $(shell sed -n 's/^output:[[:space:]]*//p' $(BOOK)/metadata.yaml 2>/dev/null \
            | sed "s/[\"' ]//g; s/\#.*//")
ifeq ($(strip $(OUTPUT)),)
OUTPUT := $(shell sed -n 's/^title:[[:space:]]*//p' $(BOOK)/metadata.yaml 2>/dev/null \
            | tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9]\{1,\}/-/g' -e 's/^-//' -e 's/-$$//')
endif
PDF     := $(BOOK)/build/$(OUTPUT).pdf
EPUB    := $(BOOK)/build/$(OUTPUT).epub
BOOKLET := $(BOOK)/build/$(OUTPUT)-booklet.pdf
LARGE   := $(BOOK)/build/$(OUTPUT)-large-print.pdf
HTML    := $(BOOK)/build/$(OUTPUT).html
BROWSER := $(VENV)/.browser
AXE     := $(VENV)/axe/node_modules/axe-core/axe.min.js

SOURCES := $(BOOK)/metadata.yaml $(wildcard $(BOOK)/manuscript/*.md $(BOOK)/manuscript/*.yaml \
             $(BOOK)/manuscript/images/* $(BOOK)/styles/*.css) \
           $(wildcard src/samizdat/*.py src/samizdat/web/*.py styles/*.css) $(STAMP)

.DEFAULT_GOAL := help
.PHONY: help pdf epub all test check clean new watch preview bench booklet large-print html \
        serve browser

help: ## show this help
	@echo "samizdat: a typeset PDF and an EPUB 3 from one Markdown manuscript"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14 | sed 's/^/  make /'
	@echo
	@echo "  BOOK=path/to/book builds another book folder (outputs in its build/)"

pdf: $(PDF) ## build build/<name>.pdf
epub: $(EPUB) ## build build/<name>.epub

booklet: $(BOOKLET) ## build/<name>-booklet.pdf: A5 pages imposed two-up for folding
large-print: $(LARGE) ## build/<name>-large-print.pdf: the handout at 18 pt
html: $(HTML) ## build/<name>.html: the web page, one self-contained file

all: $(STAMP) ## build both from one pandoc pass (the EPUB gets the PDF's page numbers)
	@$(MAKE) --no-print-directory -q $(PDF) $(EPUB) BOOK=$(BOOK) || $(SAMIZDAT) all $(BOOK)

$(PDF): $(SOURCES)
	$(SAMIZDAT) pdf $(BOOK)

$(EPUB): $(SOURCES)
	$(SAMIZDAT) epub $(BOOK)

$(BOOKLET): $(SOURCES)
	$(SAMIZDAT) booklet $(BOOK)

$(LARGE): $(SOURCES)
	$(SAMIZDAT) pdf --large-print $(BOOK)

$(HTML): $(SOURCES)
	$(SAMIZDAT) html $(BOOK)

check: $(PDF) $(EPUB) ## check both files: EPUBCheck, notes, parity, layout, accessibility
	$(SAMIZDAT) check $(BOOK)

new: $(STAMP) ## start a new handout: make new DIR=../my-handout
	@test -n "$(DIR)" || { echo "usage: make new DIR=path/to/new-book" >&2; exit 2; }
	$(SAMIZDAT) new $(DIR)

watch: $(STAMP) ## rebuild the PDF and the EPUB on every change (Ctrl-C stops)
	$(SAMIZDAT) watch $(BOOK)

serve: $(STAMP) ## the web page on 127.0.0.1, reloaded on every save; PDF and EPUB behind
	$(SAMIZDAT) serve $(BOOK)

preview: $(PDF) $(HTML) $(BROWSER) ## PNG images of the PDF's pages and the web page in build/preview/
	$(SAMIZDAT) preview $(BOOK)

bench: $(STAMP) ## benchmarks: handout vs the plain pandoc route, 10-400 pages, no-op make
	$(BIN)/python bench/handout.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/serve.py
	@bench/noop.sh

test: $(STAMP) $(BROWSER) ## lint and run the test suite
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

clean: ## remove the built files of BOOK
	rm -rf $(BOOK)/build

# The first run creates the virtual environment and installs samizdat into it.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "samizdat: python3 -m venv failed; installing python3-venv" >&2; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --quiet -e '.[dev]'
	@# HarfBuzz's subsetter makes WeasyPrint's font subsets faster; fontTools is the fallback.
	@ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || \
	  (apt-get install -y -qq libharfbuzz-subset0 || \
	   (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0)) >/dev/null 2>&1 || \
	  echo "samizdat: libharfbuzz-subset0 is not installed; fonts are subset with fontTools" \
	       "(slower, same output)" >&2
	@touch $@

# The web page's tests run it in Chromium and check it with axe-core; make preview takes its
# screenshots with Chromium. Debian's chromium and chromium-driver, axe-core from npm.
# Without them (no apt-get, not root) the stamp is not made and the browser tests fail, saying so.
browser: $(BROWSER) ## Chromium, its driver and axe-core, for the web page's tests and previews

$(BROWSER): $(STAMP)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "samizdat: installing chromium and chromium-driver (Debian packages)" >&2; \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver) >/dev/null || \
	  echo "samizdat: could not install chromium and chromium-driver with apt-get" \
	       "(it needs root on Debian); the web page's browser tests will fail" >&2; fi
	@test -f $(AXE) || { command -v npm >/dev/null || \
	  (apt-get install -y -qq npm || (apt-get update -qq && apt-get install -y -qq npm)) \
	  >/dev/null 2>&1; mkdir -p $(VENV)/axe && \
	  npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4; } || \
	  echo "samizdat: could not install axe-core with npm; the accessibility tests will fail" >&2
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && test -f $(AXE) \
	  && touch $@ || true
