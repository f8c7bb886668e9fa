# The few verbs people need. `make run` serves the demo county (HOST=127.0.0.1 PORT=8000 by
# default: `make run HOST=0.0.0.0 PORT=9000`; the shell's own HOST, set by zsh, is ignored);
# `make test` runs every check.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
LEITAI  := $(BIN)/leitai
PYTEST  := $(BIN)/pytest
HOST    := 127.0.0.1
PORT    := 8000
export LEITAI_DATA_DIR ?= $(CURDIR)/data

.PHONY: setup system run serve test test-engine test-sqlite test-postgres lint check messages bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

system:
	./scripts/ensure_system_packages.sh

run: setup system
	$(LEITAI) migrate --noinput -v0
	$(LEITAI) collectstatic --noinput -v0
	$(LEITAI) demo
	@echo "Serving Leitai at http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	$(BIN)/gunicorn leitai.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: setup
	$(LEITAI) check --fail-level WARNING
	$(LEITAI) makemigrations --check --dry-run -v1
	$(BIN)/python scripts/check_messages.py

test-engine: setup
	$(PYTEST) tests/scoring -q --cov=leitai/scoring --cov=leitai/tabular --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

test-sqlite: setup system
	$(PYTEST) --ignore=tests/scoring -q

test-postgres: setup
	@url=$$($(BIN)/python scripts/postgres_url.py); \
	if [ -z "$$url" ]; then echo "PostgreSQL is not reachable on 127.0.0.1:5432: skipping the PostgreSQL run"; \
	else echo "Running the suite on $$url"; DATABASE_URL=$$url $(PYTEST) --ignore=tests/scoring -m "not browser" -q; fi

test: lint check test-engine test-sqlite test-postgres

messages: setup
	cd leitai && ../$(LEITAI) makemessages -l zh_Hans --no-obsolete --no-location -v0 && ../$(LEITAI) compilemessages -v0

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) data .coverage
