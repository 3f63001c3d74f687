"""Word .docx (python-docx): paragraphs, headings, list markers, tables as rows of cells, text
boxes, and the footnotes and endnotes python-docx does not read; the table of contents left out."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.load_common import LIST_MARKERS, DocumentLoadError, heading_line, note_mark, tidy_extracted

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or a password-protected .docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_from_docx(path: Path, data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if data.startswith(_OLE_MAGIC):
        raise DocumentLoadError(
            path,
            "this is an old-style .doc or a password-protected Word file; "
            "save it as an unprotected .docx and try again",
        )
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs: list[str] = []
        formats = _numbering_formats(document)
        counters: dict[tuple[int, int], int] = {}
        notes = _Notes(document)

        def visit(items: Iterable[Paragraph | Table]) -> None:
            for item in items:
                if isinstance(item, Paragraph):
                    if _is_contents(item):  # the table of contents: navigation, not text
                        continue
                    line = item.text.strip()
                    if line:
                        if (level := _heading_level(item)) is not None:
                            line = heading_line(line, level)
                        elif (numbered := _list_item(item)) is not None:
                            line = f"{_list_marker(numbered, formats, counters)} {line}"
                        paragraphs.append(line)
                    for box in _text_boxes(item._p):  # a fact box anchored here reads after it
                        visit(Paragraph(p, item._parent) for p in box.iterchildren(f"{_W}p"))
                    paragraphs.extend(notes.referenced_in(item._p))
                    continue
                # Merged cells repeat in row.cells; keeping the elements alive keeps their
                # lxml proxies (and so their identities) stable while we compare.
                seen_cells: set[object] = set()
                rows: list[list[_Cell]] = []
                for row in item.rows:
                    rows.append([])
                    for cell in row.cells:
                        if cell._tc not in seen_cells:
                            seen_cells.add(cell._tc)
                            rows[-1].append(cell)
                if any(c.tables for row in rows for c in row):
                    for row in rows:  # a table inside a cell: each cell's content in turn
                        for cell in row:
                            visit(cell.iter_inner_content())
                    continue
                # one line a row, its cells apart by " | ", as an HTML table reads: a figure keeps
                # the name of what it is on its line ("Lys langs skoleveiene | 3,5 mill. kr | 2024")
                lines = [" | ".join(t for c in row if (t := _cell_text(c))) for row in rows]
                if table_text := "\n".join(line for line in lines if line):
                    paragraphs.append(table_text)
                paragraphs.extend(notes.referenced_in(item._tbl))

        visit(document.iter_inner_content())
    except Exception:  # zip, xml and package errors all mean "not a usable .docx"
        raise DocumentLoadError(path, "the Word file is damaged or not a .docx file") from None

    text = tidy_extracted("\n\n".join(paragraphs))
    if not text.strip():
        raise DocumentLoadError(path, "the document contains no text")
    return text


def _text_boxes(paragraph: BaseOxmlElement) -> list[BaseOxmlElement]:
    """The text boxes (``w:txbxContent``) anchored in a Word paragraph, not those nested in another
    box (read with it) nor the copy Word keeps for older readers (``mc:Fallback``)."""
    out = []
    for box in paragraph.iter(f"{_W}txbxContent"):
        node = box.getparent()
        while node is not None and node is not paragraph:
            if node.tag == f"{_W}txbxContent" or str(node.tag).endswith("}Fallback"):
                break
            node = node.getparent()
        else:
            out.append(box)
    return out


class _Notes:
    """A Word document's footnotes and endnotes (``word/footnotes.xml``, ``word/endnotes.xml``),
    which python-docx does not read. Each is read once, as a paragraph of its own after the
    paragraph (or table) that refers to it, marked with its number in superscript as the page
    shows it ("¹ Tallene gjelder 2017."); footnotes and endnotes are counted apart, in the order
    of their references. The reference itself adds nothing to the sentence it stands in, so
    "økte med 20 %¹" keeps reading "20 %"."""

    KINDS = ("footnote", "endnote")

    def __init__(self, document: object) -> None:
        from docx.oxml import parse_xml

        self.texts: dict[tuple[str, str], str] = {}
        self.counts = dict.fromkeys(self.KINDS, 0)
        for rel in document.part.rels.values():  # type: ignore[attr-defined]
            kind = rel.reltype.rsplit("/", 1)[-1].removesuffix("s")
            if kind not in self.KINDS or rel.is_external:
                continue
            for note in parse_xml(rel.target_part.blob).iterchildren(f"{_W}{kind}"):
                if note.get(f"{_W}type") not in (None, "normal"):  # the separator lines
                    continue
                lines = (" ".join("".join(t.text or "" for t in p.iter(f"{_W}t")).split()) for p in note.iter(f"{_W}p"))
                if text := " ".join(line for line in lines if line):
                    self.texts[(kind, note.get(f"{_W}id", ""))] = text

    def referenced_in(self, element: BaseOxmlElement) -> list[str]:
        """The notes first referred to inside ``element``, in order, each with its mark."""
        out = []
        for ref in element.iter(f"{_W}footnoteReference", f"{_W}endnoteReference"):
            kind = "footnote" if ref.tag.endswith("footnoteReference") else "endnote"
            text = self.texts.pop((kind, ref.get(f"{_W}id", "")), None)
            if text is not None:
                self.counts[kind] += 1
                out.append(note_mark(self.counts[kind], text))
        return out


def _is_contents(paragraph: Paragraph) -> bool:
    """A line of Word's table of contents or its title (styles "toc 1" … "toc 9", "TOC Heading")."""
    try:
        name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except (KeyError, ValueError):  # a style the document names but does not define
        return False
    return bool(re.fullmatch(r"toc \d|toc heading", name))


def _cell_text(cell: _Cell) -> str:
    """A table cell's paragraphs as one line."""
    return " ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip())


def _list_item(paragraph: Paragraph) -> tuple[int, int] | None:
    """(numbering id, level) of a list paragraph, None for any other: numbering set on the
    paragraph (Word's own lists) or on its style ("List Bullet 2": level 1)."""
    ppr = paragraph._p.pPr
    num = ppr.numPr if ppr is not None else None
    if num is not None and num.numId is not None:
        if num.numId.val == 0:  # numbering switched off for this paragraph
            return None
        return num.numId.val, num.ilvl.val if num.ilvl is not None else 0
    style = paragraph.style
    for _ in range(10):
        if style is None:
            return None
        spr = style.element.pPr
        snum = spr.numPr if spr is not None else None
        if snum is not None and snum.numId is not None:
            digit = re.search(r"(\d)\s*$", style.name or "")
            level = snum.ilvl.val if snum.ilvl is not None else (int(digit.group(1)) - 1 if digit else 0)
            return snum.numId.val, max(0, level)
        style = style.base_style
    return None


def _numbering_formats(document: object) -> dict[tuple[int, int], str]:
    """The number format ("bullet", "decimal", "lowerLetter" …) of each (numbering id, level)."""
    try:
        numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    levels: dict[tuple[str | None, int], str] = {}
    for abstract in numbering.findall(f"{_W}abstractNum"):
        for lvl in abstract.findall(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            key = (abstract.get(f"{_W}abstractNumId"), int(lvl.get(f"{_W}ilvl") or 0))
            levels[key] = fmt.get(f"{_W}val") if fmt is not None else "bullet"
    out: dict[tuple[int, int], str] = {}
    for num in numbering.findall(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is None:
            continue
        for (abstract_id, level), fmt in levels.items():
            if abstract_id == ref.get(f"{_W}val"):
                out[(int(num.get(f"{_W}numId") or 0), level)] = fmt
    return out


def _list_marker(
    item: tuple[int, int], formats: dict[tuple[int, int], str], counters: dict[tuple[int, int], int]
) -> str:
    """A bullet by level, or the item's number ("2.") in a numbered list (counted per list and
    level; a point of a higher level restarts the levels below it)."""
    num_id, level = item
    fmt = formats.get(item, "bullet")
    for key in [k for k in counters if k[0] == num_id and k[1] > level]:
        del counters[key]
    if fmt in ("bullet", "none", ""):
        return LIST_MARKERS[min(level, len(LIST_MARKERS) - 1)]
    counters[item] = counters.get(item, 0) + 1
    return f"{counters[item]}."


def _heading_level(paragraph: object) -> int | None:
    """A heading's level by its style ("Heading 2", Norwegian Word's "Overskrift 2": 2; "Title": 1),
    or None for a paragraph that is no heading."""
    style = getattr(paragraph, "style", None)
    for _ in range(10):  # follow "based on" a few steps: custom styles built on Heading 1
        if style is None:
            return None
        name = (style.name or "").lower()
        if name.startswith(("heading", "title", "overskrift", "tittel")):
            digits = re.search(r"\d", name)
            return int(digits.group(0)) if digits else 1
        style = style.base_style
    return None
