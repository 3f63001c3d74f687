"""CI gate: fixed subsets must stay above recorded floors (and below ceilings).

Two suites:

* policy: ``evals/gate.json`` ``ids`` (of ``evals/datasets/policy_qa.jsonl``): every
  language x type stratum, unanswerables over-sampled so refusal accuracy is not measured
  on a handful (:func:`select_subset`); floors for ``GATED`` in ``evals/floors.json``.
* NorQuAD: ``gate.json`` ``norquad``: ``NORQUAD_DOCS`` texts of the NorQuAD *dev* documents
  (sha1 order, those with at least ``NORQUAD_MIN_QUESTIONS`` questions) with all their
  questions, plus the first ``NORQUAD_UNANSWERABLE`` unanswerable dev items
  (:func:`select_norquad_subset`), asked over an index of just those texts; floors and the
  false-refusal ceiling in ``floors.json`` ``norquad``. The NorQuAD folder is found at
  ``--norquad``, ``$NORQUAD_DIR`` or ``../shared/external/norquad`` beside the repository.

Floors only move up: :func:`raise_floors` sets a floor to the measured value minus a
margin, rounded down to two decimals, and never lowers one; a ceiling likewise only moves
down (measured plus the margin, rounded up).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from evals.dataset import DATASETS, EvalItem
from evals.metrics import Metrics
from evals.splits import sha1

EVALS_DIR = Path(__file__).resolve().parent
GATE_FILE = EVALS_DIR / "gate.json"
FLOORS_FILE = EVALS_DIR / "floors.json"
GATED = ("answer_accuracy", "citation_precision", "refusal_accuracy")
NORQUAD_GATED = ("answer_accuracy", "refusal_accuracy")
NORQUAD_CEILINGS = ("false_refusal_rate",)
DEFAULT_MARGIN = 0.02
NORQUAD_DOCS = 20
NORQUAD_MIN_QUESTIONS = 2
NORQUAD_UNANSWERABLE = 6
DEFAULT_NORQUAD_DIR = EVALS_DIR.parent.parent / "shared" / "external" / "norquad"

# items per (type) and language; 13 per language, 39-40 in all
QUOTAS: dict[str, int] = {"factual": 6, "followup": 2, "opinion": 2, "unanswerable": 3}


class NorquadSubset(BaseModel):
    dataset: str = "norquad-val.jsonl"  # in the NorQuAD folder
    note: str = ""
    docs: list[str]  # the texts indexed (copies, in a temporary folder)
    ids: list[str]


class GateSubset(BaseModel):
    dataset: str = "policy_qa.jsonl"
    note: str = ""
    ids: list[str]
    norquad: NorquadSubset | None = None

    def dataset_path(self) -> Path:
        return DATASETS / self.dataset


class Floors(BaseModel):
    note: str = ""
    margin: float = Field(DEFAULT_MARGIN, ge=0.0, le=0.5)
    floors: dict[str, float]
    ceilings: dict[str, float] = Field(default_factory=dict)  # metrics that must not rise above
    norquad: Floors | None = None  # the NorQuAD suite's own floors and ceilings


class Violation(BaseModel):
    metric: str
    floor: float
    measured: float | None
    ceiling: bool = False

    def message(self) -> str:
        got = "not measured" if self.measured is None else f"{self.measured:.3f}"
        if self.ceiling:
            return f"{self.metric} {got} is above its ceiling {self.floor:.2f}"
        return f"{self.metric} {got} is below its floor {self.floor:.2f}"


def _order(item: EvalItem) -> str:
    return hashlib.sha1(item.id.encode()).hexdigest()


def select_norquad_subset(
    items: Sequence[EvalItem],
    split: dict[str, list[str]],
    n_docs: int = NORQUAD_DOCS,
    min_questions: int = NORQUAD_MIN_QUESTIONS,
    n_unanswerable: int = NORQUAD_UNANSWERABLE,
) -> tuple[list[str], list[str]]:
    """(docs, ids): the first ``n_docs`` dev documents in sha1(name) order that have at least
    ``min_questions`` answerable questions, all their questions (dataset order), then the
    first ``n_unanswerable`` unanswerable dev items in sha1(id) order."""
    dev = set(split["dev"])
    counts = Counter(i.doc for i in items if i.answerable and i.doc in dev)
    docs = [d for d in sorted(dev, key=sha1) if counts[d] >= min_questions][:n_docs]
    chosen = set(docs)
    ids = [i.id for i in items if i.answerable and i.doc in chosen]
    known = {i.id for i in items}
    ids += [u for u in sorted(split["unanswerable_dev"], key=sha1) if u in known][:n_unanswerable]
    return sorted(docs), ids


def norquad_dir(explicit: Path | None = None) -> Path:
    env = os.environ.get("NORQUAD_DIR")
    return explicit or (Path(env) if env else DEFAULT_NORQUAD_DIR)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def norquad_problem(root: Path, subset: NorquadSubset) -> str | None:
    """Why the NorQuAD gate cannot run from ``root`` (None: it can)."""
    if not (root / subset.dataset).is_file():
        return (
            f"no NorQuAD dataset at {root / subset.dataset} (the shared folder is expected at "
            f"{DEFAULT_NORQUAD_DIR}; or pass --norquad DIR / set NORQUAD_DIR)"
        )
    missing = [d for d in subset.docs if not (root / "docs" / d).is_file()]
    if missing:
        return f"NorQuAD texts missing from {root / 'docs'}: {', '.join(missing)}"
    return None


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
    data = floors.model_dump(exclude_none=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check(measured: Metrics, floors: Floors) -> list[Violation]:
    """Floors and ceilings of one suite (``floors.norquad`` is checked on its own run)."""
    out: list[Violation] = []
    for metric, floor in floors.floors.items():
        value = getattr(measured, metric)
        if value is None or value < floor - 1e-9:
            out.append(Violation(metric=metric, floor=floor, measured=value))
    for metric, ceiling in floors.ceilings.items():
        value = getattr(measured, metric)
        if value is None or value > ceiling + 1e-9:
            out.append(Violation(metric=metric, floor=ceiling, measured=value, ceiling=True))
    return out


def raise_floors(floors: Floors, measured: Metrics, margin: float | None = None) -> Floors:
    """Floors moved up to (measured - margin), rounded down to 0.01; a floor never goes down.
    Ceilings moved down to (measured + margin), rounded up; a ceiling never goes up."""
    margin = floors.margin if margin is None else margin
    new: dict[str, float] = {}
    for metric, floor in floors.floors.items():
        value = getattr(measured, metric)
        candidate = math.floor(max(0.0, value - margin) * 100 + 1e-9) / 100 if value is not None else floor
        new[metric] = max(floor, candidate)
    ceilings: dict[str, float] = {}
    for metric, ceiling in floors.ceilings.items():
        value = getattr(measured, metric)
        candidate = math.ceil(min(1.0, value + margin) * 100 - 1e-9) / 100 if value is not None else ceiling
        ceilings[metric] = min(ceiling, candidate)
    return floors.model_copy(update={"floors": new, "ceilings": ceilings})
