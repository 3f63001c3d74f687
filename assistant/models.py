"""What the assistant gives back: an answer with checkable citations."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["da", "nb", "en"]


class Citation(BaseModel):
    """One numbered source: the exact quoted span and the passage it stands in."""

    marker: int  # the n in [n]
    chunk_id: str
    doc_id: str
    file_name: str
    title: str
    author: str = ""
    year: int | None = None
    page: int | None = None  # the page the quote starts on
    page_end: int | None = None  # the page it ends on, when it runs onto a later one
    section: str | None = None
    quote: str  # the exact span quoted (cleaned text of the passage)
    passage: str  # the full passage text
    raw_start: int  # span of the quote in the raw file
    raw_end: int
    line_start: int  # raw line range of the quote
    line_end: int
    score: float = 0.0

    @property
    def pages(self) -> str:
        """The pages quoted: "12", "12–13" over a page break, "" where the format has no pages."""
        if self.page is None:
            return ""
        return f"{self.page}–{self.page_end}" if self.page_end and self.page_end != self.page else str(self.page)


class Timings(BaseModel):
    rewrite_ms: float = 0.0
    retrieve_ms: float = 0.0
    generate_ms: float = 0.0
    total_ms: float = 0.0


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Answer(BaseModel):
    question: str
    text: str  # markdown with inline markers [1], [2] ...
    citations: list[Citation] = Field(default_factory=list)
    refused: bool = False
    related: list[Citation] = Field(default_factory=list)  # closest passages shown with a refusal
    backend: str = "extractive"
    query: str = ""  # the standalone query actually searched
    lang: Lang = "en"
    grounded: bool = True  # every sentence with a claim cites a passage that supports it
    warnings: list[str] = Field(default_factory=list)
    # the learned reader's calibrated probability that its answer is right (None for a refusal
    # and for what the reader did not answer: a list's table alone, a comparison, a language model)
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    timings: Timings = Field(default_factory=Timings)
    usage: Usage | None = None
    # how the answer came about, for the curious and for debugging: "query" (the standalone
    # query searched), "rewrite" ("llm" | "carry-subject" | "none"), "history", "retrieval"
    # (mode, k, document filter), "hits" ("chunk_id score" lines, best first), "fallback"
    # (why the LLM's answer was replaced), "prompt_version" (LLM answers)
    debug: dict[str, str] = Field(default_factory=dict)

    def markers(self) -> list[int]:
        import re

        return [int(m) for m in re.findall(r"\[(\d+)\]", self.text)]
