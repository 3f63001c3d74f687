"""LexicalIndex: BM25 search, spelling variants, glossary expansion, persistence, seeds."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from retrieval.glossary import GLOSSARY, expand_query, expansion_terms
from retrieval.lexical import META_FILE, LexicalIndex, LexicalIndexError

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

PASSAGES = {
    "dk-deaths": "Antallet af narkotikarelaterede dødsfald er steget fra 239 i 2008 til 276 i 2009.",
    "dk-users": "Det skønnede antal stofmisbrugere er steget fra 28.000 til 33.000 fra 2005 til 2009.",
    "dk-prison": "Regeringen afsætter 26,4 mio. kr. til behandling af indsatte i fængslerne.",
    "no-nemd": "Vi foreslår at saken sendes til nemda, og at nemder får et tydelig mandat.",
    "no-youth": "Ungdomsstraff og ungdomsoppfølging gjennomføres av konfliktrådet for unge lovbrytere.",
    "no-police": "Politiet registrerte 4\u202f400 saker om bruk og besittelse, 55 prosent av alle saker.",
    "no-portugal": "Portugal avkriminaliserte bruk av narkotika i 2001 og ga helsetjenesten ansvaret.",
    "no-reform": "Rusreformen gir ungdom tettere oppfølging, ikke straff.",
}


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex().fit(list(PASSAGES), list(PASSAGES.values()))


def top_id(index: LexicalIndex, query: str, **kwargs: bool) -> str | None:
    hits = index.search(query, k=3, **kwargs)
    return hits[0][0] if hits else None


def test_search_returns_ids_best_first_with_positive_scores(index: LexicalIndex) -> None:
    hits = index.search("narkotikarelaterede dødsfald", k=10)
    assert hits[0][0] == "dk-deaths"
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    assert len(index.search("narkotika", k=1)) == 1
    assert len(index.search("narkotika", k=1000)) <= len(index) == len(PASSAGES)


def test_empty_and_stopword_only_queries_return_nothing(index: LexicalIndex) -> None:
    assert index.search("") == []
    assert index.search("og det er ikke, the of") == []
    assert index.search("zzzzqqqq") == []
    assert index.search("narkotika", k=0) == []


def test_norwegian_query_finds_danish_passage(index: LexicalIndex) -> None:
    assert top_id(index, "narkotikarelaterte dødsfall", expand=False) == "dk-deaths"
    assert top_id(index, "fengsler innsatte", expand=False) == "dk-prison"


def test_numbers_written_differently_meet(index: LexicalIndex) -> None:
    for query in ("28 000 stofmisbrugere", "28,000", "28.000"):
        assert top_id(index, query) == "dk-users"
    assert top_id(index, "4400 saker") == "no-police"
    assert top_id(index, "26.4 million") == "dk-prison"
    assert top_id(index, "55 %") == "no-police"


def test_spelling_variant_query_finds_typo_in_passage(index: LexicalIndex) -> None:
    assert "nemnd" not in PASSAGES["no-nemd"]
    assert top_id(index, "nemnd", expand=False) == "no-nemd"
    assert top_id(index, "nemnda", expand=False) == "no-nemd"
    assert index.search("nemnd")[0][1] < index.search("nemda")[0][1]  # a variant weighs less
    assert index.search("xyznd") == []


def test_compound_parts_are_searchable(index: LexicalIndex) -> None:
    assert top_id(index, "ungdomsoppfølging", expand=False) == "no-youth"
    # "ungdom", "oppfølging", "straff" are corpus words (no-reform), so the compounds split
    for part in ("oppfølging", "straff"):
        assert {hit for hit, _ in index.search(part, expand=False)} == {"no-youth", "no-reform"}


def test_english_question_uses_glossary_only_when_expanding(index: LexicalIndex) -> None:
    assert top_id(index, "How many drug-related deaths were there?") == "dk-deaths"
    assert top_id(index, "treatment of prisoners") == "dk-prison"
    assert top_id(index, "decriminalisation in Portugal") == "no-portugal"
    assert index.search("treatment of prisoners", expand=False) == []


def test_query_terms_weights(index: LexicalIndex) -> None:
    terms = index.query_terms("How many deaths?")
    assert terms and max(terms.values()) < 1.0  # only glossary terms matched
    assert index.query_terms("dødsfald")
    assert set(index.query_terms("dødsfald").values()) == {1.0}


def test_glossary_expansion_is_text() -> None:
    assert expand_query("prison deaths").startswith("prison deaths ")
    assert {"fængsel", "fengsel", "dødsfald", "dødsfall"} <= set(expand_query("prison deaths").split())
    assert expand_query("Hvor mange dødsfall?") == "Hvor mange dødsfall?"
    assert "skadereduksjon" in expansion_terms("harm reduction")
    assert "skade" not in expansion_terms("harm reduction")  # the phrase wins over its words
    assert len(set(GLOSSARY.values())) >= 100


def test_fit_validates_input() -> None:
    with pytest.raises(ValueError, match="ids"):
        LexicalIndex().fit(["a"], ["x", "y"])
    with pytest.raises(ValueError, match="unique"):
        LexicalIndex().fit(["a", "a"], ["x", "y"])


def test_empty_index_and_terms_free_corpus() -> None:
    assert LexicalIndex().search("narkotika") == []
    assert len(LexicalIndex().fit([], [])) == 0
    stop_only = LexicalIndex().fit(["a", "b"], ["og det er", "the of"])
    assert len(stop_only) == 2
    assert stop_only.search("narkotika") == []


def test_save_load_round_trip(index: LexicalIndex, tmp_path: Path) -> None:
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded is not index
    assert len(loaded) == len(index)
    assert loaded.ids == index.ids
    assert loaded.decompounder.vocabulary == index.decompounder.vocabulary
    for query in ("narkotikarelaterte dødsfall", "nemnd", "4 400", "treatment of prisoners", "oppfølging"):
        assert loaded.search(query, k=5) == index.search(query, k=5)
        assert loaded.search(query, k=5)


def test_save_load_empty_index(tmp_path: Path) -> None:
    LexicalIndex().fit(["a"], ["og"]).save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert len(loaded) == 1
    assert loaded.search("og narkotika") == []


@pytest.fixture()
def saved(index: LexicalIndex, tmp_path: Path) -> Path:
    index.save(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", [META_FILE, "vocab.index.json", "params.index.json", "indptr.csc.index.npy"])
def test_missing_file_is_named(saved: Path, name: str) -> None:
    (saved / name).unlink()
    with pytest.raises(LexicalIndexError, match=name.replace(".", r"\.")):
        LexicalIndex.load(saved)


@pytest.mark.parametrize("name", [META_FILE, "vocab.index.json", "data.csc.index.npy"])
def test_corrupt_file_is_named(saved: Path, name: str) -> None:
    path = saved / name
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(LexicalIndexError, match=name.replace(".", r"\.")):
        LexicalIndex.load(saved)


def test_outdated_or_inconsistent_index_is_rejected(saved: Path) -> None:
    meta = json.loads((saved / META_FILE).read_text(encoding="utf-8"))
    (saved / META_FILE).write_text(json.dumps({**meta, "format_version": 0}), encoding="utf-8")
    with pytest.raises(LexicalIndexError, match="format_version"):
        LexicalIndex.load(saved)
    (saved / META_FILE).write_text(json.dumps({**meta, "ids": meta["ids"][:-1]}), encoding="utf-8")
    with pytest.raises(LexicalIndexError, match="ids"):
        LexicalIndex.load(saved)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(LexicalIndexError, match=META_FILE):
        LexicalIndex.load(tmp_path / "nowhere")
    with pytest.raises(ValueError):  # callers catching ValueError for damaged data rebuild
        LexicalIndex.load(tmp_path / "nowhere")


def seed_windows(size: int = 40, step: int = 40) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    texts: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for start in range(0, len(lines), step):
            ids.append(f"{path.name[:3]}:{start + 1}")
            texts.append("\n".join(lines[start : start + size]))
    return ids, texts


@pytest.fixture(scope="module")
def seeds() -> tuple[LexicalIndex, dict[str, str]]:
    ids, texts = seed_windows()
    return LexicalIndex().fit(ids, texts), dict(zip(ids, texts, strict=True))


@pytest.mark.parametrize(
    ("query", "document", "must_contain"),
    [
        ("narkotikarelaterte dødsfall 2009", "000", "276"),
        ("How many drug-related deaths were there in 2009?", "000", "276"),
        ("Blå Kors 112-årige historie", "002", "112-årige"),
        ("ungdomsstraff konfliktråd 2017", "004", "ungdomsstraff"),
        ("nemnd", "002", "nemd"),
        ("4 400", "004", "4400"),
    ],
)
def test_seed_retrieval(
    seeds: tuple[LexicalIndex, dict[str, str]], query: str, document: str, must_contain: str
) -> None:
    index, texts = seeds
    best = index.search(query, k=5)[0][0]
    assert best.startswith(document)
    assert must_contain in texts[best].replace("\u202f", " ").replace("4 400", "4400").lower()


def test_query_latency_on_a_thousand_passages() -> None:
    ids, texts = seed_windows(size=8, step=4)
    assert len(ids) > 900
    index = LexicalIndex().fit(ids, texts)
    queries = [
        "narkotikarelaterte dødsfall 2009",
        "Hvilke tiltak foreslår Arbeiderpartiet for unge under 23 år som blir tatt for besittelse?",
        "What does Blå Kors say about decriminalisation of drug users and prisoners?",
        "nemnd",
    ]
    for query in queries:
        index.search(query)
    timings = []
    for _ in range(20):
        for query in queries:
            start = time.perf_counter()
            index.search(query)
            timings.append(time.perf_counter() - start)
    assert float(np.median(timings)) < 0.01  # measured ~0.15 ms; generous bound for shared CI cores


def test_the_glossary_is_a_well_formed_data_file() -> None:
    """retrieval/data/glossary_en_da_nb.tsv: "forms<TAB>targets" per line (or a # comment), each
    entry once, every entry with English forms and Danish/Norwegian targets."""
    from retrieval.glossary import GLOSSARY_PATH

    entries = [
        line for line in GLOSSARY_PATH.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    ]
    assert len(entries) > 150
    forms = [line.split("\t")[0] for line in entries]
    assert len(forms) == len(set(forms))
    for line in entries:
        assert line.count("\t") == 1, line
        english, targets = line.split("\t")
        assert english.strip() and targets.split(), line
