"""List questions (``datasets/list_questions.jsonl``) and their complete gold lists.

Each predicted item is one citation of the answer; it matches a gold item when the cited
sentence and the gold quote overlap (one holds the other, or half the gold quote as one run)
and, for an item with a figure, the figure's digits are in the cited sentence. Matching is one
to one. Item recall = matched gold items / gold items; precision = matched citations /
citations, both pooled over the questions; ``report.json`` keeps each question's result too
(the gold items missed, the quotes that matched none). The alternative side by side: the one-answer
reader on the same question (what the chat gave before list questions were recognised).

Split: within each language, questions by sha1(id), dealt dev, test, dev, …
(``splits/list_questions.json``); test is only run to report."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from assistant.lists.selector import is_label
from assistant.models import Answer
from evals.dataset import DATASETS
from evals.matching import digits, holds_quote, quote_coverage
from evals.metrics import percentile
from evals.splits import SPLITS_DIR, deal, freeze_split, in_split, load_jsonl, norquad_sides, own_split_file

LIST_QUESTIONS = DATASETS / "list_questions.jsonl"
# more dev questions, written apart from list_questions.jsonl (`--dataset … --split all`)
LIST_DEV2 = DATASETS / "list_questions_dev2.jsonl"
# 37 more, written apart from both by someone who had seen neither the engine nor their results
LIST_DEV3 = DATASETS / "list_questions_dev3.jsonl"
# 40 more (2026-12-04), written the same way, avoiding the gold sentences of all three
LIST_DEV4 = DATASETS / "list_questions_dev4.jsonl"
# 34 more (2026-12-04, evening), written the same way after the list answers of that day had changed, by
# a writer who saw only the documents; 6 of 40 that asked for a test question's list were left out
LIST_DEV5 = DATASETS / "list_questions_dev5.jsonl"
# 38 more (2026-12-05, evening), by a writer who saw only the five documents, run once to report them
# (held out); 2 of 40 that shared a gold quote with a test question were left out unread
LIST_DEV6 = DATASETS / "list_questions_dev6.jsonl"
# 27 more (2026-12-06), by a writer who saw only the five documents, run once to report them (held
# out); 3 of 30 that shared a gold quote with a test question were left out unread
LIST_DEV7 = DATASETS / "list_questions_dev7.jsonl"
# 30 over three new texts (a climate plan, a hospital's annual report, a music festival; nb / da),
# written with them by a writer who saw nothing of the project, run once to report them (held out)
LIST_NEW1 = DATASETS / "list_questions_new1" / "questions.jsonl"
# 29 more (2026-12-06, night), by a writer who saw only the five documents, run once to report them
# (held out); 1 of 30 that shared a gold quote with a test question was left out unread
LIST_DEV8 = DATASETS / "list_questions_dev8.jsonl"
# 30 over three new texts (an elderly-care plan, a union's consultation response, nb; a library
# service's annual report, da), written with them the same way, run once to report them (held out)
LIST_NEW2 = DATASETS / "list_questions_new2" / "questions.jsonl"
# 30 more of each (2026-12-06, late night; stop 57), written the same way and run once to report
# them: over the five documents (none shared a gold quote with a test question), and over three
# new texts (a county transport plan, a fishermen's consultation response, nb; a hospital's
# annual report, da)
LIST_DEV9 = DATASETS / "list_questions_dev9.jsonl"
LIST_NEW3 = DATASETS / "list_questions_new3" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 58), written the same way and run once to report them: over
# the five documents, and over three new texts (a municipal climate plan, a farmers' union's
# consultation response, nb; a university's annual report, da)
LIST_DEV10 = DATASETS / "list_questions_dev10.jsonl"
LIST_NEW4 = DATASETS / "list_questions_new4" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 59), written the same way and run once to report them: over
# the five documents, and over three new texts (a municipal climate and energy plan, a sheep
# farmers' consultation response on predator rules, nb; a university's annual report, da)
LIST_DEV11 = DATASETS / "list_questions_dev11.jsonl"
LIST_NEW5 = DATASETS / "list_questions_new5" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 60), written the same way and run once to report them: over
# the five documents, and over three new texts (a national park board's management plan and a
# fishermen's consultation response on an offshore wind farm, nb; a hospital trust's annual report, da)
LIST_DEV12 = DATASETS / "list_questions_dev12.jsonl"
LIST_NEW6 = DATASETS / "list_questions_new6" / "questions.jsonl"
# training sets for the item selector, written the same way at stop 60 (never run to report):
# over the five documents (six questions that shared gold sentences with the test split dropped),
# and over three new texts each (a county's public health overview and a patients' organisation's
# consultation response on ambulances, nb; a port authority's annual report, da / a municipality's
# refugee integration plan, da; a heritage foundation's annual report and a hydropower dispute, nb)
LIST_DEV13 = DATASETS / "list_questions_dev13.jsonl"
LIST_DEV14 = DATASETS / "list_questions_dev14.jsonl"
LIST_NEW7 = DATASETS / "list_questions_new7" / "questions.jsonl"
LIST_NEW8 = DATASETS / "list_questions_new8" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 61), written blind and run once with the stop's start and final
# code to report them (the same figures): over the five documents, and over three new texts (a
# municipal housing plan for older people and a valley's landslide and flood risk assessment, nb; a
# museum's strategy, da). Development data since; the item selector is fitted on them since stop 62
LIST_DEV15 = DATASETS / "list_questions_dev15.jsonl"
LIST_NEW9 = DATASETS / "list_questions_new9" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 62), written blind and run once with the stop's start and final
# code: over the five documents (27 kept: lsx-05, lsx-08 and lsx-13 share gold sentences with the
# test split), and over three new texts (a county's cycling strategy and a hospital's plan against
# food waste, nb; a folk high school's annual report, da). Development data since; the item
# selector is not fitted on them
LIST_DEV16 = DATASETS / "list_questions_dev16.jsonl"
LIST_NEW10 = DATASETS / "list_questions_new10" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 63), written blind and run once with the stop's start and final
# code: over the five documents (29 kept: lsz-05 shares gold sentences with the test split), and
# over three new texts (a municipality's flood protection plan and a county's consultation response
# on school transport, nb; a regional theatre's annual report, da). Development data since; the
# item selector is not fitted on them
LIST_DEV17 = DATASETS / "list_questions_dev17.jsonl"
LIST_NEW11 = DATASETS / "list_questions_new11" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 64), written blind and run once with the stop's start and final
# code: over the five documents, and over three new texts (a municipality's action plan against
# loneliness among older people and a county volunteering council's consultation response, nb; a
# regional water utility's annual report, da). Development data since; the item selector is not
# fitted on them
LIST_DEV18 = DATASETS / "list_questions_dev18.jsonl"
LIST_NEW12 = DATASETS / "list_questions_new12" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 65), written blind and run once with the stop's start and final
# code: over the five documents, and over three new texts (a municipality's traffic-safety plan for
# school routes and a disability organisation's consultation response on assistive aids, nb; an art
# museum's annual report, da). Development data since; the item selector is not fitted on them
LIST_DEV19 = DATASETS / "list_questions_dev19.jsonl"
LIST_NEW13 = DATASETS / "list_questions_new13" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 66), written blind and run once with the stop's code: over the
# five documents, and over three new texts (a municipal fire and rescue service's annual report and a
# farmers' union's consultation response on predator management, nb; a folk high school's annual
# report, da). Development data since; the item selector is not fitted on them
LIST_DEV20 = DATASETS / "list_questions_dev20.jsonl"
LIST_NEW14 = DATASETS / "list_questions_new14" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 67), written blind and run once with the stop's code: over the
# five documents (26 kept: four share a gold sentence with the test split), and over three new
# texts (a municipality's climate action plan and an intermunicipal harbour authority's annual
# report, nb; a golf club's annual report, da). Development data since; the selector is not fitted on them
LIST_DEV21 = DATASETS / "list_questions_dev21.jsonl"
LIST_NEW15 = DATASETS / "list_questions_new15" / "questions.jsonl"
# 30 more of each (2026-12-07; stop 68), written blind and run once with the stop's start code and
# again with its final models: over the five documents (22 kept: eight share a gold sentence with the
# test split), and over three new texts (a municipality's kindergarten capacity plan and an outdoor
# association's consultation response on snowmobile rules, nb; a housing association's annual
# report, da). Development data since; the selector is not fitted on them
LIST_DEV22 = DATASETS / "list_questions_dev22.jsonl"
LIST_NEW16 = DATASETS / "list_questions_new16" / "questions.jsonl"
# 30 more of each (2026-12-08; stop 69), written blind and run once with the stop's start code and
# again with its final code: over the five documents (23 kept: seven share a gold sentence with the
# test split), and over three new texts (a parish council's plan for restoring a church organ and
# roof, nb; a volunteer fire brigade's annual report, da; a university library's strategy, nb).
# Development data since; the selector is not fitted on them
LIST_DEV23 = DATASETS / "list_questions_dev23.jsonl"
LIST_NEW17 = DATASETS / "list_questions_new17" / "questions.jsonl"
LIST_SPLIT = SPLITS_DIR / "list_questions.json"


class GoldItem(BaseModel):
    item: str
    quote: str
    value: str | None = None


class ListQuestion(BaseModel):
    id: str
    question: str
    lang: str
    doc_ids: list[str]
    items: list[GoldItem]


def load_questions(path: Path = LIST_QUESTIONS) -> list[ListQuestion]:
    return load_jsonl(path, ListQuestion)


def list_split(items: Sequence[ListQuestion]) -> dict[str, list[str]]:
    """Questions dealt by language; a question about NorQuAD texts follows its text (the texts'
    ``train`` half is dev here, their ``dev`` half test), so no text is asked about on both sides."""
    by_text = norquad_sides()

    def side(q: ListQuestion) -> str | None:
        sides = {by_text.get(d) for d in q.doc_ids}
        return sides.pop() if len(sides) == 1 else None

    out = deal([i.id for i in items if i.lang == lang and side(i) is None] for lang in sorted({i.lang for i in items}))
    for q in items:
        if (s := side(q)) is not None:
            out[s].append(q.id)
    return {k: sorted(v) for k, v in out.items()}


def split_path(dataset: Path) -> Path:
    """A question file's split: ``splits/<its name>.json``."""
    return own_split_file(dataset, LIST_QUESTIONS, LIST_SPLIT)


def freeze(items: Sequence[ListQuestion], path: Path = LIST_SPLIT) -> dict[str, list[str]]:
    return freeze_split(path, list_split(items), [i.id for i in items])


def select(items: Sequence[ListQuestion], split: str, path: Path = LIST_SPLIT) -> list[ListQuestion]:
    if split == "all":
        return list(items)
    return in_split(items, path, split, "python -m evals lists --freeze")


def item_matches(cited: str, gold: GoldItem) -> bool:
    """A cited quote matches a gold item when it holds the item's quote, or is a part of it with
    a word of its own ("forebyggelse" of "forebyggelse og behandling"), or holds most of its words."""
    if gold.value and digits(gold.value) and digits(gold.value) not in digits(cited):
        return False
    # a label alone ("e).") folds to a letter nearly every gold quote holds: no part of an item
    part = not is_label(cited) and holds_quote(gold.quote, cited)
    return holds_quote(cited, gold.quote) or part or quote_coverage(cited, gold.quote) >= 0.5


class QuestionResult(NamedTuple):
    """One list question's answer against its gold list: what the report's per-question rows hold."""

    id: str
    lang: str
    matched: int
    gold: int
    cited: int
    missed: list[str]  # the gold items no citation matched
    unmatched: list[str]  # the cited quotes that matched no gold item


def score_answer(answer: Answer, q: ListQuestion) -> QuestionResult:
    used: set[int] = set()
    unmatched: list[str] = []
    for c in answer.citations:
        for n, g in enumerate(q.items):
            if n not in used and item_matches(c.quote, g):
                used.add(n)
                break
        else:
            unmatched.append(c.quote)
    missed = [g.item for n, g in enumerate(q.items) if n not in used]
    return QuestionResult(q.id, q.lang, len(used), len(q.items), len(answer.citations), missed, unmatched)


def run(
    ask: Callable[[str], Answer], questions: Sequence[ListQuestion]
) -> tuple[dict[str, float], list[QuestionResult]]:
    """Pooled item recall and precision, the median latency, and each question's result."""
    results: list[QuestionResult] = []
    ms: list[float] = []
    for q in questions:
        started = time.perf_counter()
        answer = ask(q.question)
        ms.append((time.perf_counter() - started) * 1000)
        results.append(score_answer(answer, q))
    matched, gold, cited = (sum(getattr(r, f) for r in results) for f in ("matched", "gold", "cited"))
    return {
        "questions": float(len(questions)),
        "recall": matched / gold if gold else 0.0,
        "precision": matched / cited if cited else 0.0,
        "p50_ms": percentile(ms, 50),
    }, results


def dataset_name(dataset: Path) -> str:
    """A question file's name in a report: with its folder when the folder holds its documents
    too (``list_questions_new1/questions.jsonl``)."""
    return f"{dataset.parent.name}/{dataset.name}" if dataset.name == "questions.jsonl" else dataset.name


def report_markdown(split: str, results: dict[str, dict[str, float]], dataset: Path = LIST_QUESTIONS) -> str:
    n = int(next(iter(results.values()))["questions"])
    which = split if dataset == LIST_QUESTIONS else f"{dataset_name(dataset)}, {split}"
    lines = [f"### List questions ({which}: {n} questions)", "", "| method | item recall | item precision | p50 ms |"]
    lines.append("|---|---|---|---|")
    for name, m in results.items():
        lines.append(f"| {name} | {m['recall']:.3f} | {m['precision']:.3f} | {m['p50_ms']:.0f} |")
    return "\n".join(lines) + "\n"
