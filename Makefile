# The single entry point. `make site` and `make test` set everything up on a fresh machine.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
MKDOCS  := $(VENV)/bin/mkdocs
STAMP   := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
# MkDocs stamps the sitemap with the build time; the last commit's time keeps two builds of one
# commit byte-identical (1498176000, the article's date, outside a git checkout).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1498176000)

.PHONY: site serve test test-fast lint golden offline bench clean browser-deps

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## site: build docs/ from source/, then the static site into site/ (strict: any warning fails);
## one command runs both steps, the build script beside MkDocs loading (the same as `python -m build_scripts build && mkdocs build --strict`)
site: $(STAMP)
	$(PY) -m build_scripts site

## serve: live preview on http://127.0.0.1:8000 that rebuilds when source/ changes
## (another port: make serve PORT=8001; another address: make serve DEV_ADDR=0.0.0.0:8000)
PORT     ?= 8000
DEV_ADDR ?= 127.0.0.1:$(PORT)
serve: site
	$(MKDOCS) serve --strict --dev-addr $(DEV_ADDR)

## bench-preview: save-to-served time of a sentence edit in the preview; rewrites its section of BENCHMARKS.md
.PHONY: bench-preview
bench-preview: $(STAMP)
	$(PY) -m build_scripts.bench_preview

## offline: a copy of the site that works from disk, zipped: dist/$(OFFLINE_NAME).zip
OFFLINE_NAME := pingan-zhejiang-offline
offline: $(STAMP)
	OFFLINE=true $(PY) -m build_scripts site --site-dir dist/$(OFFLINE_NAME)
	$(PY) -m build_scripts zip dist/$(OFFLINE_NAME) dist/$(OFFLINE_NAME).zip

## bench: build cost as the corpus grows and what a reader downloads, against plain mkdocs-material; rewrites BENCHMARKS.md
bench: $(STAMP)
	$(PY) -m build_scripts.bench

## browser-deps: Debian's Chromium and a CJK font for the browser tests (never a downloaded browser)
browser-deps:
	@test -x $(CHROMIUM) && fc-list :lang=zh | grep -q . || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }

## node_modules: axe-core (pinned in package-lock.json) for the accessibility test
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## test: every test, browser tests included
test: $(STAMP) browser-deps $(NODE_STAMP)
	$(PY) -m pytest

## test-fast: unit tests only
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check build_scripts tests
	$(VENV)/bin/ruff format --check build_scripts tests
	$(VENV)/bin/mypy

## golden: regenerate the golden pages of the fixture site after an intended change
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_golden.py -q

clean:
	rm -rf site dist test-output node_modules
