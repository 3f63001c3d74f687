"""'Which chapters does the report have?' in the chat: answered from the guide's outline, each
heading cited as its own span, with the real index on an upload; the wordings that ask for a
document's parts, and those that do not; levels from the headings' numbering."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.guide.models import Guide, OutlineEntry
from assistant.guide.outline import marked_level, of_title, outline
from assistant.guide.structure import StructureRequest, levels, parts, structure_request
from retrieval.headings import is_heading
from tests.conftest import corpus_settings, passage_chunk, word_document
from tests.question_sets import training_and_dev_items

REPORT = """Rapport om ungdomskriminalitet i Vestby

1. INNLEDNING

Kommunen ba i 2023 om en gjennomgang av arbeidet mot ungdomskriminalitet. Rapporten bygger på intervjuer med ansatte.

2. TILTAK OG METODER

a) Forebyggende samtaler

Politiet holder samtaler med unge som er i faresonen. Samtalene skjer sammen med foreldrene.

b) Oppfølging i skolen

Skolene følger opp elever med høyt fravær. Helsesykepleier deltar i oppfølgingen.

c) Fritidstilbud

Kommunen har åpnet to nye fritidsklubber. Klubbene har åpent fire kvelder i uken.

3. KOSTNADER

Tiltakene koster 6 millioner kroner i året. Kommunen betaler det meste selv.

4. AVSLUTTENDE BEMERKNINGER

Arbeidet bør fortsette i minst fem år. Det bør evalueres i 2028.
"""


@pytest.mark.parametrize(
    ("question", "names", "main", "within"),
    [
        ("Which chapters does the report have?", False, True, None),  # chapters: the first level
        ("Hva er kapitlene i rapporten?", False, True, None),
        ("Hvor mange kapitler har rapporten?", False, True, None),
        ("Which sections does the report have?", False, False, None),
        ("List the main numbered chapters of the report.", False, True, None),
        ("Nævn de overordnede afsnit i planen.", False, True, None),
        ("What are the section headings in Blå Kors's submission?", True, False, None),
        ("Hvilke mellomoverskrifter har resolusjonen?", False, False, None),
        ("Hvilke underpunkter har kapittelet om tiltak og metoder i rapporten?", False, False, "tiltak og metoder"),
        ("Nævn underpunkterne i afsnittet om kriminalstatistik i udredningen.", False, False, "kriminalstatistik"),
    ],
)
def test_wordings_that_ask_for_a_documents_parts(question: str, names: bool, main: bool, within: str | None) -> None:
    assert structure_request(question, names_document=names) == StructureRequest(main, within)


@pytest.mark.parametrize(
    "question",
    [
        "Hvilke tiltak beskrives i kapittel 3 i rapporten?",  # measures, in a chapter
        "What does the chapter on treatment say about costs in the plan?",
        "Which sections of society are affected?",  # no document
        "Hvilke deler av landet har åpne russcener?",
        "What parts of the report deal with costs?",  # a topic: the reader finds it
        "Hvilke kapitler handler om politiet i rapporten?",
        "Hvilken kapital har banken ifølge rapporten?",
    ],
)
def test_wordings_that_do_not(question: str) -> None:
    assert structure_request(question) is None


def test_no_question_of_the_training_and_dev_sets_is_taken_for_one() -> None:
    """Over the 1,800 and more questions of the training and development sets (the list questions
    written to ask for chapters are not among them), none asks for a document's parts."""
    items = list(training_and_dev_items())
    assert len(items) > 1800
    for name, item in items:
        assert structure_request(item.question) is None, (name, item.id, item.question)


def entry(title: str) -> OutlineEntry:
    return OutlineEntry(title=title, page=1, chunk_id="c", line=1)


def test_levels_as_the_document_marks_them_come_first() -> None:
    """Word's heading styles, HTML's <h1>–<h6> and Markdown's "#" are written as "#" marks by
    the loaders: a heading's level is its marks, whatever its numbering."""
    raw = "# Rapport\n\n## Tiltak og metoder\n\nTekst.\n\n### Samtaler  \n\nTekst.\n"
    assert marked_level(raw, "Tiltak og metoder") == 2
    assert marked_level(raw, "Samtaler") == 3
    assert marked_level(raw, "Tekst.") is None  # no heading
    assert marked_level("1. INNLEDNING\n\nTekst.\n", "1. INNLEDNING") is None  # extracted text: no marks
    marked = [entry("Tiltak"), entry("1. Samtaler"), entry("Kostnader")]
    marked = [e.model_copy(update={"level": n}) for e, n in zip(marked, (2, 3, 2), strict=True)]
    assert levels(marked) == [2, 3, 2]


def test_levels_come_from_the_headings_numbering() -> None:
    titles = ["1. INNLEDNING", "2. METODE", "a) Samtaler", "Et eget avsnitt", "b) Skolen", "2.1 Data", "3 KOSTNADER"]
    assert levels([entry(t) for t in titles]) == [1, 1, 2, 9, 2, 2, 1]
    assert levels([entry("Behandling"), entry("Politiets rolle")]) == [9, 9]  # unnumbered: all alike


def test_the_title_and_its_wrapped_lines_are_not_parts_of_the_document() -> None:
    title = "Utredningsoppdrag – politiets rolle og straffereaksjoner for bruk og besittelse av narkotika"
    assert of_title(entry("UTREDNINGSOPPDRAG - POLITIETS ROLLE OG STRAFFEREAKSJONER"), title)
    assert of_title(entry("FOR BRUK OG BESITTELSE AV NARKOTIKA"), title)
    assert not of_title(entry("1. INNLEDNING"), title)
    assert not of_title(entry("Rolle"), title)  # too short to tell


def test_only_the_title_lines_that_open_the_outline_are_left_out() -> None:
    title = "Rusreformen og behandling – innspill"
    text = "RUSREFORMEN OG\n\nBEHANDLING – INNSPILL\n\nInnledning\n\nEn tekst om reformen her.\n\nBehandling\n\n"
    text += "En tekst om behandling her.\n\nSlutt\n\nEn siste tekst om reformen her."
    found = [e.title for e in outline([passage_chunk(text, title=title)])]
    assert found == ["Innledning", "Behandling", "Slutt"]  # a later heading the title holds is a part


def test_the_parts_asked_for() -> None:
    titles = ["1. INNLEDNING", "2. TILTAK", "a) Samtaler", "Om samtalene", "b) Skolen", "3. KOSTNADER"]
    guide = Guide(
        doc_id="d", title="Rapport", file_name="r.txt", lang="nb", version=1, outline=[entry(t) for t in titles]
    )
    assert [e.title for e in parts(guide, StructureRequest(False, None))] == titles
    assert [e.title for e in parts(guide, StructureRequest(True, None))] == [
        "1. INNLEDNING",
        "2. TILTAK",
        "3. KOSTNADER",
    ]
    assert [e.title for e in parts(guide, StructureRequest(False, "tiltak"))] == ["a) Samtaler", "b) Skolen"]
    assert parts(guide, StructureRequest(False, "kostnader")) == []  # no parts under it
    assert parts(guide, StructureRequest(False, "fiskeri")) == []  # no such part


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "structure", {"ungdom.txt": REPORT}))


@pytest.mark.slow
def test_an_uploaded_reports_chapters_each_cited_as_its_heading(upload: Assistant) -> None:
    answer = upload.ask("Which chapters does the report have?")
    assert not answer.refused and "structure" in answer.debug
    chapters = ["1. INNLEDNING", "2. TILTAK OG METODER", "3. KOSTNADER", "4. AVSLUTTENDE BEMERKNINGER"]
    assert [c.quote for c in answer.citations] == chapters
    every = upload.ask("Which sections and headings does the report have?")
    assert [c.quote for c in every.citations][:3] == [
        "1. INNLEDNING",
        "2. TILTAK OG METODER",
        "a) Forebyggende samtaler",
    ]
    assert len(every.citations) == 7
    doc = next(iter(upload.index.documents))
    raw = upload.index.raw_texts.get(doc)
    assert raw is not None
    for c in answer.citations:
        assert raw[c.raw_start : c.raw_end] == c.quote  # the heading's own span
        assert f"| {c.quote} | " in answer.text and f"[{c.marker}] |" in answer.text
    main = upload.ask("List the main numbered chapters of the report.")
    assert [c.quote for c in main.citations] == chapters
    counted = upload.ask("Hvor mange kapitler har rapporten?")
    assert counted.text.startswith("4 overskrifter i *")
    points = upload.ask("Hvilke underpunkter har kapittelet om tiltak og metoder i rapporten?")
    assert [c.quote for c in points.citations] == [
        "a) Forebyggende samtaler",
        "b) Oppfølging i skolen",
        "c) Fritidstilbud",
    ]
    assert points.text.startswith("3 overskrifter i *")


@pytest.mark.slow
def test_a_question_about_what_a_chapter_says_goes_to_the_reader(upload: Assistant) -> None:
    answer = upload.ask("Hvor mye koster tiltakene ifølge kapittelet om kostnader i rapporten?")
    assert "structure" not in answer.debug
    assert not answer.refused and "6 millioner kroner" in answer.text


def report_in_word() -> bytes:
    """The report as Word writes it: chapters in "Heading 1", their parts in "Heading 2", no
    numbers in the headings' text."""
    paragraphs: list[tuple[str, str | None]] = [("Rapport om ungdomskriminalitet i Vestby", "Title")]
    for block in REPORT.split("\n\n")[1:]:
        text = block.strip()
        if text[:2] in ("1.", "2.", "3.", "4."):
            paragraphs.append((text[3:].capitalize(), "Heading 1"))
        elif text[:2] in ("a)", "b)", "c)"):
            paragraphs.append((text[3:], "Heading 2"))
        elif text:
            paragraphs.append((text, None))
    return word_document(paragraphs)


@pytest.mark.slow
def test_an_overview_names_the_chapters_not_every_heading(upload: Assistant) -> None:
    answer = upload.ask("What is this document about?")
    assert "overview" in answer.debug
    assert "Innledning · Tiltak og metoder · Kostnader · Avsluttende bemerkninger" in answer.text
    assert "Forebyggende samtaler" not in answer.text  # a point of a chapter


def report_in_pdf() -> bytes:
    """The report as a word processor prints it: no numbers in the headings, chapters at 16 pt
    and their parts at 14 over the body's 12, the title at 20."""
    from evals.formats import Sized, pdf_bytes

    lines: list[str | tuple[str, ...]] = [Sized("Rapport om ungdomskriminalitet i Vestby", 20)]
    for block in REPORT.split("\n\n")[1:]:
        text = block.strip()
        if text[:2] in ("1.", "2.", "3.", "4."):
            lines.append(Sized(text[3:].capitalize(), 16))
        elif text[:2] in ("a)", "b)", "c)"):
            lines.append(Sized(text[3:], 14))
        elif text:
            lines += textwrap.wrap(text, 80)
    return pdf_bytes([lines])


@pytest.fixture(scope="module", params=["docx", "pdf"])
def rendered_upload(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> Assistant:
    """The report as Word saves it (heading styles) and as a word processor prints it (sizes)."""
    data = report_in_word() if request.param == "docx" else report_in_pdf()
    files = {f"ungdom.{request.param}": data}
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, f"structure-{request.param}", files))


@pytest.mark.slow
def test_a_reports_chapters_are_its_first_level_headings_without_numbers(rendered_upload: Assistant) -> None:
    chapters = ["Innledning", "Tiltak og metoder", "Kostnader", "Avsluttende bemerkninger"]
    answer = rendered_upload.ask("Which chapters does the report have?")
    assert "structure" in answer.debug and [c.quote for c in answer.citations] == chapters
    points = rendered_upload.ask("Hvilke underoverskrifter har kapittelet om tiltak og metoder i rapporten?")
    assert [c.quote for c in points.citations] == ["Forebyggende samtaler", "Oppfølging i skolen", "Fritidstilbud"]


@pytest.mark.parametrize(
    ("block", "heading"),
    [
        ("a) Forebyggende strategier", True),
        ("b) Bøtesoning.", True),  # a lettered heading may close with a point
        ("c) Personer idømt ubetinget fengsel for bruk og besittelse av narkotika .", True),
        ("d)Omfang av ransaking, visitasjon og bortvisning", True),  # no space after the letter, as a PDF gives it
        ("3. KOSTNADER", True),
        ("Dette er en setning.", False),  # no label: a sentence of its own
        ("a) Politiet skal sørge for at alle saker blir behandlet raskt og at brukerne får hjelp.", False),  # too long
        ("a) hva som skjer.", False),  # no capital after the label
        ("Forelegg:", False),
    ],
)
def test_what_reads_as_a_heading(block: str, heading: bool) -> None:
    assert is_heading(block) is heading
