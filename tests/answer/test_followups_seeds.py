"""Follow-ups on the shipped documents through the API, offline (extractive backend)."""

from __future__ import annotations

import pytest

from assistant.api import Assistant

pytestmark = pytest.mark.slow  # the real seed index

AP = "ap-sosialdemokratisk-rusreform"
BLUE_CROSS = "blaa-kors-rusreformen"


@pytest.fixture(scope="module")
def assistant(seed_index_settings, seed_index) -> Assistant:
    return Assistant(seed_index_settings, index=seed_index)


def doc_ids(assistant: Assistant, answer) -> set[str]:
    return {assistant.index.chunks[c.chunk_id].doc_id for c in answer.citations}


@pytest.mark.parametrize(
    ("first", "followup"),
    [
        ("Hva mener Blå Kors om sprøyterom?", "Og Arbeiderpartiet?"),
        ("What does Blue Cross think about drug consumption rooms?", "And the Labour Party?"),
    ],
)
def test_a_followup_naming_another_document_asks_that_document(assistant: Assistant, first: str, followup: str):
    earlier = assistant.ask(first)
    answer = assistant.ask(followup, history=[first, earlier])
    assert not answer.refused, answer.text
    assert doc_ids(assistant, answer) == {AP}, answer.text  # not Blå Kors, whom the first question named
    query = answer.query or ""
    assert followup.rstrip("?") in query and ("sprøyterom" in query or "consumption rooms" in query), query
    assert "Blå Kors" not in query and "Blue Cross" not in query, query  # the subject carries, the name not
