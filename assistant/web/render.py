"""HTML for the web chat: answers, citations, the source panel, the document view.

Everything that comes from a document, a user or a model is escaped with ``html.escape``
before any markup is added around it; the few formatting rules (bold, italics, code,
quotes, lists, the ``[n]`` markers) only ever wrap text that is already escaped. The
chat's own sanitiser (DOMPurify in the Chatbot) is a second line, not the first.

Chat messages are single HTML blocks without blank lines, so the Chatbot's Markdown pass
leaves them alone. Citation markers are ``<button>`` elements whose classes say which
answer and source they open (``pa-cite pa-t3-m1``: turn 3, marker 1; ``pa-rel`` for the
related passages of a refusal): the Chatbot's sanitiser drops ``data-*`` attributes but
keeps classes, and buttons are reachable with Tab and pressed with Enter or Space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from assistant.models import Answer, Citation

MAX_DOCUMENT_CHARS = 400_000  # larger documents are shown as a window around the quote
MARKER_RX = re.compile(r"\[(\d{1,3})\]")
BOLD_RX = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC_RX = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
CODE_RX = re.compile(r"`([^`\n]+)`")
LIST_RX = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
HEADING_RX = re.compile(r"^#{1,6}\s+")
CELL_SPLIT_RX = re.compile(r"(?<!\\)\|")  # a pipe that is not escaped as ``\|``
TABLE_SEPARATOR_RX = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")

LABELS = {
    "en": {
        "refused": "No answer in the documents",
        "related": "Related passages",
        "related_one": "Related passage",
        "sources": "Sources",
        "open": "Open source",
        "p": "p.",
        "details": "How this answer was found",
        "query": "Searched for",
        "scores": "Retrieved passages (score)",
        "timings": "Time",
        "confidence": "Confidence (the reader's calibrated probability that the quotes answer)",
        "backend": "Backend",
        "ungrounded": "Not every statement could be checked against the documents.",
        "closest": "Closest passage",
        "cue": "Position from the words",
        "comparison": "comparison",
        "no_label": "No position stated plainly in the quoted words",
        "summary": "Written by the language model from the quotes below, and checked against them",
        "guide": "Document guide",
        "guide_summary": "In brief",
        "outline": "Contents",
        "key_figures": "Key figures",
        "figure": "Figure",
        "refers_to": "Refers to",
        "period": "Period",
        "source": "Source",
        "questions": "Questions to ask",
        "ask": "Ask this in the chat",
        "kind_money": "Amounts",
        "kind_count": "Numbers",
        "kind_percent": "Percentages",
        "kind_date": "Dates and spans of time",
        "no_figures": "No figures were found in this document.",
        "no_outline": "No section headings were found in this document.",
        "no_questions": "No question could be checked against this document.",
        "building": "Building the guide to “{title}” … the first time takes up to about 15 seconds.",
    },
    "da": {
        "refused": "Intet svar i dokumenterne",
        "related": "Relaterede passager",
        "related_one": "Relateret passage",
        "sources": "Kilder",
        "open": "Åbn kilde",
        "p": "s.",
        "details": "Sådan blev svaret fundet",
        "query": "Søgte efter",
        "scores": "Fundne passager (score)",
        "timings": "Tid",
        "confidence": "Sikkerhed (læserens kalibrerede sandsynlighed for, at citaterne svarer)",
        "backend": "Motor",
        "ungrounded": "Ikke alle udsagn kunne kontrolleres mod dokumenterne.",
        "closest": "Nærmeste passage",
        "cue": "Holdning ud fra ordene",
        "comparison": "sammenligning",
        "no_label": "Ingen klar holdning i de citerede ord",
        "summary": "Skrevet af sprogmodellen ud fra citaterne nedenfor og kontrolleret mod dem",
        "guide": "Dokumentguide",
        "guide_summary": "Kort fortalt",
        "outline": "Indhold",
        "key_figures": "Nøgletal",
        "figure": "Tal",
        "refers_to": "Vedrører",
        "period": "Periode",
        "source": "Kilde",
        "questions": "Spørgsmål du kan stille",
        "ask": "Stil spørgsmålet i chatten",
        "kind_money": "Beløb",
        "kind_count": "Antal",
        "kind_percent": "Procenter",
        "kind_date": "Datoer og tidsrum",
        "no_figures": "Der blev ikke fundet tal i dokumentet.",
        "no_outline": "Der blev ikke fundet afsnitsoverskrifter i dokumentet.",
        "no_questions": "Intet spørgsmål kunne kontrolleres mod dokumentet.",
        "building": "Guiden til “{title}” bygges … første gang tager det op til ca. 15 sekunder.",
    },
    "nb": {
        "refused": "Ikke noe svar i dokumentene",
        "related": "Relaterte avsnitt",
        "related_one": "Relatert avsnitt",
        "sources": "Kilder",
        "open": "Åpne kilde",
        "p": "s.",
        "details": "Slik ble svaret funnet",
        "query": "Søkte etter",
        "scores": "Funne avsnitt (score)",
        "timings": "Tid",
        "confidence": "Sikkerhet (leserens kalibrerte sannsynlighet for at sitatene svarer)",
        "backend": "Motor",
        "ungrounded": "Ikke alle utsagn kunne kontrolleres mot dokumentene.",
        "closest": "Nærmeste avsnitt",
        "cue": "Standpunkt ut fra ordene",
        "comparison": "sammenligning",
        "no_label": "Ikke noe klart standpunkt i de siterte ordene",
        "summary": "Skrevet av språkmodellen ut fra sitatene nedenfor og kontrollert mot dem",
        "guide": "Dokumentguide",
        "guide_summary": "Kort fortalt",
        "outline": "Innhold",
        "key_figures": "Nøkkeltall",
        "figure": "Tall",
        "refers_to": "Gjelder",
        "period": "Periode",
        "source": "Kilde",
        "questions": "Spørsmål du kan stille",
        "ask": "Still spørsmålet i chatten",
        "kind_money": "Beløp",
        "kind_count": "Antall",
        "kind_percent": "Prosenter",
        "kind_date": "Datoer og tidsrom",
        "no_figures": "Det ble ikke funnet tall i dokumentet.",
        "no_outline": "Det ble ikke funnet avsnittsoverskrifter i dokumentet.",
        "no_questions": "Ingen spørsmål kunne kontrolleres mot dokumentet.",
        "building": "Guiden til “{title}” bygges … første gang tar det opptil ca. 15 sekunder.",
    },
}


def label(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"]).get(key, LABELS["en"][key])


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


# ---- the small Markdown subset answers are written in ------------------------------------


def inline(text: str, turn: int | None, markers: set[int], kind: str = "pa-cite") -> str:
    """Escape ``text``, then add bold/italics/code and turn ``[n]`` into buttons for known markers."""
    out = esc(text)
    out = CODE_RX.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    out = BOLD_RX.sub(lambda m: f"<strong>{m.group(1)}</strong>", out)
    out = ITALIC_RX.sub(lambda m: f"<em>{m.group(1)}</em>", out)

    def marker(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if turn is None or n not in markers:
            return f'<span class="pa-marker">[{n}]</span>'
        return marker_button(kind, turn, n)

    return MARKER_RX.sub(marker, out)


def marker_button(kind: str, turn: int, n: int, text: str | None = None, title: str = "") -> str:
    tip = f' title="{esc(title)}"' if title else ""
    return (
        f'<button type="button" class="{kind} pa-t{turn}-m{n}"{tip}>'
        f"{esc(text) if text is not None else f'[{n}]'}</button>"
    )


def markdown_html(text: str, turn: int | None, markers: set[int], kind: str = "pa-cite") -> str:
    """Block structure: paragraphs, ``>`` quotes, lists, headings and pipe tables; no raw HTML passes."""
    blocks: list[str] = []
    para: list[str] = []
    quote: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            blocks.append("<p>" + "<br>".join(para) + "</p>")
            para.clear()
        if quote:
            blocks.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
            quote.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    lines = text.replace("\r", "").split("\n")
    at = 0
    while at < len(lines):
        if is_table_start(lines, at):
            flush()
            body = table_body_lines(lines, at + 2)
            blocks.append(table_html(lines[at], lines[at + 1], body, turn, markers, kind))
            at += 2 + len(body)
            continue
        line, stripped = lines[at], lines[at].strip()
        at += 1
        if not stripped:
            flush()
        elif stripped.startswith(">"):
            if para or items:
                flush()
            quote.append(inline(stripped.lstrip(">").strip(), turn, markers, kind))
        elif LIST_RX.match(line):
            if para or quote:
                flush()
            items.append(inline(LIST_RX.sub("", line, count=1), turn, markers, kind))
        elif HEADING_RX.match(stripped):
            flush()
            blocks.append(
                f'<p class="pa-h"><strong>{inline(HEADING_RX.sub("", stripped), turn, markers, kind)}</strong></p>'
            )
        else:
            if quote or items:
                flush()
            para.append(inline(stripped, turn, markers, kind))
    flush()
    return "".join(blocks)


# ---- GitHub pipe tables ----------------------------------------------------------------------


def split_row(line: str) -> list[str]:
    """The cells of a table row: outer pipes dropped, ``\\|`` is a pipe inside a cell."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip().replace("\\|", "|") for cell in CELL_SPLIT_RX.split(row)]


def alignments(separator: str) -> list[str] | None:
    """``|:---|:-:|--:|`` -> ["left", "center", "right"]; None when the line is no separator."""
    if "|" not in separator or not TABLE_SEPARATOR_RX.match(separator.strip()):
        return None
    out: list[str] = []
    for cell in split_row(separator):
        left, right = cell.startswith(":"), cell.endswith(":")
        out.append("center" if left and right else "right" if right else "left" if left else "")
    return out


def is_table_start(lines: Sequence[str], at: int) -> bool:
    """A header row with pipes, followed by a separator with as many columns."""
    if at + 1 >= len(lines) or "|" not in lines[at]:
        return False
    aligns = alignments(lines[at + 1])
    return aligns is not None and len(aligns) == len(split_row(lines[at]))


def table_body_lines(lines: Sequence[str], start: int) -> list[str]:
    """The body rows from ``start``: every following line with a pipe, up to the first without."""
    body: list[str] = []
    for line in lines[start:]:
        if not line.strip() or "|" not in line:
            break
        body.append(line)
    return body


def table_cell(tag: str, text: str, align: str, turn: int | None, markers: set[int], kind: str) -> str:
    """One cell, through the same escaping and inline path as every other line. ``&lt;`` (how
    ``assistant.markdown.safe`` writes ``<`` into a cell) shows as ``<`` again, escaped."""
    scope = ' scope="col"' if tag == "th" else ""
    cls = f' class="pa-{align}"' if align else ""
    return f"<{tag}{scope}{cls}>{inline(text.replace('&lt;', '<'), turn, markers, kind)}</{tag}>"


def table_html(
    header: str, separator: str, body: Sequence[str], turn: int | None, markers: set[int], kind: str = "pa-cite"
) -> str:
    """A pipe table as HTML: rows padded or cut to the header's columns (as GitHub does)."""
    aligns = alignments(separator) or []
    width = len(aligns)

    def row(line: str, tag: str) -> str:
        cells = (split_row(line) + [""] * width)[:width]
        return (
            "<tr>"
            + "".join(table_cell(tag, c, a, turn, markers, kind) for c, a in zip(cells, aligns, strict=True))
            + "</tr>"
        )

    head = f"<thead>{row(header, 'th')}</thead>"
    rows = "".join(row(line, "td") for line in body)
    return f'<div class="pa-table-wrap"><table class="pa-table">{head}<tbody>{rows}</tbody></table></div>'


# ---- chat messages ------------------------------------------------------------------------


def question_html(question: str) -> str:
    return '<div class="pa-q">' + "<br>".join(esc(line) for line in question.split("\n")) + "</div>"


def streaming_html(partial: str) -> str:
    """The answer while it is being written: text so far, markers not yet clickable."""
    body = markdown_html(partial, None, set()) if partial.strip() else ""
    return f'<div class="pa-answer pa-streaming" role="status">{body}<span class="pa-typing">…</span></div>'


def error_html(message: str) -> str:
    return f'<div class="pa-error" role="alert"><strong>Error:</strong> {esc(message)}</div>'


def where(c: Citation, lang: str = "en") -> str:
    """ "p. 8 · Section" or "lines 26–28" — the place of a citation in its document."""
    parts: list[str] = []
    if c.page:
        parts.append(f"{label(lang, 'p')} {c.pages}")
    if c.section and c.section not in c.title:
        parts.append(c.section)
    if not c.page:
        parts.append(f"lines {c.line_start}–{c.line_end}" if c.line_end != c.line_start else f"line {c.line_start}")
    return " · ".join(parts)


def source_line(c: Citation, lang: str) -> str:
    author = c.author.split(" (")[0] if c.author else ""
    who = ", ".join(x for x in (author, str(c.year) if c.year else "") if x)
    return " — ".join(x for x in (c.title, who, where(c, lang)) if x)


def answer_html(answer: Answer, turn: int, show_details: bool = False) -> str:
    """The finished answer: text with clickable markers, the list of sources (or, for a
    refusal, the related passages), notices, and optionally how it was found."""
    lang = answer.lang
    parts: list[str] = []
    if answer.refused:
        parts.append(f'<p class="pa-badge pa-badge-refused">{esc(label(lang, "refused"))}</p>')
        parts.append(markdown_html(answer.text, None, set()))
        if answer.related:
            parts.append(f'<p class="pa-list-title">{esc(label(lang, "related"))}</p><ol class="pa-related">')
            for c in answer.related:
                snippet = c.passage if len(c.passage) <= 220 else c.passage[:220].rsplit(" ", 1)[0] + " …"
                parts.append(
                    "<li>"
                    + marker_button(
                        "pa-rel", turn, c.marker, f"{c.marker}. {source_line(c, lang)}", label(lang, "open")
                    )
                    + f'<span class="pa-snippet">{esc(snippet)}</span></li>'
                )
            parts.append("</ol>")
    else:
        markers = {c.marker for c in answer.citations}
        parts.append(markdown_html(answer.text, turn, markers))
        if answer.citations:
            parts.append(f'<p class="pa-list-title">{esc(label(lang, "sources"))}</p><ol class="pa-sources">')
            for c in answer.citations:
                parts.append(
                    "<li>"
                    + marker_button(
                        "pa-cite", turn, c.marker, f"[{c.marker}] {source_line(c, lang)}", label(lang, "open")
                    )
                    + "</li>"
                )
            parts.append("</ol>")
        if not answer.grounded:
            parts.append(f'<p class="pa-notice">{esc(label(lang, "ungrounded"))}</p>')
    for warning in answer.warnings:
        parts.append(f'<p class="pa-notice">{esc(warning)}</p>')
    if show_details:
        parts.append(details_html(answer))
    kind = "pa-refusal" if answer.refused else "pa-answer"
    return f'<div class="{kind}">' + "".join(parts) + "</div>"


def details_html(answer: Answer) -> str:
    """The rewritten query, timings and retrieval scores (the "show details" setting)."""
    lang = answer.lang
    debug: dict[str, str] = dict(getattr(answer, "debug", {}) or {})
    rows = [
        (label(lang, "query"), answer.query or debug.get("query", "")),
        (label(lang, "backend"), answer.backend),
        (label(lang, "timings"), f"{answer.timings.total_ms:.0f} ms (retrieval {answer.timings.retrieve_ms:.0f} ms)"),
    ]
    if answer.confidence is not None:
        rows.append((label(lang, "confidence"), f"{answer.confidence:.2f}"))
    for key in ("rewrite", "retrieval", "fallback"):
        if debug.get(key):
            rows.append((key, debug[key]))
    html_rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in rows)
    hits = [line.split() for line in debug.get("hits", "").splitlines() if line.strip()]
    if not hits:
        hits = [[c.chunk_id, f"{c.score:.4f}"] for c in [*answer.citations, *answer.related]]
    scores = "".join(f"<tr><td>{esc(h[0])}</td><td>{esc(h[1] if len(h) > 1 else '')}</td></tr>" for h in hits)
    return (
        f'<div class="pa-details"><p class="pa-list-title">{esc(label(lang, "details"))}</p>'
        f'<table class="pa-kv">{html_rows}</table>'
        f'<p class="pa-list-title">{esc(label(lang, "scores"))}</p><table class="pa-scores">{scores}</table></div>'
    )


# ---- the source panel and the document view ------------------------------------------------


def highlight(text: str, start: int, end: int, mark_id: str = "") -> str:
    """Escape ``text`` with ``text[start:end]`` wrapped in ``<mark>``."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end <= start:
        return esc(text)
    ident = f' id="{esc(mark_id)}"' if mark_id else ""
    return f'{esc(text[:start])}<mark class="pa-quote"{ident}>{esc(text[start:end])}</mark>{esc(text[end:])}'


def passage_html(c: Citation) -> str:
    at = c.passage.find(c.quote) if c.quote else -1
    if at < 0 or c.quote == c.passage:
        inner = esc(c.passage) if at < 0 else f'<mark class="pa-quote">{esc(c.passage)}</mark>'
    else:
        inner = highlight(c.passage, at, at + len(c.quote))
    return f'<blockquote class="pa-passage">{inner}</blockquote>'


def document_html(raw: str | None, c: Citation) -> str:
    """The whole document (or a window of a very long one) with the quoted span marked."""
    if raw is None:
        return (
            '<p class="pa-notice">The original file is no longer available; the passage above is what was indexed.</p>'
        )
    start, end = c.raw_start, c.raw_end
    if not (0 <= start <= end <= len(raw)):
        start = end = 0
    offset, note_before, note_after = 0, "", ""
    if len(raw) > MAX_DOCUMENT_CHARS:
        half = MAX_DOCUMENT_CHARS // 2
        offset = max(0, start - half)
        stop = min(len(raw), end + half)
        if offset:
            note_before = f'<p class="pa-notice">… {offset:,} characters before this point are not shown.</p>'
        if stop < len(raw):
            note_after = f'<p class="pa-notice">… {len(raw) - stop:,} more characters are not shown.</p>'
        raw = raw[offset:stop]
    body = highlight(raw, start - offset, end - offset, "pa-doc-mark")
    return f'{note_before}<pre class="pa-doctext">{body}</pre>{note_after}'


def source_html(
    c: Citation,
    raw: str | None,
    *,
    turn: int,
    related: bool = False,
    lang: str = "en",
    doc: Any = None,
    kicker: str | None = None,
) -> str:
    """The source panel for one citation: metadata, the passage with the quote marked, and
    the whole document at that place (opened with the summary; the view scrolls to it).
    ``kicker`` replaces the line above the title ("[1] · answer 3")."""
    if kicker is None:
        which = f"{label(lang, 'related_one')} {c.marker}" if related else f"[{c.marker}]"
        kicker = f"{which} · answer {turn + 1}"
    meta: list[tuple[str, str]] = [
        ("Author", c.author or ""),
        ("Year", str(c.year) if c.year else (getattr(doc, "date", None) or "")),
        ("Page", c.pages),
        ("Section", c.section or ""),
        ("Lines", f"{c.line_start}–{c.line_end}" if c.line_end != c.line_start else str(c.line_start)),
        ("File", c.file_name),
        ("Language", getattr(doc, "lang", "") or ""),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta if v)
    return (
        f'<article class="pa-source" aria-label="Source">'
        f'<p class="pa-kicker">{esc(kicker)}</p>'
        f'<h3 class="pa-source-title" tabindex="-1">{esc(c.title)}</h3>'
        f'<dl class="pa-meta">{rows}</dl>'
        f"{passage_html(c)}"
        f'<details class="pa-doc"><summary>Show the whole document at this place</summary>'
        f'<div class="pa-docbox" tabindex="0" role="region" aria-label="Whole document">{document_html(raw, c)}</div>'
        f"</details></article>"
    )


SOURCE_HINT = (
    '<div class="pa-source-empty"><p><strong>Sources</strong></p>'
    '<p>Click a marker like <span class="pa-marker">[1]</span> in an answer (or press Tab to it and Enter) '
    "to see the passage it quotes, with the quote highlighted, and the whole document at that place.</p></div>"
)


# ---- corpus, status, uploads ----------------------------------------------------------------


def document_label(doc: Any) -> str:
    """One line for the document list (plain text: Gradio escapes checkbox labels)."""
    author = (doc.author or "").split(" (")[0] or "unknown author"
    year = str(doc.year) if doc.year else (doc.date or "undated")
    return f"{doc.title} — {author}, {year} · {doc.lang} · {doc.n_chunks} passages"


def status_html(status: dict[str, Any]) -> str:
    items = [
        f"{status['documents']} documents",
        f"{status['passages']} passages",
        f"embedding model {status['embedding_model']}",
        f"backend {status['backend']}",
    ]
    if status.get("built"):
        items.append(f"index built {status['built']}")
    text = " · ".join(esc(i) for i in items)
    errors = status.get("skipped") or []
    extra = f' · <span class="pa-warn">{len(errors)} file(s) could not be read</span>' if errors else ""
    store = status.get("vector_store") or {}
    if store and not store.get("ok", True):
        detail = esc(store.get("detail", ""))
        extra += f' · <span class="pa-warn" role="alert">vector store unavailable: {detail}</span>'
    return f'<footer class="pa-status" role="contentinfo"><span>{text}</span>{extra}</footer>'


def upload_report_html(added: Sequence[str], rejected: Iterable[tuple[str, str]], note: str = "") -> str:
    parts: list[str] = []
    for name in added:
        parts.append(f'<li class="pa-ok">Added <strong>{esc(name)}</strong></li>')
    for name, reason in rejected:
        parts.append(f'<li class="pa-bad" role="alert">Not added: <strong>{esc(name)}</strong> — {esc(reason)}</li>')
    if note:
        parts.append(f"<li>{esc(note)}</li>")
    return f'<ul class="pa-upload-report">{"".join(parts)}</ul>' if parts else ""
