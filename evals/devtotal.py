"""The development questions in one count: ``python -m evals devtotal RUN_DIR … [--out F]``.

A reader change is judged on every development slice at once (``make eval-dev``: the slices the
reader is not fitted on, and every set written blind), because a change that mends one slice
often costs another, and one slice moves by a few questions from a refit alone. This module reads
the runs' ``report.json`` and counts, per corpus (the seed documents, or texts the project was not
written for) and per language of the question:

* questions handled right (an answerable one answered right, an unanswerable one refused);
* answerable questions answered right, and refused (false refusals);
* unanswerable questions refused;
* quotes per answer: the citations of the questions answered, on average. An answer that quotes
  more sentences holds the gold one more often, so a change that lengthens answers raises the
  count without reading better (stop 61: a list under every answer the reader gives raised it by
  72 while the quotes per answer went from 2.0 to 4.6); read the count beside this column;

and the total, with one line per run. Plain data in (report files), plain text out.

``python -m evals devtotal-refits REFIT_DIR … [--base DIR …]`` reads several such counts, each of
one reader fitted on a seeded nine tenths of the training questions (``make eval-dev-refits``), and
pairs them with a base's refits on the same draws. The shipped reader is a poor yardstick for a
change: every change kept so far was kept because it raised this count, so the shipped reader's
count holds that luck, and a refit of any other reader loses it (stop 49: three such refits of the
shipped code read 1,446 to 1,452 where the shipped reader reads 1,460). A change is judged by its
refits against the base's refits of the same draws.

Open runs (``make eval-dev-refits OPEN_THRESHOLD=1``) count each refit at any threshold. Each
refit is run with a copy of its reader file whose threshold is 0 (:func:`open_model`), so every
answer it can read is given and scored with its answerability; the count at any threshold follows
(:func:`at_threshold`; it reproduces an ordinary run but for follow-ups, whose next turn depends on
the refusal). Paired with an open base, each draw is compared at the base's threshold and averaged
over ``BAND``. The thresholds' jitter turned out small (stop 51: a refit's count is flat within ten
questions from 0.20 to 0.34); the refits' weights make most of the spread, and the average over the
band spreads about half as widely as the count at one threshold. A last table says where the
difference is (:func:`where`): per corpus and language of the question and per family of slices,
the band-averaged difference draw by draw, and how much of it is answers and how much refusals.

``python -m evals dev-threshold RUN_DIR [--write MODEL]`` picks the shipped reader's refusal
threshold from an open run of it over the development questions (``make dev-threshold``, the
second step of ``make train-reader``): where the most are handled right (:func:`dev_threshold`).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from assistant.reader.scorer import ScorerError, load_model, neighbour_mean, save_model


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
    answers: int = 0  # questions answered (not refused)
    quotes: int = 0  # their citations

    def add(self, item: dict[str, object], threshold: float | None = None) -> Count:
        """Count ``item`` as it was run, or, at ``threshold``, as a run of the same reader with
        its refusal threshold there would have gone (:func:`at_threshold`)."""
        answerable = bool(item["answerable"])
        right, refused = bool(item["correct"]), bool(item["refused"])
        if threshold is not None:
            right, refused = at_threshold(item, threshold)
        return Count(
            self.handled + right,
            self.questions + 1,
            self.answerable + answerable,
            self.answered_right + (answerable and right),
            self.false_refusals + (answerable and refused),
            self.unanswerable + (not answerable),
            self.refused_unanswerable + (not answerable and refused),
            self.answers + (not refused),
            self.quotes + (0 if refused else int(item.get("citations") or 0)),  # type: ignore[call-overload]
        )


def at_threshold(item: dict[str, object], threshold: float) -> tuple[bool, bool]:
    """(right, refused) for an item of an open run (one whose reader refused only what it could
    not read: threshold 0) had the reader refused below ``threshold``: an answer whose recorded
    answerability (``confidence``) is below it becomes a refusal. An answer without one (a
    comparison, a list, the signers) does not go through the threshold and stays."""
    refused = bool(item["refused"])
    confidence = item.get("confidence")
    if not refused and isinstance(confidence, int | float) and confidence < threshold:
        refused = True
    if bool(item["answerable"]):
        return bool(item["correct"]) and not refused, refused
    return refused, refused


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


def tally(items: Iterable[dict[str, object]], threshold: float | None = None) -> Count:
    total = Count()
    for item in items:
        total = total.add(item, threshold)
    return total


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "–"


def _row(label: str, c: Count) -> str:
    return (
        f"| {label} | {c.handled} / {c.questions} | {c.answered_right} / {c.answerable} "
        f"({_share(c.answered_right, c.answerable)}) | {c.false_refusals} | "
        f"{c.refused_unanswerable} / {c.unanswerable} ({_share(c.refused_unanswerable, c.unanswerable)}) | "
        f"{c.quotes / c.answers if c.answers else 0:.2f} |"
    )


HEADER = (
    "| | handled right | answerable answered right | false refusals | unanswerable refused | quotes per answer |\n"
    "|---|---|---|---|---|---|"
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


OPEN_KEY = "fitted_threshold"
# thresholds the fitting picks (stops 48 to 50: 0.26 to 0.33), with a margin: the band over which
# two readers' open runs are compared threshold by threshold
BAND = tuple(round(0.20 + 0.01 * k, 2) for k in range(21))


def _read_model(model: Path) -> dict:
    """A fitted reader file's data (:func:`assistant.reader.scorer.load_model`, which checks its
    format), or :class:`DevTotalError` naming the file."""
    try:
        return load_model(model)
    except ScorerError as e:
        raise DevTotalError(f"{model}: not a fitted reader file ({e})") from e


def _write_model(data: dict, out: Path) -> None:
    """Write a reader file as the training script does (:func:`assistant.reader.scorer.save_model`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    save_model(out, data)


def open_model(model: Path, out: Path) -> float:
    """Write a copy of the fitted reader file ``model`` whose refusal threshold is 0, keeping the
    fitted one under ``OPEN_KEY``: its run records every answer and its answerability, from
    which :func:`at_threshold` counts the run at any threshold. Returns the fitted threshold."""
    data = _read_model(model)
    try:
        fitted = float(data[OPEN_KEY] if OPEN_KEY in data else data["threshold"])
    except (KeyError, TypeError, ValueError) as e:
        raise DevTotalError(f"{model}: not a fitted reader file ({e})") from e
    data[OPEN_KEY], data["threshold"] = fitted, 0.0
    _write_model(data, out)
    return fitted


def fitted_threshold(refit_dir: Path) -> float | None:
    """The fitted threshold of the open reader file that every run in ``refit_dir`` used, or
    None when the runs used an ordinary one (they refused at its threshold already)."""
    found: set[float | None] = set()
    for report in sorted(refit_dir.glob("*/report.json")):
        model = (json.loads(report.read_text(encoding="utf-8")).get("run") or {}).get("reader_model") or ""
        data = json.loads(Path(model).read_text(encoding="utf-8")) if model and Path(model).is_file() else {}
        found.add(float(data[OPEN_KEY]) if OPEN_KEY in data else None)
    if len(found) > 1:
        raise DevTotalError(f"{refit_dir}: its runs used different reader files (some open, some not)")
    return found.pop() if found else None


class Refit(NamedTuple):
    """One eval-dev folder, read once: its scored items with the corpus each asked, the fitted
    threshold of its open reader file (None for an ordinary run), and the family of the slice each
    item came from (:func:`family`), in the items' order."""

    name: str
    items: list[tuple[str, dict[str, object]]]
    threshold: float | None
    families: list[str]

    def answers(self) -> list[dict[str, object]]:
        return [i for _, i in self.items]


def read_refit(refit_dir: Path) -> Refit:
    runs = sorted(d for d in refit_dir.iterdir() if d.is_dir()) if refit_dir.is_dir() else []
    if not runs:
        raise DevTotalError(f"{refit_dir}: no runs (not a `make eval-dev` folder)")
    slices = list(map(read_slice, runs))
    items = [(s.corpus, i) for s in slices for i in s.items]
    families = [family(s.name) for s in slices for _ in s.items]
    return Refit(refit_dir.name, items, fitted_threshold(refit_dir), families)


BLIND_FAMILIES = ("nordic_blind", "policy_blind", "english_blind")


def family(slice_name: str) -> str:
    """The family a development slice belongs to: its set of blind-written sets ("nordic_blind-setA"
    is one of ``nordic_blind``), else the slice itself ("norquad-en", "offtopic")."""
    head = slice_name.split("-", 1)[0]
    return head if head in BLIND_FAMILIES else slice_name


DEV_GRID = tuple(round(0.05 + 0.01 * k, 2) for k in range(66))  # 0.05 to 0.70
DEV_SMOOTH = 3  # grid points each side the count is averaged over, as the training rule does
DEV_RESAMPLES = 200  # resamples of the questions the pick is bagged over, as the training rule's
TRAINING_RULE_KEY = "threshold_training_rule"


class DevThreshold(NamedTuple):
    threshold: float
    handled: int  # questions handled right there
    questions: int
    curve: dict[float, int]  # handled right at each threshold of ``DEV_GRID``

    def coarse(self) -> dict[float, int]:
        """The curve at every fifth grid point (0.05, 0.10, …), for printing and the file."""
        return {t: n for t, n in self.curve.items() if round(t * 100) % 5 == 0}


def _best(counts: np.ndarray) -> int:
    """The grid point where ``counts``, averaged over ``DEV_SMOOTH`` points each side, is highest
    (on a tie, the lowest)."""
    n = len(counts)
    smooth = neighbour_mean(list(counts), DEV_SMOOTH)
    return max(range(n), key=lambda i: (smooth[i], -i))


def dev_threshold(refit: Refit, resamples: int = DEV_RESAMPLES) -> DevThreshold:
    """The refusal threshold the development questions pick: of an open run of the reader over
    them (``make eval-dev`` with an open reader file), the threshold at which the most questions
    are handled right (an answerable one answered right, an unanswerable one refused), the count
    averaged over neighbouring thresholds; the median of that pick over ``resamples`` resamples of
    the questions (seeded), as the training rule is bagged, since the count is flat near its top
    and one question moves the plain pick by several points (``resamples=0``: the plain pick)."""
    if refit.threshold is None:
        raise DevTotalError(f"{refit.name}: not an open run (its reader refused at its own threshold already)")
    items = refit.answers()
    handled = np.array([[at_threshold(i, t)[0] for t in DEV_GRID] for i in items], dtype=np.int32)
    counts = handled.sum(axis=0)
    if resamples:
        rng = np.random.default_rng(0)
        n = len(items)
        picks = [DEV_GRID[_best(handled[rng.integers(0, n, n)].sum(axis=0))] for _ in range(resamples)]
        threshold = round(float(np.median(picks)), 2)
    else:
        threshold = DEV_GRID[_best(counts)]
    curve = {t: int(c) for t, c in zip(DEV_GRID, counts, strict=True)}
    return DevThreshold(threshold, curve[threshold], len(items), curve)


def set_threshold(model: Path, picked: DevThreshold, run: str) -> float:
    """Write ``picked`` into the fitted reader file ``model`` as its refusal threshold, keeping the
    training rule's under ``training.threshold_training_rule`` and the development curve (every
    fifth grid point) beside it. Returns the training rule's threshold."""
    data = _read_model(model)
    try:
        training = data.setdefault("training", {})
        rule = float(training.get(TRAINING_RULE_KEY, data["threshold"]))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise DevTotalError(f"{model}: not a fitted reader file ({e})") from e
    training[TRAINING_RULE_KEY] = rule
    training["dev_threshold"] = {
        "run": run,
        "questions": picked.questions,
        "handled_right": picked.handled,
        "handled_right_at": {f"{t:.2f}": n for t, n in picked.coarse().items()},
    }
    data["threshold"] = picked.threshold
    _write_model(data, model)
    return rule


def read_count(refit: Refit) -> tuple[Count, Count, Count]:
    """One refit's counts (an open run's at its reader's fitted threshold): all its slices, those
    over new texts, its English questions."""
    t = refit.threshold
    every = refit.answers()
    new = [i for corpus, i in refit.items if corpus == "new texts"]
    return tally(every, t), tally(new, t), tally((i for i in every if i["lang"] == "en"), t)


def _mean_sd(values: Sequence[float]) -> str:
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
    refits = [read_refit(d) for d in refit_dirs]
    bases = {name: read_refit(d) for name, d in base.items()}
    totals: list[int] = []
    diffs: list[int] = []
    for refit in refits:
        every, new, english = read_count(refit)
        totals.append(every.handled)
        row = (
            f"| {refit.name} | {every.handled} / {every.questions} | {new.handled} | {english.handled} | "
            f"{every.false_refusals} | {every.refused_unanswerable} |"
        )
        if base:
            other = read_count(bases[refit.name])[0].handled
            diffs.append(every.handled - other)
            row += f" {other} | {every.handled - other:+d} |"
        lines.append(row)
    mean = f"| mean | {_mean_sd(totals)} | | | | |"
    if base:
        mean += f" | {_mean_sd(diffs)}{_standard_error(diffs)} |"
    lines.append(mean)
    opened = [r.threshold for r in [*refits, *bases.values()]]
    if any(t is not None for t in opened):
        lines[2:2] = [
            "Open runs (reader files with threshold 0): each counted at its own reader's fitted threshold.",
            "",
        ]
    if base and all(t is not None for t in opened):
        lines += common_threshold([(r, bases[r.name]) for r in refits])
    return "\n".join(lines) + "\n"


def common_threshold(pairs: Sequence[tuple[Refit, Refit]]) -> list[str]:
    """Open runs paired draw by draw at one threshold, the base's fitted one, and averaged over
    ``BAND``: neither pays for the jitter of the refits' fitted thresholds."""
    lines = [
        "",
        "### At a common threshold",
        "",
        f"| refit | base's threshold | handled right | base | difference | mean difference, thresholds "
        f"{BAND[0]:.2f} to {BAND[-1]:.2f} |",
        "|---|---|---|---|---|---|",
    ]
    at_base: list[int] = []
    banded: list[float] = []
    for refit, base in pairs:
        t = base.threshold
        if t is None:
            raise DevTotalError(f"{base.name}: not an open run (make eval-dev-refits OPEN_THRESHOLD=1)")
        mine, theirs = refit.answers(), base.answers()
        a, b = tally(mine, t).handled, tally(theirs, t).handled
        band = statistics.fmean(tally(mine, x).handled - tally(theirs, x).handled for x in BAND)
        at_base.append(a - b)
        banded.append(band)
        lines.append(f"| {refit.name} | {t:.2f} | {a} | {b} | {a - b:+d} | {band:+.1f} |")
    lines.append(
        f"| mean | | | | {_mean_sd(at_base)}{_standard_error(at_base)} | {_mean_sd(banded)}{_standard_error(banded)} |"
    )
    return lines + where(pairs)


def _groups(refit: Refit) -> dict[str, list[dict[str, object]]]:
    """A refit's items by the corpus and language of the question, and by slice family."""
    out: dict[str, list[dict[str, object]]] = {}
    for (corpus, item), fam in zip(refit.items, refit.families, strict=True):
        out.setdefault(f"{corpus}, {item['lang']}", []).append(item)
        out.setdefault(fam, []).append(item)
    return out


def where(pairs: Sequence[tuple[Refit, Refit]]) -> list[str]:
    """Where the difference is: per corpus and language, and per slice family, the difference in
    questions handled right averaged over ``BAND`` (mean ± standard deviation over the draws, with
    its standard error), and its two parts, answerable questions answered right and unanswerable
    ones refused. A change that mends one slice and costs another shows here, not in the total."""
    per: dict[str, list[tuple[float, float, float]]] = {}
    sizes: dict[str, int] = {}
    for refit, base in pairs:
        mine, theirs = _groups(refit), _groups(base)
        for key in mine.keys() & theirs.keys():
            a, b = mine[key], theirs[key]
            diffs = [(tally(a, x), tally(b, x)) for x in BAND]
            per.setdefault(key, []).append(
                (
                    statistics.fmean(m.handled - t.handled for m, t in diffs),
                    statistics.fmean(m.answered_right - t.answered_right for m, t in diffs),
                    statistics.fmean(m.refused_unanswerable - t.refused_unanswerable for m, t in diffs),
                )
            )
            sizes[key] = len(a)
    lines = [
        "",
        f"### Where: mean difference over thresholds {BAND[0]:.2f} to {BAND[-1]:.2f}, draw by draw",
        "",
        "| group | questions | handled right | answerable answered right | unanswerables refused |",
        "|---|---|---|---|---|",
    ]
    for key in sorted(per, key=lambda k: (not k.startswith(("seeds, ", "new texts, ")), k)):
        handled, right, refused = zip(*per[key], strict=True)
        lines.append(
            f"| {key} | {sizes[key]} | {_mean_sd(handled)}{_standard_error(handled)} | "
            f"{statistics.fmean(right):+.1f} | {statistics.fmean(refused):+.1f} |"
        )
    return lines


def _standard_error(values: Sequence[float]) -> str:
    return f" (SE {statistics.stdev(values) / len(values) ** 0.5:.1f})" if len(values) > 1 else ""
