# Probation Action Plan Archive — the two commands a newcomer needs are `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The build's packages (requirements.txt); then the test and lint tools too (requirements-dev.txt).
STAMP := $(VENV)/.installed
# The site's scripts: ESLint (pinned in package.json and package-lock.json, installed by `npm ci`) and
# their unit tests, run by node's own test runner.
NODE_STAMP := node_modules/.installed
ESLINT := node_modules/.bin/eslint
SCRIPTS := theme_overrides/assets/javascripts tests/js eslint.config.mjs
DEV_STAMP := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve lint bench goldens fetch clean debian-packages node parse-cache-key

## site: set up, then build content/ and the static site in site/
site: $(STAMP)
	$(BIN)/python build.py

## fetch: download each publication_url in source_plans/sources.yml that has no file yet (the build never fetches)
fetch: $(STAMP)
	$(BIN)/python build.py --fetch

## test: set up (Python packages with the test tools, Debian's chromium, node and ESLint), then lint the scripts,
##       run their unit tests and every Python and browser test (each exits non-zero on a failure; pytest too when
##       no test ran)
test: $(DEV_STAMP) debian-packages $(NODE_STAMP)
	$(ESLINT) $(SCRIPTS)
	node --test tests/js/*.test.js
	$(BIN)/python -m pytest

## serve: preview the site at http://127.0.0.1:8000
serve: site
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:8000

## lint: ruff lint and format check, mypy; ESLint on the scripts
lint: $(DEV_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check probation_archive tests build.py bench
	$(BIN)/ruff format --check probation_archive tests build.py bench
	$(BIN)/mypy probation_archive build.py
	$(ESLINT) $(SCRIPTS)

## bench: print the benchmark figures (the site at 500 and 2,000 plans beside Pagefind; recurrence, and an embedding
##        model beside it on the labelled pairs; the PDF reader)
bench: $(DEV_STAMP) debian-packages
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-bench-nodeps.txt
	$(BIN)/python bench/bench_site.py
	$(BIN)/python bench/bench_recurrence.py
	$(BIN)/python bench/bench_embedding.py
	@if [ -f bench/bench_pdf.py ]; then $(BIN)/python bench/bench_pdf.py; fi

## goldens: rewrite tests/golden/*.yml and the outputs of tests/cases/ (then review the diff line by line)
goldens: $(DEV_STAMP)
	$(BIN)/python -m pytest tests/test_golden.py tests/test_cases.py --update-goldens -q

# Browser tests drive Debian's chromium (Playwright never downloads a browser); the PDF fixture
# tool's reproducibility test needs the Liberation fonts the fixtures were made with.
DEBIAN_PACKAGES := chromium fonts-dejavu-core fonts-liberation

debian-packages:
	@dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null; }

# node and npm: Debian's when the machine has none (bookworm's node 18 runs ESLint 9 and node --test).
node:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }

$(NODE_STAMP): package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## parse-cache-key: print the parse cache's key (the digest of the parser's code; CI keys its cache by it)
parse-cache-key: $(STAMP)
	@$(BIN)/python build.py --print-cache-key

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(DEV_STAMP)

clean:
	rm -rf $(VENV) site .pytest_cache node_modules
