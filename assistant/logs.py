"""Logging for the CLI and the web server: to stderr, with secrets taken out.

Every log record is redacted when it is created, before any handler sees it (ours, Gradio's,
uvicorn's or pytest's): the values of the secret settings (API keys, the web login) and
anything that looks like a bearer token or an OpenAI-style key become ``***``. That covers
messages, their arguments and the tracebacks attached to them.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import SecretStr

from retrieval.settings import Settings

MASK = "***"
# shapes of credentials that should never reach a log, whatever their source
PATTERNS = [
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"),
    re.compile(r"(?i)\b(api[_-]?key|access[_-]?token|password|secret)(['\"]?\s*[:=]\s*['\"]?)[^\s'\",&}]{4,}"),
    re.compile(r"(?i)(://[^/\s:@]+:)[^/\s@]+@"),  # user:password@ in URLs
]


def secrets_of(settings: Settings) -> list[str]:
    """The values of every secret setting that is set (longest first, so none is half-masked)."""
    values = [
        value.get_secret_value()
        for name in type(settings).model_fields
        if isinstance(value := getattr(settings, name), SecretStr)
    ]
    return sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    text = PATTERNS[0].sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = PATTERNS[1].sub(MASK, text)
    text = PATTERNS[2].sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    return PATTERNS[3].sub(lambda m: f"{m.group(1)}{MASK}@", text)


class RedactingFactory:
    """A log-record factory that redacts each record as it is made."""

    def __init__(self, inner: Callable[..., logging.LogRecord], secrets: list[str]) -> None:
        self.inner = inner
        self.secrets = secrets

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.inner(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep the template, drop the arguments
            message = str(record.msg)
        record.msg, record.args = redact(message, self.secrets), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip(), self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return record


def install_redaction(settings: Settings) -> None:
    """Redact every log record from now on (replacing an earlier installation's secrets)."""
    current = logging.getLogRecordFactory()
    inner = current.inner if isinstance(current, RedactingFactory) else current
    logging.setLogRecordFactory(RedactingFactory(inner, secrets_of(settings)))


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def setup_logging(settings: Settings) -> None:
    """Log to stderr at ``settings.log_level`` with secrets redacted (CLI and web server)."""
    install_redaction(settings)
    root = logging.getLogger()
    if not any(isinstance(h, StderrHandler) for h in root.handlers):
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
        root.addHandler(handler)
    for handler in root.handlers:
        if isinstance(handler, StderrHandler):
            # on the handler too: some libraries (bm25s) set their own loggers to DEBUG
            handler.setLevel(settings.log_level)
    root.setLevel(settings.log_level)
