"""The Guide tab: a document's guide (``Assistant.guide``), opened from the sidebar.

The sidebar has a "Document guide" picker (every indexed document, uploads included) and an
"Open guide" button; picking a document opens its guide too. The guide shows in a tab of its
own, beside Chat and Compare, so the source panel stays free for what it quotes: the title,
the summary sentences (each a button with its page), the outline (section titles with pages;
a title opens its section), the key figures as tables by kind (value, what it refers to,
period, and a citation button), and the suggested questions as buttons that put the question
into the chat and ask it there, exactly as if it had been typed. Its words are the guide
language's (``render.label``).

A guide is built on first request (~1–15 s) and kept: while it is built the tab says so; an
error is said above the guide and changes nothing else (the guide shown stays).

Buttons are ``<button class="pa-gd pa-gd-s0">`` (summary sentence 0), ``pa-gd-f3`` (key
figure 3), ``pa-gd-o2`` (outline entry 2) and ``<button class="pa-gq pa-gq-1">`` (suggested
question 1), counted from 0 as in the guide. ``static/guide.js`` and ``static/guide_ask.js``,
on two hidden bridge components, turn a click into an event as ``static/compare.js`` does.
Everything from a document is escaped (``render.esc``) before markup is put around it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import gradio as gr

from assistant.citations import make_citation
from assistant.errors import user_message
from assistant.guide.models import Guide, KeyFigure
from assistant.guide.outline import heading_match
from assistant.guide.structure import depths
from assistant.models import Citation
from assistant.web import render
from assistant.web.render import esc, label
from retrieval.types import Hit

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
REF_RX = re.compile(r"^([sfoq]):(\d{1,4})(?:#.*)?$")
KINDS = ("money", "count", "percent", "date")
OPEN_ROWS = 15  # more key figures than this: only the first kind's table starts open
OPEN_OUTLINE = 12  # a longer outline starts closed
# the page's own events: not in the API, which has /guide (endpoints.py); named apart from it
PRIVATE: dict[str, Any] = {"api_visibility": "private"}

EMPTY_HTML = (
    '<div class="pa-gd-empty"><p><strong>Document guides</strong></p>'
    "<p>Pick a document under <em>Document guide</em> in the sidebar: a short summary in its own "
    "sentences, its contents, its key figures with what they refer to, and questions the assistant "
    'answers from it. Click a sentence, a section or a figure\'s <span class="pa-marker">source</span> '
    "to see it in its document, or a question to ask it in the chat.</p></div>"
)


class GuideSource(Protocol):
    """What the tab asks of the runtime (a stand-in in the fast tests)."""

    @property
    def index(self) -> Any: ...

    def guide(self, doc_id: str) -> Guide: ...

    def guide_ready(self, doc_id: str) -> bool: ...

    def guide_choices(self) -> list[tuple[str, str]]: ...


@dataclass
class GuideView:
    """The picker in the sidebar and the tab's components; :func:`wire` connects them."""

    pick: gr.Dropdown
    open: gr.Button
    message: gr.HTML
    result: gr.HTML
    shown: gr.State  # the Guide in the tab (None before the first)


# ---- the guide as HTML --------------------------------------------------------------------------


def place(c: Citation, lang: str) -> str:
    """ "s. 8", or "lines 3–4" for a document without pages."""
    if c.page:
        return f"{label(lang, 'p')} {c.pages}"
    return f"lines {c.line_start}–{c.line_end}" if c.line_end != c.line_start else f"line {c.line_start}"


def button(ref: str, inner: str, title: str, cls: str = "pa-gd") -> str:
    """A button of the guide; ``inner`` is markup already escaped."""
    return f'<button type="button" class="{cls} {cls}-{ref}" title="{esc(title)}">{inner}</button>'


def page_span(text: str) -> str:
    return f'<span class="pa-gd-page">{esc(text)}</span>'


def summary_html(guide: Guide, lang: str) -> str:
    items = "".join(
        "<li>"
        + button(
            f"s{n}",
            f'<span class="pa-gd-quote">“{esc(" ".join(c.quote.split()))}”</span> {page_span(place(c, lang))}',
            f"{label(lang, 'open')} — {render.source_line(c, lang)}",
        )
        + "</li>"
        for n, c in enumerate(guide.summary)
    )
    return f'<ol class="pa-gd-summary">{items}</ol>' if items else ""


def outline_html(guide: Guide, lang: str) -> str:
    if not guide.outline:
        return f'<p class="pa-notice">{esc(label(lang, "no_outline"))}</p>'
    p = label(lang, "p")
    depth = depths(guide.outline)
    items = "".join(
        f'<li class="pa-gd-l{depth[n]}">'
        + button(f"o{n}", esc(o.title), label(lang, "open"))
        + (" " + page_span(f"{p} {o.page}") if o.page else "")
        + "</li>"
        for n, o in enumerate(guide.outline)
    )
    opened = " open" if len(guide.outline) <= OPEN_OUTLINE else ""
    return (
        f'<details class="pa-gd-section pa-gd-outline-box"{opened}>'
        f"<summary>{esc(label(lang, 'outline'))} ({len(guide.outline)})</summary>"
        f'<ol class="pa-gd-outline">{items}</ol></details>'
    )


def figure_row(n: int, f: KeyFigure, lang: str) -> str:
    c = f.citation
    cite = button(f"f{n}", esc(place(c, lang)), f"{label(lang, 'open')} — {render.source_line(c, lang)}")
    return (
        f'<tr class="pa-gd-figure" data-kind="{esc(f.kind)}">'
        f'<th scope="row">{esc(f.value)}</th><td>{esc(f.refers_to)}</td>'
        f"<td>{esc(f.period) if f.period else '–'}</td><td>{cite}</td></tr>"
    )


def figures_html(guide: Guide, lang: str) -> str:
    """One table per kind of figure (amounts first), rows in the document's order."""
    if not guide.key_figures:
        return f'<p class="pa-notice">{esc(label(lang, "no_figures"))}</p>'
    columns = ("figure", "refers_to", "period", "source")
    heads = "".join(f'<th scope="col">{esc(label(lang, key))}</th>' for key in columns)
    numbered = list(enumerate(guide.key_figures))
    kinds = [k for k in KINDS if any(f.kind == k for _, f in numbered)]
    kinds += sorted({f.kind for _, f in numbered} - set(kinds))
    tables: list[str] = []
    for at, kind in enumerate(kinds):
        rows = [figure_row(n, f, lang) for n, f in numbered if f.kind == kind]
        opened = " open" if at == 0 or len(guide.key_figures) <= OPEN_ROWS else ""
        name = label(lang, f"kind_{kind}") if f"kind_{kind}" in render.LABELS["en"] else kind
        tables.append(
            f'<details class="pa-gd-kind pa-gd-kind-{esc(kind)}"{opened}>'
            f"<summary>{esc(name)} ({len(rows)})</summary>"
            f'<div class="pa-table-wrap"><table class="pa-table pa-gd-figures">'
            f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></details>"
        )
    return "".join(tables)


def questions_html(guide: Guide, lang: str) -> str:
    if not guide.suggested_questions:
        return f'<p class="pa-notice">{esc(label(lang, "no_questions"))}</p>'
    items = "".join(
        "<li>"
        + button(
            str(n),
            f'<span class="pa-gd-lang">{esc(q.lang.upper())}</span> {esc(q.text)}',
            label(q.lang, "ask"),
            cls="pa-gq",
        )
        + "</li>"
        for n, q in enumerate(guide.suggested_questions)
    )
    return f'<ul class="pa-gd-questions">{items}</ul>'


def guide_html(guide: Guide, doc: Any = None) -> str:
    """The guide, in its document's language; ``doc`` (the index's record) adds author and year."""
    lang = guide.lang
    author = (getattr(doc, "author", "") or "").split(" (")[0]
    year = getattr(doc, "year", None) or getattr(doc, "date", None) or ""
    meta = " · ".join(esc(x) for x in (author, str(year), guide.file_name) if x)

    def section(key: str, body: str, count: int | None = None) -> str:
        head = esc(label(lang, key)) + (f" ({count})" if count is not None else "")
        return f'<section class="pa-gd-section pa-gd-{key}"><h4>{head}</h4>{body}</section>'

    return (
        f'<article class="pa-guide" lang="{esc(lang)}" data-doc-id="{esc(guide.doc_id)}">'
        f'<p class="pa-kicker">{esc(label(lang, "guide"))}</p>'
        f'<h3 class="pa-gd-title" tabindex="-1">{esc(guide.title)}</h3>'
        f'<p class="pa-gd-meta">{meta}</p>'
        + (section("guide_summary", summary_html(guide, lang)) if guide.summary else "")
        + outline_html(guide, lang)
        + section("key_figures", figures_html(guide, lang), len(guide.key_figures))
        + section("questions", questions_html(guide, lang))
        + "</article>"
    )


def building_html(title: str, lang: str) -> str:
    text = label(lang, "building").replace("{title}", title)
    return f'<p class="pa-gd-building" role="status"><span class="pa-spinner" aria-hidden="true"></span>{esc(text)}</p>'


# ---- opening a guide ----------------------------------------------------------------------------


def guide_updates(runtime: GuideSource, doc_id: str | None, secrets: list[str]) -> Iterator[tuple[Any, ...]]:
    """What opening the guide to ``doc_id`` shows, step by step: (message, guide HTML, guide
    state, tabs). The Guide tab is selected by the first step; a guide not built yet is first
    announced; an error is said above the guide and leaves the rest as it is."""
    to_tab = gr.Tabs(selected="guide")
    doc = runtime.index.documents.get(doc_id or "")
    if not doc_id:
        yield render.error_html("pick a document to open its guide"), gr.skip(), gr.skip(), to_tab
        return
    if doc is None:
        message = f"unknown document id(s): {doc_id}; it may have been removed — nothing was changed"
        yield render.error_html(message), gr.skip(), gr.skip(), to_tab
        return
    if not runtime.guide_ready(doc_id):
        yield building_html(doc.title, doc.lang), gr.skip(), gr.skip(), to_tab
        to_tab = gr.skip()  # the user may have gone to another tab meanwhile: leave them there
    try:
        guide = runtime.guide(doc_id)
    except ValueError as exc:  # the document went away with an upload's rebuild
        yield render.error_html(f"{exc}; nothing was changed"), gr.skip(), gr.skip(), to_tab
        return
    except Exception as exc:  # the index or the disk failed: say what to do, above the guide
        reason = user_message(exc, log, "building the guide", secrets)
        message = f"the guide to “{doc.title}” could not be opened: {reason}"
        yield render.error_html(message), gr.skip(), gr.skip(), to_tab
        return
    yield "", guide_html(guide, doc), guide, to_tab


# ---- a button of the guide clicked --------------------------------------------------------------


def parse_ref(value: str | None) -> tuple[str, int] | None:
    """``"f:3#nonce"`` -> ("f", 3): key figure 3; "s" a summary sentence, "o" a section, "q" a question."""
    m = REF_RX.match((value or "").strip())
    return (m.group(1), int(m.group(2))) if m else None


def section_citation(index: Any, guide: Guide, n: int) -> Citation | None:
    """The heading of outline entry ``n`` as a citation (its passage's first line when the
    heading is not in the passage's text), or None when the passage is gone."""
    if not 0 <= n < len(guide.outline):
        return None
    entry = guide.outline[n]
    chunk = index.chunks.get(entry.chunk_id)
    if chunk is None or chunk.doc_id != guide.doc_id:
        return None
    span = heading_match(chunk.text, entry.title)
    if span is not None:
        start, end = span
    else:
        start = len(chunk.text) - len(chunk.text.lstrip())
        end = chunk.text.find("\n", start)
        end = len(chunk.text) if end < 0 else end
    doc = index.documents.get(guide.doc_id)
    raw = index.raw_texts.get(guide.doc_id)
    hit = Hit(chunk, 0.0, 1, None, None)
    return make_citation(0, hit, start, end, raw, getattr(doc, "author", ""), getattr(doc, "year", None))


def cited(index: Any, guide: Guide, kind: str, n: int) -> tuple[Citation, str] | None:
    """(citation, what it is) for a button of the guide: the kicker names the guide's part."""
    lang = guide.lang
    if kind == "s" and 0 <= n < len(guide.summary):
        return guide.summary[n], f"{label(lang, 'guide_summary')} {n + 1}"
    if kind == "f" and 0 <= n < len(guide.key_figures):
        f = guide.key_figures[n]
        return f.citation, f"{label(lang, 'key_figures')}: {f.value}"
    if kind == "o":
        c = section_citation(index, guide, n)
        return (c, f"{label(lang, 'outline')}: {guide.outline[n].title}") if c else None
    return None


def source_for(index: Any, guide: Guide, kind: str, n: int) -> str:
    """The source panel for a button of the guide: the quote highlighted in its passage and document."""
    found = cited(index, guide, kind, n)
    if found is None:
        return render.SOURCE_HINT
    c, what = found
    return render.source_html(
        c,
        index.raw_texts.get(c.doc_id),
        turn=0,
        lang=guide.lang,
        doc=index.documents.get(c.doc_id),
        kicker=f"{label(guide.lang, 'guide')} · {what}",
    )


def suggested(guide: Guide | None, ref: str | None) -> str | None:
    """The text of the suggested question a ``q:n`` reference stands for."""
    parsed = parse_ref(ref)
    if guide is None or parsed is None or parsed[0] != "q":
        return None
    n = parsed[1]
    return guide.suggested_questions[n].text if 0 <= n < len(guide.suggested_questions) else None


# ---- layout and events --------------------------------------------------------------------------


def picker(runtime: GuideSource) -> tuple[gr.Dropdown, gr.Button]:
    """The sidebar's guide picker, in the current Blocks context."""
    with gr.Group(elem_id="pa-guide-box"):
        pick = gr.Dropdown(
            choices=runtime.guide_choices(),
            value=None,
            label="Document guide",
            info="Summary, contents, key figures and questions for one document.",
            filterable=False,
            elem_id="pa-guide-pick",
        )
        opener = gr.Button("Open guide", size="sm", elem_id="pa-guide-open")
    return pick, opener


def layout(pick: gr.Dropdown, opener: gr.Button) -> GuideView:
    """The Guide tab's components, in the current Blocks context."""
    message = gr.HTML("", elem_id="pa-guide-message", js_on_load=None)
    result = gr.HTML(EMPTY_HTML, elem_id="pa-guide-result", js_on_load=None, container=True, padding=True)
    return GuideView(pick, opener, message, result, gr.State(None))


def wire(
    view: GuideView,
    runtime: GuideSource,
    source: gr.HTML,
    tabs: gr.Tabs,
    question: gr.Textbox,
    secrets: list[str],
    after_open_js: str | None = None,
) -> Any:
    """The guide's events and its two hidden bridges (outside the tab, so they load with the page).

    Returns the event of a suggested question put into ``question`` (the Chat tab selected):
    the caller chains the chat's own answering to it with ``.success``. ``after_open_js`` runs
    in the browser once a guide was asked for (the page closes the sidebar at phone width)."""

    def open_document_guide(doc_id: str | None) -> Iterator[tuple[Any, ...]]:
        yield from guide_updates(runtime, doc_id, secrets)

    def open_guide_source(ref: str, guide: Guide | None) -> str | Any:
        parsed = parse_ref(ref)
        if parsed is None or guide is None or parsed[0] == "q":
            return gr.skip()
        return source_for(runtime.index, guide, *parsed)

    def ask_guide_question(ref: str, guide: Guide | None) -> tuple[Any, ...]:
        text = suggested(guide, ref)
        if text is None:  # only a page from before a server restart gets here
            raise gr.Error("That question is no longer shown: open the guide again.")
        return text, gr.Tabs(selected="chat")

    outputs = [view.message, view.result, view.shown, tabs]
    for event in (view.open.click, view.pick.input):
        event(open_document_guide, [view.pick], outputs, show_progress="minimal", **PRIVATE)
        if after_open_js:  # at once, beside it: the tab (and what it says while building) is seen
            event(None, None, None, js=after_open_js, queue=False, **PRIVATE)
    cites = gr.HTML("", html_template="", js_on_load=static_text("guide.js"), visible="hidden")
    cites.click(open_guide_source, [cites, view.shown], source, show_progress="hidden", **PRIVATE)
    asks = gr.HTML("", html_template="", js_on_load=static_text("guide_ask.js"), visible="hidden")
    return asks.click(ask_guide_question, [asks, view.shown], [question, tabs], queue=False, **PRIVATE)


def static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def refresh_documents(runtime: GuideSource, picked: str | None) -> Any:
    """The picker after the corpus changed: every document, the pick kept while it is there."""
    choices = runtime.guide_choices()
    keep = picked if picked in {value for _, value in choices} else None
    return gr.Dropdown(choices=choices, value=keep)


def on_corpus_change(view: GuideView, runtime: GuideSource, event: Any) -> None:
    """Refresh the picker after ``event`` (the page load, an upload)."""

    def refresh_guide_documents(picked: str | None) -> Any:
        return refresh_documents(runtime, picked)

    event.then(refresh_guide_documents, [view.pick], [view.pick], **PRIVATE)
