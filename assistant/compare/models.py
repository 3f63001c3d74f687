"""What a comparison gives back: one row per document in scope, each with its quoted position."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Citation, Lang

Label = Literal["for", "against", "conditional"]


class ComparisonRow(BaseModel):
    """One document's position on the topic: the sentences that state it, or "not addressed"."""

    doc_id: str
    file_name: str
    title: str
    author: str = ""
    year: int | None = None
    addressed: bool
    confidence: float  # the reader's probability that the quoted sentences address the topic
    label: Label | None = None  # only when a quoted sentence plainly states it
    label_cue: str = ""  # the words of the quote the label rests on
    citations: list[Citation] = Field(default_factory=list)  # 1–3 when addressed, none otherwise
    related: Citation | None = None  # the closest sentence, shown under "not addressed"


class Comparison(BaseModel):
    topic: str
    lang: Lang
    rows: list[ComparisonRow]
    took_ms: float = 0.0
    synthesised: dict[str, str] = Field(default_factory=dict)  # doc_id -> verified LLM line (LLM backends)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The documented ``assistant compare --json`` shape."""
        return {
            "topic": self.topic,
            "rows": [
                {
                    "doc": r.file_name,
                    "doc_id": r.doc_id,
                    "title": r.title,
                    "addressed": r.addressed,
                    "label": r.label,
                    "confidence": round(r.confidence, 3),
                    "summary": self.synthesised.get(r.doc_id),
                    "citations": [
                        {"quote": c.quote, "passage": c.passage, "page": c.page, "lines": [c.line_start, c.line_end]}
                        for c in r.citations
                    ],
                }
                for r in self.rows
            ],
        }
