"""The CI gate's fixed subset covers every language and type and stays as chosen."""

from __future__ import annotations

from collections import Counter

from evals.dataset import load_dataset
from evals.gate import FLOORS_FILE, GATED, load_floors, load_subset, select_subset
from evals.splits import is_test_only


def test_subset_is_stratified_and_frozen() -> None:
    subset = load_subset()
    items = {i.id: i for i in load_dataset(subset.dataset_path())}
    assert set(subset.ids) <= set(items) and len(set(subset.ids)) == len(subset.ids)
    chosen = [items[i] for i in subset.ids]
    assert 35 <= len(chosen) <= 45
    strata = Counter((i.lang, i.type) for i in chosen)
    assert set(strata) == {
        (lang, kind) for lang in ("da", "no", "en") for kind in ("factual", "followup", "opinion", "unanswerable")
    }
    assert sum(not i.answerable for i in chosen) >= 8
    assert len({i.doc for i in chosen if i.doc}) == 5
    # the file is what the selection rule gives on the original items (the t2-* items, written
    # later, are not in it); regenerate both together
    assert subset.ids == select_subset([i for i in items.values() if not is_test_only(i.id)])


def test_floors_file_gates_the_three_metrics() -> None:
    floors = load_floors(FLOORS_FILE)
    assert set(floors.floors) == set(GATED)
    assert all(0.0 <= v <= 1.0 for v in floors.floors.values()) and floors.note
