"""The list questions' scoring: pooled item recall and precision, and each question's result (the
gold items missed, the quotes that matched none), which the report keeps for reading failures."""

from __future__ import annotations

from pathlib import Path

from assistant.models import Answer
from evals.lists import GoldItem, ListQuestion, QuestionResult, report_markdown, run, score_answer
from tests.evals.standin import quoted

QUESTION = ListQuestion(
    id="l-1",
    question="Hvilke tiltak får penger?",
    lang="nb",
    doc_ids=["plan"],
    items=[
        GoldItem(item="Bokbuss", quote="Bokbussen får 2 millioner kroner.", value="2 millioner"),
        GoldItem(item="Lesesal", quote="Lesesalen får 1 million kroner.", value="1 million"),
        GoldItem(item="Leseklubb", quote="Leseklubbene får 0,5 millioner kroner.", value="0,5 millioner"),
    ],
)


def answer(*quotes: str) -> Answer:
    return Answer(question=QUESTION.question, text="…", citations=[quoted(n, q) for n, q in enumerate(quotes, 1)])


def test_each_question_keeps_the_items_it_missed_and_the_quotes_that_matched_none() -> None:
    a = answer(
        "Bokbussen får 2 millioner kroner.",
        "Lesesalen får 3 millioner kroner.",  # the right sentence's place, the wrong figure: no match
        "Planen vedtas i juni.",
    )
    result = score_answer(a, QUESTION)
    assert result == QuestionResult(
        id="l-1",
        lang="nb",
        matched=1,
        gold=3,
        cited=3,
        missed=["Lesesal", "Leseklubb"],
        unmatched=["Lesesalen får 3 millioner kroner.", "Planen vedtas i juni."],
    )


def test_a_gold_item_is_matched_once_and_recall_and_precision_are_pooled() -> None:
    twice = answer("Bokbussen får 2 millioner kroner.", "Bokbussen får 2 millioner kroner.")
    assert score_answer(twice, QUESTION)[2:5] == (1, 3, 2)  # the second quote finds no unmatched item
    other = ListQuestion(id="l-2", question="?", lang="nb", doc_ids=["plan"], items=QUESTION.items[:1])
    answers = {QUESTION.question: twice, "?": answer("Bokbussen får 2 millioner kroner.")}
    totals, rows = run(lambda q: answers[q], [QUESTION, other])
    assert [r.id for r in rows] == ["l-1", "l-2"]
    assert totals["recall"] == 2 / 4 and totals["precision"] == 2 / 3


def test_a_question_file_beside_its_documents_is_named_with_its_folder() -> None:
    results = {"lists": {"questions": 2.0, "recall": 0.5, "precision": 0.25, "p50_ms": 12.0}}
    text = report_markdown("all", results, Path("evals/datasets/list_questions_new1/questions.jsonl"))
    assert text.startswith("### List questions (list_questions_new1/questions.jsonl, all: 2 questions)")
    assert "| lists | 0.500 | 0.250 | 12 |" in text
    assert "(list_questions_dev7.jsonl, all" in report_markdown("all", results, Path("x/list_questions_dev7.jsonl"))


def test_a_part_of_an_item_matches_it_only_with_a_word_of_its_own() -> None:
    """A phrase of an enumeration matches the gold item it is part of; a label alone ("e).", a
    sentence of its own to the splitter) folds to a letter that nearly every gold quote holds,
    and matches none."""
    items = [GoldItem(item="Forebygging", quote="e). forebyggelse og behandling i kommunene", value=None)]
    q = ListQuestion(id="l-3", question="Hvilke innsatser?", lang="da", doc_ids=["plan"], items=items)
    assert score_answer(answer("forebyggelse"), q).matched == 1
    assert score_answer(answer("e)."), q).matched == 0
    assert score_answer(answer("d)."), q).matched == 0
