"""Words within one edit: the typo a user makes ("kommunne", "recieve", "behandlnig").

A :class:`Speller` is fitted on a vocabulary (the index's stems, the English lexicon's
headwords) and gives, for a word it does not hold, the words it does hold that are one
insertion, deletion, substitution or swap of two neighbouring letters away. Lookups go
through a symmetric-deletion table (each word and its one-letter deletions -> the word), so a
lookup costs a few dictionary probes however large the vocabulary.

Only words of ``MIN_LENGTH`` letters or more are corrected: among short words, one edit away
from a real word is usually another real word ("skole"/"skale"), which is also why callers
correct only words their vocabulary lacks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

MIN_LENGTH = 5


def deletions(word: str) -> set[str]:
    """``word`` without one of its letters, each way."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


class Speller:
    """One-edit neighbours of a word in a fixed vocabulary (``fit`` once, ``variants`` often)."""

    def __init__(self, min_length: int = MIN_LENGTH) -> None:
        self.min_length = min_length
        self._table: dict[str, list[str]] = {}
        self._words: frozenset[str] = frozenset()

    def fit(self, words: Iterable[str]) -> Speller:
        table: dict[str, list[str]] = defaultdict(list)
        kept = sorted({w for w in words if len(w) >= self.min_length - 1 and w.isalpha()})
        for word in kept:
            table[word].append(word)
            for deleted in deletions(word):
                table[deleted].append(word)
        self._table = dict(table)
        self._words = frozenset(kept)
        return self

    @property
    def words(self) -> frozenset[str]:
        return self._words

    def __contains__(self, word: str) -> bool:
        return word in self._words

    def variants(self, word: str) -> list[str]:
        """The vocabulary's words one edit from ``word``, sorted; none for a word the vocabulary
        holds, a short word or one with other characters than letters."""
        if len(word) < self.min_length or not word.isalpha() or word in self._words:
            return []
        found: set[str] = set(self._table.get(word, ()))
        for deleted in deletions(word):
            found.update(self._table.get(deleted, ()))
        return sorted(w for w in found if within_one_edit(word, w))
