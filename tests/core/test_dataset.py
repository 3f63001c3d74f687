"""The hand-written evaluation set is well-formed and every quote is really in its document."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import DEFAULT_DATASET, DatasetError, load_dataset

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ITEMS = load_dataset(DEFAULT_DATASET)


def ws(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", text).strip()


def test_size_and_balance():
    assert len(ITEMS) >= 150
    langs = Counter(i.lang for i in ITEMS)
    assert all(langs[lang] >= len(ITEMS) / 4 for lang in ("da", "no", "en")), langs
    assert sum(1 for i in ITEMS if not i.answerable) >= 20
    assert {i.type for i in ITEMS} == {"factual", "followup", "opinion", "unanswerable"}
    assert len({i.doc for i in ITEMS if i.doc}) == 5


@pytest.mark.parametrize("item", [i for i in ITEMS if i.answerable], ids=lambda i: i.id)
def test_quote_is_in_the_document_and_numbers_are_in_the_quote(item):
    raw = ws((SEEDS / item.doc).read_text(encoding="utf-8"))
    quote = ws(item.quote)
    assert quote and quote in raw
    for number in item.numbers:
        assert number in item.quote


def test_unanswerables_have_no_source():
    for item in ITEMS:
        if not item.answerable:
            assert item.doc is None and not item.quote and not item.numbers and item.type == "unanswerable"


def test_followups_have_history():
    for item in ITEMS:
        assert bool(item.history) == (item.type == "followup"), item.id


def test_loader_rejects_bad_lines(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "a", "question": "q"}\n{"id": "a", "question": "r"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="duplicate id"):
        load_dataset(path)
    path.write_text('{"question": "no id"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="d.jsonl:1"):
        load_dataset(path)
    path.write_text('{"id": "x", "question": "only required fields"}\n', encoding="utf-8")
    item = load_dataset(path)[0]
    assert item.history == [] and item.answerable is True
