# Two commands do everything on a fresh clone: `make serve` and `make test`.
# Each target sets up .venv first (once; again only when the pinned dependencies change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ADDR   ?= 127.0.0.1:8000

# mkdocs-material prints a long notice about MkDocs 2 on every build; the project pins mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

# The test suites run on every core, at most four (pytest-xdist): each worker loads MNIST, and four
# already keep a 2-core machine busy while one waits on Chromium or on a network being trained.
WORKERS := --numprocesses auto --maxprocesses 4

.PHONY: help venv data serve build test unit codeblocks site browser bench robust lock clean

help:
	@echo "make serve   set up, fetch MNIST, train, draw figures, serve the book on http://$(ADDR)"
	@echo "make test    unit tests, a strict site build, every code block in docs/, browser tests"
	@echo "make build   write the static site to site/"
	@echo "make bench   time training and write bench/results.json"
	@echo "make robust  check the book's claims under other BLAS kernels and seeds (retrains; minutes)"

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
	$(BIN)/pytest tests -m browser $(WORKERS)

# The build before the code blocks: on a fresh machine it trains the networks the chapters load
# side by side (nnbook/site/parallel.py), and the code blocks then find them in the cache.
test: unit build codeblocks browser

# The benchmark times the built site's "Train it yourself" page too (bench/learn.py).
bench: build
	$(BIN)/python -m bench.run

# Not part of `make test`: retrains the book's networks under other OpenBLAS kernels and seeds and
# writes bench/robust.md. Run it whenever you change a claim, a recipe or the training code.
robust: data
	$(BIN)/python -m bench.robust

# Re-resolves the newest allowed versions into requirements.lock (needs the package registry).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[docs,test]'
	{ echo "# Pinned dependencies for the book's tools (docs, tests, runtime). Regenerate with 'make lock'."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site .pytest_cache
