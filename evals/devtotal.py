"""The development questions in one count: ``python -m evals devtotal RUN_DIR … [--out F]``.

A reader change is judged on every development slice at once (``make eval-dev``: the slices the
reader is not fitted on, and every set written blind), because a change that mends one slice
often costs another, and one slice moves by a few questions from a refit alone. This module reads
the runs' ``report.json`` and counts, per corpus (the seed documents, or texts the project was not
written for) and per language of the question:

* questions handled right (an answerable one answered right, an unanswerable one refused);
* answerable questions answered right, and refused (false refusals);
* unanswerable questions refused;

and the total, with one line per run. Plain data in (report files), plain text out.

``python -m evals devtotal-refits REFIT_DIR … [--base DIR …]`` reads several such counts, each of
one reader fitted on a seeded nine tenths of the training questions (``make eval-dev-refits``), and
pairs them with a base's refits on the same draws. The shipped reader is a poor yardstick for a
change: every change kept so far was kept because it raised this count, so the shipped reader's
count holds that luck, and a refit of any other reader loses it (stop 49: three such refits of the
shipped code read 1,446 to 1,452 where the shipped reader reads 1,460). A change is judged by its
refits against the base's refits of the same draws.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple


class DevTotalError(ValueError):
    pass


class Count(NamedTuple):
    handled: int = 0
    questions: int = 0
    answerable: int = 0
    answered_right: int = 0
    false_refusals: int = 0
    unanswerable: int = 0
    refused_unanswerable: int = 0

    def add(self, item: dict[str, object]) -> Count:
        answerable = bool(item["answerable"])
        right, refused = bool(item["correct"]), bool(item["refused"])
        return Count(
            self.handled + right,
            self.questions + 1,
            self.answerable + answerable,
            self.answered_right + (answerable and right),
            self.false_refusals + (answerable and refused),
            self.unanswerable + (not answerable),
            self.refused_unanswerable + (not answerable and refused),
        )


class Slice(NamedTuple):
    name: str
    corpus: str  # "seeds" or "new texts"
    items: list[dict[str, object]]


def read_slice(run_dir: Path) -> Slice:
    """A run's scored items, and the corpus it asked (a run over ``--corpus DIR`` reads new texts)."""
    report = run_dir / "report.json"
    if not report.is_file():
        raise DevTotalError(f"{run_dir}: no report.json (not a finished `python -m evals run`)")
    data = json.loads(report.read_text(encoding="utf-8"))
    run = data.get("run") or {}
    corpus = "new texts" if run.get("corpus") and not _is_seeds(run["corpus"]) else "seeds"
    return Slice(run.get("name") or run_dir.name, corpus, list(data.get("items", [])))


def _is_seeds(corpus: str) -> bool:
    """A run over the project's seed documents: ``evals run`` without ``--corpus`` records the
    ``seeds`` folder it indexed."""
    return Path(corpus).name == "seeds"


def tally(items: Iterable[dict[str, object]]) -> Count:
    total = Count()
    for item in items:
        total = total.add(item)
    return total


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "–"


def _row(label: str, c: Count) -> str:
    return (
        f"| {label} | {c.handled} / {c.questions} | {c.answered_right} / {c.answerable} "
        f"({_share(c.answered_right, c.answerable)}) | {c.false_refusals} | "
        f"{c.refused_unanswerable} / {c.unanswerable} ({_share(c.refused_unanswerable, c.unanswerable)}) |"
    )


HEADER = (
    "| | handled right | answerable answered right | false refusals | unanswerable refused |\n|---|---|---|---|---|"
)


def devtotal(run_dirs: Sequence[Path]) -> str:
    """The Markdown tables: total, per corpus, per corpus and language, per run."""
    if not run_dirs:
        raise DevTotalError("no run directories")
    slices = [read_slice(d) for d in run_dirs]
    every = [i for s in slices for i in s.items]
    lines = ["## Development questions", "", HEADER, _row("**total**", tally(every))]
    for corpus in sorted({s.corpus for s in slices}):
        mine = [i for s in slices if s.corpus == corpus for i in s.items]
        lines.append(_row(corpus, tally(mine)))
        for lang in sorted({str(i["lang"]) for i in mine}):
            lines.append(_row(f"{corpus}, {lang}", tally(i for i in mine if i["lang"] == lang)))
    lines += ["", HEADER]
    lines += [_row(f"{s.name} ({s.corpus})", tally(s.items)) for s in sorted(slices, key=lambda s: s.name)]
    return "\n".join(lines) + "\n"


def read_count(refit_dir: Path) -> tuple[Count, Count, Count]:
    """One eval-dev folder's counts: all its slices, those over new texts, its English questions."""
    runs = sorted(d for d in refit_dir.iterdir() if d.is_dir()) if refit_dir.is_dir() else []
    if not runs:
        raise DevTotalError(f"{refit_dir}: no runs (not a `make eval-dev` folder)")
    slices = [read_slice(d) for d in runs]
    every = [i for s in slices for i in s.items]
    new = [i for s in slices if s.corpus == "new texts" for i in s.items]
    return tally(every), tally(new), tally(i for i in every if i["lang"] == "en")


def _mean_sd(values: Sequence[int]) -> str:
    if len(values) < 2:
        return f"{values[0]}" if values else "–"
    return f"{statistics.mean(values):.1f} ± {statistics.stdev(values):.1f}"


def devtotal_refits(refit_dirs: Sequence[Path], base_dirs: Sequence[Path] = ()) -> str:
    """One row per refit (handled right: all, new texts, English; false refusals; unanswerables
    refused), the mean ± standard deviation; with ``base_dirs`` (the same draws of another code,
    paired by folder name), each refit's difference from the base's and their mean."""
    if not refit_dirs:
        raise DevTotalError("no refit folders")
    base = {d.name: d for d in base_dirs}
    missing = [d.name for d in refit_dirs if base and d.name not in base]
    if missing:
        raise DevTotalError(f"no base refit for {', '.join(missing)} (pair the same draws)")
    head = "| refit | handled right | new texts | English | false refusals | unanswerables refused |"
    if base:
        head += " base handled right | difference |"
    lines = ["## Development questions, refitted readers", "", head, "|" + "---|" * (head.count("|") - 1)]
    totals: list[int] = []
    diffs: list[int] = []
    for d in refit_dirs:
        every, new, english = read_count(d)
        totals.append(every.handled)
        row = (
            f"| {d.name} | {every.handled} / {every.questions} | {new.handled} | {english.handled} | "
            f"{every.false_refusals} | {every.refused_unanswerable} |"
        )
        if base:
            other = read_count(base[d.name])[0].handled
            diffs.append(every.handled - other)
            row += f" {other} | {every.handled - other:+d} |"
        lines.append(row)
    mean = f"| mean | {_mean_sd(totals)} | | | | |"
    if base:
        mean += f" | {_mean_sd(diffs)} |"
    lines.append(mean)
    return "\n".join(lines) + "\n"
