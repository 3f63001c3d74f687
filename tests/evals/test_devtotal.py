"""The development count: per corpus and language, from runs' report files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.devtotal import Count, DevTotalError, devtotal, read_slice, tally


def item(lang: str, answerable: bool, correct: bool, refused: bool) -> dict[str, object]:
    return {
        "id": "x",
        "lang": lang,
        "type": "factual",
        "answerable": answerable,
        "correct": correct,
        "refused": refused,
    }


def write_run(root: Path, name: str, corpus: str, items: list[dict[str, object]]) -> Path:
    run = root / name
    run.mkdir()
    report = {"run": {"name": name, "corpus": corpus}, "items": items}
    (run / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return run


def test_tally_counts_each_outcome() -> None:
    c = tally(
        [
            item("en", True, True, False),  # answered right
            item("en", True, False, True),  # false refusal
            item("en", True, False, False),  # answered wrong
            item("da", False, True, True),  # unanswerable, refused
            item("da", False, False, False),  # unanswerable, answered
        ]
    )
    assert c == Count(
        handled=2, questions=5, answerable=3, answered_right=1, false_refusals=1, unanswerable=2, refused_unanswerable=1
    )


def test_corpus_of_a_run(tmp_path: Path) -> None:
    seeds = write_run(tmp_path, "policy", "/repo/seeds", [item("no", True, True, False)])
    texts = write_run(tmp_path, "setA", "/repo/evals/datasets/nordic_blind/setA/docs", [item("en", True, True, False)])
    assert read_slice(seeds).corpus == "seeds"
    assert read_slice(texts).corpus == "new texts"


def test_table_rows(tmp_path: Path) -> None:
    a = write_run(tmp_path, "policy", "/repo/seeds", [item("no", True, True, False), item("en", False, False, False)])
    b = write_run(tmp_path, "setA", "/x/docs", [item("en", True, False, True), item("en", False, True, True)])
    text = devtotal([a, b])
    lines = text.splitlines()
    assert "| **total** | 2 / 4 | 1 / 2 (0.500) | 1 | 1 / 2 (0.500) |" in lines
    assert "| new texts, en | 1 / 2 | 0 / 1 (0.000) | 1 | 1 / 1 (1.000) |" in lines
    assert "| seeds, no | 1 / 1 | 1 / 1 (1.000) | 0 | 0 / 0 (–) |" in lines
    assert "| policy (seeds) | 1 / 2 | 1 / 1 (1.000) | 0 | 0 / 1 (0.000) |" in lines


def test_a_folder_without_a_report_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DevTotalError, match="no report.json"):
        devtotal([tmp_path])
    with pytest.raises(DevTotalError):
        devtotal([])


def test_cli_writes_the_table(tmp_path: Path) -> None:
    run = write_run(tmp_path, "setA", "/x/docs", [item("da", True, True, False)])
    out = tmp_path / "dev.md"
    done = subprocess.run(
        [sys.executable, "-m", "evals", "devtotal", str(run), "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "| new texts, da | 1 / 1 | 1 / 1 (1.000) | 0 | 0 / 0 (–) |" in out.read_text(encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "evals", "devtotal", str(tmp_path / "none")], capture_output=True, text=True
    )
    assert bad.returncode != 0
    assert "no report.json" in bad.stderr
