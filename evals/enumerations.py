"""The enumeration splitter (assistant/lists/enumeration.py) against hand-made gold.

``evals/datasets/enumerations.jsonl``: 572 sentences of the seeds and the NorQuAD texts, each
marked by an annotator who saw neither the splitter's code nor its figures: whether it holds an
enumeration (three or more parallel items joined by commas and a conjunction) and, if so, its
items as a reader would list them. 422 are every sentence the splitter found an enumeration in on
2026-12-04, 150 a random sample of the 479 sentences with two commas and a conjunction in which
it found none. ``looked_at`` marks the 40 whose output was read while the splitter was changed;
the figures are also given without them.

``python -m evals enumerations`` prints, for the sentences: how many of those the splitter reads
as enumerations are ones (precision) and how many enumerations it finds (recall, over the
sentences of the file: the sample of misses stands for about three times as many); for the items:
precision and recall of items matching a gold item exactly (case and punctuation aside)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from evals.dataset import DATASETS
from evals.splits import load_jsonl

ENUMERATIONS = DATASETS / "enumerations.jsonl"
Splitter = Callable[[str], list[tuple[int, int]]]


class GoldSentence(BaseModel):
    id: str
    doc: str
    sentence: str
    enumeration: bool
    items: list[str]
    looked_at: bool = False


class Scores(BaseModel):
    sentences: int
    detect_precision: float
    detect_recall: float
    item_precision: float
    item_recall: float
    all_items_right: int  # enumerations whose items the splitter gives exactly

    @property
    def item_f1(self) -> float:
        p, r = self.item_precision, self.item_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(path: Path = ENUMERATIONS) -> list[GoldSentence]:
    return load_jsonl(path, GoldSentence)


def key(item: str) -> str:
    return " ".join(re.findall(r"\w+", item.lower()))


def score(split: Splitter, gold: Sequence[GoldSentence]) -> Scores:
    found = right_found = missed = 0
    matched = predicted = wanted = exact = 0
    for g in gold:
        items = [key(g.sentence[a:b]) for a, b in split(g.sentence)]
        want = [key(i) for i in g.items] if g.enumeration else []
        found += bool(items)
        right_found += bool(items and want)
        missed += bool(want and not items)
        hits = sum(1 for i in items if i in want)
        matched, predicted, wanted = matched + hits, predicted + len(items), wanted + len(want)
        exact += bool(want) and items == want
    return Scores(
        sentences=len(gold),
        detect_precision=right_found / found if found else 0.0,
        detect_recall=right_found / (right_found + missed) if right_found + missed else 0.0,
        item_precision=matched / predicted if predicted else 0.0,
        item_recall=matched / wanted if wanted else 0.0,
        all_items_right=exact,
    )


def report_markdown(rows: dict[str, Scores]) -> str:
    lines = [
        "### Enumerations in running text (the splitter against hand-made gold)",
        "",
        "| sentences | n | found: precision | recall | items: precision | recall | F1 | all items right |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in rows.items():
        lines.append(
            f"| {name} | {s.sentences} | {s.detect_precision:.3f} | {s.detect_recall:.3f} | {s.item_precision:.3f} | "
            f"{s.item_recall:.3f} | {s.item_f1:.3f} | {s.all_items_right} |"
        )
    return "\n".join(lines) + "\n"


def run(split: Splitter, path: Path = ENUMERATIONS) -> dict[str, Scores]:
    gold = load(path)
    return {"all": score(split, gold), "not looked at": score(split, [g for g in gold if not g.looked_at])}
