"""A run's report: ``report.json``, ``report.md`` and PNG charts, from dataset + predictions.

Files written into the run directory:

* ``report.json``: run configuration, metrics overall / per language / per type,
  failures, and every item's scores;
* ``report.md``: the same as tables, with the failures listed;
* ``accuracy_by_type.png``, ``accuracy_by_lang.png``: share of items handled correctly
  (answerable: right figures and a citation holding the quote; unanswerable: refused),
  with answer accuracy and refusal accuracy beside it;
* ``latency.png``: distribution of the timed final question;
* ``calibration.png`` (runs whose predictions carry a confidence): share of answers right
  per confidence bin against the diagonal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from pydantic import BaseModel, Field  # noqa: E402

from assistant.notices import CAUTION  # noqa: E402
from evals.dataset import EvalItem, load_dataset  # noqa: E402
from evals.metrics import CalibrationBin, CautionSplit, Evaluation, Metrics, caution_split, evaluate  # noqa: E402
from evals.predictions import Prediction, read_predictions  # noqa: E402
from evals.support import Judge  # noqa: E402

CHARTS = ("accuracy_by_type.png", "accuracy_by_lang.png", "latency.png")
CALIBRATION_CHART = "calibration.png"
LANG_NAMES = {"da": "Danish", "no": "Norwegian", "en": "English"}

# (field, label, kind) in table order; kind: "rate" (0..1), "ms", "int"
ROWS: list[tuple[str, str, str]] = [
    ("n", "items", "int"),
    ("correct_rate", "handled correctly", "rate"),
    ("answer_accuracy", "answer accuracy", "rate"),
    ("number_accuracy", "figures right", "rate"),
    ("citation_accuracy", "cites the quote", "rate"),
    ("citation_recall", "citation recall", "rate"),
    ("citation_precision", "citation precision", "rate"),
    ("span_in_answer_rate", "span in answer", "rate"),
    ("doc_cited_rate", "right document cited", "rate"),
    ("refusal_accuracy", "refusal accuracy", "rate"),
    ("false_refusal_rate", "false-refusal rate", "rate"),
    ("answered_rate", "answered share", "rate"),
    ("ece", "calibration error (ECE)", "rate"),
    ("recall_at_1", "retrieval R@1", "rate"),
    ("recall_at_3", "retrieval R@3", "rate"),
    ("recall_at_5", "retrieval R@5", "rate"),
    ("recall_at_10", "retrieval R@10", "rate"),
    ("mrr", "retrieval MRR", "rate"),
    ("ndcg_at_10", "retrieval nDCG@10", "rate"),
    ("latency_p50_ms", "latency p50 (ms)", "ms"),
    ("latency_p95_ms", "latency p95 (ms)", "ms"),
    ("latency_mean_ms", "latency mean (ms)", "ms"),
    ("prompt_tokens", "prompt tokens", "int"),
    ("completion_tokens", "completion tokens", "int"),
    ("n_missing", "missing predictions", "int"),
    ("n_errors", "errors", "int"),
]


class RunInfo(BaseModel):
    """What produced a run (``run.json``)."""

    name: str = ""
    dataset: str = ""
    n_items: int = 0
    item_ids: list[str] = Field(default_factory=list)  # the items asked (all of the dataset when empty)
    backend: str = ""
    reader: str = ""  # the offline reader (learned / legacy / trivial) of the extractive backend
    reader_model: str = ""  # the learned reader's fitted file, when not the shipped one
    corpus: str = ""  # the folder indexed (seeds_dir)
    split: str = "all"  # the items asked: all, or one split (evals/splits.py)
    retrieval_mode: str = ""
    top_k: int | None = None
    chunker: str = ""
    chunk_tokens: int | None = None
    naive_chunk_chars: int | None = None
    data_dir: str = ""
    embedding_model: str = ""
    index_build: str = ""
    index_passages: int | None = None
    reader_warm_seconds: float | None = None  # passages read before the first question
    started: str = ""
    seconds: float | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class Report(Evaluation):
    run: RunInfo


def build_report(
    items: list[EvalItem], predictions: list[Prediction], run: RunInfo | None = None, judge: Judge | None = None
) -> Report:
    evaluation = evaluate(items, predictions, judge)
    return Report(run=run or RunInfo(n_items=len(items)), **evaluation.model_dump())


def fmt(value: float | int | None, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "rate":
        return f"{value:.3f}"
    if kind == "ms":
        return f"{value:.0f}"
    return str(value)


def metrics_table(columns: dict[str, Metrics]) -> str:
    """Markdown table: one row per metric, one column per group."""
    head = "| metric | " + " | ".join(columns) + " |"
    lines = [head, "|---" + "|---:" * len(columns) + "|"]
    for field, label, kind in ROWS:
        values = [getattr(m, field) for m in columns.values()]
        if all(v is None for v in values):
            continue
        lines.append(f"| {label} | " + " | ".join(fmt(v, kind) for v in values) + " |")
    return "\n".join(lines)


def _cell(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + " …"
    return text.replace("|", "\\|")


def markdown(report: Report) -> str:
    run = report.run
    title = run.name or Path(run.dataset).stem or "evaluation"
    parts = [f"# Evaluation: {title}", ""]
    config = [
        f"dataset `{Path(run.dataset).name}` ({run.n_items} items)" if run.dataset else f"{run.n_items} items",
        f"split `{run.split}`" if run.split and run.split != "all" else "",
        f"backend `{run.backend}`" if run.backend else "",
        f"reader `{run.reader}`" if run.reader and run.backend in ("", "extractive") else "",
        f"corpus `{run.corpus}`" if run.corpus else "",
        f"retrieval `{run.retrieval_mode}`, k={run.top_k}" if run.retrieval_mode else "",
        f"chunker `{run.chunker}`" if run.chunker else "",
        f"{run.index_passages} passages" if run.index_passages else "",
        f"passages read ahead in {run.reader_warm_seconds:.1f} s" if run.reader_warm_seconds is not None else "",
        f"{run.seconds:.0f} s" if run.seconds else "",
    ]
    parts += ["; ".join(c for c in config if c) + ".", ""]
    columns = {"all": report.overall}
    columns |= {lang: m for lang, m in report.by_lang.items()}
    columns |= {t: m for t, m in report.by_type.items()}
    parts += [metrics_table(columns), ""]
    explained = (
        "Answer accuracy: every required figure in the answer and a citation of the right document "
        "whose passage holds the quote. "
    )
    if report.overall.n_span:
        explained = (
            "Answer accuracy (span items): not refused, the answer holds the span and a citation of the "
            "right document holds it in its quote or passage (letters and digits, case-folded). "
        )
    parts += [
        explained + "Citation recall/precision: ALCE-style support of answer "
        "sentences by the passages they cite (figures + ≥ 50 % of content words). Retrieval: rank of the "
        "passage holding the quote among the top 10 for the answer's query.",
        "",
        "![accuracy by type](accuracy_by_type.png) ![accuracy by language](accuracy_by_lang.png) "
        "![latency](latency.png)",
        "",
    ]
    if report.calibration:
        parts += [
            "## Calibration",
            "",
            calibration_table(report.calibration),
            "",
            f"Answered items with a confidence: {report.overall.n_confidence}; expected calibration error "
            f"{fmt(report.overall.ece, 'rate')}. ![calibration]({CALIBRATION_CHART})",
            "",
            caution_line(caution_split(report.items, CAUTION)),
            "",
        ]
    parts += [f"## Failures ({len(report.failures)})", ""]
    if report.failures:
        parts += ["| id | lang/type | question | expected | got | why |", "|---|---|---|---|---|---|"]
        for f in report.failures:
            question = " → ".join([*f.history, f.question])
            expected = f.expected.answer or "(refuse)"
            if f.expected.span and f.expected.span != f.expected.answer:
                expected += f" (span: {f.expected.span})"
            if f.expected.doc:
                expected += f" — {f.expected.doc}"
            got = "(refused) " if f.got.refused else ""
            got += f.got.answer or ("(error)" if f.got.error else "(nothing)")
            if f.got.docs:
                got += " — cites " + ", ".join(f.got.docs)
            parts.append(
                f"| {f.id} | {f.lang}/{f.type} | {_cell(question, 200)} | {_cell(expected)} | {_cell(got)} "
                f"| {_cell('; '.join(f.reasons), 160)} |"
            )
    else:
        parts.append("None.")
    return "\n".join(parts) + "\n"


def _bar_chart(path: Path, groups: dict[str, Metrics], title: str, labels: dict[str, str] | None = None) -> None:
    series = [
        ("correct_rate", "handled correctly"),
        ("answer_accuracy", "answer accuracy"),
        ("refusal_accuracy", "refusal accuracy"),
        ("citation_precision", "citation precision"),
    ]
    names = list(groups)
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(names) + 2), 4.2), dpi=100)
    width = 0.8 / len(series)
    for i, (field, label) in enumerate(series):
        values = [getattr(groups[n], field) for n in names]
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(names))]
        bars = ax.bar(xs, [v or 0.0 for v in values], width, label=label)
        for bar, v in zip(bars, values, strict=True):
            ax.annotate(
                "–" if v is None else f"{v:.2f}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=7,
            )
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels([f"{(labels or {}).get(n, n)}\n(n={groups[n].n})" for n in names])
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("share")
    ax.set_title(title)
    ax.legend(fontsize=8, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def latency_chart(path: Path, latencies: list[float], overall: Metrics) -> None:
    fig, ax = plt.subplots(figsize=(6.5, 3.8), dpi=100)
    if latencies:
        ax.hist(latencies, bins=min(30, max(5, len(latencies) // 4)), color="#4c72b0")
        for field, label, style in (("latency_p50_ms", "p50", "--"), ("latency_p95_ms", "p95", ":")):
            v = getattr(overall, field)
            if v is not None:
                ax.axvline(v, color="black", linestyle=style, label=f"{label} {v:.0f} ms")
        ax.legend()
    else:
        ax.text(0.5, 0.5, "no latencies recorded", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("latency of the final question (ms)")
    ax.set_ylabel("items")
    ax.set_title("Latency")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def caution_line(split: CautionSplit) -> str:
    """The answers with a confidence below the reader's ``CAUTION`` (the cut under which its
    answer comes with the uncertain-answer notice) against the others."""
    return (
        f"Answers with a confidence below {CAUTION} (the uncertain-answer notice's cut): {split.flagged}, share right "
        f"{fmt(split.flagged_right, 'rate')}; the others: {split.plain}, share right {fmt(split.plain_right, 'rate')}."
    )


def calibration_table(bins: list[CalibrationBin]) -> str:
    lines = ["| confidence | answers | mean confidence | share right |", "|---|---:|---:|---:|"]
    for b in bins:
        mean = f"{b.confidence:.3f}" if b.n else "–"
        right = f"{b.accuracy:.3f}" if b.n else "–"
        lines.append(f"| {b.low:.1f}–{b.high:.1f} | {b.n} | {mean} | {right} |")
    return "\n".join(lines)


def calibration_chart(path: Path, bins: list[CalibrationBin], title: str = "Calibration") -> None:
    fig, ax = plt.subplots(figsize=(5.2, 4.6), dpi=100)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    used = [b for b in bins if b.n]
    width = 1 / max(1, len(bins))
    ax.bar([b.low + width / 2 for b in used], [b.accuracy for b in used], width * 0.9, color="#4c72b0", alpha=0.8)
    ax.plot([b.confidence for b in used], [b.accuracy for b in used], "o-", color="#c44e52", label="share right")
    for b in used:
        ax.annotate(f"n={b.n}", (b.low + width / 2, b.accuracy), ha="center", va="bottom", fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("confidence (answerability)")
    ax.set_ylabel("share of answers right")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_report(out: Path, report: Report) -> list[Path]:
    """Write report.json, report.md and the charts into ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.json", out / "report.md", *(out / c for c in CHARTS)]
    paths[0].write_text(report.model_dump_json(indent=2), encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    _bar_chart(paths[2], report.by_type, "Accuracy by question type")
    _bar_chart(paths[3], report.by_lang, "Accuracy by question language", LANG_NAMES)
    latencies = [s.latency_ms for s in report.items if s.latency_ms is not None]
    latency_chart(paths[4], latencies, report.overall)
    if report.calibration:
        paths.append(out / CALIBRATION_CHART)
        calibration_chart(paths[-1], report.calibration)
    return paths


def read_run_info(run_dir: Path) -> RunInfo | None:
    path = run_dir / "run.json"
    if not path.exists():
        return None
    return RunInfo.model_validate(json.loads(path.read_text(encoding="utf-8")))


def report_from_dir(run_dir: Path, dataset: Path | None = None, judge: Judge | None = None) -> Report:
    """Recompute a run's report from its predictions (dataset from ``run.json`` unless given)."""
    run = read_run_info(run_dir) or RunInfo(name=run_dir.name)
    path = dataset or (Path(run.dataset) if run.dataset else None)
    if path is None:
        raise FileNotFoundError(f"{run_dir}: no run.json naming the dataset; pass --dataset")
    items = load_dataset(path)
    predictions = read_predictions(run_dir / "predictions.jsonl")
    if run.item_ids:  # a --limit or subset run: score the items it asked
        wanted = set(run.item_ids)
        items = [i for i in items if i.id in wanted]
    return build_report(items, predictions, run, judge)
