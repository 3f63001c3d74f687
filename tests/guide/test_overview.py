"""'What is this document about?' in the chat: answered from the guides' summaries, with the
real index, on an upload and on the seeds; and the wordings that ask for it, and those that do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.guide.overview import overview_request
from tests.conftest import corpus_settings
from tests.guide.test_guide import PLAN
from tests.question_sets import training_and_dev_items


@pytest.mark.parametrize(
    "question",
    [
        "What is this document about?",
        "What is the Labour Party document about?",
        "What's the report about?",
        "What does this document cover?",
        "Give me a summary of the Danish plan",
        "What are the main points of the report?",
        "Hva handler dokumentet om?",
        "Hva går innspillet ut på?",
        "Oppsummer dokumentet",
        "Kan du gi meg et sammendrag av utredningen?",
        "Hvad handler handlingsplanen om?",
        "Hvad er hovedpunkterne i rapporten?",
        "What are the main findings of the report?",
        "Hva er de viktigste funnene i utredningen?",
        "Hvad er handlingsplanens hovedkonklusioner?",
    ],
)
def test_wordings_that_ask_what_a_document_is_about(question: str) -> None:
    assert overview_request(question)


@pytest.mark.parametrize(
    "question",
    [
        "What does the document say about decriminalisation?",  # a topic
        "Summarise what Blå Kors says about the police",
        "Hva sier dokumentet om straff?",
        "What is Blå Kors worried about?",  # about a subject, not a document
        "Hva handler rusreformen om?",
        "Give me an overview of the budget lines",
        "What is the plan for treatment?",
        "What is this about?",  # "this" with several documents in scope
        "Hva er hovedfunnene i rapporten om åpne russcener?",  # the findings on a topic
        "What are the main findings of the follow-up evaluation?",  # of a part, no document word
        "What does the document say about “Ingen oversikt”?",  # a topic in quotes, whatever its words
        "Hva sier rapporten om «Overblik og status»?",
    ],
)
def test_wordings_that_do_not(question: str) -> None:
    assert not overview_request(question)


def test_pronouns_and_names_need_the_document_known() -> None:
    assert overview_request("What is this about?", one_in_scope=True)
    assert overview_request("Hva handler det om?", one_in_scope=True)
    assert overview_request("Oppsummer Blå Kors", names_document=True)
    assert not overview_request("Oppsummer Blå Kors")


def test_no_question_of_the_training_and_dev_sets_is_taken_for_one() -> None:
    items = list(training_and_dev_items())
    assert len(items) > 1800
    for name, item in items:
        assert not overview_request(item.question), (name, item.id, item.question)


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "overview", {"kystfisket.txt": PLAN}))


@pytest.mark.slow
@pytest.mark.parametrize("question", ["What is this document about?", "Hva handler dette om?"])
def test_an_uploaded_document_is_summarised_with_its_guides_quotes(upload: Assistant, question: str) -> None:
    doc = next(iter(upload.index.documents))
    guide = upload.guide(doc)
    answer = upload.ask(question)
    assert not answer.refused and answer.debug["overview"] == doc
    assert [c.quote for c in answer.citations] == [c.quote for c in guide.summary]
    assert [c.marker for c in answer.citations] == list(range(1, len(guide.summary) + 1))
    raw = upload.index.raw_texts.get(doc)
    assert raw is not None
    for c in answer.citations:
        assert f"“{c.quote}” [{c.marker}]" in answer.text
        assert " ".join(raw[c.raw_start : c.raw_end].split()) == " ".join(c.quote.split())
    assert "Rekruttering av unge fiskere" in answer.text  # its sections are named
    assert answer.lang == ("en" if question.startswith("What") else "nb")


@pytest.mark.slow
def test_on_the_seeds_the_document_is_found_by_name_or_title(seed_index_settings, seed_index) -> None:
    assistant = Assistant(seed_index_settings)
    plan = assistant.ask("Hvad handler handlingsplanen om?")  # the one document titled "Handlingsplan"
    assert plan.debug["overview"] == "kampen-mod-narko-ii" and plan.lang == "da"
    assert plan.text.startswith("*Kampen mod narko II") and "med dokumentets egne ord" in plan.text
    labour = assistant.ask("Summarise the Labour Party document")
    assert labour.debug["overview"] == "ap-sosialdemokratisk-rusreform"
    assert {c.doc_id for c in labour.citations} == {"ap-sosialdemokratisk-rusreform"}
    every = assistant.ask("What are these documents about?")  # a line per document
    assert every.debug["overview"].count(",") == len(assistant.index.documents) - 1
    assert len({c.doc_id for c in every.citations}) == len(assistant.index.documents)
    # a question about a topic in a document is the reader's
    topical = assistant.ask("What does the document say about decriminalisation?", doc_ids=["blaa-kors-rusreformen"])
    assert "overview" not in topical.debug and topical.citations
