# make run  - install, migrate, seed the demo and start web + worker + scheduler (embedded defaults)
# make test - install (with dev tools) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := app:create_app

.PHONY: run test lint bench install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# `make run` says each step and its time (devtools/bootstrap.sh, then devtools/run.py).
run:
	@PYTHON=$(PYTHON) VENV=$(VENV) bash devtools/bootstrap.sh requirements.txt $(VENV)/.installed
	@$(BIN)/python -m devtools.run

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
