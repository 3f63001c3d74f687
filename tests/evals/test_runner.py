"""The runner on a tiny dataset with a deterministic stand-in for the answer engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.models import Answer
from evals.dataset import load_dataset
from evals.metrics import evaluate
from evals.predictions import read_predictions
from evals.runner import run_items

from .standin import StandIn, fake_retrieve

KEYS = {"id", "answer", "refused", "citations", "query", "latency_ms", "retrieved", "usage"}
CITATION_KEYS = {"marker", "doc", "title", "page", "quote", "passage"}


def test_run_writes_one_line_per_item(tiny_dataset: Path, stand_in: StandIn, tmp_path: Path) -> None:
    items = load_dataset(tiny_dataset)
    out = tmp_path / "predictions.jsonl"
    preds = run_items(items, stand_in, retrieve=fake_retrieve, out=out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["t-1", "t-2", "t-3", "t-4"]
    assert all(set(line) >= KEYS for line in lines)
    first = lines[0]
    assert first["answer"].endswith("[1].") and first["refused"] is False
    assert set(first["citations"][0]) >= CITATION_KEYS
    assert first["citations"][0]["doc"] == "plan.txt" and first["citations"][0]["page"] == 7
    assert first["citations"][0]["passage"].startswith("Antallet af narkotikarelaterede")
    assert [r["chunk_id"] for r in first["retrieved"]] == ["deaths", "other", "prison"]
    assert first["usage"] is None and lines[1]["usage"] == {"prompt_tokens": 50, "completion_tokens": 7}
    assert lines[2]["refused"] is True
    assert lines[3]["error"] == "RuntimeError: engine exploded" and lines[3]["answer"] == ""
    assert all(isinstance(line["latency_ms"], float) for line in lines[:3])
    assert read_predictions(out) == preds


def test_history_is_asked_first_in_one_conversation(tiny_dataset: Path, stand_in: StandIn) -> None:
    items = load_dataset(tiny_dataset)
    run_items(items[:2], stand_in)
    assert stand_in.calls == [
        ("Hvor mange narkotikarelaterede dødsfald var der i 2009?", []),
        ("How much goes to treatment in prisons?", []),  # a new conversation: no earlier item leaks in
        ("And over which period?", ["How much goes to treatment in prisons?"]),
    ]


def test_chat_sessions_and_the_timed_final_question(tiny_dataset: Path) -> None:
    asked: list[list[str]] = []

    class Session:
        def __init__(self) -> None:
            self.questions: list[str] = []
            asked.append(self.questions)

        def ask(self, question: str) -> Answer:
            self.questions.append(question)
            if question.startswith("How much"):
                import time

                time.sleep(0.2)  # a slow history question is not in the latency
            return Answer(question=question, text="?", query=question)

    items = load_dataset(tiny_dataset)
    preds = run_items(items, chat=Session)
    assert asked[1] == ["How much goes to treatment in prisons?", "And over which period?"]
    assert len(asked) == 4 and all(len(q) == 1 for i, q in enumerate(asked) if i != 1)
    assert preds[1].latency_ms is not None and preds[1].latency_ms < 150
    assert all(p.retrieved is None for p in preds)


def test_runner_needs_exactly_one_engine(tiny_dataset: Path, stand_in: StandIn) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        run_items(load_dataset(tiny_dataset), stand_in, chat=lambda: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValueError, match="exactly one"):
        run_items(load_dataset(tiny_dataset))


def test_tiny_run_scores(tiny_dataset: Path, stand_in: StandIn) -> None:
    items = load_dataset(tiny_dataset)
    ev = evaluate(items, run_items(items, stand_in, retrieve=fake_retrieve))
    m = ev.overall
    assert m.answer_accuracy == pytest.approx(2 / 3, abs=1e-4)  # t-4 failed with an error
    assert (m.refusal_accuracy, m.false_refusal_rate, m.n_errors) == (1.0, 0.0, 1)
    assert m.citation_precision == 1.0 and m.citation_recall == 1.0
    # t-1: gold at rank 1; t-2: query has no "dødsfald", gold "prison" at rank 2; t-4: error, retrieved nothing
    assert m.recall_at_1 == pytest.approx(1 / 3, abs=1e-4) and m.recall_at_3 == pytest.approx(2 / 3, abs=1e-4)
    assert (m.prompt_tokens, m.completion_tokens) == (50, 7)
    assert [f.id for f in ev.failures] == ["t-4"] and ev.failures[0].reasons == ["error: RuntimeError: engine exploded"]
