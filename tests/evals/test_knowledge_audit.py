"""The knowledge audit's parts: which entries a question fires, and taking entries out for a while."""

from __future__ import annotations

from pathlib import Path

from assistant import question as question_module
from assistant.question import analyze_question
from evals.dataset import EvalItem
from evals.knowledge_audit import (
    fired,
    glossary_without,
    item_aliases,
    item_head_words,
    item_lexicon_words,
    item_phrases,
    lexicon_without,
    synonyms_without,
)
from retrieval import glossary
from retrieval.glossary import expansion_terms
from retrieval.manifest import load_manifest


def test_fired_lists_the_forms_expansion_uses_longest_first():
    assert fired("How many drug users were fined?") == [("drug", "users"), ("fined",)]
    assert fired("Hvor mange brukere?") == []


def test_item_phrases_include_the_conversation_once():
    item = EvalItem(id="x", question="And the fines?", history=["How many fines for drug use?"])
    assert item_phrases(item) == [("fines",), ("drug", "use")]


def test_glossary_without_takes_forms_out_and_puts_them_back():
    before = dict(glossary.GLOSSARY)
    assert "politi" in expansion_terms("police")
    with glossary_without([("police",)]):
        assert expansion_terms("police") == []
        assert "kokain" in expansion_terms("cocaine")
    with glossary_without(None):
        assert expansion_terms("police cocaine") == []
    assert before == glossary.GLOSSARY


def test_lexicon_words_are_the_ones_no_glossary_phrase_covers_and_come_out_and_back():
    item = EvalItem(id="x", question="Who did the police meet on Monday evening?")
    words = item_lexicon_words(item)
    assert "monday" in words and "evening" in words and "police" not in words  # the glossary has "police"
    assert "kveld" in expansion_terms(item.question)
    with lexicon_without(["evening"]):
        assert "kveld" not in expansion_terms(item.question) and "mandag" in expansion_terms(item.question)
    with lexicon_without(None):
        assert "mandag" not in expansion_terms(item.question) and "politi" in expansion_terms(item.question)
    assert "kveld" in expansion_terms(item.question)


def test_synonyms_of_the_counted_thing_come_out_and_back():
    item = EvalItem(id="x", question="Hvor mange brukere ble bøtelagt?")
    assert item_head_words(item) == ["brukere"]
    assert "misbrukere" in analyze_question(item.question).head_words
    with synonyms_without(["brukere"]):
        assert "misbrukere" not in analyze_question(item.question).head_words
    assert "misbrukere" in question_module.HEAD_SYNONYMS["brukere"]


def test_item_aliases_name_the_alias_not_the_title_or_author():
    docs = load_manifest(Path(__file__).resolve().parents[2] / "seeds").documents
    assert item_aliases(EvalItem(id="x", question="What does Blue Cross say about fines?"), docs) == ["Blue Cross"]
    # the title names the document, but it is not an alias
    assert item_aliases(EvalItem(id="x", question="Hva står i Innspill til Rusreformutvalget?"), docs) == []
