"""Report files (json keys, markdown tables, valid PNGs), the report/compare/gate commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.models import Answer
from evals.cli import main
from evals.dataset import load_dataset
from evals.gate import (
    FLOORS_FILE,
    NORQUAD_CEILINGS,
    NORQUAD_GATED,
    Floors,
    check,
    load_floors,
    raise_floors,
    save_floors,
)
from evals.metrics import Metrics
from evals.predictions import write_predictions
from evals.report import CHARTS, RunInfo, build_report, write_report
from evals.runner import AnswerFn, run_items

from .standin import StandIn, fake_retrieve

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def make_run(dataset: Path, out: Path, name: str, fn: AnswerFn | None = None) -> Path:
    """A run directory as `python -m evals run` leaves it, answered by the stand-in."""
    items = load_dataset(dataset)
    out.mkdir(parents=True)
    preds = run_items(items, fn or StandIn(), retrieve=fake_retrieve, out=out / "predictions.jsonl")
    run = RunInfo(
        name=name,
        dataset=str(dataset),
        n_items=len(items),
        item_ids=[i.id for i in items],
        backend="extractive",
        retrieval_mode="hybrid",
        top_k=5,
        chunker="sentence",
    )
    (out / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
    write_report(out, build_report(items, preds, run))
    return out


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 2000, path
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 300 and height > 200


def test_report_files(tiny_dataset: Path, tmp_path: Path) -> None:
    out = make_run(tiny_dataset, tmp_path / "run", "tiny")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {"run", "overall", "by_lang", "by_type", "failures", "items"} <= set(report)
    assert list(report["by_lang"]) == ["da", "no", "en"]
    assert list(report["by_type"]) == ["factual", "followup", "opinion", "unanswerable"]
    for key in (
        "answer_accuracy",
        "number_accuracy",
        "citation_accuracy",
        "citation_recall",
        "citation_precision",
        "recall_at_1",
        "recall_at_5",
        "mrr",
        "ndcg_at_10",
        "refusal_accuracy",
        "false_refusal_rate",
        "latency_p50_ms",
        "latency_p95_ms",
        "prompt_tokens",
    ):
        assert key in report["overall"], key
    assert report["run"]["name"] == "tiny" and len(report["items"]) == 4
    failure = report["failures"][0]
    assert failure["id"] == "t-4" and failure["question"].startswith("Hva mener")
    assert set(failure["expected"]) == {"answer", "numbers", "doc", "quote", "span"}
    assert {"answer", "refused", "docs"} <= set(failure["got"])

    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Evaluation: tiny")
    assert "| metric | all | da | no | en | factual | followup | opinion | unanswerable |" in md
    assert "| answer accuracy | 0.667 | 1.000 | 0.000 | 1.000 | 1.000 | 1.000 | 0.000 | – |" in md
    assert "| refusal accuracy | 1.000 | – | 1.000 | – | – | – | – | 1.000 |" in md
    assert "## Failures (1)" in md and "| t-4 | no/opinion |" in md and "RuntimeError: engine exploded" in md
    for chart in CHARTS:
        assert_png(out / chart)


def test_report_command_recomputes_from_predictions(tiny_dataset: Path, tmp_path: Path, capsys) -> None:
    out = make_run(tiny_dataset, tmp_path / "run", "tiny")
    # the predictions are edited by hand: the report follows them, not the old report
    lines = [json.loads(x) for x in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    lines[2]["refused"] = False
    (out / "predictions.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    (out / "report.json").unlink()
    assert main(["report", str(out)]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["overall"]["refusal_accuracy"] == 0.0
    assert "| refusal accuracy | 0.000 |" in capsys.readouterr().out


def test_report_of_a_limited_run_scores_only_the_items_asked(tiny_dataset: Path, tmp_path: Path) -> None:
    items = load_dataset(tiny_dataset)[:2]
    out = tmp_path / "limited"
    out.mkdir()
    write_predictions(out / "predictions.jsonl", run_items(items, StandIn()))
    run = RunInfo(name="limited", dataset=str(tiny_dataset), n_items=2, item_ids=[i.id for i in items])
    (out / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
    assert main(["report", str(out)]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["overall"]["n"] == 2 and report["overall"]["n_missing"] == 0


def test_compare_writes_table_and_chart(tiny_dataset: Path, tmp_path: Path, capsys) -> None:
    a = make_run(tiny_dataset, tmp_path / "runs" / "a", "default")

    def refuse_all(question: str, history: list[str]) -> Answer:
        return Answer(question=question, text="Det står ikke i dokumentene.", refused=True, query=question)

    b = make_run(tiny_dataset, tmp_path / "runs" / "b", "refuses", refuse_all)
    assert main(["compare", str(a), str(b)]) == 0
    printed = capsys.readouterr().out
    md = (tmp_path / "runs" / "compare.md").read_text(encoding="utf-8")
    assert "| metric | default | refuses |" in printed and "| metric | default | refuses |" in md
    assert "| answer accuracy | **0.667** | 0.000 |" in md
    assert "| false-refusal rate | **0.000** | 1.000 |" in md
    assert_png(tmp_path / "runs" / "compare.png")
    # an explicit output file, and a missing run directory is an error, not a traceback
    assert main(["compare", str(a), str(b), "--out", str(tmp_path / "x" / "cmp.md")]) == 0
    assert_png(tmp_path / "x" / "cmp.png")
    assert main(["compare", str(a), str(tmp_path / "nope")]) == 2


def metrics(**values: float | None) -> Metrics:
    return Metrics(**values)


FLOORS = Floors(floors={"answer_accuracy": 0.5, "citation_precision": 0.8, "refusal_accuracy": 0.6}, margin=0.02)


def test_gate_check() -> None:
    ok = metrics(answer_accuracy=0.5, citation_precision=0.9, refusal_accuracy=0.61)
    assert check(ok, FLOORS) == []
    low = metrics(answer_accuracy=0.49, citation_precision=0.9, refusal_accuracy=None)
    assert [(v.metric, v.measured) for v in check(low, FLOORS)] == [
        ("answer_accuracy", 0.49),
        ("refusal_accuracy", None),
    ]
    assert "below its floor 0.50" in check(low, FLOORS)[0].message()


def test_floors_only_move_up() -> None:
    measured = metrics(answer_accuracy=0.737, citation_precision=0.7, refusal_accuracy=None)
    raised = raise_floors(FLOORS, measured)
    # up to measured - margin, rounded down; a lower measurement or none keeps the floor
    assert raised.floors == {"answer_accuracy": 0.71, "citation_precision": 0.8, "refusal_accuracy": 0.6}
    again = raise_floors(raised, metrics(answer_accuracy=0.2, citation_precision=0.2, refusal_accuracy=0.2))
    assert again.floors == raised.floors
    assert raise_floors(FLOORS, metrics(answer_accuracy=1.0), margin=0.0).floors["answer_accuracy"] == 1.0


def test_ceilings_and_the_norquad_floors() -> None:
    floors = Floors(floors={"answer_accuracy": 0.5}, ceilings={"false_refusal_rate": 0.3}, margin=0.02)
    assert check(metrics(answer_accuracy=0.6, false_refusal_rate=0.3), floors) == []
    high = check(metrics(answer_accuracy=0.6, false_refusal_rate=0.31), floors)
    assert [v.metric for v in high] == ["false_refusal_rate"] and "above its ceiling 0.30" in high[0].message()
    # a ceiling only moves down: to measured + margin, rounded up to 0.01
    lowered = raise_floors(floors, metrics(answer_accuracy=0.6, false_refusal_rate=0.101))
    assert lowered.ceilings == {"false_refusal_rate": 0.13} and lowered.floors == {"answer_accuracy": 0.58}
    assert raise_floors(lowered, metrics(answer_accuracy=0.0, false_refusal_rate=0.9)).ceilings == lowered.ceilings
    # the shipped file: policy floors and the NorQuAD suite's own
    shipped = load_floors(FLOORS_FILE)
    assert shipped.norquad is not None and set(shipped.norquad.floors) == set(NORQUAD_GATED)
    assert set(shipped.norquad.ceilings) == set(NORQUAD_CEILINGS)


@pytest.mark.parametrize("raise_it", [False, True])
def test_gate_command_on_an_existing_run(tiny_dataset: Path, tmp_path: Path, capsys, raise_it: bool) -> None:
    run = make_run(tiny_dataset, tmp_path / "run", "gate")  # answer 0.667, precision 1.0, refusal 1.0
    floors_file = tmp_path / "floors.json"
    save_floors(FLOORS, floors_file)
    args = ["gate", "--from-run", str(run), "--floors", str(floors_file)] + (["--raise-floors"] if raise_it else [])
    assert main(args) == 0
    after = Floors.model_validate_json(floors_file.read_text(encoding="utf-8")).floors
    if raise_it:
        assert after == {"answer_accuracy": 0.64, "citation_precision": 0.98, "refusal_accuracy": 0.98}
    else:
        assert after == FLOORS.floors
    # floors above the measurement fail the gate with a message, and --raise-floors never lowers them
    save_floors(
        Floors(floors={"answer_accuracy": 0.9, "citation_precision": 0.0, "refusal_accuracy": 0.0}), floors_file
    )
    capsys.readouterr()
    assert main([*args]) == 1
    err = capsys.readouterr().err
    assert "EVAL GATE FAILED" in err and "answer_accuracy 0.667 is below its floor 0.90" in err
    assert Floors.model_validate_json(floors_file.read_text(encoding="utf-8")).floors["answer_accuracy"] == 0.9
