# samizdat: `make pdf` and `make epub` build the book in BOOK (default: this folder).
# Every target calls the samizdat command. The outputs are real files with real
# prerequisites, so a second `make pdf` with nothing changed does nothing: which files a
# book is made of, and what its outputs are called, samizdat itself writes into
# build/.deps (as a compiler writes .d files), and make reads it from there.

BOOK    ?= .
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SAMIZDAT = $(BIN)/samizdat
DEPS    := $(BOOK)/build/.deps
TOOL    := $(wildcard src/samizdat/*.py src/samizdat/*/*.py styles/*.css)

.DEFAULT_GOAL := help
.PHONY: help all test check clean new watch preview bench $(SZ_FORMATS)

help: ## show this help
	@echo "samizdat: a typeset PDF and an EPUB 3 from one Markdown manuscript"
	@echo
	@$(PYTHON) src/samizdat/formats.py
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14 | sed 's/^/  make /'
	@echo
	@echo "  BOOK=path/to/book builds another book folder (outputs in its build/)"

# build/.deps is read only when a target needs the book's files (never for help or test).
ifneq ($(filter-out help test bench clean new,$(or $(MAKECMDGOALS),help)),)
-include $(DEPS)
endif

$(DEPS): $(STAMP)
	@$(SAMIZDAT) -q deps $(BOOK)

# One target per output format (pdf, epub, booklet, large-print: see `make help`).
define format_rules
$(1): $$(SZ_$(1))
$$(SZ_$(1)): $$(SZ_INPUTS) $$(TOOL) $$(STAMP)
	$$(SAMIZDAT) $(1) $$(BOOK)
endef
$(foreach format,$(SZ_FORMATS),$(eval $(call format_rules,$(format))))

# The EPUB's page list comes from the PDF's layout: samizdat pdf leaves a record of it beside
# the PDF (build/.<name>.pages.json), which samizdat epub reads; a current PDF keeps this quick.
$(SZ_epub): $(SZ_pdf)

all: $(STAMP) ## build both from one pandoc pass
	@$(MAKE) --no-print-directory -q $(SZ_pdf) $(SZ_epub) BOOK=$(BOOK) || $(SAMIZDAT) all $(BOOK)

check: $(SZ_pdf) $(SZ_epub) ## check both files: EPUBCheck, notes, parity, layout, accessibility
	$(SAMIZDAT) check $(BOOK)

new: $(STAMP) ## start a new handout: make new DIR=../my-handout
	@test -n "$(DIR)" || { echo "usage: make new DIR=path/to/new-book" >&2; exit 2; }
	$(SAMIZDAT) new $(DIR)

watch: $(STAMP) ## rebuild the PDF and the EPUB on every change (Ctrl-C stops)
	$(SAMIZDAT) watch $(BOOK)

preview: $(SZ_pdf) ## PNG images of the PDF's pages in build/preview/
	$(SAMIZDAT) preview $(BOOK)

bench: $(STAMP) ## benchmarks: handout vs the plain pandoc route, 10-400 pages, no-op make
	$(BIN)/python bench/handout.py
	$(BIN)/python bench/scale.py
	@bench/noop.sh

test: $(STAMP) ## lint and run the test suite
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
