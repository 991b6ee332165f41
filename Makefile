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
TOOL    := $(wildcard src/samizdat/*.py src/samizdat/*/*.py src/samizdat/*/*.lua styles/*.css)
BROWSER := $(VENV)/.browser
AXE     := $(VENV)/axe/node_modules/axe-core/axe.min.js

.DEFAULT_GOAL := help
.PHONY: help all teacher reader reader-teacher test check clean new import watch serve preview bench browser $(SZ_FORMATS)

help: ## show this help
	@echo "samizdat: a typeset PDF and an EPUB 3 from one Markdown manuscript"
	@echo
	@$(PYTHON) src/samizdat/build/formats.py
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | \
	  awk -F '\t' '{ printf "  make %-16s%s\n", $$1, $$2 }'
	@echo
	@echo "  BOOK=path/to/book builds another book folder (outputs in its build/)"

# build/.deps is read only when a target needs the book's files (never for help or test).
ifneq ($(filter-out help test bench clean new import reader reader-teacher,$(or $(MAKECMDGOALS),help)),)
-include $(DEPS)
endif

# With broken metadata samizdat deps writes nothing (a failed build leaves build/ as it
# was) and the build run below says what is wrong, so its messages are not printed twice.
$(DEPS): $(STAMP)
	@$(SAMIZDAT) -q deps $(BOOK) 2>/dev/null || true

# No build/.deps (the metadata is broken): each format target runs samizdat, which reports.
ifeq ($(SZ_FORMATS),)
FORMAT_NAMES = $(shell $(PYTHON) src/samizdat/build/formats.py names)
.PHONY: $(FORMAT_NAMES)
$(FORMAT_NAMES): $(STAMP)
	$(SAMIZDAT) $@ $(BOOK)
teacher: $(STAMP)
	$(SAMIZDAT) teacher $(BOOK)
endif

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

# The teacher's edition: its three files made together by one command (a grouped target),
# from a pandoc pass of its own (its notes are numbered with the teacher's blocks in).
teacher: $(SZ_teacher) ## the teacher's edition: build/<name>-teacher.pdf, .epub and .html
$(SZ_teacher) &: $(SZ_INPUTS) $(TOOL) $(STAMP)
	$(SAMIZDAT) teacher $(BOOK)

check: $(SZ_pdf) $(SZ_epub) ## check both files: EPUBCheck, notes, parity, layout, accessibility
	$(SAMIZDAT) check $(BOOK)

# A course reader: COURSE is a folder with course.yaml. samizdat reader writes
# build/.reader.deps (the files of every handout) beside its outputs, so a second
# `make reader` with nothing changed does nothing; without it, samizdat reader runs and reports.
COURSE  ?= .
READER_DEPS := $(COURSE)/build/.reader.deps
ifneq ($(filter reader reader-teacher,$(MAKECMDGOALS)),)
-include $(READER_DEPS)
endif
ifeq ($(SZ_READER),)
reader: $(STAMP) ## a course reader and site: make reader COURSE=path/to/course
	$(SAMIZDAT) reader $(COURSE)
reader-teacher: $(STAMP) ## the course reader in the teacher's edition
	$(SAMIZDAT) reader --teacher $(COURSE)
else
reader: $(SZ_READER)
$(SZ_READER) &: $(SZ_READER_INPUTS) $(TOOL) $(STAMP)
	$(SAMIZDAT) reader $(COURSE)
reader-teacher: $(SZ_READER_TEACHER)
$(SZ_READER_TEACHER) &: $(SZ_READER_INPUTS) $(TOOL) $(STAMP)
	$(SAMIZDAT) reader --teacher $(COURSE)
endif

new: $(STAMP) ## start a new handout: make new DIR=../my-handout
	@test -n "$(DIR)" || { echo "usage: make new DIR=path/to/new-book" >&2; exit 2; }
	$(SAMIZDAT) new $(DIR)

import: $(STAMP) ## a book from a Word or LibreOffice file: make import FILE=handout.docx DIR=../handout
	@test -n "$(FILE)" -a -n "$(DIR)" || { echo "usage: make import FILE=handout.docx DIR=path/to/new-book" >&2; exit 2; }
	$(SAMIZDAT) import $(FILE) $(DIR)

watch: $(STAMP) ## rebuild the PDF and the EPUB on every change (Ctrl-C stops)
	$(SAMIZDAT) watch $(BOOK)

serve: $(STAMP) ## the web page on 127.0.0.1, reloaded on every save; PDF and EPUB behind
	$(SAMIZDAT) serve $(BOOK)

preview: $(SZ_pdf) $(SZ_html) $(BROWSER) ## PNG images of the PDF's pages and the web page in build/preview/
	$(SAMIZDAT) preview $(BOOK)

bench: $(STAMP) ## benchmarks: handout vs the plain pandoc route, 10-400 pages, no-op make
	$(BIN)/python bench/handout.py
	$(BIN)/python bench/linebreak.py 3
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/reader.py
	$(BIN)/python bench/formulas.py
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
