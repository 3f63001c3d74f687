"""What the comparison's two small models read, computed in one place.

* sentence features: how well a candidate sentence of one document states that document's
  position on the topic (the reader's own score and signals, plus whether the sentence is a
  statement of what should be done, names its author or speaks as "we", or is a list item);
* document features: whether the document addresses the topic at all (the reader's
  answerability, the best sentence's score, the closest meaning and wording found, and how
  much of the topic the whole document uses).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache

import numpy as np

from assistant.compare.stance import CUES_PATH, cues
from assistant.reader.select import COL, Reading

SENTENCE_FEATURES: tuple[str, ...] = (
    "logit",
    "logit_gap",
    "cos",
    "cos_gap",
    "lex_sentence",
    "lex_window",
    "lex_passage",
    "rare_sentence",
    "grams",
    "normative",
    "stance",
    "speaker",
    "list_item",
    "log_len",
    "heading",
)
DOCUMENT_FEATURES: tuple[str, ...] = (
    "answerability_logit",
    "top_score",
    "max_cos",
    "max_lex",
    "max_grams",
    "max_rare",
    "doc_coverage",
    "log_matching",
    "lead_over_next",
    "lead_over_median",
)
LIST_ITEM = re.compile(r"^\s*(?:[•▪◦·\-–*]|o\s|\d{1,2}[.)]\s)")


@lru_cache(maxsize=1)
def _word_lists() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = json.loads(CUES_PATH.read_text(encoding="utf-8"))

    def rx(key: str) -> re.Pattern[str]:
        words = sorted({w for lang in data[key].values() for w in lang}, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)

    return rx("normative"), rx("we")


def has_stance_cue(text: str) -> bool:
    return any(rx.search(text) for rx in cues().values())


def sentence_features(r: Reading, speaker: list[re.Pattern[str]]) -> np.ndarray:
    """A row of ``SENTENCE_FEATURES`` per candidate of ``r.ok`` (in that order). ``speaker``:
    the patterns that name the document's author."""
    normative, we = _word_lists()
    rows = np.zeros((len(r.ok), len(SENTENCE_FEATURES)))
    if not r.ok:
        return rows
    top_logit = r.logits[r.ok[0]]
    top_cos = max(r.X[i, COL["cos"]] for i in r.ok)
    for n, i in enumerate(r.ok):
        x = r.X[i]
        text = r.candidates[i].record.text
        rows[n] = (
            r.logits[i],
            r.logits[i] - top_logit,
            x[COL["cos"]],
            x[COL["cos"]] - top_cos,
            x[COL["lex_sentence"]],
            x[COL["lex_window"]],
            x[COL["lex_passage"]],
            x[COL["rare_sentence"]],
            x[COL["grams"]],
            float(bool(normative.search(text))),
            float(has_stance_cue(text)),
            float(bool(we.search(text)) or any(p.search(text) for p in speaker)),
            float(bool(LIST_ITEM.match(text))),
            x[COL["log_len"]],
            x[COL["heading"]],
        )
    return rows


def score_standing(scores: np.ndarray) -> tuple[float, float, float]:
    """The ranker's best score for a document's sentences, and how far it stands above the
    second best and above the median: a document that takes a position on the topic has a
    sentence that stands out from its others; one that only touches the topic's words has many
    alike (out of fold this separated addressed from not addressed at AUC 0.745 against 0.720)."""
    if not len(scores):
        return 0.0, 0.0, 0.0
    top = float(scores.max())
    if len(scores) < 2:
        return top, 0.0, 0.0
    ordered = np.sort(scores)[::-1]
    return top, float(ordered[0] - ordered[1]), float(top - np.median(scores))


def document_features(r: Reading, scores: np.ndarray) -> np.ndarray:
    """``DOCUMENT_FEATURES`` of one document's reading (``scores``: the ranker's, per ``r.ok``)."""
    if not r.ok:
        return np.zeros(len(DOCUMENT_FEATURES))
    top_score, lead_next, lead_median = score_standing(scores)
    p = min(max(r.answerability, 1e-4), 1 - 1e-4)
    X = r.X[r.ok]
    matching = int((X[:, COL["lex_sentence"]] >= 0.5).sum())
    return np.array(
        [
            math.log(p / (1 - p)),
            top_score,
            X[:, COL["cos"]].max(),
            X[:, COL["lex_sentence"]].max(),
            X[:, COL["grams"]].max(),
            X[:, COL["rare_sentence"]].max(),
            1.0 - float(r.X[:, COL["miss_doc"]].min()),
            math.log1p(matching),
            lead_next,
            lead_median,
        ]
    )
