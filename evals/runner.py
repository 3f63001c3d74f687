"""Ask every dataset item and record what came back (``predictions.jsonl``).

Each item is a new conversation: its ``history`` questions are asked first, in order,
then its ``question``; only the final ask is timed. The runner takes either

* an ``AnswerFn`` ``(question, history) -> Answer`` (the stateless API, or a stand-in in
  tests), called once per history question with the questions before it, then for the
  question, or
* a ``ChatFactory`` ``() -> Conversation`` with ``.ask(question) -> Answer`` (a chat
  session that keeps its own history, as ``Assistant.chat``),

and optionally a ``RetrieveFn`` ``(query) -> top passages``, used on the answer's
standalone query so retrieval metrics can be computed from the predictions alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Protocol

from assistant.models import Answer
from evals.dataset import EvalItem
from evals.predictions import PredictedCitation, Prediction, RetrievedPassage, TokenUsage

RETRIEVED_K = 10

AnswerFn = Callable[[str, list[str]], Answer]
RetrieveFn = Callable[[str], list[RetrievedPassage]]


class Conversation(Protocol):
    def ask(self, question: str) -> Answer: ...


ChatFactory = Callable[[], Conversation]


class _FnConversation:
    """A conversation over a stateless ``AnswerFn``: it passes the questions asked so far."""

    def __init__(self, fn: AnswerFn) -> None:
        self.fn = fn
        self.asked: list[str] = []

    def ask(self, question: str) -> Answer:
        answer = self.fn(question, list(self.asked))
        self.asked.append(question)
        return answer


def answer_confidence(answer: Answer) -> float | None:
    """The reader's answerability probability (``debug["answerability"]``, e.g. "0.734"), if any."""
    raw = answer.debug.get("answerability")
    if raw is None:
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if 0.0 <= value <= 1.0 else None


def prediction_from_answer(
    item_id: str, answer: Answer, latency_ms: float, retrieved: list[RetrievedPassage] | None
) -> Prediction:
    return Prediction(
        id=item_id,
        answer=answer.text,
        refused=answer.refused,
        citations=[
            PredictedCitation(
                marker=c.marker,
                doc=c.file_name,
                title=c.title,
                page=c.page,
                raw_start=c.raw_start,
                quote=c.quote,
                passage=c.passage,
                section=c.section,
                author=c.author,
                year=c.year,
                chunk_id=c.chunk_id,
            )
            for c in answer.citations
        ],
        query=answer.query,
        latency_ms=round(latency_ms, 1),
        retrieved=retrieved,
        usage=TokenUsage(**answer.usage.model_dump()) if answer.usage is not None else None,
        backend=answer.backend,
        confidence=answer_confidence(answer),
    )


def predict(item: EvalItem, chat: ChatFactory, retrieve: RetrieveFn | None = None) -> Prediction:
    """Ask one item in a new conversation; an exception becomes the prediction's ``error``."""
    try:
        conversation = chat()
        for earlier in item.history:
            conversation.ask(earlier)
        started = time.perf_counter()
        answer = conversation.ask(item.question)
        latency = (time.perf_counter() - started) * 1000
    except Exception as exc:  # one failing item must not stop the run
        return Prediction(id=item.id, error=f"{type(exc).__name__}: {exc}")
    retrieved = None
    if retrieve is not None:
        try:
            retrieved = retrieve(answer.query or item.question)
        except Exception as exc:
            return prediction_from_answer(item.id, answer, latency, None).model_copy(
                update={"error": f"retrieval failed: {type(exc).__name__}: {exc}"}
            )
    return prediction_from_answer(item.id, answer, latency, retrieved)


def run_items(
    items: Sequence[EvalItem],
    answer: AnswerFn | None = None,
    *,
    chat: ChatFactory | None = None,
    retrieve: RetrieveFn | None = None,
    out: Path | None = None,
    progress: IO[str] | None = None,
) -> list[Prediction]:
    """Ask ``items`` with ``answer`` (stateless) or ``chat`` (sessions); write ``out`` line by line."""
    if (answer is None) == (chat is None):
        raise ValueError("give exactly one of answer= and chat=")
    factory: ChatFactory = chat if chat is not None else (lambda: _FnConversation(answer))  # type: ignore[arg-type]
    predictions: list[Prediction] = []
    fh = open(out, "w", encoding="utf-8") if out is not None else None  # noqa: SIM115
    try:
        for n, item in enumerate(items, start=1):
            pred = predict(item, factory, retrieve)
            predictions.append(pred)
            if fh is not None:
                fh.write(pred.model_dump_json() + "\n")
                fh.flush()
            if progress is not None and (n % 10 == 0 or n == len(items)):
                print(f"  {n}/{len(items)} asked", file=progress, flush=True)
    finally:
        if fh is not None:
            fh.close()
    return predictions


def index_retriever(index: object, k: int = RETRIEVED_K) -> RetrieveFn:
    """A ``RetrieveFn`` over a ``retrieval.index.Index`` (its settings' retrieval mode)."""

    def retrieve(query: str) -> list[RetrievedPassage]:
        hits = index.search(query, k=k)  # type: ignore[attr-defined]
        return [
            RetrievedPassage(rank=h.rank, doc=h.chunk.file_name, chunk_id=h.chunk.chunk_id, text=h.chunk.text)
            for h in hits
        ]

    return retrieve
