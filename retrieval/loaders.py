"""Loading: a file on disk -> ``LoadedDocument`` (plain text, page starts, checksum).

Supported: .txt / .md (verbatim text), .pdf (pypdf), .docx (python-docx), .html / .htm
(BeautifulSoup). Every failure is a ``DocumentLoadError`` naming the file and saying what
is wrong in plain words; ``load_many`` collects those so one broken file never stops the rest.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bs4 import BeautifulSoup, FeatureNotFound
from bs4.element import NavigableString, PreformattedString, Tag

from retrieval.pdf_layout import Run, collect_runs, with_footnote_rule, with_table_rows
from retrieval.types import LoadedDocument

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

# bump when a format's text changes, so indexes built from the old text are rebuilt
# v2: lists keep markers; v3: Word table rows; v4: HTML chrome; v5: Markdown; v6: text boxes;
# v7: notes, contents, PDF footnotes and table rows
LOADER_VERSION = "load-v7"
Format = Literal["txt", "md", "pdf", "docx", "html"]

SUPPORTED_SUFFIXES: dict[str, Format] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
PAGE_SEPARATOR = "\n\f\n"

_IGNORED_NAMES = {"manifest.json"}
# C0 controls other than \t \n \f \r, DEL and the C1 block.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.10
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or a password-protected .docx


class DocumentLoadError(Exception):
    """A file that could not be turned into text. ``str(err)`` is fit to show a user."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"cannot read '{self.path.name}': {reason}")

    def __reduce__(self) -> tuple[type[DocumentLoadError], tuple[Path, str]]:
        return (type(self), (self.path, self.reason))


# ---------------------------------------------------------------------------- public API


def load_document(path: Path, doc_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Read one file into a ``LoadedDocument``; raise ``DocumentLoadError`` on any problem."""
    path = Path(path)
    fmt = _format_of(path)
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise DocumentLoadError(path, "the file is empty")

    if fmt == "txt":
        text, page_starts = _text_from_plain(path, data), []
    elif fmt == "md":
        text, page_starts = _text_from_markdown(_text_from_plain(path, data)), []
    elif fmt == "pdf":
        text, page_starts = _text_from_pdf(path, data)
    elif fmt == "docx":
        text, page_starts = _text_from_docx(path, data), []
    else:
        text, page_starts = _text_from_html(path, data), []

    return LoadedDocument(
        doc_id=doc_id if doc_id is not None else path.stem,
        path=path,
        file_name=path.name,
        format=fmt,
        text=text,
        page_starts=page_starts,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def discover(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively) to the supported files in them, in sorted order.

    Inside folders, hidden files and folders, Office lock files (``~$x.docx``),
    ``manifest.json`` and unsupported types are skipped. Files named explicitly are kept
    as given, even if unsupported or missing, so ``load_document`` can report why.
    Duplicates are dropped; otherwise the order of the arguments is kept.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for arg in paths:
        arg = Path(arg)
        for path in _walk_folder(arg) if arg.is_dir() else [arg]:
            key = _identity(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def load_many(
    paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[LoadedDocument], list[DocumentLoadError]]:
    """Load every file under ``paths`` (folders are expanded with ``discover``).

    Returns the documents that loaded and the errors of those that did not. Files whose
    stems collide (``report.pdf`` and ``report.docx``) get ``report``, ``report-2``, ...
    as doc ids, so ids stay unique within one call.
    """
    docs: list[LoadedDocument] = []
    errors: list[DocumentLoadError] = []
    used_ids: set[str] = set()
    for path in discover(paths):
        doc_id = _unique_id(path.stem, used_ids)
        try:
            docs.append(load_document(path, doc_id=doc_id, max_bytes=max_bytes))
        except DocumentLoadError as err:
            errors.append(err)
        else:
            used_ids.add(doc_id)
    return docs, errors


# ---------------------------------------------------------------------------- file access


def _format_of(path: Path) -> Format:
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        kind = f"'{path.suffix}' files are" if path.suffix else "files without an extension are"
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentLoadError(path, f"{kind} not supported (supported types: {supported})")
    return fmt


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentLoadError(path, "it is a folder, not a file")
        if size > max_bytes:
            shown, limit = _human_size(size), _human_size(max_bytes)
            if shown == limit:
                shown, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
            raise DocumentLoadError(path, f"the file is {shown}, larger than the limit of {limit}")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise DocumentLoadError(path, "the file does not exist") from None
    except PermissionError:
        raise DocumentLoadError(path, "permission denied (the file is not readable)") from None
    except IsADirectoryError:
        raise DocumentLoadError(path, "it is a folder, not a file") from None
    except OSError as err:
        raise DocumentLoadError(path, f"the file could not be read ({err.strerror or err})") from None
    if len(data) > max_bytes:  # grew after stat
        raise DocumentLoadError(path, f"the file is larger than the limit of {_human_size(max_bytes)}")
    return data


def _human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


class FolderUnreadable(OSError):
    """A corpus folder cannot be listed. Indexing without it would silently drop its documents,
    so this stops the build (the live index stays) and names the folder and the way out."""

    def __str__(self) -> str:
        return str(self.args[0])


def _raise_unreadable(err: OSError) -> None:
    where = err.filename or "a corpus folder"
    raise FolderUnreadable(
        f"the folder {where} cannot be read ({err.strerror or err}). Fix its permissions, or take it out "
        "of the corpus (ASSISTANT_SEEDS_DIR / ASSISTANT_EXTRA_PATHS), then run `assistant ingest`"
    ) from err


def _walk_folder(folder: Path) -> list[Path]:
    files: list[Path] = []
    # does not follow symlinked folders; a folder it cannot list is an error, not an empty folder
    for root, dirs, names in os.walk(folder, onerror=_raise_unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith((".", "~$")) or name.lower() in _IGNORED_NAMES:
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(Path(root) / name)
    return sorted(files)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _unique_id(stem: str, used: set[str]) -> str:
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


# ---------------------------------------------------------------------------- txt / md


def _text_from_plain(path: Path, data: bytes) -> str:
    text = _decode(path, data)
    if len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_RATIO * len(text):
        raise DocumentLoadError(path, "the file looks like binary data, not text")
    if not text.strip():
        raise DocumentLoadError(path, "the file is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------- markdown

_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_NOTE_DEF = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s?(.*)$")
_MD_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # an image: its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # a link: its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]


def _text_from_markdown(text: str) -> str:
    """Markdown as the text its reader sees, in the conventions of the other loaders: headings as
    "# title" lines, bullets as the printed glyph by depth ("•", "o", "▪"), table rows as cells
    apart by " | "; emphasis, links, images, quote marks and rules without their markup. Code
    blocks stay as written."""
    lines, notes = _md_footnotes(text.split("\n"))
    out: list[str] = []
    fenced = False
    waiting: list[str] = []  # the notes the paragraph being read refers to, read after it
    for line in lines:
        if _MD_FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if not line.strip() and waiting:
            out += [part for note in waiting for part in ("", note)]
            waiting.clear()
        for label in _MD_NOTE_REF.findall(line):
            if label in notes.texts:
                waiting.append(notes.mark(label))
        line = _MD_NOTE_REF.sub("", line)
        if _MD_SETEXT.match(line) and out and out[-1].strip() and not out[-1].startswith("# "):
            out[-1] = f"# {out[-1].strip()}"  # "Title" underlined by "===" or "---"
            continue
        if _MD_RULE.match(line) or _MD_REFERENCE.match(line) or _MD_TABLE_RULE.match(line):
            out.append("")
            continue
        line = _MD_QUOTE.sub("", line)
        if m := _MD_HEADING.match(line):
            out.append(f"# {_md_inline(m.group(1))}")
            continue
        if m := _MD_BULLET.match(line):
            depth = len(m.group(1).expandtabs(4)) // 2
            line = f"{LIST_MARKERS[min(depth, len(LIST_MARKERS) - 1)]} {line[m.end() :]}"
        elif line.strip().startswith("|") and line.strip().endswith("|"):
            line = " | ".join(cell.strip() for cell in line.strip()[1:-1].split("|"))
        out.append(_md_inline(line))
    unreferred = [notes.mark(label) for label in list(notes.texts)]  # defined, never referred to: kept
    out += [part for note in [*waiting, *unreferred] for part in ("", note)]
    return "\n".join(out)


class _MarkdownNotes:
    """Footnote definitions ("[^1]: Kilde: SSB."), each read once, as Word's notes are: after
    the paragraph first referring to it, numbered in superscript in the order of the references."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.count = 0

    def mark(self, label: str) -> str:
        self.count += 1
        return _note(self.count, _md_inline(self.texts.pop(label)))


def _md_footnotes(lines: list[str]) -> tuple[list[str], _MarkdownNotes]:
    """The lines without footnote definitions (and their indented continuation lines), and the
    definitions."""
    notes = _MarkdownNotes()
    kept: list[str] = []
    fenced = False
    label: str | None = None
    for line in lines:
        if _MD_FENCE.match(line):
            fenced = not fenced
        if not fenced and (m := _MD_NOTE_DEF.match(line)):
            label = m.group(1)
            notes.texts[label] = m.group(2).strip()
            continue
        if label is not None and not fenced and line.startswith(("    ", "\t")) and line.strip():
            notes.texts[label] = f"{notes.texts[label]} {line.strip()}".strip()
            continue
        if line.strip():
            label = None
        kept.append(line)
    return kept, notes


def _md_inline(line: str) -> str:
    for rx, repl in _MD_INLINE:
        line = rx.sub(repl, line)
    return line


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (BOM stripped), UTF-16 with a BOM, else cp1252, else latin-1. Never fails."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DocumentLoadError(path, "the file looks like binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# ---------------------------------------------------------------------------- pdf


def _text_from_pdf(path: Path, data: bytes) -> tuple[str, list[int]]:
    from pypdf import PasswordType, PdfReader

    damaged = DocumentLoadError(path, "the PDF is damaged or not a PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise DocumentLoadError(path, "the PDF is encrypted")
        pages = list(reader.pages)
    except DocumentLoadError:
        raise
    except Exception as err:  # pypdf raises many kinds on broken input
        if _is_encryption_problem(err):
            raise DocumentLoadError(path, "the PDF is encrypted") from None
        raise damaged from None

    texts: list[str] = []
    failures = 0
    for page in pages:
        runs: list[Run] = []
        try:
            page_text = page.extract_text(visitor_text=collect_runs(runs)) or ""
        except Exception:  # one unreadable page should not lose the others
            failures += 1
            page_text = ""
        page_text = with_footnote_rule(_tidy_extracted(page_text).replace("\f", "\n"), runs)
        texts.append(with_table_rows(page_text, _layout_text(page)))
    if pages and failures == len(pages):
        raise damaged
    if not any(t.strip() for t in texts):
        raise DocumentLoadError(path, "no text could be extracted (a scanned PDF needs OCR first)")

    page_starts: list[int] = []
    offset = 0
    for page_text in texts:
        page_starts.append(offset)
        offset += len(page_text) + len(PAGE_SEPARATOR)
    return PAGE_SEPARATOR.join(texts), page_starts


def _layout_text(page: object) -> str:
    """The page's text as pypdf lays it out, the space between pieces kept ("" if it cannot)."""
    try:
        return page.extract_text(extraction_mode="layout") or ""  # type: ignore[attr-defined]
    except Exception:  # the layout is a help; the page's text is read without it
        return ""


def _is_encryption_problem(err: Exception) -> bool:
    from pypdf.errors import DependencyError, FileNotDecryptedError

    # DependencyError: AES encryption needs the optional `cryptography` package.
    return isinstance(err, FileNotDecryptedError | DependencyError)


# ---------------------------------------------------------------------------- docx


def _text_from_docx(path: Path, data: bytes) -> str:
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
                        if _is_heading(item):
                            line = f"# {line}"
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

    text = _tidy_extracted("\n\n".join(paragraphs))
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
                out.append(_note(self.counts[kind], text))
        return out


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _note(number: int, text: str) -> str:
    """A note as the page shows it: its number raised, then its text ("¹ Kilde: SSB.")."""
    return f"{str(number).translate(_SUPERSCRIPT)} {text}"


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


# the markers Word shows for bulleted list levels 1, 2, 3 and below; assistant.lists.points reads a
# list's nesting from them, as in a PDF of the same document
LIST_MARKERS = ("•", "o", "▪")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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


def _is_heading(paragraph: object) -> bool:
    style = getattr(paragraph, "style", None)
    for _ in range(10):  # follow "based on" a few steps: custom styles built on Heading 1
        if style is None:
            return False
        name = (style.name or "").lower()
        if name.startswith(("heading", "title", "overskrift", "tittel")):
            return True
        style = style.base_style
    return False


# ---------------------------------------------------------------------------- html

_DROP_TAGS = {"script", "style", "noscript", "template", "head", "title"}
_CHROME_TAGS = {"nav", "button", "select", "dialog"}  # not <form>: some sites wrap the whole page in one
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LINE_TAGS = {"li", "dt", "dd", "option"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "details",
    "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form",
    "header", "hgroup", "hr", "html", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "ul",
}  # fmt: skip


class _Break(Enum):
    """Layout markers between text runs; resolved to newlines by ``_join_parts``."""

    LINE = 1  # end of a line-level element (li, tr): at least one newline
    PARA = 2  # edge of a block element: a blank line
    BR = 3  # <br>: one newline each, so <br><br> leaves a blank line


_LINE, _PARA, _BR = _Break.LINE, _Break.PARA, _Break.BR
_Part = str | _Break
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _text_from_html(path: Path, data: bytes) -> str:
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentLoadError(path, "the file looks like binary data, not HTML")
    try:
        try:
            soup = BeautifulSoup(data, "lxml")
        except FeatureNotFound:
            soup = BeautifulSoup(data, "html.parser")
        parts: list[_Part] = []
        _render(soup, parts, pre=False)
    except RecursionError:
        raise DocumentLoadError(path, "the HTML is nested too deeply to read") from None
    except Exception:
        raise DocumentLoadError(path, "the HTML could not be parsed") from None

    text = _tidy_extracted(_join_parts(parts))
    if not text.strip():
        raise DocumentLoadError(path, "the page contains no visible text")
    return text


def _render(node: Tag, out: list[_Part], pre: bool) -> None:
    """Append the visible text of ``node``'s children to ``out``, with block breaks."""
    for child in node.children:
        if isinstance(child, PreformattedString):  # comments, doctype, CDATA, <?pi?>
            continue
        if isinstance(child, NavigableString):
            out.append(str(child).replace("\r\n", "\n") if pre else _SPACES.sub(" ", str(child).replace("\n", " ")))
            continue
        if not isinstance(child, Tag):
            continue
        name = (child.name or "").lower()
        if name in _DROP_TAGS or _is_chrome(child, name) or _is_note_link(child, name):
            continue
        if name == "br":
            out.append(_BR)
        elif name in _HEADINGS:
            heading = _inline_text(child, pre)
            if heading:
                out.extend((_PARA, f"# {heading}", _PARA))
        elif name == "tr":
            cells = [_inline_text(c, pre) for c in child.find_all(["td", "th"], recursive=False)]
            row = " | ".join(c for c in cells if c)
            if row:
                out.extend((_LINE, row, _LINE))
        elif name == "li":  # its marker before its first text, also when that is in a <p>
            inner: list[_Part] = []
            _render(child, inner, pre)
            for n, part in enumerate(inner):
                if isinstance(part, str) and part.strip():
                    inner[n] = f"{_li_marker(child)} {part.lstrip()}"
                    break
            out.extend((_LINE, *inner, _LINE))
        elif name in _LINE_TAGS:
            out.append(_LINE)
            _render(child, out, pre)
            out.append(_LINE)
        elif name in _BLOCK_TAGS:
            out.append(_PARA)
            _render(child, out, pre or name == "pre")
            out.append(_PARA)
        else:
            _render(child, out, pre)


def _is_chrome(node: Tag, name: str) -> bool:
    """A saved web page's furniture, not its text: menus (``<nav>``, ``role="navigation"``), search
    boxes, cookie dialogs, buttons, hidden elements, and the site's own header and footer (on a page
    that marks its text with ``<main>`` or ``<article>``, a ``<header>`` or ``<footer>`` outside it)."""
    if name in _CHROME_TAGS or node.get("role") in _CHROME_ROLES:
        return True
    if node.has_attr("hidden") or node.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", str(node.get("style") or ""), re.I):
        return True
    if name in ("header", "footer") and not any((p.name or "").lower() in ("article", "main") for p in node.parents):
        # the site's, when the page marks where its text is; a header holding the page's title stays
        page = next((p for p in node.parents if (p.name or "").lower() == "body"), None)
        return page is not None and page.find(["main", "article"]) is not None and node.find("h1") is None
    return False


_NOTE_MARK = re.compile(r"^\[?(?:\d{1,3}|[a-z]|[*†‡§])\]?$")
_BACKLINK = frozenset("↩↑^⤴⮐↵")


def _is_note_link(node: Tag, name: str) -> bool:
    """A footnote's reference mark (a raised "1" or "[1]" linking to its note on the page:
    ``<sup><a href="#fn1">1</a></sup>``, ``<a href="#fn1"><sup>1</sup></a>``) or a note's link
    back to it ("↩"). The notes are read where the page has them; a mark left in the text stuck to
    the word or figure before it ("forskere1", "20 %1")."""
    if name not in ("a", "sup"):
        return False
    text = node.get_text(strip=True).replace("\ufe0e", "")
    links = [node] if name == "a" else node.find_all("a")
    if not any(str(a.get("href") or "").startswith("#") for a in links):
        return False
    if name == "a" and text and set(text) <= _BACKLINK:
        return True
    # raised, or marked as a note's reference ("se avsnitt <a href="#s1">1</a>" is a link, no mark)
    raised = name == "sup" or node.find("sup") is not None or node.get("role") == "doc-noteref"
    return raised and bool(_NOTE_MARK.match(text))


def _li_marker(item: Tag) -> str:
    """A list item's marker as a printed page shows it: its number in an ``<ol>``, else a
    bullet by how deep the list is nested (``LIST_MARKERS``)."""
    lists = [p for p in item.parents if (p.name or "").lower() in ("ul", "ol", "menu")]
    if lists and (lists[0].name or "").lower() == "ol":
        before = [s for s in item.find_previous_siblings() if (s.name or "").lower() == "li"]
        start = lists[0].get("start")
        first = int(start) if isinstance(start, str) and start.strip().isdigit() else 1
        return f"{first + len(before)}."
    return LIST_MARKERS[min(max(len(lists) - 1, 0), len(LIST_MARKERS) - 1)]


def _inline_text(node: Tag, pre: bool) -> str:
    parts: list[_Part] = []
    _render(node, parts, pre)
    return " ".join(_join_parts(parts).split())


def _join_parts(parts: list[_Part]) -> str:
    """Resolve break markers (adjacent ones merge), trim each line, collapse blank runs."""
    pieces: list[str] = []
    newlines = 0
    for part in parts:
        if part is _BR:
            newlines = min(newlines + 1, 2)
        elif isinstance(part, _Break):
            newlines = max(newlines, part.value)
        elif part:
            if pieces and newlines:
                pieces.append("\n" * newlines)
            pieces.append(part)
            newlines = 0
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


# ---------------------------------------------------------------------------- shared


def _tidy_extracted(text: str) -> str:
    """Normalise line ends and drop NULs in text produced by a parser (not for txt/md)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
