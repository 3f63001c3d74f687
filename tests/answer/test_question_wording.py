"""Words of a question that name no condition of the answer, over texts written for the test as
uploads are: "mindretallet" in a text without a dissent is a word of the text, and "på
1920-tallet" is met by any year of the decade."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.extractive import missing_years
from assistant.question import analyze_question
from tests.conftest import corpus_settings

pytestmark = pytest.mark.slow  # a real index with the real embedding model

MINORITY = """Svensktalende i Finland

Den svensktalende minoriteten utgjør i dag om lag fem prosent av befolkningen i Finland.
Mindretallet lanserte slagordet «Svenska i dag» som en protest mot russifiseringen av landet.
Den økonomiske krisen i landbruket startet i 1925 og ble forverret etter krakket i 1929.
Mange småbruk ble lagt ned i de årene som fulgte.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, shared_cache) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "wording", {"finland.txt": MINORITY}))


def test_a_minority_in_a_text_without_a_dissent_is_a_word_of_the_text(assistant: Assistant) -> None:
    answer = assistant.ask("Hvilket slagord lanserte mindretallet mot russifiseringen?")
    assert not answer.refused, answer.text
    assert "«Svenska i dag»" in answer.text


def test_a_decade_is_met_by_a_year_of_it(assistant: Assistant) -> None:
    answer = assistant.ask("Når startet krisen i landbruket på 1920-tallet?")
    assert not answer.refused, answer.text
    assert "startet i 1925" in answer.text


def test_a_decade_or_century_in_the_question() -> None:
    q = analyze_question("Når startet krisen på 1920-tallet?")
    assert q.kind == "date" and q.years == ["1920"]
    assert missing_years(q, "Krisen startet i 1925.", "", "krisen startet i 1925.") == []
    assert missing_years(q, "Krisen startet i 1935.", "", "krisen startet i 1935.") == ["1920"]
    assert analyze_question("Hva skjedde på 1900-tallet?").kind == "other"  # "-tallet" is no count
    century = analyze_question("Hvor mange bøker kom ut på 1900-tallet?")
    assert century.kind == "count" and missing_years(century, "Det kom 40 bøker i 1954.", "", "") == []
    assert missing_years(analyze_question("Hvor mange døde i 2009?"), "Det døde 40 i 2008.", "", "") == ["2009"]


def test_a_figure_dated_by_its_own_sentence_is_of_that_year() -> None:
    """The sentence before a figure may give its year ("Tilsvarende tall for 2018 var hhv. 55 …" /
    "… 200 (av 807)"), but not when the figure's own sentence dates it by another."""
    q = analyze_question("Hvor mange saker gjaldt narkotika i 2018?")
    before = "Tilsvarende tall for 2018 var hhv. 55 saker og 472 saker, totalt 527 saker."
    assert missing_years(q, "I 2017 var det 152 saksforhold (av 557) som gjaldt narkotika.", before, "") == ["2018"]
    assert missing_years(q, "Av disse gjaldt 200 (av 807) narkotika.", before, "") == []
    # a count that looks like a year dates nothing ("2058 påtaleunnlatelser")
    assert missing_years(q, "Tallene er henholdsvis 7522 forelegg og 2058 påtaleunnlatelser.", before, "") == []
    assert missing_years(q, "Saksmengden steg fra 400 i 2016 til 527 i 2019.", before, "") == ["2018"]
    assert missing_years(q, "I perioden 2016-2019 ble det registrert 527 saker.", before, "") == []


def test_a_sentence_names_a_year_by_counting_from_another_or_from_its_reports_year():
    """An annual report writes "Ved årets udgang var 4.318 forbrugere tilsluttet" and "87,4 mio. kr.
    i 2023 mod 92,1 mio. kr. året før": the figure asked for 2023, or for 2022, is there."""
    from assistant.extractive import relative_years
    from assistant.reader.conditions import document_year

    assert document_year("Egelund Fjernvarme a.m.b.a.\n\nÅrsrapport 2023 (uddrag)") == "2023"
    assert document_year("Lindå Fjernvarme\n\nÅrsberetning 2024 og investeringsplan 2025–2028") == "2024"
    assert document_year("Annual Evaluation Report 2023–24") == ""  # a financial year is no one year
    assert document_year("Bygda krever tunnel – fylket vil bygge rasoverbygg") == ""
    consumers = analyze_question("How many consumers were connected at the end of 2023?")
    end = "Ved udgangen af året var 4.318 forbrugere tilsluttet nettet, mod 4.105 ved udgangen af 2022."
    assert missing_years(consumers, end, "", "", "2023") == []
    assert missing_years(consumers, end, "", "") == ["2023"]  # an undated document: no year is "året"
    turnover = "Selskabets nettoomsætning udgjorde 87,4 mio. kr. i 2023 mod 92,1 mio. kr. året før."
    assert relative_years(turnover) == {"2022"}
    assert missing_years(analyze_question("Hvad omsatte selskabet for i 2022?"), turnover, "", "") == []
    # "året før" counts from the sentence's own time, not from the report's year
    assert relative_years("Ved årets udgang var 6.840 tilsluttet, 212 flere end året før.", "2024") == {"2024"}
    assert relative_years("Last year 214 people died.", "2024") == {"2023"}
