"""The hand-written evaluation sets are well-formed and every quote is really in its document.

``policy_qa.jsonl``: 177 original items and 56 written later (``t2-*``, all in the test
split); ``policy_paraphrases.jsonl``: one rephrased question (``<id>-p``) per factual item.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import DEFAULT_DATASET, PARAPHRASES, DatasetError, load_dataset

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ITEMS = load_dataset(DEFAULT_DATASET)
PARA = load_dataset(PARAPHRASES)


def ws(text: str) -> str:
    return re.sub(r"[\s\u202f\u00a0]+", " ", text).strip()


def test_size_and_balance():
    assert len(ITEMS) == 233
    new = [i for i in ITEMS if i.id.startswith("t2-")]
    assert [i.id for i in new] == [f"t2-{n:03d}" for n in range(1, 57)]
    for batch in (ITEMS, new):
        langs = Counter(i.lang for i in batch)
        assert all(langs[lang] >= len(batch) / 4 for lang in ("da", "no", "en")), langs
        assert {i.type for i in batch} == {"factual", "followup", "opinion", "unanswerable"}
        assert sum(1 for i in batch if not i.answerable) >= len(batch) / 8
    assert len({i.doc for i in ITEMS if i.doc}) == 5


def test_paraphrases_rephrase_one_factual_item_each():
    by_id = {i.id: i for i in ITEMS}
    assert len({p.id for p in PARA}) == len(PARA) and not {p.id for p in PARA} & set(by_id)
    assert sorted(p.id.removesuffix("-p") for p in PARA) == sorted(i.id for i in ITEMS if i.type == "factual")
    for p in PARA:
        original = by_id[p.id.removesuffix("-p")]
        assert p.question != original.question, p.id
        same = ("doc", "quote", "numbers", "answerable", "type", "history", "answer", "lang")
        assert all(getattr(p, k) == getattr(original, k) for k in same), p.id


@pytest.mark.parametrize("item", [i for i in ITEMS if i.answerable], ids=lambda i: i.id)
def test_quote_is_in_the_document_and_numbers_are_in_the_quote(item):
    assert not item.span  # policy items are scored by figures + quote
    raw = ws((SEEDS / item.doc).read_text(encoding="utf-8"))
    quote = ws(item.quote)
    assert quote and quote in raw
    for number in item.numbers:
        assert number in item.quote


def test_unanswerables_have_no_source():
    for item in [*ITEMS, *PARA]:
        if not item.answerable:
            assert item.doc is None and not item.quote and not item.numbers and item.type == "unanswerable"


def test_followups_have_history():
    for item in [*ITEMS, *PARA]:
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
    assert item.history == [] and item.answerable is True and item.span == ""
