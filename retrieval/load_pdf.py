"""PDF (pypdf): each page's text, with its footnotes' rule and table rows from
:mod:`retrieval.pdf_layout`, pages joined by ``PAGE_SEPARATOR``."""

from __future__ import annotations

import io
from pathlib import Path

from retrieval.load_common import DocumentLoadError, tidy_extracted
from retrieval.pdf_layout import (
    Run,
    collect_runs,
    heading_levels,
    printed_headings,
    with_footnote_rule,
    with_heading_marks,
    with_table_rows,
)

PAGE_SEPARATOR = "\n\f\n"


def text_from_pdf(path: Path, data: bytes) -> tuple[str, list[int]]:
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
    page_runs: list[list[Run]] = []
    failures = 0
    for page in pages:
        runs: list[Run] = []
        try:
            page_text = page.extract_text(visitor_text=collect_runs(runs)) or ""
        except Exception:  # one unreadable page should not lose the others
            failures += 1
            page_text = ""
        page_text = with_footnote_rule(tidy_extracted(page_text).replace("\f", "\n"), runs)
        texts.append(with_table_rows(page_text, _layout_text(page)))
        page_runs.append(runs)
    printed = [printed_headings(runs) for runs in page_runs]
    levels = heading_levels(page_runs, printed)  # the document's heading sizes, read over all its pages
    texts = [with_heading_marks(t, lines, levels) for t, lines in zip(texts, printed, strict=True)]
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
