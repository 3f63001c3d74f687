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
"""

from __future__ import annotations

import json
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
