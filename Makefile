# Every target documents itself: `make help`.
# On a fresh machine with Python 3.11 and apt, `make serve` and `make test`
# do all the set-up.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
# Material prints a banner about MkDocs 2.0 on every build; it is not ours.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test lock clean chromium anchors

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The stamp files re-run pip only when a requirements file changes.
$(BIN)/.site: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(BIN)/.test: $(BIN)/.site requirements-test.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt -r requirements-test.txt
	@touch $@

serve: $(BIN)/.site ## Build and serve the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

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

test: $(BIN)/.test chromium build ## Install what the tests need, build strictly and run every test
	$(BIN)/python -m pytest

anchors: $(BIN)/.test build ## Append new section ids to tests/anchors.lock (never removes)
	$(BIN)/python tests/anchors.py site

lock: ## Re-pin every dependency with hashes from requirements*.in
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements-test.txt requirements-test.in

clean: ## Remove the built site, virtual environments and caches
	rm -rf site dist $(VENV) .venv-lock .pytest_cache
