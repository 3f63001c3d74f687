"""The section outline of a document: each heading once, in order, with its page and line.

Headings are the sections the chunker found, and the short unpunctuated blocks inside
passages that head the text after them (:func:`assistant.guide.figures.is_heading`), up to the
document's last line of text: what comes after it (a closing "Med vennlig hilsen", the names
and roles that sign it) heads nothing."""

from __future__ import annotations

import re

from assistant.guide.models import OutlineEntry
from retrieval.headings import is_heading, names_a_part
from retrieval.types import Chunk

MAX_ENTRIES = 60
MIN_TEXT_WORDS = 6  # a line of text, not a heading, a name or a role


def last_text(chunks: list[Chunk]) -> tuple[int, int]:
    """Where the document's last line of text starts: (passage number, offset in it)."""
    found = (-1, -1)
    for n, chunk in enumerate(chunks):
        pos = 0
        for line in chunk.text.split("\n"):
            if len(line.split()) >= MIN_TEXT_WORDS and not is_heading(line):
                found = (n, pos)
            pos += len(line) + 1
    return found


MARKED = re.compile(r"(?m)^(#{1,6}) +(\S.*?)[ \t]*$")


def marked_levels(raw: str) -> dict[str, int]:
    """The headings' levels as their loader marked them ("## Budsjett": 2; Word's, HTML's,
    Markdown's and PDFs' by their print), by their words; the first mark of a title counts."""
    found: dict[str, int] = {}
    for m in MARKED.finditer(raw):
        found.setdefault(" ".join(m.group(2).split()), len(m.group(1)))
    return found


def marked_level(raw: str, title: str) -> int | None:
    """A heading's level as its loader marked it, or None (plain text, an unmarked PDF)."""
    return marked_levels(raw).get(" ".join(title.split()))


def heading_match(text: str, title: str) -> tuple[int, int] | None:
    """Where a heading stands in a passage's text, its words apart by any spaces (a PDF's line
    break inside it is one), or None."""
    words = title.split()
    m = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
    return (m.start(), m.end()) if m else None


def of_title(entry: OutlineEntry, title: str) -> bool:
    """Whether a heading is the document's title, or a line of it ("UTREDNINGSOPPDRAG -
    POLITIETS ROLLE …" / "FOR BRUK OG BESITTELSE AV NARKOTIKA" under a title of both)."""

    def norm(s: str) -> str:
        return " ".join(re.sub(r"[-–—:]", " ", s).casefold().split())

    part = norm(entry.title)
    return len(part) >= 8 and part in norm(title)


def outline(chunks: list[Chunk], raw: str | None = None) -> list[OutlineEntry]:
    out: list[OutlineEntry] = []
    seen: set[str] = set()
    marks = marked_levels(raw) if raw is not None else {}
    end = last_text(chunks)

    def add(title: str, chunk: Chunk, pos: int | None, where: tuple[int, int]) -> None:
        title = " ".join(title.split())
        if not title or title.lower() in seen or len(out) >= MAX_ENTRIES or not names_a_part(title):
            return
        if where > end:  # after the last line of text: a closing or a signature
            return
        if not out and title == " ".join(chunk.title.split()):  # the document's own title
            seen.add(title.lower())
            return
        seen.add(title.lower())
        line = chunk.line_start
        if raw is not None and pos is not None:
            line = raw.count("\n", 0, chunk.raw_offset(pos)) + 1
        level = marks.get(title)
        out.append(OutlineEntry(title=title, page=chunk.page_at(line), chunk_id=chunk.chunk_id, line=line, level=level))

    for n, chunk in enumerate(chunks):
        if chunk.section:
            add(chunk.section, chunk, None, (n, -1))
        pos = 0
        blocks = chunk.text.split("\n\n")
        for i, block in enumerate(blocks):
            # a heading block is followed by the text it heads (a passage's last block may head the next)
            if is_heading(block) and (i + 1 < len(blocks) or chunk is not chunks[-1]):
                start = pos + len(block) - len(block.lstrip())
                add(block, chunk, start, (n, start))
            pos += len(block) + 2
    title = chunks[0].title if chunks else ""
    lead = next((n for n, e in enumerate(out) if not of_title(e, title)), len(out))
    return out[lead:]  # the title's own lines, as a PDF wraps it, head the document, no part of it
