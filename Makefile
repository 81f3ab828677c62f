# Gilde: `make run` starts everything on the embedded defaults; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# What `make run` sets: a local, debug-mode demo. The MFA requirement for staff
# is switched off so every demo role can be tried at once (say so on start).
RUN_ENV := DEBUG=1 GILDE_DEMO=1 GILDE_STAFF_MFA_REQUIRED=0 SITE_URL=http://127.0.0.1:$(PORT) PATH=$(CURDIR)/$(BIN):$$PATH

.PHONY: run test lint bench messages clean

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
