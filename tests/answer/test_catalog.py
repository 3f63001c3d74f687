"""'Which documents do you have?' answered from the index's records, with the real seed index;
and the wordings that ask it, and those that ask about a topic in the documents."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.catalog import catalog_request
from tests.question_sets import training_and_dev_items


@pytest.mark.parametrize(
    "question",
    [
        "Which documents do you have?",
        "What documents are there?",
        "Which files have been uploaded?",
        "List the documents",
        "Show me all the documents you have",
        "What's in the library?",
        "Hvilke dokumenter har du?",
        "Hvilke dokumenter finnes?",
        "Hvilke tekster er lastet opp?",
        "Hvilke kilder kan du svare fra?",
        "Hvilke dokumenter findes der?",
        "Nævn dokumenterne",
    ],
)
def test_wordings_that_ask_for_the_library(question: str) -> None:
    assert catalog_request(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which documents discuss harm reduction?",  # a topic: a comparison
        "Hvilke dokumenter nevner Portugal?",
        "List the documents' budget lines",
        "What documents does the police report refer to?",
        "Which reports are cited by Blå Kors?",
    ],
)
def test_wordings_about_a_topic_in_the_documents(question: str) -> None:
    assert not catalog_request(question)


def test_no_question_of_the_training_and_dev_sets_is_taken_for_one() -> None:
    for name, item in training_and_dev_items():
        assert not catalog_request(item.question), (name, item.id, item.question)


@pytest.mark.slow
def test_the_library_in_the_questions_language_within_the_filter(seed_index_settings, seed_index) -> None:
    assistant = Assistant(seed_index_settings)
    every = assistant.ask("Which documents do you have?")
    assert not every.refused and every.lang == "en" and every.text.startswith("I answer from 5 documents:")
    rows = [line for line in every.text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == len(assistant.index.documents) == 5
    plan = next(row for row in rows if "Kampen mod narko II" in row)
    assert "| 2010 | Danish |" in plan and plan.rstrip(" |").split("|")[-1].strip().isdigit()  # its pages
    both = assistant.ask("Hvilke dokumenter finnes?", doc_ids=["blaa-kors-rusreformen", "kfk-sfk-innspill"])
    assert both.debug["catalog"] == "blaa-kors-rusreformen, kfk-sfk-innspill"
    assert "| Tittel | Av | År | Språk | Sider |" in both.text and "Blå Kors Norge" in both.text
    assert "Kampen mod narko" not in both.text
