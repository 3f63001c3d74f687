"""The comparison datasets: well formed, every gold quote in its document, the test split frozen."""

from __future__ import annotations

import json

import pytest

from assistant.compare.fit import TRAIN_FILES
from evals.positions import (
    COMPARE_DATASET,
    COMPARE_SPLIT,
    CellResult,
    MethodResult,
    compare_split,
    frozen_digest,
    load_compare,
    quote_right,
    report_markdown,
)
from tests.conftest import SEEDS

# sha256 of the comparison test split (evals.positions.frozen_digest). Change it only on purpose,
# and say so in the review.
COMPARE_TEST_DIGEST = "0ea8dc734361500f3bc579f93f898be992c7670b9a2d45c55ca52ab698fc84a5"
MANIFEST = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
FILES = {d["id"]: SEEDS / d["file"] for d in MANIFEST["documents"]}


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "path",
    [COMPARE_DATASET, *TRAIN_FILES],
    ids=["compare", "compare_train", "compare_train2", "compare_train3", "compare_train4"],
)
def test_every_cell_is_well_formed_and_every_quote_is_in_its_document(path) -> None:
    items = load_compare(path)
    from retrieval.cleaning import clean_document
    from retrieval.loaders import load_document

    # as written or as cleaned, which is what citations quote (the Labour document prints line
    # numbers inside its sentences; the older files quote them)
    texts = {
        d: folded(f.read_text(encoding="utf-8")) + " | " + folded(clean_document(load_document(f, d)).text)
        for d, f in FILES.items()
    }
    for item in items:
        assert [c.doc_id for c in item.cells] == list(FILES), item.id
        for cell in item.cells:
            assert bool(cell.quotes) == cell.addressed, (item.id, cell.doc_id)
            assert cell.label is None or cell.addressed
            for quote in cell.quotes:
                assert folded(quote) in texts[cell.doc_id], (item.id, cell.doc_id, quote)


def test_the_test_split_is_frozen_and_large_enough() -> None:
    items = load_compare()
    frozen = json.loads(COMPARE_SPLIT.read_text(encoding="utf-8"))
    assert frozen == compare_split(items)  # the rule, as written
    assert not set(frozen["dev"]) & set(frozen["test"])
    test = [i for i in items if i.id in frozen["test"]]
    assert sum(len(i.cells) for i in test) >= 100
    assert {i.lang for i in test} == {"nb", "da", "en"}
    assert frozen_digest(items) == COMPARE_TEST_DIGEST, "the comparison test split changed: " + frozen_digest(items)
    train_topics = {i.topic for f in TRAIN_FILES for i in load_compare(f)}
    assert not train_topics & {i.topic for i in items}


def test_no_training_topic_quotes_a_sentence_of_the_test_split() -> None:
    """The training files (``compare_train4.jsonl``: the 8 of 24 topics written blind in stop 56
    that share no gold quote with the test split) hold no test cell's gold sentence, either way."""
    from evals.matching import holds_quote

    frozen = json.loads(COMPARE_SPLIT.read_text(encoding="utf-8"))
    tested = [folded(q).lower() for i in load_compare() if i.id in frozen["test"] for c in i.cells for q in c.quotes]
    for path in TRAIN_FILES[3:]:
        for item in load_compare(path):
            for cell in item.cells:
                for quote in cell.quotes:
                    q = folded(quote).lower()
                    assert not any(holds_quote(t, q) or holds_quote(q, t) for t in tested), (item.id, quote)


def test_metrics_count_cells_quotes_and_not_addressed() -> None:
    assert quote_right(["Vi går imot nye bomstasjoner på riksvei 7."], ["går imot nye bomstasjoner"])
    assert not quote_right(["Noe annet."], ["går imot nye bomstasjoner"])
    r = MethodResult("x")
    r.cells = [
        CellResult("t", "a", True, True, True, None, None),  # right quote
        CellResult("t", "b", True, True, False, None, None),  # wrong quote
        CellResult("t", "c", False, False, False, None, None),  # rightly not addressed
        CellResult("t", "d", False, True, False, None, None),  # answered where silent
        CellResult("t", "e", True, False, False, "for", None),  # missed
    ]
    m = r.metrics()
    assert m["cell_accuracy"] == pytest.approx(2 / 5)
    assert m["quote_accuracy"] == pytest.approx(1 / 3)
    assert m["na_precision"] == pytest.approx(1 / 2) and m["na_recall"] == pytest.approx(1 / 2)


def test_the_report_breaks_the_figures_down_by_the_topics_language() -> None:
    # the documents are Danish and Norwegian: an English topic is read across languages, and the
    # report shows where each method stands for it beside the others
    r = MethodResult("learned")
    r.cells = [
        CellResult("t1", "a", True, True, True, None, None, "nb"),
        CellResult("t1", "b", False, False, False, None, None, "nb"),
        CellResult("t2", "a", True, False, False, None, None, "en"),
        CellResult("t2", "b", False, True, False, None, None, "en"),
    ]
    assert r.metrics("nb")["cell_accuracy"] == 1.0 and r.metrics("en")["cell_accuracy"] == 0.0
    assert r.metrics("en")["cells"] == 2 and r.metrics()["cell_accuracy"] == 0.5
    assert r.metrics("da")["cells"] == 0 and r.metrics("da")["cell_accuracy"] == 0.0
    text = report_markdown("dev", [r], {"recognised": 1.0, "topic_kept": 1.0, "questions": 2.0})
    assert "| learned | en | 2 | 0.000 | 0.000 | 0.000 |" in text
    assert "| learned | nb | 2 | 1.000 | 1.000 | 1.000 |" in text
    one = MethodResult("learned")
    one.cells = r.cells[:2]  # one language: no breakdown
    assert "topic language" not in report_markdown(
        "dev", [one], {"recognised": 1.0, "topic_kept": 1.0, "questions": 1.0}
    )
