"""The glossary audit's parts: which forms a question fires, and taking forms out for a while."""

from __future__ import annotations

from evals.dataset import EvalItem
from evals.glossary_audit import fired, glossary_without, item_phrases
from retrieval import glossary
from retrieval.glossary import expansion_terms


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
