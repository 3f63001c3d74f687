# Policy Assistant — every target installs what it needs into .venv first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test test-fast lint eval eval-blind eval-dev eval-dev-refits eval-formats eval-retrieval gate train-reader dev-threshold refit-spread train-compare train-lists knowledge-audit bench clean chromium

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

## Evaluation suite (evals/README.md): for each reader, policy dev + test, the paraphrases,
## the NorQuAD dev questions in Norwegian, English and Danish over the NorQuAD texts
## (indexed once into data/corpora/docs-<hash>, ~3 min, then reused) and the held-out follow-up
## conversations (over the seeds and NorQuAD dev texts) and the English texts of SQuAD (test part,
## evals/datasets/squad_en, indexed once), then ONE table:
## runs/eval/summary.md (printed too), followed by the comparison table (evals/positions.py: dev and test
## topics, the comparer against the top hit per document), the guides' key figures (evals/keyfigures.py) and
## the list questions (evals/lists.py). ~5 min on 2 cores with warm indexes.
## `make eval READERS="trivial legacy"`.
EVAL_DIR ?= runs/eval
READERS ?= learned trivial legacy
NORQUAD ?= ../shared/external/norquad
EVAL_RUN = $(BIN)/python -m evals run
NQ_ARGS = --corpus $(NORQUAD)/docs --split dev
eval: $(STAMP)
	@test -f $(NORQUAD)/norquad-val.jsonl || { echo "NorQuAD not found at $(NORQUAD) (make eval NORQUAD=DIR)"; exit 1; }
	@set -e; for r in $(READERS); do \
	  $(EVAL_RUN) --reader $$r --split dev --out $(EVAL_DIR)/$$r/policy-dev --name $$r-policy-dev; \
	  $(EVAL_RUN) --reader $$r --split test --out $(EVAL_DIR)/$$r/policy-test --name $$r-policy-test; \
	  $(EVAL_RUN) --reader $$r --dataset evals/datasets/policy_paraphrases.jsonl --out $(EVAL_DIR)/$$r/paraphrases --name $$r-paraphrases; \
	  $(EVAL_RUN) --reader $$r --dataset evals/datasets/offtopic_dev.jsonl --split all --out $(EVAL_DIR)/$$r/offtopic --name $$r-offtopic; \
	  $(EVAL_RUN) --reader $$r --dataset $(NORQUAD)/norquad-val.jsonl $(NQ_ARGS) --out $(EVAL_DIR)/$$r/norquad-nb --name $$r-norquad-nb; \
	  $(EVAL_RUN) --reader $$r --dataset evals/datasets/norquad_en.jsonl $(NQ_ARGS) --out $(EVAL_DIR)/$$r/norquad-en --name $$r-norquad-en; \
	  $(EVAL_RUN) --reader $$r --dataset evals/datasets/norquad_da.jsonl $(NQ_ARGS) --out $(EVAL_DIR)/$$r/norquad-da --name $$r-norquad-da; \
	  $(EVAL_RUN) --reader $$r --dataset evals/datasets/followups_heldout_seeds.jsonl --split all --out $(EVAL_DIR)/$$r/followups-seeds --name $$r-followups-seeds; \
	  $(EVAL_RUN) --reader $$r --dataset evals/datasets/followups_heldout_norquad.jsonl --split all --corpus $(NORQUAD)/docs --out $(EVAL_DIR)/$$r/followups-norquad --name $$r-followups-norquad; \
	  $(EVAL_RUN) --reader $$r --dataset evals/datasets/squad_en/squad_en_test.jsonl --split all --corpus evals/datasets/squad_en/docs --out $(EVAL_DIR)/$$r/squad-en --name $$r-squad-en; \
	done
	$(BIN)/python -m evals summary $(foreach r,$(READERS),$(addprefix $(EVAL_DIR)/$(r)/,policy-dev policy-test paraphrases offtopic norquad-nb norquad-en norquad-da followups-seeds followups-norquad squad-en)) --out $(EVAL_DIR)/summary.md
	$(BIN)/python -m evals positions --split dev --out $(EVAL_DIR)/positions-dev
	$(BIN)/python -m evals positions --split test --out $(EVAL_DIR)/positions-test
	$(BIN)/python -m evals figures --split test --out $(EVAL_DIR)/figures-test
	$(BIN)/python -m evals lists --split test --out $(EVAL_DIR)/lists-test
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev3.jsonl --split all --out $(EVAL_DIR)/lists-dev3
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev4.jsonl --split all --out $(EVAL_DIR)/lists-dev4
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev5.jsonl --split all --out $(EVAL_DIR)/lists-dev5
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev6.jsonl --split all --out $(EVAL_DIR)/lists-dev6
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev7.jsonl --split all --out $(EVAL_DIR)/lists-dev7
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_new1/questions.jsonl --corpus evals/datasets/list_questions_new1/docs --split all --out $(EVAL_DIR)/lists-new1
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev8.jsonl --split all --out $(EVAL_DIR)/lists-dev8
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_new2/questions.jsonl --corpus evals/datasets/list_questions_new2/docs --split all --out $(EVAL_DIR)/lists-new2
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev9.jsonl --split all --out $(EVAL_DIR)/lists-dev9
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_new3/questions.jsonl --corpus evals/datasets/list_questions_new3/docs --split all --out $(EVAL_DIR)/lists-new3
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev10.jsonl --split all --out $(EVAL_DIR)/lists-dev10
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_new4/questions.jsonl --corpus evals/datasets/list_questions_new4/docs --split all --out $(EVAL_DIR)/lists-new4
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev11.jsonl --split all --out $(EVAL_DIR)/lists-dev11
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_new5/questions.jsonl --corpus evals/datasets/list_questions_new5/docs --split all --out $(EVAL_DIR)/lists-new5
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_dev12.jsonl --split all --out $(EVAL_DIR)/lists-dev12
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_new6/questions.jsonl --corpus evals/datasets/list_questions_new6/docs --split all --out $(EVAL_DIR)/lists-new6
	$(BIN)/python -m evals figures --dataset evals/datasets/key_figures_norquad.jsonl --corpus $(NORQUAD)/docs --split test --out $(EVAL_DIR)/figures-norquad-test
	$(BIN)/python -m evals lists --dataset evals/datasets/list_questions_norquad.jsonl --corpus $(NORQUAD)/docs --split test --out $(EVAL_DIR)/lists-norquad-test
	$(BIN)/python -m evals suggestions --corpus $(NORQUAD)/docs --out $(EVAL_DIR)/suggestions
	cat $(foreach r,positions-dev positions-test figures-test lists-test lists-dev3 lists-dev4 lists-dev5 lists-dev6 lists-dev7 lists-new1 lists-dev8 lists-new2 lists-dev9 lists-new3 lists-dev10 lists-new4 lists-dev11 lists-new5 lists-dev12 lists-new6 figures-norquad-test lists-norquad-test suggestions,$(EVAL_DIR)/$(r)/report.md) >> $(EVAL_DIR)/summary.md

## Every set written blind (evals/datasets/english_blind, nordic_blind, policy_blind: questions and texts
## the project did not see until each was run once), each with all three readers, in one table:
## runs/eval-blind/summary.md. Development data once reported; ~3 min on 2 cores with built indexes.
BLIND_DIR ?= runs/eval-blind
BLIND_SETS = $(wildcard evals/datasets/english_blind/*/questions.jsonl evals/datasets/nordic_blind/*/questions.jsonl)
eval-blind: $(STAMP)
	@set -e; for r in $(READERS); do \
	  for q in $(BLIND_SETS); do d=$$(dirname $$q); n=$$(basename $$(dirname $$d))-$$(basename $$d); \
	    $(EVAL_RUN) --reader $$r --dataset $$q --corpus $$d/docs --split all --out $(BLIND_DIR)/$$r/$$n --name $$r-$$n; \
	  done; \
	  for q in $(wildcard evals/datasets/policy_blind/*.jsonl); do n=policy_blind-$$(basename $$q .jsonl); \
	    $(EVAL_RUN) --reader $$r --dataset $$q --split all --out $(BLIND_DIR)/$$r/$$n --name $$r-$$n; \
	  done; \
	done
	$(BIN)/python -m evals summary $$(for r in $(READERS); do echo $(BLIND_DIR)/$$r/*/; done) --out $(BLIND_DIR)/summary.md

## The development questions a reader change is judged on, in one count (evals/devtotal.py): every slice
## the reader is not fitted on (off-topic, NorQuAD dev nb/en/da, conversations, SQuAD dev) and every set
## written blind, asked with the learned reader (READER_MODEL=F: a refitted file instead of the shipped
## one); runs/eval-dev/devtotal.md, per corpus (seeds / new texts) and language. ~4 min on 2 cores with
## built indexes (the first run indexes each blind set's texts).
DEVTOTAL_DIR ?= runs/eval-dev
READER_MODEL ?=
# the development slices the reader is not fitted on (refit-spread's too)
UNFITTED_SLICES = \
  "offtopic --dataset evals/datasets/offtopic_dev.jsonl --split all" \
  "norquad-nb --dataset $(NORQUAD)/norquad-val.jsonl $(NQ_ARGS)" \
  "norquad-en --dataset evals/datasets/norquad_en.jsonl $(NQ_ARGS)" \
  "norquad-da --dataset evals/datasets/norquad_da.jsonl $(NQ_ARGS)" \
  "conversations-seeds --dataset evals/datasets/conversations_dev_seeds.jsonl --split all" \
  "conversations-norquad --dataset evals/datasets/conversations_dev_norquad.jsonl --split all --corpus $(NORQUAD)/docs" \
  "conversations-blind-seeds --dataset evals/datasets/conversations_blind_seeds.jsonl --split all" \
  "conversations-blind-norquad --dataset evals/datasets/conversations_blind_norquad.jsonl --split all --corpus $(NORQUAD)/docs" \
  "conversations-blind2-seeds --dataset evals/datasets/conversations_blind2_seeds.jsonl --split all" \
  "conversations-blind2-norquad --dataset evals/datasets/conversations_blind2_norquad.jsonl --split all --corpus $(NORQUAD)/docs" \
  "conversations-blind3-seeds --dataset evals/datasets/conversations_blind3_seeds.jsonl --split all" \
  "conversations-blind3-norquad --dataset evals/datasets/conversations_blind3_norquad.jsonl --split all --corpus $(NORQUAD)/docs" \
  "conversations-blind4-seeds --dataset evals/datasets/conversations_blind4_seeds.jsonl --split all" \
  "conversations-blind4-norquad --dataset evals/datasets/conversations_blind4_norquad.jsonl --split all --corpus $(NORQUAD)/docs" \
  "conversations-blind5-seeds --dataset evals/datasets/conversations_blind5_seeds.jsonl --split all" \
  "conversations-blind5-norquad --dataset evals/datasets/conversations_blind5_norquad.jsonl --split all --corpus $(NORQUAD)/docs" \
  "conversations-blind6-seeds --dataset evals/datasets/conversations_blind6_seeds.jsonl --split all" \
  "conversations-blind6-norquad --dataset evals/datasets/conversations_blind6_norquad.jsonl --split all --corpus $(NORQUAD)/docs" \
  "conversations-blind7-seeds --dataset evals/datasets/conversations_blind7_seeds.jsonl --split all" \
  "conversations-blind7-norquad --dataset evals/datasets/conversations_blind7_norquad.jsonl --split all --corpus $(NORQUAD)/docs"
DEVTOTAL_SLICES = $(UNFITTED_SLICES) \
  "squad-dev --dataset evals/datasets/squad_en/squad_en_dev.jsonl --split all --corpus evals/datasets/squad_en/docs"
eval-dev: $(STAMP)
	@test -f $(NORQUAD)/norquad-val.jsonl || { echo "NorQuAD not found at $(NORQUAD) (make eval-dev NORQUAD=DIR)"; exit 1; }
	rm -rf $(DEVTOTAL_DIR)
	@set -e; model=$$( [ -z "$(READER_MODEL)" ] || echo "--reader-model $(READER_MODEL)" ); \
	  for s in $(DEVTOTAL_SLICES); do set -- $$s; name=$$1; shift; \
	    $(EVAL_RUN) --reader learned $$model "$$@" --out $(DEVTOTAL_DIR)/$$name --name $$name > /dev/null; \
	  done; \
	  for q in $(BLIND_SETS); do d=$$(dirname $$q); n=$$(basename $$(dirname $$d))-$$(basename $$d); \
	    $(EVAL_RUN) --reader learned $$model --dataset $$q --corpus $$d/docs --split all --out $(DEVTOTAL_DIR)/$$n --name $$n > /dev/null; \
	  done; \
	  for q in $(wildcard evals/datasets/policy_blind/*.jsonl); do n=policy_blind-$$(basename $$q .jsonl); \
	    $(EVAL_RUN) --reader learned $$model --dataset $$q --split all --out $(DEVTOTAL_DIR)/$$n --name $$n > /dev/null; \
	  done
	$(BIN)/python -m evals devtotal $(DEVTOTAL_DIR)/*/ --out $(DEVTOTAL_DIR)/devtotal.md

## A reader change judged without the shipped reader's edge (evals/devtotal.py): REFITS readers, each
## fitted on a seeded nine tenths of the training questions (the same draws for any code), each asked
## what eval-dev asks; one table, $(DEVTOTAL_DIR)-refits/refits.md. With BASE=DIR (another code's
## $(DEVTOTAL_DIR)-refits), each refit's count against the base's of the same draw. ~6 min a refit.
## OPEN_THRESHOLD=1 runs each refit with its threshold at 0 and counts it at any threshold after: with
## an open BASE too, the pairs are also compared at the base's threshold, without the threshold's jitter.
REFITS ?= 3
BASE ?=
OPEN_THRESHOLD ?=
REFIT_MODELS = $(DEVTOTAL_DIR)-refits/models$(if $(OPEN_THRESHOLD),/open)
eval-dev-refits: $(STAMP)
	@test -f $(NORQUAD)/norquad-val.jsonl || { echo "NorQuAD not found at $(NORQUAD) (make eval-dev-refits NORQUAD=DIR)"; exit 1; }
	rm -rf $(DEVTOTAL_DIR)-refits
	$(BIN)/python -m assistant.reader.train --norquad $(NORQUAD) --resamples $(REFITS) --out-dir $(DEVTOTAL_DIR)-refits/models
	$(if $(OPEN_THRESHOLD),$(BIN)/python -m evals open-threshold $(DEVTOTAL_DIR)-refits/models/model-r*.json --out-dir $(REFIT_MODELS))
	@set -e; for m in $(REFIT_MODELS)/model-r*.json; do n=$$(basename $$m .json); \
	  $(MAKE) --no-print-directory -o $(STAMP) eval-dev NORQUAD=$(NORQUAD) READER_MODEL=$$m DEVTOTAL_DIR=$(DEVTOTAL_DIR)-refits/$$n; \
	done
	$(BIN)/python -m evals devtotal-refits $(DEVTOTAL_DIR)-refits/model-r*/ \
	  $(if $(BASE),--base $(wildcard $(BASE)/model-r*)) --out $(DEVTOTAL_DIR)-refits/refits.md

## The NorQuAD dev questions over the NorQuAD texts written as PDF, Word and HTML uploads
## (evals/formats.py): each format its own index (~4 min each the first time), one table in
## runs/eval/formats/report.md. Also the enumeration splitter against its hand-made gold.
eval-formats: $(STAMP)
	@test -f $(NORQUAD)/norquad-val.jsonl || { echo "NorQuAD not found at $(NORQUAD) (make eval-formats NORQUAD=DIR)"; exit 1; }
	$(BIN)/python -m evals formats --norquad $(NORQUAD) --out $(EVAL_DIR)/formats
	$(BIN)/python -m evals enumerations --out $(EVAL_DIR)/enumerations

## Re-fit the learned reader (assistant/reader/model.json) on policy dev (+ its paraphrases), the
## NorQuAD train part (nb, en, da) and the training-only sets policy_train.jsonl and norquad_extra.jsonl;
## the same data gives the same threshold and ratio and weights equal to ~1e-6.
train-reader: $(STAMP)
	@test -f $(NORQUAD)/norquad-val.jsonl || { echo "NorQuAD not found at $(NORQUAD) (make train-reader NORQUAD=DIR)"; exit 1; }
	$(BIN)/python -m assistant.reader.train --norquad $(NORQUAD)
	$(MAKE) --no-print-directory -o $(STAMP) dev-threshold NORQUAD=$(NORQUAD)

## The refusal threshold the development questions pick (evals/devtotal.py, part of train-reader): the
## shipped reader file opened (threshold 0), asked what eval-dev asks, and the threshold at which the
## most of them are handled right written into it, the training rule's kept beside it. ~5 min.
DEV_THRESHOLD_DIR = $(EVAL_DIR)/dev-threshold
dev-threshold: $(STAMP)
	rm -rf $(DEV_THRESHOLD_DIR)
	$(BIN)/python -m evals open-threshold assistant/reader/model.json --out-dir $(DEV_THRESHOLD_DIR)/model
	$(MAKE) --no-print-directory -o $(STAMP) eval-dev NORQUAD=$(NORQUAD) \
	  READER_MODEL=$(DEV_THRESHOLD_DIR)/model/model.json DEVTOTAL_DIR=$(DEV_THRESHOLD_DIR)/eval-dev
	$(BIN)/python -m evals dev-threshold $(DEV_THRESHOLD_DIR)/eval-dev --write assistant/reader/model.json

## How far a refit moves the development figures (evals/spread.py): REFITS readers fitted on a random
## nine tenths of the training questions (runs/eval/refits/, never the shipped file), each asked the
## development slices, and the shipped reader too; one table, runs/eval/refit-spread/spread.md.
## About 2 minutes per model on 2 cores with built indexes, after a 2-minute collection (REFITS=5: ~17 min).
REFITS ?= 5
SPREAD_DIR = $(EVAL_DIR)/refit-spread
DEV_SLICES = \
  "policy-dev --split dev" \
  "paraphrases-dev --dataset evals/datasets/policy_paraphrases.jsonl --split dev" \
  $(UNFITTED_SLICES) \
  "followups-seeds --dataset evals/datasets/followups_train_seeds.jsonl --split all" \
  "followups-norquad --dataset evals/datasets/followups_train_norquad.jsonl --split all --corpus $(NORQUAD)/docs"
refit-spread: $(STAMP)
	@test -f $(NORQUAD)/norquad-val.jsonl || { echo "NorQuAD not found at $(NORQUAD) (make refit-spread NORQUAD=DIR)"; exit 1; }
	rm -rf $(EVAL_DIR)/refits $(SPREAD_DIR)
	$(BIN)/python -m assistant.reader.train --norquad $(NORQUAD) --resamples $(REFITS) --out-dir $(EVAL_DIR)/refits
	@set -e; for m in shipped $(EVAL_DIR)/refits/model-r*.json; do \
	  n=$$(basename $$m .json); model=$$( [ $$m = shipped ] || echo "--reader-model $$m" ); \
	  for s in $(DEV_SLICES); do set -- $$s; name=$$1; shift; \
	    $(EVAL_RUN) --reader learned $$model "$$@" --out $(SPREAD_DIR)/$$n/$$name --name $$name > /dev/null; \
	  done; echo "asked the development slices with $$n"; \
	done
	$(BIN)/python -m evals spread $(SPREAD_DIR)/model-r*/* --shipped $(SPREAD_DIR)/shipped/* --out $(SPREAD_DIR)/spread.md

## Refit the comparison's sentence ranker and "addressed" model (assistant/compare/model.json) on the
## comparison topics' train file and dev split (~10 s with a built index); the same data gives the same file.
train-compare: $(STAMP)
	$(BIN)/assistant ingest
	$(BIN)/python -m assistant.compare.fit

## Refit the list answers' item selector (assistant/lists/model.json) on the development list questions
## (~20 s with built indexes; NorQuAD's texts from NORQUAD); the same data gives the same file.
train-lists: $(STAMP)
	$(BIN)/assistant ingest
	$(BIN)/python -m assistant.lists.fit --norquad $(NORQUAD)/docs

## Does the corpus knowledge (glossary, document aliases, synonyms of counted things) help on
## questions it was not written for? (runs/knowledge-audit/report.md)
knowledge-audit: $(STAMP)
	$(BIN)/python -m evals.knowledge_audit

## Retrieval configurations on the whole policy set: default, dense-only, BM25-only and the naive
## baseline (fixed 1000-character chunks of the raw text, dense-only, own index under data/naive),
## side by side in runs/eval-retrieval/compare.md + compare.png.
RETRIEVAL_DIR ?= runs/eval-retrieval
eval-retrieval: $(STAMP)
	$(BIN)/python -m evals run --out $(RETRIEVAL_DIR)/default
	$(BIN)/python -m evals run --out $(RETRIEVAL_DIR)/dense --mode dense
	$(BIN)/python -m evals run --out $(RETRIEVAL_DIR)/bm25 --mode bm25
	$(BIN)/python -m evals run --out $(RETRIEVAL_DIR)/naive --chunker naive --mode dense --data-dir data/naive
	$(BIN)/python -m evals compare $(RETRIEVAL_DIR)/default $(RETRIEVAL_DIR)/dense $(RETRIEVAL_DIR)/bm25 $(RETRIEVAL_DIR)/naive --out $(RETRIEVAL_DIR)/compare.md

## The CI gate (.ci/eval-gate): the policy subset and the NorQuAD subset of evals/gate.json
## against evals/floors.json; runs in runs/gate/policy and runs/gate/norquad.
gate: $(STAMP)
	NORQUAD_DIR=$(NORQUAD) bash .ci/eval-gate

clean:
	rm -rf data runs .pytest_cache
