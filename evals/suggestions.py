"""The guides' suggested questions against blind ratings (``datasets/suggested_questions_rated.jsonl``).

A rater who saw only the texts judged each question a guide had suggested for 20 NorQuAD texts
(the union of two versions' questions, mixed, not knowing which version gave which): good is a
well-formed question about something the text is about, names written as names. This scores the
questions the guides suggest now: the share rated good, the texts with a good one, and how many
questions are new to the ratings (those need a rater; they are not counted either way)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from evals.dataset import DATASETS
from evals.splits import load_jsonl

RATED = DATASETS / "suggested_questions_rated.jsonl"


class RatedQuestion(BaseModel):
    doc: str  # the text's file name
    question: str
    good: bool
    why: str | None = None


def load_ratings(path: Path = RATED) -> list[RatedQuestion]:
    return load_jsonl(path, RatedQuestion)


def score(suggested: Callable[[str], Sequence[str]], ratings: Sequence[RatedQuestion]) -> dict[str, float]:
    """``suggested``: the questions the guide of a text (by file name) suggests now."""
    rated = {(r.doc, r.question): r.good for r in ratings}
    docs = sorted({r.doc for r in ratings})
    asked = good = unrated = with_good = 0
    for doc in docs:
        questions = list(suggested(doc))
        known = [rated[(doc, q)] for q in questions if (doc, q) in rated]
        asked += len(questions)
        good += sum(known)
        unrated += len(questions) - len(known)
        with_good += any(known)
    return {
        "texts": float(len(docs)),
        "questions": float(asked),
        "good": float(good),
        "unrated": float(unrated),
        "good_share": good / (asked - unrated) if asked > unrated else 0.0,
        "texts_with_a_good_question": float(with_good),
    }


def report_markdown(m: dict[str, float]) -> str:
    return "\n".join(
        [
            f"### Suggested questions of the guides ({int(m['texts'])} NorQuAD texts, blind ratings)",
            "",
            "| questions | rated good | share good (of the rated) | not yet rated | texts with a good question |",
            "|---:|---:|---:|---:|---:|",
            f"| {int(m['questions'])} | {int(m['good'])} | {m['good_share']:.3f} | {int(m['unrated'])} | "
            f"{int(m['texts_with_a_good_question'])} of {int(m['texts'])} |",
            "",
        ]
    )
