"""Verification applies to the extractive backend too, and lets its answers through unchanged.

The first tests use hand-made passages; the last runs ``verify`` over real extractive
answers from the seed index (a sample of the evaluation questions, with every question
on the Arbeiderpartiet document, whose answers carry the majority/minority notes)."""

from __future__ import annotations

import json

import pytest

from assistant.api import Assistant, engine_notes
from assistant.citations import make_citation
from assistant.followup import standalone_query
from assistant.models import Answer
from assistant.verify import is_note, verify
from tests.conftest import ROOT
from tests.llm.passages import make_hits

DATASET = ROOT / "evals" / "datasets" / "policy_qa.jsonl"


def cited(text: str, hits) -> Answer:
    citations = [make_citation(n, hit, 0, len(hit.chunk.text)) for n, hit in enumerate(hits, start=1)]
    return Answer(question="q", text=text, citations=citations, lang="da")


# ---------------------------------------------------------------- notes


@pytest.mark.parametrize(
    "text",
    [
        "(This is the minority's dissent in the document, not the majority text.)",
        "(Dette er mindretallets dissens i dokumentet, ikke flertallets tekst.)",
        "*Merk: dette er mindretallets dissens i dokumentet.*",
        "_Note: the document also contains a minority dissent._",
        "(Bemærk: dette er flertallets tekst (ikke dissensen).)",
    ],
)
def test_notes_in_parentheses_or_italics(text):
    assert is_note(text)


@pytest.mark.parametrize(
    "text",
    [
        "Blå Kors mener at straff ikke hjelper.",
        "(a) Blå Kors mener noe (b) og noe annet.",
        "**26,4 mio. kr.** — ifølge *Kampen mod narko II* [1].",
        "*Kampen mod narko II* (Regeringen, 2010) [1]:",
        "()",
    ],
)
def test_ordinary_sentences_are_not_notes(text):
    assert not is_note(text)


def test_note_line_without_marker_is_kept_and_answer_stays_grounded():
    hits = make_hits("prisoners")
    text = (
        "**26,4 mio. kr.** — ifølge *Kampen mod narko II* [1].\n"
        "(Dette er mindretallets dissens i dokumentet, ikke flertallets tekst.)\n"
        "\n"
        "> “Der afsættes 26,4 mio. kr. i 2011–2014 til behandling af indsatte i fængslerne.” [1]"
    )
    checked = verify(cited(text, hits), hits)
    assert checked.text == text and checked.grounded and checked.warnings == []


def test_a_note_with_an_unsupported_figure_is_still_removed():
    hits = make_hits("prisoners")
    text = "**26,4 mio. kr.** — ifølge *Kampen mod narko II* [1].\n(Beløbet blev senere 999 mio. kr.)"
    checked = verify(cited(text, hits), hits)
    assert "999" not in checked.text and any("999" in w for w in checked.warnings)


def test_uncited_claim_outside_a_note_is_still_removed():
    hits = make_hits("prisoners")
    text = "Der afsættes 26,4 mio. kr. til indsatte [1].\nRegeringen vil forbyde hash i hele Europa."
    checked = verify(cited(text, hits), hits)
    assert "Europa" not in checked.text
    assert any("without a citation" in w for w in checked.warnings)


def test_engine_notes_pass_when_given():
    hits = make_hits("prisoners")
    note = "Dette er flertallets tekst; dokumentet indeholder også en dissens fra et mindretal."
    text = f"Der afsættes 26,4 mio. kr. til indsatte [1].\n{note}"
    assert note not in verify(cited(text, hits), hits).text  # an uncited claim, unless it is the engine's note
    assert verify(cited(text, hits), hits, notes=[note]).text == text


def test_renumber_false_keeps_a_complete_numbering():
    hits = make_hits("prisoners", "fines")
    text = (
        "Der afsættes 26,4 mio. kr. [2].\n\n"
        "> “I 2017 ble det ilagt 33.000 forelegg.” [1]\n"
        "> “Der afsættes 26,4 mio. kr.” [2]"
    )
    answer = cited(text, [hits[1], hits[0]])
    kept = verify(answer, [hits[1], hits[0]], renumber=False)
    assert kept.text == text and [c.marker for c in kept.citations] == [1, 2]
    assert kept.citations[1].chunk_id == hits[0].chunk.chunk_id
    renumbered = verify(answer, [hits[1], hits[0]])
    assert renumbered.text.startswith("Der afsættes 26,4 mio. kr. [1].")
    assert renumbered.citations[0].chunk_id == hits[0].chunk.chunk_id


def test_untouched_lines_keep_their_spacing_and_punctuation():
    hits = make_hits("fines")
    text = '> “"… I 2017 ble det ilagt 33.000 forelegg , ifølge politiet .” [1]'
    checked = verify(cited(text, hits), hits)
    assert checked.text == text


# ---------------------------------------------------------------- real extractive answers


def sample_questions() -> list[dict]:
    items = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [it for i, it in enumerate(items) if it["id"].startswith("ap-") or i % 6 == 0]


@pytest.mark.slow
def test_real_extractive_answers_pass_verification_unchanged(seed_index, seed_index_settings):
    assistant = Assistant(seed_index_settings, index=seed_index)
    notes = engine_notes()
    checked_answers = 0
    for item in sample_questions():
        query, info = standalone_query(item["question"], item["history"])
        hits = assistant.retrieve(query, None, None, None)
        raw = assistant.extractive.answer(item["question"], info, hits, query)
        # checked as the API checks it: against the passages the engine read (the retrieved ones,
        # and for the learned reader the passages next to them, which it quotes across an edge)
        checked = verify(raw, assistant.extractive.passages_read(hits), renumber=False, notes=notes)
        assert checked.text == raw.text, item["id"]
        assert checked.citations == raw.citations, item["id"]
        assert checked.grounded, item["id"]
        assert checked.warnings == raw.warnings, item["id"]
        assert checked.related == raw.related, item["id"]
        checked_answers += not raw.refused
    assert checked_answers >= 15


@pytest.mark.slow
def test_the_api_verifies_extractive_answers(seed_index, seed_index_settings):
    """A minority-dissent answer (a note line without a marker, two quotes) through the API."""
    assistant = Assistant(seed_index_settings, index=seed_index)
    question = "Hva foreslår mindretallet i Arbeiderpartiet om avkriminalisering?"
    query, info = standalone_query(question, [])
    raw = assistant.extractive.answer(question, info, assistant.retrieve(query, None, None, None), query)
    answer = assistant.ask(question)
    assert answer.text == raw.text and answer.citations == raw.citations
    assert answer.grounded and answer.backend == "extractive"
