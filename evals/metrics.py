"""Metrics of a run, from the dataset and the predictions file alone (pure functions).

Per item (:func:`score_item`) and per group of items (:func:`aggregate`); :func:`evaluate`
gives them overall, per language and per type, with the failures.

Answer (answerable items)
    ``number_accuracy``: every required figure is in the answer text (see
    :mod:`evals.numbers`; citation markers are not figures), over the items that
    require figures. ``citation_accuracy``: a citation of the right document whose
    passage holds the quote (:func:`gold_ids`, tolerant of cleaning: :mod:`evals.matching`).
    ``answer_accuracy``: both. A refused, missing or failed answer is wrong.
Citation quality (answered predictions, ALCE-style; see :mod:`evals.support`)
    ``citation_recall``: per answer, the share of its sentences with a claim that the
    passages they cite support; ``citation_precision``: per answer, the share of its
    citations (markers in the text and listed citations) that support a sentence they
    are attached to: alone, or as a necessary part of the set that supports it (a
    citation is dropped when the others support the sentence without it). An answer
    with claims and no citation scores 0 on both. Both are means over answers with at
    least one claim; 0.0 when there is none but answers were due (answerable items),
    ``None`` for a group of unanswerable items that were all refused.
Span (answerable items with a ``span``, NorQuAD)
    right when not refused, the answer text holds the span and a citation of the item's
    document holds it in its quote or passage (all compared folded: letters and digits,
    case-folded; citation markers are not part of the answer text). This replaces the
    figures + quote test for those items: ``answer_accuracy`` is the span metric there,
    ``citation_accuracy`` the cited-span part. Also ``span_in_answer_rate`` and
    ``doc_cited_rate`` (an answer citing the item's document, any answerable item).
Retrieval (answerable items with a quote)
    rank of the first passage in ``retrieved`` that holds the quote: recall@1/3/5/10,
    MRR, nDCG@10. The gold passages are found among the retrieved ones, so nDCG's ideal
    counts only gold passages that were retrieved.
Refusal
    ``refusal_accuracy``: unanswerable items refused; ``false_refusal_rate``: answerable
    items refused; ``answered_rate``: items answered (not refused, no error), all items.
Calibration (answered items whose prediction has a ``confidence``)
    :func:`calibration`: 10 equal-width bins of confidence, each with its mean confidence
    and the share of its answers that were right; ``ece`` the expected calibration error
    (bin-size-weighted mean of |confidence - share right|).
Cost
    latency p50/p95/mean of the timed final question; token sums when recorded.

A metric whose denominator is empty is ``None`` ("–" in tables). A missing prediction
counts as an empty, unrefused answer that retrieved nothing, and so does a prediction
whose asking failed (``error``), so an empty predictions file scores 0 on everything.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from pydantic import BaseModel, Field

from evals.dataset import EvalItem
from evals.matching import fold, quote_coverage
from evals.numbers import missing_figures
from evals.predictions import PredictedCitation, Prediction
from evals.support import Judge, answer_sentences, has_claim, markers_in, supported

KS = (1, 3, 5, 10)
PARTIAL_QUOTE_COVERAGE = 0.5
PARTIAL_QUOTE_MIN_CHARS = 20
CALIBRATION_BINS = 10
LANGS = ("da", "no", "en")
TYPES = ("factual", "followup", "opinion", "unanswerable")


# ---- shared with the retrieval benchmark ---------------------------------------------


class Passage(Protocol):
    @property
    def chunk_id(self) -> str: ...
    @property
    def file_name(self) -> str: ...
    @property
    def text(self) -> str: ...


def gold_ids(item: EvalItem, passages: Iterable[Passage]) -> set[str]:
    """Ids of the passages of the item's document that hold its quote.

    Passages holding the whole quote (folded: :func:`evals.matching.fold`) if any; else
    every passage holding at least ``PARTIAL_QUOTE_COVERAGE`` of it, and at least
    ``PARTIAL_QUOTE_MIN_CHARS`` folded characters, as one run from either end (a quote cut
    by a passage edge: one of the two parts holds half of it). Less would let a passage
    that merely starts like the quote ("steget fra …") count."""
    if not item.doc or not fold(item.quote):
        return set()
    same_doc = [p for p in passages if p.file_name == item.doc]
    exact = {p.chunk_id for p in same_doc if fold(item.quote) in fold(p.text)}
    if exact:
        return exact
    need = max(PARTIAL_QUOTE_COVERAGE, PARTIAL_QUOTE_MIN_CHARS / len(fold(item.quote)))
    return {p.chunk_id for p in same_doc if quote_coverage(p.text, item.quote) >= need}


def ndcg(ranked: list[str], gold: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, cid in enumerate(ranked[:k]) if cid in gold)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(gold), k)))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (0.0 for no values)."""
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]


# ---- per item ------------------------------------------------------------------------


class _CitedPassage:
    """A citation seen as a passage, for :func:`gold_ids`."""

    def __init__(self, n: int, citation: PredictedCitation) -> None:
        self.chunk_id = str(n)
        self.file_name = citation.doc
        self.text = citation.passage


class ItemScore(BaseModel):
    id: str
    lang: str
    type: str
    answerable: bool
    missing: bool = False
    error: str | None = None
    refused: bool = False
    numbers_ok: bool | None = None
    citation_ok: bool | None = None
    correct: bool = False
    missing_numbers: list[str] = Field(default_factory=list)
    claims: int = 0
    supported_claims: int = 0
    citations: int = 0
    supporting_citations: int = 0
    span_scored: bool = False  # scored by the span metric
    span_in_answer: bool | None = None
    doc_cited: bool | None = None  # answered, citing the item's document
    confidence: float | None = None  # the reader's answerability probability
    gold_rank: int | None = None
    retrieval_recorded: bool = False  # the prediction carries its retrieved passages
    retrieval_scored: bool = False
    ndcg_at_10: float | None = None
    latency_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None

    @property
    def answered(self) -> bool:
        return not self.missing and not self.refused and self.error is None


def citation_support(pred: Prediction, judge: Judge | None = None) -> tuple[int, int, int, int]:
    """(claims, supported claims, citations, supporting citations) of an answer."""
    by_marker = {c.marker: c for c in pred.citations}
    all_markers = set(by_marker) | set(markers_in(pred.answer))
    claims = supported_claims = 0
    relevant: set[int] = set()
    for sentence in answer_sentences(pred.answer):
        if not has_claim(sentence.text):
            continue
        claims += 1
        cited = [m for m in sentence.markers if m in by_marker]
        evidence = {m: by_marker[m].evidence() for m in cited}
        if not cited or not supported(sentence.text, list(evidence.values()), judge):
            continue
        supported_claims += 1
        for m in cited:
            alone = supported(sentence.text, [evidence[m]], judge)
            others = [evidence[o] for o in cited if o != m]
            if alone or not (others and supported(sentence.text, others, judge)):
                relevant.add(m)
    return claims, supported_claims, len(all_markers), len(relevant)


_MARKER = re.compile(r"\[\d+\]")


def holds_span(text: str, span: str) -> bool:
    """The folded span (letters and digits, case-folded) is in the folded text; citation
    markers ``[n]`` are not text."""
    folded = fold(span)
    return bool(folded) and folded in fold(_MARKER.sub(" ", text))


def score_item(item: EvalItem, pred: Prediction | None, judge: Judge | None = None) -> ItemScore:
    s = ItemScore(id=item.id, lang=item.lang, type=item.type, answerable=item.answerable)
    if pred is None:
        s.missing = True
        pred = Prediction(id=item.id, retrieved=[])
    s.error = pred.error
    s.refused = pred.refused and pred.error is None
    s.latency_ms = pred.latency_ms if not s.missing else None
    if pred.usage is not None:
        s.prompt_tokens, s.completion_tokens = pred.usage.prompt_tokens, pred.usage.completion_tokens
    usable = not s.missing and pred.error is None
    s.confidence = pred.confidence if usable else None
    answered = usable and not s.refused
    if item.answerable and item.doc:
        s.doc_cited = answered and any(c.doc == item.doc for c in pred.citations)
    if item.answerable and fold(item.span):
        s.span_scored = True
        s.span_in_answer = answered and holds_span(pred.answer, item.span)
        s.citation_ok = answered and any(
            c.doc == item.doc and (holds_span(c.quote, item.span) or holds_span(c.passage, item.span))
            for c in pred.citations
        )
        s.correct = bool(s.span_in_answer and s.citation_ok)
    elif item.answerable:
        s.missing_numbers = missing_figures(pred.answer, item.numbers) if usable else list(item.numbers)
        if item.numbers:  # an item without required figures says nothing about figures
            s.numbers_ok = usable and not s.refused and not s.missing_numbers
        cited = [_CitedPassage(i, c) for i, c in enumerate(pred.citations)]
        s.citation_ok = usable and not s.refused and bool(gold_ids(item, cited))
        s.correct = s.numbers_ok is not False and s.citation_ok and usable and not s.refused
    else:
        s.correct = s.refused
    if usable and not s.refused:
        s.claims, s.supported_claims, s.citations, s.supporting_citations = citation_support(pred, judge)
    s.retrieval_recorded = pred.retrieved is not None and not s.missing
    retrieved = pred.retrieved if pred.retrieved is not None or usable else []  # failed: retrieved nothing
    if item.answerable and item.doc and item.quote and retrieved is not None:
        gold = gold_ids(item, retrieved)
        order = [r.chunk_id for r in retrieved]
        s.retrieval_scored = True
        s.gold_rank = next((n for n, cid in enumerate(order, start=1) if cid in gold), None)
        s.ndcg_at_10 = ndcg(order, gold)
    return s


# ---- per group -----------------------------------------------------------------------


class Metrics(BaseModel):
    n: int = 0
    n_answerable: int = 0
    n_unanswerable: int = 0
    n_missing: int = 0
    n_errors: int = 0
    correct_rate: float | None = None  # answerable answered correctly + unanswerable refused
    answer_accuracy: float | None = None
    number_accuracy: float | None = None
    citation_accuracy: float | None = None
    citation_recall: float | None = None
    citation_precision: float | None = None
    n_citation_scored: int = 0
    recall_at_1: float | None = None
    recall_at_3: float | None = None
    recall_at_5: float | None = None
    recall_at_10: float | None = None
    mrr: float | None = None
    ndcg_at_10: float | None = None
    n_retrieval: int = 0
    refusal_accuracy: float | None = None
    false_refusal_rate: float | None = None
    answered_rate: float | None = None
    span_in_answer_rate: float | None = None
    n_span: int = 0
    doc_cited_rate: float | None = None
    n_confidence: int = 0
    ece: float | None = None
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None
    latency_mean_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    tokens_per_answer: float | None = None


def _mean(values: Sequence[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def aggregate(scores: Sequence[ItemScore]) -> Metrics:
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    with_claims = [s for s in scores if s.answered and s.claims]
    ret = [s for s in scores if s.retrieval_scored]
    latencies = [s.latency_ms for s in scores if s.latency_ms is not None]
    used = [s for s in scores if s.prompt_tokens is not None]
    m = Metrics(
        n=len(scores),
        n_answerable=len(answerable),
        n_unanswerable=len(unanswerable),
        n_missing=sum(s.missing for s in scores),
        n_errors=sum(s.error is not None for s in scores),
        correct_rate=_mean([float(s.correct) for s in scores]),
        answer_accuracy=_mean([float(s.correct) for s in answerable]),
        number_accuracy=_mean([float(s.numbers_ok) for s in answerable if s.numbers_ok is not None]),
        citation_accuracy=_mean([float(bool(s.citation_ok)) for s in answerable]),
        refusal_accuracy=_mean([float(s.refused) for s in unanswerable]),
        false_refusal_rate=_mean([float(s.refused) for s in answerable]),
        answered_rate=_mean([float(s.answered) for s in scores]),
        span_in_answer_rate=_mean([float(bool(s.span_in_answer)) for s in scores if s.span_scored]),
        n_span=sum(s.span_scored for s in scores),
        doc_cited_rate=_mean([float(s.doc_cited) for s in scores if s.doc_cited is not None]),
        n_citation_scored=len(with_claims),
        n_retrieval=len(ret),
    )
    if with_claims or answerable:
        # no answer with a claim where answers were due: nothing was supported
        m.citation_recall = _mean([s.supported_claims / s.claims for s in with_claims]) or 0.0
        m.citation_precision = (
            _mean([s.supporting_citations / s.citations if s.citations else 0.0 for s in with_claims]) or 0.0
        )
    # scored when the run recorded retrieval (missing and failed items then count as retrieving
    # nothing), or when nothing came back at all (an empty predictions file scores 0)
    if ret and (any(s.retrieval_recorded for s in scores) or all(s.missing for s in scores)):
        for k in KS:
            setattr(m, f"recall_at_{k}", _mean([float(s.gold_rank is not None and s.gold_rank <= k) for s in ret]))
        m.mrr = _mean([1 / s.gold_rank if s.gold_rank else 0.0 for s in ret])
        m.ndcg_at_10 = _mean([s.ndcg_at_10 or 0.0 for s in ret])
    bins = calibration(scores)
    m.n_confidence = sum(b.n for b in bins)
    if m.n_confidence:
        m.ece = round(sum(b.n / m.n_confidence * abs(b.confidence - b.accuracy) for b in bins if b.n), 4)
    if latencies:
        m.latency_p50_ms = round(percentile(latencies, 50), 1)
        m.latency_p95_ms = round(percentile(latencies, 95), 1)
        m.latency_mean_ms = round(statistics.fmean(latencies), 1)
    if used:
        m.prompt_tokens = sum(s.prompt_tokens or 0 for s in used)
        m.completion_tokens = sum(s.completion_tokens or 0 for s in used)
        m.tokens_per_answer = round((m.prompt_tokens + m.completion_tokens) / len(used), 1)
    return m


class CalibrationBin(BaseModel):
    low: float
    high: float
    n: int = 0
    confidence: float = 0.0  # mean confidence of the bin's answers
    accuracy: float = 0.0  # share of them that were right


def calibration(scores: Sequence[ItemScore], bins: int = CALIBRATION_BINS) -> list[CalibrationBin]:
    """Reliability table of the answered items that carry a confidence (all bins, some empty).

    Refused items are left out: their answer is not known, so neither is whether it was right."""
    out = [CalibrationBin(low=round(b / bins, 4), high=round((b + 1) / bins, 4)) for b in range(bins)]
    members: list[list[ItemScore]] = [[] for _ in range(bins)]
    for s in scores:
        if s.confidence is not None and s.answered:
            members[min(bins - 1, int(s.confidence * bins))].append(s)
    for b, group in zip(out, members, strict=True):
        if group:
            b.n = len(group)
            b.confidence = round(statistics.fmean(s.confidence or 0.0 for s in group), 4)
            b.accuracy = round(statistics.fmean(float(s.correct) for s in group), 4)
    return out


class CautionSplit(NamedTuple):
    """The answered items that carry a confidence, split at the reader's caution cut (under
    which its answer comes with the uncertain-answer notice), each part with its share right."""

    flagged: int
    flagged_right: float | None
    plain: int
    plain_right: float | None


def caution_split(scores: Sequence[ItemScore], cut: float) -> CautionSplit:
    answered = [s for s in scores if s.confidence is not None and s.answered]
    low = [float(s.correct) for s in answered if (s.confidence or 0.0) < cut]
    high = [float(s.correct) for s in answered if (s.confidence or 0.0) >= cut]
    return CautionSplit(len(low), _mean(low), len(high), _mean(high))


# ---- a whole run ---------------------------------------------------------------------


class Expected(BaseModel):
    answer: str
    numbers: list[str]
    doc: str | None
    quote: str
    span: str = ""


class Got(BaseModel):
    answer: str
    refused: bool
    docs: list[str]
    missing_numbers: list[str]
    error: str | None = None


class Failure(BaseModel):
    id: str
    lang: str
    type: str
    question: str
    history: list[str]
    reasons: list[str]
    expected: Expected
    got: Got


class Evaluation(BaseModel):
    overall: Metrics
    by_lang: dict[str, Metrics]
    by_type: dict[str, Metrics]
    failures: list[Failure]
    items: list[ItemScore]
    calibration: list[CalibrationBin] = Field(default_factory=list)  # overall; empty: no confidences


def failure_reasons(item: EvalItem, s: ItemScore) -> list[str]:
    if s.missing:
        return ["no prediction"]
    if s.error:
        return [f"error: {s.error}"]
    if not item.answerable:
        return [] if s.refused else ["answered an unanswerable question"]
    if s.refused:
        return ["refused an answerable question"]
    reasons: list[str] = []
    if s.span_scored:
        if not s.span_in_answer:
            reasons.append(f"the span {item.span!r} is not in the answer")
        if not s.citation_ok:
            reasons.append(
                f"no citation of {item.doc} holding the span" + ("" if s.doc_cited else f" ({item.doc} not cited)")
            )
        return reasons
    if s.missing_numbers:
        reasons.append("missing figures: " + ", ".join(s.missing_numbers))
    if not s.citation_ok:
        reasons.append(f"no citation of {item.doc} holding the quote")
    return reasons


def evaluate(items: Sequence[EvalItem], predictions: Sequence[Prediction], judge: Judge | None = None) -> Evaluation:
    by_id = {p.id: p for p in predictions}
    scores = [score_item(item, by_id.get(item.id), judge) for item in items]
    failures: list[Failure] = []
    for item, s in zip(items, scores, strict=True):
        if s.correct:
            continue
        pred = by_id.get(item.id) or Prediction(id=item.id)
        failures.append(
            Failure(
                id=item.id,
                lang=item.lang,
                type=item.type,
                question=item.question,
                history=item.history,
                reasons=failure_reasons(item, s),
                expected=Expected(
                    answer=item.answer, numbers=item.numbers, doc=item.doc, quote=item.quote, span=item.span
                ),
                got=Got(
                    answer=pred.answer,
                    refused=pred.refused,
                    docs=list(dict.fromkeys(c.doc for c in pred.citations)),
                    missing_numbers=s.missing_numbers,
                    error=pred.error,
                ),
            )
        )
    langs = [lang for lang in LANGS if any(s.lang == lang for s in scores)]
    langs += sorted({s.lang for s in scores} - set(langs))
    types = [t for t in TYPES if any(s.type == t for s in scores)]
    types += sorted({s.type for s in scores} - set(types))
    bins = calibration(scores)
    return Evaluation(
        calibration=bins if any(b.n for b in bins) else [],
        overall=aggregate(scores),
        by_lang={lang: aggregate([s for s in scores if s.lang == lang]) for lang in langs},
        by_type={t: aggregate([s for s in scores if s.type == t]) for t in types},
        failures=failures,
        items=scores,
    )
