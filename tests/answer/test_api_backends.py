"""The Assistant API over the real seed index: backends, fallbacks, follow-ups and debug info.

Everything is real (index, retrieval, extractive engine, verification, the langchain
OpenAI client) except the chat model, which is a fake at the LLM boundary; the
"server down" case uses the real client against a closed loopback port."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import SecretStr

from assistant.api import Assistant
from assistant.models import Answer
from retrieval.settings import Settings
from tests.fakes import RecordingChatModel
from tests.llm.stub_server import closed_port

QUESTION = "Hvor mange penge afsættes til behandling af indsatte?"
FOLLOWUP = "Og i hvilken periode?"
REWRITTEN = "I hvilken periode afsættes penge til behandling af indsatte?"
SECRET = "sk-test-secret-0123456789abcdef"

pytestmark = pytest.mark.slow  # the real seed index


class DownChatModel(RecordingChatModel):
    """A chat model whose server refuses the connection (as httpx reports it)."""

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.seen.append(list(messages))
        raise httpx.ConnectError("connection refused")


def fake(*replies: str) -> RecordingChatModel:
    return RecordingChatModel(messages=iter(replies))


def llm_settings(base: Settings, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "backend": "openai",
        "llm_model": "fake-model",
        "llm_base_url": "http://127.0.0.1:9/v1",
        **overrides,
    }
    return base.model_copy(update=values)


@pytest.fixture(scope="module")
def extractive(seed_index, seed_index_settings) -> Assistant:
    return Assistant(seed_index_settings, index=seed_index)


def collect(stream) -> tuple[list[str], Answer]:
    pieces: list[str] = []
    final: Answer | None = None
    for part in stream:
        if isinstance(part, Answer):
            assert final is None
            final = part
        else:
            assert final is None, "text after the final Answer"
            pieces.append(part)
    assert final is not None
    return pieces, final


def check_debug(answer: Answer, assistant: Assistant) -> None:
    debug = answer.debug
    assert debug["query"] == answer.query
    assert debug["rewrite"] in ("llm", "carry-subject", "none")
    assert re.fullmatch(r"mode=(hybrid|dense|bm25) k=\d+( docs=[\w,-]+)?", debug["retrieval"])
    lines = debug["hits"].split("\n")
    assert lines and all(re.fullmatch(r"\S+ -?\d+\.\d{4}", line) for line in lines)
    assert all(line.split()[0] in assistant.index.chunks for line in lines)


# ---------------------------------------------------------------- extractive


def test_extractive_answer_has_debug_info_and_is_verified(extractive):
    answer = extractive.ask(QUESTION, doc_ids=["kampen-mod-narko-ii"], k=5, mode="hybrid")
    assert answer.backend == "extractive" and not answer.refused and answer.grounded
    assert answer.citations and {c.doc_id for c in answer.citations} == {"kampen-mod-narko-ii"}
    check_debug(answer, extractive)
    assert answer.debug["retrieval"] == "mode=hybrid k=5 docs=kampen-mod-narko-ii"
    hits = answer.debug["hits"].split("\n")
    assert len(hits) == 5 and all(h.startswith("kampen-mod-narko-ii:") for h in hits)
    assert answer.debug["rewrite"] == "none" and answer.query == QUESTION
    assert "fallback" not in answer.debug and answer.warnings == []


def test_extractive_followup_carries_the_subject(extractive):
    answer = extractive.ask(FOLLOWUP, history=[QUESTION])
    assert answer.debug["rewrite"] == "carry-subject"
    assert "indsatte" in answer.query and answer.query.startswith(FOLLOWUP)
    assert answer.debug["history"].startswith("1 earlier turn")
    assert "2011" in answer.text  # the period of the amount asked about before


def test_history_is_kept_within_the_token_budget(seed_index, seed_index_settings):
    assistant = Assistant(seed_index_settings.model_copy(update={"history_tokens": 20}), index=seed_index)
    older = "Hvad mener Blå Kors om straf for bruk av narkotika og om avkriminalisering af alle stoffer i Norge?"
    answer = assistant.ask(FOLLOWUP, history=[older, QUESTION])
    assert answer.debug["history"].startswith("1 earlier turn")
    assert "indsatte" in answer.query and "Blå" not in answer.query


# ---------------------------------------------------------------- LLM answers


def test_verified_llm_answer_keeps_the_llm_backend_and_has_debug_info(extractive, seed_index, seed_index_settings):
    hits = extractive.retrieve(QUESTION, None, None, None)
    top = hits[0].chunk.text
    sentence = next(s for s in re.split(r"(?<=\.)\s+", top) if re.search(r"\d", s) and len(s.split()) > 4)
    model = fake(f"{sentence.rstrip('.')} [1].")
    assistant = Assistant(llm_settings(seed_index_settings), index=seed_index, chat_model=model)
    pieces, answer = collect(assistant.stream(QUESTION))
    assert answer.backend == "openai:fake-model"
    assert len(pieces) > 3 and "[1]" in answer.text and answer.grounded
    assert answer.citations[0].chunk_id == hits[0].chunk.chunk_id
    check_debug(answer, assistant)
    assert answer.debug["prompt_version"] and "fallback" not in answer.debug
    assert len(model.seen) == 1  # no history: no rewrite call


def test_a_plural_question_is_a_list_offline_and_a_models_answer_online(extractive, seed_index, seed_index_settings):
    """Asked only by its plural ("Which methods …?"), a question gets the documents' items as a
    list from the extractive reader, but a language model answers it in its own words."""
    question = "Which methods does the police directorate describe as central against drugged driving?"
    assert extractive.ask(question).debug.get("list_request") == "items"
    top = extractive.retrieve(question, None, None, None)[0].chunk.text
    sentence = next(s for s in re.split(r"(?<=\.)\s+", top) if len(s.split()) > 4)
    model = fake(f"{sentence.rstrip('.')} [1].")
    answer = Assistant(llm_settings(seed_index_settings), index=seed_index, chat_model=model).ask(question)
    assert answer.backend == "openai:fake-model" and "list_request" not in answer.debug


def test_unreachable_server_falls_back_to_the_extractive_answer(extractive, seed_index, seed_index_settings):
    settings = llm_settings(
        seed_index_settings,
        llm_base_url=f"http://user:pw@127.0.0.1:{closed_port()}/v1?key={SECRET}",
        llm_api_key=SecretStr(SECRET),
        llm_timeout=5,
    )
    assistant = Assistant(settings, index=seed_index)  # the real langchain-openai client
    pieces, answer = collect(assistant.stream(QUESTION))
    expected = extractive.ask(QUESTION)
    assert answer.backend == "extractive (fallback from openai:fake-model)"
    assert answer.text == expected.text and answer.citations == expected.citations and answer.grounded
    assert "".join(pieces) == answer.text  # nothing came from the model: the extractive text streams
    assert answer.warnings[0].startswith("Sprogmodellen kunne ikke nås (http://127.0.0.1:")  # Danish question
    assert answer.warnings[0].endswith("her er det ekstraktive svar.")
    assert answer.debug["fallback"].startswith("answer: LLMUnavailable: ")
    check_debug(answer, assistant)
    dumped = answer.model_dump_json()
    assert SECRET not in dumped and "pw@" not in dumped


def test_english_question_gets_an_english_fallback_notice(seed_index, seed_index_settings):
    model = DownChatModel(messages=iter([]))
    assistant = Assistant(llm_settings(seed_index_settings), index=seed_index, chat_model=model)
    answer = assistant.ask("How much money is set aside for treatment of prisoners?")
    assert answer.warnings[0].startswith("The language model could not be reached (")
    assert answer.warnings[0].endswith("; showing the extractive answer.")
    assert answer.backend.startswith("extractive (fallback from openai")


def test_unverifiable_llm_answer_falls_back_to_the_extractive_answer(extractive, seed_index, seed_index_settings):
    made_up = "Der afsættes 999 mio. kr. i 2031 til behandling af indsatte [1]. Beløbet stiger til 4321 mio. kr. [2]."
    assistant = Assistant(llm_settings(seed_index_settings), index=seed_index, chat_model=fake(made_up))
    pieces, answer = collect(assistant.stream(QUESTION))
    assert "999" in "".join(pieces)  # the model's provisional words were streamed ...
    assert "999" not in answer.text and "4321" not in answer.text  # ... the final answer is the extractive one
    assert answer.text == extractive.ask(QUESTION).text
    assert answer.backend == "extractive (fallback from openai:fake-model)"
    assert answer.warnings[0].startswith("Sprogmodellens svar kunne ikke efterprøves mod passagerne (")
    assert answer.debug["fallback"].startswith("answer: VerificationFailed: ")
    assert "999" in answer.debug["llm_warnings"]


def test_missing_model_name_falls_back_with_a_config_notice(seed_index, seed_index_settings):
    assistant = Assistant(llm_settings(seed_index_settings, llm_model=""), index=seed_index)
    answer = assistant.ask("Hvor mange forelegg ble ilagt for narkotikalovbrudd i 2017?")
    assert answer.backend == "extractive (fallback from openai)"
    assert answer.warnings[0].startswith("Språkmodellen er ikke satt opp (")
    assert answer.debug["fallback"].startswith("answer: LLMConfigError: ")


def test_backend_can_be_chosen_per_question(seed_index, seed_index_settings):
    model = DownChatModel(messages=iter([]))
    assistant = Assistant(seed_index_settings, index=seed_index, chat_model=model)  # extractive by default
    assert assistant.ask(QUESTION).backend == "extractive" and model.seen == []
    assert assistant.ask(QUESTION, backend="openai").backend.startswith("extractive (fallback from openai")
    assert len(model.seen) == 1
    with pytest.raises(ValueError, match="unknown backend"):
        assistant.ask(QUESTION, backend="gpt")


# ---------------------------------------------------------------- LLM follow-ups


def test_llm_rewrites_the_followup_and_the_answer_shows_it(seed_index, seed_index_settings):
    first = "Der afsættes 26,4 mio. kr. til behandling af indsatte [1]."
    model = fake(first, REWRITTEN, first)
    assistant = Assistant(llm_settings(seed_index_settings), index=seed_index, chat_model=model)
    session = assistant.chat()
    session.ask(QUESTION)
    answer = session.ask(FOLLOWUP)
    assert answer.query == REWRITTEN
    assert answer.debug["query"] == REWRITTEN and answer.debug["rewrite"] == "llm"
    assert len(model.seen) == 3
    rewrite_prompt = str(model.seen[1][-1].content)
    assert QUESTION in rewrite_prompt and FOLLOWUP in rewrite_prompt
    assert "26,4 mio. kr." in rewrite_prompt  # the earlier answer is part of the history
    assert answer.lang == "da"


def test_unusable_rewrite_falls_back_to_carrying_the_subject(seed_index, seed_index_settings):
    model = fake("Bananas are yellow and grow in Ecuador.", "Der afsættes 26,4 mio. kr. [1].")
    assistant = Assistant(llm_settings(seed_index_settings), index=seed_index, chat_model=model)
    answer = assistant.ask(FOLLOWUP, history=[QUESTION])
    assert answer.debug["rewrite"] == "carry-subject"
    assert "indsatte" in answer.query and "Bananas" not in answer.query


def test_rewrite_failure_falls_back_without_asking_the_model_again(extractive, seed_index, seed_index_settings):
    model = DownChatModel(messages=iter([]))
    assistant = Assistant(llm_settings(seed_index_settings), index=seed_index, chat_model=model)
    answer = assistant.ask(FOLLOWUP, history=[QUESTION])
    assert len(model.seen) == 1  # the rewrite call; the answer is not attempted against a dead server
    assert answer.debug["rewrite"] == "carry-subject"
    assert answer.debug["fallback"].startswith("follow-up rewrite: LLMUnavailable: http://127.0.0.1:9/v1")
    assert answer.backend.startswith("extractive (fallback from openai")
    assert answer.text == extractive.ask(FOLLOWUP, history=[QUESTION]).text
    assert len(answer.warnings) == 1
