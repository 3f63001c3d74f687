"""One-edit spelling variants: the lookup behind typo-tolerant search and reading."""

from __future__ import annotations

import pytest

from retrieval.spelling import Speller, deletions, within_one_edit


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("forbudt", "fobudt", True),  # a letter left out
        ("forbudt", "forbbudt", True),  # a letter typed twice
        ("forbudt", "forbuut", True),  # one letter for another
        ("forbudt", "frobudt", True),  # neighbours swapped
        ("forbudt", "forbudt", False),  # the same word is no variant
        ("forbudt", "frbodt", False),  # two edits
        ("forbudt", "fobdut", False),  # a deletion and a swap
    ],
)
def test_within_one_edit(a: str, b: str, expected: bool) -> None:
    assert within_one_edit(a, b) is expected
    assert within_one_edit(b, a) is expected


def test_deletions_are_each_letter_left_out() -> None:
    assert deletions("abc") == {"bc", "ac", "ab"}


def test_variants_are_the_vocabulary_words_one_edit_away() -> None:
    speller = Speller().fit(["forbudt", "forbud", "forbundet", "distrikt", "distrikter", "og", "12345"])
    assert speller.variants("fobudt") == ["forbudt"]
    assert speller.variants("forbudd") == ["forbud", "forbudt"]  # sorted, every one within one edit
    assert speller.variants("distirkt") == ["distrikt"]
    assert speller.variants("forbudt") == []  # a word the vocabulary holds is no typo
    assert speller.variants("gog") == []  # too short to tell a typo from another word
    assert speller.variants("zzzzzz") == []
    assert "forbudt" in speller and "og" not in speller and "12345" not in speller  # words of letters, >= 4
