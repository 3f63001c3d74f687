"""The hard conditions a question states, checked against a candidate sentence.

A year or a unit named in the question must stand with the answer (a figure's year in its
sentence, the one before it, or its section heading; any other answer's year in its passage).
Other figures the question names are a feature (``number_missing``): they are written in too
many ways ("8.5", "8. mai") to rule a passage out. So are the places it names
(``place_missing``, for the passage and for its whole document): a text need not repeat its
country in every paragraph, and names it in many forms ("europavei", "amerikanske"); only a
figure asked for a place (how many, how much … in Sweden) must come from a passage naming
it. An amount of money or a share must be stated as one (``FIGURE_REQUIRED``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.extractive import (
    FRACTION_RX,
    NUMERIC_KINDS,
    PERCENT_RX,
    SHARE_WORDS,
    YEAR_RANGE_RX,
    YEAR_RX,
    missing_places,
    missing_units,
    missing_years,
    money_spans,
)
from assistant.question import QuestionInfo, names_place

_WORDS = re.compile(r"[\w€%]+")
# kinds whose answer is always written as a figure with its unit: an amount of money (with its
# currency, or its scale word in a sentence about money: :func:`money_spans`), a share
_SHARE_RX = re.compile(rf"{PERCENT_RX.pattern}|{FRACTION_RX.pattern}|\b(?:{SHARE_WORDS})", re.I)
FIGURE_REQUIRED: dict[str, Callable[[str], bool]] = {
    "money": lambda sentence: bool(money_spans(sentence)),
    "percent": lambda sentence: bool(_SHARE_RX.search(sentence)),
}


# a report of one year, as its title or first lines name it ("Årsrapport 2023 (uddrag)", "Årsberetning
# 2024 og investeringsplan 2025–2028", "Annual Report 2023")
_REPORT_YEAR = re.compile(
    r"(?i)\b(?:års(?:rapport|beretning|melding|regnskab|regnskap|redovisning|oversikt)|annual\s+(?:\w+\s+)?report|"
    r"yearbook|årbok|årbog)\s+(?:for\s+)?((?:19|20)\d\d)\b(?!\s?[-–/]\s?\d)"
)


def document_year(opening: str) -> str:
    """The year a report of one year names itself by in its opening lines ("Årsrapport 2023"), or ""."""
    m = _REPORT_YEAR.search(opening)
    return m.group(1) if m else ""


@lru_cache(maxsize=1024)
def dated_title(title: str) -> str:
    """``title`` when one year dates it, and so its text's figures ("Årsrapport 2023", "Oslo-politiet
    oppsummerer 2018"); "" for no year or a span of years ("Europas historie 1789–1914")."""
    return title if len(YEAR_RX.findall(title)) == 1 and not YEAR_RANGE_RX.search(title) else ""


def words_of(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(text.lower()))


def failed_conditions(
    q: QuestionInfo, sentence: str, before: str, passage_context: str, document_year: str = ""
) -> list[str]:
    """What of the question's years, units, places and kind of figure this sentence does not meet
    (``document_year``: the one year that dates its document, :func:`document_year`)."""
    failed: list[str] = []
    if q.kind in NUMERIC_KINDS:
        # a figure asked for a place is read only where the place is named
        failed += missing_places(q, passage_context.lower())
    if q.kind in FIGURE_REQUIRED and not FIGURE_REQUIRED[q.kind](sentence):
        failed.append(q.kind)
    return failed + missing_years(q, sentence, before, passage_context, document_year) + missing_units(q, sentence)


def numbers_missing(q: QuestionInfo, passage_context: str) -> float:
    """Share of the figures the question names (other than years) that the passage does not hold
    as written ("8.5" may stand as "8. mai": a feature, not a condition)."""
    if not q.numbers:
        return 0.0
    return sum(1 for n in q.numbers if n not in passage_context) / len(q.numbers)


def places_missing(q: QuestionInfo, passage_words: frozenset[str]) -> float:
    """Share of the places the question names that the passage does not name."""
    if not q.places:
        return 0.0
    return sum(1 for group in q.places if not names_place(group, passage_words)) / len(q.places)
