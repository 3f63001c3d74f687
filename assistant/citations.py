"""Turn a retrieved passage and a span of it into a checkable citation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.models import Citation
from retrieval.types import Hit

if TYPE_CHECKING:
    from retrieval.index import Index


def make_citation(
    marker: int,
    hit: Hit,
    start: int,
    end: int,
    raw_text: str | None = None,
    author: str = "",
    year: int | None = None,
) -> Citation:
    """Cite ``hit.chunk.text[start:end]`` as source ``[marker]``, with its raw-file span and lines.

    ``raw_text`` is the document's original text; with it the quote's own line range and pages
    are exact, without it the passage's line range and first page are given."""
    chunk = hit.chunk
    start, end = max(0, start), min(len(chunk.text), max(start, end))
    raw_start, raw_end = chunk.raw_span(start, end) if end > start else (chunk.raw_start, chunk.raw_end)
    if raw_text is not None:
        line_start = raw_text.count("\n", 0, raw_start) + 1
        line_end = line_start + raw_text.count("\n", raw_start, max(raw_start, raw_end - 1))
        page, page_end = chunk.page_at(line_start), chunk.page_at(line_end)
    else:
        line_start, line_end = chunk.line_start, chunk.line_end
        page, page_end = chunk.page, chunk.page
    return Citation(
        marker=marker,
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id,
        file_name=chunk.file_name,
        title=chunk.title,
        author=author,
        year=year,
        page=page,
        page_end=page_end if page_end != page else None,
        section=chunk.section,
        quote=chunk.text[start:end],
        passage=chunk.text,
        raw_start=raw_start,
        raw_end=raw_end,
        line_start=line_start,
        line_end=line_end,
        score=hit.score,
    )


def cite_span(index: Index, hit: Hit, start: int, end: int, marker: int = 0) -> Citation:
    """:func:`make_citation` with the document's raw text (exact lines), author and year from ``index``."""
    doc = index.documents.get(hit.chunk.doc_id)
    return make_citation(
        marker,
        hit,
        start,
        end,
        raw_text=index.raw_texts.get(hit.chunk.doc_id),
        author=doc.author if doc else "",
        year=doc.year if doc else None,
    )
