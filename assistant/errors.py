"""What a user is told when something fails, in the chat, the API or the terminal.

A known failure (the index, the vector store, the embedding model, the disk, a corpus folder,
an LLM server, a bad question) is shown by its own message, which names the way out. Anything
else is logged with its traceback under a short reference, and the user sees only that
reference. Never a stack trace, never a secret (messages pass through :func:`redact`).
"""

from __future__ import annotations

import logging
import uuid

from assistant.api import QuestionError
from assistant.generate import ContextTooSmall
from assistant.llm import LLMConfigError, LLMUnavailable
from assistant.logs import redact
from assistant.prompts import PromptError
from assistant.reader.scorer import ScorerError
from retrieval.embeddings import EmbeddingModelError, EmbeddingServiceError
from retrieval.index import IndexError_, IndexWriteError, is_disk_full
from retrieval.lexical import LexicalIndexError
from retrieval.loaders import DocumentLoadError, FolderUnreadable
from retrieval.manifest import ManifestError
from retrieval.store import VectorStoreError

KNOWN: tuple[type[BaseException], ...] = (
    QuestionError,
    VectorStoreError,
    IndexError_,
    IndexWriteError,
    FolderUnreadable,
    EmbeddingModelError,
    EmbeddingServiceError,
    LexicalIndexError,
    ManifestError,
    DocumentLoadError,
    LLMUnavailable,
    LLMConfigError,
    ContextTooSmall,
    PromptError,
    ScorerError,
)


def user_message(
    exc: BaseException,
    log: logging.Logger,
    doing: str,
    secrets: list[str] | None = None,
    known_level: int = logging.WARNING,
    unexpected_level: int = logging.ERROR,
    details: str = "the details are in the server log",
) -> str:
    """The one-paragraph message for ``exc``, raised while ``doing`` (e.g. "answering"); logs it
    (a known failure at ``known_level``, anything else with its traceback at ``unexpected_level``)."""
    if isinstance(exc, KNOWN):
        log.log(known_level, "%s failed: %s", doing, exc)
        message = str(exc)
    elif isinstance(exc, Exception) and is_disk_full(exc):
        log.log(known_level, "%s failed, the disk is full: %s", doing, exc)
        message = (
            f"the disk is full or not writable ({type(exc).__name__}: {str(exc)[:200]}). "
            "Free some space and try again; nothing already stored was lost"
        )
    elif isinstance(exc, PermissionError):
        log.log(known_level, "%s failed: %s", doing, exc)
        message = f"permission denied on {exc.filename or 'a file'}; fix its permissions and try again"
    else:
        ref = uuid.uuid4().hex[:8]
        log.log(unexpected_level, "%s failed [ref %s]", doing, ref, exc_info=exc)
        message = f"an unexpected error stopped {doing} (reference {ref}; {details})"
    return redact(message, secrets or [])
