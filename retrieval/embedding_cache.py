"""A persistent embedding cache (SQLite) in front of any embedding backend.

Vectors are stored as float32 bytes under ``sha256(model_id + "\\x00" + kind + "\\x00" + text)``
with ``kind`` in {"passage", "query"}, so changing the model (or its version) never returns stale
vectors. The file is shared safely by threads and processes (WAL mode, short transactions); a
corrupt file is moved aside and replaced by a fresh one.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, TypeVar

import numpy as np
from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

Kind = Literal["passage", "query"]
T = TypeVar("T")

_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_LOOKUP_CHUNK = 500  # keys per SELECT ... IN (...)


def cache_key(model_id: str, kind: Kind, text: str) -> bytes:
    return hashlib.sha256(f"{model_id}\x00{kind}\x00{text}".encode("utf-8", "surrogatepass")).digest()


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    msg = str(exc).lower()
    return "not a database" in msg or "malformed" in msg


def _to_vector(blob: bytes) -> list[float] | None:
    if not blob or len(blob) % 4:
        return None
    return np.frombuffer(blob, dtype=np.float32).tolist()


class CachedEmbeddings(Embeddings):
    """Wraps ``inner`` and only asks it for texts it has not embedded before.

    ``hits`` counts texts answered without calling the inner model, ``misses`` the distinct
    texts that had to be embedded. ``model_id`` is the inner model's.
    """

    def __init__(
        self,
        inner: Embeddings,
        cache_dir: Path | str,
        *,
        file_name: str = "embeddings.sqlite3",
        memory_items: int = 1024,
        model_id: str | None = None,
    ) -> None:
        mid = model_id or getattr(inner, "model_id", None)
        if not isinstance(mid, str) or not mid:
            raise TypeError("CachedEmbeddings needs an inner model with a model_id (or pass model_id=...)")
        self.inner = inner
        self._model_id = mid
        self.path = Path(cache_dir) / file_name
        self.hits = 0
        self.misses = 0
        self._memory_items = memory_items
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None

    @property
    def model_id(self) -> str:
        return self._model_id

    def reset_counters(self) -> None:
        with self._lock:
            self.hits = self.misses = 0

    # -- storage -------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID")
            conn.execute("SELECT count(*) FROM (SELECT 1 FROM vectors LIMIT 1)").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _quarantine(self, exc: sqlite3.DatabaseError) -> None:
        """Move a corrupt cache file (and its WAL/SHM) aside so a fresh one can be created."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        log.warning("embedding cache %s is corrupt (%s); moved it to %s and starting afresh", self.path, exc, target)
        for suffix in ("", "-wal", "-shm"):
            src = self.path.with_name(self.path.name + suffix)
            try:
                src.replace(target.with_name(target.name + suffix))
            except FileNotFoundError:
                pass  # never existed, or another process moved it already
            except OSError as err:
                log.warning("could not move %s aside: %s", src, err)

    def _run(self, op: Callable[[sqlite3.Connection], T], default: T, what: str) -> T:
        """Run ``op`` on the connection; recover from corruption, degrade to ``default`` otherwise."""
        with self._lock:
            reopened = quarantined = False
            while True:
                fresh = self._conn is None
                try:
                    if self._conn is None:
                        self._conn = self._open()
                    return op(self._conn)
                except sqlite3.DatabaseError as exc:
                    if _is_corrupt(exc):
                        if not fresh and not reopened:
                            # Another process may have replaced the file already: look again first.
                            self.close()
                            reopened = True
                            continue
                        if not quarantined:
                            self._quarantine(exc)
                            quarantined = True
                            continue
                    log.warning("embedding cache %s: %s failed (%s); continuing without it", self.path, what, exc)
                    return default
                except OSError as exc:
                    log.warning("embedding cache %s: %s failed (%s); continuing without it", self.path, what, exc)
                    return default

    def _lookup(self, keys: list[bytes]) -> dict[bytes, list[float]]:
        def op(conn: sqlite3.Connection) -> dict[bytes, list[float]]:
            found: dict[bytes, list[float]] = {}
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                part = keys[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(part))
                for key, blob in conn.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", part):
                    vec = _to_vector(blob)
                    if vec is not None:
                        found[bytes(key)] = vec
            return found

        return self._run(op, {}, "lookup") if keys else {}

    def _store(self, rows: Iterable[tuple[bytes, bytes]]) -> None:
        items = list(rows)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)", items)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

        if items:
            self._run(op, None, "store")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> CachedEmbeddings:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            with contextlib.suppress(Exception):  # interpreter shutdown
                conn.close()

    # -- Embeddings ----------------------------------------------------------------------------
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [cache_key(self._model_id, "passage", t) for t in texts]
        found = self._lookup(list(dict.fromkeys(keys)))
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in missing:
                missing[key] = text
        if missing:
            vectors = self.inner.embed_documents(list(missing.values()))
            if len(vectors) != len(missing):
                raise RuntimeError(f"{self._model_id} returned {len(vectors)} vectors for {len(missing)} texts")
            arrays = [np.asarray(v, dtype=np.float32) for v in vectors]
            self._store((key, arr.tobytes()) for key, arr in zip(missing, arrays, strict=True))
            found.update((key, arr.tolist()) for key, arr in zip(missing, arrays, strict=True))
        with self._lock:
            self.misses += len(missing)
            self.hits += len(texts) - len(missing)
        return [list(found[key]) for key in keys]

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vec = self._queries.get(text)
            if vec is not None:
                self._queries.move_to_end(text)
                self.hits += 1
                return list(vec)
        # questions stay in memory only: a user's questions are not written to disk
        vec = np.asarray(self.inner.embed_query(text), dtype=np.float32).tolist()
        hit = False
        with self._lock:
            self.hits += hit
            self.misses += not hit
            self._queries[text] = vec
            self._queries.move_to_end(text)
            while len(self._queries) > self._memory_items:
                self._queries.popitem(last=False)
        return list(vec)

    def clear_query_cache(self) -> None:
        with self._lock:
            self._queries.clear()

    def __repr__(self) -> str:
        return f"CachedEmbeddings({self.inner!r}, path={str(self.path)!r})"
