# careerhub: `make run` serves the app with the demo content; `make test` runs the whole suite.
# Everything needed is installed by these targets (uv, the virtualenv, and for browser tests the
# Chromium package from apt).

SHELL := /bin/bash
PY := .venv/bin/python
UV := python3 -m uv
HOST ?= 127.0.0.1
PORT ?= 8000
FIXTURES := fixtures/roles.json
PG_URL ?= postgres://postgres@127.0.0.1:5432/careerhub

.PHONY: install run demo test test-fast test-browser test-postgres lint format pin bench eval-jobs eval-import \
        browser-deps clean help

help:
	@echo "make run      install, migrate, sync the content release, serve on http://$(HOST):$(PORT)"
	@echo "make test     the whole suite (SQLite), browser tests included"
	@echo "make lint     ruff check and format check"
	@echo "make bench    the benchmark (see README, Performance)"
	@echo "make eval-jobs  how well job postings are read (precision, recall, speed)"
	@echo "make eval-import  how well CVs and exports are read (precision, recall, levels, speed)"

.venv/.installed: requirements/base.txt requirements/dev.txt .python-version
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) venv --quiet --allow-existing .venv
	$(UV) pip sync --quiet --python $(PY) requirements/base.txt requirements/dev.txt
	@touch $@

install: .venv/.installed

pin:
	$(UV) pip compile -q --generate-hashes --python-version 3.13 requirements/base.in -o requirements/base.txt
	$(UV) pip compile -q --generate-hashes --python-version 3.13 requirements/dev.in -o requirements/dev.txt

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_content --release $(FIXTURES)
	$(PY) manage.py setup_editors

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium package: sudo apt-get install chromium"; exit 1; fi; }

# The suite in two runs: everything but the timing tests spread over three processes
# (pytest-xdist, a file's tests on one worker; the browser tests mostly wait on Chromium, so a
# third process keeps both cores busy), then the tests that time clicks, alone on the machine.
# Both run even if the first fails; the exit status says if either did.
test: install browser-deps
	$(PY) manage.py makemigrations --check --dry-run
	@status=0; \
	$(PY) -m pytest -m "not timing" -n 3 --dist loadfile || status=$$?; \
	$(PY) -m pytest -m timing || status=$$?; \
	exit $$status

test-fast: install
	$(PY) -m pytest -m "not browser"

test-browser: install browser-deps
	$(PY) -m pytest -m browser

test-postgres: install
	DATABASE_URL=$(PG_URL) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -m "not browser" -n 2 --dist loadfile

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: install
	$(PY) -m bench.run $(BENCH_ARGS)
	-$(PY) bench/eval_jobs.py
	-$(PY) bench/eval_import.py

eval-jobs: install
	$(PY) bench/eval_jobs.py

eval-import: install
	$(PY) bench/eval_import.py

clean:
	rm -rf .venv staticfiles .pytest_cache bench/results test-results
