"""The list answers' item selector: its features of a real reading, its choice, its model file
and the arithmetic of its fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.api import Assistant
from assistant.lists.answer import reading, scope_of
from assistant.lists.fit import THRESHOLDS, TRAINING_SETS, QuestionData, choose, figures, fit_model, out_of_fold
from assistant.lists.selector import (
    ITEM_FEATURES,
    ITEM_RATIO,
    MAX_SENTENCE_ITEMS,
    MODEL_PATH,
    ItemSelector,
    item_features,
    load_selector,
)
from assistant.reader.scorer import ScorerError
from tests.conftest import corpus_settings
from tests.lists.test_lists import assert_led_by_the_reader

PLAN = """Idrettsplan for Fjellbygd kommune 2026–2029

Anlegg

Kommunen bygger en ny kunstgressbane ved skolen i 2026. Lysløypa i Nordmarka forlenges med tre kilometer. \
Svømmehallen får nytt tak og ny ventilasjon i 2027. Skianlegget får en ny skitrekk for barn.

Frivillighet

Idrettslagene får gratis leie av kommunens haller. Kommunen gir 200 000 kroner i året til utstyr for barn \
som ikke har råd.
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "idrettsplan", {"idrettsplan.txt": PLAN}))


@pytest.mark.slow
def test_the_features_of_a_real_reading_place_each_sentence_against_the_best(plan: Assistant) -> None:
    question = "Hvilke anlegg skal bygges eller forbedres?"
    r = reading(plan, question, scope_of(plan, question, None))
    X = item_features(r, plural_only=True)
    assert X.shape == (len(r.ok), len(ITEM_FEATURES)) and len(r.ok) >= 4
    col = {name: n for n, name in enumerate(ITEM_FEATURES)}
    assert X[0, col["logit_gap"]] == 0.0 and X[0, col["share"]] == 1.0 and X[0, col["log_rank"]] == 0.0
    assert (X[1:, col["logit_gap"]] <= 0).all() and np.allclose(X[:, col["share"]], np.exp(X[:, col["logit_gap"]]))
    assert (X[:, col["plural_only"]] == 1.0).all() and X[0, col["same_passage"]] == 1.0
    # the reader's own features come first, unchanged
    assert np.array_equal(X[:, : r.X.shape[1]], r.X[r.ok])

    # the choice: the best first, then those at or above the threshold, in the reader's order
    selector = load_selector()
    p = selector.probabilities(r, plural_only=True)
    chosen = selector.chosen(r, plural_only=True)
    assert chosen[0] == r.ok[0]
    assert chosen[1:] == [i for k, i in enumerate(r.ok) if k and p[k] >= selector.threshold][: MAX_SENTENCE_ITEMS - 1]
    assert ItemSelector(selector.model, threshold=1.01).chosen(r, True) == [r.ok[0]]
    assert len(ItemSelector(selector.model, threshold=0.0).chosen(r, True)) == min(len(r.ok), MAX_SENTENCE_ITEMS)
    # without a model file, the reader's ratio rule
    ratio = ItemSelector().chosen(r, True)
    assert ratio == [i for i in r.ok if np.exp(r.logits[i] - r.logits[r.ok[0]]) >= ITEM_RATIO][:MAX_SENTENCE_ITEMS]


@pytest.mark.slow
def test_a_plan_section_of_several_sentences_is_listed_sentence_by_sentence(plan: Assistant) -> None:
    """A plural question: the reader's answer, then the section's other sentences as a table."""
    answer = plan.ask("Hvilke anlegg skal bygges eller forbedres?")
    found = [" ".join(c.quote.split()) for c in answer.citations]
    section = " ".join(PLAN.split("Anlegg")[1].split("Frivillighet")[0].split())
    assert answer.debug.get("list_request") == "items"
    assert_led_by_the_reader(answer)
    assert len(found) >= 3 and all(q in section for q in found), found


def test_the_shipped_model_reads_with_this_code_and_names_its_training() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    selector = load_selector()
    assert selector.model is not None and selector.model.features == ITEM_FEATURES
    assert selector.threshold in THRESHOLDS
    assert data["training"]["sets"] == sorted(name for name, *_ in TRAINING_SETS)
    assert all("test" not in split for *_, split in TRAINING_SETS)


def test_a_model_file_of_other_features_says_how_to_refit(tmp_path: Path) -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["model"]["features"] = data["model"]["features"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScorerError, match="python -m assistant.lists.fit"):
        load_selector(path)
    assert load_selector(tmp_path / "none.json").model is None  # no file: the ratio rule


def question(set_name: str, covers: list[set[int]], gold: int, rng: np.random.Generator) -> QuestionData:
    X = rng.normal(size=(len(covers), len(ITEM_FEATURES)))
    X[:, 0] += [2.0 if c else 0.0 for c in covers]  # the first feature tells items apart
    return QuestionData(set_name, set_name, f"{set_name}-{len(covers)}", gold, X, covers)


def test_the_fit_scores_item_recall_and_sentence_precision_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    a = question("a", [{0}, set(), {1}, {1}, set()], 3, rng)
    # items 0 and 1 of 3 found; 3 of 4 chosen sentences hold one
    assert figures([a], [[0, 1, 2, 3]]) == pytest.approx(
        {"item_recall": 2 / 3, "sentence_precision": 3 / 4, "f1": 2 * (2 / 3) * 0.75 / (2 / 3 + 0.75), "chosen": 4.0}
    )
    assert choose(np.array([0.1, 0.9, 0.2, 0.5]), 0.4) == [0, 1, 3]  # the best always
    assert choose(np.full(30, 0.9), 0.5) == list(range(10))
    data = [question(s, [{n % 3} if n % 2 else set() for n in range(12)], 3, rng) for s in "abcd"]
    first, second = fit_model(data).model, fit_model(data).model
    assert first is not None and second is not None and first.to_dict() == second.to_dict()
    probs = out_of_fold(data)
    assert [len(p) for p in probs] == [12] * 4
    positives = np.concatenate([p[[bool(c) for c in d.covers]] for d, p in zip(data, probs, strict=True)])
    negatives = np.concatenate([p[[not c for c in d.covers]] for d, p in zip(data, probs, strict=True)])
    assert positives.mean() > negatives.mean()  # each set read by a model fitted without it
    # questions of two sets about one document are one fold: read by a model fitted on neither
    shared = [QuestionData(d.set_name, "seeds:doc", d.id, d.gold, d.X, d.covers) for d in data[:2]]
    apart = out_of_fold([*shared, *data[2:]])
    without = fit_model(data[2:]).model
    assert without is not None
    for d, p in zip(shared, apart[:2], strict=True):
        assert np.allclose(p, without.predict_proba(d.X))
