"""The development count: per corpus and language, from runs' report files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.devtotal import Count, DevTotalError, devtotal, devtotal_refits, read_slice, tally


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


def write_refit(root: Path, name: str, right: int, wrong: int) -> Path:
    """One refit's eval-dev folder: an English slice over new texts and a Danish one over the seeds."""
    folder = root / name
    folder.mkdir(parents=True)
    answers = [item("en", True, True, False)] * right + [item("en", True, False, True)] * wrong
    write_run(folder, "setA", "/x/docs", answers)
    write_run(folder, "policy", "/repo/seeds", [item("da", False, True, True)])
    (folder / "devtotal.md").write_text("a file beside the runs is not a run\n", encoding="utf-8")
    return folder


def test_refits_are_paired_with_the_base_refit_of_the_same_draw(tmp_path: Path) -> None:
    change = [write_refit(tmp_path / "change", f"model-r{n}", right, 1) for n, right in ((1, 5), (2, 3))]
    base = [write_refit(tmp_path / "base", f"model-r{n}", right, 1) for n, right in ((2, 4), (1, 2))]
    lines = devtotal_refits(change, base).splitlines()
    # handled right: the English slice's right answers and the refused unanswerable of the seeds
    assert "| model-r1 | 6 / 7 | 5 | 5 | 1 | 1 | 3 | +3 |" in lines
    assert "| model-r2 | 4 / 5 | 3 | 3 | 1 | 1 | 5 | -1 |" in lines
    assert lines[-1] == "| mean | 5.0 ± 1.4 | | | | | | 1.0 ± 2.8 |"


def test_refits_without_their_base_draw_are_an_error(tmp_path: Path) -> None:
    change = [write_refit(tmp_path / "change", "model-r1", 1, 0), write_refit(tmp_path / "change", "model-r2", 1, 0)]
    base = [write_refit(tmp_path / "base", "model-r1", 1, 0)]
    with pytest.raises(DevTotalError, match="no base refit for model-r2"):
        devtotal_refits(change, base)
    with pytest.raises(DevTotalError, match="no runs"):
        devtotal_refits([tmp_path / "empty"])
    alone = devtotal_refits(change).splitlines()
    assert alone[-1] == "| mean | 2.0 ± 0.0 | | | | |"
