"""The NorQuAD part of the CI gate: a missing folder fails under CI and is skipped elsewhere;
an existing gate output (policy/ + norquad/) is checked suite by suite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals import cli
from evals.cli import main
from evals.dataset import load_dataset
from evals.gate import Floors, load_subset, norquad_dir, norquad_problem, save_floors
from evals.report import RunInfo, build_report, write_report
from evals.runner import run_items

from .standin import StandIn, fake_retrieve
from .test_summary import fake_run


def test_missing_norquad_fails_in_ci_and_is_skipped_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_engine(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing may be asked")

    monkeypatch.setattr(cli, "execute", no_engine)
    args = ["gate", "--only", "norquad", "--norquad", str(tmp_path / "nowhere"), "--out", str(tmp_path / "g")]
    monkeypatch.setenv("CI", "true")
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "EVAL GATE FAILED: no NorQuAD dataset at" in err and "--norquad DIR" in err
    monkeypatch.delenv("CI")
    assert main(args) == 0
    assert "NorQuAD gate skipped: no NorQuAD dataset" in capsys.readouterr().err


def test_norquad_folder_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORQUAD_DIR", str(tmp_path))
    assert norquad_dir() == tmp_path and norquad_dir(Path("x")) == Path("x")
    subset = load_subset().norquad
    assert subset is not None
    (tmp_path / "norquad-val.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    assert "NorQuAD texts missing" in str(norquad_problem(tmp_path, subset))
    for name in subset.docs:
        (tmp_path / "docs" / name).write_text("x", encoding="utf-8")
    assert norquad_problem(tmp_path, subset) is None


def test_gate_from_a_gate_output_folder(tiny_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gate_out = tmp_path / "gate"
    fake_run(tiny_dataset, gate_out / "policy", "legacy", "all", StandIn())  # accuracy 0.667, refusal 1.0
    # a NorQuAD-like run: one span item answered right, one unanswerable answered
    nq = tmp_path / "nq.jsonl"
    nq.write_text(
        json.dumps({"id": "n1", "question": "Hvor?", "doc": "plan.txt", "quote": "276 i 2009", "span": "276"})
        + "\n"
        + json.dumps({"id": "u1", "question": "Hvem?", "answerable": False, "type": "unanswerable"})
        + "\n",
        encoding="utf-8",
    )
    out = gate_out / "norquad"
    out.mkdir(parents=True)
    items = load_dataset(nq)
    preds = run_items(items, StandIn(), retrieve=fake_retrieve, out=out / "predictions.jsonl")
    # the stand-in answers any other question with the 2009 deaths passage
    run = RunInfo(name="gate-norquad", dataset=str(nq), n_items=2, item_ids=["n1", "u1"])
    (out / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
    write_report(out, build_report(items, preds, run))
    floors_file = tmp_path / "floors.json"
    floors = Floors(
        floors={"answer_accuracy": 0.6},
        norquad=Floors(floors={"answer_accuracy": 0.0, "refusal_accuracy": 0.0}, ceilings={"false_refusal_rate": 1.0}),
    )
    save_floors(floors, floors_file)
    assert main(["gate", "--from-run", str(gate_out), "--floors", str(floors_file), "--raise-floors"]) == 0
    printed = capsys.readouterr().out
    assert "policy (4 items)" in printed and "norquad (2 items)" in printed
    assert "| false_refusal_rate | 0.000 | ≤ 1.00 |" in printed
    after = Floors.model_validate_json(floors_file.read_text(encoding="utf-8"))
    assert after.floors == {"answer_accuracy": 0.64}
    assert after.norquad is not None
    assert after.norquad.floors == {"answer_accuracy": 0.98, "refusal_accuracy": 0.0}
    assert after.norquad.ceilings == {"false_refusal_rate": 0.02}
    # a NorQuAD floor above the measurement fails the gate, naming the suite
    bad = after.norquad.model_copy(update={"floors": {"refusal_accuracy": 0.5}})
    save_floors(after.model_copy(update={"norquad": bad}), floors_file)
    assert main(["gate", "--from-run", str(gate_out), "--floors", str(floors_file)]) == 1
    assert "EVAL GATE FAILED (norquad): refusal_accuracy 0.000 is below its floor 0.50" in capsys.readouterr().err
