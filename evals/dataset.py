"""The evaluation dataset format (JSONL, one item per line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

DATASETS = Path(__file__).resolve().parent / "datasets"
DEFAULT_DATASET = DATASETS / "policy_qa.jsonl"
PARAPHRASES = DATASETS / "policy_paraphrases.jsonl"
NORQUAD_EN = DATASETS / "norquad_en.jsonl"
NORQUAD_DA = DATASETS / "norquad_da.jsonl"
# training only (assistant.reader.train): written for the reader's fit, never evaluated on
POLICY_TRAIN = DATASETS / "policy_train.jsonl"
POLICY_TRAIN2 = DATASETS / "policy_train2.jsonl"
OFFTOPIC_TRAIN = DATASETS / "offtopic_train.jsonl"
OFFTOPIC_DEV = DATASETS / "offtopic_dev.jsonl"
NORQUAD_EXTRA = DATASETS / "norquad_extra.jsonl"


class EvalItem(BaseModel):
    id: str
    question: str
    history: list[str] = Field(default_factory=list)
    answerable: bool = True
    answer: str = ""
    numbers: list[str] = Field(default_factory=list)
    doc: str | None = None
    quote: str = ""
    lang: Literal["da", "no", "en"] = "en"
    type: Literal["factual", "followup", "opinion", "unanswerable"] = "factual"
    # the exact answer (NorQuAD): scored by the span metric (evals.metrics) instead of figures + quote
    span: str = ""


class DatasetError(ValueError):
    pass


def load_dataset(path: Path) -> list[EvalItem]:
    items: list[EvalItem] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DatasetError(f"{path}:{n}: {exc}") from exc
        if item.id in seen:
            raise DatasetError(f"{path}:{n}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items
