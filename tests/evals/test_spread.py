"""``python -m evals spread``: the spread of each slice's figures over runs of several reader models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.cli import main
from evals.report import report_from_dir
from evals.spread import spread, spread_table

from .standin import TINY_ITEMS, StandIn
from .test_summary import fake_run, refuse_all


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "policy_qa.jsonl"
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in TINY_ITEMS), encoding="utf-8")
    return path


def test_spread_of_values() -> None:
    assert spread([0.5]) == (0.5, 0.0, 0.5, 0.5)
    mean, sd, low, high = spread([0.6, 0.8])
    assert mean == pytest.approx(0.7) and sd == pytest.approx(0.1414, abs=1e-4) and (low, high) == (0.6, 0.8)


def test_runs_of_the_same_slice_are_one_row(dataset: Path, tmp_path: Path) -> None:
    answers = fake_run(dataset, tmp_path / "r1" / "pdev", "learned", "dev", StandIn())
    refuses = fake_run(dataset, tmp_path / "r2" / "pdev", "learned", "dev", refuse_all)
    accuracy = report_from_dir(answers).overall.answer_accuracy
    assert accuracy and accuracy > 0
    table = spread_table([answers, refuses], shipped=[answers])
    rows = [line for line in table.splitlines() if line.startswith("| pdev")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    mean, sd, _, _ = spread([accuracy, 0.0])
    assert cells[1] == "2"
    assert cells[3] == f"{mean:.3f} ± {sd:.3f} (0.000–{accuracy:.3f}); shipped {accuracy:.3f}"


def test_the_command_prints_and_writes_the_table(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = fake_run(dataset, tmp_path / "r1" / "pdev", "learned", "dev", StandIn())
    out = tmp_path / "spread.md"
    assert main(["spread", str(run), "--out", str(out)]) == 0
    assert "| pdev | 1 |" in capsys.readouterr().out
    assert "| pdev | 1 |" in out.read_text(encoding="utf-8")
    assert main(["spread", str(tmp_path / "nowhere")]) == 2
    assert "not a run directory" in capsys.readouterr().err
