"""Plain data passed between the steps of the pipeline.

documents -> LoadedDocument -> CleanedDocument (blocks) -> Chunk -> index -> Hit
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field

BlockKind = Literal["body", "heading", "footnote", "list"]


class LoadedDocument(BaseModel):
    """A file read into text. ``text`` is what the raw-file spans refer to.

    For .txt/.md ``text`` is the file's content verbatim. For pdf/docx/html it is the
    extracted text; ``page_starts`` then gives the character offset where each page
    begins (page 1 first) when the format knows its pages.
    """

    doc_id: str
    path: Path
    file_name: str
    format: Literal["txt", "md", "pdf", "docx", "html"]
    text: str
    page_starts: list[int] = Field(default_factory=list)
    sha256: str = ""


class Block(BaseModel):
    """A run of cleaned text (paragraph, heading, footnote) with its place in the raw file."""

    kind: BlockKind = "body"
    text: str
    clean_start: int  # span in CleanedDocument.text
    clean_end: int
    raw_start: int  # span in LoadedDocument.text
    raw_end: int
    line_start: int  # 1-based raw line numbers, inclusive
    line_end: int
    page: int | None = None
    section: str | None = None


class CleanedDocument(BaseModel):
    """Cleaned text plus a per-character map back to the raw text."""

    doc_id: str
    text: str
    offsets: list[int]  # offsets[i] = raw offset of text[i]
    blocks: list[Block]
    page_count: int | None = None
    line_pages: list[int | None] = Field(default_factory=list)  # page of each raw line (index = line - 1)
    fixes: dict[str, int] = Field(default_factory=dict)  # cleaning rule -> times applied

    def raw_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Raw [start, end) covering the cleaned span [clean_start, clean_end)."""
        if clean_end <= clean_start:
            o = self.offsets[min(clean_start, len(self.offsets) - 1)]
            return o, o
        return self.offsets[clean_start], self.offsets[clean_end - 1] + 1


class Chunk(BaseModel):
    """One indexed passage."""

    chunk_id: str
    doc_id: str
    file_name: str
    title: str
    lang: str
    text: str
    section: str | None = None
    page: int | None = None
    page_end: int | None = None
    # (raw line, page): where each later page than ``page`` begins inside the passage
    page_breaks: list[tuple[int, int]] = Field(default_factory=list)
    raw_start: int
    raw_end: int
    line_start: int
    line_end: int
    clean_start: int
    clean_end: int
    n_tokens: int
    content_hash: str
    also_at: list[str] = Field(default_factory=list)  # "line 208-212" places of removed duplicates
    # runs (position in text, raw offset, length): text[p:p+n] came from raw[r:r+n] char by char
    char_map: list[tuple[int, int, int]] = Field(default_factory=list)

    def page_at(self, line: int) -> int | None:
        """The page of the passage's raw line ``line``: its first page until a break."""
        page = self.page
        for at, p in self.page_breaks:
            if at > line:
                break
            page = p
        return page

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-file span of ``text[start:end]`` (for quoting a sentence of the passage)."""
        return self.raw_offset(start), self.raw_offset(max(start, end - 1)) + 1

    def raw_offset(self, pos: int) -> int:
        best = self.raw_start
        for p, r, n in self.char_map:
            if p <= pos < p + n:
                return r + (pos - p)
            if p <= pos:
                best = r + n - 1
        return best


class Hit(NamedTuple):
    """A retrieved passage with its fused score and the ranks that produced it."""

    chunk: Chunk
    score: float
    rank: int
    dense_rank: int | None
    bm25_rank: int | None
