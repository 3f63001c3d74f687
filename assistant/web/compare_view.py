"""The Compare tab: every document's position on a topic, side by side, in its own words.

A topic, the documents to compare (all ticked, uploads included: a document that appears
later arrives ticked) and a Compare button; the result is a table with one row per document:
its position label, the quoted sentences with their markers (numbered [1]…[N] across the
table, as in the exports), and for a document that does not address the topic a greyed row
whose closest passage opens on demand. A marker opens the source in the page's source panel
with the quoted words highlighted (``render.source_html``, as for the chat). The shown
comparison downloads as Markdown and as CSV (``assistant.compare.render``).

Markers are ``<button class="pa-cmp pa-cmp-c3">`` (citation 3 of the table) and
``pa-cmp-r2`` (the closest passage of row 2); ``static/compare.js``, on a hidden bridge
component, turns a click into an event as ``static/bridge.js`` does for the chat. Everything
from a document or a user is escaped (``render.esc``) before markup is put around it.

An error (an empty topic, an unknown document, a failed search) is said above the table and
changes nothing else: the topic, the selection, the table shown and its exports stay.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import gradio as gr

from assistant.compare import render as compare_render
from assistant.compare.models import Comparison, ComparisonRow
from assistant.errors import user_message
from assistant.models import Citation, Lang
from assistant.templates import phrase
from assistant.web import render
from assistant.web.render import esc, label
from assistant.web.runtime import MAX_TOPIC_CHARS, Runtime, keep_present

log = logging.getLogger(__name__)

COMPARE_JS = Path(__file__).resolve().parent / "static" / "compare.js"
NORDIC = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
REF_RX = re.compile(r"^([cr]):(\d{1,4})(?:#.*)?$")
# the page's own events: not in the API, which has /compare (endpoints.py); their functions are
# named apart from the endpoints, as even a private event takes its function's name as API name
PRIVATE: dict[str, Any] = {"api_visibility": "private"}

EMPTY_HTML = (
    '<div class="pa-cmp-empty"><p><strong>Compare the documents</strong></p>'
    "<p>Type a topic — for example <em>avkriminalisering</em>, <em>politiets rolle</em> or "
    "<em>behandling af indsatte</em> — and press Compare: each document's position on it, side by side, "
    'with the sentences that state it. Click a marker like <span class="pa-marker">[1]</span> to see '
    "the quote in its document.</p></div>"
)


class Exporter(Protocol):
    def write_text(self, text: str, suffix: str, name: str = ...) -> str: ...


@dataclass
class CompareView:
    """The tab's components; :func:`wire` connects them once the source panel exists."""

    topic: gr.Textbox
    run: gr.Button
    docs: gr.CheckboxGroup
    offered: gr.State  # the document ids the selector has offered in this session
    message: gr.HTML
    result: gr.HTML
    shown: gr.State  # the Comparison in the table (None before the first)
    markdown: gr.DownloadButton
    csv: gr.DownloadButton


# ---- the result as HTML -----------------------------------------------------------------------


def who_html(row: ComparisonRow) -> str:
    author = row.author.split(" (")[0]
    bits = ", ".join(x for x in (author, str(row.year) if row.year else "") if x)
    return f'<span class="pa-cmp-title">{esc(row.title)}</span>' + (
        f'<span class="pa-cmp-who">{esc(bits)}</span>' if bits else ""
    )


def position_html(row: ComparisonRow, lang: Lang) -> str:
    kind = (row.label or "none") if row.addressed else "na"
    tip = f' title="{esc(label(lang, "no_label"))}"' if kind == "none" else ""
    if row.addressed and row.label and row.label_cue:
        tip = f' title="{esc(label(lang, "cue"))}: “{esc(row.label_cue)}”"'
    return f'<span class="pa-label pa-label-{kind}"{tip}>{esc(compare_render.position(row, lang))}</span>'


def marker(ref: str, text: str, title: str) -> str:
    """A marker of the table: ``ref`` is "c3" (citation 3) or "r2" (the closest passage of row 2)."""
    return f'<button type="button" class="pa-cmp pa-cmp-{ref}" title="{esc(title)}">{esc(text)}</button>'


def quoted(c: Citation) -> str:
    return f"“{esc(' '.join(c.quote.split()))}”"


def quotes_html(cites: list[Citation], lang: Lang) -> str:
    items = "".join(
        f"<li>{quoted(c)} {marker(f'c{c.marker}', f'[{c.marker}]', render.source_line(c, lang))}</li>" for c in cites
    )
    return f'<ul class="pa-cmp-quotes">{items}</ul>'


def closest_html(row: ComparisonRow, index: int, lang: Lang) -> str:
    """The closest sentence of a document that does not address the topic, behind a disclosure."""
    c = row.related
    if c is None:
        return "–"
    button = marker(f"r{index}", label(lang, "open"), render.source_line(c, lang))
    return (
        f'<details class="pa-closest"><summary>{esc(label(lang, "closest"))}</summary>'
        f"<p>{quoted(c)} {button}</p></details>"
    )


def summary_html(summary: str | None, cites: list[Citation], lang: Lang) -> str:
    """An LLM backend's verified line about the row, its markers (the row's own [1]..[k]) the table's."""
    if not summary:
        return ""
    by_marker = {c.marker: c for c in cites}

    def button(m: re.Match[str]) -> str:
        c = by_marker.get(int(m.group(1)))
        return marker(f"c{c.marker}", f"[{c.marker}]", render.source_line(c, lang)) if c else ""

    text = render.MARKER_RX.sub(button, esc(compare_render.with_markers(summary, cites)))
    return f'<p class="pa-cmp-summary" title="{esc(label(lang, "summary"))}">{text}</p>'


def row_html(comparison: Comparison, index: int, row: ComparisonRow, cites: list[Citation]) -> str:
    lang = comparison.lang
    if row.addressed:
        says = summary_html(comparison.synthesised.get(row.doc_id), cites, lang) + quotes_html(cites, lang)
    else:
        says = closest_html(row, index, lang)
    cls = "pa-cmp-row" if row.addressed else "pa-cmp-row pa-cmp-na"
    return (
        f'<tr class="{cls}" data-doc-id="{esc(row.doc_id)}">'
        f'<th scope="row">{who_html(row)}</th><td>{position_html(row, lang)}</td><td>{says}</td></tr>'
    )


def result_html(comparison: Comparison) -> str:
    """The comparison as a table, in the topic's language (the chat's wording for the comparison)."""
    lang = comparison.lang
    heads = "".join(
        f'<th scope="col">{esc(phrase(lang, key))}</th>'
        for key in ("compare_document", "compare_position", "compare_says")
    )
    rows = "".join(
        row_html(comparison, i, row, cites) for i, (row, cites) in enumerate(compare_render.numbered(comparison))
    )
    notes = "".join(f'<p class="pa-notice">{esc(w)}</p>' for w in comparison.warnings)
    return (
        f'<div class="pa-compare" lang="{esc(lang)}">'
        f'<p class="pa-cmp-head">{esc(compare_render.head(comparison))}</p>'
        f'<div class="pa-table-wrap"><table class="pa-table pa-cmp-table"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>{notes}</div>"
    )


# ---- a marker clicked ---------------------------------------------------------------------------


def parse_ref(value: str | None) -> tuple[str, int] | None:
    """``"c:3#nonce"`` -> ("c", 3): citation 3; ``"r:2#…"`` -> ("r", 2): the closest passage of row 2."""
    m = REF_RX.match((value or "").strip())
    return (m.group(1), int(m.group(2))) if m else None


def cited(comparison: Comparison, kind: str, n: int) -> Citation | None:
    """The citation a marker stands for, numbered as in the table."""
    if kind == "r":
        return comparison.rows[n].related if 0 <= n < len(comparison.rows) else None
    return next((c for _, cites in compare_render.numbered(comparison) for c in cites if c.marker == n), None)


def source_for(runtime: Runtime, comparison: Comparison, kind: str, n: int) -> str:
    """The source panel for a marker of the table: the quote highlighted in its passage and document."""
    c = cited(comparison, kind, n)
    if c is None:
        return render.SOURCE_HINT
    lang = comparison.lang
    which = label(lang, "closest") if kind == "r" else f"[{c.marker}]"
    index = runtime.index
    return render.source_html(
        c,
        index.raw_texts.get(c.doc_id),
        turn=0,
        lang=lang,
        doc=index.documents.get(c.doc_id),
        kicker=f"{which} · {label(lang, 'comparison')}: {comparison.topic}",
    )


# ---- exports ------------------------------------------------------------------------------------


def slug(topic: str) -> str:
    """A file-name part for the topic: ASCII letters, digits and dashes ("fængsler" -> "faengsler")."""
    spelled = topic.lower().translate(NORDIC)
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "topic"


def write_exports(exports: Exporter, comparison: Comparison) -> tuple[str, str]:
    """(Markdown file, CSV file) of the comparison."""
    name = f"policy-assistant-compare-{slug(comparison.topic)}"
    return (
        exports.write_text(compare_render.to_markdown(comparison), ".md", name),
        exports.write_text(compare_render.to_csv(comparison), ".csv", name),
    )


# ---- layout and events --------------------------------------------------------------------------


def layout(runtime: Runtime) -> CompareView:
    """The tab's components, in the current Blocks context."""
    choices = runtime.document_choices()
    ids = [value for _, value in choices]
    with gr.Row(equal_height=True):
        topic = gr.Textbox(
            label="Topic",
            placeholder="A topic, e.g. avkriminalisering … (Enter compares)",
            lines=1,
            max_lines=1,
            max_length=MAX_TOPIC_CHARS,
            scale=4,
            elem_id="pa-compare-topic",
        )
        run = gr.Button("Compare", variant="primary", scale=1, min_width=120, elem_id="pa-compare-run")
    with gr.Accordion("Documents to compare", open=False, elem_id="pa-compare-docs-box"):
        docs = gr.CheckboxGroup(
            choices=choices,
            value=ids,
            label="Compare these documents",
            info="All are ticked at first; none ticked: all documents.",
            elem_id="pa-compare-docs",
        )
    message = gr.HTML("", elem_id="pa-compare-message", js_on_load=None)
    result = gr.HTML(EMPTY_HTML, elem_id="pa-compare-result", js_on_load=None, container=True, padding=True)
    with gr.Row():
        markdown = gr.DownloadButton(
            "Export as Markdown", value=None, size="sm", interactive=False, elem_id="pa-compare-md"
        )
        csv = gr.DownloadButton("Export as CSV", value=None, size="sm", interactive=False, elem_id="pa-compare-csv")
    return CompareView(topic, run, docs, gr.State(ids), message, result, gr.State(None), markdown, csv)


def wire(
    view: CompareView, runtime: Runtime, exports: Exporter, source: gr.HTML, backend: gr.Radio, secrets: list[str]
) -> None:
    """The tab's events, and its hidden marker bridge (outside the tab, so it loads with the page).
    ``backend`` is the page's "Answers written by" setting: an LLM adds a verified line per document."""

    def compare_topic(topic: str, selected: list[str] | None, chosen: str | None) -> tuple[Any, ...]:
        comparison = comparison_or_error(runtime, topic, selected, secrets, chosen)
        if isinstance(comparison, str):  # said above the table; the rest stays as it is
            return (render.error_html(comparison), gr.skip(), gr.skip(), gr.skip(), gr.skip())
        return ("", result_html(comparison), comparison, *export_buttons(comparison))

    def export_buttons(comparison: Comparison) -> tuple[Any, Any]:
        try:
            md, csv = write_exports(exports, comparison)
        except OSError as exc:  # e.g. a full disk: the table still shows, only the exports are missing
            gr.Warning(esc(f"the exports could not be written: {user_message(exc, log, 'exporting', secrets)}"))
            return gr.DownloadButton(value=None, interactive=False), gr.DownloadButton(value=None, interactive=False)
        return gr.DownloadButton(value=md, interactive=True), gr.DownloadButton(value=csv, interactive=True)

    def open_compared_source(ref: str, comparison: Comparison | None) -> str | Any:
        parsed = parse_ref(ref)
        if parsed is None or comparison is None:
            return gr.skip()
        return source_for(runtime, comparison, *parsed)

    inputs = [view.topic, view.docs, backend]
    outputs = [view.message, view.result, view.shown, view.markdown, view.csv]
    view.run.click(compare_topic, inputs, outputs, show_progress="minimal", **PRIVATE)
    view.topic.submit(compare_topic, inputs, outputs, show_progress="minimal", **PRIVATE)
    bridge = gr.HTML("", html_template="", js_on_load=COMPARE_JS.read_text(encoding="utf-8"), visible="hidden")
    bridge.click(open_compared_source, [bridge, view.shown], source, show_progress="hidden", **PRIVATE)


def comparison_or_error(
    runtime: Runtime, topic: str | None, selected: list[str] | None, secrets: list[str], backend: str | None = None
) -> Comparison | str:
    """The comparison of the ticked documents (all when none is) on ``topic``, or what went wrong."""
    if not (topic or "").strip():
        return "type a topic to compare first"
    try:
        return runtime.compare(topic or "", in_list_order(runtime, selected), backend)
    except ValueError as exc:  # an overlong topic, a document no longer in the index, a backend not here
        return f"{exc}; nothing was changed"
    except Exception as exc:  # the index failed: say what to do, above the table
        return f"the documents could not be compared: {user_message(exc, log, 'comparing', secrets)}"


def in_list_order(runtime: Runtime, selected: list[str] | None) -> list[str]:
    """The ticked documents in the order of the list (the order the ticks were given in may differ)."""
    order = {value: n for n, (_, value) in enumerate(runtime.document_choices())}
    return sorted(selected or [], key=lambda doc_id: order.get(doc_id, len(order)))


def refresh_documents(runtime: Runtime, selected: list[str] | None, offered: list[str] | None) -> tuple[Any, ...]:
    """The selector after the corpus changed: gone documents dropped, new ones added ticked."""
    choices = runtime.document_choices()
    ids = [value for _, value in choices]
    seen = set(offered or [])
    value = keep_present(selected, choices) + [i for i in ids if i not in seen]
    return gr.CheckboxGroup(choices=choices, value=value), ids


def on_corpus_change(view: CompareView, runtime: Runtime, event: Any) -> None:
    """Refresh the selector after ``event`` (the page load, an upload)."""

    def refresh_compare_documents(selected: list[str] | None, offered: list[str] | None) -> tuple[Any, ...]:
        return refresh_documents(runtime, selected, offered)

    event.then(refresh_compare_documents, [view.docs, view.offered], [view.docs, view.offered], **PRIVATE)
