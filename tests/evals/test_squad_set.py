"""The English texts of SQuAD (evals/datasets/squad_en): an outside check of the reader on
English documents. Its test part is pinned, split by paragraph file, and every answerable item's
span stands in its quote and its quote in its paragraph."""

from __future__ import annotations

import hashlib

import pytest

from evals.dataset import DATASETS, load_dataset
from evals.summary import slice_name

SQUAD = DATASETS / "squad_en"
TEST_SHA256 = "2fb5341aa1f6a9a22de7b96d76c0607165a812a7d78c257ce39001e505caff13"


def side(doc: str) -> str:
    return "test" if int(hashlib.sha1(doc.encode("utf-8")).hexdigest(), 16) % 2 else "dev"


def test_the_test_part_is_pinned() -> None:
    digest = hashlib.sha256((SQUAD / "squad_en_test.jsonl").read_bytes()).hexdigest()
    assert digest == TEST_SHA256, f"squad_en_test.jsonl changed; if on purpose, pin {digest}"


@pytest.mark.parametrize("part", ["dev", "test"])
def test_each_part_holds_its_own_paragraphs_with_spans_in_quotes(part: str) -> None:
    items = load_dataset(SQUAD / f"squad_en_{part}.jsonl")
    assert len(items) > 90
    assert {i.lang for i in items} == {"en"}
    answerable = [i for i in items if i.answerable]
    assert 40 < len(answerable) < len(items)
    for item in items:
        assert item.doc and side(item.doc) == part, item.id
        text = (SQUAD / "docs" / item.doc).read_text(encoding="utf-8")
        if item.answerable:
            assert item.span and item.span in item.quote and item.quote in text, item.id
        else:
            assert not item.span and not item.quote, item.id


def test_the_summary_names_the_english_texts() -> None:
    assert slice_name("evals/datasets/squad_en/squad_en_test.jsonl", "all") == "SQuAD, English texts (test)"
