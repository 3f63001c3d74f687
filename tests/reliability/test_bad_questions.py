"""Bad questions get a clear result, never a crash: empty, huge, control characters,
mixed scripts, another language. (Bad files are covered in tests/core/test_loaders.py and
tests/web/test_upload_checks.py.)"""

from __future__ import annotations

import pytest

from assistant.api import Assistant, QuestionError

pytestmark = pytest.mark.slow  # the real seed index


@pytest.fixture(scope="module")
def assistant(seed_index_settings, seed_index) -> Assistant:
    return Assistant(seed_index_settings, index=seed_index)


@pytest.mark.parametrize("question", ["", "   ", "\n\t \r", "\x00\x01\x1b"])
def test_empty_question_is_a_clear_error(assistant: Assistant, question: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        assistant.ask(question)


def test_huge_question_is_cut_by_tokens_with_a_notice(assistant: Assistant) -> None:
    question = "Hvor mange narkotikarelaterede dødsfald var der i 2009? " + "og så videre " * 8000
    assert len(question) > 100_000
    answer = assistant.ask(question)
    limit = assistant.settings.max_question_tokens
    assert any(str(limit) in w for w in answer.warnings), answer.warnings
    assert len(answer.query) < 20 * limit  # the search saw the cut question, not 100,000 characters
    assert "276" in answer.text  # the question at its start is still answered


def test_control_characters_and_mixed_scripts(assistant: Assistant) -> None:
    answer = assistant.ask("Hvor mange\x00 narkotika\x1b[31mrelaterede dødsfald i 2009? Сколько смертей? 死亡人数")
    assert "\x00" not in answer.query and "\x1b" not in answer.query
    assert answer.refused or answer.citations  # either a grounded answer or a plain refusal
    if not answer.refused:
        assert sorted(set(answer.markers())) == [c.marker for c in answer.citations]


@pytest.mark.parametrize(
    "question",
    ["Wie viele Drogentote gab es 2009 in Dänemark?", "2009年丹麦有多少人死于毒品？", "?!?!"],
)
def test_other_languages_and_noise_are_answered_or_refused_not_crashed(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.lang in ("da", "nb", "en")
    assert answer.text.strip()
    if answer.refused:
        assert not answer.citations and not answer.markers()
    else:
        assert answer.citations and answer.grounded
