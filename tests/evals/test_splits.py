"""The frozen splits: what the rules give, what the files hold, and the pinned test content."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import (
    DEFAULT_DATASET,
    NORQUAD_DA,
    NORQUAD_EN,
    NORQUAD_EXTRA,
    OFFTOPIC_DEV,
    OFFTOPIC_TRAIN,
    PARAPHRASES,
    POLICY_TRAIN,
    POLICY_TRAIN2,
    EvalItem,
    load_dataset,
)
from evals.gate import DEFAULT_NORQUAD_DIR, load_subset, select_norquad_subset
from evals.splits import (
    NORQUAD_SPLIT,
    POLICY_SPLIT,
    SplitError,
    SplitTable,
    append_batch,
    halves,
    is_test_only,
    norquad_split,
    original_id,
    policy_split,
    read_split,
    select,
    sha1,
    split_digest,
    split_of,
)

# sha256 of the policy test split (policy_qa.jsonl + policy_paraphrases.jsonl items in test,
# canonical JSON sorted by id: evals.splits.split_digest). Any change to a test item, or to
# which items are test, changes it: update it only on purpose, and say so in the review.
POLICY_TEST_DIGEST = "cb02e275eb5f5278635d015e4c5bf278ef215ca7f671580b6f9f2610fb9690cc"

POLICY = load_dataset(DEFAULT_DATASET)
PARA = load_dataset(PARAPHRASES)
NORQUAD_VAL = DEFAULT_NORQUAD_DIR / "norquad-val.jsonl"
needs_norquad = pytest.mark.skipif(not NORQUAD_VAL.exists(), reason=f"NorQuAD not at {DEFAULT_NORQUAD_DIR}")


def item(id_: str, lang: str = "en", type_: str = "factual", **kw: object) -> EvalItem:
    return EvalItem.model_validate({"id": id_, "question": "?", "lang": lang, "type": type_, **kw})


def test_policy_test_content_is_pinned() -> None:
    assert split_digest("test") == POLICY_TEST_DIGEST, (
        "the policy test split changed; if on purpose, set POLICY_TEST_DIGEST to " + split_digest("test")
    )


def test_policy_split_file_is_the_rule_and_covers_every_item() -> None:
    frozen = read_split(POLICY_SPLIT)
    assert frozen is not None and set(frozen) == {"dev", "test"}
    dev, test = set(frozen["dev"]), set(frozen["test"])
    assert not dev & test and dev | test == {i.id for i in POLICY}
    # the originals: the rule, as written
    originals = [i for i in POLICY if not is_test_only(i.id)]
    assert policy_split(originals) == {
        "dev": [i for i in frozen["dev"]],
        "test": [i for i in frozen["test"] if not is_test_only(i)],
    }
    # later items: every one in test
    assert all(i.id in test for i in POLICY if is_test_only(i.id))
    assert sum(is_test_only(i.id) for i in POLICY) == 56
    # balanced within each (lang, type) stratum of the originals
    for key in {(i.lang, i.type) for i in originals}:
        stratum = [i.id for i in originals if (i.lang, i.type) == key]
        n_dev = sum(i in dev for i in stratum)
        assert n_dev - (len(stratum) - n_dev) in (0, 1), key


def test_derived_items_follow_their_original() -> None:
    by_id = {i.id: i for i in POLICY}
    table = SplitTable.load(POLICY_SPLIT)
    for p in PARA:
        assert p.id.endswith("-p") and original_id(p.id) in by_id, p.id
        assert split_of(PARAPHRASES, p) == table.of(by_id[original_id(p.id)])
    # every factual item (dev or test) has a paraphrase
    paraphrased = {original_id(p.id) for p in PARA}
    assert {i.id for i in POLICY if i.type == "factual"} <= paraphrased
    for lang_file in (NORQUAD_EN, NORQUAD_DA):
        items = load_dataset(lang_file)
        suffix = "-" + lang_file.stem.rsplit("_", 1)[1]
        assert all(i.id.endswith(suffix) and i.lang == suffix[1:] for i in items)


@needs_norquad
def test_translations_exist_for_every_original_they_claim() -> None:
    originals = {i.id: i for i in load_dataset(NORQUAD_VAL)}
    for lang_file in (NORQUAD_EN, NORQUAD_DA):
        for t in load_dataset(lang_file):
            o = originals.get(original_id(t.id))
            assert o is not None, t.id
            assert (t.doc, t.span, t.answerable) == (o.doc, o.span, o.answerable), t.id
            assert split_of(lang_file, t) == split_of(NORQUAD_VAL, o)


def test_select_partitions_the_datasets() -> None:
    dev, test = select(POLICY, DEFAULT_DATASET, "dev"), select(POLICY, DEFAULT_DATASET, "test")
    assert len(dev) + len(test) == len(POLICY) and select(POLICY, DEFAULT_DATASET, "all") == POLICY
    assert select(POLICY, DEFAULT_DATASET, "train") == []
    en = load_dataset(NORQUAD_EN)
    nq_dev, nq_train = select(en, NORQUAD_EN, "dev"), select(en, NORQUAD_EN, "train")
    assert len(nq_dev) + len(nq_train) == len(en) and select(en, NORQUAD_EN, "test") == []
    assert {i.doc for i in nq_dev if i.doc}.isdisjoint({i.doc for i in nq_train if i.doc})
    assert sum(not i.answerable for i in nq_dev) == 21
    with pytest.raises(SplitError, match="no split file"):
        select(POLICY, Path("other.jsonl"), "dev")
    with pytest.raises(SplitError, match="unknown split"):
        select(POLICY, DEFAULT_DATASET, "validation")
    with pytest.raises(SplitError, match="in no split"):
        split_of(DEFAULT_DATASET, item("zz-999"))


def test_norquad_split_file_halves_documents_and_unanswerables() -> None:
    frozen = read_split(NORQUAD_SPLIT)
    assert frozen is not None
    assert set(frozen) == {"train", "dev", "unanswerable_train", "unanswerable_dev"}
    assert (len(frozen["train"]), len(frozen["dev"])) == (120, 120)
    assert (len(frozen["unanswerable_train"]), len(frozen["unanswerable_dev"])) == (21, 21)
    docs = frozen["train"] + frozen["dev"]
    assert halves(docs) == (sorted(frozen["train"], key=sha1), sorted(frozen["dev"], key=sha1))


SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def _words(i: EvalItem) -> str:
    """A question with its conversation, letters and digits only ("Which age group?" follows
    different questions in different items)."""
    text = " | ".join([*i.history, i.question]).lower()
    return " ".join("".join(ch for ch in text if ch.isalnum() or ch.isspace()).split())


def test_training_only_sets_stay_clear_of_what_is_evaluated() -> None:
    """policy_train*.jsonl and norquad_extra.jsonl fit the reader: they ask nothing the policy test
    split asks, their quotes are in their documents, and they use only the NorQuAD train texts."""
    table = SplitTable.load(POLICY_SPLIT)
    tested = {_words(i) for i in [*POLICY, *PARA] if table.of(i) == "test"}
    seeds = {p.name: " ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS_DIR.glob("*.txt")}
    for path, prefix, n in ((POLICY_TRAIN, "tr-", 150), (POLICY_TRAIN2, "tr2-", 210)):
        train = load_dataset(path)
        assert len(train) >= n and sum(not i.answerable for i in train) >= 50
        assert all(i.id.startswith(prefix) for i in train)
        assert not {_words(i) for i in train} & tested
        for i in train:
            assert not i.answerable or " ".join(i.quote.split()) in seeds[i.doc or ""], i.id
    extra = load_dataset(NORQUAD_EXTRA)
    frozen = read_split(NORQUAD_SPLIT)
    assert frozen is not None
    assert {i.doc for i in extra if i.answerable} <= set(frozen["train"])
    assert {i.lang for i in extra} == {"no", "en", "da"}
    for i in extra:
        if i.answerable:
            assert i.span and i.span in i.quote


NORDIC_TRAIN = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "nordic_train"
NORDIC_BLIND = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "nordic_blind"


def test_nordic_training_sets_are_well_formed_and_about_texts_nothing_evaluates() -> None:
    """Each set of ``nordic_train`` asks 40 questions over its own three texts, mostly in English
    with near misses; every quote is in its text and holds its span and figures; no answer
    sentence is shared with the development sets (``nordic_blind``), either way."""
    sets = sorted(p.parent for p in NORDIC_TRAIN.glob("*/questions.jsonl"))
    assert len(sets) >= 8
    evaluated = " | ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in NORDIC_BLIND.glob("*/docs/*.txt"))
    dev_quotes = [
        " ".join(i.quote.split()) for p in NORDIC_BLIND.glob("*/questions.jsonl") for i in load_dataset(p) if i.quote
    ]
    assert len(dev_quotes) > 500
    for folder in sets:
        docs = {p.name: " ".join(p.read_text(encoding="utf-8").split()) for p in (folder / "docs").glob("*.txt")}
        assert len(docs) == 3, folder.name
        texts = " | ".join(docs.values())
        assert not [q for q in dev_quotes if q in texts], folder.name
        items = load_dataset(folder / "questions.jsonl")
        assert len(items) == 40 and all(i.id.startswith(f"{folder.name}-") for i in items)
        assert Counter(i.lang for i in items) == {"en": 26, "no": 7, "da": 7}, folder.name
        assert sum(not i.answerable for i in items) == 9, folder.name
        for i in items:
            assert i.doc in docs, i.id
            if i.answerable:
                quote = " ".join(i.quote.split())
                assert quote in docs[i.doc] and quote not in evaluated, i.id
                assert i.span and i.span in i.quote and all(n in i.quote for n in i.numbers), i.id


@needs_norquad
def test_norquad_split_file_is_the_rule() -> None:
    names = [p.name for p in (DEFAULT_NORQUAD_DIR / "docs").iterdir() if p.is_file()]
    assert norquad_split(names, load_dataset(NORQUAD_VAL)) == read_split(NORQUAD_SPLIT)


@needs_norquad
def test_norquad_gate_subset_is_the_rule() -> None:
    subset = load_subset().norquad
    assert subset is not None
    split = read_split(NORQUAD_SPLIT)
    assert split is not None
    items = load_dataset(NORQUAD_VAL)
    assert (subset.docs, subset.ids) == select_norquad_subset(items, split)
    assert len(subset.docs) == 20 and set(subset.docs) <= set(split["dev"])
    chosen = [i for i in items if i.id in set(subset.ids)]
    assert 40 <= len(chosen) <= 60 and sum(not i.answerable for i in chosen) == 6
    assert all(i.doc in subset.docs for i in chosen if i.answerable)


# ---- the rules on made-up items ------------------------------------------------------


def test_policy_rule_deals_dev_and_test_within_strata() -> None:
    items = [item(f"a-{n}", "da") for n in range(5)] + [item(f"b-{n}", "no", "opinion") for n in range(2)]
    split = policy_split(items + [item("t2-001")])
    assert "t2-001" in split["test"]
    for prefix, n_dev in (("a-", 3), ("b-", 1)):
        ordered = sorted((i.id for i in items if i.id.startswith(prefix)), key=sha1)
        assert [x for x in ordered if x in split["dev"]] == ordered[::2][:n_dev]


def test_freezing_keeps_assignments_and_adds_only_t2_items() -> None:
    frozen = {"dev": ["a-1"], "test": ["a-2"]}  # not what the rule would say: kept anyway
    items = [item("a-1"), item("a-2"), item("t2-001"), item("t2-002")]
    assert policy_split(items, frozen) == {"dev": ["a-1"], "test": ["a-2", "t2-001", "t2-002"]}
    with pytest.raises(SplitError, match="new items outside the frozen split: a-3"):
        policy_split([*items, item("a-3")], frozen)
    with pytest.raises(SplitError, match="no longer in the dataset: a-2"):
        policy_split([item("a-1")], frozen)


def test_norquad_rule() -> None:
    docs = [f"d{n}.txt" for n in range(5)]
    items = [item("u1", answerable=False, type_="unanswerable"), item("u2", answerable=False, type_="unanswerable")]
    split = norquad_split(docs, items)
    assert len(split["train"]) == 3 and len(split["dev"]) == 2
    assert sorted(split["train"] + split["dev"]) == docs
    assert sorted(split["unanswerable_train"] + split["unanswerable_dev"]) == ["u1", "u2"]
    assert original_id("nq-u1-en") == "nq-u1" and original_id("k2-001-p") == "k2-001"
    assert original_id("nq-12") == "nq-12"


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_append_batch_checks_then_appends_and_deletes(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "plan.txt").write_text("Antallet steg fra 239 i 2008\ntil 276 i 2009.", encoding="utf-8")
    target = _jsonl(tmp_path / "policy_qa.jsonl", [{"id": "k-1", "question": "q"}])
    good = {"id": "t2-001", "question": "?", "doc": "plan.txt", "quote": "fra 239 i 2008 til 276", "numbers": ["276"]}
    bad = {**good, "id": "t2-002", "quote": "fra 240 i 2008"}
    new = _jsonl(tmp_path / "policy_new.jsonl", [good, bad])
    with pytest.raises(SplitError, match="t2-002: quote not in plan.txt"):
        append_batch(new, target, None, seeds, test_only=True)
    assert new.exists() and len(load_dataset(target)) == 1  # nothing changed
    _jsonl(new, [good])
    assert append_batch(new, target, None, seeds, test_only=True) == 1
    assert not new.exists() and [i.id for i in load_dataset(target)] == ["k-1", "t2-001"]
    para = _jsonl(tmp_path / "para.jsonl", [{**good, "id": "t2-009-p"}])
    with pytest.raises(SplitError, match="t2-009-p: not <original>-p"):
        append_batch(para, tmp_path / "policy_qa.jsonl", load_dataset(target), seeds)
    wrong = _jsonl(tmp_path / "policy_new.jsonl", [{**good, "id": "x-1"}])
    with pytest.raises(SplitError, match="x-1: not a t2-"):
        append_batch(wrong, target, None, seeds, test_only=True)


def test_split_sizes() -> None:
    frozen = read_split(POLICY_SPLIT)
    assert frozen is not None
    langs = Counter(i.lang for i in POLICY if i.id in set(frozen["dev"]))
    assert all(n >= 25 for n in langs.values()), langs


def test_off_topic_questions_are_unanswerable_in_three_languages_and_dev_is_not_train() -> None:
    """offtopic_train.jsonl fits the reader; offtopic_dev.jsonl, written with it but about other
    things, is a slice of make eval."""
    train, dev = load_dataset(OFFTOPIC_TRAIN), load_dataset(OFFTOPIC_DEV)
    assert (len(train), len(dev)) == (90, 45)
    for items in (train, dev):
        assert all(not i.answerable and i.type == "unanswerable" and i.doc is None for i in items)
        assert Counter(i.lang for i in items) == {"en": len(items) // 3, "da": len(items) // 3, "no": len(items) // 3}
    assert not {_words(i) for i in train} & {_words(i) for i in dev}


def test_training_items_about_a_test_items_sentence_are_left_out() -> None:
    from assistant.reader.train import decontaminate

    sentence = "Antallet af narkotikarelaterede dødsfald i Danmark er steget fra 239 i 2008 til 276 i 2009."
    test = [
        item("t-1", quote=sentence, answerable=True, doc="a.txt"),
        item("t-2", question="Hvor mange hunde har tolden i Grønland?", answerable=False),
    ]
    train = [
        # another question, the same sentence (a part of it, run over a line break)
        item("x-1", question="How many?", quote="dødsfald i Danmark er steget fra\n239 i 2008 til 276", doc="a.txt"),
        item("x-2", question="Hvor mange?", quote="Det skønnede antal stofmisbrugere er steget.", doc="a.txt"),
        item("x-3", question="Hvor mange hunde har tolden i Grønland i dag?", answerable=False),
        item("x-4", question="Hvilket år blev planen vedtaget i Folketinget?", answerable=False),
    ]
    kept, dropped = decontaminate(train, test)
    assert dropped == ["x-1", "x-3"]
    assert [i.id for i in kept] == ["x-2", "x-4"]
