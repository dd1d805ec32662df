# Two commands do everything on a fresh clone: `make serve` and `make test`.
# Each target sets up .venv first (once; again only when the pinned dependencies change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ADDR   ?= 127.0.0.1:8000

# mkdocs-material prints a long notice about MkDocs 2 on every build; the project pins mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

# This clone's own settings, set once in local.mk (git-ignored), such as the folder of the four
# MNIST files on a machine with no internet:
#     NNBOOK_DATA_DIR = /path/to/mnist
# Every target passes on the NNBOOK_* variables and XDG_CACHE_HOME set there, in the environment
# or on the command line (which wins over local.mk, and local.mk over the environment).
-include local.mk
export $(filter NNBOOK_% XDG_CACHE_HOME,$(.VARIABLES))

# The test suites run on every core, at most four (pytest-xdist): each worker loads MNIST, and four
# already keep a 2-core machine busy while one waits on Chromium or on a network being trained.
WORKERS := --numprocesses auto --maxprocesses 4

.PHONY: help venv data serve build test unit codeblocks site browser bench robust lock clean chapter page
.PHONY: offline pdf take-along-check

help:
	@echo "make serve   set up, fetch MNIST, train, draw figures, serve the book on http://$(ADDR)"
	@echo "make test    unit tests, a strict site build, every code block in docs/, browser tests"
	@echo "make build   write the static site to site/"
	@echo "make bench   time training and write bench/results.json"
	@echo "make robust  check the book's claims under other BLAS kernels and seeds (retrains; minutes)"
	@echo "make offline write dist/nnbook-offline.zip, the website that works from file://"
	@echo "make pdf     write dist/nnbook.pdf, the whole book as one PDF"
	@echo "make take-along-check  make both and check them as a reader gets them (a few minutes)"
	@echo "make chapter NAME=<slug> TITLE=\"<title>\"  a new chapter at the end, in every list of the book"
	@echo "make page PAGE=<slug>  check one page as make test and make robust would, quickly"

$(STAMP): requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

venv: $(STAMP)

# Finds MNIST (NNBOOK_DATA_DIR or the cache) or downloads it, and verifies it.
data: $(STAMP)
	$(BIN)/python -m nnbook data

serve: data
	$(BIN)/mkdocs serve --strict -a $(ADDR)

build: data
	$(BIN)/mkdocs build --strict

unit: data
	$(BIN)/pytest tests -m "not browser" $(WORKERS)

codeblocks: data
	$(BIN)/pytest --codeblocks docs README.md CONTRIBUTING.md templates $(WORKERS)

site: build

# axe-core, which the browser tests inject into every page, pinned in package-lock.json. npm ci
# writes the package's files with their packed dates, so the stamp is touched after it.
AXE := node_modules/axe-core/axe.min.js

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

browser: build $(AXE)
	$(BIN)/pytest tests -m "browser and not take_along" $(WORKERS)

# The build before the code blocks: on a fresh machine it trains the networks the chapters load
# side by side (nnbook/site/parallel.py), and the code blocks then find them in the cache.
test: unit build codeblocks browser

# The benchmark times the built site's "Train it yourself" page too (bench/learn.py).
bench: build
	$(BIN)/python -m bench.run

# Not part of `make test`: retrains the book's networks under other OpenBLAS kernels and seeds and
# writes bench/robust.md. Run it whenever you change a claim, a recipe or the training code.
# ROBUST="--keep" keeps each configuration's output; .venv/bin/python -m bench.robust --help.
robust: data
	$(BIN)/python -m bench.robust $(ROBUST)

# A new chapter's page, figures module and tests, and its entries in nav:, the home page's list and
# README.md's table (tools/chapter.py). ABOUT="<what it teaches>" adds a line to the home page's.
chapter: $(STAMP)
	$(BIN)/python -m tools.chapter "$(NAME)" "$(TITLE)" "$(ABOUT)"

# One page checked as CI and make robust would check it, in a minute or two: its code blocks, its
# figures' tests and the book's conventions (tests/test_contributing.py and the figure checks of
# tests/test_site.py, all quick), a strict build (the other pages come from the build cache), its
# browser checks on a laptop and a phone, and its claims under the other kernels and seeds of
# make robust, which trains only the networks the page uses and keeps them for the next time.
PAGE_SITE_TESTS := test_figures_in_docs_and_book_figures_match test_every_image_has_alt_text \
	test_every_python_fence_is_run_by_pytest_codeblocks

page: data $(AXE)
	@test -n "$(PAGE)" -a -f "docs/$(PAGE).md" || \
		{ echo "make page: PAGE=$(PAGE) is not a page: give a slug of docs/, such as PAGE=gradient-descent"; exit 2; }
	$(BIN)/pytest --codeblocks docs/$(PAGE).md $(wildcard tests/test_figures_$(subst -,_,$(PAGE)).py) \
		tests/test_contributing.py $(addprefix tests/test_site.py::,$(PAGE_SITE_TESTS))
	$(BIN)/mkdocs build --strict
	$(BIN)/pytest tests/test_browser.py -k "test_page_reads_well and [$(PAGE)/-"
	$(BIN)/python -m bench.robust --pages docs/$(PAGE).md --no-unit-tests

# Re-resolves the newest allowed versions into requirements.lock (needs the package registry).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[docs,test]'
	{ echo "# Pinned dependencies for the book's tools (docs, tests, runtime). Regenerate with 'make lock'."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site build dist .pytest_cache

# The book to take along (nnbook/site/take_along.py), each its own build into build/, so that
# `make build` stays as it was: the offline copy, the website built to work from file:// (Material's
# offline plugin and nnbook/site/offline.py), zipped; and the PDF, every page of the nav on one
# page (the print-site plugin) printed by Chromium (nnbook/site/pdf.py). Both go to dist/; the next
# `make build` links them from the home page. The Pages workflow makes both, then the website.
# The offline copy's search needs iframe-worker (package.json), which `npm ci` installs with axe-core.
IFRAME_WORKER := node_modules/iframe-worker/shim/index.js

$(IFRAME_WORKER): $(AXE)
	test -f $@ || npm ci --no-audit --no-fund

offline: data $(IFRAME_WORKER)
	NNBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir build/offline
	$(BIN)/python -m nnbook.site.offline build/offline dist/nnbook-offline.zip

pdf: data
	NNBOOK_PRINT=true $(BIN)/mkdocs build --strict --site-dir build/print
	$(BIN)/python -m nnbook.site.pdf build/print/print_page/index.html dist/nnbook.pdf

# Not part of `make test` (it builds the book twice more): the offline copy unzipped and opened
# from file:// in Chromium, the PDF read back with poppler's pdftotext (tests/test_take_along.py).
take-along-check: offline pdf $(AXE)
	$(BIN)/pytest tests/test_take_along.py -m take_along $(WORKERS)
