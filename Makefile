# Gilde: `make run` starts everything on the embedded defaults; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# What `make run` sets: a local, debug-mode demo. The MFA requirement for staff
# is switched off so every demo role can be tried at once (say so on start).
RUN_ENV := DEBUG=1 GILDE_DEMO=1 GILDE_STAFF_MFA_REQUIRED=0 SITE_URL=http://127.0.0.1:$(PORT) PATH=$(CURDIR)/$(BIN):$$PATH

.PHONY: run test lint bench messages clean cluster

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	$(RUN_ENV) $(BIN)/python manage.py demo_banner
	$(RUN_ENV) PORT=$(PORT) $(BIN)/honcho start -f Procfile.dev

test: $(VENV)/.installed-dev
	$(BIN)/pytest

# The production layout on loopback: nginx, two gunicorn nodes, two workers, one beat,
# PostgreSQL (DATABASE_URL, default the local gilde_cluster database) and Redis
# (REDIS_URL, or one of its own). Needs Debian's nginx and redis-server.
cluster: $(VENV)/.installed
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "make cluster needs nginx: apt-get install nginx"; exit 1; }
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python deploy/cluster.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py

# Needs GNU gettext; the compiled catalogue is committed so `make run` does not.
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages -l nl --ignore=.venv

clean:
	rm -rf var staticfiles .pytest_cache
