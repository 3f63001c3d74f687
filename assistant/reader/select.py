"""From scored candidates to what is quoted: the order, the answerability signals, the picks.

Pure functions of a :class:`Reading`, so training (on out-of-fold scores) and answering take
exactly the same decisions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from assistant.lists.points import continues, marker_of
from assistant.reader.features import FEATURES, Candidate
from assistant.reader.kinds import ENTITY, NUMERIC

ANSWERABILITY_FEATURES: tuple[str, ...] = (
    "top_logit",
    "logit_gap",
    "top_cos",
    "top_lex",
    "top_lex_passage",
    "top_rare",
    "top_rare_passage",
    "top_kind",
    "specific_kind",
    "cross_lang",
    "failed_share",
    "failed_better",
    "top_place_missing",
    "top_place_missing_doc",
    "top_name_missing_doc",
    "top_number_missing",
    "top_other_source",
    "best_cos",
    "best_rare_passage",
    "best_lex_passage",
    "unknown_share",
    "top_miss_window",
    "top_miss_passage",
    "top_miss_doc",
    "least_miss_doc",
    "kind_unmet",
    "figure_unmet",
    "kind_unmet_top3",
    "top_share",
    "top2_share",
    "entropy",
    "top3_same_passage",
    "log_candidates",
    "unknown_names",
    "top_head_missing",
    "top_cos_rank",
    "top_hit_rank",
)
COL = {name: i for i, name in enumerate(FEATURES)}
KIND_COLS = [COL["kind_numeric"], COL["kind_date"], COL["kind_entity"], COL["kind_reason"]]
SHORT_SENTENCE_WORDS = 8
SENTENCE_GAP = 4  # characters between two sentences that follow each other (spaces, a line break)
LEAD_IN_POINTS = 5  # the points of a list a quoted lead-in ("… bør bestå:") brings along, at most


@dataclass
class Reading:
    """What the reader made of a question's passages."""

    candidates: list[Candidate]
    X: np.ndarray
    logits: np.ndarray
    kind: str
    ok: list[int] = field(default_factory=list)  # candidates meeting the hard conditions, best first
    answer_features: np.ndarray | None = None
    answerability: float = 0.0
    unknown_share: float = 0.0  # share of the question's words the corpus never uses
    unknown_names: float = 0.0  # share of the question's names the corpus never uses


def ranked(
    candidates: list[Candidate],
    X: np.ndarray,
    logits: np.ndarray,
    kind: str,
    unknown_share: float = 0.0,
    unknown_names: float = 0.0,
) -> Reading:
    order = sorted(range(len(candidates)), key=lambda i: (-logits[i], i))
    r = Reading(candidates, X, logits, kind, [i for i in order if not candidates[i].failed])
    r.unknown_share = unknown_share
    r.unknown_names = unknown_names
    r.answer_features = answer_features(r)
    return r


def answer_features(r: Reading) -> np.ndarray | None:
    """The best candidate's standing, for the answerability scorer (``ANSWERABILITY_FEATURES``)."""
    if not r.ok:
        return None
    top = r.ok[0]
    x = r.X[top]
    # how the scorer's belief spreads over the candidates (a softmax within the question): one
    # clear winner, or many sentences nearly as likely
    z = r.logits[r.ok] - r.logits[top]
    share = np.exp(z) / np.exp(z).sum()
    entropy = float(-(share * np.log(share + 1e-12)).sum())
    passage = r.candidates[top].hit.chunk.chunk_id
    same = sum(r.candidates[i].hit.chunk.chunk_id == passage for i in r.ok[:3]) / 3
    second = r.logits[r.ok[1]] if len(r.ok) > 1 else r.logits[top] - 5.0
    failed = [r.logits[i] for i, c in enumerate(r.candidates) if c.failed]
    # a figure, a name or a reason is asked for, and the best sentence holds none
    specific = r.kind in NUMERIC or r.kind in ENTITY or r.kind == "reason"
    has_kind = bool(x[KIND_COLS].max() > 0)
    return np.array(
        [
            r.logits[top],
            r.logits[top] - second,
            x[COL["cos"]],
            x[COL["lex_sentence"]],
            x[COL["lex_passage"]],
            x[COL["rare_sentence"]],
            x[COL["rare_passage"]],
            float(has_kind),
            float(specific),
            x[COL["cross_lang"]],
            len(failed) / len(r.candidates),
            float(bool(failed) and max(failed) > r.logits[top]),
            x[COL["place_missing"]],
            x[COL["place_missing_doc"]],
            x[COL["name_missing_doc"]],
            x[COL["number_missing"]],
            x[COL["other_source"]],
            r.X[:, COL["cos"]].max(),
            r.X[:, COL["rare_passage"]].max(),
            r.X[:, COL["lex_passage"]].max(),
            r.unknown_share,
            x[COL["miss_window"]],
            x[COL["miss_passage"]],
            x[COL["miss_doc"]],
            r.X[:, COL["miss_doc"]].min(),
            float(specific and not has_kind),
            float(r.kind in NUMERIC and not has_kind),
            float(specific and not any(r.X[i, KIND_COLS].max() > 0 for i in r.ok[:3])),
            float(share[0]),
            float(share[:2].sum()),
            entropy,
            same,
            math.log(len(r.ok)),
            r.unknown_names,
            # the best sentence's own standing: the thing a "how many" question counts is not
            # named near it ("How many crew members …": "… med 39 mot 12 stemmer"), it is not the
            # closest in meaning, its passage is not the first found
            x[COL["head_missing"]],
            x[COL["cos_rank_inv"]],
            x[COL["hit_rank_inv"]],
        ]
    )


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def pick(r: Reading, second_ratio: float, next_ratio: float = 1.01) -> list[int]:
    """The best sentence; the next one when it leans on it ("4 av disse …"), or the one before
    when the best is short or leans back itself ("Der afsættes 6 mio. kr. til initiativet.");
    the runner-up when its probability is at least ``second_ratio`` of the best's (the scorer's
    logits are a softmax within the question), whatever context the best one took along. Then
    the sentence after the best, when it carries on from it: it holds the kind of thing asked
    for (a figure, a name, a time, a reason) that the best one only leads up to ("Med
    utgangspunkt i datauttrykket …" and "Dette uttrekket ga 17 saker."), or its probability is at
    least ``next_ratio`` of the best's. A quoted lead-in brings what it introduces (:func:`introduced`)."""
    top = r.ok[0]
    best = r.candidates[top]
    chosen = [top]
    prev, nxt = neighbours(r.candidates, top)
    if nxt is not None and r.X[nxt, COL["leans_back"]] and not r.candidates[nxt].failed:
        chosen.append(nxt)
    elif prev is not None and (len(best.record.text.split()) < SHORT_SENTENCE_WORDS or r.X[top, COL["leans_back"]]):
        chosen.append(prev)
    if len(r.ok) > 1 and r.ok[1] not in chosen:
        runner = r.candidates[r.ok[1]]
        # the two candidates' probabilities within the question (softmax) stand in this ratio
        if math.exp(r.logits[r.ok[1]] - r.logits[top]) >= second_ratio and runner.record.text != best.record.text:
            chosen.append(r.ok[1])
    if (
        nxt is not None
        and nxt not in chosen
        and not r.candidates[nxt].failed
        and (completes(r, top, nxt) or math.exp(r.logits[nxt] - r.logits[top]) >= next_ratio)
    ):
        chosen.append(nxt)
    for i in list(chosen):
        chosen += [j for j in introduced(r.candidates, i) if j not in chosen]
    return chosen


def introduced(candidates: list[Candidate], i: int) -> list[int]:
    """What a lead-in ("Alternativene innen straffesporet bør bestå:") introduces, when it was
    read: the sentence after it, and when that is a point of a list, the points after it (at
    most ``LEAD_IN_POINTS``, each with the lines it wraps onto). A lead-in quoted alone says
    nothing."""
    if not candidates[i].record.text.rstrip().endswith(":"):
        return []
    out: list[int] = []
    points = 0
    _, nxt = neighbours(candidates, i)
    while nxt is not None and nxt not in out:
        text = candidates[nxt].record.text
        if marker_of(text):
            if points == LEAD_IN_POINTS:
                break
            points += 1
        elif out and not continues(text):  # past the list (or the one sentence introduced)
            break
        out.append(nxt)
        if not points:  # a sentence, not a list, was introduced
            break
        _, nxt = neighbours(candidates, nxt)
    return out


def neighbours(candidates: list[Candidate], i: int) -> tuple[int | None, int | None]:
    """The candidates just before and just after candidate ``i`` in its document: in its own
    passage, or across the passage's edge (the last sentence of the passage before, the first
    of the one after, when they were read), by their places in the document's text."""
    c = candidates[i]
    same = {x.index: j for j, x in enumerate(candidates) if x.hit.chunk.chunk_id == c.hit.chunk.chunk_id}
    prev, nxt = same.get(c.index - 1), same.get(c.index + 1)
    if prev is not None and nxt is not None:
        return prev, nxt
    start, end = span_in_document(c)
    for j, x in enumerate(candidates):
        if x.hit.chunk.doc_id != c.hit.chunk.doc_id or x.hit.chunk.chunk_id == c.hit.chunk.chunk_id:
            continue
        a, b = span_in_document(x)
        if prev is None and 0 <= start - b <= SENTENCE_GAP:
            prev = j
        if nxt is None and 0 <= a - end <= SENTENCE_GAP:
            nxt = j
    return prev, nxt


def span_in_document(c: Candidate) -> tuple[int, int]:
    """Where a candidate sentence stands in its document's cleaned text."""
    return c.hit.chunk.clean_start + c.record.start, c.hit.chunk.clean_start + c.record.end


def completes(r: Reading, top: int, nxt: int) -> bool:
    """A figure, a name, a time or a reason is asked for; the best sentence holds none and the
    one after it does."""
    specific = r.kind in NUMERIC or r.kind in ENTITY or r.kind == "reason"
    return specific and not r.X[top, KIND_COLS].max() > 0 and bool(r.X[nxt, KIND_COLS].max() > 0)
