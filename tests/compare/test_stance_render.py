"""The position labels and the comparison's renderings, on comparisons built by hand."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.compare.models import Comparison, ComparisonRow
from assistant.compare.render import chat_answer, to_csv, to_markdown
from assistant.compare.stance import stance_of
from assistant.models import Citation
from assistant.render_text import render_comparison


@pytest.mark.parametrize(
    ("quote", "label"),
    [
        ("Bilistforbundet går imot nye bomstasjoner på riksvei 7.", "against"),
        ("Vi støtter ikke forslaget om brukerdoser.", "against"),  # negation: not "for"
        ("Forbundet støtter at gang- og sykkelveien bygges først.", "for"),
        ("Blå Kors slutter seg til målsettingen, men med en viktig forutsetning.", "conditional"),
        ("Regeringen går ind for at styrke behandlingen.", "for"),
        ("The association opposes new toll stations.", "against"),
        ("Antallet døde steg fra 239 i 2008 til 276 i 2009.", None),  # a figure states no position
    ],
)
def test_a_label_only_where_a_cue_states_it(quote: str, label: str | None) -> None:
    found = stance_of([quote])
    assert (found.label if found else None) == label
    if found:
        assert found.cue.lower() in quote.lower()


def test_mixed_positions_get_no_label() -> None:
    assert stance_of(["Vi støtter reformen.", "Vi går imot brukerdoser."]) is None


def citation(marker: int, doc: str, quote: str) -> Citation:
    passage = f"Innledning. {quote} Mer tekst."
    start = passage.index(quote)
    return Citation(
        marker=marker,
        chunk_id=f"{doc}-0001",
        doc_id=doc,
        file_name=f"{doc}.txt",
        title=f"Tittel {doc}",
        author="Forfatter (avdeling)",
        year=2020,
        page=3,
        quote=quote,
        passage=passage,
        raw_start=start,
        raw_end=start + len(quote),
        line_start=4,
        line_end=5,
    )


def comparison() -> Comparison:
    rows = [
        ComparisonRow(
            doc_id="a",
            file_name="a.txt",
            title="Tittel a",
            author="Forfatter (avdeling)",
            year=2020,
            addressed=True,
            confidence=0.9,
            label="against",
            citations=[citation(1, "a", "Vi går imot bomstasjoner | også på riksvei 7."), citation(2, "a", "To.")],
        ),
        ComparisonRow(doc_id="b", file_name="b.txt", title="Tittel b", addressed=False, confidence=0.1),
        ComparisonRow(
            doc_id="c",
            file_name="c.txt",
            title="Tittel c",
            addressed=True,
            confidence=0.7,
            citations=[citation(1, "c", "Vi vil ha <b>bedre</b> veier.")],
        ),
    ]
    return Comparison(topic="bomstasjoner", lang="nb", rows=rows)


def test_the_chat_answer_is_a_table_with_markers_numbered_across_rows() -> None:
    answer = chat_answer(comparison(), "Hva mener de ulike om bomstasjoner?")
    lines = answer.text.splitlines()
    assert lines[0] == "Hva dokumentene sier om «bomstasjoner»: 2 av 3 tar det opp."
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + 3  # header, separator, a row per document
    assert "imot" in table[2] and "[1]" in table[2] and "[2]" in table[2]
    assert "\\|" in table[2]  # a pipe in a quote does not split the cell
    assert "ikke omtalt" in table[3]
    assert "[3]" in table[4] and "&lt;b>" in table[4]  # document markup is not live
    assert [c.marker for c in answer.citations] == [1, 2, 3] == answer.markers()
    assert not answer.refused


def test_a_table_where_no_document_addresses_the_topic_is_a_refusal() -> None:
    c = comparison()
    for row in c.rows:
        row.addressed, row.citations = False, []
    assert chat_answer(c, "?").refused


def test_csv_has_a_line_per_quote_and_one_for_a_silent_document() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(comparison()))))
    assert [r["doc_id"] for r in rows] == ["a", "a", "b", "c"]
    assert rows[0]["addressed"] == "true" and rows[0]["label"] == "against" and rows[0]["lines"] == "4-5"
    assert rows[2]["addressed"] == "false" and rows[2]["quote"] == ""
    assert rows[0]["quote"] == "Vi går imot bomstasjoner | også på riksvei 7."


def test_markdown_export_and_terminal_text_spell_out_every_source() -> None:
    md = to_markdown(comparison())
    assert md.startswith("# bomstasjoner\n") and "## Sources" in md
    assert "[3] *Tittel c*; Forfatter, 2020; p. 3; lines 4–5 of `c.txt`" in md
    text = render_comparison(comparison())
    assert "Tittel b (" not in text and "Tittel b — ikke omtalt" in text
    assert "Sources\n[1] Tittel a — Forfatter, 2020, p. 3" in text


def test_terminal_text_shows_no_empty_position() -> None:
    text = render_comparison(comparison())
    assert "\nTittel c\n" in text and "— –" not in text
