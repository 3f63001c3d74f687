"""Every metric on hand-made predictions: perfect scores 1.0, empty and wrong score 0."""

from __future__ import annotations

import math

import pytest

from evals.dataset import DEFAULT_DATASET, EvalItem, load_dataset
from evals.metrics import Metrics, aggregate, evaluate, ndcg, percentile, score_item
from evals.predictions import PredictedCitation, Prediction, RetrievedPassage, TokenUsage
from retrieval.chunking import split_sentences

ITEMS = load_dataset(DEFAULT_DATASET)
RATES_UP = (
    "correct_rate",
    "answer_accuracy",
    "number_accuracy",
    "citation_accuracy",
    "citation_recall",
    "citation_precision",
    "refusal_accuracy",
    "recall_at_1",
    "recall_at_3",
    "recall_at_5",
    "recall_at_10",
    "mrr",
    "ndcg_at_10",
)


def perfect(item: EvalItem) -> Prediction:
    if not item.answerable:
        return Prediction(id=item.id, answer="Not in the documents.", refused=True, retrieved=[], latency_ms=10)
    quote = " ".join(item.quote.split())
    answer = " ".join(f"{quote[a:b]} [1]" for a, b in split_sentences(quote))
    assert item.doc
    return Prediction(
        id=item.id,
        answer=answer,
        citations=[PredictedCitation(marker=1, doc=item.doc, title="T", quote=quote, passage=quote)],
        retrieved=[RetrievedPassage(rank=1, doc=item.doc, chunk_id="gold", text=f"… {quote} …")],
        latency_ms=20,
        query=item.question,
    )


def wrong(item: EvalItem) -> Prediction:
    return Prediction(
        id=item.id,
        answer="Portugal avkriminaliserte all narkotika i 2001 og 1234 personer fikk behandling [1].",
        citations=[PredictedCitation(marker=1, doc="nope.txt", passage="Noe helt annet om skolemat og sykkelveier.")],
        retrieved=[RetrievedPassage(rank=r, doc="nope.txt", chunk_id=f"x{r}", text="skolemat") for r in range(1, 11)],
        latency_ms=30,
    )


def test_perfect_predictions_score_one() -> None:
    ev = evaluate(ITEMS, [perfect(i) for i in ITEMS])
    for name in RATES_UP:
        assert getattr(ev.overall, name) == 1.0, name
    assert ev.overall.false_refusal_rate == 0.0
    assert ev.failures == []
    for group in [*ev.by_lang.values(), *ev.by_type.values()]:
        assert group.correct_rate == 1.0


def test_empty_predictions_score_zero() -> None:
    ev = evaluate(ITEMS, [])
    for name in RATES_UP:
        assert getattr(ev.overall, name) == 0.0, name
    assert ev.overall.n_missing == len(ITEMS)
    assert ev.overall.latency_p50_ms is None
    assert len(ev.failures) == len(ITEMS)
    assert all(f.reasons == ["no prediction"] for f in ev.failures)


def test_wrong_predictions_score_zero() -> None:
    ev = evaluate(ITEMS, [wrong(i) for i in ITEMS])
    for name in RATES_UP:
        assert getattr(ev.overall, name) == 0.0, name
    assert ev.overall.false_refusal_rate == 0.0
    unanswered = [f for f in ev.failures if f.type == "unanswerable"]
    assert unanswered and all(f.reasons == ["answered an unanswerable question"] for f in unanswered)


ITEM = EvalItem(
    id="k",
    question="Hvor mange dødsfald var der i 2009?",
    answer="276 i 2009 (239 i 2008).",
    numbers=["239", "276"],
    doc="plan.txt",
    quote="steget fra 239 i 2008 til 276 i 2009",
    lang="da",
)
PASSAGE = "Antallet af narkotikarelaterede dødsfald er nu steget fra 239 i 2008 til 276 i 2009."
OTHER = "Det skønnede antal stofmisbrugere er steget fra 28.000 i 2005 til 33.000 i 2009."
GOOD_ANSWER = "Dødsfaldene steg fra 239 i 2008 til 276 i 2009 [1]."
UNANSWERABLE = EvalItem(
    id="u", question="Hvor mange dødsfald var der i Sverige?", answerable=False, lang="no", type="unanswerable"
)


def cite(marker: int, passage: str, doc: str = "plan.txt") -> PredictedCitation:
    return PredictedCitation(marker=marker, doc=doc, title="Plan", passage=passage)


def test_answer_accuracy_needs_figures_and_the_right_citation() -> None:
    good = Prediction(id="k", answer=GOOD_ANSWER, citations=[cite(1, PASSAGE)])
    s = score_item(ITEM, good)
    assert (s.numbers_ok, s.citation_ok, s.correct) == (True, True, True)

    no_figure = good.model_copy(update={"answer": "Dødsfaldene steg til 276 i 2009 [1]."})
    s = score_item(ITEM, no_figure)
    assert (s.numbers_ok, s.citation_ok, s.correct, s.missing_numbers) == (False, True, False, ["239"])

    wrong_doc = good.model_copy(update={"citations": [cite(1, PASSAGE, doc="other.txt")]})
    s = score_item(ITEM, wrong_doc)
    assert (s.numbers_ok, s.citation_ok, s.correct) == (True, False, False)

    wrong_passage = good.model_copy(update={"citations": [cite(1, OTHER)]})
    assert score_item(ITEM, wrong_passage).citation_ok is False

    refused = good.model_copy(update={"refused": True})
    s = score_item(ITEM, refused)
    assert (s.refused, s.correct) == (True, False)

    failed = Prediction(id="k", error="RuntimeError: boom")
    s = score_item(ITEM, failed)
    assert (s.error, s.correct, s.refused) == ("RuntimeError: boom", False, False)


def test_refusal_accuracy_and_false_refusals() -> None:
    items = [ITEM, UNANSWERABLE]
    both_refused = [Prediction(id="k", refused=True), Prediction(id="u", refused=True)]
    m = evaluate(items, both_refused).overall
    assert (m.refusal_accuracy, m.false_refusal_rate, m.answer_accuracy, m.correct_rate) == (1.0, 1.0, 0.0, 0.5)
    none_refused = [Prediction(id="k", answer="?"), Prediction(id="u", answer="Det var 12 [1].")]
    m = evaluate(items, none_refused).overall
    assert (m.refusal_accuracy, m.false_refusal_rate) == (0.0, 0.0)


def test_citation_recall_counts_supported_claim_sentences() -> None:
    pred = Prediction(
        id="k",
        answer=(
            "Antallet af narkotikarelaterede dødsfald steg fra 239 i 2008 til 276 i 2009 [1]. "
            "Portugal avkriminaliserte cannabis i 2001 [1]. "  # cited, not supported
            "Regeringen vil bekæmpe stofmisbruget kraftigt. "  # a claim without a citation
            "Ja."  # no claim
        ),
        citations=[cite(1, PASSAGE)],
    )
    s = score_item(ITEM, pred)
    assert (s.claims, s.supported_claims) == (3, 1)
    assert (s.citations, s.supporting_citations) == (1, 1)


def test_citation_precision_alce_rule() -> None:
    # the sentence needs both [1] (239, 276) and [2] (28.000, 33.000); [3] is irrelevant
    pred = Prediction(
        id="k",
        answer="Dødsfaldene steg fra 239 til 276 og antallet af stofmisbrugere fra 28.000 til 33.000 [1][2][3].",
        citations=[cite(1, PASSAGE), cite(2, OTHER), cite(3, "Skolemat og sykkelveier i Bergen.")],
    )
    s = score_item(ITEM, pred)
    assert (s.claims, s.supported_claims) == (1, 1)
    assert (s.citations, s.supporting_citations) == (3, 2)
    # a redundant copy of a supporting passage: the other one alone supports, so each supports alone
    twice = Prediction(
        id="k",
        answer="Dødsfaldene steg fra 239 i 2008 til 276 i 2009 [1][2].",
        citations=[cite(1, PASSAGE), cite(2, PASSAGE)],
    )
    assert score_item(ITEM, twice).supporting_citations == 2
    # a dangling marker counts as a citation that supports nothing
    dangling = Prediction(
        id="k", answer="Dødsfaldene steg fra 239 i 2008 til 276 i 2009 [1]. Se også [4].", citations=[cite(1, PASSAGE)]
    )
    assert (score_item(ITEM, dangling).citations, score_item(ITEM, dangling).supporting_citations) == (2, 1)


def test_citation_metrics_average_over_answers() -> None:
    good = Prediction(id="k", answer=GOOD_ANSWER, citations=[cite(1, PASSAGE)])
    uncited = Prediction(id="k2", answer="Dødsfaldene steg fra 239 i 2008 til 276 i 2009.")
    items = [ITEM, ITEM.model_copy(update={"id": "k2"})]
    m = evaluate(items, [good, uncited]).overall
    assert (m.citation_recall, m.citation_precision, m.n_citation_scored) == (0.5, 0.5, 2)
    # a group of unanswerables that were all refused has nothing to score
    assert evaluate([UNANSWERABLE], [Prediction(id="u", refused=True)]).overall.citation_precision is None


def test_judge_is_used_for_citation_support() -> None:
    pred = Prediction(id="k", answer=GOOD_ANSWER, citations=[cite(1, PASSAGE)])
    assert score_item(ITEM, pred, judge=lambda s, p: False).supported_claims == 0
    assert score_item(ITEM, pred, judge=lambda s, p: True).supported_claims == 1


def retrieved(*texts: str) -> list[RetrievedPassage]:
    return [RetrievedPassage(rank=r, doc="plan.txt", chunk_id=f"c{r}", text=t) for r, t in enumerate(texts, start=1)]


def test_retrieval_metrics_from_the_retrieved_passages() -> None:
    pred = Prediction(id="k", retrieved=retrieved(OTHER, OTHER, PASSAGE, OTHER))
    s = score_item(ITEM, pred)
    assert s.gold_rank == 3 and s.ndcg_at_10 == pytest.approx(1 / math.log2(4))
    m = aggregate([s])
    assert (m.recall_at_1, m.recall_at_3, m.recall_at_5, m.recall_at_10) == (0.0, 1.0, 1.0, 1.0)
    assert m.mrr == pytest.approx(1 / 3, abs=1e-4)
    # no gold in the top 10
    m = aggregate([score_item(ITEM, Prediction(id="k", retrieved=retrieved(*[OTHER] * 10)))])
    assert (m.recall_at_10, m.mrr, m.ndcg_at_10) == (0.0, 0.0, 0.0)
    # a run that recorded no retrieval has no retrieval metrics
    assert aggregate([score_item(ITEM, Prediction(id="k"))]).recall_at_5 is None


def test_latency_and_tokens() -> None:
    items = [ITEM.model_copy(update={"id": str(n)}) for n in range(1, 21)]
    preds = [
        Prediction(id=str(n), latency_ms=float(n * 10), usage=TokenUsage(prompt_tokens=100, completion_tokens=n))
        for n in range(1, 21)
    ]
    m = evaluate(items, preds).overall
    assert (m.latency_p50_ms, m.latency_p95_ms, m.latency_mean_ms) == (100.0, 190.0, 105.0)
    assert (m.prompt_tokens, m.completion_tokens) == (2000, 210)
    assert m.tokens_per_answer == pytest.approx(110.5)
    assert evaluate(items, [Prediction(id="1")]).overall.prompt_tokens is None


def test_groups_and_failures() -> None:
    items = [
        ITEM,
        UNANSWERABLE,
        ITEM.model_copy(update={"id": "e", "lang": "en", "type": "followup", "history": ["Hvad med 2008?"]}),
    ]
    preds = [
        Prediction(id="k", answer="Fra 239 i 2008 til 276 i 2009 [1].", citations=[cite(1, PASSAGE)]),
        Prediction(id="u", answer="Det var 12 [1].", citations=[cite(1, OTHER, doc="x.txt")]),
        Prediction(id="e", answer="276 [1].", citations=[cite(1, OTHER, doc="x.txt")]),
    ]
    ev = evaluate(items, preds)
    assert list(ev.by_lang) == ["da", "no", "en"] and list(ev.by_type) == ["factual", "followup", "unanswerable"]
    assert ev.by_lang["da"].answer_accuracy == 1.0 and ev.by_lang["en"].answer_accuracy == 0.0
    assert ev.by_lang["no"].answer_accuracy is None and ev.by_lang["no"].refusal_accuracy == 0.0
    assert [f.id for f in ev.failures] == ["u", "e"]
    e = ev.failures[1]
    assert e.history == ["Hvad med 2008?"] and e.expected.numbers == ["239", "276"] and e.expected.doc == "plan.txt"
    assert e.got.docs == ["x.txt"] and e.got.missing_numbers == ["239"]
    assert e.reasons == ["missing figures: 239", "no citation of plan.txt holding the quote"]


def test_shared_helpers() -> None:
    assert ndcg(["a", "b"], {"b"}) == pytest.approx(1 / math.log2(3))
    assert ndcg(["a"], set()) == 0.0
    assert percentile([], 50) == 0.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert Metrics().answer_accuracy is None
