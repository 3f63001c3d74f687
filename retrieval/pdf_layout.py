"""What a PDF page's print says that its extracted text does not: where its footnotes start and
which of its lines are a table's rows.

pypdf's ``extract_text`` gives a page's text line by line; its ``visitor_text`` gives each piece
of text with its font size and height on the page (:class:`Run`), and its layout mode the text
with the horizontal space between pieces kept. From those, the page's text gets what the cleaner
reads elsewhere (:mod:`retrieval.cleaning`): the footnotes' rule as a line of spaces (the rule is
drawn, not written), and a table's rows as cells apart by " | ", as the Word and HTML loaders
write them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple


class Run(NamedTuple):
    text: str
    size: float  # the font size as printed (the text and current matrices applied)
    y: float  # the baseline's height on the page


def collect_runs(runs: list[Run]) -> Callable[..., None]:
    """A ``visitor_text`` for pypdf's ``extract_text`` that appends each piece of text to ``runs``."""

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = math.sqrt(abs(tm[0] * tm[3] - tm[1] * tm[2]) * abs(cm[0] * cm[3] - cm[1] * cm[2]))
            runs.append(Run(text, float(size) * scale, cm[1] * tm[4] + cm[3] * tm[5] + cm[5]))

    return visit


def body_size(runs: list[Run]) -> float:
    """The font size most of the page's characters are printed in."""
    chars: dict[float, int] = {}
    for r in runs:
        chars[round(r.size, 1)] = chars.get(round(r.size, 1), 0) + len(r.text.strip())
    return max(chars, key=lambda size: (chars[size], size))


def lines_of(runs: list[Run]) -> list[list[Run]]:
    """The runs by line (the same baseline), top to bottom, in the order printed."""
    lines: dict[int, list[Run]] = {}
    for r in runs:
        lines.setdefault(round(r.y), []).append(r)
    return [lines[y] for y in sorted(lines, reverse=True)]


def same_line(extracted: str, wanted: str) -> bool:
    a, b = " ".join(extracted.split()), " ".join(wanted.split())
    return bool(a) and (a == b or a.replace(" ", "") == b.replace(" ", ""))


# ---------------------------------------------------------------------------- footnotes

FOOTNOTE_RULE = " " * 40  # as text extracted from a PDF shows the rule above a page's footnotes
FOOTNOTE_SIZE = 0.9  # a footnote is printed smaller than the body text, at most this much of it


def with_footnote_rule(text: str, runs: list[Run]) -> str:
    """A page's text with a footnotes' rule line before its footnotes, as text extracted from
    PDFs shows it and the cleaner reads it: the lines below all body text, printed smaller than
    it, the first opening with a number ("⁴ Evalueringen …", its number printed raised or not).
    The rule is a drawing, not text, so without it the footnotes ran into the sentence the page
    break cuts ("… deltakerne i 4 Evalueringen ble publisert i 2019. stor grad fullfører …")."""
    if not runs:
        return text
    body = body_size(runs)
    lowest = min((r.y for r in runs if r.size >= 0.95 * body), default=None)
    if lowest is None:
        return text
    below = lines_of([r for r in runs if r.y < lowest - 1])
    first = next((n for n, line in enumerate(below) if all(r.size < FOOTNOTE_SIZE * body for r in line)), None)
    if first is None or not re.match(r"\d{1,3}(?!\d)", below[first][0].text.strip()):
        return text
    wanted = "".join(r.text for r in below[first])
    page_lines = text.split("\n")
    for i in range(len(page_lines) - 1, -1, -1):
        if same_line(page_lines[i], wanted):
            # a number printed apart from its note's text ("4" raised, "Evalueringen …") keeps a space
            page_lines[i] = re.sub(r"^(\s*\d{1,3})(?=[^\W\d_])", r"\1 ", page_lines[i])
            return "\n".join([*page_lines[:i], FOOTNOTE_RULE, *page_lines[i:]])
    return text


# ---------------------------------------------------------------------------- tables

CELL_GAP = re.compile(r" {3,}")  # in pypdf's layout text, cells stand at least three spaces apart
MIN_ROWS = 2


def table_rows(layout: str) -> list[list[str]]:
    """The rows of the page's tables, each its cells, read from pypdf's layout text (which keeps
    the horizontal space between pieces of text): lines, one after the other, that part into the
    same number of cells (two or more) at gaps of three spaces or more, every row but the head
    row with a figure in it. A justified line of running text with wide gaps does not part into
    as many cells as the next, with figures, in every line."""
    parsed = [[c for c in CELL_GAP.split(line.strip()) if c] for line in layout.split("\n")]
    rows: list[list[str]] = []
    start = 0
    while start < len(parsed):
        end = start + 1
        while end < len(parsed) and len(parsed[end]) == len(parsed[start]) >= 2:
            end += 1
        block = parsed[start:end]
        body = block[1:] if len(block) > MIN_ROWS else block
        if len(block) >= MIN_ROWS and len(block[0]) >= 2 and all(any(ch.isdigit() for ch in "".join(r)) for r in body):
            rows += block
        start = end
    return rows


def with_table_rows(text: str, layout: str) -> str:
    """A page's text with its tables' rows as cells apart by " | " ("Lys langs skoleveiene | 3,5
    mill. kr | 2024"), as the Word and HTML loaders write them. In the page's text a row's cells
    are a space apart, so the rows ran into each other and into the sentence after the table ("…
    12 mill. kr 2024–2026 Lys langs skoleveiene 3,5 mill. kr 2024 Planen ble …"), and the head
    row was read as a heading."""
    page_lines = text.split("\n")
    at = 0
    for cells in table_rows(layout):
        for i in range(at, len(page_lines)):
            if same_line(page_lines[i], " ".join(cells)):
                page_lines[i] = " | ".join(" ".join(c.split()) for c in cells)
                at = i + 1
                break
    return "\n".join(page_lines)
