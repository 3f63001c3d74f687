"""Greetings, thanks and "what can you do?": a reply on what the assistant does, with the real
seed index; and the messages that are questions after all."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.smalltalk import smalltalk
from tests.question_sets import training_and_dev_items


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Hei!", "greeting"),
        ("hi there", "greeting"),
        ("God morgen", "greeting"),
        ("Thanks!", "thanks"),
        ("thanks, thats all for today", "thanks"),
        ("ok tak", "thanks"),
        ("Tusen takk for hjelpen!", "thanks"),
        ("What can you do?", "help"),
        ("Hva kan du hjelpe meg med?", "help"),
        ("Hvad kan du egentlig?", "help"),
        ("hei! kan du hjelpe meg med noe?", "help"),
        ("hello, can you help me?", "help"),
        ("hvad hedder du?", "help"),
    ],
)
def test_messages_that_ask_nothing_of_the_documents(message: str, kind: str) -> None:
    assert smalltalk(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "Tak over hodet for rusavhengige?",  # "tak": a roof in Norwegian
        "Hei, hva mener Blå Kors om avkriminalisering?",
        "Thanks! And what about 2018?",
        "Hjelp til rusavhengige i fengsel?",
        "Hva kan du fortelle om Portugal-modellen?",
        "Can you help me find the budget for treatment?",
        "What can you tell me about harm reduction?",
    ],
)
def test_messages_that_are_questions(message: str) -> None:
    assert smalltalk(message) is None


def test_of_the_training_and_dev_sets_only_small_talk_is_taken_for_it() -> None:
    taken: list[str] = []
    for name, item in training_and_dev_items():
        if smalltalk(item.question):
            assert not item.answerable and name.startswith("offtopic"), item.question
            taken.append(item.question)
    assert "hi there" in taken and "ok tak" in taken and "What can you do?" in taken


@pytest.mark.slow
def test_the_reply_says_what_the_assistant_does_and_cites_nothing(seed_index_settings, seed_index) -> None:
    assistant = Assistant(seed_index_settings)
    assistant.build_guides()
    hello = assistant.ask("Hei!")
    # no answer from the documents: a refusal, without "related material"
    assert hello.refused and not hello.citations and not hello.related and hello.lang == "nb"
    assert hello.text.startswith("Hei! Jeg svarer på spørsmål om de 5 dokumentene")
    suggested = [line[2:] for line in hello.text.splitlines() if line.startswith("- ")]
    assert 1 <= len(suggested) <= 3 and not any("dokumentet" in s for s in suggested)
    for question in suggested:  # the suggestions are answered
        assert not assistant.ask(question).refused, question
    thanks = assistant.ask("Thanks!")
    assert thanks.refused and thanks.text == "You're welcome. Ask again whenever you like."
    help_ = assistant.ask("What can you do?", doc_ids=["blaa-kors-rusreformen"])
    assert help_.debug["smalltalk"] == "help" and help_.text.startswith(
        "I answer questions about the document you chose"
    )
