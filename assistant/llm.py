"""Chat models for the LLM backends, and one error for "the LLM server cannot answer".

``make_chat_model(settings)`` builds a langchain chat model for ``backend="openai"`` (any
OpenAI-compatible server: vLLM, llama.cpp server, LM Studio, hosted APIs) or
``backend="ollama"``. ``ping(settings)`` checks quickly that the server answers. Failures of
either, and of model calls wrapped in ``llm_errors(settings)``, become ``LLMUnavailable``,
whose message names the server URL (without credentials) and never the API key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import httpx
from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from retrieval.settings import Settings

OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434"
NO_KEY = "no-key"  # local OpenAI-compatible servers ignore the key, but the client wants one
_KEY_LIKE = re.compile(r"\b(?:sk|pk|key|tok)[-_][A-Za-z0-9_\-]{6,}")


class LLMUnavailable(RuntimeError):
    """The LLM server is down, unreachable, or answered badly.

    ``url`` is the server's base URL with any user/password and query removed; the API key
    is never part of the message or the repr."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"LLM server at {url} is unavailable: {reason}")

    def __repr__(self) -> str:
        return f"LLMUnavailable(url={self.url!r}, reason={self.reason!r})"


class LLMConfigError(ValueError):
    """The settings do not describe a usable LLM backend (e.g. no model name)."""


def base_url(settings: Settings) -> str:
    """The server URL the backend talks to (settings' URL, or the backend's default)."""
    if settings.llm_base_url:
        return settings.llm_base_url.rstrip("/")
    return OLLAMA_DEFAULT_URL if settings.backend == "ollama" else OPENAI_DEFAULT_URL


def safe_url(url: str) -> str:
    """``url`` without user:password@ and without query or fragment (which may hold a key)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def make_chat_model(settings: Settings, *, streaming: bool | None = None) -> BaseChatModel:
    """A langchain chat model for ``settings.backend`` ("openai" or "ollama").

    By default (``streaming=None``) ``.stream(...)`` streams and ``.invoke(...)`` makes one
    request, which is where servers report token usage most reliably. ``streaming=True``
    makes ``.invoke`` stream too; ``streaming=False`` turns streaming off even in ``.stream``
    (it then yields the whole answer at once). Token usage is requested in streams."""
    if settings.backend not in ("openai", "ollama"):
        raise LLMConfigError(f"backend {settings.backend!r} has no chat model (use 'openai' or 'ollama')")
    if not settings.llm_model:
        raise LLMConfigError(f"backend {settings.backend!r} needs a model name (ASSISTANT_LLM_MODEL)")
    url = base_url(settings)
    if settings.backend == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model,
            base_url=url,
            temperature=settings.llm_temperature,
            num_predict=settings.llm_max_tokens,
            num_ctx=settings.llm_context_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
            **({} if streaming is None else {"disable_streaming": not streaming}),
        )

    from langchain_openai import ChatOpenAI

    key = settings.llm_api_key.get_secret_value() or NO_KEY
    hosted_openai = urlsplit(url).hostname == "api.openai.com"
    extra: dict[str, object] = {} if streaming is None else {"streaming": streaming}
    return ChatOpenAI(
        **extra,
        model=settings.llm_model,
        base_url=url,
        api_key=SecretStr(key),
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout,
        max_retries=1,
        stream_usage=True,
        # langchain-openai sends the limit as "max_completion_tokens"; servers that only
        # know the older "max_tokens" (llama.cpp's, older vLLM) get it as well.
        extra_body=None if hosted_openai else {"max_tokens": settings.llm_max_tokens},
    )


def ping(settings: Settings, timeout: float = 3.0) -> list[str]:
    """Check that the LLM server answers; return the model names it lists.

    Raises ``LLMUnavailable`` when it is down, slow (``timeout`` seconds) or answers badly."""
    url = base_url(settings)
    headers: dict[str, str] = {}
    if settings.backend == "ollama":
        endpoint = f"{url}/api/tags"
    else:
        endpoint = f"{url}/models"
        key = settings.llm_api_key.get_secret_value()
        if key:
            headers["Authorization"] = f"Bearer {key}"
    try:
        response = httpx.get(endpoint, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise unavailable(exc, settings) from None
    if response.status_code != 200:
        raise LLMUnavailable(safe_url(url), _status_reason(response.status_code, response.text, settings))
    try:
        body = response.json()
        items = body.get("models", []) if settings.backend == "ollama" else body.get("data", [])
        return [str(item.get("name") or item.get("id") or item.get("model") or "") for item in items]
    except (ValueError, AttributeError, TypeError):
        raise LLMUnavailable(safe_url(url), "answered with something that is not a model list") from None


def unavailable(exc: BaseException, settings: Settings) -> LLMUnavailable:
    """Translate a client/transport error into ``LLMUnavailable`` (key scrubbed)."""
    import openai

    url = safe_url(base_url(settings))
    if isinstance(exc, LLMUnavailable):
        return exc
    if isinstance(exc, openai.APIStatusError):
        return LLMUnavailable(url, _status_reason(exc.status_code, str(exc.message), settings))
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        return LLMUnavailable(url, f"no answer within {settings.llm_timeout:g} s")
    if isinstance(exc, openai.APIConnectionError | httpx.ConnectError | ConnectionError):
        return LLMUnavailable(url, "cannot connect (is the server running?)")
    status = getattr(exc, "status_code", None)
    if isinstance(status, int) and status >= 400:
        return LLMUnavailable(url, _status_reason(status, str(getattr(exc, "error", "") or exc), settings))
    return LLMUnavailable(url, f"{type(exc).__name__}: {scrub(str(exc), settings)}")


@contextmanager
def llm_errors(settings: Settings) -> Iterator[None]:
    """Run a model call; transport and server errors leave as ``LLMUnavailable``."""
    import openai

    try:
        import ollama

        ollama_errors: tuple[type[BaseException], ...] = (ollama.ResponseError, ollama.RequestError)
    except ImportError:  # pragma: no cover - langchain-ollama depends on it
        ollama_errors = ()
    try:
        yield
    except (openai.APIError, httpx.HTTPError, OSError, *ollama_errors) as exc:
        raise unavailable(exc, settings) from None


def scrub(text: str, settings: Settings, limit: int = 300) -> str:
    """``text`` with the API key and key-like strings blanked out, shortened to ``limit``."""
    key = settings.llm_api_key.get_secret_value()
    if key:
        text = text.replace(key, "***")
    text = _KEY_LIKE.sub("***", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status_reason(status: int, body: str, settings: Settings) -> str:
    if status in (401, 403):
        return f"HTTP {status}: authentication refused (check the API key setting)"
    detail = scrub(body, settings, limit=200)
    return f"HTTP {status}" + (f": {detail}" if detail else "")
