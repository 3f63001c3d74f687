"""The position a quoted sentence states plainly: for, against, or for with conditions.

Cue phrases per language are data (``stance_cues.json``); a label is given only when the
quoted sentences hold a cue of exactly one kind, so an unclear or mixed quote gets none."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from assistant.compare.models import Label

CUES_PATH = Path(__file__).resolve().with_name("stance_cues.json")
CLAUSE_BREAK = re.compile(r"[.;:!?,–]")


class Stance(NamedTuple):
    label: Label
    cue: str


@lru_cache(maxsize=1)
def cues() -> dict[str, re.Pattern[str]]:
    data = json.loads(CUES_PATH.read_text(encoding="utf-8"))
    out: dict[str, re.Pattern[str]] = {}
    for label in ("for", "against", "conditional"):
        phrases = sorted({p.lower() for lang in data[label].values() for p in lang}, key=len, reverse=True)
        out[label] = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)
    return out


def clause_around(text: str, start: int, end: int, words: int = 12) -> str:
    """The words of the clause a cue at ``text[start:end]`` sits in: back to the last clause
    break before it and on to the next one after it, at most ``words`` words each way."""
    before = CLAUSE_BREAK.split(text[:start])[-1].split()[-words:]
    after = CLAUSE_BREAK.split(text[end:])[0].split()[:words]
    return " ".join(before + after)


def stance_of(quotes: list[str], about: Callable[[str], bool] | None = None) -> Stance | None:
    """The label the quotes state, with the cue it rests on; None when none or more than one kind
    is stated. Against-cues are found first and blanked ("støtter ikke" is not "støtter"); support
    with a condition is "conditional". With ``about`` (is this text about the topic?), a cue
    counts only when its own clause is about the topic, so "anbefaler at begrepsbruken vurderes"
    in a sentence that mentions the topic elsewhere gives no label."""
    found: dict[str, str] = {}
    for quote in quotes:
        text = quote
        for label in ("against", "conditional", "for"):
            for m in cues()[label].finditer(text):
                where = quote if label == "conditional" else clause_around(quote, m.start(), m.end())
                if about is None or about(where):
                    found.setdefault(label, m.group(0))
            text = cues()[label].sub(lambda x: " " * len(x.group(0)), text)
    if "conditional" in found and "against" not in found:
        return Stance("conditional", found["conditional"])
    if len(found) == 1:
        label = next(iter(found))
        return Stance(label, found[label])  # type: ignore[arg-type]
    return None
