# make run  - install, migrate, seed the demo and start web + worker + scheduler (embedded defaults)
# make test - install (with dev tools) and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := app:create_app

.PHONY: run test lint bench install install-dev clean

# Both installs go through devtools/bootstrap.sh: each step said with its time, each package
# named as it is collected and as it lands (devtools/install.py); a later run says it skips.
install:
	@PYTHON=$(PYTHON) VENV=$(VENV) bash devtools/bootstrap.sh requirements.txt $(VENV)/.installed

install-dev: install
	@PYTHON=$(PYTHON) VENV=$(VENV) bash devtools/bootstrap.sh requirements-dev.txt $(VENV)/.installed-dev

# `make run` says each step and its time (devtools/bootstrap.sh, then devtools/run.py).
run: install
	@$(BIN)/python -m devtools.run

test: install-dev
	@echo "==> Running the tests (the whole suite takes several minutes; PYTEST_ARGS='tests/web -x' runs a part)"
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
