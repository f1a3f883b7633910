# Samskap: `make run` serves the demo, `make test` runs every gate.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_VENV := .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python

.PHONY: run test lint typecheck pytest pytest-sqlite pytest-postgres setup setup-dev static messages \
        system-deps runtime-deps serve-prod lock clean messages-update bench-spc bench-opinion bench-votes \
        bench-live

## run: set up (first time only), migrate, load the demo and serve on http://127.0.0.1:8000
# A task worker runs beside the server, as in production: opinion maps are recomputed there,
# never inside the request that records a vote.
run: export SAMSKAP_DEBUG = True
run: export SAMSKAP_TASK_BACKEND = django_tasks_db.DatabaseBackend
run: setup
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) -m samskap demo --if-empty
	@mkdir -p var
	@echo
	@echo "Samskap runs at http://$(HOST):$(PORT)/  (Ctrl+C stops it; task worker log: var/worker.log)"
	@$(PY) manage.py db_worker --interval 0.5 --no-startup-delay --no-reload > var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver --skip-checks $(HOST):$(PORT)

## test: install what tests need, then ruff, mypy and pytest on SQLite and PostgreSQL
test: setup-dev system-deps lint typecheck pytest-sqlite pytest-postgres

setup: $(VENV)/.base static messages runtime-deps
setup-dev: $(VENV)/.dev static messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

static: samskap/static/vendor/.stamp
samskap/static/vendor/.stamp: package-lock.json scripts/vendor-static.sh
	npm ci --silent --no-audit --no-fund
	scripts/vendor-static.sh
	@touch $@

messages: $(VENV)/.base
	@$(PY) -m samskap compilemessages > /dev/null

## messages-update: extract new messages into the four catalogues (needs GNU gettext)
messages-update: $(VENV)/.base
	cd samskap && SAMSKAP_TESTING=True ../$(PY) ../manage.py makemessages -l nb -l nn -l sv -l en \
		--no-location --no-obsolete -i "static/*"

system-deps:
	scripts/ensure-system-packages.sh

runtime-deps:
	scripts/ensure-system-packages.sh --runtime

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy samskap tests

pytest-sqlite: $(VENV)/.dev
	$(VENV)/bin/pytest -q

pytest-postgres: $(VENV)/.dev
	scripts/with-postgres.sh $(VENV)/bin/pytest -q

## serve-prod: the production shape locally (PostgreSQL, gunicorn workers, task worker)
serve-prod: setup
	scripts/serve-prod.sh

## lock: re-pin requirements/*.txt from requirements/*.in
lock:
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes -q base.in -o base.txt
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes -q dev.in -o dev.txt
	cd requirements && uv pip compile --python-version 3.11 --generate-hashes -q bench.in -o bench.txt

## bench-spc: time the SPC engine against pyqicharts in .venv-bench (BENCH_ARGS="--repeat 3" etc.)
bench-spc: $(BENCH_VENV)/.installed
	PYTHONPATH=. MPLBACKEND=Agg $(BENCH_PY) benchmarks/spc_vs_pyqicharts.py $(BENCH_ARGS)

## bench-opinion: time the opinion-map engine against red-dwarf on Pol.is exports in .venv-bench (BENCH_ARGS="--repeat 3" etc.)
bench-opinion: $(BENCH_VENV)/.installed
	PYTHONPATH=. $(BENCH_PY) benchmarks/opinion.py $(BENCH_ARGS)

## bench-votes: 500 participants voting at once against PostgreSQL + gunicorn + task worker (BENCH_ARGS="--workers 2" etc.)
bench-votes: setup
	scripts/with-postgres.sh $(PY) benchmarks/opinion_votes.py $(BENCH_ARGS)

## bench-live: a live event, 1,000 phones and 30 screens for 60 s, on PostgreSQL + uvicorn (BENCH_ARGS="--sqlite", "--participants 50" etc.)
bench-live: setup
	scripts/with-postgres.sh $(PY) benchmarks/live_event.py $(BENCH_ARGS)

# pyqicharts, red-dwarf and their dependencies stay out of the app's virtualenv and lock files.
$(BENCH_VENV)/bin/python:
	$(PYTHON) -m venv $(BENCH_VENV)

$(BENCH_VENV)/.installed: requirements/base.txt requirements/bench.txt | $(BENCH_VENV)/bin/python
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bench.txt
	@touch $@

clean:
	rm -rf $(VENV) $(BENCH_VENV) node_modules samskap/static/vendor var
