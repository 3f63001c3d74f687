"""The Compare tab's HTML, its markers and its exports, on a comparison built by hand (no index;
the real server and browser are in test_compare_live.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from assistant.compare.models import Comparison, ComparisonRow
from assistant.compare.render import CSV_COLUMNS
from assistant.web import compare_view, render
from assistant.web.app import Exports
from tests.web.factories import XSS_IMG, XSS_SCRIPT, citation


def row(doc: str, **kw: object) -> ComparisonRow:
    values: dict[str, object] = {"doc_id": doc, "file_name": f"{doc}.txt", "title": f"Tittel {doc}"}
    values.update(kw)
    return ComparisonRow(**values)  # type: ignore[arg-type]


def comparison() -> Comparison:
    cite = lambda n, doc, quote: citation(n, quote=quote, doc_id=doc, title=f"Tittel {doc}")  # noqa: E731
    rows = [
        row(
            "a",
            author="Blå Kors (Norge)",
            year=2019,
            addressed=True,
            confidence=0.9,
            label="against",
            label_cue="går imot",
            citations=[cite(1, "a", "Vi går imot brukerdoser."), cite(2, "a", "Også  små\ndoser.")],
        ),
        row("b", addressed=False, confidence=0.1, related=cite(1, "b", "Politiet har en viktig rolle.")),
        row("c", addressed=True, confidence=0.7, citations=[cite(1, "c", f"Vi vil {XSS_SCRIPT} vurdere det.")]),
        row("d", title=f"Tittel {XSS_IMG}", addressed=False, confidence=0.05),
    ]
    return Comparison(topic="brukerdoser", lang="nb", rows=rows, warnings=["Merk: få treff."])


def test_one_row_per_document_with_position_quotes_and_markers_numbered_across_the_table() -> None:
    html = compare_view.result_html(comparison())
    assert 'lang="nb"' in html and "Hva dokumentene sier om «brukerdoser»: 2 av 4 tar det opp." in html
    assert re.findall(r'data-doc-id="(\w)"', html) == ["a", "b", "c", "d"]
    heads = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert heads == ["Dokument", "Standpunkt", "Hva det sier"]
    assert '<span class="pa-label pa-label-against" title="Standpunkt ut fra ordene: “går imot”">imot</span>' in html
    assert "Blå Kors, 2019" in html  # the author without the department, and the year
    assert re.findall(r'class="pa-cmp pa-cmp-(c\d+)"', html) == ["c1", "c2", "c3"]  # as in the exports
    assert "“Også små doser.”" in html  # whitespace of the passage folded
    assert '<p class="pa-notice">Merk: få treff.</p>' in html


def test_a_document_that_does_not_address_the_topic_is_greyed_with_its_closest_passage_on_demand() -> None:
    html = compare_view.result_html(comparison())
    greyed = re.findall(r'<tr class="pa-cmp-row pa-cmp-na" data-doc-id="(\w)"', html)
    assert greyed == ["b", "d"]
    row_b = html.split('data-doc-id="b"')[1].split("</tr>")[0]
    assert '<span class="pa-label pa-label-na">ikke omtalt</span>' in row_b
    assert '<details class="pa-closest"><summary>Nærmeste avsnitt</summary>' in row_b
    assert "“Politiet har en viktig rolle.”" in row_b and 'class="pa-cmp pa-cmp-r1"' in row_b
    row_d = html.split('data-doc-id="d"')[1].split("</tr>")[0]
    assert "<details" not in row_d and "<td>–</td>" in row_d  # no closest passage: nothing to open


def test_an_llm_line_above_the_quotes_has_the_tables_markers_clickable() -> None:
    c = comparison()
    c.synthesised = {"a": "Blå Kors er imot brukerdoser [1], også små [2].", "c": f"Vil vurdere {XSS_IMG} [1] [4]."}
    html = compare_view.result_html(c)
    lines = re.findall(r'<p class="pa-cmp-summary" title="Skrevet av språkmodellen[^"]*">(.*?)</p>', html)
    line_a, line_c = lines
    assert line_a.startswith("Blå Kors er imot brukerdoser <button") and line_a.count("pa-cmp pa-cmp-c") == 2
    assert re.findall(r"pa-cmp-(c\d+)", line_c) == ["c3"]  # the row's own [1] is the table's [3]; [4] is none of its
    assert "<img" not in line_c and "&lt;img src=x" in line_c


def test_nothing_from_a_document_is_live_html() -> None:
    html = compare_view.result_html(comparison())
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html and "Tittel &lt;img src=x" in html


def test_markers_find_their_citation_and_bad_references_find_nothing() -> None:
    c = comparison()
    assert compare_view.parse_ref("c:3#1718000000000") == ("c", 3)
    assert compare_view.parse_ref("r:1") == ("r", 1)
    for bad in ("", "x:1", "c:", "c:1:2", "cite:0:1", None):
        assert compare_view.parse_ref(bad) is None
    third = compare_view.cited(c, "c", 3)
    assert third is not None and third.doc_id == "c" and third.marker == 3
    closest = compare_view.cited(c, "r", 1)
    assert closest is not None and closest.quote == "Politiet har en viktig rolle."
    assert compare_view.cited(c, "c", 4) is None and compare_view.cited(c, "r", 9) is None
    assert compare_view.cited(c, "r", 3) is None  # row d has no closest passage


def test_the_source_panel_kicker_can_name_the_comparison_instead_of_an_answer() -> None:
    c = comparison()
    cite = compare_view.cited(c, "c", 2)
    assert cite is not None
    html = render.source_html(cite, None, turn=0, lang="nb", kicker="[2] · sammenligning: brukerdoser")
    assert '<p class="pa-kicker">[2] · sammenligning: brukerdoser</p>' in html and "answer 1" not in html


def test_exports_are_files_of_the_shown_comparison_as_markdown_and_csv() -> None:
    exports = Exports()  # its folder lives as long as it does
    md_path, csv_path = compare_view.write_exports(exports, comparison())
    assert Path(md_path).name.startswith("policy-assistant-compare-brukerdoser-") and md_path.endswith(".md")
    assert csv_path.endswith(".csv") and Path(md_path).parent != Path(csv_path).parent
    md = Path(md_path).read_text(encoding="utf-8")
    assert md.startswith("# brukerdoser\n") and "| Dokument | Standpunkt | Hva det sier |" in md
    assert "[3] *Tittel c*" in md and "<script" not in md
    with open(csv_path, encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == list(CSV_COLUMNS)
    body = [dict(zip(CSV_COLUMNS, line, strict=True)) for line in lines[1:]]
    assert [r["doc_id"] for r in body] == ["a", "a", "b", "c", "d"]  # a line per quote, one per silent document
    assert body[1]["quote"] == "Også små doser." and body[0]["label"] == "against"
    assert body[2]["addressed"] == "false" and body[2]["quote"] == ""


def test_export_file_names_are_plain_ascii() -> None:
    assert compare_view.slug("Politiets rolle / straff") == "politiets-rolle-straff"
    assert compare_view.slug("behandling af indsatte på fængsler") == "behandling-af-indsatte-paa-faengsler"
    assert compare_view.slug("«»") == "topic"


class Corpus:
    """What :func:`compare_view.refresh_documents` asks of the runtime: the document list."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def document_choices(self) -> list[tuple[str, str]]:
        return [(f"Title {i}", i) for i in self.ids]


def test_the_selector_keeps_the_choice_drops_gone_documents_and_ticks_new_ones() -> None:
    corpus = Corpus(["a", "b", "up"])
    update, offered = compare_view.refresh_documents(corpus, ["a", "gone"], ["a", "b", "gone"])  # type: ignore[arg-type]
    assert offered == ["a", "b", "up"]
    assert update.value == ["a", "up"]  # "b" was unticked by the user and stays so; "up" is new
    assert [value for _, value in update.choices] == ["a", "b", "up"]
