"""The suggested-questions score against blind ratings (evals/suggestions.py)."""

from __future__ import annotations

from evals.suggestions import RatedQuestion, load_ratings, score


def test_suggested_questions_are_scored_against_their_ratings_and_new_ones_are_counted_apart() -> None:
    ratings = [
        RatedQuestion(doc="a.txt", question="Hva sier dokumentet om Vietnam?", good=True),
        RatedQuestion(doc="a.txt", question="Hva sier dokumentet om vietnams?", good=False, why="genitive"),
        RatedQuestion(doc="b.txt", question="Hva sier dokumentet om moderne?", good=False, why="adjective"),
    ]
    now = {"a.txt": ["Hva sier dokumentet om Vietnam?", "Hva sier dokumentet om Kambodsja?"], "b.txt": []}
    m = score(lambda doc: now[doc], ratings)
    assert m["questions"] == 2 and m["good"] == 1 and m["unrated"] == 1
    assert m["good_share"] == 1.0 and m["texts_with_a_good_question"] == 1 and m["texts"] == 2


def test_the_ratings_file_is_read_and_rates_each_question_once() -> None:
    ratings = load_ratings()
    assert len(ratings) >= 200 and len({r.doc for r in ratings}) == 20
    assert len({(r.doc, r.question) for r in ratings}) == len(ratings)
    assert all(r.why for r in ratings if not r.good)
