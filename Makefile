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

.PHONY: site serve test test-fast lint golden offline bench clean browser-deps lock

# The environment: every package at the version and hash requirements.lock pins (pip and the build
# backend included), then the project itself, editable, so that `reading-edition` runs this checkout.
# One line per step, so a first run is not a silent minute; the editable install's own output (the
# build backend's notices, which a user cannot act on) is kept in a log and shown only if it fails.
LOCK := requirements.lock
$(STAMP): $(LOCK) pyproject.toml
	@start=$$(date +%s); \
	echo "Setting up $(VENV) (the first time only; about 1-2 minutes):"; \
	echo "  1/3 a Python environment ($(PYTHON) -m venv $(VENV))"; \
	$(PYTHON) -m venv $(VENV) || exit 1; \
	echo "  2/3 the packages $(LOCK) pins, by version and hash: $$(grep -c "^[A-Za-z0-9].*==" $(LOCK))"; \
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK) || exit 1; \
	echo "  3/3 this project, editable (log: $(VENV)/install.log)"; \
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable . \
	  >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log >&2; exit 1; }; \
	touch $@; \
	echo "Set up in $$(( $$(date +%s) - start )) s."

## lock: after changing requirements.txt or requirements-dev.txt, pin every package they need into
## requirements.lock, with hashes (versions already pinned there are kept: make lock UPGRADE=1 lifts them)
lock: $(STAMP)
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links $(if $(UPGRADE),--upgrade) --output-file $(LOCK) requirements-dev.txt

## site: build docs/ from source/, then the static site into site/ (strict: any warning fails);
## one command runs both steps, the build script beside MkDocs loading (the same as `python -m build_scripts build && mkdocs build --strict`)
## (ENGINE=zensical: the same docs/ published by Zensical instead, python -m build_scripts.zensical.site)
ENGINE ?= mkdocs
site: $(STAMP)
ifeq ($(ENGINE),zensical)
	$(PY) -m build_scripts.zensical.site
else
	$(PY) -m build_scripts site
endif

## serve: live preview on http://127.0.0.1:8000 that rebuilds when source/ changes
## (another port: make serve PORT=8001; another address: make serve DEV_ADDR=0.0.0.0:8000)
## (ENGINE=zensical: built as `make site ENGINE=zensical` does, served, rebuilt on a save: python -m build_scripts.zensical.serve)
PORT     ?= 8000
DEV_ADDR ?= 127.0.0.1:$(PORT)
# A busy port is said in one line before anything is built (the preview says the same if the
# port is taken meanwhile); then what `make site` does, then the preview.
serve: $(STAMP)
	@$(PY) -m build_scripts.publish.serve $(DEV_ADDR)
ifeq ($(ENGINE),zensical)
	$(PY) -m build_scripts.zensical.serve $(DEV_ADDR)
else
	$(PY) -m build_scripts site
	$(MKDOCS) serve --strict --dev-addr $(DEV_ADDR)
endif

## bench-preview: save-to-served time of a sentence edit in the preview; rewrites its section of BENCHMARKS.md
.PHONY: bench-preview
bench-preview: $(STAMP)
	$(PY) -m benchmarks.preview

## offline: a copy of the site that works from disk, zipped: dist/$(OFFLINE_NAME).zip
## (ENGINE=zensical: published by Zensical, python -m build_scripts.zensical.site --site-dir …)
OFFLINE_NAME := pingan-zhejiang-offline
offline: $(STAMP)
ifeq ($(ENGINE),zensical)
	OFFLINE=true $(PY) -m build_scripts.zensical.site --site-dir dist/$(OFFLINE_NAME)
else
	OFFLINE=true $(PY) -m build_scripts site --site-dir dist/$(OFFLINE_NAME)
endif
	$(PY) -m build_scripts zip dist/$(OFFLINE_NAME) dist/$(OFFLINE_NAME).zip

## pdf: each article printed to dist/<slug>.pdf: title page, sections, notes and definitions as footnotes, glossary
## appendix, page numbers (LANG=en: the English translation, dist/<slug>.en.pdf; LANG=both: each paragraph
## with its translation, dist/<slug>.zh-en.pdf)
# LANG from the command line only: in the environment it is the locale (C.UTF-8), not a choice
PDF_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),zh)
.PHONY: pdf
pdf: site
	$(PY) -m build_scripts pdf --lang $(PDF_LANG)

## epub: each article as an e-book, dist/<slug>.epub (EPUB 3: sections with their translation and notes, glossary),
## for a phone's reader app, offline
.PHONY: epub
epub: site
	$(PY) -m build_scripts epub

## bench: build cost as the corpus grows and what a reader downloads, against plain mkdocs-material; rewrites BENCHMARKS.md
bench: $(STAMP)
	$(PY) -m benchmarks.bench

## bench-growth: make site against plain mkdocs-material on the real article (paired ratios), and growth from 1 to
## 1,000 articles extrapolated to 10,000; rewrites its section of BENCHMARKS.md
.PHONY: bench-growth
bench-growth: $(STAMP)
	$(PY) -m benchmarks.growth

## bench-sizes: the offline copy and the search index against plain mkdocs-material; rewrites its section of BENCHMARKS.md
.PHONY: bench-sizes
bench-sizes: $(STAMP)
	$(PY) -m benchmarks.sizes

## bench-search: hit@1 and hit@3 of the search's query table on MkDocs and on Zensical, in Chromium; rewrites its section of BENCHMARKS.md
.PHONY: bench-search
bench-search: $(STAMP) browser-deps
	$(PY) -m benchmarks.search

## bench-engines: MkDocs against Zensical on the same docs/ at 1, 10 and 100 articles; rewrites its section of BENCHMARKS.md
.PHONY: bench-engines
bench-engines: $(STAMP)
	$(PY) -m benchmarks.engines

# Editing: each target runs `python -m build_scripts …` with the project's Python ($(PY)), set up
# first if needed, so an editor never calls .venv by hand (`make help` lists them).
.PHONY: check build import suggest-terms pre-commit help changes

## check: validate source/ and report, writing nothing; warnings fail, as in CI (python -m build_scripts check --strict)
check: $(STAMP)
	$(PY) -m build_scripts check --strict

## build: validate source/ and write docs/ (python -m build_scripts build); FORCE=1 overwrites pages edited by hand, keeping backups
build: $(STAMP)
	$(PY) -m build_scripts build $(if $(FORCE),--force)

## import: draft an edition from a raw article: make import RAW=path/to/file.txt SLUG=my-slug
##   (SLUG defaults to the title in pinyin; an existing edition is never overwritten; KEEP_LOWER="app ai" silences those words)
import: $(STAMP)
	@test -n "$(RAW)" || { echo "make import: which raw file? make import RAW=path/to/file.txt SLUG=my-slug" >&2; exit 2; }
	$(PY) -m build_scripts import "$(RAW)" $(if $(SLUG),--slug "$(SLUG)") \
	  $(foreach word,$(KEEP_LOWER),--keep-lower "$(word)")

## suggest-terms: frequent words and phrases not yet in source/glossary.yaml
suggest-terms: $(STAMP)
	$(PY) -m build_scripts suggest-terms

## pre-commit: from now on, `git commit` runs `make check` when source/ changes, ruff and mypy (.pre-commit-config.yaml)
pre-commit: $(STAMP)
	$(VENV)/bin/pre-commit install

## help: this list
help:
	@echo "make TARGET, from the project's folder (the first run sets up .venv):"
	@awk -v offline=$(OFFLINE_NAME) '{ gsub(/\$$\(OFFLINE_NAME\)/, offline) } \
	  /^## [a-z-]+:/ { sub(/^## /, ""); i = index($$0, ":"); \
	  printf "  make %-14s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2); next } \
	  /^## / { sub(/^## +/, ""); printf "  %-19s %s\n", "", $$0 }' $(firstword $(MAKEFILE_LIST))

## changes: what source/ changes since BASE, a Markdown report for reviewers: make changes BASE=origin/main
## (HEAD=commit to compare instead of the working tree; OUTPUT=file instead of standard output)
# Not echoed (@): `make changes > file` puts the report, and only it, into the file.
BASE ?= origin/main
changes: $(STAMP)
	@$(PY) -m build_scripts changes "$(BASE)" $(if $(HEAD),"$(HEAD)") $(if $(OUTPUT),--output "$(OUTPUT)")

## browser-deps: Debian's Chromium and a CJK font for the browser tests (never a downloaded browser)
browser-deps:
	@test -x $(CHROMIUM) && fc-list :lang=zh | grep -q . || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }
	@command -v npm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }

# node_modules: axe-core (pinned in package-lock.json) for the accessibility test
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# pytest-xdist: a test file's tests on one worker (they share its module-scoped sites); the session's
# sites are built once for all workers (tests/support/sites.py, shared). The unit tests keep one
# worker per CPU busy; `make test` runs one worker more than CPUs, as its browser and preview tests
# spend part of their time waiting on Chromium, a server or a build in another process (on 2 CPUs:
# 485 s with 2 workers, 454 s with 3). PYTEST_JOBS=N sets the workers of both.
# Bytecode kept even where the shell sets PYTHONDONTWRITEBYTECODE: without its cache pytest parses and
# rewrites the assertions of every test module in every worker at every run (3-4 s a worker on two
# CPUs, more under load); __pycache__/ is ignored by git.
ifeq ($(origin PYTEST_JOBS),undefined)
# (deferred: nproc runs only for `make test`)
TEST_JOBS = $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
else
TEST_JOBS := $(PYTEST_JOBS)
endif
PYTEST_JOBS ?= auto
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest --dist loadfile

## test: every test, browser tests included (PYTEST_JOBS=1: one worker)
test: $(STAMP) browser-deps $(NODE_STAMP)
	$(PYTEST) -n $(TEST_JOBS)

## test-fast: unit tests only: no MkDocs build, no browser
test-fast: $(STAMP)
	$(PYTEST) -n $(PYTEST_JOBS) -m "not slow and not browser"

## lint: ruff and mypy --strict
lint: $(STAMP)
	$(VENV)/bin/ruff check build_scripts tests benchmarks
	$(VENV)/bin/ruff format --check build_scripts tests benchmarks
	$(VENV)/bin/mypy

## golden: regenerate the golden pages of the fixture site after an intended change
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/pages/test_golden.py -q

## clean: remove what builds and tests write (site/, dist/, test-output/, node_modules/)
clean:
	rm -rf site dist test-output node_modules
