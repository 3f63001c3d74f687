"""How far a refit moves the figures: the same slices asked with several fitted reader models.

    python -m assistant.reader.train --resamples 5          # runs/refits/model-r1.json … r5
    python -m evals run --reader-model runs/refits/model-r1.json --dataset … --out …/r1/…
    python -m evals spread RUN_DIR … [--shipped RUN_DIR …]

A reader refitted on a random nine tenths of its training questions is a reader the same
procedure could as well have produced from a training set a little different. The spread of a
development figure over such refits is how much a change must move it before it says something
about the change rather than about the refit (``make refit-spread`` runs the whole loop on the
development slices).

Runs are grouped by what they ask (dataset file, split, corpus); per group and metric: the
mean, the standard deviation, the least and the most over the models, and with ``--shipped``
the figure of the shipped model's run of the same group.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from evals.report import Report, report_from_dir

METRICS: tuple[tuple[str, str], ...] = (
    ("correct_rate", "handled"),
    ("answer_accuracy", "acc."),
    ("refusal_accuracy", "refuses unans."),
    ("false_refusal_rate", "false ref."),
)


class SpreadError(ValueError):
    pass


def group_key(report: Report) -> tuple[str, str, str]:
    run = report.run
    return Path(run.dataset).name, run.split, Path(run.corpus).name if run.corpus else ""


def spread(values: Sequence[float]) -> tuple[float, float, float, float]:
    """Mean, sample standard deviation (0 for one value), least, most."""
    if not values:
        raise SpreadError("no values")
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
    return mean, sd, min(values), max(values)


def spread_table(run_dirs: Sequence[Path], shipped: Sequence[Path] = ()) -> str:
    """The Markdown table: one row per group of runs, each metric as ``mean ± sd (least–most)``."""
    groups: dict[tuple[str, str, str], list[Report]] = {}
    names: dict[tuple[str, str, str], str] = {}
    for d in run_dirs:
        report = report_from_dir(d)
        key = group_key(report)
        groups.setdefault(key, []).append(report)
        names.setdefault(key, report.run.name or d.name)
    if not groups:
        raise SpreadError("no runs given")
    base: dict[tuple[str, str, str], Report] = {}
    for d in shipped:
        report = report_from_dir(d)
        base[group_key(report)] = report
    header = ["slice", "models"] + [label for _, label in METRICS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key in sorted(groups, key=lambda k: names[k]):
        reports = groups[key]
        cells = [names[key], str(len(reports))]
        for field, _ in METRICS:
            values = [v for r in reports if (v := getattr(r.overall, field)) is not None]
            if not values:
                cells.append("–")
                continue
            mean, sd, low, high = spread(values)
            cell = f"{mean:.3f} ± {sd:.3f} ({low:.3f}–{high:.3f})"
            shipped_value = getattr(base[key].overall, field) if key in base else None
            if shipped_value is not None:
                cell += f"; shipped {shipped_value:.3f}"
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
