"""The index in a real `chroma run` server (ASSISTANT_CHROMA_URL): build, ask, server down, restart.

Starts the `chroma` command of the virtual environment on a free loopback port, builds the
seed index through the app into it, asks a question, stops the server (the app must say so
with a VectorStoreError, not fail somewhere deep inside chromadb or httpx), starts it again
on the same path and port, and checks that the reopened index is the same build with the
same answer: nothing was lost and nothing was rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.api import Assistant
from retrieval.index import Index, read_current
from retrieval.store import VectorStoreError
from tests.chroma_server import CHROMA, ChromaServer, free_port
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

QUESTION = "Hvor mange narkotikarelaterede dødsfald var der i 2009?"


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma command at {CHROMA}")
    server = ChromaServer(tmp_path / "chroma-server", free_port(), tmp_path / "chroma.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def embedding_cache(shared_cache: Path) -> Path:
    """The session's embedding cache (warm when the core index tests ran first)."""
    return shared_cache


def answer_facts(answer) -> tuple[str, list[tuple[str, str]]]:
    return answer.text, [(c.chunk_id, c.quote) for c in answer.citations]


def test_index_in_a_chroma_server_survives_a_restart(tmp_path, embedding_cache, chroma_server):
    settings = make_settings(tmp_path / "data", embedding_cache, chroma_url=chroma_server.url)

    index = Index.open(settings)
    info = read_current(settings)
    assert info is not None and info.n_chunks > 0
    assert not (settings.index_dir / "chroma").exists()  # the vectors went to the server, not embedded
    assistant = Assistant(settings, index=index)
    first = assistant.ask(QUESTION)
    assert not first.refused and first.citations
    assert any("276" in c.quote or "276" in c.passage for c in first.citations)

    chroma_server.stop()
    with pytest.raises(VectorStoreError, match="not reachable.*chroma run"):
        Index.open(settings)
    with pytest.raises(VectorStoreError, match="not reachable.*chroma run"):
        assistant.ask(QUESTION)  # an assistant opened before the server went away

    chroma_server.start()  # same path, same port
    reopened = Index.open(settings)
    assert reopened.info.build_id == info.build_id  # loaded, not rebuilt
    assert read_current(settings) == info
    again = Assistant(settings, index=reopened).ask(QUESTION)
    assert answer_facts(again) == answer_facts(first)
    assert answer_facts(assistant.ask(QUESTION)) == answer_facts(first)  # the old one recovers too
