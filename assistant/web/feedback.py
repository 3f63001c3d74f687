"""Thumbs up/down and comments on answers, appended to a JSONL file for later review.

One JSON object per line. A rating writes a line at once; a comment added afterwards writes
a second, complete line with the same ``id`` (the later line supersedes the earlier one), so
the file is only ever appended to. Each line is written with a single ``write`` on a file
opened in append mode, under a process-wide lock and an exclusive ``flock``, and synced:
concurrent writers (threads or processes) never interleave or tear lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

try:  # POSIX; on other systems the thread lock alone serialises writers of this process
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 4000
MAX_FIELD_CHARS = 20000
_lock = threading.Lock()


class FeedbackError(ValueError):
    """The feedback cannot be stored as given (unknown rating, nothing to rate)."""


def normalize_rating(value: object) -> Rating:
    """ "up"/"down", also from Gradio's like data (True/False, "Like"/"Dislike") and 👍/👎."""
    if value is True or (isinstance(value, str) and value.strip().lower() in ("up", "like", "+1", "good", "👍")):
        return "up"
    if value is False or (isinstance(value, str) and value.strip().lower() in ("down", "dislike", "-1", "bad", "👎")):
        return "down"
    raise FeedbackError(f"rating must be 'up' or 'down', not {value!r}")


def clip(text: str, limit: int) -> str:
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return text if len(text) <= limit else text[:limit] + " …"


def make_record(
    *,
    rating: object,
    question: str,
    answer: str,
    comment: str = "",
    record_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    if not question.strip() and not answer.strip():
        raise FeedbackError("there is no answer to rate")
    return {
        "id": record_id or uuid.uuid4().hex,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "rating": normalize_rating(rating),
        "comment": clip(comment, MAX_COMMENT_CHARS).strip(),
        "question": clip(question, MAX_FIELD_CHARS),
        "answer": clip(answer, MAX_FIELD_CHARS),
        **extra,
    }


def append(path: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Append ``record`` as one line to ``path`` (created with its folder, readable by the owner only)."""
    line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                view = memoryview(line)
                while view:  # a regular file takes it in one write; loop only for safety
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                if fcntl is not None:
                    with contextlib.suppress(OSError):
                        fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    return record


def read(path: Path) -> list[dict[str, Any]]:
    """All records, oldest first (lines that do not parse are skipped)."""
    if not path.exists():
        return []
    out: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            out.append(json.loads(line))
    return out
