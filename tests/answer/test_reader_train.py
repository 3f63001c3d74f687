"""Fitting the learned reader: the bootstrap resamples that measure a refit's spread."""

from __future__ import annotations

import numpy as np

from assistant.reader.train import Example, base_id, fold_of, resample


def examples() -> list[Example]:
    ids = []
    for n in range(40):
        ids += [f"q{n}", f"q{n}-en", f"q{n}-da"] if n % 2 else [f"q{n}", f"q{n}-p"]
    return [Example(i, "src", True, None, np.zeros(0)) for i in ids]  # type: ignore[arg-type]


def test_a_resample_draws_whole_questions_with_their_versions() -> None:
    out = resample(examples(), seed=3)
    groups: dict[str, list[str]] = {}
    for e in out:
        groups.setdefault(base_id(e.item_id), []).append(e.item_id)
    for base, ids in groups.items():
        size = 3 if int(base[1:]) % 2 else 2
        assert len(ids) % size == 0  # a question comes with all of its versions, once or more
        assert len({fold_of(i) for i in ids}) == 1  # and its copies share one fold
    assert len(groups) < 40  # drawn with replacement: some questions are left out
    assert max(len(ids) for ids in groups.values()) > 3  # and some are drawn twice or more


def test_a_resample_is_seeded() -> None:
    first = [e.item_id for e in resample(examples(), seed=1)]
    assert first == [e.item_id for e in resample(examples(), seed=1)]
    assert first != [e.item_id for e in resample(examples(), seed=2)]
