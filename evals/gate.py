"""CI gate: a fixed, stratified subset of the dataset must stay above recorded floors.

``evals/gate.json`` lists the subset (ids of ``evals/datasets/policy_qa.jsonl``): every
language x type stratum, unanswerables over-sampled so refusal accuracy is not measured
on a handful. ``evals/floors.json`` holds the floors for ``GATED`` metrics. Floors only
move up: :func:`raise_floors` sets a floor to the measured value minus a margin, rounded
down to two decimals, and never lowers one.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from evals.dataset import DATASETS, EvalItem
from evals.metrics import Metrics

EVALS_DIR = Path(__file__).resolve().parent
GATE_FILE = EVALS_DIR / "gate.json"
FLOORS_FILE = EVALS_DIR / "floors.json"
GATED = ("answer_accuracy", "citation_precision", "refusal_accuracy")
DEFAULT_MARGIN = 0.02

# items per (type) and language; 13 per language, 39-40 in all
QUOTAS: dict[str, int] = {"factual": 6, "followup": 2, "opinion": 2, "unanswerable": 3}


class GateSubset(BaseModel):
    dataset: str = "policy_qa.jsonl"
    note: str = ""
    ids: list[str]

    def dataset_path(self) -> Path:
        return DATASETS / self.dataset


class Floors(BaseModel):
    note: str = ""
    margin: float = Field(DEFAULT_MARGIN, ge=0.0, le=0.5)
    floors: dict[str, float]


class Violation(BaseModel):
    metric: str
    floor: float
    measured: float | None

    def message(self) -> str:
        got = "not measured" if self.measured is None else f"{self.measured:.3f}"
        return f"{self.metric} {got} is below its floor {self.floor:.2f}"


def _order(item: EvalItem) -> str:
    return hashlib.sha1(item.id.encode()).hexdigest()


def select_subset(items: Sequence[EvalItem], quotas: dict[str, int] = QUOTAS) -> list[str]:
    """Deterministic stratified subset: per language and type its quota, spread over documents.

    Within a stratum the items are taken round-robin over their documents, each
    document's items in a fixed pseudo-random order (sha1 of the id)."""
    strata: dict[tuple[str, str], list[EvalItem]] = defaultdict(list)
    for item in items:
        strata[(item.lang, item.type)].append(item)
    chosen: list[str] = []
    for (_lang, kind), members in sorted(strata.items()):
        by_doc: dict[str, list[EvalItem]] = defaultdict(list)
        for item in sorted(members, key=_order):
            by_doc[item.doc or ""].append(item)
        queues = [by_doc[d] for d in sorted(by_doc)]
        quota = min(quotas.get(kind, 2), len(members))
        picked: list[EvalItem] = []
        while len(picked) < quota:
            for queue in queues:
                if queue and len(picked) < quota:
                    picked.append(queue.pop(0))
        chosen.extend(i.id for i in picked)
    return chosen


def load_subset(path: Path = GATE_FILE) -> GateSubset:
    return GateSubset.model_validate_json(path.read_text(encoding="utf-8"))


def load_floors(path: Path = FLOORS_FILE) -> Floors:
    return Floors.model_validate_json(path.read_text(encoding="utf-8"))


def save_floors(floors: Floors, path: Path = FLOORS_FILE) -> None:
    path.write_text(json.dumps(floors.model_dump(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check(measured: Metrics, floors: Floors) -> list[Violation]:
    out: list[Violation] = []
    for metric, floor in floors.floors.items():
        value = getattr(measured, metric)
        if value is None or value < floor - 1e-9:
            out.append(Violation(metric=metric, floor=floor, measured=value))
    return out


def raise_floors(floors: Floors, measured: Metrics, margin: float | None = None) -> Floors:
    """Floors moved up to (measured - margin), rounded down to 0.01; a floor never goes down."""
    margin = floors.margin if margin is None else margin
    new: dict[str, float] = {}
    for metric, floor in floors.floors.items():
        value = getattr(measured, metric)
        candidate = math.floor(max(0.0, value - margin) * 100 + 1e-9) / 100 if value is not None else floor
        new[metric] = max(floor, candidate)
    return floors.model_copy(update={"floors": new})
