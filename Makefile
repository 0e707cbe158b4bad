# Two commands: `make run` (demo on SQLite at http://127.0.0.1:8000) and `make test` (whole suite).
PYTHON ?= python3.11
VENV ?= .venv
# pytest-xdist workers for `make test` (the suite runs in about half the time on two cores);
# PYTEST_WORKERS=0 runs in one process. PYTEST_ARGS come last, so they may override -n as well.
PYTEST_WORKERS ?= 2
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FIXTURES := $(sort $(wildcard fixtures/*.json))

.PHONY: run test install install-dev lint fixtures

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt

install-dev: $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt

# The demo runs with DEBUG on (the settings refuse DEBUG off with the repository's development key).
run: export DEBUG ?= true
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata $(FIXTURES)
	$(PY) manage.py setup_demo
	$(PY) manage.py build_demo_results --judge-accounts
	# the current year's demo competition, registration open today (dates computed now, not in fixtures)
	$(PY) manage.py build_demo_current
	# 劳模关爱: fictitious care entries (marked 演示) for the seed honourees, dates computed now
	$(PY) manage.py build_demo_care
	# the 学巴登 innovation contest of seed 002: settings, units' contacts, experts, 14 demo projects (dates computed now)
	$(PY) manage.py build_demo_innovation
	# the web server and the background-job worker (db_worker) together; Ctrl-C stops both
	DEBUG=$${DEBUG:-true} $(PY) manage.py serve 127.0.0.1:8000

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache  # the layering contract in pyproject.toml [tool.importlinter]
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

# Regenerate fixtures/*.json from the seed documents (see portal/management/commands/build_seed_fixtures.py).
fixtures: export DEBUG ?= true
fixtures: install
	rm -f /tmp/jiangxin-seed.sqlite3
	DATABASE_URL=sqlite:////tmp/jiangxin-seed.sqlite3 $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:////tmp/jiangxin-seed.sqlite3 $(PY) manage.py build_seed_fixtures
	# later generators add their own files on top of the same database (their pks follow on)
	DATABASE_URL=sqlite:////tmp/jiangxin-seed.sqlite3 $(PY) manage.py build_demo_results
	# build_demo_campaign (07_demo_campaign.json) stays last: it links a demo result when results exist
	DATABASE_URL=sqlite:////tmp/jiangxin-seed.sqlite3 $(PY) manage.py build_demo_campaign
