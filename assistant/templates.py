"""Fixed wording of the extractive answers, in the question's language.

The wording lives in ``prompts/extractive.json`` with the other prompt files, so it is
versioned and edited in one place."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from assistant.models import Lang

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@lru_cache(maxsize=1)
def _phrases() -> dict[str, dict[str, str]]:
    return json.loads((PROMPTS_DIR / "extractive.json").read_text(encoding="utf-8"))


def phrase(lang: Lang, key: str, **values: str) -> str:
    """The template ``key`` in ``lang`` (English when it has none), filled in; where ``n`` is 1
    and the template has a singular (``key_one``: "1 punkt", not "1 punkter"), that one."""
    if values.get("n") == "1" and f"{key}_one" in _phrases():
        key = f"{key}_one"
    table = _phrases()[key]
    text = table.get(lang, table["en"]).format(**values)
    return text.replace(" ()", "")  # a document without an author: no empty parentheses
