"""Fit the comparison's sentence ranker and "addressed" model: ``python -m assistant.compare.fit``.

Training data: the comparison topics of ``evals/datasets/compare_train.jsonl`` to
``compare_train4.jsonl`` (written for training only) and the dev split of ``compare.jsonl``
(never its test split). Every (topic, document) cell is read as the
comparison reads it; a sentence is a positive when it holds one of the cell's gold quotes.

* ranker: a listwise logistic model over ``SENTENCE_FEATURES`` (softmax within a cell), on
  the addressed cells that have a gold sentence among their candidates;
* addressed: a logistic model over ``DOCUMENT_FEATURES``, whose ``top_score`` is the ranker's
  out-of-fold score (folds by topic), so it learns from scores like those it will meet;
* quote ratio (a further sentence is quoted when its softmax share is at least this share of
  the best's): the largest, so the fewest quotes, whose out-of-fold quote accuracy is within one
  standard error of the best ratio's;
* threshold: 0.5 on the calibrated probability unless another threshold's out-of-fold cell
  accuracy is better by more than one standard error (the curve is reported).

Prints out-of-fold figures by topic folds; writes ``assistant/compare/model.json``. The same
data gives the same file (no randomness; folds by sorted topic id).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.compare.engine import MODEL_PATH, CompareModel, Comparer, DocumentReading
from assistant.compare.features import DOCUMENT_FEATURES, SENTENCE_FEATURES, score_standing
from assistant.question import analyze_question
from assistant.reader.scorer import LogisticScorer, save_model
from evals.dataset import DATASETS
from evals.matching import holds_quote, quote_coverage
from evals.positions import COMPARE_DATASET, CompareItem, load_compare, select_split

TRAIN_FILE = DATASETS / "compare_train.jsonl"
TRAIN_FILES = (
    TRAIN_FILE,
    DATASETS / "compare_train2.jsonl",
    DATASETS / "compare_train3.jsonl",
    DATASETS / "compare_train4.jsonl",
)
FOLDS = 5
L2 = 1.0
RATIOS = (0.1, 0.2, 0.3, 0.5, 0.7, 1.01)
FORMAT_VERSION = 1


def holds_gold(text: str, quotes: list[str]) -> bool:
    return any(holds_quote(text, g) or quote_coverage(text, g) >= 0.5 for g in quotes)


@dataclass
class CellData:
    topic_id: str
    doc_id: str
    addressed: bool
    reading: DocumentReading
    positives: np.ndarray  # per sentence of reading.ok: holds a gold quote


def collect(comparer: Comparer, items: list[CompareItem]) -> list[CellData]:
    cells: list[CellData] = []
    for item in items:
        q = analyze_question(item.topic)
        for cell in item.cells:
            dr = comparer.read(q, item.topic, cell.doc_id)
            r = dr.reading
            pos = np.array([holds_gold(r.candidates[i].record.text, cell.quotes) for i in r.ok], dtype=bool)
            cells.append(CellData(item.id, cell.doc_id, cell.addressed, dr, pos if cell.addressed else pos & False))
    return cells


def fit_ranker(cells: list[CellData]) -> LogisticScorer:
    rows, ys, groups = [], [], []
    for g, c in enumerate(cells):
        if c.addressed and c.positives.any():
            rows.append(c.reading.sentence_X)
            ys.append(c.positives.astype(float))
            groups.append(np.full(len(c.positives), g))
    return LogisticScorer(SENTENCE_FEATURES, l2=L2).fit(
        np.vstack(rows), np.concatenate(ys), groups=np.concatenate(groups)
    )


def document_x(c: CellData, scores: np.ndarray) -> np.ndarray:
    """The cell's document features with the standing of ``scores`` (the ranker's, out of fold)."""
    x = c.reading.document_x.copy()
    standing = score_standing(scores)
    for name, value in zip(("top_score", "lead_over_next", "lead_over_median"), standing, strict=True):
        x[DOCUMENT_FEATURES.index(name)] = value
    return x


def folds_of(cells: list[CellData]) -> list[int]:
    topics = sorted({c.topic_id for c in cells})
    fold = {t: n % FOLDS for n, t in enumerate(topics)}
    return [fold[c.topic_id] for c in cells]


def out_of_fold(cells: list[CellData]) -> tuple[list[np.ndarray], np.ndarray]:
    """Each cell's ranker scores and addressed probability from models fitted without its topic."""
    folds = folds_of(cells)
    scores: list[np.ndarray] = [np.zeros(0)] * len(cells)
    for f in range(FOLDS):
        ranker = fit_ranker([c for c, k in zip(cells, folds, strict=True) if k != f])
        for n, c in enumerate(cells):
            if folds[n] == f and len(c.reading.sentence_X):
                scores[n] = ranker.decision(c.reading.sentence_X)
    probs = np.zeros(len(cells))
    for f in range(FOLDS):
        train = [n for n in range(len(cells)) if folds[n] != f]
        model = fit_addressed([cells[n] for n in train], [scores[n] for n in train])
        for n, c in enumerate(cells):
            if folds[n] == f:
                probs[n] = model.predict_proba(document_x(c, scores[n])[None, :])[0] if len(scores[n]) else 0.0
    return scores, probs


def fit_addressed(cells: list[CellData], scores: list[np.ndarray]) -> LogisticScorer:
    X = np.array([document_x(c, s) for c, s in zip(cells, scores, strict=True)])
    y = np.array([float(c.addressed) for c in cells])
    return LogisticScorer(DOCUMENT_FEATURES, l2=L2).fit(X, y)


def quoted(c: CellData, scores: np.ndarray, ratio: float) -> list[int]:
    if not len(scores):
        return []
    order = sorted(range(len(scores)), key=lambda n: (-scores[n], n))
    chosen = [order[0]]
    for n in order[1:]:
        if len(chosen) == 3 or math.exp(scores[n] - scores[order[0]]) < ratio:
            break
        chosen.append(n)
    return chosen


def figures(
    cells: list[CellData], scores: list[np.ndarray], probs: np.ndarray, threshold: float, ratio: float
) -> dict[str, float]:
    right = []
    quote_hits = []
    na_tp = na_said = na_gold = 0
    for c, s, p in zip(cells, scores, probs, strict=True):
        said = p >= threshold and len(s) > 0
        hit = bool(len(s)) and bool(c.positives[quoted(c, s, ratio)].any()) if c.addressed else False
        if c.addressed:
            quote_hits.append(hit)
        right.append(hit and said if c.addressed else not said)
        na_said += not said
        na_gold += not c.addressed
        na_tp += (not said) and (not c.addressed)
    prec = na_tp / na_said if na_said else 0.0
    rec = na_tp / na_gold if na_gold else 0.0
    return {
        "cell_accuracy": float(np.mean(right)),
        "quote_accuracy": float(np.mean(quote_hits)) if quote_hits else 0.0,
        "na_precision": prec,
        "na_recall": rec,
        "na_f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
    }


def top_k_hits(cells: list[CellData], scores: list[np.ndarray], k: int) -> float:
    hits = [
        bool(c.positives[sorted(range(len(s)), key=lambda n: -s[n])[:k]].any())
        for c, s in zip(cells, scores, strict=True)
        if c.addressed and len(s)
    ]
    return float(np.mean(hits)) if hits else 0.0


def choose_ratio(cells: list[CellData], scores: list[np.ndarray]) -> tuple[float, list[tuple[float, float, float]]]:
    """The largest ratio whose out-of-fold quote accuracy is within one SE of the best's; the
    curve as (ratio, quote accuracy, mean sentences quoted)."""
    curve = []
    for ratio in RATIOS:
        acc = figures(cells, scores, np.ones(len(cells)), 0.5, ratio)["quote_accuracy"]
        mean = float(np.mean([len(quoted(c, s, ratio)) for c, s in zip(cells, scores, strict=True) if len(s)]))
        curve.append((ratio, acc, mean))
    best = max(a for _, a, _ in curve)
    n = sum(c.addressed for c in cells)
    se = math.sqrt(best * (1 - best) / n) if n else 0.0
    return max(r for r, a, _ in curve if a >= best - se), curve


def choose_threshold(
    cells: list[CellData], scores: list[np.ndarray], probs: np.ndarray, ratio: float
) -> tuple[float, list[tuple[float, float]]]:
    """0.5 unless another threshold's out-of-fold cell accuracy beats it by more than one SE."""
    curve = []
    for t in np.round(np.arange(0.2, 0.81, 0.05), 2):
        curve.append((float(t), figures(cells, scores, probs, float(t), ratio)["cell_accuracy"]))
    at_half = dict(curve)[0.5]
    best_t, best = max(curve, key=lambda x: (x[1], -abs(x[0] - 0.5)))
    se = math.sqrt(best * (1 - best) / len(cells))
    return (best_t if best - at_half > se else 0.5), curve


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant.compare.fit", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    from assistant.api import Assistant
    from assistant.reader.engine import LearnedReader

    items = select_split(load_compare(COMPARE_DATASET), "dev")
    sources = ["compare-dev"]
    for n, path in enumerate(f for f in TRAIN_FILES if f.exists()):
        items = load_compare(path) + items
        sources.insert(n, path.stem.replace("_", "-"))
    assistant = Assistant()
    reader = assistant.extractive if isinstance(assistant.extractive, LearnedReader) else LearnedReader(assistant.index)
    comparer = Comparer(assistant.index, reader, CompareModel())  # the reader's own order: no fitted model
    cells = collect(comparer, items)
    base_scores = [c.reading.scores for c in cells]  # the reader's own order
    scores, probs = out_of_fold(cells)
    ratio, ratio_curve = choose_ratio(cells, scores)
    threshold, curve = choose_threshold(cells, scores, probs, ratio)
    oof = figures(cells, scores, probs, threshold, ratio)
    print(f"{len(items)} topics, {len(cells)} cells ({sum(c.addressed for c in cells)} addressed)")
    for k in (1, 2, 3):
        print(
            f"  gold sentence in top {k}: reader {top_k_hits(cells, base_scores, k):.3f}, ranker (oof) "
            f"{top_k_hits(cells, scores, k):.3f}"
        )
    print("  quote ratio: " + " ".join(f"{r}:{a:.3f} ({m:.2f} quoted)" for r, a, m in ratio_curve) + f" -> {ratio}")
    print(f"  threshold {threshold}; out of fold: " + ", ".join(f"{k} {v:.3f}" for k, v in oof.items()))
    print("  curve: " + " ".join(f"{t:.2f}:{a:.3f}" for t, a in curve))
    ranker = fit_ranker(cells)
    full_scores = [ranker.decision(c.reading.sentence_X) if len(c.reading.sentence_X) else np.zeros(0) for c in cells]
    addressed = fit_addressed(cells, scores)
    payload = {
        "format_version": FORMAT_VERSION,
        "ranker": ranker.to_dict(),
        "addressed": addressed.to_dict(),
        "threshold": threshold,
        "quote_ratio": ratio,
        "k": comparer.model.k,
        "training": {
            "sources": sources,
            "topics": len(items),
            "cells": len(cells),
            "out_of_fold": {k: round(v, 4) for k, v in oof.items()},
            "threshold_curve": [[t, round(a, 4)] for t, a in curve],
            "quote_ratio_curve": [[r, round(a, 4), round(m, 3)] for r, a, m in ratio_curve],
            "in_sample_top1": round(top_k_hits(cells, full_scores, 1), 4),
        },
    }
    save_model(args.out, payload)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
