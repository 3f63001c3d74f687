"""The sets written over NorQuAD texts are split by text, as NorQuAD's halves are (evals/splits.py)."""

from __future__ import annotations

import json

from evals import keyfigures, lists
from evals.dataset import DATASETS
from evals.splits import norquad_sides


def test_key_figures_and_list_questions_of_outside_texts_follow_their_texts_half() -> None:
    sides = norquad_sides()
    assert set(sides.values()) == {"dev", "test"}
    path = DATASETS / "key_figures_norquad.jsonl"
    gold = keyfigures.load_gold(path)
    frozen = json.loads(keyfigures.split_path(path).read_text(encoding="utf-8"))
    assert keyfigures.figure_split(gold) == frozen  # the frozen file is what the rule gives
    for g in gold:
        assert g.id in frozen[sides[g.doc_id]]
    path = DATASETS / "list_questions_norquad.jsonl"
    questions = lists.load_questions(path)
    frozen = json.loads(lists.split_path(path).read_text(encoding="utf-8"))
    assert lists.list_split(questions) == frozen
    for q in questions:
        assert q.id in frozen[sides[q.doc_ids[0]]]
    # the seeds' sets keep their own split files
    assert keyfigures.split_path(keyfigures.KEY_FIGURES) == keyfigures.KEY_FIGURES_SPLIT
    assert lists.split_path(lists.LIST_QUESTIONS) == lists.LIST_SPLIT
