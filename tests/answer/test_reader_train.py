"""Fitting the learned reader: the resampled refits that measure how far a refit alone moves a figure."""

from __future__ import annotations

import numpy as np

from assistant.reader.train import RESAMPLE_SHARE, Example, base_id, resample


def examples() -> list[Example]:
    ids = []
    for n in range(40):
        ids += [f"q{n}", f"q{n}-en", f"q{n}-da"] if n % 2 else [f"q{n}", f"q{n}-p"]
    return [Example(i, "src", True, None, np.zeros(0)) for i in ids]  # type: ignore[arg-type]


def test_a_resample_keeps_nine_tenths_of_the_questions_with_all_their_versions() -> None:
    everything = examples()
    out = resample(everything, seed=3)
    groups: dict[str, list[str]] = {}
    for e in out:
        groups.setdefault(base_id(e.item_id), []).append(e.item_id)
    assert len(groups) == round(RESAMPLE_SHARE * 40) == 36
    for base, ids in groups.items():
        assert len(ids) == (3 if int(base[1:]) % 2 else 2)  # each version once, none left behind
    order = [e.item_id for e in everything]
    assert [e.item_id for e in out] == [i for i in order if base_id(i) in groups]  # file order


def test_a_resample_is_seeded() -> None:
    first = [e.item_id for e in resample(examples(), seed=1)]
    assert first == [e.item_id for e in resample(examples(), seed=1)]
    assert first != [e.item_id for e in resample(examples(), seed=2)]


def test_a_fitted_number_is_stored_without_a_negative_zero() -> None:
    """A weight a hair below zero in one refit and above it in the next is 0.0 both times, so the
    same data writes the same model file."""
    from assistant.reader.scorer import rounded

    assert str(rounded(-1e-12)) == "0.0"
    assert rounded(0.123456789) == 0.12345679
    assert rounded(-0.5) == -0.5
