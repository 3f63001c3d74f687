"""Several runs side by side: a markdown table (metrics x runs) and a grouped bar chart.

    python -m evals compare runs/eval/default runs/eval/dense ... [--out runs/eval/compare.md]

Each run directory needs ``report.json`` (written by ``python -m evals run``); a
directory with only ``predictions.jsonl`` and ``run.json`` is scored first.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from evals.report import ROWS, Report, fmt, report_from_dir  # noqa: E402

CHART_METRICS: list[tuple[str, str]] = [
    ("answer_accuracy", "answer acc."),
    ("number_accuracy", "figures"),
    ("citation_accuracy", "cites quote"),
    ("citation_recall", "cit. recall"),
    ("citation_precision", "cit. precision"),
    ("refusal_accuracy", "refusal acc."),
    ("recall_at_5", "R@5"),
    ("mrr", "MRR"),
]


class Comparison(BaseModel):
    runs: dict[str, Report]

    def table(self) -> str:
        names = list(self.runs)
        lines = ["| metric | " + " | ".join(names) + " |", "|---" + "|---:" * len(names) + "|"]
        config = {
            "backend": [r.run.backend or "–" for r in self.runs.values()],
            "retrieval": [r.run.retrieval_mode or "–" for r in self.runs.values()],
            "chunker": [r.run.chunker or "–" for r in self.runs.values()],
        }
        for label, values in config.items():
            lines.append(f"| {label} | " + " | ".join(values) + " |")
        for field, label, kind in ROWS:
            values = [getattr(r.overall, field) for r in self.runs.values()]
            if all(v is None for v in values):
                continue
            best = _best(field, values)
            cells = [
                f"**{fmt(v, kind)}**" if best is not None and v == best and len(names) > 1 else fmt(v, kind)
                for v in values
            ]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


def _best(field: str, values: list[float | int | None]) -> float | int | None:
    present = [v for v in values if v is not None]
    if not present or field in ("n", "n_missing", "n_errors") or field.endswith("tokens"):
        return None
    lower_is_better = field.startswith("latency") or field == "false_refusal_rate"
    return min(present) if lower_is_better else max(present)


def load_runs(dirs: list[Path]) -> Comparison:
    runs: dict[str, Report] = {}
    for d in dirs:
        path = d / "report.json"
        report = Report.model_validate_json(path.read_text(encoding="utf-8")) if path.exists() else report_from_dir(d)
        name = report.run.name or d.name
        while name in runs:
            name += "'"
        runs[name] = report
    return Comparison(runs=runs)


def chart(comparison: Comparison, path: Path) -> None:
    names = list(comparison.runs)
    fig, ax = plt.subplots(figsize=(max(7.0, 1.1 * len(CHART_METRICS) + 1.5), 4.4), dpi=100)
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        overall = comparison.runs[name].overall
        values = [getattr(overall, field) for field, _ in CHART_METRICS]
        xs = [j + (i - (len(names) - 1) / 2) * width for j in range(len(CHART_METRICS))]
        ax.bar(xs, [v or 0.0 for v in values], width, label=name)
    ax.set_xticks(range(len(CHART_METRICS)))
    ax.set_xticklabels([label for _, label in CHART_METRICS], fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share")
    ax.set_title("Runs side by side")
    ax.legend(fontsize=8, ncols=min(4, len(names)), loc="upper center", bbox_to_anchor=(0.5, -0.1))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def default_out(dirs: list[Path]) -> Path:
    common = Path(os.path.commonpath([str(d.resolve()) for d in dirs]))
    if len(dirs) == 1 or common in {d.resolve() for d in dirs}:
        common = common.parent
    return common / "compare.md"


def compare(dirs: list[Path], out: Path | None = None) -> tuple[str, Path, Path]:
    """Write the table (markdown) and chart (PNG next to it); return (table, md path, png path)."""
    comparison = load_runs(dirs)
    md = out or default_out(dirs)
    md.parent.mkdir(parents=True, exist_ok=True)
    png = md.with_suffix(".png")
    table = comparison.table()
    md.write_text(f"# Comparison\n\n{table}\n![comparison]({png.name})\n", encoding="utf-8")
    chart(comparison, png)
    return table, md, png
