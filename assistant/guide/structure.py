"""Answer "Which chapters / sections / headings does the report have?" from the documents' outlines.

A question about a document's parts names no topic the reader could look up: the passages that
match "kapitler" or "section headings" are chance. The guide's outline (:mod:`.outline`) holds
every heading in order with its page; the answer lists them, each cited as the heading's own
span in its passage.

* What counts as asking for the parts is general wording in English, Danish and Norwegian: a
  word for a part of a document (:data:`PARTS`) right after "which / what are / list / nevn"
  (:data:`ASKS`). "Hvilke tiltak beskrives i kapittel 3?" asks for measures, not chapters.
* Levels are the file's own where it marks them (Word's heading styles, HTML's <h1>–<h6>,
  Markdown's "#", kept by the loaders as "#" marks), else come from the headings' numbering: "3."
  and "5 " open a chapter, "5.1" a section of it, "a)" a point under the chapter before it;
  unnumbered headings stand under the numbered ones. A question for the chapters, or the main or
  numbered parts, gets the first level; one for the parts of a named part ("underpunktene i
  kapittelet om organisering", "the sections of the chapter on costs") gets the level under the
  outline entry whose words best match the name.
* Headings that are the document's title (its lines, as a PDF wraps it) are not parts of it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.citations import cite_span
from assistant.guide.models import Guide, OutlineEntry
from assistant.guide.outline import heading_match
from assistant.guide.overview import DOCUMENT
from assistant.markdown import cell
from assistant.models import Answer, Citation, Lang
from assistant.templates import phrase
from retrieval.index import Index
from retrieval.tokenization import analyze
from retrieval.types import Chunk, Hit

PARTS = (
    r"(?:chapters?|sections?|headings?|sub-?headings?|sub-?sections?|sub-?points?|parts|table\s+of\s+contents|"
    r"kapit(?:el|le|tel|tl)\w*|avsnitt\w*|afsnit\w*|(?:mellom|mellem|under|hoved)?overskrift\w*|mellemrubrik\w*|"
    r"underpunkt\w*|underavsnit\w*|hoveddel\w*|deler\b|delene\b|dele\b|delerne\b|innholdsfortegnelse\w*|"
    r"indholdsfortegnelse\w*|disposisjon\w*)"
)
# words that put the part word in a clause of its own: "Hvilke tiltak beskrives i kapittel 3?"
# asks for measures, "What does the chapter on X say" for what it says
LINKS = r"(?:i|in|of|på|om|about|av|af|for|til|to|on|does|do|did|says?|sier|siger|står|beskriv\w*|describ\w*)"
# the part word right after the question's opening: "Which chapters …", "What are the section
# headings …", "List the main numbered chapters …", "Nævn de overordnede afsnit …", "Hvilke
# underpunkter (a–h) tar …", "Hva er kapitlene i …"
ASKS = re.compile(
    rf"(?i)^\W*(?:(?:please\s+)?(?:list|name|give|show|nevn|nævn|oppgi|angiv|angi|ramse\s+opp|vis)|which|what|hvilke|"
    rf"hvilken|hva|hvad|how\s+many|hvor\s+mange)\b(?:\s+(?:are|were|is|er|var|the|de|dei|den|all|alle|its|dens|sine)\b)*"
    rf"(?:\s+(?!{LINKS}\b)[^\W\d_][\w-]*){{0,2}}?\s+(?P<part>{PARTS})"
)
# a document's chapters are its first level
CHAPTERS = re.compile(r"(?i)^(?:chapter|kapit)")
# only the first level: "main", "numbered", "overordnede", "hovedkapitler", "top-level"
MAIN = re.compile(
    r"(?i)\b(?:main|top[\s-]level|numbered|principal|major|overordne\w*|hoved\w*|nummererte|nummererede|"
    r"øverste|overste)\b"
)
# the part whose parts are asked for: "i kapittelet om X", "in the chapter on X", "under X"
WITHIN = re.compile(
    rf"(?i)\b(?:(?:i|in|of|under)\s+(?:the\s+)?)?{PARTS}\s+(?:om|on|about|called|kalt|kaldet|med\s+tittelen)\s+(?P<what>.+?)"
    r"(?:\s+(?:i|in|of|ifølge|according)\s+(?:[A-ZÆØÅ]|the\b|de[nt]?\b|dokument|rapport|utredning|udredning).*)?\W*$"
)
# a topic asked about: the parts that are about it, which the reader finds
ON_TOPIC = re.compile(
    r"(?i)\b(?:about|regarding|concerning|deal\w*\s+with|cover\w*|discuss\w*|mention\w*|om|angående|"
    r"vedrørende|handler|dreier|drejer|omhandler|nevner|nævner)\b"
)
NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s")
LETTER = re.compile(r"^\s*\(?(?:[a-zæøå]|[ivx]{2,4})\)\s")
UNNUMBERED = 9  # the level of a heading with neither number nor letter: under every numbered one
MAX_PARTS = 40


@dataclass(frozen=True)
class StructureRequest:
    main: bool  # only the first level
    within: str | None  # the name of the part whose parts are asked for


def structure_request(text: str, names_document: bool = False) -> StructureRequest | None:
    """The parts ``text`` asks for, or None: it must be about a document, by a word for one or
    by naming it (``names_document``); "Which sections of society …" is not."""
    asked = ASKS.search(text)
    if asked is None or not (names_document or DOCUMENT.search(text)):
        return None
    m = WITHIN.search(text, asked.end())  # the part named after the parts asked for
    if m is None and ON_TOPIC.search(text):  # "What parts of the report deal with costs?"
        return None
    main = bool(MAIN.search(text) or CHAPTERS.match(asked.group("part")))
    return StructureRequest(main, m.group("what").strip() if m else None)


def levels(entries: list[OutlineEntry]) -> list[int]:
    """Each heading's level: as its document marks it (Word's styles, HTML's <h1>–<h6>, Markdown's
    "#"), else from its numbering: "3." 1, "5.1" 2, a letter one under the last numbered heading,
    none of these ``UNNUMBERED``."""
    if any(e.level is not None for e in entries):
        return [e.level if e.level is not None else UNNUMBERED for e in entries]
    out: list[int] = []
    numbered = 0
    for e in entries:
        if m := NUMBER.match(e.title):
            numbered = m.group(1).count(".") + 1
            out.append(numbered)
        elif LETTER.match(e.title):
            out.append(numbered + 1 if numbered else UNNUMBERED - 1)
        else:
            out.append(UNNUMBERED)
    return out


def depths(entries: list[OutlineEntry]) -> list[int]:
    """How far each heading stands under the document's first level: 0, 1 or 2 (deeper ones 2),
    from :func:`levels`; for showing an outline indented."""
    found = levels(entries)
    order = sorted(set(found))
    return [min(order.index(level), 2) for level in found]


def closest(entries: list[OutlineEntry], name: str) -> int | None:
    """The entry whose words share most with ``name`` (by their first five letters, so that
    Danish "kriminalstatistik" meets Norwegian "KRIMINALSTATISTIKK"), if any do."""
    wanted = {t[:5] for t in analyze(name) if len(t) >= 4}
    best, at = 0.0, None
    for n, e in enumerate(entries):
        have = {t[:5] for t in analyze(e.title) if len(t) >= 4}
        score = len(wanted & have) / len(have) if have else 0.0
        if score > best:
            best, at = score, n
    return at if best >= 0.5 else None


def parts(guide: Guide, request: StructureRequest) -> list[OutlineEntry]:
    """The outline entries the request asks for, in order."""
    entries = guide.outline
    depth = levels(entries)
    if request.within:
        at = closest(entries, request.within)
        if at is None:
            return []
        below: list[int] = []
        for n in range(at + 1, len(entries)):
            if depth[n] <= depth[at]:
                break
            below.append(n)
        if not below:
            return []
        top = min(depth[n] for n in below)
        return [entries[n] for n in below if depth[n] == top][:MAX_PARTS]
    if request.main and any(d < UNNUMBERED - 1 for d in depth):
        top = min(depth)
        return [e for e, d in zip(entries, depth, strict=True) if d == top][:MAX_PARTS]
    return entries[:MAX_PARTS]


def heading_span(chunks: list[Chunk], entry: OutlineEntry) -> tuple[Chunk, int, int] | None:
    """Where a heading stands as text: in its passage, else in the passage before it (a heading
    that closes a passage heads the next one), else anywhere in the document."""
    at = next((n for n, c in enumerate(chunks) if c.chunk_id == entry.chunk_id), 0)
    for chunk in [chunks[at], *chunks[max(at - 1, 0) : at], *chunks]:
        if (span := heading_match(chunk.text, entry.title)) is not None:
            return chunk, *span
    return None


def structure_answer(question: str, lang: Lang, index: Index, found: list[tuple[Guide, list[OutlineEntry]]]) -> Answer:
    """The parts of each document, in order, each with its page and cited as the heading's own
    span; refused when no document in scope has the parts asked for."""
    citations: list[Citation] = []
    lines: list[str] = []
    for guide, entries in found:
        chunks = index.passages(guide.doc_id)
        rows = []
        for e in entries:
            span = heading_span(chunks, e)
            if span is None:
                continue
            chunk, start, end = span
            citations.append(cite_span(index, Hit(chunk, 0.0, 1, None, None), start, end, marker=len(citations) + 1))
            rows.append(
                f"| {len(rows) + 1} | {cell(e.title)} | {e.page if e.page is not None else '–'} | [{len(citations)}] |"
            )
        if rows:
            lines += [""] if lines else []
            lines += [phrase(lang, "structure_head", n=str(len(rows)), title=guide.title), ""]
            lines += [
                f"| # | {phrase(lang, 'structure_heading')} | {phrase(lang, 'structure_page')} | |",
                "|---|---|---|---|",
            ]
            lines += rows
    if not citations:
        return Answer(question=question, text=phrase(lang, "refusal"), refused=True, lang=lang)
    return Answer(question=question, text="\n".join(lines), citations=citations, lang=lang)
