# Policy Assistant — every target installs what it needs into .venv first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test test-fast lint eval bench clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH (or: make PY=python3 ...)"; exit 1; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Install, build the index over seeds/ (first run only) and start the assistant.
run: $(STAMP)
	$(BIN)/assistant ingest
	$(BIN)/assistant search "Hvor mange narkotikarelaterede dødsfald var der i 2009?" -k 3

## Install and run the whole test suite (what CI runs).
test: $(STAMP)
	$(BIN)/ruff check assistant retrieval evals tests
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check assistant retrieval evals tests
	$(BIN)/ruff format --check assistant retrieval evals tests

bench: $(STAMP)
	$(BIN)/python -m evals.retrieval_bench --out runs/retrieval

clean:
	rm -rf data runs .pytest_cache
