"""Typo'd copies of datasets: one edit in one lower-case word, the same every time."""

from __future__ import annotations

import json
import re
from pathlib import Path

from evals.typos import with_typo, write_typos
from retrieval.spelling import within_one_edit


def _changed(a: str, b: str) -> list[tuple[str, str]]:
    return [(x, y) for x, y in zip(re.findall(r"\S+", a), re.findall(r"\S+", b), strict=True) if x != y]


def test_one_typo_in_one_lower_case_word() -> None:
    question = "Hvor mange stoffmisbrukere hadde Danmark ifølge handlingsplanen?"
    for key in ("k2-001", "k2-002", "nq-3", "x", "y", "z"):
        typo = with_typo(question, key)
        changed = _changed(question, typo)
        assert len(changed) == 1, (key, typo)
        before, after = changed[0]
        assert before.islower() or before.endswith("?")  # "Danmark" is a name and stays
        assert within_one_edit(before.rstrip("?"), after.rstrip("?")), (before, after)
        assert after[0] == before[0] and after[-1] == before[-1]  # first and last letters kept
    assert with_typo(question, "k2-001") == with_typo(question, "k2-001")  # same key, same typo
    assert len({with_typo(question, k) for k in ("a", "b", "c", "d", "e", "f")}) > 1


def test_questions_without_long_lower_case_words_stay() -> None:
    assert with_typo("Who is Ola Nordmann?", "k") == "Who is Ola Nordmann?"


def test_write_keeps_ids_and_answers(tmp_path: Path) -> None:
    source = tmp_path / "src" / "policy_qa.jsonl"
    source.parent.mkdir()
    question = "Hvor mange narkotikarelaterede dødsfald var der?"
    item = {"id": "k2-001", "question": question, "answer": "276", "lang": "da"}
    source.write_text(json.dumps(item) + "\n", encoding="utf-8")
    out = write_typos(source, tmp_path / "typos")
    assert out.name == "policy_qa.jsonl"  # the split of a policy* file still applies
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["id"] == "k2-001" and written["answer"] == "276" and written["lang"] == "da"
    assert written["question"] != item["question"] and len(_changed(item["question"], written["question"])) == 1
