"""The comparison's document features: how far a document's best sentence stands out."""

from __future__ import annotations

import numpy as np

from assistant.compare.features import score_standing


def test_a_sentence_that_stands_out_leads_the_others() -> None:
    top, over_next, over_median = score_standing(np.array([1.0, 4.0, 0.5, 1.5]))
    assert top == 4.0 and over_next == 2.5 and over_median == 2.75
    alike = score_standing(np.array([2.0, 2.1, 1.9, 2.0]))
    assert alike[1] < 0.2 and alike[2] < 0.2  # many alike: nothing stands out


def test_one_or_no_sentence() -> None:
    assert score_standing(np.array([3.0])) == (3.0, 0.0, 0.0)
    assert score_standing(np.zeros(0)) == (0.0, 0.0, 0.0)
