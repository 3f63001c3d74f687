"""A conversation's question that nothing in its words marks as a follow-up is searched alone,
and one that is marked ("Og hvilken dag var det?") carries the last question's subject. Until
stop 65 a question refused alone was read again with the last question's subject; over the
3,752 development questions that answered none right and 4 unanswerable ones wrongly. Over texts
written for the test, as uploads are."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from tests.conftest import corpus_settings

pytestmark = pytest.mark.slow  # a real index with the real embedding model

SHIP = """Cruiseskipet Nordlys fikk motorstopp på Hustadvika

Cruiseskipet Nordlys fikk motorstopp utenfor Hustadvika lørdag ettermiddag med 900 passasjerer om bord.
Mannskapet fikk i gang to av de fire motorene etter flere timer.
Redningsselskapet fulgte skipet hele natten.
Ved 16-tiden søndag la Nordlys endelig til kai i Molde, 26 timer etter motorstoppet.
Alle passasjerene var i god behold, opplyser rederiet.
"""

PARK = """Strid om tomten på Tøyen

Aksjonsgruppen «Ja til park på Tøyen» krever at hele den gamle bussgarasjen blir park.
Kommunen vil bygge 300 boliger på tomten.
Det er eiendomsselskapet Bygg Tøyen AS som eier tomten i dag.
Gruppen har samlet 4000 underskrifter.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, shared_cache) -> Assistant:
    files = {"nordlys.txt": SHIP, "toyen.txt": PARK}
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "unmarked", files))


def test_an_unmarked_question_refused_alone_is_searched_alone(assistant: Assistant) -> None:
    first = "Hvor la Nordlys til kai etter motorstoppet på Hustadvika?"
    question = "Hvilken dag var fartøyet i havn?"  # names the ship by its kind: no word marks it
    earlier = assistant.ask(first)
    answer = assistant.ask(question, history=[first, earlier])
    assert answer.refused, answer.text
    assert answer.query == question and answer.debug["rewrite"] == "none"


def test_a_marked_followup_carries_the_last_questions_subject(assistant: Assistant) -> None:
    first = "Hvor la Nordlys til kai etter motorstoppet på Hustadvika?"
    earlier = assistant.ask(first)
    answer = assistant.ask("Og hvilken dag var det?", history=[first, earlier])
    assert not answer.refused, answer.text
    assert "Ved 16-tiden søndag la Nordlys endelig til kai" in answer.text, answer.text
    assert "Nordlys" in answer.query and answer.debug["rewrite"] == "carry-subject"


def test_a_question_answerable_alone_keeps_its_own_words(assistant: Assistant) -> None:
    first = "Hvor la Nordlys til kai etter motorstoppet på Hustadvika?"
    earlier = assistant.ask(first)
    answer = assistant.ask("Hvem eier tomten på Tøyen i dag?", history=[first, earlier])
    assert not answer.refused, answer.text
    assert "Bygg Tøyen AS" in answer.text
    assert answer.query == "Hvem eier tomten på Tøyen i dag?"  # nothing of the ship carried
    assert answer.debug["rewrite"] == "none"


def test_a_question_naming_what_no_text_mentions_is_not_carried(assistant: Assistant) -> None:
    first = "Hvor la Nordlys til kai etter motorstoppet på Hustadvika?"
    earlier = assistant.ask(first)
    question = "Hvor mange passasjerer har Hurtigruten hvert år?"  # another subject, in no text
    answer = assistant.ask(question, history=[first, earlier])
    assert answer.refused, answer.text
    assert answer.query == question and answer.debug["rewrite"] == "none"
