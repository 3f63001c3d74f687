"""Does a question ask for a list of every match, and of what?

A list is asked for by a listing verb at the start ("List …", "Nevn alle …", "Opregn …"), by
"all / every / alle / samtlige" before a plural item noun, by "hvilke tall / which figures",
by "hvilke ni … / which five …" (not "which two", a pair is one answer), by a question that
asks which things a document enumerates ("opregner", "lists"), or by "how many / hvor mange"
before a noun for things a document proposes or contains
(initiatives, measures, demands …). The item nouns are general words of plans and hearing
inputs, not of one document. What is listed:

* ``money``: amounts (the question asks for budgets, funds, "how much", "hvor meget");
* ``figures``: the figures a document gives (counts, shares, amounts), e.g. for a year;
* ``items``: the points of a list, or the sentences that state one item each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ITEM_NOUNS = (
    r"(?:initiativ\w*|tiltak\w*|tiltag\w*|indsatser|innsatser|forslag\w*|krav\w*|tall(?:ene)?|beløb\w*|"
    r"budget\w*|budsjett\w*|bevilgning\w*|reaksjon\w*|reaktion\w*|sanksjon\w*|sanktion\w*|punkt\w*|"
    r"anbefaling\w*|anbefalinger|projekt\w*|prosjekt\w*|etat\w*|aktør\w*|straffereaksjon\w*|"
    r"initiatives|measures|proposals|demands|figures|numbers|amounts|budgets|sanctions|reactions|"
    r"recommendations|items|projects|agencies|actors|budget\s+lines)"
)
LIST_START = re.compile(
    r"(?i)(?:^|[.?!]\s+)\W*(?:please\s+)?(?:list|liste|opregn|ramse\s+opp|nevn|nævn|oppgi|angiv|angi|"
    r"give\s+me\s+(?:a\s+list|all))\b"
)
ALL_ITEMS = re.compile(rf"(?i)\b(?:all|every|alle|samtlige|each|hvert|hver)\b(?:\s+\w+){{0,3}}?\s+{ITEM_NOUNS}\b")
WHICH_FIGURES = re.compile(
    r"(?i)\b(?:hvilke|hvilken|which|what)\s+(?:tall|tal|figures|numbers|statistik\w*|statistics)\b"
)
# "Hvilke reaksjoner foreslår …", "Which measures does …": several items, not one (not "which two …")
WHICH_ITEMS = re.compile(rf"(?i)^\W*(?:hvilke|which)\s+(?:[^\W\d]+\s+){{0,2}}?{ITEM_NOUNS}\b")
HOW_MANY_ITEMS = re.compile(rf"(?i)\b(?:how\s+many|hvor\s+mange)\s+(?:\w+\s+)?{ITEM_NOUNS}\b")
WHICH_ITEMS_WITH_MONEY = re.compile(
    rf"(?i)\b(?:hvilke|which|what)\s+(?:\w+\s+)?{ITEM_NOUNS}\b.*\b(?:afsat|afsættes|midler|penge|penger|budget\w*|"
    rf"bevilg\w*|funding|funds|money|kroner|mio|hvor\s+meget|hvor\s+mye|how\s+much)"
)
MONEY = re.compile(
    r"(?i)\b(?:budget\w*|budsjett\w*|beløb\w*|beløp\w*|midler|penge|penger|kroner|mio|funding|funds|money|"
    r"how\s+much|hvor\s+meget|hvor\s+mye|afsat\w*|afsættes|bevilg\w*|allocat\w*|set\s+aside|satt\s+av)\b"
)
FIGURES = re.compile(r"(?i)\b(?:tall|tal|figures|numbers|statistik\w*|statistics)\b")
# "which two …" wants two named things, one answer; "hvilke ni mekanismer", "which five …" a list
PAIR = re.compile(r"(?i)\b(?:hvilke|which|what)\s+(?:to|two|begge|both|2)\b")
# a question about several things that a document enumerates ("Hvilke principper … opregner planen?",
# "Which measures does the party list …")
ENUMERATES = re.compile(
    r"(?i)^\W*(?:hvilke|which|what)\b.*\b(?:opregn\w*|oppregn\w*|enumerat\w*|lists?|listed|ramser\s+op+)\b"
)
NUMBER_OF_THINGS = re.compile(
    r"(?i)^\W*(?:hvilke|which|what\s+are\s+the)\s+(?:tre|three|fire|four|fem|five|seks|six|syv|sju|seven|otte|åtte|"
    r"eight|ni|nine|ti|ten|[3-9]|1\d)\s+[^\W\d]+"
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class ListRequest:
    kind: Literal["money", "figures", "items"]
    count: bool  # "how many …": the count is the answer, the items its support
    year: str | None


def list_request(text: str) -> ListRequest | None:
    """The list ``text`` asks for, or None (most questions want one answer)."""
    how_many = HOW_MANY_ITEMS.search(text)
    asked = (
        LIST_START.search(text)
        or ALL_ITEMS.search(text)
        or WHICH_FIGURES.search(text)
        or how_many
        or WHICH_ITEMS_WITH_MONEY.search(text)
        or ((WHICH_ITEMS.search(text) or ENUMERATES.search(text)) and not PAIR.search(text))
        or NUMBER_OF_THINGS.search(text)
    )
    if not asked:
        return None
    years = YEAR.findall(text)
    if MONEY.search(text):
        kind: Literal["money", "figures", "items"] = "money"
    elif FIGURES.search(text):
        kind = "figures"
    else:
        kind = "items"
    return ListRequest(kind, bool(how_many), years[0] if years else None)
