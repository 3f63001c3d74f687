# Policy Assistant — every target installs what it needs into .venv first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test test-fast lint eval bench clean chromium

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH (or: make PY=python3 ...)"; exit 1; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Install, build the index over seeds/ (first run only) and start the web chat on
## http://127.0.0.1:7860 (ASSISTANT_WEB_HOST / ASSISTANT_WEB_PORT, or `assistant serve --port N`).
run: $(STAMP)
	$(BIN)/assistant ingest
	$(BIN)/assistant serve

## Install and run the whole test suite (what CI runs).
test: $(STAMP) chromium
	$(BIN)/ruff check assistant retrieval evals tests bench
	$(BIN)/ruff format --check assistant retrieval evals tests bench
	$(BIN)/python -m pytest -q

## Debian's chromium for the browser test, installed only when /usr/bin/chromium is missing
## (skipped with a reason where impossible, an error under CI=true).
chromium:
	@.ci/install-chromium

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

## Install the llm-test extra (llama-cpp-python compiles from source, ~6 min the first time) and run
## the LLM answering path end to end against a real llama.cpp server started on 127.0.0.1.
.PHONY: test-llm
test-llm: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,llm-test]"
	ASSISTANT_REQUIRE_LLM_TESTS=1 $(BIN)/python -m pytest -q -rs tests/llm

lint: $(STAMP)
	$(BIN)/ruff check assistant retrieval evals tests bench
	$(BIN)/ruff format --check assistant retrieval evals tests bench

bench: $(STAMP)
	$(BIN)/python -m evals.retrieval_bench --out runs/retrieval

## Evaluation suite: default configuration, dense-only, BM25-only and the naive baseline
## (fixed 1000-character chunks of the raw text, dense-only, own index under data/naive),
## then the side-by-side comparison (runs/eval/compare.md + compare.png).
EVAL_DIR ?= runs/eval
eval: $(STAMP)
	$(BIN)/python -m evals run --out $(EVAL_DIR)/default
	$(BIN)/python -m evals run --out $(EVAL_DIR)/dense --mode dense
	$(BIN)/python -m evals run --out $(EVAL_DIR)/bm25 --mode bm25
	$(BIN)/python -m evals run --out $(EVAL_DIR)/naive --chunker naive --mode dense --data-dir data/naive
	$(BIN)/python -m evals compare $(EVAL_DIR)/default $(EVAL_DIR)/dense $(EVAL_DIR)/bm25 $(EVAL_DIR)/naive --out $(EVAL_DIR)/compare.md

clean:
	rm -rf data runs .pytest_cache
