"""The Guide tab's HTML, its buttons, the steps of opening a guide and the runtime's guide, on a
guide built by hand (no index; the real server and browser are in test_guide_live.py)."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from assistant.guide.models import Guide, KeyFigure, OutlineEntry, SuggestedQuestion
from assistant.web import guide_view, render
from assistant.web.runtime import Runtime, UnknownDocuments
from retrieval.types import Chunk
from tests.conftest import passage_chunk
from tests.web.factories import XSS_IMG, XSS_SCRIPT, citation

RAW = "Kampen mod narko II\n\nForsøg med sundhedsrum\n\nDer afsættes 30 mio. kr. i 2011-2014 til forsøget.\n"


def cite(n: int, quote: str, **kw: object) -> Any:
    return citation(n, quote=quote, doc_id="doc", **kw)


def guide(lang: str = "da", **kw: object) -> Guide:
    values: dict[str, Any] = {
        "doc_id": "doc",
        "title": "Kampen mod narko II",
        "file_name": "doc.txt",
        "lang": lang,
        "version": 1,
        "summary": [cite(1, "Samfundet står over for store udfordringer."), cite(2, "Et  andet\nudsagn.", page=10)],
        "outline": [
            OutlineEntry(title="Forsøg med sundhedsrum", page=9, chunk_id="doc:0001", line=3),
            OutlineEntry(title="Uden side", chunk_id="doc:0001", line=5),
        ],
        "key_figures": [
            KeyFigure(
                value="276",
                kind="count",
                refers_to="dødsfald",
                period="2009",
                citation=cite(0, "Antallet steg til 276 i 2009."),
            ),
            KeyFigure(
                value="30 mio. kr.",
                kind="money",
                refers_to="Forsøg med sundhedsrum",
                period="2011-2014",
                citation=cite(0, "Der afsættes 30 mio. kr. i 2011-2014 til forsøget.", page=12),
            ),
            KeyFigure(
                value="12 procent", kind="percent", refers_to="andel", citation=cite(0, "Andelen er 12 procent.")
            ),
        ],
        "suggested_questions": [
            SuggestedQuestion(text="Hvor mange penge afsættes til Forsøg med sundhedsrum?", lang="da", answered=True),
            SuggestedQuestion(text="How much money is set aside for “Forsøg med sundhedsrum”?", lang="en"),
        ],
    }
    values.update(kw)
    return Guide(**values)


def hostile() -> Guide:
    """Every text a document gives the guide carries markup."""
    g = guide(title=f"Titel {XSS_IMG}")
    g.summary[0] = cite(1, f"Et udsagn {XSS_SCRIPT} her.")
    g.outline[0] = OutlineEntry(title=f"Afsnit {XSS_IMG}", page=2, chunk_id="doc:0001", line=1)
    g.key_figures[0] = KeyFigure(
        value=f"5 {XSS_SCRIPT}", kind="count", refers_to=f"noget {XSS_IMG}", period="<b>2009</b>", citation=cite(0, "x")
    )
    g.suggested_questions[0] = SuggestedQuestion(text=f"Hvad med {XSS_SCRIPT}?", lang="da")
    return g


# ---- the guide as HTML ----------------------------------------------------------------------------


def test_the_guide_shows_title_summary_outline_figures_and_questions_in_its_language() -> None:
    html = guide_view.guide_html(guide(), SimpleNamespace(author="Regeringen (Socialministeriet)", year=2010))
    assert 'lang="da"' in html and 'data-doc-id="doc"' in html
    assert '<p class="pa-kicker">Dokumentguide</p>' in html and ">Kampen mod narko II</h3>" in html
    assert '<p class="pa-gd-meta">Regeringen · 2010 · doc.txt</p>' in html
    assert "<h4>Kort fortalt</h4>" in html and "<summary>Indhold (2)</summary>" in html
    assert "<h4>Nøgletal (3)</h4>" in html and "<h4>Spørgsmål du kan stille</h4>" in html
    # each summary sentence is a button with its page, whitespace folded
    assert re.findall(r'class="pa-gd pa-gd-(s\d)"', html) == ["s0", "s1"]
    assert "“Et andet udsagn.”</span> <span" in html and '<span class="pa-gd-page">s. 10</span>' in html
    # the outline: titles that open their section, with pages where there are pages
    outline = html.split('<ol class="pa-gd-outline">')[1].split("</ol>")[0]
    assert re.findall(r"pa-gd-(o\d)", outline) == ["o0", "o1"]
    assert '>Forsøg med sundhedsrum</button> <span class="pa-gd-page">s. 9</span></li>' in outline
    assert outline.endswith(">Uden side</button></li>")
    # the key figures: a table per kind, amounts first, each figure's citation a button by its number
    kinds = re.findall(r'<details class="pa-gd-kind pa-gd-kind-(\w+)"( open)?><summary>([^<]*)</summary>', html)
    assert kinds == [
        ("money", " open", "Beløb (1)"),
        ("count", " open", "Antal (1)"),
        ("percent", " open", "Procenter (1)"),
    ]
    heads = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert heads[:4] == ["Tal", "Vedrører", "Periode", "Kilde"]
    money = html.split("pa-gd-kind-money")[1].split("</table>")[0]
    assert '<th scope="row">30 mio. kr.</th><td>Forsøg med sundhedsrum</td><td>2011-2014</td>' in money
    assert 'class="pa-gd pa-gd-f1"' in money and ">s. 12</button>" in money  # figure 1 of the guide
    assert "<td>–</td>" in html.split("pa-gd-kind-percent")[1]  # no period
    # the questions: buttons by their number, with their language
    assert re.findall(r'class="pa-gq pa-gq-(\d)" title="([^"]*)"', html) == [
        ("0", "Stil spørgsmålet i chatten"),
        ("1", "Ask this in the chat"),
    ]
    assert '<span class="pa-gd-lang">EN</span> How much money is set aside for “Forsøg med sundhedsrum”?' in html


def test_the_outline_is_indented_by_the_headings_levels() -> None:
    """A chapter's parts stand under it: levels as the file marks them, else by their numbering."""
    numbered = ["1. INNLEDNING", "2. TILTAK", "a) Samtaler", "Om samtalene", "3. KOSTNADER"]
    g = guide(outline=[OutlineEntry(title=t, page=1, chunk_id="doc:0001", line=1) for t in numbered])
    outline = guide_view.outline_html(g, "nb")
    assert re.findall(r'<li class="pa-gd-l(\d)">', outline) == ["0", "0", "1", "2", "0"]
    marked = [OutlineEntry(title=t, page=None, chunk_id="doc:0001", line=1, level=n) for t, n in (("A", 2), ("B", 3))]
    assert re.findall(r'pa-gd-l(\d)"', guide_view.outline_html(guide(outline=marked), "nb")) == ["0", "1"]
    flat = [OutlineEntry(title=t, page=None, chunk_id="doc:0001", line=1) for t in ("Behandling", "Politiets rolle")]
    assert re.findall(r'pa-gd-l(\d)"', guide_view.outline_html(guide(outline=flat), "nb")) == ["0", "0"]


def test_labels_follow_the_guides_language_and_english_is_the_fallback() -> None:
    nb = guide_view.guide_html(guide("nb"))
    assert "Nøkkeltall (3)" in nb and "Innhold (2)" in nb and '<th scope="col">Gjelder</th>' in nb
    other = guide_view.guide_html(guide("de"))
    assert "Key figures (3)" in other and "Contents (2)" in other and "Document guide" in other


def test_long_parts_start_closed_but_the_first_table_of_figures_is_open() -> None:
    many = [
        KeyFigure(value=str(n), kind="count" if n % 2 else "date", refers_to="x", citation=citation(0, quote=str(n)))
        for n in range(guide_view.OPEN_ROWS + 1)
    ]
    entries = [OutlineEntry(title=f"Afsnit {n}", chunk_id="doc:0001", line=n) for n in range(13)]
    html = guide_view.guide_html(guide(key_figures=many, outline=entries))
    assert re.findall(r'pa-gd-kind-(\w+)"( open)?>', html) == [("count", " open"), ("date", "")]
    assert '<details class="pa-gd-section pa-gd-outline-box">' in html  # 13 sections: closed


def test_a_guide_without_figures_outline_or_questions_says_so() -> None:
    html = guide_view.guide_html(guide("en", summary=[], outline=[], key_figures=[], suggested_questions=[]))
    assert "No figures were found in this document." in html
    assert "No section headings were found in this document." in html
    assert "No question could be checked against this document." in html
    assert "pa-gd-summary" not in html


def test_nothing_from_a_document_is_live_html() -> None:
    html = guide_view.guide_html(hostile(), SimpleNamespace(author=XSS_IMG, year=None, date=None))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html and "Titel &lt;img src=x onerror=" in html
    assert "Afsnit &lt;img" in html and "noget &lt;img" in html and "&lt;b&gt;2009&lt;/b&gt;" in html
    assert "Hvad med &lt;script&gt;" in html
    building = guide_view.building_html(f"Titel {XSS_IMG}", "da")
    assert "<img" not in building and "Guiden til “Titel &lt;img" in building and 'role="status"' in building


# ---- opening a guide --------------------------------------------------------------------------------


class Guides:
    """What :func:`guide_view.guide_updates` asks of the runtime: a document list and its guides."""

    def __init__(self, ready: bool = True, fail: Exception | None = None) -> None:
        self.ready, self.fail = ready, fail
        doc = SimpleNamespace(id="doc", title=f"Kampen {XSS_IMG}", lang="da", author="Regeringen", year=2010)
        self.index = SimpleNamespace(documents={"doc": doc}, raw_texts={"doc": RAW}, chunks={})
        self.asked: list[str] = []

    def guide(self, doc_id: str) -> Guide:
        self.asked.append(doc_id)
        if self.fail:
            raise self.fail
        return guide()

    def guide_ready(self, doc_id: str) -> bool:
        return self.ready

    def guide_choices(self) -> list[tuple[str, str]]:
        return [("Kampen", "doc"), ("Andet", "other")]


def is_skip(value: Any) -> bool:
    return value == gr.skip()


def selects(update: Any, tab: str) -> bool:
    return isinstance(update, gr.Tabs) and update.selected == tab


def test_a_stored_guide_opens_in_one_step_in_the_guide_tab() -> None:
    steps = list(guide_view.guide_updates(Guides(ready=True), "doc", []))
    assert len(steps) == 1
    message, html, shown, tabs = steps[0]
    assert message == "" and 'data-doc-id="doc"' in html and isinstance(shown, Guide) and selects(tabs, "guide")


def test_a_guide_being_built_is_announced_first() -> None:
    runtime = Guides(ready=False)
    steps = guide_view.guide_updates(runtime, "doc", [])
    message, html, shown, tabs = next(steps)
    assert 'class="pa-gd-building" role="status"' in message and "Kampen &lt;img" in message
    assert is_skip(html) and is_skip(shown)  # the guide shown so far stays while the new one is built
    assert selects(tabs, "guide") and runtime.asked == []
    message, html, shown, tabs = next(steps)
    assert message == "" and isinstance(shown, Guide) and runtime.asked == ["doc"]
    assert not isinstance(tabs, gr.Tabs)  # the user may have gone to another tab meanwhile
    assert list(steps) == []


@pytest.mark.parametrize(
    ("doc_id", "runtime", "said"),
    [
        ("", Guides(), "pick a document to open its guide"),
        (None, Guides(), "pick a document to open its guide"),
        ("gone", Guides(), "unknown document id(s): gone"),
        ("doc", Guides(fail=OSError("disk on fire")), "the guide to “Kampen &lt;img"),
        ("doc", Guides(fail=UnknownDocuments(["doc"])), "unknown document id(s): doc; nothing was changed"),
    ],
)
def test_an_error_is_said_above_the_guide_and_changes_nothing_else(doc_id: Any, runtime: Guides, said: str) -> None:
    *_, (message, html, shown, tabs) = guide_view.guide_updates(runtime, doc_id, [])
    assert 'class="pa-error" role="alert"' in message and said in message
    assert is_skip(html) and is_skip(shown)  # the guide shown (and its buttons) stay as they were


def test_an_unexpected_failure_is_named_by_a_reference_not_a_traceback() -> None:
    *_, (message, *_rest) = guide_view.guide_updates(Guides(fail=RuntimeError("secret internals")), "doc", [])
    assert "could not be opened: an unexpected error stopped building the guide (reference " in message
    assert "secret internals" not in message


# ---- a button of the guide clicked ------------------------------------------------------------------


def chunk(text: str, raw_start: int) -> Chunk:
    return passage_chunk(
        text,
        chunk_id="doc:0001",
        doc_id="doc",
        file_name="doc.txt",
        title="Kampen mod narko II",
        lang="da",
        page=9,
        raw_start=raw_start,
        raw_end=raw_start + len(text),
        line_start=3,
        line_end=5,
        char_map=[(0, raw_start, len(text))],
    )


def test_buttons_find_what_they_stand_for_and_bad_references_find_nothing() -> None:
    g = guide()
    assert guide_view.parse_ref("f:1#1718000000000") == ("f", 1)
    assert guide_view.parse_ref("q:0") == ("q", 0) and guide_view.parse_ref("o:3") == ("o", 3)
    for bad in ("", "x:1", "f:", "f:1:2", "cite:0:1", "c:1", None):
        assert guide_view.parse_ref(bad) is None
    index = SimpleNamespace(chunks={}, documents={}, raw_texts={})
    c, what = guide_view.cited(index, g, "f", 1) or (None, "")
    assert c is not None and c.quote.startswith("Der afsættes 30 mio. kr.") and what == "Nøgletal: 30 mio. kr."
    c, what = guide_view.cited(index, g, "s", 0) or (None, "")
    assert c is not None and c.marker == 1 and what == "Kort fortalt 1"
    assert guide_view.cited(index, g, "f", 3) is None and guide_view.cited(index, g, "s", 2) is None
    assert guide_view.cited(index, g, "o", 0) is None  # its passage is not in the index (any more)
    assert guide_view.suggested(g, "q:1#5") == g.suggested_questions[1].text
    assert guide_view.suggested(g, "q:2") is None and guide_view.suggested(g, "f:0") is None
    assert guide_view.suggested(None, "q:0") is None


def test_a_section_opens_at_its_heading_in_the_document() -> None:
    start = RAW.index("Forsøg med")
    text = RAW[start:].rstrip("\n")
    index = SimpleNamespace(
        chunks={"doc:0001": chunk(text, start)},
        documents={"doc": SimpleNamespace(author="Regeringen", year=2010, lang="da", date=None)},
        raw_texts={"doc": RAW},
    )
    g = guide()
    heading = guide_view.section_citation(index, g, 0)
    assert heading is not None and heading.quote == "Forsøg med sundhedsrum" and heading.page == 9
    assert RAW[heading.raw_start : heading.raw_end] == "Forsøg med sundhedsrum" and heading.line_start == 3
    first_line = guide_view.section_citation(index, g, 1)  # "Uden side" is not in the passage: its first line
    assert first_line is not None and first_line.quote == "Forsøg med sundhedsrum"
    assert guide_view.section_citation(index, g, 2) is None
    html = guide_view.source_for(index, g, "o", 0)
    assert '<p class="pa-kicker">Dokumentguide · Indhold: Forsøg med sundhedsrum</p>' in html
    assert '<mark class="pa-quote">Forsøg med sundhedsrum</mark>' in html
    assert '<mark class="pa-quote" id="pa-doc-mark">Forsøg med sundhedsrum</mark>' in html  # in the whole document
    assert guide_view.source_for(index, g, "f", 9) == render.SOURCE_HINT


def test_a_key_figure_opens_in_the_source_panel_with_its_quote_marked() -> None:
    g = guide()
    index = SimpleNamespace(chunks={}, documents={}, raw_texts={})
    html = guide_view.source_for(index, g, "f", 1)
    assert '<p class="pa-kicker">Dokumentguide · Nøgletal: 30 mio. kr.</p>' in html
    assert '<mark class="pa-quote">Der afsættes 30 mio. kr. i 2011-2014 til forsøget.</mark>' in html


def test_the_picker_keeps_the_pick_while_the_document_is_there() -> None:
    update = guide_view.refresh_documents(Guides(), "doc")
    assert update.value == "doc" and [v for _, v in update.choices] == ["doc", "other"]
    assert guide_view.refresh_documents(Guides(), "gone").value is None


# ---- the runtime's guide ----------------------------------------------------------------------------


def test_the_runtime_says_which_id_is_wrong_before_building_anything() -> None:
    built: list[str] = []
    documents = {"doc": SimpleNamespace(id="doc", title="T", file="doc.txt", sha256="ab" * 32)}
    info = SimpleNamespace(documents=list(documents.values()))
    assistant = SimpleNamespace(
        index=SimpleNamespace(documents=documents, info=info), guide=lambda d: built.append(d) or guide()
    )
    runtime = Runtime(SimpleNamespace(), assistant)  # type: ignore[arg-type]
    with pytest.raises(UnknownDocuments, match=r"unknown document id\(s\): nope"):
        runtime.guide("nope")
    with pytest.raises(ValueError, match="no document id given"):
        runtime.guide("  ")
    assert built == []
    assert runtime.guide(" doc ").doc_id == "doc" and built == ["doc"]
    assert runtime.guide_choices() == [("T", "doc")]


def test_the_guides_to_uploaded_documents_are_built_in_the_background(caplog: pytest.LogCaptureFixture) -> None:
    stored = {"old"}
    built: list[str] = []

    def build(doc_id: str) -> Guide:
        if doc_id == "broken":
            raise RuntimeError("no sentences")
        built.append(doc_id)
        stored.add(doc_id)
        return guide()

    documents = {d: SimpleNamespace(id=d, title=d, file=f"{d}.txt", sha256="ab" * 32) for d in ("old", "new", "broken")}
    assistant = SimpleNamespace(
        index=SimpleNamespace(documents=documents),
        guide=build,
        guide_stored=lambda d: d in stored,
    )
    runtime = Runtime(SimpleNamespace(), assistant)  # type: ignore[arg-type]
    assert runtime.prebuild_guides(["old"]) is None  # stored already: nothing to do
    thread = runtime.prebuild_guides(["old", "broken", "new"])
    assert thread is not None
    thread.join(timeout=10)
    assert built == ["new"] and runtime.guide_ready("new")
    assert "building the guide to broken in the background failed" in caplog.text  # logged, not raised
