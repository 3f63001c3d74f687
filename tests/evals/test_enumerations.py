"""The enumeration gold (evals/datasets/enumerations.jsonl) and its scoring (evals/enumerations.py)."""

from __future__ import annotations

from evals import enumerations
from evals.enumerations import GoldSentence, score


def test_the_gold_items_are_spans_of_their_sentences() -> None:
    gold = enumerations.load()
    assert len(gold) == 572 and len({g.id for g in gold}) == 572
    assert sum(g.looked_at for g in gold) == 40
    for g in gold:
        assert g.enumeration == bool(g.items), g.id
        assert not g.items or len(g.items) >= 3, g.id
        for item in g.items:
            assert item in g.sentence, (g.id, item)


GOLD = [
    GoldSentence(
        id="a",
        doc="d",
        sentence="Vi kjøpte epler, pærer og plommer.",
        enumeration=True,
        items=["epler", "pærer", "plommer"],
    ),
    GoldSentence(id="b", doc="d", sentence="Han kom, så og vant i går.", enumeration=True, items=["kom", "så", "vant"]),
    GoldSentence(id="c", doc="d", sentence="Hun smilte, men sa ingenting og gikk.", enumeration=False, items=[]),
]


def spans_of(items: dict[str, list[str]]) -> enumerations.Splitter:
    """A splitter that gives, for a sentence, the spans of the strings listed for it."""
    by_sentence = {g.sentence: items.get(g.id, []) for g in GOLD}

    def split(sentence: str) -> list[tuple[int, int]]:
        return [(sentence.index(w), sentence.index(w) + len(w)) for w in by_sentence[sentence]]

    return split


def test_scores_count_sentences_found_and_items_matched_exactly() -> None:
    perfect = score(spans_of({"a": ["epler", "pærer", "plommer"], "b": ["kom", "så", "vant"]}), GOLD)
    assert (perfect.detect_precision, perfect.detect_recall, perfect.item_f1, perfect.all_items_right) == (1, 1, 1, 2)
    # one enumeration missed, one false one found, one item too long; an item's punctuation aside
    rough = score(
        spans_of({"a": ["Vi kjøpte epler", "pærer", "plommer."], "c": ["smilte", "sa ingenting", "gikk"]}), GOLD
    )
    assert rough.detect_precision == 0.5 and rough.detect_recall == 0.5
    assert rough.item_precision == 2 / 6 and rough.item_recall == 2 / 6
    assert rough.all_items_right == 0
    assert score(lambda s: [], GOLD).item_f1 == 0.0
