"""Every quote of the sets written blind stands in its document as the index holds it: the scoring
looks for a quote in the cleaned text, and cleaning drops line numbers and footnote markers that a
quote copied from the file keeps ("… vedlikeholdsbehandling med 19 metadon", "ASSIST5"). Such a
quote can never be found, and its question is scored wrong whatever the reader answers (37 were,
until stop 66)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.dataset import DATASETS, load_dataset
from evals.matching import holds_quote
from tests.conftest import cleaned_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
POLICY_BLIND = sorted((DATASETS / "policy_blind").glob("set*.jsonl"))
NORDIC_BLIND = sorted((DATASETS / "nordic_blind").glob("set*/questions.jsonl"))


@pytest.mark.parametrize("path", POLICY_BLIND + NORDIC_BLIND, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_quotes_stand_in_the_cleaned_documents(path: Path) -> None:
    folder = SEEDS if path.parent.name == "policy_blind" else path.parent / "docs"
    items = [item for item in load_dataset(path) if item.answerable and item.quote]
    assert items
    for item in items:
        assert holds_quote(cleaned_text(folder / item.doc), item.quote), item.id


def test_the_sets_are_found() -> None:  # the parametrisation above is not silently empty
    assert len(POLICY_BLIND) >= 29 and len(NORDIC_BLIND) >= 41
