"""The follow-up conversation sets: a frozen held-out pair (reported by ``make eval``, never tuned
on) and a pair for development, over the seeds and over NorQuAD texts of the matching split."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from evals.dataset import DATASETS, load_dataset
from evals.gate import DEFAULT_NORQUAD_DIR
from evals.matching import holds_quote
from tests.conftest import cleaned_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
NORQUAD_DOCS = DEFAULT_NORQUAD_DIR / "docs"
NORQUAD_SPLIT = json.loads((DATASETS / "splits" / "norquad.json").read_text(encoding="utf-8"))

# sha256 of the held-out files: a change to a held-out item shows here. Update only on purpose,
# and say so in the review. Changed once, at stop 66: four quotes over the seeds had a line number
# of the Labour document inside ("ungdom under 104 23 år"), which cleaning drops, so their questions
# could never be scored right; the number was cut, nothing else.
HELD_OUT = {
    "followups_heldout_seeds.jsonl": "b95452f068c61e7e913d8eb69ac50a72127f4ff7e414e9453b3994301d96b902",
    "followups_heldout_norquad.jsonl": "28250531f34f9a230187afb7a05d3556f0f9e54ad9e43cf09380513b858edb44",
}
# each file, the texts it is over, and the NorQuAD split those texts must come from (None: the seeds)
SETS = {
    "followups_heldout_seeds.jsonl": None,
    "followups_heldout_norquad.jsonl": "dev",
    "followups_train_seeds.jsonl": None,
    "followups_train_norquad.jsonl": "train",
}
# conversations for development whose second question no word marks as a follow-up: follow-ups
# by a definite noun or a left-out subject, and topic switches, answerable or not
CONVERSATIONS = {"conversations_dev_seeds.jsonl": None, "conversations_dev_norquad.jsonl": "train"}
# conversations written blind (stop 63) as chat users write them, marked or not, continuing the
# subject or switching it, over the seeds and over NorQuAD texts of either split ("any")
BLIND_CONVERSATIONS = {
    "conversations_blind_seeds.jsonl": None,
    "conversations_blind_norquad.jsonl": "any",
    # stop 64's: the same brief, a second writer
    "conversations_blind2_seeds.jsonl": None,
    "conversations_blind2_norquad.jsonl": "any",
    # stop 65's: the same brief, a third writer
    "conversations_blind3_seeds.jsonl": None,
    "conversations_blind3_norquad.jsonl": "any",
    # stop 66's: the same brief, a fourth writer
    "conversations_blind4_seeds.jsonl": None,
    "conversations_blind4_norquad.jsonl": "any",
    # stop 67's: the same brief, a fifth writer
    "conversations_blind5_seeds.jsonl": None,
    "conversations_blind5_norquad.jsonl": "any",
    # stop 68's: the same brief, a sixth writer
    "conversations_blind6_seeds.jsonl": None,
    "conversations_blind6_norquad.jsonl": "any",
    # stop 69's: the same brief, a seventh writer
    "conversations_blind7_seeds.jsonl": None,
    "conversations_blind7_norquad.jsonl": "any",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", sorted(HELD_OUT))
def test_held_out_content_is_pinned(name: str) -> None:
    digest = hashlib.sha256((DATASETS / name).read_bytes()).hexdigest()
    assert digest == HELD_OUT[name], f"{name} changed; if on purpose, pin {digest}"


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_item_is_a_follow_up_with_its_answer_in_the_quote(name: str) -> None:
    items = load_dataset(DATASETS / name)
    assert len(items) >= 30
    assert {i.lang for i in items} == {"no", "da", "en"}
    unanswerable = [i for i in items if not i.answerable]
    assert 0.1 <= len(unanswerable) / len(items) <= 0.25
    for item in items:
        assert item.type == "followup" and item.history, item.id
        if not item.answerable:
            assert not item.quote and not item.doc, item.id
            continue
        assert item.quote and item.doc, item.id
        quote = squash(item.quote)
        assert all(n in quote for n in item.numbers), item.id
        assert not item.span or squash(item.span) in quote, item.id


@pytest.mark.parametrize("name", sorted(SETS) + sorted(CONVERSATIONS) + sorted(BLIND_CONVERSATIONS))
def test_quotes_stand_in_their_documents_of_the_right_split(name: str) -> None:
    split = {**SETS, **CONVERSATIONS, **BLIND_CONVERSATIONS}[name]
    folder = SEEDS if split is None else NORQUAD_DOCS
    if not folder.exists():
        pytest.skip(f"no texts at {folder}")
    allowed = None if split in (None, "any") else set(NORQUAD_SPLIT[split])
    for item in load_dataset(DATASETS / name):
        if not item.answerable:
            continue
        assert allowed is None or item.doc in allowed, f"{item.id}: {item.doc} is not in NorQuAD {split}"
        assert holds_quote(cleaned_text(folder / item.doc), item.quote), item.id


MARKERS = re.compile(
    r"(?i)\b(?:he|she|it|they|them|him|her|his|their|its|this|that|these|those|there|han|hun|ham|henne|hende|"
    r"hans|hennes|hendes|den|det|de|dem|der|dette|denne|disse|deres|and|og|men|also|også|så)\b"
    r"|^(?:what about|hva med|hvad med)"
)


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_conversations_ask_without_marking_a_follow_up(name: str) -> None:
    items = load_dataset(DATASETS / name)
    assert len(items) >= 40 and {i.lang for i in items} == {"no", "da", "en"}
    assert {i.type for i in items} == {"followup", "factual", "unanswerable"}
    assert 0.3 <= sum(not i.answerable for i in items) / len(items) <= 0.5
    for item in items:
        assert len(item.history) == 1 and not MARKERS.search(item.question), item.id
        assert item.answerable == bool(item.quote) == bool(item.doc), item.id
        assert all(squash(n) in squash(item.quote) for n in item.numbers), item.id


@pytest.mark.parametrize("name", sorted(BLIND_CONVERSATIONS))
def test_blind_conversations_are_one_earlier_question_and_a_second_one_scored(name: str) -> None:
    items = load_dataset(DATASETS / name)
    assert len(items) >= 20 and {i.lang for i in items} == {"no", "da", "en"}
    assert 0.15 <= sum(not i.answerable for i in items) / len(items) <= 0.35
    # what the second question does, as its writer recorded it (a field the loader leaves aside)
    subjects = [json.loads(line)["subject"] for line in (DATASETS / name).read_text(encoding="utf-8").splitlines()]
    assert set(subjects) == {"continues", "switches"}
    for item in items:
        assert item.type == "followup" and len(item.history) == 1, item.id
        assert item.answerable == bool(item.quote) == bool(item.doc), item.id
        assert all(squash(n) in squash(item.quote) for n in item.numbers), item.id
        assert not item.span or squash(item.span) in squash(item.quote), item.id
