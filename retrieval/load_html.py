"""HTML (BeautifulSoup): a page's visible text, with headings, list markers and table rows; the
site's furniture (menus, cookie dialogs, header and footer) and footnote reference marks left out."""

from __future__ import annotations

import codecs
import re
from enum import Enum
from pathlib import Path

from bs4 import BeautifulSoup, FeatureNotFound
from bs4.element import NavigableString, PreformattedString, Tag

from retrieval.load_common import LIST_MARKERS, DocumentLoadError, heading_line, tidy_extracted

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


def text_from_html(path: Path, data: bytes) -> str:
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

    text = tidy_extracted(_join_parts(parts))
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
                out.extend((_PARA, heading_line(heading, int(name[1])), _PARA))
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
