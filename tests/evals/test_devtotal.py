"""The development count: per corpus and language, from runs' report files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.devtotal import (
    OPEN_KEY,
    TRAINING_RULE_KEY,
    Count,
    DevTotalError,
    at_threshold,
    dev_threshold,
    devtotal,
    devtotal_refits,
    family,
    fitted_threshold,
    open_model,
    read_refit,
    read_slice,
    set_threshold,
    tally,
)


def item(lang: str, answerable: bool, correct: bool, refused: bool, citations: int = 2) -> dict[str, object]:
    return {
        "id": "x",
        "lang": lang,
        "type": "factual",
        "answerable": answerable,
        "correct": correct,
        "refused": refused,
        "citations": 0 if refused else citations,
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
    # handled, questions, answerable, answered right, false refusals, unanswerable, refused of them
    assert c == Count(2, 5, 3, 1, 1, 2, 1, answers=3, quotes=6)  # 3 answers, 2 quotes each


def test_corpus_of_a_run(tmp_path: Path) -> None:
    seeds = write_run(tmp_path, "policy", "/repo/seeds", [item("no", True, True, False)])
    texts = write_run(tmp_path, "setA", "/repo/evals/datasets/nordic_blind/setA/docs", [item("en", True, True, False)])
    assert read_slice(seeds).corpus == "seeds"
    assert read_slice(texts).corpus == "new texts"


def test_table_rows(tmp_path: Path) -> None:
    a = write_run(
        tmp_path, "policy", "/repo/seeds", [item("no", True, True, False, 1), item("en", False, False, False, 4)]
    )
    b = write_run(tmp_path, "setA", "/x/docs", [item("en", True, False, True), item("en", False, True, True)])
    text = devtotal([a, b])
    lines = text.splitlines()
    # quotes per answer: over the questions answered (two, with 1 and 4 citations); none in setA
    assert "| **total** | 2 / 4 | 1 / 2 (0.500) | 1 | 1 / 2 (0.500) | 2.50 |" in lines
    assert "| new texts, en | 1 / 2 | 0 / 1 (0.000) | 1 | 1 / 1 (1.000) | 0.00 |" in lines
    assert "| seeds, no | 1 / 1 | 1 / 1 (1.000) | 0 | 0 / 0 (–) | 1.00 |" in lines
    assert "| policy (seeds) | 1 / 2 | 1 / 1 (1.000) | 0 | 0 / 1 (0.000) | 2.50 |" in lines


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
    assert lines[-1] == "| mean | 5.0 ± 1.4 | | | | | | 1.0 ± 2.8 (SE 2.0) |"


def test_refits_without_their_base_draw_are_an_error(tmp_path: Path) -> None:
    change = [write_refit(tmp_path / "change", "model-r1", 1, 0), write_refit(tmp_path / "change", "model-r2", 1, 0)]
    base = [write_refit(tmp_path / "base", "model-r1", 1, 0)]
    with pytest.raises(DevTotalError, match="no base refit for model-r2"):
        devtotal_refits(change, base)
    with pytest.raises(DevTotalError, match="no runs"):
        devtotal_refits([tmp_path / "empty"])
    alone = devtotal_refits(change).splitlines()
    assert alone[-1] == "| mean | 2.0 ± 0.0 | | | | |"


def scored(answerable: bool, correct: bool, refused: bool, confidence: float | None) -> dict[str, object]:
    return {**item("en", answerable, correct, refused), "confidence": confidence}


def test_an_open_run_counted_at_a_threshold() -> None:
    # an answer below the threshold becomes a refusal: wrong if answerable, right if not
    assert at_threshold(scored(True, True, False, 0.25), 0.3) == (False, True)
    assert at_threshold(scored(True, True, False, 0.30), 0.3) == (True, False)
    assert at_threshold(scored(False, False, False, 0.25), 0.3) == (True, True)
    assert at_threshold(scored(False, False, False, 0.35), 0.3) == (False, False)
    # what was refused at 0 stays refused; an answer without answerability does not go through it
    assert at_threshold(scored(True, False, True, 0.9), 0.3) == (False, True)
    assert at_threshold(scored(True, True, False, None), 0.9) == (True, False)
    items = [scored(True, True, False, 0.25), scored(True, True, False, 0.5), scored(False, False, False, 0.1)]
    assert tally(items) == Count(2, 3, 2, 2, 0, 1, 0, 3, 6)
    # the answers refused at the threshold quote nothing
    assert tally(items, 0.3) == Count(2, 3, 2, 1, 1, 1, 1, 1, 2)


def test_open_model_keeps_the_fitted_threshold(tmp_path: Path) -> None:
    model = tmp_path / "model-r1.json"
    model.write_text(json.dumps({"format": 1, "threshold": 0.29, "sentence": {}}), encoding="utf-8")
    out = tmp_path / "open" / "model-r1.json"
    assert open_model(model, out) == 0.29
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["threshold"] == 0.0 and data[OPEN_KEY] == 0.29 and data["sentence"] == {}
    assert open_model(out, tmp_path / "again.json") == 0.29  # opening an open file keeps the fitted one
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DevTotalError, match="not a fitted reader file"):
        open_model(tmp_path / "bad.json", tmp_path / "x.json")


def write_open_refit(root: Path, name: str, threshold: float, confidences: list[float]) -> Path:
    """An open refit's eval-dev folder: answerable English questions answered right with these
    answerabilities, and one unanswerable answered at 0.28, over new texts."""
    model = root / "models" / f"{name}.json"
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_text(json.dumps({"threshold": 0.0, OPEN_KEY: threshold}), encoding="utf-8")
    folder = root / name
    folder.mkdir(parents=True)
    items = [scored(True, True, False, c) for c in confidences] + [scored(False, False, False, 0.28)]
    run = write_run(folder, "setA", "/x/docs", items)
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    report["run"]["reader_model"] = str(model)
    (run / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return folder


def test_open_refits_are_counted_at_their_own_and_at_the_base_threshold(tmp_path: Path) -> None:
    change = [write_open_refit(tmp_path / "change", "model-r1", 0.30, [0.27, 0.5, 0.6])]
    base = [write_open_refit(tmp_path / "base", "model-r1", 0.26, [0.27, 0.5, 0.1])]
    assert fitted_threshold(change[0]) == 0.30 and fitted_threshold(write_refit(tmp_path, "plain", 1, 0)) is None
    lines = devtotal_refits(change, base).splitlines()
    assert "Open runs (reader files with threshold 0): each counted at its own reader's fitted threshold." in lines
    # own thresholds: the change refuses 0.27 and 0.28 (2 + 1 right), the base refuses 0.1 (2 right)
    assert "| model-r1 | 3 / 4 | 3 | 3 | 1 | 1 | 2 | +1 |" in lines
    # at the base's 0.26 the change answers all three right and the unanswerable wrongly: 3 against 2
    assert "| model-r1 | 0.26 | 3 | 2 | +1 | +1.0 |" in lines
    # where: over 0.20 to 0.40 the change answers one more right at every threshold (0.6 against
    # 0.1), both answer 0.27 up to 0.27 and refuse the unanswerable from 0.29 on
    assert "| new texts, en | 4 | 1.0 | +1.0 | +0.0 |" in lines
    assert "| setA | 4 | 1.0 | +1.0 | +0.0 |" in lines
    assert lines.index("| new texts, en | 4 | 1.0 | +1.0 | +0.0 |") < lines.index("| setA | 4 | 1.0 | +1.0 | +0.0 |")


def test_slices_are_grouped_by_their_family_of_blind_sets() -> None:
    assert family("nordic_blind-setA") == family("nordic_blind-setV") == "nordic_blind"
    assert family("policy_blind-set12") == "policy_blind" and family("english_blind-nordic2") == "english_blind"
    assert family("norquad-en") == "norquad-en" and family("offtopic") == "offtopic"


def test_the_development_questions_pick_the_threshold_where_most_are_handled_right(tmp_path: Path) -> None:
    # right answers at 0.15 (two) and 0.45 (three), unanswerables answered at 0.28, 0.30 and 0.30:
    # up to 0.30 some unanswerable is answered, from 0.31 on none, above 0.45 no right answer is left
    confidences = [0.15, 0.15, 0.45, 0.45, 0.45]
    folder = write_open_refit(tmp_path, "model-r1", 0.43, confidences)
    run = next(folder.iterdir())
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    report["items"] += [scored(False, False, False, 0.30), scored(False, False, False, 0.30)]
    (run / "report.json").write_text(json.dumps(report), encoding="utf-8")
    picked = dev_threshold(read_refit(folder), resamples=0)
    assert picked.curve[0.15] == 5 and picked.curve[0.20] == 3 and picked.curve[0.29] == 4
    assert picked.curve[0.31] == picked.curve[0.45] == 6 and picked.curve[0.46] == 3
    # the top is 0.31 to 0.45; smoothed over three points each side, its lowest full point is 0.34
    assert picked.threshold == 0.34 and picked.handled == 6 and picked.questions == 8
    # bagged over resamples of the questions (seeded): the same pick each time, on the top
    bagged = dev_threshold(read_refit(folder))
    assert bagged == dev_threshold(read_refit(folder)) and 0.31 <= bagged.threshold <= 0.45
    model = tmp_path / "model.json"
    model.write_text(json.dumps({"format": 1, "threshold": 0.43, "training": {"questions": 5}}), encoding="utf-8")
    assert set_threshold(model, picked, "eval-dev") == 0.43
    data = json.loads(model.read_text(encoding="utf-8"))
    assert data["threshold"] == 0.34 and data["training"][TRAINING_RULE_KEY] == 0.43
    assert data["training"]["dev_threshold"]["handled_right_at"]["0.30"] == 4
    # picked again, the training rule's threshold is the one kept, not the picked one
    assert set_threshold(model, picked._replace(threshold=0.35), "eval-dev") == 0.43
    assert json.loads(model.read_text(encoding="utf-8"))["threshold"] == 0.35
    # an ordinary run refused at its own threshold already: nothing to pick from
    with pytest.raises(DevTotalError, match="not an open run"):
        dev_threshold(read_refit(write_refit(tmp_path / "plain", "model-r1", 1, 0)))
