"""The points of a bulleted or numbered list, with their nesting, and which of them a question wants.

A list is a run of sentences that start with a point marker ("•", "o", "-", "1." …), in a
passage and on into the passages that continue it. Nesting comes from the markers: a marker
not seen before in the run opens a level below the point before it ("• Styrke forebygging
blant unge ved å:" then "o Satse på …"), a marker seen before closes back to its level.

Which points answer, given the point (or the lead-in) the reader found best:

* a point with points below it ("… ved å:") — the points below it;
* a point below another — its siblings, the points under the same parent;
* a top-level point, or a lead-in before the list — every point that has none below it (the
  headings of sub-lists are not items of their own)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.chunking import is_title, passage_sentences
from retrieval.cleaning import BULLET_GLYPHS
from retrieval.types import Chunk

POINT = re.compile(rf"^\s*(?:([·\-–*{BULLET_GLYPHS}])|(o)\s|(\d{{1,2}})[.)]\s)")
MAX_POINTS = 40
REACH = 4  # passages either side of the point found
SKIP = 4  # lines between a lead-in and its list (footnotes, a page break)
PROSE_ITEMS = 10  # sentences of a paragraph a lead-in introduces
SENTENCE_ENDS = (".", "!", "?", ";", "”", '"', "»", ")", "’")
ELABORATION = 4  # sentences that explain a point before the next one
# a lead-in's list whose markers were lost: at least this many short unmarked lines right after it
# (lines the chunker reads as titles: short, no closing punctuation)
MIN_BARE_LINES = 2
BARE_MARKER = "•"


@dataclass(frozen=True)
class Point:
    chunk: Chunk
    start: int
    end: int
    marker: str
    level: int = 0


def marker_of(text: str) -> str | None:
    m = POINT.match(text)
    if m is None:
        return None
    return m.group(1) or m.group(2) or "#"


def _points(chunk: Chunk) -> list[tuple[int, int, str | None]]:
    return [(a, b, marker_of(chunk.text[a:b])) for a, b in passage_sentences(chunk.text)]


def run_of(chunks: list[Chunk], at: int, start: int, after: bool = False) -> tuple[list[Point], int | None]:
    """The list that the point at ``chunks[at].text[start]`` belongs to (``after``: the list that
    follows the lead-in ending there, past up to ``SKIP`` other lines such as footnotes), and the
    index of that point in it (None for a lead-in). Sentences repeated by overlapping passages
    count once."""
    if after and len(bare := bare_lines(chunks, at, start)) >= MIN_BARE_LINES:
        return bare, None
    sentences: list[tuple[Chunk, int, int, str | None]] = []
    seen: set[str] = set()
    here = -1
    for n in range(max(0, at - REACH), min(len(chunks), at + REACH + 1)):
        chunk = chunks[n]
        for a, b, mark in _points(chunk):
            key = " ".join(chunk.text[a:b].split())
            if here < 0 and ((n == at and (b > start if not after else a >= start)) or (after and n > at)):
                here = (
                    len(sentences)
                    if key not in seen
                    else next(i for i, s in enumerate(sentences) if " ".join(s[0].text[s[1] : s[2]].split()) == key)
                )
            if key in seen:
                continue
            seen.add(key)
            sentences.append((chunk, a, b, mark))
    if here < 0:
        return [], None
    breaks = frozenset(
        k for k, (c, a, b, m) in enumerate(sentences) if m is None and not c.text[a:b].rstrip().endswith(SENTENCE_ENDS)
    )
    runs = _runs([m for _, _, _, m in sentences], breaks)
    if after:
        run = next((r for r in runs if here <= r[0] <= here + SKIP), None)
    else:
        run = next((r for r in runs if here in r), None)
    if run is None:
        return [], None
    points: list[Point] = []
    found: int | None = None
    prev = -2
    for k in range(run[0], min(len(sentences), run[-1] + 2)):
        chunk, a, b, mark = sentences[k]
        if mark is not None:
            if k == here and not after:
                found = len(points)
            points.append(Point(chunk, a, b, mark))
        elif k == prev + 1 and continues(chunk.text[a:b]) and points[-1].chunk.chunk_id == chunk.chunk_id:
            last = points[-1]  # the point's text wraps onto the next block
            points[-1] = Point(chunk, last.start, b, last.marker)
        else:
            continue
        prev = k
    if found is not None and found >= MAX_POINTS:
        found = None
    return _levels(points[:MAX_POINTS]), found


def bare_lines(chunks: list[Chunk], at: int, start: int) -> list[Point]:
    """The short unmarked lines right after a lead-in ending at ``chunks[at].text[start]`` (in its
    passage, or at the start of the next one): the points of a list whose markers the file lost
    ("… deles kriminalitetsforebygging inn i følgende:" then "Situasjonell kriminalitetsforebygging",
    "Personorientert kriminalitetsforebygging" …, a PDF's bullet glyphs gone), not the next list
    with markers further on. Each is a line of its own that the chunker reads as a title (short, no
    closing punctuation): no sentence and no lead-in."""
    chunk, offset = chunks[at], start
    if not chunk.text[start:].strip() and at + 1 < len(chunks):
        chunk, offset = chunks[at + 1], 0
    out: list[Point] = []
    pos = offset
    for block in chunk.text[offset:].split("\n\n"):
        a = pos + len(block) - len(block.lstrip())
        pos += len(block) + 2
        text = block.strip()
        if not text:
            continue
        if marker_of(text) or "\n" in text or not is_title(text):  # a sentence, a lead-in or a long line
            break
        out.append(Point(chunk, a, a + len(text), BARE_MARKER))
    return out


def _runs(marks: list[str | None], breaks: frozenset[int] = frozenset()) -> list[list[int]]:
    """The sentence indices of each list: points in a row, or with up to ``ELABORATION`` other
    sentences between two points (a point explained in sentences of its own) when the point after
    them has a marker the list has used and none of them is one of ``breaks`` (a heading, or a
    lead-in to the next list)."""
    runs: list[list[int]] = []
    current: list[int] = []
    used: set[str] = set()
    for k, mark in enumerate(marks):
        if mark is None:
            continue
        gap = k - current[-1] - 1 if current else 0
        if current and (gap > ELABORATION or (gap and (mark not in used or any(k - gap <= b < k for b in breaks)))):
            runs.append(current)
            current, used = [], set()
        if current:
            current += list(range(current[-1] + 1, k + 1))
        else:
            current = [k]
        used.add(mark)
    if current:
        runs.append(current)
    return runs


def following_prose(chunks: list[Chunk], at: int, end: int, limit: int = PROSE_ITEMS) -> list[Point]:
    """The sentences a lead-in ending at ``chunks[at].text[end]`` introduces when no list follows it
    ("… vil erstatte linje 77–95 med:" and a paragraph): past up to two headings, the sentences up
    to the next heading, at most ``limit``."""
    out: list[Point] = []
    seen: set[str] = set()
    headings = 0
    for n in range(at, min(len(chunks), at + REACH + 1)):
        chunk = chunks[n]
        for a, b in passage_sentences(chunk.text):
            if n == at and a < end:
                continue
            text = chunk.text[a:b]
            key = " ".join(text.split())
            if key in seen:
                continue
            seen.add(key)
            if not text.rstrip().endswith(SENTENCE_ENDS):
                if out or headings >= 2:
                    return out
                headings += 1
                continue
            out.append(Point(chunk, a, b, ""))
            if len(out) >= limit:
                return out
    return out


def continues(text: str) -> bool:
    """A sentence that goes on with the point before it (it starts in lower case)."""
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


def _levels(points: list[Point]) -> list[Point]:
    out: list[Point] = []
    stack: list[str] = []
    for p in points:
        if p.marker in stack:
            del stack[stack.index(p.marker) + 1 :]
        else:
            stack.append(p.marker)
        out.append(Point(p.chunk, p.start, p.end, p.marker, len(stack) - 1))
    return out


def wanted(points: list[Point], target: int | None) -> list[Point]:
    """The points that answer, given the one found best (module docstring)."""
    if not points:
        return []
    if target is None:
        return leaves(points)
    level = points[target].level
    below = []
    for p in points[target + 1 :]:
        if p.level <= level:
            break
        below.append(p)
    if below:
        return below
    if level == 0:
        return leaves(points)
    parent = next((i for i in range(target - 1, -1, -1) if points[i].level < level), -1)
    siblings = []
    for p in points[parent + 1 :]:
        if p.level < level:
            break
        siblings.append(p)
    return siblings


def leaves(points: list[Point]) -> list[Point]:
    return [p for i, p in enumerate(points) if i + 1 >= len(points) or points[i + 1].level <= p.level]


def clean(text: str) -> str:
    return POINT.sub("", text, count=1).strip()
