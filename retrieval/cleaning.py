"""Undo the damage that text extraction did to the documents.

Rules (each has a test in tests/core/test_cleaning.py; see ../shared/corpus-notes.md):

* tabs, no-break and narrow no-break spaces become plain spaces; U+FFFD and soft hyphens go
* line numbers at the end of every line (a numbered manuscript) are stripped, but only
  where they continue the 1, 2, 3 ... sequence, so real figures next to them survive
* page headers/footers (``kampen mod NARKO ii 15``, ``Side 13/23``) are removed from the
  text and their numbers kept as page anchors; pages in between are interpolated
* footnote blocks (a separator line, then ``12  Lundeberg ...``) become footnote blocks
  of their own instead of interrupting a sentence, and footnote markers glued to words
  (``saksvolumet17``) are removed
* words broken over two lines are rejoined with or without a hyphen on evidence
  (:mod:`retrieval.linejoin`), numbers broken over lines are rejoined
* section headings stranded inside a sentence at a page break are lifted out, and box
  titles that come *after* their box are attached to the box they name
* a text written a paragraph a line (most of its lines end a sentence: a news article saved
  as plain text) keeps its lines apart, so a headline or subheading is not read into the
  sentence after it; a news photo's credit ("FOTO: … / NTB scanpix") goes, its caption stays

The output keeps a per-character map to the raw text, so every passage has a checkable
character span and line range in the original file.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from retrieval.linejoin import WORD_RX, Join, JoinDecider, Vocabulary
from retrieval.textmap import MappedText
from retrieval.types import Block, BlockKind, CleanedDocument, LoadedDocument

SPACES_RX = re.compile(r"[\t\u00a0\u2007\u2009\u200a\u202f\u205f\u3000\f\v]")
DROP_RX = re.compile(r"[\ufffd\u00ad\u200b\ufeff]")
MULTISPACE_RX = re.compile(r" {2,}")
TRAILING_NUM_RX = re.compile(r"(?:^|\s)(\d{1,4})\s*$")
SIDE_RX = re.compile(r"^\s*(?:side|page|sida)\s+(\d{1,4})\s*(?:/|av|af|of)\s*(\d{1,4})\s*$", re.I)
DASH_PAGE_RX = re.compile(r"^\s*[-–]\s*(\d{1,4})\s*[-–]\s*$")
HEADER_NUM_RX = re.compile(r"^(.{3,60}?)\s*(\d{1,4})\s*$")
FOOTNOTE_LINE_RX = re.compile(r"^(\d{1,3})\s+\S")
# glyphs that mark a list point: typographic bullets, and the private-use glyphs of the Symbol
# and Wingdings fonts that PDFs made from Word documents carry ("\uf0b7" is Word's round bullet)
BULLET_GLYPHS = "•▪●◦○■□►▸➢➤◆◇✓✔\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0e0"
BULLET_RX = re.compile(rf"^\s*(?:[-–*{BULLET_GLYPHS}]|o(?=\s))\s*")
SENTENCE_END = (".", "!", "?", ":", ";", "»", '"', "”", ")")
# a heading as the loaders of Word, HTML and Markdown write it, its level in its marks ("## Budsjett")
HEADING_MARK = re.compile(r"^#{1,6} ")
# a heading's letter or roman numeral before a capital ("a) Forebyggende strategier", "(b) Costs",
# "ii) Metode"): the line starts with its capital, not in lower case
LABEL_RX = re.compile(r"^\s*\(?(?:[a-zæøå]|[ivx]{2,4})\)\s+(?=[A-ZÆØÅ])")
HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 90
PAGE_BREAK_RUN = 5


@dataclass
class Line:
    no: int
    raw: str
    text: MappedText
    kind: str = "text"  # blank | text | marker | footnote | separator | header | contents
    page_anchor: int | None = None
    page_total: int | None = None
    footnote_no: int | None = None


@dataclass
class Paragraph:
    kind: BlockKind
    lines: list[Line] = field(default_factory=list)
    text: MappedText = field(default_factory=lambda: MappedText(""))
    section: str | None = None
    trailing_title: bool = False
    running_title: bool = False  # printed next to the page number: names the chapter
    row: bool = False  # a table's row among others: never a title, however short


def split_lines(raw: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for no, part in enumerate(raw.split("\n"), start=1):
        lines.append(Line(no=no, raw=part, text=MappedText.from_raw(part, pos)))
        pos += len(part) + 1
    return lines


def normalise_spaces(text: MappedText, fixes: Counter[str]) -> MappedText:
    n_space = len(SPACES_RX.findall(text.text))
    n_drop = len(DROP_RX.findall(text.text))
    fixes["odd_spaces"] += n_space
    fixes["dropped_chars"] += n_drop
    text = text.sub(SPACES_RX, " ").sub(DROP_RX, "")
    return text.sub(MULTISPACE_RX, " ")


# --- line numbers ---------------------------------------------------------------------


def strip_line_numbers(lines: list[Line], fixes: Counter[str]) -> None:
    """Strip manuscript line numbers: trailing numbers that count 1, 2, 3 ... down the page."""
    candidates = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := TRAILING_NUM_RX.search(ln.raw))]
    nonblank = sum(1 for ln in lines if ln.raw.strip())
    if len(candidates) < 20 or len(candidates) < 0.6 * nonblank:
        return
    expected = 1
    hits = []
    for i, num in candidates:
        if num in (expected, expected + 1):
            hits.append(i)
            expected = num + 1
    if len(hits) < 0.8 * len(candidates):
        return
    for i in hits:
        ln = lines[i]
        m = TRAILING_NUM_RX.search(ln.text.text)
        if m:
            ln.text = ln.text.slice(0, m.start(1)).strip()
            fixes["line_numbers"] += 1


# --- page headers and footers ---------------------------------------------------------


TABLE_CELL_RX = re.compile(r"\S \| \S|^\|.*\|$")  # cells apart by " | ", or a Markdown row "| a | b |"


def table_cells(line: str) -> list[str] | None:
    """A table row's cells ("Lys langs skoleveiene | 3,5 mill. kr | 2024"); None for a line that
    is no row."""
    if not TABLE_CELL_RX.search(line):
        return None
    return [" ".join(c.split()) for c in line.strip().strip("|").split("|")]


PARAGRAPH_LINES = 0.4  # share of a text's lines that end a sentence when each line is a paragraph
WRAPPED_WIDTH = 130  # characters a page's line has at most (the seeds' median: 78 to 92)
EDGE_LINES = 2  # lines at each page's top and foot that may be a running header or footer
EDGE_WORDS = 12  # words a running header or footer has at most (a line of running text has more)


def header_key(text: str) -> str:
    return re.sub(r"[^a-zæøåäöü]", "", text.lower())


# a table of contents' line: a title, dot leaders, its page ("2.1 Tall og statistikk ....... 3")
CONTENTS_RX = re.compile(r"^\S.{0,150}?\s*(?:(?:\.\s?){4,}|(?:…\s?){2,})\s*\d{1,4}\s*$")
# a table of contents printed without dot leaders: its title, then titles each ending in a page number
CONTENTS_TITLE_RX = re.compile(
    r"(?i)^\s*(?:innhold|innholdsfortegnelse|indhold|indholdsfortegnelse|contents|table\s+of\s+contents|"
    r"innehåll|innehållsförteckning)\s*:?\s*$"
)
CONTENTS_ENTRY_RX = re.compile(r"^\S.{0,120}?[^\W\d_].{0,40}?\s+(\d{1,4})\s*$")


def find_contents(lines: list[Line], fixes: Counter[str]) -> None:
    """A table of contents is the document's navigation, not its text: read as text it made a
    passage of every section title with page numbers, and its titles, just before the sections
    they name, made each section's heading look like the title of the box above it."""
    for ln in lines:
        if ln.kind == "text" and CONTENTS_RX.match(ln.text.text.strip()):
            ln.kind = "contents"
            fixes["contents_lines"] += 1
    # without leaders: under its title ("Innhold", "Contents"), three or more titles each ending in
    # a page number, the numbers never going down (a list of places with their counts has no such title)
    for i, ln in enumerate(lines):
        if ln.kind != "text" or not CONTENTS_TITLE_RX.match(ln.text.text):
            continue
        entries: list[int] = []
        pages: list[int] = []
        for j in range(i + 1, len(lines)):
            text = lines[j].text.text.strip()
            if not text:
                continue
            m = CONTENTS_ENTRY_RX.match(text) if lines[j].kind == "text" else None
            if m is None or (pages and int(m.group(1)) < pages[-1]):
                break
            entries.append(j)
            pages.append(int(m.group(1)))
        if len(entries) >= 3:  # its title is the table's own title, below
            for j in entries:
                lines[j].kind = "contents"
            fixes["contents_lines"] += len(entries)
    # the table's own title: a short line without a figure right above two or more of its lines
    for i, ln in enumerate(lines):
        if ln.kind != "contents" or (i and lines[i - 1].kind == "contents"):
            continue
        run = next((j for j in range(i, len(lines)) if lines[j].kind != "contents" and lines[j].text.text), len(lines))
        title = next((k for k in range(i - 1, -1, -1) if lines[k].text.text.strip()), None)
        if sum(lines[j].kind == "contents" for j in range(i, run)) >= 2 and title is not None:
            words = lines[title].text.text.split()
            if lines[title].kind == "text" and len(words) <= 3 and not any(c.isdigit() for c in "".join(words)):
                lines[title].kind = "contents"


def find_page_markers(lines: list[Line], fixes: Counter[str]) -> None:
    candidates: dict[str, list[tuple[Line, int]]] = {}
    for ln in lines:
        t = ln.text.text.strip()
        if not t:
            continue
        if m := SIDE_RX.match(t):
            ln.kind, ln.page_anchor, ln.page_total = "marker", int(m.group(1)), int(m.group(2))
        elif m := DASH_PAGE_RX.match(t):
            ln.kind, ln.page_anchor = "marker", int(m.group(1))
        elif (m := HEADER_NUM_RX.match(t)) and len(t) <= 70:
            key = header_key(m.group(1))
            if len(key) >= 5:
                candidates.setdefault(key, []).append((ln, int(m.group(2))))
    for hits in candidates.values():
        numbers = [n for _, n in hits]
        # a running header repeats with growing page numbers
        if len(hits) >= 2 and numbers == sorted(numbers) and len(set(numbers)) == len(numbers):
            for ln, n in hits:
                ln.kind, ln.page_anchor = "marker", n
    fixes["page_markers"] += sum(1 for ln in lines if ln.kind == "marker")


def find_repeated_edges(lines: list[Line], page_start_lines: list[int], fixes: Counter[str]) -> None:
    """Where the loader knew the pages (pdf): a short line that stands at the top or the foot of
    most pages with the same words is a running header or footer, a document's title
    or chapter printed on every page, even without a page number; so is the document's title atop
    any later page (a two-page document repeats it once). The document's first line is its title,
    not a header, though the header repeats it."""
    if len(page_start_lines) < 2:
        return
    bounds = [*page_start_lines, len(lines)]
    opening = next((ln for ln in lines if ln.text.text.strip()), None)  # the title, when set as one
    title = " ".join(opening.text.text.lower().split()) if opening else None
    edges: dict[tuple[int, str], list[Line]] = {}
    for a, b in zip(bounds, bounds[1:], strict=False):
        body = [ln for ln in lines[a:b] if ln.text.text.strip() and ln.kind == "text"]
        top = list(enumerate(body[:EDGE_LINES]))
        foot = [(k - len(body), ln) for k, ln in enumerate(body) if k >= len(body) - EDGE_LINES]
        for place, ln in {id(ln): (place, ln) for place, ln in foot + top}.values():
            key = " ".join(ln.text.text.lower().split())  # its digits too: "Side 3" is a marker already
            if len(key) >= 5 and (len(key.split()) <= EDGE_WORDS or key == title) and ln is not opening:
                edges.setdefault((place, key), []).append(ln)  # the same line in the same place
    pages = len(page_start_lines)
    for (place, key), found in edges.items():
        # the document's title atop a later page is a header even where only one page repeats it
        if len({id(ln) for ln in found}) >= max(2, (pages + 1) // 2) or (key == title and place >= 0):
            for ln in found:
                ln.kind = "header"
            fixes["running_headers"] += len(found)


def assign_pages(lines: list[Line], page_start_lines: list[int]) -> tuple[list[int | None], int | None]:
    """Page number for every line: from the loader's pages, or interpolated between footers."""
    n = len(lines)
    if page_start_lines:
        pages: list[int | None] = []
        page = 0
        for idx in range(n):
            while page < len(page_start_lines) and page_start_lines[page] <= idx:
                page += 1
            pages.append(max(page, 1))
        return pages, len(page_start_lines)
    # a footer ends its page: the anchor (line index x, page p) says page p ends at x
    points = [(float(i), float(ln.page_anchor)) for i, ln in enumerate(lines) if ln.page_anchor is not None]
    if not points:
        return break_pages(lines)
    total = next((ln.page_total for ln in lines if ln.page_total), None)
    if total and points[-1][1] < total:
        points.append((float(n - 1), float(total)))
    if total or len(points) < 2:
        points.insert(0, (-1.0, 0.0))  # "Side 13/23" style, or one footer only: starts on page 1
    else:
        (x0, p0), (x1, p1) = points[0], points[1]
        rate = (x1 - x0) / (p1 - p0) if p1 != p0 else float(n)
        points.insert(0, (x0 - rate * p0, 0.0))
    pages = [max(1, math.ceil(interpolate(points, float(x)) - 1e-9)) for x in range(n)]
    return pages, total or (pages[-1] if pages else None)


def interpolate(points: list[tuple[float, float]], x: float) -> float:
    """Piecewise-linear through ``points`` (sorted by x), extrapolating past both ends."""
    seg = len(points) - 2
    for k in range(len(points) - 1):
        if x <= points[k + 1][0]:
            seg = k
            break
    (x0, y0), (x1, y1) = points[seg], points[seg + 1]
    return y1 if x1 == x0 else y0 + (x - x0) * (y1 - y0) / (x1 - x0)


def break_pages(lines: list[Line]) -> tuple[list[int | None], int | None]:
    """Without page numbers, long runs of empty lines are page breaks (as in 001)."""
    pages: list[int | None] = []
    page, run, seen_text = 1, 0, False
    breaks = 0
    for ln in lines:
        if ln.raw.strip():
            if run >= PAGE_BREAK_RUN and seen_text:
                page += 1
                breaks += 1
            run, seen_text = 0, True
        else:
            run += 1
        pages.append(page)
    if breaks == 0:
        return [None] * len(lines), None
    return pages, page


# --- photo credits --------------------------------------------------------------------


# a news photo's credit: the photographer and the agency, after "Foto:" or alone on a line
# ("FOTO: Alessandro Trovati, AP / NTB scanpix Nina Haver-Løseth imponerte i Levi.", "Kjell Inge
# Røkke. FOTO: LISE ÅSERUD/NTB SCANPIX", "Martti Kainulainen, Lehtikuva / NTB scanpix"); the
# agencies are the wire services and picture agencies Nordic news credits
AGENCY = (
    r"(?:(?:ntb|ritzau)\s+scanpix|scanpix|ntb|reuters|ap\s+photo|ap|afp|dpa|epa|tt|ritzau|lehtikuva|bildbyrån|"
    r"getty\s+images(?:\s+north\s+america)?|gepa\s+pictures|handout|xinhua|anp|ansa)"
)
_CREDITED = r"(?:illustrasjonsfoto|arkivfoto|foto|photo)\s*:\s*(?:(?:foto|photo)\s*:\s*)?"
_NAME = r"(?:[^\W\d_][\w.'’-]*[\s,]*(?:/\s*)?)"
# "Foto:" and a credit ending in an agency, wherever in the line (a caption may follow)
PHOTO_CREDIT_RX = re.compile(rf"\(?\b{_CREDITED}{_NAME}{{0,6}}?{AGENCY}(?:\s*/\s*{AGENCY})*\b\.?\)?\s*", re.I)
# "Foto:" and a short credit without an agency, ending the line ("… funnet død. FOTO: Ørjan Deisz")
PHOTO_CREDIT_END_RX = re.compile(rf"\s*\(?\b{_CREDITED}{_NAME}{{1,5}}\)?\.?\s*$", re.I)
# a line that is only a credit: names and agencies apart by "/" or in parentheses ("Jens Meyer, AP /
# NTB scanpix", "MATTHEW CHILDS / REUTERS", "(©NTB)")
CREDIT_LINE_RX = re.compile(
    rf"^(?:{_NAME}{{0,5}}/\s*{AGENCY}(?:\s*/\s*{AGENCY})*|\(\s*[@©]?\s*{AGENCY}(?:\s*/[^)]{{0,30}})?\s*\))\.?$",
    re.I,
)


def remove_photo_credits(lines: list[Line], fixes: Counter[str]) -> None:
    """Photo credits go, the captions they name stay: a photographer's name is no answer to
    "who", and a credit line read as a heading named the text after it."""
    for ln in lines:
        if ln.kind != "text" or not ln.text.text:
            continue
        text = ln.text.text.strip()
        if CREDIT_LINE_RX.match(text):
            ln.text = ln.text.slice(0, 0)
            fixes["photo_credits"] += 1
            continue
        cleaned = ln.text.sub(PHOTO_CREDIT_END_RX, "").sub(PHOTO_CREDIT_RX, " ")
        if cleaned.text != ln.text.text:
            fixes["photo_credits"] += 1
            ln.text = cleaned.sub(MULTISPACE_RX, " ").strip()


# --- footnotes ------------------------------------------------------------------------


def find_footnotes(lines: list[Line], fixes: Counter[str]) -> set[int]:
    """A separator line of spaces opens a block of numbered footnotes at a page bottom."""
    numbers: set[int] = set()
    i = 0
    while i < len(lines):
        ln = lines[i]
        if not (len(ln.raw) >= 15 and not ln.raw.strip()):
            i += 1
            continue
        j = i + 1
        in_block = False
        while j < len(lines):
            raw = lines[j].raw
            if not raw.strip() or raw[:1].isspace() or lines[j].kind in ("marker", "header"):
                break  # a page number or running footer below the footnotes is not one of them
            m = FOOTNOTE_LINE_RX.match(raw)
            if m:
                in_block = True
                lines[j].footnote_no = int(m.group(1))
                numbers.add(int(m.group(1)))
            elif not in_block:
                break
            lines[j].kind = "footnote"
            j += 1
        if in_block:
            fixes["footnote_blocks"] += 1
            ln.kind = "separator"  # the footnotes' rule, no blank line: a sentence may run on past it
            # a short running header may follow the footnotes at the top of the next page
            k = j
            while k < len(lines) and not lines[k].raw.strip():
                k += 1
            if k < len(lines) and k > j and is_running_header(lines[k].text.text):
                lines[k].kind = "header"
                fixes["running_headers"] += 1
        i = j if j > i + 1 else i + 1
    return numbers


def is_running_header(text: str) -> bool:
    t = text.strip()
    return 0 < len(t.split()) <= 3 and bool(re.fullmatch(r"[^\W\d_][\w\- ]*", t)) and t[:1].isupper()


def remove_footnote_markers(
    text: MappedText, numbers: set[int], fixes: Counter[str], found: set[int] | None = None
) -> MappedText:
    """``text`` without the footnote marks stuck to its words; ``found`` gets their numbers."""

    def glued(m: re.Match[str]) -> str:
        if int(m.group(2)) in numbers:
            fixes["footnote_markers"] += 1
            if found is not None:
                found.add(int(m.group(2)))
            return m.group(1)
        return m.group(0)

    if numbers:
        text = text.sub(r"([^\W\d_]{3}|[\"”»)])(\d{1,2})(?=[\s.,:;)]|$)", glued)
        text = text.sub(r"([^\W\d_]{2}[.,;:])(\d{1,2})(?=\s|$)", glued)  # after the stop: "mars.1 Planen"
        text = text.sub(r"(\s)(\d{1,2})(?=[a-zæøå]{2,}\b)", glued)

    # without footnote texts: an acronym with a digit stuck on (ASSIST5)
    def acronym(m: re.Match[str]) -> str:
        fixes["footnote_markers"] += 1
        return m.group(1)

    return text.sub(r"\b([A-ZÆØÅ]{4,})(\d)(?=[\s.,:;)]|$)", acronym)


# --- headings and paragraphs ----------------------------------------------------------


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_END)


def looks_like_heading(text: str, width: float = 200.0) -> bool:
    """A short line without closing punctuation. ``width``: lines this long are running text."""
    t = text.strip()
    if HEADING_MARK.match(t):
        return True
    if not t or len(t) > min(HEADING_MAX_CHARS, width) or len(t.split()) > HEADING_MAX_WORDS:
        return False
    if t.endswith((".", ",", ";", ":", "!", "?", "-")) or BULLET_RX.match(t):
        return False
    if re.search(r"[^\W\d_]{2}[.!?] [A-ZÆØÅ]", t):
        return False  # a sentence ends inside the line: running text
    first = LABEL_RX.sub("", t).lstrip("0123456789. ")
    return bool(first) and (first[0].isupper() or t[0].isdigit())


def starts_lower(text: str) -> bool:
    """Whether a line goes on with the sentence before it: it starts in lower case, and not with
    a heading's letter ("a) Forebyggende strategier")."""
    return text[:1].islower() and not LABEL_RX.match(text)


def double_spaced(lines: list[Line]) -> bool:
    text_lines = [i for i, ln in enumerate(lines) if ln.kind == "text" and ln.text.text]
    if len(text_lines) < 10:
        return False
    followed_by_blank = sum(1 for i in text_lines if i + 1 < len(lines) and not lines[i + 1].raw.strip())
    return followed_by_blank > 0.6 * len(text_lines)


def join_lines(prev: MappedText, nxt: MappedText, decider: JoinDecider, fixes: Counter[str]) -> MappedText:
    p, n = prev.text, nxt.text
    if not p:
        return nxt
    hyphen = bool(re.search(r"[^\W\d_]-$|\d-$", p)) and not p.endswith(" -")
    left_m = re.search(r"(\w+)-?$", p)
    right_m = re.match(r"(\w+)", n)
    if not left_m or not right_m:
        return MappedText.join([prev, nxt], " ")
    decision = decider.decide(left_m.group(1), right_m.group(1), hyphen)
    if decision is Join.SPACE:
        return MappedText.join([prev, nxt], " ")
    if decision is Join.GLUE:
        fixes["words_rejoined"] += 1
        return prev + nxt
    if decision is Join.DEHYPHEN:
        fixes["hyphens_removed"] += 1
        return prev.slice(0, len(prev) - 1) + nxt
    if decision is Join.KEEP_HYPHEN:
        return prev + nxt
    return MappedText.join([prev, nxt], " ")  # HYPHEN_SPACE: "sundheds- og"


def content_words(text: str) -> set[str]:
    return {w.lower()[:5] for w in WORD_RX.findall(text) if len(w) >= 4}


def overlap(title: str, text: str) -> float:
    tw = content_words(title)
    return len(tw & content_words(text)) / len(tw) if tw else 0.0


def build_paragraphs(
    lines: list[Line], decider: JoinDecider, fixes: Counter[str], structured: bool = False
) -> list[Paragraph]:
    """``structured``: the loader wrote the paragraphs (Word, HTML, Markdown), so a blank line
    always ends one; extracted text (plain text, PDF) may be double spaced instead, when its lines
    are a page's lines, wrapped at a width (a text written with a paragraph a line and a blank line
    after each is not: its lines are as long as its paragraphs)."""
    long_lines = [ln.text.text for ln in lines if ln.kind == "text" and len(ln.text.text) > 20]
    typical = statistics.median(len(t) for t in long_lines) if long_lines else 80.0
    spaced = not structured and typical <= WRAPPED_WIDTH and double_spaced(lines)
    # a paragraph a line (a news text saved as plain text): most lines end a sentence, where a
    # page's wrapped lines seldom do (the seeds: 0 to 27 %; the NorQuAD texts: 50 % and more).
    # There a line break ends a paragraph, so a headline, a photo credit or a subheading without
    # closing punctuation is not read as the start of the sentence on the next line, unless that
    # line goes on in lower case
    ended = sum(ends_sentence(t) for t in long_lines) / len(long_lines) if long_lines else 0.0
    unwrapped = not structured and ended >= PARAGRAPH_LINES
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    pending: list[Paragraph] = []  # stranded headings, placed after the sentence they interrupted
    blank_run = 0

    def flush() -> None:
        nonlocal current
        if current and current.text.text.strip():
            current.text = current.text.strip()
            title = looks_like_heading(current.text.text, float(HEADING_MAX_CHARS))
            if len(current.lines) <= 2 and title and not current.row:
                current.kind = "heading"  # a title wrapped over two lines
            paragraphs.append(current)
        paragraphs.extend(pending)
        pending.clear()
        current = None

    text_idx = [i for i, ln in enumerate(lines) if ln.kind == "text" and ln.text.text]
    next_text: dict[int, int] = {a: b for a, b in zip(text_idx, text_idx[1:], strict=False)}

    for i, ln in enumerate(lines):
        if ln.kind in ("marker", "header", "separator", "contents"):
            continue
        if ln.kind == "footnote":
            # a page's footnotes read after the paragraph they stand in, which may run on over
            # the page break ("… og kommunen har en" / footnotes / "felles plan for skoleveiene …")
            notes = pending if current is not None else paragraphs
            if ln.footnote_no is not None or not notes or notes[-1].kind != "footnote":
                notes.append(Paragraph("footnote", [ln], ln.text.strip()))
            else:
                last = notes[-1]
                last.lines.append(ln)
                last.text = join_lines(last.text, ln.text.strip(), decider, fixes)
            continue
        t = ln.text.text
        if not t and "\f" in ln.raw and current is not None and continues(current.text.text, lines, i):
            continue  # a page break inside a sentence ("… bedre bely-" / footer, header / "sning, …")
        if not t:
            blank_run += 1
            if not spaced or blank_run >= 2:
                flush()
            continue
        prev_blank, blank_run = blank_run, 0
        prev_text = current.text.text if current else ""
        nxt = lines[next_text[i]].text.text if i in next_text else ""
        blank_after = i + 1 < len(lines) and not lines[i + 1].raw.strip()
        width = 0.85 * typical if spaced or not blank_after else float(HEADING_MAX_CHARS)
        # a table's row next to another row is a row, its head row too ("Tiltak | Beløp | Periode")
        in_table = TABLE_CELL_RX.search(t) is not None and (
            TABLE_CELL_RX.search(nxt) is not None
            or (current is not None and TABLE_CELL_RX.search(current.lines[-1].text.text) is not None)
        )
        if looks_like_heading(t, width) and not in_table:
            heading = Paragraph("heading", [ln], ln.text.strip().sub(HEADING_MARK.pattern, ""))
            last = paragraphs[-1] if paragraphs else None
            open_par = current or (last if last and last.kind != "heading" else None)
            if open_par and not ends_sentence(open_par.text.text) and starts_lower(nxt):
                # a running section title stranded inside a sentence at a page break:
                # lift it out and let the sentence continue
                fixes["stranded_headings"] += 1
                if current is None:
                    current = paragraphs.pop()
                heading.running_title = True
                pending.append(heading)
                continue
            isolated = not current or ends_sentence(prev_text) or prev_blank > 0 or unwrapped
            if isolated and not starts_lower(nxt):
                flush()
                heading.running_title = next_is_marker(lines, i)
                paragraphs.append(heading)
                continue
        bullet = BULLET_RX.match(t)
        indented = bool(re.match(r" [A-ZÆØÅ]", ln.raw))  # a box or a bullet whose glyph was lost
        after_title = current is not None and len(current.lines) <= 2 and looks_like_heading(prev_text)
        # a table's row ("Lys langs skoleveiene | 3,5 mill. kr | 2024", as the loaders write Word and
        # HTML tables, and Markdown's) is a block of its own, read as one sentence
        row = TABLE_CELL_RX.search(t) is not None
        after_row = current is not None and TABLE_CELL_RX.search(current.lines[-1].text.text) is not None
        starts_new = (
            bullet is not None
            or row
            or (unwrapped and not starts_lower(t) and not prev_text.rstrip().endswith("-"))
            or after_row
            or (indented and (ends_sentence(prev_text) or after_title))
            or (
                spaced
                and current is not None
                and ends_sentence(prev_text)
                and len(current.lines[-1].text.text) < 0.75 * typical
            )
        )
        if starts_new:
            flush()
        if current is None:
            current = Paragraph("list" if bullet else "body", row=in_table)
        current.lines.append(ln)
        current.text = join_lines(current.text, ln.text.strip(), decider, fixes)
    flush()
    return paragraphs


def continues(text: str, lines: list[Line], i: int) -> bool:
    """Whether the paragraph ``text`` runs on past line ``i`` (a page break): it stops inside a
    sentence and the next line of text starts in lower case or completes a broken word."""
    after = next(
        (lines[j].text.text for j in range(i + 1, len(lines)) if lines[j].kind == "text" and lines[j].text.text), ""
    )
    return bool(after) and not ends_sentence(text) and (after[:1].islower() or text.rstrip().endswith("-"))


def next_is_marker(lines: list[Line], i: int) -> bool:
    for ln in lines[i + 1 : i + 6]:
        if ln.kind == "marker":
            return True
        if ln.raw.strip():
            return False
    return False


def assign_sections(paragraphs: list[Paragraph], fixes: Counter[str]) -> None:
    """Headings name the text after them, except box titles printed after their box."""
    for k, par in enumerate(paragraphs):
        if par.kind != "heading" or par.running_title:
            continue
        before = next((p for p in reversed(paragraphs[:k]) if p.kind in ("body", "list")), None)
        after = next((p for p in paragraphs[k + 1 :] if p.kind != "footnote"), None)
        if before is None or after is None or after.kind == "heading":
            continue
        # only when the title directly follows the box
        if paragraphs[k - 1] is not before:
            continue
        ob, oa = overlap(par.text.text, before.text.text), overlap(par.text.text, after.text.text)
        if ob >= 0.5 and ob > oa:
            par.trailing_title = True
            before.section = par.text.text
            fixes["trailing_titles"] += 1
    section: str | None = None
    for par in paragraphs:
        if par.kind == "heading":
            if not par.trailing_title:
                section = par.text.text
            par.section = par.text.text  # a heading belongs to the section it names
        elif par.section is None:
            par.section = section


def clean_document(doc: LoadedDocument, vocabulary: Vocabulary | None = None) -> CleanedDocument:
    """Clean one loaded document into blocks with spans, pages and sections."""
    fixes: Counter[str] = Counter()
    vocab = vocabulary or Vocabulary([doc.text])
    decider = JoinDecider(vocab)
    lines = split_lines(doc.text)
    for ln in lines:
        ln.text = normalise_spaces(ln.text, fixes)
    strip_line_numbers(lines, fixes)
    find_contents(lines, fixes)
    find_page_markers(lines, fixes)
    page_start_lines = loader_page_lines(doc, lines)
    find_repeated_edges(lines, page_start_lines, fixes)
    remove_photo_credits(lines, fixes)
    numbers = find_footnotes(lines, fixes)
    marked: dict[int, int] = {}  # footnote number -> the line its mark first stands in
    for i, ln in enumerate(lines):
        if ln.kind in ("text", "footnote"):
            found: set[int] = set()
            ln.text = remove_footnote_markers(ln.text, numbers, fixes, found).strip()
            ln.text = ln.text.sub(MULTISPACE_RX, " ")
            if ln.kind == "text":
                for n in found:
                    marked.setdefault(n, i)
        if ln.kind == "text" and not ln.text.text:
            ln.kind = "text"
    pages, page_count = assign_pages(lines, page_start_lines)
    paragraphs = build_paragraphs(lines, decider, fixes, structured=doc.format in ("docx", "html", "md"))
    assign_sections(paragraphs, fixes)
    notes_follow_their_marks(paragraphs, lines, marked)
    return assemble(doc.doc_id, paragraphs, pages, page_count, fixes)


def notes_follow_their_marks(paragraphs: list[Paragraph], lines: list[Line], marked: dict[int, int]) -> None:
    """A footnote is of the section whose text refers to it, not of the one whose page foot it is
    printed at (a note to a paragraph above a page's table was filed under the table's section)."""
    where = {id(ln): par for par in paragraphs if par.kind != "footnote" for ln in par.lines}
    for par in paragraphs:
        if par.kind != "footnote" or not par.lines or par.lines[0].footnote_no not in marked:
            continue
        source = where.get(id(lines[marked[par.lines[0].footnote_no]]))
        if source is not None and source.section is not None:
            par.section = source.section


def loader_page_lines(doc: LoadedDocument, lines: list[Line]) -> list[int]:
    """Line index where each page starts, when the loader knew the pages (pdf)."""
    if not doc.page_starts:
        return []
    out = []
    for start in doc.page_starts:
        idx = next((i for i, ln in enumerate(lines) if (ln.text.offsets or [0])[0] >= start), len(lines) - 1)
        out.append(idx)
    return out


def assemble(
    doc_id: str,
    paragraphs: list[Paragraph],
    pages: list[int | None],
    page_count: int | None,
    fixes: Counter[str],
) -> CleanedDocument:
    parts: list[MappedText] = []
    blocks: list[Block] = []
    pos = 0
    for par in paragraphs:
        if parts:
            sep = MappedText("\n\n", [par.text.offsets[0]] * 2)
            parts.append(sep)
            pos += 2
        parts.append(par.text)
        first, last = par.lines[0], par.lines[-1]
        blocks.append(
            Block(
                kind=par.kind,
                text=par.text.text,
                clean_start=pos,
                clean_end=pos + len(par.text),
                raw_start=par.text.offsets[0],
                raw_end=par.text.offsets[-1] + 1,
                line_start=first.no,
                line_end=last.no,
                page=pages[first.no - 1],
                section=par.section,
            )
        )
        pos += len(par.text)
    full = MappedText.join(parts)
    return CleanedDocument(
        doc_id=doc_id,
        text=full.text,
        offsets=full.offsets,
        blocks=blocks,
        page_count=page_count,
        line_pages=pages,
        fixes=dict(fixes),
    )
