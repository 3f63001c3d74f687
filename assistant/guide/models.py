"""A document's guide: a short extractive summary, its outline, its key figures and questions to ask."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Citation, Lang

FigureKind = Literal["money", "count", "percent", "date"]  # "date": a date, year, span of years or span of time


class KeyFigure(BaseModel):
    value: str  # as the document writes it: "6 mio. kr.", "33.000", "12 prosent", "2010-2013"
    kind: FigureKind
    refers_to: str  # what it is about: the initiative (its heading), or the words next to the figure
    period: str | None = None  # a year or year span the sentence gives it
    citation: Citation


class OutlineEntry(BaseModel):
    title: str
    page: int | None = None
    chunk_id: str
    line: int  # first line of the section in the raw file
    level: int | None = None  # as its loader marked it (Word's "Heading 2", HTML's <h2>, Markdown's "##")


class SuggestedQuestion(BaseModel):
    text: str
    lang: Lang
    answered: bool = False  # the assistant answers it from this document (checked when the guide is built)


class Guide(BaseModel):
    doc_id: str
    title: str
    file_name: str
    lang: str
    version: int
    summary: list[Citation] = Field(default_factory=list)
    outline: list[OutlineEntry] = Field(default_factory=list)
    key_figures: list[KeyFigure] = Field(default_factory=list)
    suggested_questions: list[SuggestedQuestion] = Field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The documented ``assistant guide --json`` shape (an outline entry's ``depth``: 0 for the
        document's first level of headings, 1 and 2 under it)."""
        from assistant.guide.structure import depths

        def cite(c: Citation) -> dict[str, object]:
            return {"quote": c.quote, "page": c.page, "lines": [c.line_start, c.line_end], "section": c.section}

        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "summary": [cite(c) for c in self.summary],
            "outline": [
                {"title": o.title, "page": o.page, "line": o.line, "depth": d}
                for o, d in zip(self.outline, depths(self.outline), strict=True)
            ],
            "key_figures": [
                {
                    "value": f.value,
                    "kind": f.kind,
                    "refers_to": f.refers_to,
                    "period": f.period,
                    "citation": cite(f.citation),
                }
                for f in self.key_figures
            ],
            "suggested_questions": [{"text": q.text, "lang": q.lang} for q in self.suggested_questions],
        }
