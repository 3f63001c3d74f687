"""The passage index: Chroma for dense vectors, BM25 for words, fused at query time.

Layout under ``<data_dir>/index``::

    current.json              -> which build is live (replaced atomically)
    builds/<build_id>/build.json, chunks.jsonl, lexical/, sentences.npz
    chroma/                   -> embedded Chroma (collection "passages-<build_id>")

A build is written completely before ``current.json`` points at it, so a crash or a
kill mid-ingest leaves the previous index answering. A build records what made it
(document hashes, embedding model, cleaning/chunking versions); opening with the same
inputs loads it without touching the model, different inputs trigger a rebuild in
which unchanged passages come from the embedding cache and are not embedded again.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_chroma import Chroma
from pydantic import BaseModel, Field, ValidationError
from tqdm import tqdm

from retrieval.chunking import index_text, passage_sentences, sentence_text
from retrieval.corpus import Corpus, chunk_corpus_document, load_corpus, pipeline_version, seed_evidence
from retrieval.embedding_cache import CachedEmbeddings
from retrieval.embeddings import make_embeddings
from retrieval.fusion import rrf
from retrieval.glossary import expand_query
from retrieval.lexical import LexicalIndex
from retrieval.lexicon import looks_english
from retrieval.loaders import FolderUnreadable
from retrieval.settings import RetrievalMode, Settings
from retrieval.store import VectorStoreError, connect, forget, search_failed
from retrieval.tokenization import tokenize
from retrieval.types import Chunk, Hit

log = logging.getLogger(__name__)
FORMAT_VERSION = 3  # 3: HNSW configuration (exact-enough, reproducible dense search)


class IndexError_(RuntimeError):
    """The index is missing or damaged; the message names the way out."""


class IndexWriteError(RuntimeError):
    """A build could not be written (disk full, read-only, quota); the previous index stays live."""


# errno values and storage-engine messages that mean "the disk will not take more data"
DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}
DISK_FULL_WORDS = ("disk i/o error", "database or disk is full", "no space left", "file too large", "read-only")


def is_disk_full(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) says the storage cannot be written."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in DISK_FULL_ERRNOS:
            return True
        if any(word in str(seen).lower() for word in DISK_FULL_WORDS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class IndexedDocument(BaseModel):
    id: str
    file: str
    path: str
    title: str
    author: str = ""
    date: str | None = None
    year: int | None = None
    lang: str
    doc_type: str = ""
    description: str = ""
    aliases: list[str] = Field(default_factory=list)
    sha256: str
    n_chunks: int
    page_count: int | None = None


class BuildInfo(BaseModel):
    format: int = FORMAT_VERSION
    build_id: str
    created: str
    fingerprint: str
    model_id: str
    pipeline: str
    collection: str
    documents: list[IndexedDocument]
    errors: list[str] = Field(default_factory=list)
    n_chunks: int
    seconds: float
    embedded_new: int = 0  # texts embedded for this build: passages and their sentences
    embedded_cached: int = 0


def fingerprint(corpus: Corpus, model_id: str, pipeline: str) -> str:
    h = hashlib.sha256()
    for part in [f"format={FORMAT_VERSION}", model_id, pipeline, *corpus.fingerprint_parts()]:
        h.update(part.encode())
        h.update(b"\n")
    return h.hexdigest()[:24]


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Index:
    """Open with :meth:`open`; search with :meth:`search`."""

    def __init__(
        self,
        settings: Settings,
        info: BuildInfo,
        chunks: list[Chunk],
        lexical: LexicalIndex,
        embeddings: CachedEmbeddings,
        store: Chroma,
        sentences: SentenceVectors | None = None,
    ) -> None:
        self.settings = settings
        self.info = info
        self.chunks = {c.chunk_id: c for c in chunks}
        self.order = [c.chunk_id for c in chunks]
        self.lexical = lexical
        self.embeddings = embeddings
        self.store = store
        self.raw_texts = RawTexts(info)
        self.sentences = sentences or SentenceVectors.empty()
        self.documents = {d.id: d for d in info.documents}

    # ---- opening and building ------------------------------------------------------

    @classmethod
    def open(
        cls, settings: Settings, rebuild: bool = False, progress: bool | None = None, strict: bool = False
    ) -> Index:
        """Open the live build if it matches the corpus and settings, else (re)build.

        If a corpus folder cannot be read, a live build is opened as it is (with a warning), so
        the chat keeps answering; with ``strict`` (``assistant ingest``) that is an error."""
        embeddings = make_embeddings(settings)
        try:
            corpus = load_corpus(settings)
        except FolderUnreadable as exc:
            live = None if strict or rebuild else read_current(settings)
            if live is None:
                raise
            log.warning("%s; answering from the existing index %s", exc, live.build_id)
            return cls.load(settings, live, embeddings)
        fp = fingerprint(corpus, embeddings.model_id, pipeline_version(settings))
        if not rebuild:
            opened = cls._load_if_current(settings, fp, embeddings)
            if opened is not None:
                return opened
        with build_lock(settings):  # one build at a time, across processes (serve + ingest)
            if rebuild:
                quarantine_damaged_store(settings)
            else:  # another process may have built just this while we waited
                opened = cls._load_if_current(settings, fp, embeddings)
                if opened is not None:
                    return opened
            return cls.build(settings, corpus, embeddings, fp, progress=progress)

    @classmethod
    def _load_if_current(cls, settings: Settings, fp: str, embeddings: CachedEmbeddings) -> Index | None:
        info = read_current(settings)
        if info is None or info.fingerprint != fp:
            return None
        try:
            return cls.load(settings, info, embeddings)
        except IndexError_ as exc:
            log.warning("%s; rebuilding", exc)
            return None

    @classmethod
    def load(cls, settings: Settings, info: BuildInfo, embeddings: CachedEmbeddings) -> Index:
        folder = build_dir(settings, info.build_id)
        try:
            chunks = [
                Chunk.model_validate_json(line)
                for line in (folder / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
                if line
            ]
            lexical = LexicalIndex.load(folder / "lexical")
            sentences = SentenceVectors.load(folder / "sentences.npz")
        except (OSError, ValueError, ValidationError) as exc:
            raise IndexError_(f"index build {info.build_id} is damaged ({exc})") from exc
        store = open_store(settings, info.collection, embeddings)
        count = store._collection.count()
        if count != info.n_chunks:
            raise IndexError_(f"vector collection {info.collection} holds {count} of {info.n_chunks} passages")
        return cls(settings, info, chunks, lexical, embeddings, store, sentences)

    @classmethod
    def build(
        cls, settings: Settings, corpus: Corpus, embeddings: CachedEmbeddings, fp: str, progress: bool | None = None
    ) -> Index:
        """Write a new build beside the live one and switch to it. If anything fails (a full
        disk, an interrupt), the partial build is removed and the live build stays as it was."""
        build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        try:
            return cls._build(settings, corpus, embeddings, fp, build_id, progress)
        except BaseException as exc:
            discard_build(settings, build_id)
            if isinstance(exc, Exception) and is_disk_full(exc):
                raise IndexWriteError(
                    f"the index could not be written to {settings.index_dir}: the disk is full or not writable "
                    f"({type(exc).__name__}: {str(exc)[:200]}). Free some space and run `assistant ingest` again; "
                    "the previous index is still in use."
                ) from exc
            raise

    @classmethod
    def _build(
        cls,
        settings: Settings,
        corpus: Corpus,
        embeddings: CachedEmbeddings,
        fp: str,
        build_id: str,
        progress: bool | None,
    ) -> Index:
        show = settings.show_progress if progress is None else progress
        started = time.perf_counter()
        folder = build_dir(settings, build_id)
        folder.mkdir(parents=True)
        seeds = seed_evidence(settings)
        chunks: list[Chunk] = []
        documents: list[IndexedDocument] = []
        for doc in tqdm(corpus.documents, desc="clean+chunk", unit="doc", disable=not show):
            doc_chunks = chunk_corpus_document(doc, seeds, settings)
            chunks.extend(doc_chunks)
            documents.append(
                IndexedDocument(
                    **doc.meta.model_dump(exclude={"id", "file"}),
                    id=doc.meta.id,
                    file=doc.meta.file,
                    path=str(doc.loaded.path),
                    sha256=doc.loaded.sha256,
                    n_chunks=len(doc_chunks),
                    page_count=max((c.page_end or 0 for c in doc_chunks), default=0) or None,
                )
            )
        # passages are embedded with their document title and section; the naive baseline is not
        texts = [c.text if settings.chunker == "naive" else index_text(c) for c in chunks]
        embeddings.reset_counters()
        collection = f"passages-{build_id}"
        store = open_store(settings, collection, embeddings)
        batch = max(64, settings.embedding_batch_size)
        for i in tqdm(range(0, len(chunks), batch), desc="embed+store", unit="batch", disable=not show):
            part = chunks[i : i + batch]
            store.add_texts(
                texts=texts[i : i + batch],
                metadatas=[chunk_metadata(c) for c in part],
                ids=[c.chunk_id for c in part],
            )
        lexical = LexicalIndex().fit([c.chunk_id for c in chunks], texts)
        lexical.save(folder / "lexical")
        sentences = SentenceVectors.build(chunks, embeddings, show)
        sentences.save(folder / "sentences.npz")
        with open(folder / "chunks.jsonl", "w", encoding="utf-8") as fh:
            for c in chunks:
                fh.write(c.model_dump_json() + "\n")
        info = BuildInfo(
            build_id=build_id,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            fingerprint=fp,
            model_id=embeddings.model_id,
            pipeline=pipeline_version(settings),
            collection=collection,
            documents=documents,
            errors=[str(e) for e in corpus.errors],
            n_chunks=len(chunks),
            seconds=round(time.perf_counter() - started, 2),
            embedded_new=embeddings.misses,
            embedded_cached=embeddings.hits,
        )
        atomic_write(folder / "build.json", info.model_dump_json(indent=2))
        # the switch: one atomic rename makes the new build live. The build it replaces is kept
        # (questions already running on it finish there); older ones are removed.
        previous = read_current(settings)
        atomic_write(settings.index_dir / "current.json", json.dumps({"build_id": build_id}))
        remove_old_builds(settings, keep={build_id, previous.build_id if previous else build_id})
        return cls(settings, info, chunks, lexical, embeddings, store, sentences)

    # ---- searching -----------------------------------------------------------------

    def search(
        self, query: str, k: int | None = None, mode: RetrievalMode | None = None, doc_ids: Sequence[str] | None = None
    ) -> list[Hit]:
        k = k or self.settings.top_k
        mode = mode or self.settings.retrieval_mode
        n = max(self.settings.candidates, k)
        allowed = set(doc_ids) if doc_ids else None
        dense = self.dense_ranking(query, n, allowed) if mode in ("hybrid", "dense") else []
        lexical = self.lexical_ranking(query, n, allowed) if mode in ("hybrid", "bm25") else []
        if mode == "dense":
            fused = [(cid, s) for cid, s in dense]
        elif mode == "bm25":
            fused = [(cid, s) for cid, s in lexical]
        else:
            fused = rrf([[c for c, _ in dense], [c for c, _ in lexical]], k=self.settings.rrf_k)
            fused = with_heads(fused, [r[0][0] for r in (dense, lexical) if r], k)
            if dense and self.cross_language(query, dense[0][0]):
                fused, k = with_extra(fused, [c for c, _ in dense[: self.settings.cross_language_dense]], k)
        d_rank = {cid: r for r, (cid, _) in enumerate(dense, start=1)}
        l_rank = {cid: r for r, (cid, _) in enumerate(lexical, start=1)}
        return [
            Hit(self.chunks[cid], float(score), rank, d_rank.get(cid), l_rank.get(cid))
            for rank, (cid, score) in enumerate(fused[:k], start=1)
        ]

    def cross_language(self, query: str, chunk_id: str) -> bool:
        """Whether the query is English and the passage not, or the other way round."""
        return looks_english(tokenize(query)) != (self.chunks[chunk_id].lang == "en")

    def dense_ranking(self, query: str, n: int, allowed: set[str] | None) -> list[tuple[str, float]]:
        vector = self.query_vector(query)
        where = None
        if allowed:
            where = {"doc_id": next(iter(allowed))} if len(allowed) == 1 else {"doc_id": {"$in": sorted(allowed)}}
        try:
            docs = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=n, filter=where)
        except Exception as exc:
            raise search_failed(self.settings.chroma_url, self.settings.index_dir / "chroma", exc) from exc
        return [(d.metadata["chunk_id"], float(score)) for d, score in docs if d.metadata["chunk_id"] in self.chunks]

    def lexical_ranking(self, query: str, n: int, allowed: set[str] | None) -> list[tuple[str, float]]:
        hits = self.lexical.search(query, k=n if not allowed else len(self.chunks))
        if allowed:
            hits = [(cid, s) for cid, s in hits if self.chunks[cid].doc_id in allowed]
        return hits[:n]

    def query_vector(self, query: str) -> list[float]:
        """The query's embedding (cached in memory). English questions over Danish/Norwegian
        text get the Scandinavian terms of the field added (glossary), so the multilingual
        model meets the documents halfway."""
        return self.embeddings.embed_query(expand_query(query))

    def passages(self, doc_id: str) -> list[Chunk]:
        return [self.chunks[c] for c in self.order if self.chunks[c].doc_id == doc_id]


def with_heads(fused: list[tuple[str, float]], heads: list[str], k: int) -> list[tuple[str, float]]:
    """``fused`` with each retriever's best passage (``heads``) among its first ``k``: a passage
    only one retriever finds, however sure it is, can rank below ``k`` after fusion (the dense
    model's first passage, or BM25's for an English question's rare name over a Norwegian text,
    which the other retriever misses); the last places make room for it."""
    first = [c for c, _ in fused[:k]]
    missing = [h for i, h in enumerate(heads) if h not in first and h not in heads[:i]]
    if not missing:
        return fused
    keep = max(0, k - len(missing))
    score = dict(fused)
    head = fused[:keep] + [(h, score.get(h, 0.0)) for h in missing]
    return head + [(c, s) for c, s in fused[keep:] if c not in missing]


def with_extra(fused: list[tuple[str, float]], extra: list[str], k: int) -> tuple[list[tuple[str, float]], int]:
    """``fused`` with the passages ``extra`` names that its first ``k`` lack moved right after
    them, and how many places now count (``k`` plus those): read in addition, never instead."""
    first = {c for c, _ in fused[:k]}
    missing = [c for c in dict.fromkeys(extra) if c not in first]
    if not missing:
        return fused, k
    score = dict(fused)
    head = fused[:k] + [(c, score.get(c, 0.0)) for c in missing]
    return head + [(c, s) for c, s in fused[k:] if c not in missing], k + len(missing)


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    meta: dict[str, str | int] = {"chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "file": chunk.file_name}
    if chunk.page is not None:
        meta["page"] = chunk.page
    return meta


@contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """Hold ``index/.build.lock`` (an advisory ``flock``; the OS releases it if the process
    dies). Waits, saying so, while another process builds. Where ``fcntl`` is missing
    (Windows), builds are not serialised across processes."""
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(settings.index_dir / ".build.lock", "a+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another process is building the index in %s; waiting for it", settings.index_dir)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_dir(settings: Settings, build_id: str) -> Path:
    return settings.index_dir / "builds" / build_id


def read_current(settings: Settings) -> BuildInfo | None:
    pointer = settings.index_dir / "current.json"
    try:
        build_id = json.loads(pointer.read_text(encoding="utf-8"))["build_id"]
        return BuildInfo.model_validate_json((build_dir(settings, build_id) / "build.json").read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
        log.warning("index pointer %s is unreadable (%s); the index will be rebuilt", pointer, exc)
        return None


# Chroma rebuilds the HNSW graph of a small collection in each process that opens it, with
# several threads, so the graph differs from process to process; with Chroma's default
# ef_search (100) that made the 11th-40th dense candidates, and once a rank-1 passage, differ
# between runs. A wide search (ef_search well above the candidates asked for) makes the
# ranking the exact one for corpora of this size, the same in every process.
HNSW = {"space": "cosine", "ef_construction": 200, "ef_search": 400, "max_neighbors": 32}


def open_store(settings: Settings, collection: str, embeddings: CachedEmbeddings) -> Chroma:
    client = connect(settings.chroma_url, settings.index_dir / "chroma")
    try:
        return Chroma(
            collection_name=collection,
            embedding_function=embeddings,
            client=client,
            collection_configuration={"hnsw": HNSW},  # type: ignore[typeddict-item]
        )
    except Exception as exc:
        raise VectorStoreError(f"cannot open vector collection {collection} ({type(exc).__name__}: {exc})") from exc


def remove_old_builds(settings: Settings, keep: set[str]) -> None:
    """Best effort: drop builds and collections other than those in ``keep``."""
    for folder in (settings.index_dir / "builds").glob("*"):
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    try:
        client = connect(settings.chroma_url, settings.index_dir / "chroma")
        for col in client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith("passages-") and name.removeprefix("passages-") not in keep:
                client.delete_collection(name)
    except Exception as exc:  # cleanup must never fail a finished build
        log.warning("could not remove old collections: %s", exc)


def discard_build(settings: Settings, build_id: str) -> None:
    """Best effort: remove what a failed build wrote (its folder and its vector collection)."""
    shutil.rmtree(build_dir(settings, build_id), ignore_errors=True)
    try:
        client = connect(settings.chroma_url, settings.index_dir / "chroma")
        client.delete_collection(f"passages-{build_id}")
    except Exception as exc:  # nothing was stored yet, or the store itself is what failed
        log.debug("no collection to remove for build %s: %s", build_id, exc)


def quarantine_damaged_store(settings: Settings) -> None:
    """Before a rebuild: if the embedded Chroma store cannot be opened, move it aside
    (``chroma.damaged-<time>``, kept for inspection) so the rebuild starts a fresh one."""
    if settings.chroma_url:
        return
    folder = settings.index_dir / "chroma"
    if not folder.exists():
        return
    try:
        connect("", folder).list_collections()
    except Exception as exc:
        aside = folder.with_name(f"chroma.damaged-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}")
        forget(folder)
        folder.rename(aside)
        log.warning("the vector store in %s was damaged (%s); moved to %s and rebuilding", folder, exc, aside)


SearchMode = Literal["hybrid", "dense", "bm25"]


class SentenceVectors:
    """An embedding for every sentence of every passage, to pick the sentence that answers."""

    def __init__(self, chunk_ids: list[str], spans: np.ndarray, vectors: np.ndarray) -> None:
        self.vectors = vectors
        self.by_chunk: dict[str, list[tuple[int, int, int]]] = {}
        for row, (cid, (a, b)) in enumerate(zip(chunk_ids, spans.tolist(), strict=True)):
            self.by_chunk.setdefault(cid, []).append((int(a), int(b), row))

    @classmethod
    def empty(cls) -> SentenceVectors:
        return cls([], np.zeros((0, 2), dtype=np.int32), np.zeros((0, 0), dtype=np.float16))

    @classmethod
    def build(cls, chunks: list[Chunk], embeddings: CachedEmbeddings, progress: bool) -> SentenceVectors:
        ids: list[str] = []
        spans: list[tuple[int, int]] = []
        texts: list[str] = []
        for c in chunks:
            for a, b in passage_sentences(c.text):
                ids.append(c.chunk_id)
                spans.append((a, b))
                texts.append(sentence_text(c, a, b))
        vectors: list[list[float]] = []
        batch = 64
        for i in tqdm(range(0, len(texts), batch), desc="embed sentences", unit="batch", disable=not progress):
            vectors.extend(embeddings.embed_documents(texts[i : i + batch]))
        array = np.asarray(vectors, dtype=np.float16) if vectors else np.zeros((0, 0), dtype=np.float16)
        return cls(ids, np.asarray(spans, dtype=np.int32).reshape(-1, 2), array)

    def save(self, path: Path) -> None:
        ids = [cid for cid, rows in self.by_chunk.items() for _ in rows]
        spans = [(a, b) for rows in self.by_chunk.values() for a, b, _ in rows]
        order = [r for rows in self.by_chunk.values() for _, _, r in rows]
        with open(path, "wb") as fh:
            np.savez(
                fh,
                ids=np.asarray(ids, dtype=object).astype(str),
                spans=np.asarray(spans, dtype=np.int32).reshape(-1, 2),
                vectors=self.vectors[order] if len(order) else self.vectors,
            )

    @classmethod
    def load(cls, path: Path) -> SentenceVectors:
        with np.load(path, allow_pickle=False) as data:
            return cls([str(x) for x in data["ids"]], data["spans"], data["vectors"])

    def of(self, chunk_id: str) -> list[tuple[int, int, np.ndarray]]:
        return [(a, b, self.vectors[r]) for a, b, r in self.by_chunk.get(chunk_id, [])]


class RawTexts:
    """The original text of each indexed document, read on first use (for exact citations)."""

    def __init__(self, info: BuildInfo) -> None:
        self._paths = {d.id: Path(d.path) for d in info.documents}
        self._texts: dict[str, str] = {}

    def get(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            path = self._paths.get(doc_id)
            if path is None:
                return None
            try:
                from retrieval.loaders import load_document

                self._texts[doc_id] = load_document(path).text
            except Exception:  # a file moved or deleted since indexing: cite the passage range
                return None
        return self._texts[doc_id]
