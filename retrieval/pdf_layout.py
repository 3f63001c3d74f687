"""What a PDF page's print says that its extracted text does not: where its footnotes start,
which of its lines are a table's rows, and which are headings of what level.

pypdf's ``extract_text`` gives a page's text line by line; its ``visitor_text`` gives each piece
of text with its font size and height on the page (:class:`Run`), and its layout mode the text
with the horizontal space between pieces kept. From those, the page's text gets what the cleaner
reads elsewhere (:mod:`retrieval.cleaning`): the footnotes' rule as a line of spaces (the rule is
drawn, not written), a table's rows as cells apart by " | ", as the Word and HTML loaders
write them, and a heading printed larger than the body text marked with its level as Word's,
HTML's and Markdown's are ("## Tiltak"), the larger the higher."""

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
FOOTNOTE_SIZE = 0.95  # a footnote is printed smaller than the body text (Word: 10 pt under 11 or 12)
NOTE_START = re.compile(r"\s*\d{1,3}\s*[^\W\d_]")  # its number, then its text ("1 Ungdata …")


def line_size(line: list[Run]) -> float:
    """A line's font size, weighed by characters: a footnote's number may be printed in the body's
    size ("1" at 11 pt, "Ungdata 2019 …" at 10 pt, as LibreOffice prints Word's notes)."""
    chars = [len(r.text.strip()) for r in line]
    return sum(r.size * n for r, n in zip(line, chars, strict=True)) / max(1, sum(chars))


def with_footnote_rule(text: str, runs: list[Run]) -> str:
    """A page's text with a footnotes' rule line before its footnotes, as text extracted from
    PDFs shows it and the cleaner reads it: the lines below all body text, printed smaller than
    it, the first opening with a number and its text ("⁴ Evalueringen …", the number raised or
    not). The rule is a drawing, not text, so without it the footnotes ran into the sentence the
    page break cuts ("… deltakerne i 4 Evalueringen ble publisert i 2019. stor grad fullfører …").
    A page number alone at the foot is no footnote."""
    if not runs:
        return text
    body = body_size(runs)
    lines = lines_of(runs)
    sizes = [line_size(line) for line in lines]
    lowest = min(
        (line[0].y for line, size in zip(lines, sizes, strict=True) if size >= FOOTNOTE_SIZE * body), default=None
    )
    if lowest is None:
        return text
    below = [(line, size) for line, size in zip(lines, sizes, strict=True) if line[0].y < lowest - 1]
    first = next((line for line, size in below if size < FOOTNOTE_SIZE * body), None)
    wanted = "".join(r.text for r in first) if first else ""
    if not NOTE_START.match(wanted):
        return text
    page_lines = text.split("\n")
    for i in range(len(page_lines) - 1, -1, -1):
        if same_line(page_lines[i], wanted):
            # a number printed apart from its note's text ("4" raised, "Evalueringen …") keeps a space
            page_lines[i] = re.sub(r"^(\s*\d{1,3})(?=[^\W\d_])", r"\1 ", page_lines[i])
            return "\n".join([*page_lines[:i], FOOTNOTE_RULE, *page_lines[i:]])
    return text


# ---------------------------------------------------------------------------- tables

# in pypdf's layout text, cells stand at least three spaces apart: a piece runs on over one or two
# spaces only (and over no other space: "37\xa0km" is one piece)
PIECE = re.compile(r"[^ ]+(?: {1,2}[^ ]+)*")
MIN_ROWS = 2
MIN_SPACED_ROWS = 3  # rows apart by blank lines: two lines of running text may line up by chance
ALIGN = 2  # characters a wrapped cell's next line may start off its cell's start
MAX_ROW_LINES = 4  # lines of the page's text one row may take (its cells wrapped)


def cells_at(line: str) -> list[tuple[int, str]]:
    """A layout line's pieces apart by wide gaps, each with the column it starts at."""
    return [(m.start(), m.group(0)) for m in PIECE.finditer(line)]


class Row(NamedTuple):
    cells: list[str]
    wrapped: bool  # a cell runs over two lines or more


def table_rows(layout: str) -> list[Row]:
    """The rows of the page's tables, each its cells, read from pypdf's layout text (which keeps
    the horizontal space between pieces of text): lines that part into the same number of cells
    (two or more) at gaps of three spaces or more, every row but the head row with a figure in
    it, one right after the other, or with blank lines between them when their cells start in
    the same columns (as a word processor sets a table with room around its rows). In such a
    table a line right under a row whose pieces start where the row has cells carries them on
    ("Ruskonsulenter i" / "skolen"). A justified line of running text with wide gaps does not
    part into as many cells as the next, in the same columns, with figures in every line."""
    rows: list[list[tuple[int, str]]] = []  # the current run of rows
    wrapped: set[int] = set()  # of those, the rows a cell of which runs on
    found: list[Row] = []
    spaced = False  # the current run's rows stand apart by blank lines

    def close() -> None:
        body = rows[1:] if len(rows) > MIN_ROWS else rows
        figures = all(any(ch.isdigit() for _, t in r for ch in t) for r in body)
        if len(rows) >= (MIN_SPACED_ROWS if spaced else MIN_ROWS) and figures:
            found.extend(Row([t for _, t in r], n in wrapped) for n, r in enumerate(rows))
        rows.clear()
        wrapped.clear()

    blank = False
    for line in layout.split("\n"):
        cells = cells_at(line)
        if not cells:
            blank = True
            continue
        after_blank, blank = blank, False
        if rows and len(cells) == len(rows[-1]) and (not after_blank or aligned(cells, rows[-1])):
            spaced = spaced or after_blank
            rows.append(cells)
            continue
        if rows and spaced and not after_blank and continues_cells(cells, rows[-1]):
            last = rows[-1]
            wrapped.add(len(rows) - 1)
            for x, text in cells:  # a wrapped cell's next line
                k = min(range(len(last)), key=lambda n: abs(last[n][0] - x))
                last[k] = (last[k][0], f"{last[k][1]} {text}")
            continue
        close()
        spaced = False
        if len(cells) >= 2:
            rows.append(cells)
    close()
    return found


def aligned(a: list[tuple[int, str]], b: list[tuple[int, str]]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= ALIGN for (x, _), (y, _) in zip(a, b, strict=True))


def continues_cells(cells: list[tuple[int, str]], row: list[tuple[int, str]]) -> bool:
    """Whether every piece of a line starts where one of the row's cells does."""
    return all(any(abs(x - start) <= ALIGN for start, _ in row) for x, _ in cells)


def with_table_rows(text: str, layout: str) -> str:
    """A page's text with its tables' rows as cells apart by " | " ("Lys langs skoleveiene | 3,5
    mill. kr | 2024"), as the Word and HTML loaders write them. In the page's text a row's cells
    are a space apart, or a wrapped cell's lines apart, so the rows ran into each other and into
    the sentence after the table ("… 12 mill. kr 2024–2026 Lys langs skoleveiene 3,5 mill. kr
    2024 Planen ble …"), and the head row was read as a heading."""
    page_lines = text.split("\n")
    at = 0
    for cells, wrapped in table_rows(layout):
        wanted = " ".join(cells)
        most = MAX_ROW_LINES if wrapped else 1  # a wrapped cell's lines are lines of the page's text too
        for i in range(at, len(page_lines)):
            k = next((k for k in range(1, most + 1) if same_line(" ".join(page_lines[i : i + k]), wanted)), 0)
            if k:
                page_lines[i : i + k] = [" | ".join(" ".join(c.split()) for c in cells)]
                at = i + 1
                break
    return "\n".join(page_lines)


# ---------------------------------------------------------------------------- headings

HEADING_SIZE = 1.15  # a heading is printed larger than the body text (Word: 13-16 pt over 11 or 12)
HEADING_WORDS = 14
SIZE_STEP = 0.5  # sizes this close are one level
HEADING_TEXT = re.compile(r"^\s*\S.*[^\W_].*$")


def line_text(line: list[Run]) -> str:
    return "".join(r.text for r in line)


class Printed(NamedTuple):
    """A line of a page that reads as a heading may (short, no closing punctuation), and its size."""

    size: float  # to ``SIZE_STEP``
    text: str


def printed_headings(runs: list[Run]) -> list[Printed]:
    """The page's lines, top to bottom, whose words could be a heading's, with their sizes."""
    out: list[Printed] = []
    for line in lines_of(runs):
        text = " ".join(line_text(line).split())
        if is_heading_text(text):
            out.append(Printed(round(line_size(line) / SIZE_STEP) * SIZE_STEP, text))
    return out


def heading_levels(pages: list[list[Run]], printed: list[list[Printed]]) -> dict[float, int]:
    """The document's heading sizes, largest first, each a level (1 the largest, at most 6): the
    sizes of the pages' ``printed`` lines that stand at least ``HEADING_SIZE`` times the size most
    of the document's characters are printed in."""
    every = [r for runs in pages for r in runs]
    if not every:
        return {}
    body = body_size(every)
    sizes = {line.size for page in printed for line in page if line.size >= HEADING_SIZE * body}
    return {size: min(n, 6) for n, size in enumerate(sorted(sizes, reverse=True), 1)}


def is_heading_text(text: str) -> bool:
    return bool(HEADING_TEXT.match(text)) and len(text.split()) <= HEADING_WORDS and text[-1] not in ".,;:!?"


def with_heading_marks(text: str, printed: list[Printed], levels: dict[float, int]) -> str:
    """A page's text with each heading line (a ``printed`` line of a size of ``levels``) marked
    with its level; a heading wrapped over lines right after each other, in one size, is one
    heading ("Rapport om" / "ungdomskriminalitet i Vestby")."""
    if not levels or not printed:
        return text
    page_lines = text.split("\n")
    start = 0
    marked: dict[int, int] = {}  # line -> level
    for line in printed:
        if line.size not in levels:
            continue
        for i in range(start, len(page_lines)):
            if same_line(page_lines[i], line.text) and i not in marked:
                marked[i] = levels[line.size]
                start = i + 1
                break
    out: list[str] = []
    for i, row in enumerate(page_lines):
        if i in marked and marked.get(i - 1) == marked[i]:
            out[-1] = f"{out[-1]} {row.strip()}"  # the heading's next line
        elif i in marked:
            out.append(f"{'#' * marked[i]} {row.strip()}")
        else:
            out.append(row)
    return "\n".join(out)
