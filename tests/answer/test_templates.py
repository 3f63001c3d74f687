"""The answers' fixed wording (prompts/extractive.json): every template in the three languages,
and a count of one in the singular."""

from __future__ import annotations

import json

import pytest

from assistant.templates import PROMPTS_DIR, phrase


def test_every_template_has_the_three_languages() -> None:
    table = json.loads((PROMPTS_DIR / "extractive.json").read_text(encoding="utf-8"))
    missing = {key: sorted({"en", "da", "nb"} - set(v)) for key, v in table.items() if {"en", "da", "nb"} - set(v)}
    assert missing == {}


@pytest.mark.parametrize(
    ("lang", "one", "three"),
    [
        ("nb", "1 punkt i dokumentene:", "3 punkter i dokumentene:"),
        ("da", "1 punkt i dokumenterne:", "3 punkter i dokumenterne:"),
        ("en", "1 item in the documents:", "3 items in the documents:"),
    ],
)
def test_a_count_of_one_is_in_the_singular(lang: str, one: str, three: str) -> None:
    assert phrase(lang, "list_head", n="1") == one  # type: ignore[arg-type]
    assert phrase(lang, "list_head", n="3") == three  # type: ignore[arg-type]
    assert phrase(lang, "structure_head", n="1", title="Planen").startswith("1 ")  # type: ignore[arg-type]
    assert "1 headings" not in phrase("en", "structure_head", n="1", title="Planen")
