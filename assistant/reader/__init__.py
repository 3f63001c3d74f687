"""The offline readers: pick the sentence of the retrieved passages that answers, or refuse.

* :class:`~assistant.reader.engine.LearnedReader` (default): a logistic scorer over general
  signals (``features``), fitted by ``python -m assistant.reader.train`` into ``model.json``;
  answerability is the calibrated probability that the sentences it would quote answer.
* :class:`~assistant.reader.trivial.TrivialReader`: the baseline every reader must beat.
* ``legacy``: the hand-tuned rules of :mod:`assistant.extractive`, kept runnable for comparison.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.extractive import ExtractiveEngine
    from retrieval.index import Index

READERS = ("learned", "legacy", "trivial")


def make_reader(name: str, index: Index, model: Path | None = None) -> ExtractiveEngine:
    """The reader called ``name`` over ``index``; an unknown name lists the choices. ``model``:
    the learned reader's fitted file instead of the shipped one (it must exist: a reader
    without its model would answer on no fitted weights at all)."""
    if name == "learned":
        from assistant.reader.engine import MODEL_PATH, LearnedReader
        from assistant.reader.scorer import ScorerError, load_model

        if model is not None:
            if not Path(model).is_file():
                raise ScorerError(
                    f"the reader model {model} (ASSISTANT_READER_MODEL) does not exist; "
                    "fit one with `python -m assistant.reader.train --out FILE`"
                )
            load_model(Path(model))  # a file that is not a reader model fails here, saying why
        return LearnedReader(index, model_path=Path(model) if model is not None else MODEL_PATH)
    if name == "trivial":
        from assistant.reader.trivial import TrivialReader

        return TrivialReader(index)
    if name == "legacy":
        from assistant.extractive import ExtractiveEngine

        return ExtractiveEngine(index)
    raise ValueError(f"unknown reader {name!r}; use one of {', '.join(READERS)}")
