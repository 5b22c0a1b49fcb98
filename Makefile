# Two entry points, each sets itself up on first use:
#   make run    -> the main job: carbonpeak report (four scenarios, levers, validation,
#                  figures, out/report/REPORT.md); a second run reuses every finished run
#   make test   -> system packages (chromium, CJK fonts) if missing, lint + the test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench golden system-deps clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/carbonpeak report

system-deps:
	scripts/system_deps.sh

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/carbonpeak validate
	$(BIN)/pytest -n 2

golden: $(STAMP)
	$(BIN)/python tests/golden/baseline.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.benchmark

clean:
	rm -rf $(VENV)
