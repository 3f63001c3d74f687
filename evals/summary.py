"""One table for ``make eval``: every dataset slice against every reader.

    python -m evals summary runs/eval/*/* --out runs/eval/summary.md

Each run directory says in ``run.json`` which dataset, split and reader produced it; the
slice is named from the dataset file and split (``policy dev``, ``policy test``,
``paraphrases``, ``NorQuAD nb`` …). One row more is derived: *originals of the
paraphrased items*, the policy items (from that reader's policy runs) that the
paraphrases rephrase, so the two rows compare the same questions asked two ways. Then
policy test per language and per type for each reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from assistant.notices import CAUTION
from evals.metrics import ItemScore, Metrics, aggregate, caution_split
from evals.report import Report, report_from_dir
from evals.splits import original_id

READER_ORDER = ("learned", "trivial", "legacy")
PARAPHRASES = "paraphrases"
ORIGINALS = "originals of the paraphrased items"
OFFTOPIC = "off-topic questions"
# the held-out follow-up conversations (written apart from the engine; reported, never tuned on)
FOLLOWUP_NAMES = {
    "followups_heldout_seeds.jsonl": "follow-ups, seeds (held out)",
    "followups_heldout_norquad.jsonl": "follow-ups, NorQuAD texts (held out)",
}
# English texts with questions written by others (evals/datasets/squad_en): an uploaded English document
SQUAD_NAMES = {"squad_en_test.jsonl": "SQuAD, English texts (test)", "squad_en_dev.jsonl": "SQuAD, English texts (dev)"}
SLICE_ORDER = (
    "policy dev",
    "policy test",
    PARAPHRASES,
    ORIGINALS,
    OFFTOPIC,
    "NorQuAD nb",
    "NorQuAD en",
    "NorQuAD da",
    *FOLLOWUP_NAMES.values(),
    SQUAD_NAMES["squad_en_test.jsonl"],
)
# (field, header, kind)
COLUMNS: list[tuple[str, str, str]] = [
    ("answer_accuracy", "acc.", "rate"),
    ("answered_rate", "answered", "rate"),
    ("refusal_accuracy", "refuses unans.", "rate"),
    ("false_refusal_rate", "false ref.", "rate"),
    ("latency_p50_ms", "p50 ms", "ms"),
]
BREAKDOWN: list[tuple[str, str, str]] = [
    ("answer_accuracy", "acc.", "rate"),
    ("refusal_accuracy", "refuses unans.", "rate"),
    ("false_refusal_rate", "false ref.", "rate"),
]
NORQUAD_NAMES = {"norquad-val.jsonl": "nb", "norquad_en.jsonl": "en", "norquad_da.jsonl": "da"}
# sets written blind, one folder each (``make eval-blind``)
BLIND_FOLDERS = ("english_blind", "nordic_blind", "policy_blind")


class SummaryError(ValueError):
    pass


class Run(BaseModel):
    slice: str
    reader: str
    report: Report


def slice_name(dataset: str, split: str) -> str:
    """The row a run belongs to, from its dataset file and split; a set written blind by its folder
    ("nordic_blind/setA", "policy_blind/set1")."""
    path = Path(dataset)
    name = path.name
    for folder in (path.parent, path.parent.parent):
        if folder.name in BLIND_FOLDERS:
            inner = path.stem if folder == path.parent else path.parent.name
            return f"{folder.name}/{inner}" + (f" ({split})" if split != "all" else "")
    if name == "policy_qa.jsonl":
        return f"policy {split}" if split != "all" else "policy (all)"
    if name == "policy_paraphrases.jsonl":
        return PARAPHRASES if split == "all" else f"{PARAPHRASES} ({split})"
    if name == "offtopic_dev.jsonl":
        return OFFTOPIC
    if name in FOLLOWUP_NAMES and split == "all":
        return FOLLOWUP_NAMES[name]
    if name in SQUAD_NAMES and split == "all":
        return SQUAD_NAMES[name]
    if name in NORQUAD_NAMES:
        label = f"NorQuAD {NORQUAD_NAMES[name]}"
        return label if split == "dev" else f"{label} ({split})"
    return f"{Path(dataset).stem} ({split})"


def reader_name(report: Report) -> str:
    run = report.run
    if run.backend and run.backend != "extractive":
        return run.backend
    return run.reader or "?"


def load(dirs: Sequence[Path], rescore: bool = False) -> list[Run]:
    runs: list[Run] = []
    seen: dict[tuple[str, str], Path] = {}
    for d in dirs:
        path = d / "report.json"
        if path.exists() and not rescore:
            report = Report.model_validate_json(path.read_text(encoding="utf-8"))
        else:
            report = report_from_dir(d)
        run = Run(slice=slice_name(report.run.dataset, report.run.split), reader=reader_name(report), report=report)
        key = (run.slice, run.reader)
        if key in seen:
            raise SummaryError(f"two runs of {run.slice} with reader {run.reader}: {seen[key]} and {d}")
        seen[key] = d
        runs.append(run)
    return runs


def originals_row(runs: Sequence[Run], reader: str) -> Metrics | None:
    """The policy items the reader's paraphrase run rephrases, scored in its policy runs."""
    para = next((r for r in runs if r.reader == reader and r.slice == PARAPHRASES), None)
    if para is None:
        return None
    scores: dict[str, ItemScore] = {}
    for r in runs:
        if r.reader == reader and r.report.run.dataset.endswith("policy_qa.jsonl"):
            scores.update({s.id: s for s in r.report.items})
    wanted = [original_id(s.id) for s in para.report.items]
    found = [scores[i] for i in wanted if i in scores]
    return aggregate(found) if found else None


def _fmt(value: float | int | None, kind: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if kind == "ms" else f"{value:.3f}"


def _size(m: Metrics) -> str:
    return f"{m.n_answerable}+{m.n_unanswerable}"


def _order(names: Sequence[str], preferred: Sequence[str]) -> list[str]:
    unique = list(dict.fromkeys(names))
    return [n for n in preferred if n in unique] + [n for n in unique if n not in preferred]


def _head(first: str, readers: Sequence[str], columns: Sequence[tuple[str, str, str]]) -> list[str]:
    """Header and rule; a reader's name heads its first column (**learned** acc.)."""
    head = [first, "n"]
    for reader in readers:
        head += [f"**{reader}** {h}" if i == 0 else h for i, (_, h, _) in enumerate(columns)]
    return ["| " + " | ".join(head) + " |", "|---|---:" + "|---:" * (len(readers) * len(columns)) + "|"]


def main_table(runs: Sequence[Run]) -> str:
    readers = _order([r.reader for r in runs], READER_ORDER)
    cells: dict[tuple[str, str], Metrics] = {(r.slice, r.reader): r.report.overall for r in runs}
    for reader in readers:
        row = originals_row(runs, reader)
        if row is not None:
            cells[(ORIGINALS, reader)] = row
    slices = _order([s for s, _ in cells], SLICE_ORDER)
    lines = _head("slice", readers, COLUMNS)
    for name in slices:
        present = [cells[(name, r)] for r in readers if (name, r) in cells]
        row = [name, _size(present[0])]
        for reader in readers:
            m = cells.get((name, reader))
            row += [_fmt(getattr(m, f), kind) if m is not None else "" for f, _, kind in COLUMNS]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def breakdown_table(runs: Sequence[Run], slice_: str = "policy test") -> str | None:
    chosen = {r.reader: r.report for r in runs if r.slice == slice_}
    if not chosen:
        return None
    readers = _order(list(chosen), READER_ORDER)
    lines = _head("group", readers, BREAKDOWN)
    first = chosen[readers[0]]
    groups = [("language", k) for k in first.by_lang] + [("type", k) for k in first.by_type]
    for kind, key in groups:
        row = [f"{kind} {key}", _size((first.by_lang if kind == "language" else first.by_type)[key])]
        for reader in readers:
            table = chosen[reader].by_lang if kind == "language" else chosen[reader].by_type
            m = table.get(key)
            row += [_fmt(getattr(m, f), k) if m is not None else "" for f, _, k in BREAKDOWN]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def calibration_lines(runs: Sequence[Run]) -> list[str]:
    out = []
    for r in runs:
        m = r.report.overall
        if m.n_confidence:
            split = caution_split(r.report.items, CAUTION)
            out.append(
                f"{r.reader} / {r.slice}: ECE {_fmt(m.ece, 'rate')} over {m.n_confidence} answers; "
                f"{split.flagged} below the uncertain-answer cut {CAUTION}, right {_fmt(split.flagged_right, 'rate')}, "
                f"the others right {_fmt(split.plain_right, 'rate')}"
            )
    return out


def summarize(dirs: Sequence[Path], rescore: bool = False) -> str:
    runs = load(dirs, rescore)
    if not runs:
        raise SummaryError("no runs")
    parts = [
        "# Evaluation summary",
        "",
        f"{len(runs)} runs, {datetime.now(UTC).date().isoformat()}. n = answerable + unanswerable items. "
        "acc. = answer accuracy on answerable items (policy: required figures + a citation of the right "
        "document holding the quote; NorQuAD: the span in the answer and in a citation of its text); "
        "answered = share of all items answered; refuses unans. = unanswerable items refused; false ref. = "
        "answerable items refused; p50 = median latency of the final question.",
        "",
        main_table(runs),
        "",
    ]
    breakdown = breakdown_table(runs)
    if breakdown:
        parts += ["## Policy test by language and type", "", breakdown, ""]
    cal = calibration_lines(runs)
    if cal:
        parts += ["## Calibration", "", *(f"- {line}" for line in cal), ""]
    parts += ["Runs: " + ", ".join(f"`{r.report.run.name}`" for r in runs), ""]
    return "\n".join(parts)
