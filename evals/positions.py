"""The comparison dataset (``datasets/compare.jsonl``) and its metrics.

Each item is a topic judged against every seed document: a cell holds the gold quotes that
state the document's position, or ``addressed: false``. Split by topic into dev and a frozen
test (``splits/compare.json``: within each language, topics ordered by sha1(id) and dealt
dev, test, test, …); test is run only to report.

Metrics, per method (``learned``: :class:`assistant.compare.engine.Comparer`; ``trivial``: the
top passage per document and its sentence closest to the topic by e5 cosine, never "not
addressed"):

* cell accuracy: an addressed cell is right when a cited sentence holds a gold quote (the
  gold quote inside it, or at least half of the gold quote as one run); a not-addressed cell
  when the method says "not addressed";
* "not addressed" precision, recall and F1;
* quote accuracy on the addressed cells alone; label precision (labels shown that equal the
  gold label, gold null counting as wrong) and how many cells got a label;
* p50 / p95 time per comparison (all documents in scope).

The chat questions of the items are also checked: how many are recognised as comparisons,
and with a topic that keeps the gold topic's words.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel

from assistant.citations import cite_span
from assistant.compare.models import Comparison, ComparisonRow
from evals.dataset import DATASETS, DatasetError
from evals.matching import holds_quote, quote_coverage
from evals.metrics import percentile
from evals.splits import SPLITS_DIR, deal, freeze_split, in_split, load_jsonl

COMPARE_DATASET = DATASETS / "compare.jsonl"
COMPARE_SPLIT = SPLITS_DIR / "compare.json"
DEAL = ("dev", "test", "test")


class Cell(BaseModel):
    doc_id: str
    addressed: bool
    quotes: list[str] = []
    label: Literal["for", "against", "conditional"] | None = None


class CompareItem(BaseModel):
    id: str
    topic: str
    question: str
    lang: Literal["nb", "da", "en"]
    cells: list[Cell]


def load_compare(path: Path = COMPARE_DATASET) -> list[CompareItem]:
    items = load_jsonl(path, CompareItem)
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise DatasetError(f"{path}: duplicate ids")
    return items


def compare_split(items: Sequence[CompareItem]) -> dict[str, list[str]]:
    """Within each language, topics by sha1(id), dealt dev, test, test, …"""
    return deal(([i.id for i in items if i.lang == lang] for lang in sorted({i.lang for i in items})), DEAL)


def freeze_compare(items: Sequence[CompareItem], path: Path = COMPARE_SPLIT) -> dict[str, list[str]]:
    """Write the split the first time; afterwards only new topics are dealt (to test)."""
    return freeze_split(path, compare_split(items), [i.id for i in items])


def select_split(items: Sequence[CompareItem], split: str, path: Path = COMPARE_SPLIT) -> list[CompareItem]:
    return in_split(items, path, split, "python -m evals positions")


def frozen_digest(items: Sequence[CompareItem]) -> str:
    """sha256 of the test split's items (canonical JSON sorted by id), pinned in the tests."""
    chosen = sorted(select_split(items, "test"), key=lambda i: i.id)
    canon = json.dumps([i.model_dump() for i in chosen], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


# ---- scoring -------------------------------------------------------------------------


def quote_right(cited: Sequence[str], gold: Sequence[str]) -> bool:
    return any(holds_quote(c, g) or quote_coverage(c, g) >= 0.5 for c in cited for g in gold)


@dataclass
class CellResult:
    item: str
    doc_id: str
    gold_addressed: bool
    said_addressed: bool
    quote_right: bool
    gold_label: str | None
    label: str | None
    lang: str = ""  # the topic's language

    @property
    def right(self) -> bool:
        return self.quote_right if self.gold_addressed else not self.said_addressed


def score_row(item: CompareItem, cell: Cell, row: ComparisonRow) -> CellResult:
    cited = [c.quote for c in row.citations]
    return CellResult(
        item.id,
        cell.doc_id,
        cell.addressed,
        row.addressed,
        row.addressed and cell.addressed and quote_right(cited, cell.quotes),
        cell.label,
        row.label if row.addressed else None,
        item.lang,
    )


@dataclass
class MethodResult:
    method: str
    cells: list[CellResult] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)

    def metrics(self, lang: str | None = None) -> dict[str, float]:
        """The method's figures over its cells, or over those of topics in ``lang`` only."""
        c = [x for x in self.cells if lang is None or x.lang == lang]
        na_gold = [x for x in c if not x.gold_addressed]
        na_said = [x for x in c if not x.said_addressed]
        tp = sum(1 for x in na_said if not x.gold_addressed)
        precision = tp / len(na_said) if na_said else 0.0
        recall = tp / len(na_gold) if na_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        addressed = [x for x in c if x.gold_addressed]
        labelled = [x for x in c if x.label]
        return {
            "cells": float(len(c)),
            "cell_accuracy": sum(x.right for x in c) / len(c) if c else 0.0,
            "quote_accuracy": sum(x.quote_right for x in addressed) / len(addressed) if addressed else 0.0,
            "na_precision": precision,
            "na_recall": recall,
            "na_f1": f1,
            "labels_shown": float(len(labelled)),
            "label_precision": sum(x.label == x.gold_label for x in labelled) / len(labelled) if labelled else 0.0,
            "p50_ms": percentile(self.ms, 50),
            "p95_ms": percentile(self.ms, 95),
        }


CompareFn = Callable[[str, Sequence[str]], Comparison]


def run_method(name: str, compare: CompareFn, items: Sequence[CompareItem]) -> MethodResult:
    result = MethodResult(name)
    for item in items:
        docs = [c.doc_id for c in item.cells]
        started = time.perf_counter()
        comparison = compare(item.topic, docs)
        result.ms.append((time.perf_counter() - started) * 1000)
        rows = {r.doc_id: r for r in comparison.rows}
        for cell in item.cells:
            result.cells.append(score_row(item, cell, rows[cell.doc_id]))
    return result


def trivial_compare(comparer: object) -> CompareFn:
    """The trivial alternative: per document its top passage for the topic, and that passage's
    sentence closest to the topic by e5 cosine; never "not addressed"."""
    from assistant.compare.engine import Comparer

    assert isinstance(comparer, Comparer)
    index = comparer.index

    def compare(topic: str, docs: Sequence[str]) -> Comparison:
        vector = np.asarray(index.query_vector(topic), dtype=np.float32)
        rows: list[ComparisonRow] = []
        for doc in docs:
            row = comparer.unread(doc)
            hits = index.search(topic, k=1, doc_ids=[doc])
            if hits:
                spans = index.sentences.of(hits[0].chunk.chunk_id)
                if spans:
                    a, b, _ = max(spans, key=lambda s: float(np.dot(s[2], vector)))
                    row.citations = [cite_span(index, hits[0], a, b, 1)]
                    row.addressed = True
            rows.append(row)
        return Comparison(topic=topic, lang="en", rows=rows)

    return compare


def detection(items: Sequence[CompareItem], named: Callable[[str], set[str]]) -> dict[str, float]:
    """How many of the items' chat questions are recognised as comparisons, and how many of
    those keep the gold topic's content words in the topic they extract."""
    from assistant.compare.detect import comparison_request

    found = kept = 0
    for item in items:
        request = comparison_request(item.question, len(named(item.question)))
        if request is None:
            continue
        found += 1
        words = {w for w in item.topic.lower().split() if len(w) > 3}
        got = request.topic.lower()
        kept += bool(words) and sum(w[:5] in got for w in words) / len(words) >= 0.5
    n = len(items)
    return {"questions": float(n), "recognised": found / n if n else 0.0, "topic_kept": kept / n if n else 0.0}


def report_markdown(split: str, results: Sequence[MethodResult], detected: dict[str, float]) -> str:
    rows = [
        f"### Comparisons ({split}: {int(results[0].metrics()['cells'])} cells)",
        "",
        "| method | cell acc. | quote acc. (addressed) | not-addr. P / R / F1 | labels shown / precision "
        "| p50 / p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        m = r.metrics()
        rows.append(
            f"| {r.method} | {m['cell_accuracy']:.3f} | {m['quote_accuracy']:.3f} | "
            f"{m['na_precision']:.3f} / {m['na_recall']:.3f} / {m['na_f1']:.3f} | "
            f"{int(m['labels_shown'])} / {m['label_precision']:.3f} | {m['p50_ms']:.0f} / {m['p95_ms']:.0f} |"
        )
    langs = sorted({x.lang for r in results for x in r.cells if x.lang})
    if len(langs) > 1:  # where each method stands by the topic's language (the documents are da and nb)
        rows += [
            "",
            "| method | topic language | cells | cell acc. | quote acc. (addressed) | not-addr. F1 |",
            "|---|---|---|---|---|---|",
        ]
        for r in results:
            for lang in langs:
                m = r.metrics(lang)
                rows.append(
                    f"| {r.method} | {lang} | {int(m['cells'])} | {m['cell_accuracy']:.3f} | "
                    f"{m['quote_accuracy']:.3f} | {m['na_f1']:.3f} |"
                )
    rows += [
        "",
        f"Chat questions recognised as comparisons: {detected['recognised']:.3f} "
        f"(topic kept {detected['topic_kept']:.3f}) of {int(detected['questions'])}.",
    ]
    return "\n".join(rows) + "\n"
