"""The vector store: Chroma, embedded (PersistentClient) or a `chroma run` server (HttpClient)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings


class VectorStoreError(RuntimeError):
    """The vector store cannot be reached or is damaged; the message says what to do."""


def unreachable(chroma_url: str, exc: BaseException) -> VectorStoreError:
    return VectorStoreError(
        f"the Chroma server at {chroma_url} is not reachable ({type(exc).__name__}: {exc}). "
        "Start it with `chroma run --path DIR --host 127.0.0.1 --port 8000` "
        "or unset ASSISTANT_CHROMA_URL; answers resume as soon as it is back."
    )


def search_failed(chroma_url: str, directory: Path, exc: BaseException) -> VectorStoreError:
    """The error for a search that failed inside Chroma, saying what to do about it."""
    if chroma_url:
        return unreachable(chroma_url, exc)
    return VectorStoreError(
        f"the vector index in {directory} cannot be searched ({type(exc).__name__}: {exc}). "
        "Rebuild it with `assistant ingest --rebuild`."
    )


def connect(chroma_url: str, directory: Path) -> chromadb.ClientAPI:
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not url.hostname:
            raise VectorStoreError(f"ASSISTANT_CHROMA_URL={chroma_url!r} is not a URL like http://127.0.0.1:8000")
        try:
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=settings,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError variants
            raise unreachable(chroma_url, exc) from exc
        return client
    directory.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(directory), settings=settings)
    except Exception as exc:
        raise VectorStoreError(
            f"the vector index in {directory} cannot be opened ({type(exc).__name__}: {exc}). "
            "Rebuild it with `assistant ingest --rebuild`."
        ) from exc


def forget(directory: Path) -> None:
    """Drop chromadb's in-process cache entry for an embedded store (chromadb keeps one system
    per path, even one whose start failed), so the next client opens the folder afresh."""
    from chromadb.api.shared_system_client import SharedSystemClient

    key = str(directory)
    system = SharedSystemClient._identifier_to_system.pop(key, None)
    SharedSystemClient._identifier_to_refcount.pop(key, None)
    if system is not None:
        # a system that never started cannot stop cleanly; it is dropped either way
        with contextlib.suppress(Exception):
            system.stop()
