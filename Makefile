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

# The fault tests with a large campaign: kill -9 at PREPFLOW_FAULTS_N seeded random points
# (PREPFLOW_FAULTS_SEED picks another campaign); `make test` runs a few of them.
faults: $(BIN)/.installed
	PREPFLOW_FAULTS_N=$${PREPFLOW_FAULTS_N:-100} $(BIN)/python -m pytest -q tests/faults

lint: $(BIN)/.installed
	$(BIN)/ruff check src plugins tests benchmarks
	$(BIN)/ruff format --check src plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(BIN)/.installed
	cd benchmarks && ../$(BIN)/python bench_engine.py && ../$(BIN)/python bench_example.py && ../$(BIN)/python bench_reading.py

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
