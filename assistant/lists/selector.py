"""Which of the reader's sentences are items of a list answer: a fitted item selector.

The learned reader scores the sentences of a question's passages to pick one answer, so its
softmax is peaked: a list's items after the first stand far below the best even when each is
as much an item as it is. The selector is a pointwise logistic model (``model.json``, fitted by
``python -m assistant.lists.fit`` on the development list questions) over the reader's own
features of a sentence and its standing in the question's reading: how far its score is from
the best's, its rank, whether it is a list's point or a lead-in, whether it shares the best
sentence's passage or document, its passage's rank, and whether the question asks by a plural
interrogative alone, and whether it stands in the best sentence's paragraph and under its
heading (items spread over a text mostly stand in one run of sentences of one section). A
sentence is an item when its probability is at least the fitted
threshold; the best sentence always is (as with the ratio rule before it). Without a model
file the reader's ratio rule decides: the sentences within ``ITEM_RATIO`` of the best's share.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.lists.points import marker_of
from assistant.reader.features import FEATURES, Candidate
from assistant.reader.scorer import LogisticScorer, load_fitted
from assistant.reader.select import Reading
from retrieval.chunking import is_title

MODEL_PATH = Path(__file__).resolve().with_name("model.json")
ITEM_RATIO = 0.25  # without a model: a sentence's softmax share against the best's
MAX_SENTENCE_ITEMS = 10
# a sentence without a word of two letters is a label ("d).", "2.", "18-21": the sentence splitter
# reads a numbered question's label as a sentence of its own): no item, and no candidate for one
WORD = re.compile(r"[^\W\d_]{2,}")
STANDING_FEATURES: tuple[str, ...] = (
    "logit_gap",
    "share",
    "log_rank",
    "point",
    "lead_in",
    "same_passage",
    "same_document",
    "passage_rank_inv",
    "plural_only",
    "same_block",
    "same_section",
)
ITEM_FEATURES: tuple[str, ...] = tuple(FEATURES) + STANDING_FEATURES


def item_features(r: Reading, plural_only: bool) -> np.ndarray:
    """A row of ``ITEM_FEATURES`` per candidate of ``r.ok`` (in that order)."""
    rows = np.zeros((len(r.ok), len(ITEM_FEATURES)))
    if not r.ok:
        return rows
    top = r.candidates[r.ok[0]]
    top_logit = r.logits[r.ok[0]]
    top_section = section_of(top)
    for k, i in enumerate(r.ok):
        c = r.candidates[i]
        gap = float(r.logits[i] - top_logit)
        text = c.record.text
        rows[k] = np.r_[
            r.X[i],
            gap,
            math.exp(gap),
            math.log1p(k),
            float(bool(marker_of(text))),
            float(text.rstrip().endswith(":")),
            float(c.hit.chunk.chunk_id == top.hit.chunk.chunk_id),
            float(c.hit.chunk.doc_id == top.hit.chunk.doc_id),
            1.0 / (1 + c.hit.rank),
            float(plural_only),
            float(same_block(c, top)),
            float(c.hit.chunk.doc_id == top.hit.chunk.doc_id and section_of(c) == top_section),
        ]
    return rows


def section_of(c: Candidate) -> str | None:
    """The heading a sentence stands under: the last heading line above it in its passage, else the
    section its passage opens in (a passage may hold one section's end and the next's start)."""
    heading = None
    for block in c.hit.chunk.text[: c.record.start].split("\n\n"):
        line = block.strip()
        if line and "\n" not in line and is_title(line) and not marker_of(line):
            heading = line
    return heading or c.hit.chunk.section


def same_block(c: Candidate, top: Candidate) -> bool:
    """Whether two sentences stand in one paragraph: the same passage, no blank line between."""
    if c.hit.chunk.chunk_id != top.hit.chunk.chunk_id:
        return False
    a, b = sorted((c.record.start, top.record.start))
    return "\n\n" not in c.hit.chunk.text[a:b]


@dataclass
class ItemSelector:
    model: LogisticScorer | None = None
    threshold: float = 0.5

    def probabilities(self, r: Reading, plural_only: bool) -> np.ndarray:
        """Each candidate of ``r.ok``'s probability of being an item (the ratio rule's share
        without a model)."""
        if not r.ok:
            return np.zeros(0)
        if self.model is None:
            return np.exp(r.logits[r.ok] - r.logits[r.ok[0]])
        return self.model.predict_proba(item_features(r, plural_only))

    def chosen(self, r: Reading, plural_only: bool) -> list[int]:
        """The candidates (indices into ``r.candidates``) that are items, in the reader's order:
        the best, then those at or above the threshold, up to ``MAX_SENTENCE_ITEMS``; never a
        label (:func:`is_label`)."""
        if not r.ok:
            return []
        p = self.probabilities(r, plural_only)
        cut = ITEM_RATIO if self.model is None else self.threshold
        chosen = [i for k, i in enumerate(r.ok) if k == 0 or p[k] >= cut]
        return [i for i in chosen if not is_label(r.candidates[i].record.text)][:MAX_SENTENCE_ITEMS]


def is_label(text: str) -> bool:
    return WORD.search(text) is None


def load_selector(path: Path = MODEL_PATH) -> ItemSelector:
    def build(data: dict[str, object]) -> ItemSelector:
        return ItemSelector(
            LogisticScorer.from_dict(data["model"], ITEM_FEATURES),  # type: ignore[arg-type]
            float(data["threshold"]),  # type: ignore[arg-type]
        )

    return load_fitted(path, build, ItemSelector(), "an item selector", "python -m assistant.lists.fit")
