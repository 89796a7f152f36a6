# Two entry points: `make demo` runs the example plan, `make test` runs the tests.
# Both create .venv on first use (only Python 3.11+ is needed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench eval faults clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/prepflow run examples/plan.toml

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check src plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

lint: $(BIN)/.installed
	$(BIN)/ruff check src plugins tests benchmarks
	$(BIN)/ruff format --check src plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(BIN)/.installed
	cd benchmarks && ../$(BIN)/python bench_engine.py && ../$(BIN)/python bench_example.py && ../$(BIN)/python bench_reading.py

# The fault campaign (tests/faults/): PREPFLOW_FAULTS_N kill -9 cases (default 100, drawn from
# PREPFLOW_FAULTS_SEED), every hostile file, every misbehaving plugin, planted script in Chromium;
# prints a table of what broke (see docs/faults.md). `make test` runs a quick selection.
faults: $(BIN)/.installed
	$(BIN)/python tests/faults/campaign.py --cases

# The scorer's figures on the hand-labelled material beside the repository (../shared/eval):
# postings (dev labels, then corpus labels), resumes, then whole dossiers on the dev triples.
EVAL ?= ../shared/eval
eval: $(BIN)/.installed
	cd $(EVAL) && PATH="$(abspath $(BIN)):$$PATH" python3 score.py requirements labels postings | tail -1
	cd $(EVAL) && PATH="$(abspath $(BIN)):$$PATH" python3 score.py requirements corpus/labels corpus/postings | tail -1
	cd $(EVAL) && PATH="$(abspath $(BIN)):$$PATH" python3 score.py resumes resume_labels resumes | tail -1
	cd $(EVAL) && PATH="$(abspath $(BIN)):$$PATH" python3 score.py dossier triples | tail -1

clean:
	rm -rf $(VENV) .pytest_cache build src/*.egg-info benchmarks/.work examples/.prepflow examples/out
