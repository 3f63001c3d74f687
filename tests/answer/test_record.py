"""Who wrote a document and when it is dated come from the library's record (assistant/record.py)."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.record import record_request, short_author, spelled_date
from tests.question_sets import training_and_dev_items


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Who wrote the Labour Party document?", "author"),
        ("Who is the author of the report?", "author"),
        ("Who is behind this document?", "author"),
        ("Hvem står bak høringsinnspillet fra Blå Kors?", "author"),
        ("Hvem har skrevet dokumentet?", "author"),
        ("Hvem er forfatteren af handlingsplanen?", "author"),
        ("Hvem har utarbeidet rapporten?", "author"),
        ("When was the police report published?", "date"),
        ("What year was the police directorate's report published?", "date"),
        ("When was this document written?", "date"),
        ("Hvornår blev handlingsplanen udgivet?", "date"),
        ("Når ble rapporten publisert?", "date"),
        ("Hvilket år kom innspillet ut?", "date"),
    ],
)
def test_wordings_that_ask_for_a_documents_author_or_date(question: str, field: str) -> None:
    assert record_request(question) == field


@pytest.mark.parametrize(
    "question",
    [
        # the signatories, and the people who wrote it, are in the text
        "Hvem har skrevet under på brevet fra POD til Rusreformutvalget?",
        "Who are the named authors of the KFK/SFK input?",
        # about a part of a document, or a thing a text is about
        "When was the dissent in the Labour document written?",
        "Hvem stod bag dissensen i Arbeiderpartiets udtalelse?",
        "Who published Min nordiske reise as a book?",
        "Who is behind Evil Corp?",
        "When was the film Divergent released?",
        "Who wrote the law?",
        # delivered or adopted is not written or published
        "Hvornår og til hvem afleverede ekspertpanelet sin redegørelse?",
        "Hvilket år ble Aps rusreformdokument vedtatt på landsmøtet?",
        "What does the report say about who wrote the guidelines?",
    ],
)
def test_wordings_that_do_not(question: str) -> None:
    assert record_request(question) is None


def test_no_question_of_the_training_and_dev_sets_is_taken_for_one() -> None:
    items = list(training_and_dev_items())
    assert len(items) > 1800
    for name, item in items:
        assert record_request(item.question) is None, (name, item.id, item.question)


def test_a_records_date_and_author_as_a_reader_writes_them() -> None:
    assert spelled_date("2010-10", "en") == "October 2010"
    assert spelled_date("2010-10", "da") == "oktober 2010"
    assert spelled_date("2019-01-14", "nb") == "14. januar 2019"
    assert spelled_date("2019-01-14", "en") == "14 January 2019"
    assert spelled_date("2021", "nb") == "2021"
    assert spelled_date(None, "en") == ""
    assert short_author("Regeringen (Socialministeriet, Justitsministeriet)") == "Regeringen"
    assert short_author("Kompetansesenter (KFK) og Sekretariatet (SFK)") == "Kompetansesenter og Sekretariatet"


@pytest.mark.slow
def test_on_the_seeds_the_record_answers_and_the_text_names_the_author(seed_index_settings, seed_index) -> None:
    assistant = Assistant(seed_index_settings)
    labour = assistant.ask("Who wrote the Labour Party document?")
    assert labour.debug["record"] == "author: ap-sosialdemokratisk-rusreform" and not labour.refused
    assert "is by Arbeiderpartiet" in labour.text and len(labour.citations) == 1
    cited = labour.citations[0]
    assert cited.doc_id == "ap-sosialdemokratisk-rusreform" and "Arbeiderpartiet" in cited.quote
    raw = assistant.index.raw_texts.get(cited.doc_id)
    assert raw is not None and " ".join(raw[cited.raw_start : cited.raw_end].split()) == " ".join(cited.quote.split())
    # a signed document: its signatures are quoted
    plan = assistant.ask("Who wrote the Danish action plan?")
    assert plan.debug["record"] == "author: kampen-mod-narko-ii" and "It is signed by:" in plan.text
    assert any("Bertel Haarder" in c.quote for c in plan.citations)
    # the year of the record, not one the text mentions ("i løpet av 2018")
    report = assistant.ask("What year was the police directorate's report published?")
    assert report.debug["record"] == "date: politidirektoratet-utredning"
    assert "2019" in report.text and "2018" not in report.text and not report.citations
    plan = assistant.ask("Hvornår blev handlingsplanen udgivet?")
    assert "oktober 2010" in plan.text and plan.lang == "da"
    # no date in the record: said, not guessed
    blue = assistant.ask("When was this document written?", doc_ids=["blaa-kors-rusreformen"])
    assert "gives no date" in blue.text and not any(ch.isdigit() for ch in blue.text)
    # naming none: every document's record
    every = assistant.ask("Who wrote the report?")
    assert every.debug["record"].count(",") == len(assistant.index.documents) - 1
    assert every.text.count("\n- ") == len(assistant.index.documents)
    # the signatories are the reader's
    signed = assistant.ask("Hvem har skrevet under på brevet fra POD til Rusreformutvalget?")
    assert "record" not in signed.debug
