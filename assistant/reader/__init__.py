"""The offline readers: pick the sentence of the retrieved passages that answers, or refuse.

* :class:`~assistant.reader.engine.LearnedReader` (default): a logistic scorer over general
  signals (``features``), fitted by ``python -m assistant.reader.train`` into ``model.json``;
  answerability is the calibrated probability that the sentences it would quote answer.
* :class:`~assistant.reader.trivial.TrivialReader`: the baseline every reader must beat.
* ``legacy``: the hand-tuned rules of :mod:`assistant.extractive`, kept runnable for comparison.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.extractive import ExtractiveEngine
    from retrieval.index import Index

READERS = ("learned", "legacy", "trivial")


def make_reader(name: str, index: Index) -> ExtractiveEngine:
    """The reader called ``name`` over ``index``; an unknown name lists the choices."""
    if name == "learned":
        from assistant.reader.engine import LearnedReader

        return LearnedReader(index)
    if name == "trivial":
        from assistant.reader.trivial import TrivialReader

        return TrivialReader(index)
    if name == "legacy":
        from assistant.extractive import ExtractiveEngine

        return ExtractiveEngine(index)
    raise ValueError(f"unknown reader {name!r}; use one of {', '.join(READERS)}")
