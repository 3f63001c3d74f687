"""The same texts as uploads in other formats: PDF, Word, HTML.

A user uploads PDFs and Word files, not the plain text the outside corpus comes in. This module
writes each text of a folder (first line the title, then one paragraph a line) as:

- ``pdf``: pages of typeset lines (wrapped at ``WIDTH`` characters, ``LINES`` lines a page), the
  title on top of the first page and as a running header on the others, "Side n av m" as a footer
  on every page, as a word processor prints them; the text a PDF gives back has no blank line
  between paragraphs, as in most PDFs;
- ``pdf-hyphenated``: the same, with a long word that does not fit split at the line's end by a
  hyphen, as justified, hyphenated print does ("kystfor-" / "svarsanlegg");
- ``pdf-small-pages``: hyphenated, on pages of ``SMALL_PAGE_LINES`` lines: the outside texts are
  short (most fit on one page), so this puts a page break, a footer and a header inside every few
  sentences, as a long report has them;
- ``docx``: the title as a heading, one Word paragraph per paragraph;
- ``html``: the title as ``<h1>``, one ``<p>`` per paragraph.

``python -m evals formats --norquad DIR`` asks the NorQuAD dev questions over each format (each
its own index) and tabulates the span metric next to the text files: an uploaded document must
get the same reader. The PDF writer is minimal (Helvetica, WinAnsi encoding: a character outside
it, as in a Persian or Greek name, is written "?"), deterministic and needs no package."""

from __future__ import annotations

import html
import io
import re
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from evals.predictions import Prediction
from retrieval.loaders import PAGE_SEPARATOR, load_document

FORMATS = ("pdf", "pdf-hyphenated", "pdf-small-pages", "docx", "html")
SUFFIX = {"pdf": ".pdf", "pdf-hyphenated": ".pdf", "pdf-small-pages": ".pdf", "docx": ".docx", "html": ".html"}
WIDTH = 95  # characters a line: about 11 pt Helvetica on A4 with common margins
LINES = 48  # lines a page
SMALL_PAGE_LINES = 12  # "pdf-small-pages": a page break every few sentences, and its header and footer
MIN_PART = 3  # letters a hyphenated word keeps on either side of the break
VOWELS = frozenset("aeiouyæøåäöéè")


def pdf_bytes(
    pages: list[list[str | tuple[str, ...]]],
    header: str | None = None,
    footer: bool = False,
    notes: list[list[str]] | None = None,
) -> bytes:
    """A minimal valid PDF: one Helvetica text line per string, a correct xref table; ``header``
    on top of every page but the first (whose text opens with the title, as a document's first page
    is usually set), "Side n av m" at the foot of every page with ``footer``. ``notes``: each
    page's footnotes ("4 Evalueringen …"), set smaller at the page's foot with their number raised,
    as a word processor prints them; "^4" in a line of text is its raised reference mark. A
    tuple is a table's row: its cells set apart in columns ``COLUMN`` points wide."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    page_ids = [4 + 2 * i for i in range(len(pages))]
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()
    for n, (pid, lines) in enumerate(zip(page_ids, pages, strict=True), 1):
        ops: list[bytes] = []
        if header and n > 1:
            ops += [b"BT", b"/F1 9 Tf", b"72 760 Td", b"(" + _escaped(header) + b") Tj", b"ET"]
        if lines:
            ops += [b"BT", b"/F1 12 Tf", b"72 720 Td", b"14 TL"]
            ops += [(b"" if i == 0 else b"T* ") + _shown(line) for i, line in enumerate(lines)]
            ops.append(b"ET")
        if notes and notes[n - 1]:
            ops += [b"BT", b"/F1 9 Tf", f"72 {60 + 11 * len(notes[n - 1])} Td".encode(), b"11 TL"]
            for i, note in enumerate(notes[n - 1]):
                number, text = note.split(" ", 1)
                raised = b"/F1 6 Tf 3 Ts (" + _escaped(number) + b") Tj /F1 9 Tf 0 Ts "
                ops.append((b"" if i == 0 else b"T* ") + raised + b"(" + _escaped(" " + text) + b") Tj")
            ops.append(b"ET")
        if footer:
            ops += [b"BT", b"/F1 9 Tf", b"280 40 Td", b"(" + _escaped(f"Side {n} av {len(pages)}") + b") Tj", b"ET"]
        stream = b"\n".join(ops)
        objects[pid] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents " + f"{pid + 1} 0 R >>".encode()
        )
        objects[pid + 1] = f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for oid in sorted(objects):
        offsets[oid] = len(out)
        out += f"{oid} 0 obj\n".encode() + objects[oid] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[oid]:010d} 00000 n \n".encode() for oid in range(1, size))
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


COLUMN = 170  # points between a table's columns (a cell's text starts there)


class Sized(NamedTuple):
    """A line printed in a size of its own (a heading: 16 pt over the body's 12)."""

    text: str
    size: float


def _shown(line: str | tuple[str, ...]) -> bytes:
    """A line's text operators, a "^4" in it set as a raised reference mark; a row's cells each
    at its column, back to the line's start after the last; a :class:`Sized` line in its size."""
    if isinstance(line, Sized):
        return f"/F1 {line.size:g} Tf ".encode() + b"(" + _escaped(line.text) + b") Tj /F1 12 Tf"
    if isinstance(line, tuple):
        cells = [b"(" + _escaped(cell) + b") Tj" for cell in line]
        moved = f" {COLUMN} 0 Td ".encode()
        return moved.join(cells) + f" {-COLUMN * (len(line) - 1)} 0 Td".encode()
    parts = re.split(r"\^(\d+)", line)
    shown = [
        b"(" + _escaped(part) + b") Tj" if k % 2 == 0 else b"/F1 7 Tf 4 Ts (" + _escaped(part) + b") Tj /F1 12 Tf 0 Ts"
        for k, part in enumerate(parts)
        if part
    ]
    return b" ".join(shown) or b"() Tj"


def _escaped(line: str) -> bytes:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252", "replace")


def hyphenated_lines(paragraph: str, width: int = WIDTH) -> list[str]:
    """The paragraph wrapped at ``width``; a word of letters that does not fit is split by a
    hyphen after a vowel, keeping ``MIN_PART`` letters on either side, when the line has room."""
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        if not line or len(line) + 1 + len(word) <= width:
            line = f"{line} {word}" if line else word
            continue
        core = word.rstrip(".,;:!?»”)")
        cut = min(width - len(line) - 2, len(core) - MIN_PART)
        while cut > MIN_PART and core[cut - 1].lower() not in VOWELS:
            cut -= 1
        if core.isalpha() and cut >= MIN_PART and core[cut - 1].lower() in VOWELS:
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def as_pdf(title: str, paragraphs: list[str], hyphenate: bool = False, page_lines: int = LINES) -> bytes:
    wrap: Callable[[str], list[str]] = hyphenated_lines if hyphenate else (lambda p: textwrap.wrap(p, WIDTH))
    lines = [title, "", *(line for p in paragraphs for line in [*wrap(p), ""])]
    pages = [lines[i : i + page_lines] for i in range(0, len(lines), page_lines)] or [[]]
    return pdf_bytes(pages, header=title, footer=True)


def as_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip_times(buffer.getvalue())


def fixed_zip_times(data: bytes) -> bytes:
    """A zip archive (a .docx) with every member dated 1980-01-01: python-docx dates them by the
    clock, so the same text written a second later had other bytes, and ``convert`` rewrote the
    file (and the index built on it was built again)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def as_html(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
        f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    ).encode()


def render(text: str, fmt: str) -> bytes:
    """A text (first line its title, one paragraph a line) as a file of ``fmt``."""
    lines = [line.strip() for line in text.splitlines()]
    title, paragraphs = (lines[0] if lines else ""), [line for line in lines[1:] if line]
    if fmt == "pdf-small-pages":
        return as_pdf(title, paragraphs, hyphenate=True, page_lines=SMALL_PAGE_LINES)
    if fmt in ("pdf", "pdf-hyphenated"):
        return as_pdf(title, paragraphs, hyphenate=fmt == "pdf-hyphenated")
    if fmt == "docx":
        return as_docx(title, paragraphs)
    if fmt == "html":
        return as_html(title, paragraphs)
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


def convert(src: Path, dst: Path, fmt: str) -> dict[str, str]:
    """Every ``*.txt`` of ``src`` written to ``dst`` in ``fmt`` (files already written as the same
    bytes are left alone, so an index built on them stays valid); old name -> new name."""
    dst.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for path in sorted(src.glob("*.txt")):
        target = dst / (path.stem + SUFFIX[fmt])
        data = render(path.read_text(encoding="utf-8"), fmt)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        names[path.name] = target.name
    return names


def page_accuracy(predictions: list[Prediction], docs: Path) -> tuple[int, int]:
    """How many citations of PDF files give the page their quote starts on, of how many: the
    page counted from the page breaks the loader puts between a PDF's pages, in front of the
    quote's first character in the loaded text."""
    texts: dict[str, str] = {}
    right = total = 0
    for p in predictions:
        for c in p.citations:
            if not c.doc.endswith(".pdf") or c.raw_start is None:
                continue
            if c.doc not in texts:
                texts[c.doc] = load_document(docs / c.doc).text
            total += 1
            right += c.page == texts[c.doc].count(PAGE_SEPARATOR, 0, c.raw_start) + 1
    return right, total
