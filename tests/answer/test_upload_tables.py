"""A budget table in an uploaded Word document and in the same document as a PDF, asked about with
the real index and reader: each row reads as one line, so the figure is quoted with the name of
what it pays for; and a fact that only a footnote of the document gives is answered from the
footnote."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from assistant.api import Assistant
from evals.formats import pdf_bytes
from tests.conftest import corpus_settings, reference, with_notes

ROWS = [
    ("Tiltak", "Beløp", "Periode"),
    ("Nye sykkelfelt i sentrum", "12 mill. kr", "2024–2026"),
    ("Lys langs skoleveiene", "3,5 mill. kr", "2024"),
    ("Opplæring av nye syklister", "800 000 kr", "2025–2027"),
]


def budget_document() -> bytes:
    document = docx.Document()
    document.add_heading("Sykkelplan for Nordby kommune", level=1)
    decided = document.add_paragraph("Kommunestyret vedtok sykkelplanen i mars.")
    reference(decided, "footnote", 1)
    decided.add_run(" Planen skal gjøre det tryggere å sykle til skole og jobb.")
    document.add_heading("Budsjett", level=2)
    document.add_paragraph("Tabellen viser hva tiltakene i planen koster.")
    table = document.add_table(rows=len(ROWS), cols=3)
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return with_notes(buffer.getvalue(), "footnote", {1: FOOTNOTE})


FOOTNOTE = "Vedtaket ble gjort med 31 mot 14 stemmer i kommunestyret."


def budget_pdf() -> bytes:
    """The same document as a word processor prints it: the footnote at the page's foot, smaller,
    its mark raised; the table's cells in columns."""
    page = [
        "Sykkelplan for Nordby kommune",
        "",
        "Kommunestyret vedtok sykkelplanen i mars.^1 Planen skal gjøre det tryggere å sykle til skole",
        "og jobb.",
        "Budsjett",
        "Tabellen viser hva tiltakene i planen koster.",
        *ROWS,
    ]
    return pdf_bytes([page], notes=[[f"1 {FOOTNOTE}"]])


@pytest.fixture(scope="module", params=["docx", "pdf"])
def budget(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    data = budget_document() if request.param == "docx" else budget_pdf()
    files = {f"sykkelplan.{request.param}": data}
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, f"sykkelplan-{request.param}", files))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "name", "figure"),
    [
        ("Hvor mye koster lys langs skoleveiene?", "Lys langs skoleveiene", "3,5 mill. kr"),
        ("How much money goes to training new cyclists?", "Opplæring av nye syklister", "800 000 kr"),
    ],
)
def test_a_table_row_is_quoted_with_its_figure_and_what_it_pays_for(
    budget: Assistant, question: str, name: str, figure: str
) -> None:
    answer = budget.ask(question)
    assert not answer.refused
    quote = " ".join(answer.citations[0].quote.split())
    assert name in quote and figure in quote
    assert answer.text.startswith(f"**{figure}")  # the headline: the whole amount, with its period


@pytest.mark.slow
def test_a_tables_figures_refer_to_their_own_row(budget: Assistant) -> None:
    """The guide's key figures and a list question's table: each amount with its row's name and
    period, not the row above it (which had been read as the heading the figure stands under)."""
    doc = next(iter(budget.index.documents))
    money = [(f.value, f.refers_to, f.period) for f in budget.guide(doc).key_figures if f.kind == "money"]
    assert money == [(amount, name, period) for name, amount, period in ROWS[1:]]
    answer = budget.ask("List every initiative in the plan with its budget and period.")
    for name, amount, period in ROWS[1:]:
        assert f"| {name} | {amount} | {period} |" in answer.text


@pytest.mark.slow
def test_a_fact_only_a_footnote_gives_is_answered_from_it(budget: Assistant) -> None:
    """Before Word's footnotes were read, the document did not hold this answer at all."""
    answer = budget.ask("Hvor mange stemte for sykkelplanen i kommunestyret?")
    assert not answer.refused
    assert any(FOOTNOTE in " ".join(c.quote.split()) for c in answer.citations)
    assert "31" in answer.text
