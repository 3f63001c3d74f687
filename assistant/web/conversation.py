"""One browser session's conversation: its answers, and the feedback given on them.

Kept in ``gr.State`` (one copy per session), so it holds plain data only: ``Answer``
objects (each knows its question) and feedback ids, never the assistant or the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.models import Answer, Citation

SOURCE_REF = re.compile(r"^(cite|rel):(\d{1,4}):(\d{1,3})(?:#.*)?$")


@dataclass
class Conversation:
    answers: list[Answer] = field(default_factory=list)
    feedback: dict[int, tuple[str, str]] = field(default_factory=dict)  # turn -> (record id, rating)
    comment_turn: int | None = None  # the answer the comment box is about

    def citation(self, kind: str, turn: int, marker: int) -> Citation | None:
        if not 0 <= turn < len(self.answers):
            return None
        answer = self.answers[turn]
        pool = answer.related if kind == "rel" else answer.citations
        return next((c for c in pool if c.marker == marker), None)


def parse_source_ref(value: str | None) -> tuple[str, int, int] | None:
    """``"cite:2:1#nonce"`` -> ("cite", 2, 1); anything else -> None."""
    m = SOURCE_REF.match((value or "").strip())
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None
