"""The section outline of a document: each heading once, in order, with its page and line.

Headings are the sections the chunker found, and the short unpunctuated blocks inside
passages that head the text after them (:func:`assistant.guide.figures.is_heading`)."""

from __future__ import annotations

from assistant.guide.figures import MONTH_YEAR, is_heading
from assistant.guide.models import OutlineEntry
from retrieval.types import Chunk

MAX_ENTRIES = 60


def names_a_part(title: str) -> bool:
    """Not a signature block ("Benedikte Kiær Bertel Haarder": names only), a date ("Oktober
    2010") or a stray acronym."""
    words = [w for w in title.split() if w[:1].isalpha()]
    if sum(ch.isalpha() for ch in title) < 4 or MONTH_YEAR.fullmatch(title.strip()):
        return False
    return not (len(words) >= 3 and all(w[:1].isupper() for w in words) and not title.isupper())


def outline(chunks: list[Chunk], raw: str | None = None) -> list[OutlineEntry]:
    out: list[OutlineEntry] = []
    seen: set[str] = set()

    def add(title: str, chunk: Chunk, pos: int | None) -> None:
        title = " ".join(title.split())
        if not title or title.lower() in seen or len(out) >= MAX_ENTRIES or not names_a_part(title):
            return
        if not out and title == " ".join(chunk.title.split()):  # the document's own title
            seen.add(title.lower())
            return
        seen.add(title.lower())
        line = chunk.line_start
        if raw is not None and pos is not None:
            line = raw.count("\n", 0, chunk.raw_offset(pos)) + 1
        out.append(OutlineEntry(title=title, page=chunk.page, chunk_id=chunk.chunk_id, line=line))

    for chunk in chunks:
        if chunk.section:
            add(chunk.section, chunk, None)
        pos = 0
        blocks = chunk.text.split("\n\n")
        for n, block in enumerate(blocks):
            # a heading block is followed by the text it heads (a passage's last block may head the next)
            if is_heading(block) and (n + 1 < len(blocks) or chunk is not chunks[-1]):
                add(block, chunk, pos + len(block) - len(block.lstrip()))
            pos += len(block) + 2
    return out
