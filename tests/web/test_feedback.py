"""The feedback file: one JSON object per line, never torn by concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import pytest

from assistant.web import feedback


def test_record_and_append(tmp_path: Path) -> None:
    path = tmp_path / "feedback" / "feedback.jsonl"
    rec = feedback.append(path, feedback.make_record(rating=True, question="q?", answer="a [1]", turn=1))
    feedback.append(
        path, feedback.make_record(rating="down", question="q?", answer="a", comment=" why\x07 ", record_id=rec["id"])
    )
    lines = feedback.read(path)
    assert [r["rating"] for r in lines] == ["up", "down"]
    assert lines[1]["id"] == rec["id"] and lines[1]["comment"] == "why"
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("value", ["maybe", None, 3, ""])
def test_rating_must_be_up_or_down(value: object) -> None:
    with pytest.raises(feedback.FeedbackError):
        feedback.make_record(rating=value, question="q", answer="a")


def _write_many(path: str, worker: int, n: int) -> None:
    for i in range(n):
        feedback.append(Path(path), feedback.make_record(rating="up", question=f"{worker}-{i}", answer="x" * 5000))


def test_concurrent_threads_and_processes_do_not_interleave(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    threads = [threading.Thread(target=_write_many, args=(str(path), w, 25)) for w in range(4)]
    ctx = multiprocessing.get_context("spawn")  # fork would copy a lock held by a thread
    procs = [ctx.Process(target=_write_many, args=(str(path), 10 + w, 25)) for w in range(2)]
    for t in [*threads, *procs]:
        t.start()
    for t in [*threads, *procs]:
        t.join()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 150
    questions = {json.loads(line)["question"] for line in lines}  # every line parses whole
    assert len(questions) == 150
