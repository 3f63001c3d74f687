"""Key figures of the document guides against a hand-made list (``datasets/key_figures.jsonl``).

Every gold line is a figure a document states (value as written, kind, what it refers to,
the sentence). A guide figure matches a gold figure when the two give the same number (the
same digits, or for a figure written in words the number it names: "Tre" = "3"), the guide's
cited sentence and the gold quote overlap (one holds the other, or half the gold quote
as one run), and, for a budget line, the guide's ``refers_to`` shares at least half of the gold
``refers_to``'s words (two of the plan's initiatives have word-for-word the same budget
sentence). Matching is one to one. Recall = matched gold / gold; precision = matched guide
figures / guide figures (of the documents in the split).

Split: the gold lines of each (document, budget line or not) stratum, ordered by sha1 of
the line, dealt dev, test, dev, … (``splits/key_figures.json`` holds the ids). Test is only run
to report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from assistant.guide.models import Guide, KeyFigure
from evals.dataset import DATASETS
from evals.matching import figure_digits, holds_quote, quote_coverage
from evals.splits import SPLITS_DIR, deal, freeze_split, in_split, load_jsonl, norquad_sides, own_split_file, sha1

KEY_FIGURES = DATASETS / "key_figures.jsonl"
KEY_FIGURES_SPLIT = SPLITS_DIR / "key_figures.json"
WORD = re.compile(r"[^\W\d_]{3,}")


class GoldFigure(BaseModel):
    doc_id: str
    value: str
    kind: str
    refers_to: str
    period: str | None = None
    quote: str
    budget_line: bool = False

    @property
    def id(self) -> str:
        return sha1(json.dumps(self.model_dump(), sort_keys=True, ensure_ascii=False))[:16]


def load_gold(path: Path = KEY_FIGURES) -> list[GoldFigure]:
    return load_jsonl(path, GoldFigure)


def figure_split(gold: Sequence[GoldFigure]) -> dict[str, list[str]]:
    """Lines dealt by stratum; the lines of a NorQuAD text follow the text (its ``train`` half
    is dev here, its ``dev`` half test), so no text has figures on both sides."""
    by_text = norquad_sides()
    out = deal(
        [g.id for g in gold if (g.doc_id, g.budget_line) == stratum and g.doc_id not in by_text]
        for stratum in sorted({(g.doc_id, g.budget_line) for g in gold})
    )
    for g in gold:
        if g.doc_id in by_text:
            out[by_text[g.doc_id]].append(g.id)
    return {k: sorted(v) for k, v in out.items()}


def split_path(dataset: Path) -> Path:
    """A gold file's split: ``splits/<its name>.json``."""
    return own_split_file(dataset, KEY_FIGURES, KEY_FIGURES_SPLIT)


def freeze(gold: Sequence[GoldFigure], path: Path = KEY_FIGURES_SPLIT) -> dict[str, list[str]]:
    return freeze_split(path, figure_split(gold), [g.id for g in gold])


def select(gold: Sequence[GoldFigure], split: str, path: Path = KEY_FIGURES_SPLIT) -> list[GoldFigure]:
    return in_split(gold, path, split, "python -m evals figures --freeze")


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def matches(f: KeyFigure, g: GoldFigure) -> bool:
    if figure_digits(f.value) != figure_digits(g.value) or not figure_digits(g.value):
        return False
    cited = f.citation.quote
    if not (holds_quote(cited, g.quote) or holds_quote(g.quote, cited) or quote_coverage(cited, g.quote) >= 0.5):
        return False
    if g.budget_line:
        want = words(g.refers_to)
        return bool(want) and len(want & words(f.refers_to)) / len(want) >= 0.5
    return True


def score(guides: dict[str, Guide], gold: Sequence[GoldFigure]) -> dict[str, float]:
    """Recall and precision overall, recall of the budget lines, per document figures."""
    docs = sorted({g.doc_id for g in gold})
    matched_gold: set[int] = set()
    matched_fig: set[tuple[str, int]] = set()
    for gi, g in enumerate(gold):
        for fi, f in enumerate(guides[g.doc_id].key_figures):
            if (g.doc_id, fi) not in matched_fig and matches(f, g):
                matched_gold.add(gi)
                matched_fig.add((g.doc_id, fi))
                break
    n_fig = sum(len(guides[d].key_figures) for d in docs)
    budget = [i for i, g in enumerate(gold) if g.budget_line]
    return {
        "gold": float(len(gold)),
        "figures": float(n_fig),
        "recall": len(matched_gold) / len(gold) if gold else 0.0,
        # the guide lists every figure of a document; against a gold split, count the guide's
        # figures in proportion to the split's share of that document's gold
        "precision": len(matched_fig) / n_fig if n_fig else 0.0,
        "budget_lines": float(len(budget)),
        "budget_recall": sum(i in matched_gold for i in budget) / len(budget) if budget else 0.0,
    }


def report_markdown(split: str, m: dict[str, float], all_docs: dict[str, float], dataset: Path = KEY_FIGURES) -> str:
    budget = f"{m['budget_recall']:.3f} ({int(m['budget_lines'])} lines)" if m["budget_lines"] else "– (none)"
    return "\n".join(
        [
            f"### Key figures of the document guides ({dataset.name}, {split}: {int(m['gold'])} gold figures)",
            "",
            "| | recall | budget-line recall | precision (all gold, all guide figures) |",
            "|---|---|---|---|",
            f"| guides | {m['recall']:.3f} | {budget} | "
            f"{all_docs['precision']:.3f} ({int(all_docs['figures'])} figures) |",
            "",
        ]
    )
