from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrieval.chunking import DocInfo, chunk_document, index_text, split_sentences
from retrieval.cleaning import clean_document
from retrieval.dedup import find_duplicates
from retrieval.linejoin import Vocabulary
from retrieval.loaders import load_document
from retrieval.tokens import count_tokens, install_bpe_files
from retrieval.types import Chunk

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def chunks_000() -> tuple[list[Chunk], str]:
    files = sorted(SEEDS.glob("*.txt"))
    vocab = Vocabulary(f.read_text(encoding="utf-8") for f in files)
    loaded = load_document(SEEDS / "000_b5b70e48cfbf0eb5.txt", doc_id="k2")
    cleaned = clean_document(loaded, vocab)
    info = DocInfo("k2", loaded.file_name, "Kampen mod narko II", "da", loaded.text)
    return chunk_document(cleaned, info, max_tokens=160), loaded.text


def test_tiktoken_works_offline_from_shipped_files(tmp_path, monkeypatch):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    target = install_bpe_files()
    assert target == tmp_path and len(list(tmp_path.iterdir())) == 2
    assert count_tokens("Kampen mod narko") > 0


# each case: the sentences, in order, that split_sentences finds in their text joined by spaces
SPLIT_CASES = {
    "abbreviations and ordinals": [
        "Der afsættes 26,4 mio. kr. i perioden 2011-2014.",
        "Udvalget blev nedsat 15. november 2018.",
        "Se kap. 7 for mere.",
    ],
    "Scandinavian abbreviations before a number or a name": [
        "Tilsvarende tall for 2018 var hhv. 55 saker og 472 saker.",
        "Det gjelder bl.a. Oslo og f.eks. Bergen.",
        "Se § 3, stk. 2 i loven.",
        "Møtet er kl. 14 i dag.",
        "Han vant gull i OL.",  # capitals: a name, not "ol."
        "Byer m.fl.",  # closes an enumeration: ends the sentence as often as not
        "Det er nytt.",
    ],
    "initials": ["Han spilte med D.W. Griffith og H. C. Andersen.", "Det var i 1919."],
}


@pytest.mark.parametrize("case", sorted(SPLIT_CASES))
def test_sentence_split_keeps_abbreviations_ordinals_and_initials_inside_sentences(case: str):
    sentences = SPLIT_CASES[case]
    text = " ".join(sentences)
    assert [text[a:b] for a, b in split_sentences(text)] == sentences


def test_chunks_fit_the_token_budget_and_end_at_sentences(chunks_000):
    chunks, _ = chunks_000
    assert all(c.n_tokens <= 160 for c in chunks)
    assert all(count_tokens(c.text) <= 170 for c in chunks)  # joins add a few tokens at most
    ends = sum(1 for c in chunks if re.search(r"[.!?:»”)]$", c.text.strip()))
    assert ends / len(chunks) > 0.9


def test_chunk_metadata_points_into_the_raw_file(chunks_000):
    chunks, raw = chunks_000
    for c in chunks:
        span = raw[c.raw_start : c.raw_end]
        first_word = re.findall(r"\w{4,}", c.text)[0]
        assert span.replace("\n", " ").find(first_word) < 20  # the span starts where the passage starts
        assert raw.count("\n", 0, c.raw_start) + 1 == c.line_start
        assert raw.count("\n", 0, c.raw_end - 1) + 1 == c.line_end
        assert c.page is not None and c.page <= (c.page_end or c.page)


def test_duplicate_boxes_are_indexed_once(chunks_000):
    chunks, _ = chunks_000
    prison = [c for c in chunks if "26,4 mio. kr." in c.text]
    assert len(prison) == 1
    assert prison[0].section == "Yderligere misbrugsbehandling af indsatte"
    assert prison[0].also_at  # the later copies are recorded, not indexed
    model = [c for c in chunks if "24 mio. kr." in c.text]
    assert len(model) == 1


def test_same_amount_different_initiatives_keep_their_names(chunks_000):
    chunks, _ = chunks_000
    one_million = [c for c in chunks if re.search(r"\b1 mio\. kr\.", c.text) and "2011" in c.text]
    sections = {c.section for c in one_million}
    assert len(one_million) >= 3 and len(sections) >= 3
    assert "God ungebehandling" in sections


def test_chunks_never_cross_sections(chunks_000):
    chunks, _ = chunks_000
    for c in chunks:
        assert "Regeringen vil søge tilslutning" not in c.text or c.text.count("Regeringen vil søge tilslutning") == 1


def test_index_text_carries_title_and_section(chunks_000):
    chunks, _ = chunks_000
    c = next(c for c in chunks if c.section)
    assert index_text(c).startswith(f"Kampen mod narko II — {c.section}\n")


def test_find_duplicates_on_blocks():
    from retrieval.types import Block

    text = "Regeringen vil afsætte 26,4 mio. kr. i perioden 2011-2014 til behandling af indsatte i fængslerne."
    blocks = [
        Block(text=text, clean_start=0, clean_end=1, raw_start=0, raw_end=1, line_start=1, line_end=1),
        Block(
            text="Noget helt andet om forebyggelse blandt unge i kommunerne og skolerne i Danmark i dag.",
            clean_start=0,
            clean_end=1,
            raw_start=0,
            raw_end=1,
            line_start=2,
            line_end=2,
        ),
        Block(text=text, clean_start=0, clean_end=1, raw_start=0, raw_end=1, line_start=3, line_end=3),
    ]
    assert find_duplicates(blocks) == {2: 0}


def test_every_sentence_of_a_passage_maps_to_its_raw_span(chunks_000):
    chunks, raw = chunks_000
    for c in chunks:
        for a, b in split_sentences(c.text):
            start, end = c.raw_span(a, b)
            sentence, original = c.text[a:b], raw[start:end]
            letters = re.sub(r"\W", "", sentence)
            it = iter(re.sub(r"\W", "", original))
            assert all(ch in it for ch in letters), (c.chunk_id, sentence[:50])
            assert sentence[:1] == original[:1]  # the span starts exactly where the sentence does


def test_a_quote_is_cited_on_the_page_it_stands_on(tmp_path):
    """A passage that runs over a PDF's page break: each of its sentences is cited on the page the
    loader read it from (counted from the page breaks before it), not on the passage's first."""
    from assistant.citations import make_citation
    from evals.formats import render
    from retrieval.chunking import split_sentences
    from retrieval.loaders import PAGE_SEPARATOR
    from retrieval.types import Hit
    from tests.evals.test_formats import TEXT

    path = tmp_path / "plan.pdf"
    path.write_bytes(render(TEXT, "pdf-small-pages"))
    loaded = load_document(path)
    info = DocInfo("plan", loaded.file_name, "Trafikksikkerhet i kommunen", "nb", loaded.text)
    chunks = chunk_document(clean_document(loaded), info, max_tokens=160)
    over = [c for c in chunks if c.page_end != c.page]
    assert len(over) >= 5 and all(c.page_breaks for c in over)
    later = 0
    for chunk in over:
        hit = Hit(chunk, 1.0, 1, 1, 1)
        for a, b in split_sentences(chunk.text):
            cite = make_citation(1, hit, a, b, raw_text=loaded.text)
            first = loaded.text.count(PAGE_SEPARATOR, 0, cite.raw_start) + 1
            last = loaded.text.count(PAGE_SEPARATOR, 0, cite.raw_end) + 1
            assert cite.page == first, cite.quote
            assert cite.pages == (str(first) if last == first else f"{first}–{last}"), cite.quote
            later += first > chunk.page
        passage = make_citation(1, hit, 0, len(chunk.text))  # without the raw text: the passage's first page
        assert passage.page == chunk.page and passage.page_end is None
    assert later >= 5  # quotes on a passage's later page, which had been cited on its first


def test_a_bulleted_line_with_a_figure_is_a_sentence_a_heading_is_not():
    """A budget line written as a bullet without a full stop ("- Teacher training …: DKK 420 million")
    is read like any sentence; a short line without one, numbered or not, stays a heading."""
    from retrieval.chunking import passage_sentences

    text = (
        "3. Budget\n\nFunds are allocated as follows:\n\n- Teacher training and classroom materials: DKK 420 million"
        "\n\n- Research: DKK 80 million\n\n– Perfekt match\n\n2. KRIMINALSTATISTIKK 2017"
    )
    assert [text[a:b] for a, b in passage_sentences(text)] == [
        "Funds are allocated as follows:",
        "- Teacher training and classroom materials: DKK 420 million",
        "- Research: DKK 80 million",
    ]
