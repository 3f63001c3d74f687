"""Tolerant text matching: does a passage hold a quote despite cleaning?

Cleaning re-joins broken words, drops hyphens, footnote markers and line numbers and
folds whitespace, so a quote copied from the raw file is compared on its letters and
digits only, case-folded.
"""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


# small numbers written as words (Danish, Norwegian, English): "to projekter", "Tre", "ti brukerdoser"
NUMBER_WORDS = {
    w: str(n)
    for n, words in enumerate(
        [
            "", "en et ett ei one", "to two", "tre three", "fire four", "fem five", "seks six", "syv sju seven",
            "otte åtte eight", "ni nine", "ti ten", "elleve eleven", "tolv twelve",
        ]
    )
    for w in words.split()
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def digits(text: str) -> str:
    """The digits of a text, in order ("26,4 mio. kr." -> "264"): a figure however it is written."""
    return "".join(ch for ch in text if ch.isdigit())


def figure_digits(value: str) -> str:
    """A figure's digits (:func:`digits`), or for a figure written in words the number its first
    number word names ("Tre" -> "3", "ti brukerdoser" -> "10"; "en", "et", "one" only when they
    are the whole value, as they are mostly articles)."""
    found = digits(value)
    if found:
        return found
    words = [w.lower() for w in _WORD.findall(value)]
    for w in words:
        if w in NUMBER_WORDS and (NUMBER_WORDS[w] != "1" or len(words) == 1):
            return NUMBER_WORDS[w]
    return ""


def fold(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


def holds_quote(passage: str, quote: str) -> bool:
    q = fold(quote)
    return bool(q) and q in fold(passage)


def quote_coverage(passage: str, quote: str) -> float:
    """Share of the quote's folded characters found as one run in the passage (0..1)."""
    q, p = fold(quote), fold(passage)
    if not q:
        return 0.0
    if q in p:
        return 1.0
    best = 0
    # longest prefix or suffix of the quote that the passage holds (quote cut by a chunk edge)
    lo, hi = 0, len(q)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if q[:mid] in p or q[-mid:] in p:
            lo = mid
        else:
            hi = mid - 1
    best = lo
    return best / len(q)
