"""The predictions file: one JSON line per dataset item, what the assistant answered.

    {"id", "answer", "refused", "citations": [{"marker", "doc", "title", "page", "raw_start",
     "quote", "passage", ...}], "query", "latency_ms", "retrieved": [{"rank", "doc", "chunk_id",
     "text"}], "usage": {"prompt_tokens", "completion_tokens"} | null, "error": str | null,
     "confidence": float | null}

``doc`` is the cited document's file name (as in the dataset), ``passage`` the full text
of the cited passage, ``retrieved`` the top passages for ``query`` (so retrieval metrics
need only this file and the dataset). ``retrieved`` is null when the run did not record
it; ``error`` is set when asking failed (the item then counts as a wrong answer);
``confidence`` is the reader's answerability probability (``Answer.debug["answerability"]``)
when it gives one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class PredictedCitation(BaseModel):
    model_config = ConfigDict(extra="allow")

    marker: int
    doc: str
    title: str = ""
    page: int | None = None
    raw_start: int | None = None  # where the quote starts in the document's loaded text
    quote: str = ""
    passage: str = ""
    section: str | None = None
    author: str = ""
    year: int | None = None

    def evidence(self) -> str:
        """What the reader of this citation sees: the passage under its document's heading."""
        source = f"{self.author} ({self.year})" if self.year else self.author
        head = " — ".join(part for part in (self.title, source, self.section or "") if part)
        return f"{head}\n{self.passage}" if head else self.passage


class RetrievedPassage(BaseModel):
    rank: int
    doc: str
    chunk_id: str
    text: str

    @property
    def file_name(self) -> str:  # so a retrieved passage is a metrics.Passage
        return self.doc


class TokenUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Prediction(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    answer: str = ""
    refused: bool = False
    citations: list[PredictedCitation] = Field(default_factory=list)
    query: str = ""
    latency_ms: float | None = None
    retrieved: list[RetrievedPassage] | None = None
    usage: TokenUsage | None = None
    error: str | None = None
    confidence: float | None = None


class PredictionsError(ValueError):
    pass


def read_predictions(path: Path) -> list[Prediction]:
    """Read a predictions file; a bad line is an error naming file and line."""
    out: list[Prediction] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(Prediction.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise PredictionsError(f"{path}:{n}: {exc}") from exc
    return out


def write_predictions(path: Path, predictions: Iterable[Prediction]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for p in predictions:
            fh.write(p.model_dump_json(exclude_none=False) + "\n")
