"""The span metric (NorQuAD items), confidences and the calibration table, on hand-made predictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models import Answer
from evals.dataset import EvalItem
from evals.metrics import calibration, caution_split, evaluate, holds_span, score_item
from evals.predictions import PredictedCitation, Prediction
from evals.report import CALIBRATION_CHART, RunInfo, build_report, write_report
from evals.runner import answer_confidence, prediction_from_answer

DOC = "nq-0000.txt"
PASSAGE = "Det er nesten elleve måneder siden Haver-Løseth pådro seg et brudd i Østerrike. Hun er tilbake."
ITEM = EvalItem(
    id="nq-1",
    question="I hvilket land finner vi Semmering?",
    answer="Østerrike",
    doc=DOC,
    quote="pådro seg et brudd i Østerrike.",
    lang="no",
    span="Østerrike",
)
UNANSWERABLE = EvalItem(id="nq-u1", question="Hvem vant?", answerable=False, lang="no", type="unanswerable")


def cite(doc: str = DOC, passage: str = PASSAGE, quote: str = "") -> PredictedCitation:
    return PredictedCitation(marker=1, doc=doc, passage=passage, quote=quote)


def pred(answer: str, *citations: PredictedCitation, refused: bool = False, **kw: object) -> Prediction:
    return Prediction(id="nq-1", answer=answer, refused=refused, citations=list(citations), **kw)


def test_holds_span_folds_case_punctuation_and_ignores_markers() -> None:
    assert holds_span("Det var i ØSTERRIKE [1].", "Østerrike")
    assert holds_span("sa at «Haver-Løseth» vant", "haver løseth")
    assert not holds_span("Det skjedde i mai [1].", "1")  # a marker is not text
    assert holds_span("Det skjedde 1. mai [2].", "1")
    assert not holds_span("anything", "")  # no span: nothing to hold


@pytest.mark.parametrize(
    ("prediction", "correct", "in_answer", "doc_cited", "reason"),
    [
        (pred("Det var i Østerrike [1].", cite()), True, True, True, None),
        # the span only in the quote, not the passage: still counts
        (pred("Østerrike [1].", cite(passage="", quote="et brudd i Østerrike")), True, True, True, None),
        (pred("Det var i Sveits [1].", cite()), False, False, True, "the span 'Østerrike' is not in the answer"),
        (pred("Østerrike [1].", cite(passage="Hun er tilbake.")), False, True, True, "no citation of nq-0000.txt"),
        (pred("Østerrike [1].", cite(doc="nq-0001.txt")), False, True, False, "(nq-0000.txt not cited)"),
        (pred("Østerrike.", cite(), refused=True), False, False, False, "refused an answerable question"),
        (pred("Østerrike [1].", cite(), error="boom"), False, False, False, "error: boom"),
    ],
)
def test_span_metric(
    prediction: Prediction, correct: bool, in_answer: bool, doc_cited: bool, reason: str | None
) -> None:
    s = score_item(ITEM, prediction)
    assert s.span_scored and s.numbers_ok is None
    assert (s.correct, bool(s.span_in_answer), bool(s.doc_cited)) == (correct, in_answer, doc_cited)
    ev = evaluate([ITEM], [prediction])
    if reason is None:
        assert ev.failures == []
    else:
        assert any(reason in r for r in ev.failures[0].reasons), ev.failures[0].reasons


def test_span_run_metrics() -> None:
    items = [
        ITEM,
        ITEM.model_copy(update={"id": "nq-2"}),
        ITEM.model_copy(update={"id": "nq-3"}),
        UNANSWERABLE,
        UNANSWERABLE.model_copy(update={"id": "nq-u2"}),
    ]
    preds = [
        pred("Østerrike [1].", cite(), confidence=0.95),
        pred("Sveits [1].", cite(), confidence=0.91).model_copy(update={"id": "nq-2"}),
        pred("Vet ikke.", refused=True, confidence=0.2).model_copy(update={"id": "nq-3"}),
        Prediction(id="nq-u1", answer="Finnes ikke.", refused=True, confidence=0.1),
        Prediction(id="nq-u2", answer="Bob [1].", citations=[cite()], confidence=0.55),
    ]
    m = evaluate(items, preds).overall
    assert m.answer_accuracy == pytest.approx(1 / 3, abs=1e-4)
    assert m.span_in_answer_rate == pytest.approx(1 / 3, abs=1e-4) and m.n_span == 3
    assert m.doc_cited_rate == pytest.approx(2 / 3, abs=1e-4)
    assert m.citation_accuracy == pytest.approx(2 / 3, abs=1e-4)  # the span is cited in nq-1 and nq-2
    assert (m.refusal_accuracy, m.false_refusal_rate) == (0.5, pytest.approx(1 / 3, abs=1e-4))
    assert m.answered_rate == pytest.approx(3 / 5)
    # calibration over the three answers: 0.95 right, 0.91 wrong (bin 0.9–1.0), 0.55 wrong (bin 0.5–0.6)
    assert m.n_confidence == 3
    assert m.ece == pytest.approx((2 * abs(0.93 - 0.5) + abs(0.55 - 0.0)) / 3, abs=1e-3)


def test_calibration_bins(tmp_path: Path) -> None:
    preds = [
        pred("Østerrike [1].", cite(), confidence=c).model_copy(update={"id": f"a{n}"})
        for n, c in enumerate((0.05, 0.15, 0.15, 1.0))
    ]
    items = [ITEM.model_copy(update={"id": f"a{n}"}) for n in range(4)]
    bins = calibration([score_item(i, p) for i, p in zip(items, preds, strict=True)])
    assert len(bins) == 10 and [b.n for b in bins] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert bins[1].confidence == pytest.approx(0.15) and bins[1].accuracy == 1.0 and bins[9].low == 0.9
    report = build_report(items, preds, RunInfo(name="cal"))
    assert len(report.calibration) == 10 and report.overall.ece is not None
    write_report(tmp_path, report)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Calibration" in md and "| 0.1–0.2 | 2 | 0.150 | 1.000 |" in md
    assert (tmp_path / CALIBRATION_CHART).read_bytes()[:4] == b"\x89PNG"
    # no confidences: no table, no chart
    plain = build_report(items, [p.model_copy(update={"confidence": None}) for p in preds], RunInfo(name="x"))
    assert plain.calibration == [] and plain.overall.ece is None and plain.overall.n_confidence == 0


def test_the_uncertain_answers_are_counted_apart(tmp_path: Path) -> None:
    from assistant.notices import CAUTION

    # two answers below the cut (one right, one wrong), one above (right), a refusal (no answer)
    confidences = (CAUTION - 0.2, CAUTION - 0.01, CAUTION, 0.1)
    answers = ("Østerrike [1].", "Sveits [1].", "Østerrike [1].", "Vet ikke.")
    preds = [
        pred(a, cite(), confidence=c, refused=a == "Vet ikke.").model_copy(update={"id": f"c{n}"})
        for n, (a, c) in enumerate(zip(answers, confidences, strict=True))
    ]
    items = [ITEM.model_copy(update={"id": f"c{n}"}) for n in range(4)]
    split = caution_split([score_item(i, p) for i, p in zip(items, preds, strict=True)], CAUTION)
    assert split == (2, 0.5, 1, 1.0)
    write_report(tmp_path, build_report(items, preds, RunInfo(name="caution")))
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert f"Answers with a confidence below {CAUTION} (the uncertain-answer notice's cut): 2, share right 0.500" in md
    assert "the others: 1, share right 1.000" in md


def test_confidence_comes_from_the_answers_debug() -> None:
    answer = Answer(question="q", text="t", debug={"answerability": "0.734"})
    assert answer_confidence(answer) == pytest.approx(0.734)
    assert prediction_from_answer("x", answer, 1.0, None).confidence == pytest.approx(0.734)
    for raw in ({}, {"answerability": "high"}, {"answerability": "1.5"}):
        assert answer_confidence(Answer(question="q", text="t", debug=raw)) is None
