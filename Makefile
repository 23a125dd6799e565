# Two commands on a fresh machine: `make run` serves the dashboard, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REALDATA ?= ../shared/realdata

.PHONY: run serve test lint format data bench system-deps clean messages translations

# A local Spark Connect server for the engine equality tests (tests/spark).
include spark.mk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files re-run the install only when the requirements or the project change. The
# project is installed editable, so `import dashboard` works from anywhere without path tricks.
$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Browser tests and chart images drive Debian's chromium; the export tests render workbooks
# with LibreOffice Calc. Install whichever is missing.
system-deps:
	@missing=; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-calc"; \
	command -v gs >/dev/null 2>&1 || missing="$$missing ghostscript"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# axe-core (accessibility checks the browser tests inject into each served page), from npm.
node_modules/.stamp: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --silent
	touch $@

# The interface in Russian, Arabic and Kazakh (dashboard/i18n.py): `make messages` extracts the
# marked sentences and the shipped data's texts (babel.cfg) and merges them into each
# language's .po; the .mo files are compiled from them.
LOCALES := dashboard/locale
CATALOGUES := $(wildcard $(LOCALES)/*/LC_MESSAGES/messages.po)
messages: $(VENV)/.runtime
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k ngettext:1,2 --no-wrap \
	  --sort-by-file --project "Trade and investment figures" -o $(LOCALES)/messages.pot .
	for lang in ru ar kk; do \
	  if [ -f $(LOCALES)/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel -q update --ignore-obsolete --no-wrap --no-fuzzy-matching -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang; \
	  else \
	    $(BIN)/pybabel -q init --no-wrap -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang; \
	  fi; \
	done

$(LOCALES)/%/LC_MESSAGES/messages.mo: $(LOCALES)/%/LC_MESSAGES/messages.po | $(VENV)/.runtime
	$(BIN)/pybabel -q compile -l $* -i $< -o $@

translations: $(CATALOGUES:.po=.mo)

run: $(VENV)/.runtime translations
	$(BIN)/python app.py

# Team mode: gunicorn on the address you give, sign-in required. Add an admin first:
#   .venv/bin/python -m loaders workspace user add NAME --role admin
BIND ?= 127.0.0.1:8050
HOSTS ?=
serve: $(VENV)/.runtime translations
	FIGURES_MODE=team FIGURES_BIND=$(BIND) FIGURES_HOSTS=$(HOSTS) $(BIN)/gunicorn --config gunicorn.conf.py

# Warnings are errors (pyproject.toml); the coverage floor keeps untested code from piling up.
# tests/spark starts a Spark Connect server: FIGURES_REQUIRE_SPARK makes a missing one a
# failure, not a skip.
test: $(VENV)/.dev system-deps node_modules/.stamp translations lint $(SPARK_VENV)/.stamp spark-java
	FIGURES_REQUIRE_SPARK=1 $(BIN)/python -m pytest --cov --cov-report=term:skip-covered --cov-fail-under=90

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild data/official/*.csv from the raw files (not shipped; see ../shared/realdata).
data: $(VENV)/.runtime
	$(BIN)/python -m loaders build --realdata $(REALDATA) --out data/official

bench: $(VENV)/.dev
	$(BIN)/python bench/bench_loaders.py
	$(BIN)/python bench/bench_detection.py
	$(BIN)/python bench/bench_claims.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_bulk.py
	$(BIN)/python bench/bench_isolation.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
