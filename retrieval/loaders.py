"""Loading: a file on disk -> ``LoadedDocument`` (plain text, page starts, checksum).

Supported: .txt / .md (verbatim text), .pdf (pypdf), .docx (python-docx), .html / .htm
(BeautifulSoup). Every failure is a ``DocumentLoadError`` naming the file and saying what
is wrong in plain words; ``load_many`` collects those so one broken file never stops the rest.

Each format's reader is a module of its own: ``load_markdown``, ``load_pdf``, ``load_docx`` and
``load_html``; what they share is in ``load_common``. This module finds, reads and checks the
files, and decodes plain text.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from retrieval.load_common import LIST_MARKERS, DocumentLoadError
from retrieval.load_docx import text_from_docx
from retrieval.load_html import text_from_html
from retrieval.load_markdown import text_from_markdown
from retrieval.load_pdf import PAGE_SEPARATOR, text_from_pdf
from retrieval.types import LoadedDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LIST_MARKERS",
    "LOADER_VERSION",
    "PAGE_SEPARATOR",
    "SUPPORTED_SUFFIXES",
    "DocumentLoadError",
    "FolderUnreadable",
    "Format",
    "discover",
    "load_document",
    "load_many",
]

# bump when a format's text changes, so indexes built from the old text are rebuilt
# v2: lists keep markers; v3: Word table rows; v4: HTML chrome; v5: Markdown; v6: text boxes;
# v7: notes, contents, PDF footnotes and table rows; v8: headings' levels ("## Budsjett"); v9: PDF headings by size
LOADER_VERSION = "load-v9"
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

_IGNORED_NAMES = {"manifest.json"}
# C0 controls other than \t \n \f \r, DEL and the C1 block.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.10


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
        text, page_starts = text_from_markdown(_text_from_plain(path, data)), []
    elif fmt == "pdf":
        text, page_starts = text_from_pdf(path, data)
    elif fmt == "docx":
        text, page_starts = text_from_docx(path, data), []
    else:
        text, page_starts = text_from_html(path, data), []

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
