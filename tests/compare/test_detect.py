"""Which chat questions ask for a comparison, and the topic taken from them (no index needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.compare.detect import comparison_request
from evals.dataset import DATASETS, load_dataset


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Hva mener de ulike høringsinstansene om avkriminalisering?", "avkriminalisering"),
        ("Which of the organisations support decriminalising use?", "decriminalising use"),
        ("Compare what Blå Kors and Arbeiderpartiet say about the police's role.", "police's role"),
        ("Sammenlign dokumentene på forebygging", "forebygging"),
        ("Hvad siger dokumenterne om behandling af indsatte?", "behandling af indsatte"),
        ("Hvilke organisasjoner støtter brukerdoser?", "brukerdoser"),
        ("What do the documents say about harm reduction?", "harm reduction"),
        ("Sammenlikn synspunktene om straff i de ulike innspillene.", "straff"),
        (
            "Which documents discuss supervised injection rooms, and are they for or against them?",
            "supervised injection rooms",
        ),
        ("Hvilke af dokumenterne tager kokainmisbrug op, og hvad siger de?", "kokainmisbrug"),
        ("Står der noget i dokumenterne om klageadgang?", "klageadgang"),
        ("Compare how the documents deal with open drug scenes in cities.", "open drug scenes in cities"),
        ("Which organisations support decriminalising use?", "decriminalising use"),
        ("Hvilke partier vil avkriminalisere bruk?", "avkriminalisere bruk"),
    ],
)
def test_comparison_questions_and_their_topic(question: str, topic: str) -> None:
    request = comparison_request(question)
    assert request is not None
    assert request.topic == topic


def test_two_named_documents_with_a_verb_of_opinion_make_a_comparison() -> None:
    question = "Hva mener Blå Kors og Arbeiderpartiet om sprøyterom?"
    assert comparison_request(question, named_documents=1) is None
    request = comparison_request(question, named_documents=2)
    assert request is not None and request.topic == "sprøyterom" and request.how == "named"


@pytest.mark.parametrize(
    "question",
    [
        "Hvor mange narkotikarelaterede dødsfald var der i 2009?",
        "What does Blå Kors think about prevention?",  # one document: the reader answers it
        "Hvad sammenlignes i BMI?",  # passive: not a request to compare
        "Compared to 2008, how many deaths were there in 2009?",
        "Hvem står bak dokumentet?",
        "Hvilke tiltak vil regjeringen iverksette?",
        "Which two organisations jointly sent the input?",  # a fact about two authors, not their positions
        "Which existing arrangement does Blå Kors compare its follow-up to?",
        "Hvor mange tiltak nævner dokumenterne?",  # a figure
        # a group word that belongs to one author: after a genitive or a possessive ...
        "Hvilke temaoverskrifter er Blå Kors' innspill om rusreformen delt inn i?",
        "Hvor lang historie viser Blå Kors til i sitt innspill om rusreformen?",
        "What does KFK's submission say about sanctions?",
        "Hvad skriver SKAT om kontrol i sit høringssvar?",  # Danish possessives: "sit", "hendes"
        "Hvad skriver ministeren om behandling i hendes høringssvar?",
        # ... or the object of a question asked of a name
        "Which organisations does SKAT work with on drug smuggling?",
        "Hvilke aktører vil Arbeiderpartiet samarbeide med om forebygging?",
        "Hvilke instanser mener Blå Kors bør sitte i nemnda?",
    ],
)
def test_other_questions_are_not_comparisons(question: str) -> None:
    assert comparison_request(question) is None


def test_no_question_of_the_answer_datasets_is_taken_for_a_comparison() -> None:
    """Over 1,900 real questions written for single answers (policy, NorQuAD translations,
    training sets): at most one in a thousand may be routed to a comparison."""
    files = ["policy_qa.jsonl", "policy_paraphrases.jsonl", "policy_train.jsonl", "norquad_en.jsonl"]
    files += ["norquad_da.jsonl", "norquad_extra.jsonl"]
    questions = [i.question for f in files for i in load_dataset(Path(DATASETS) / f)]
    routed = [q for q in questions if comparison_request(q) is not None]
    assert len(questions) > 1500
    assert len(routed) <= len(questions) // 1000, routed
