"""assistant.llm: the real langchain clients against a stub server on loopback (no model)."""

from __future__ import annotations

import time

import pytest
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from assistant.generate import generate_answer, rewrite_followup, stream_answer
from assistant.llm import LLMConfigError, LLMUnavailable, make_chat_model, ping, safe_url
from assistant.models import Answer
from retrieval.settings import Settings
from tests.llm.passages import make_hits
from tests.llm.stub_server import StubServer, closed_port

KEY = "sk-test-SECRET0123456789abcdef"
REPLY = "Der afsættes 26,4 mio. kr. i 2011–2014 til behandling af indsatte [1][3]."
QUESTION = "Hvor mange penge afsættes til behandling af indsatte?"


def openai_settings(url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "backend": "openai",
        "llm_base_url": f"{url}/v1",
        "llm_model": "stub-model",
        "llm_api_key": KEY,
        "llm_max_tokens": 200,
        "llm_temperature": 0.2,
        "llm_timeout": 5,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def ollama_settings(url: str) -> Settings:
    return Settings(backend="ollama", llm_base_url=url, llm_model="stub-model", llm_max_tokens=200, llm_timeout=5)


@pytest.fixture
def stub():
    with StubServer(REPLY) as server:
        yield server


# ---------------------------------------------------------------- building models


def test_openai_model_is_configured_from_settings(stub):
    model = make_chat_model(openai_settings(stub.url))
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "stub-model"
    assert model.openai_api_base == f"{stub.url}/v1"
    assert model.max_tokens == 200 and model.temperature == 0.2 and model.request_timeout == 5
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == KEY
    assert KEY not in repr(model) and KEY not in str(model)


def test_ollama_model_is_configured_from_settings(stub):
    model = make_chat_model(ollama_settings(stub.url))
    assert isinstance(model, ChatOllama)
    assert (model.model, model.base_url, model.num_predict, model.num_ctx) == ("stub-model", stub.url, 200, 4096)


def test_backend_without_llm_or_model_name_is_a_config_error():
    with pytest.raises(LLMConfigError, match="extractive"):
        make_chat_model(Settings(backend="extractive"))
    with pytest.raises(LLMConfigError, match="model name"):
        make_chat_model(Settings(backend="openai", llm_base_url="http://127.0.0.1:1/v1"))


# ---------------------------------------------------------------- the OpenAI-compatible path


def test_openai_answer_end_to_end_through_the_real_client(stub):
    settings = openai_settings(stub.url)
    answer = generate_answer(QUESTION, make_hits("prisoners"), settings, make_chat_model(settings), "da")
    assert answer.text == "Der afsættes 26,4 mio. kr. i 2011–2014 til behandling af indsatte [1]."
    assert any("[3] points to no passage" in w for w in answer.warnings)
    assert answer.usage is not None and (answer.usage.prompt_tokens, answer.usage.completion_tokens) == (321, 12)
    assert answer.backend == "openai:stub-model"
    (request,) = stub.requests
    assert request["model"] == "stub-model" and request["temperature"] == 0.2
    assert request["max_tokens"] == 200  # llama.cpp and older servers read this one
    assert request["max_completion_tokens"] == 200
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert stub.headers[-1]["authorization"] == f"Bearer {KEY}"


def test_openai_stream_through_the_real_client(stub):
    settings = openai_settings(stub.url)
    parts = list(stream_answer(QUESTION, make_hits("prisoners"), settings, make_chat_model(settings), "da"))
    *pieces, final = parts
    assert len(pieces) > 5 and "".join(pieces) == REPLY
    assert isinstance(final, Answer) and final.text.endswith("indsatte [1].")
    assert final.usage is not None and final.usage.prompt_tokens == 321
    assert stub.requests[0]["stream"] is True
    assert stub.requests[0]["stream_options"] == {"include_usage": True}


def test_followup_rewrite_through_the_real_client(stub):
    stub.reply = "Hvor mange penge afsættes til behandling af indsatte i 2011–2014?"
    settings = openai_settings(stub.url)
    query = rewrite_followup("Og i 2011–2014?", [QUESTION], settings, make_chat_model(settings))
    assert query == stub.reply


def test_ollama_answer_and_stream_through_the_real_client(stub):
    settings = ollama_settings(stub.url)
    model = make_chat_model(settings)
    answer = generate_answer(QUESTION, make_hits("prisoners"), settings, model, "da")
    assert answer.text.endswith("indsatte [1].") and answer.backend == "ollama:stub-model"
    assert answer.usage is not None and (answer.usage.prompt_tokens, answer.usage.completion_tokens) == (321, 12)
    *pieces, final = list(stream_answer(QUESTION, make_hits("prisoners"), settings, model, "da"))
    assert len(pieces) > 5 and isinstance(final, Answer) and final.grounded
    assert stub.requests[0]["options"]["num_predict"] == 200


# ---------------------------------------------------------------- failures


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_server_down_is_llm_unavailable_naming_the_url_not_the_key(backend):
    url = f"http://127.0.0.1:{closed_port()}"
    settings = openai_settings(url) if backend == "openai" else ollama_settings(url)
    started = time.perf_counter()
    with pytest.raises(LLMUnavailable) as raised:
        generate_answer(QUESTION, make_hits("prisoners"), settings, make_chat_model(settings), "da")
    assert time.perf_counter() - started < 10
    message = str(raised.value)
    assert url in message and "cannot connect" in message
    assert KEY not in message and KEY not in repr(raised.value)


def test_server_error_is_llm_unavailable(stub):
    stub.mode = "500"
    settings = openai_settings(stub.url, llm_timeout=3)
    with pytest.raises(LLMUnavailable, match="HTTP 500"):
        generate_answer(QUESTION, make_hits("prisoners"), settings, make_chat_model(settings), "da")


def test_rejected_key_is_never_repeated(stub):
    stub.mode = "401"
    settings = openai_settings(stub.url)
    with pytest.raises(LLMUnavailable) as raised:
        generate_answer(QUESTION, make_hits("prisoners"), settings, make_chat_model(settings), "da")
    assert "HTTP 401" in str(raised.value)
    assert KEY not in str(raised.value) and KEY[:12] not in str(raised.value)
    with pytest.raises(LLMUnavailable) as pinged:
        ping(settings)
    assert KEY not in str(pinged.value)


def test_stream_failure_is_llm_unavailable(stub):
    stub.mode = "500"
    settings = openai_settings(stub.url)
    with pytest.raises(LLMUnavailable):
        list(stream_answer(QUESTION, make_hits("prisoners"), settings, make_chat_model(settings), "da"))


# ---------------------------------------------------------------- ping


def test_ping_lists_the_models(stub):
    assert ping(openai_settings(stub.url)) == ["stub-model"]
    assert stub.headers[-1]["authorization"] == f"Bearer {KEY}"
    assert ping(ollama_settings(stub.url)) == ["stub-model"]


def test_ping_of_a_server_that_is_down_fails_fast():
    url = f"http://127.0.0.1:{closed_port()}/v1"
    started = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="cannot connect"):
        ping(openai_settings(url.removesuffix("/v1")))
    assert time.perf_counter() - started < 3


def test_ping_of_something_that_is_not_an_llm_server(stub):
    stub.mode = "garbage"
    with pytest.raises(LLMUnavailable, match="not a model list"):
        ping(openai_settings(stub.url))


def test_urls_in_errors_lose_credentials():
    assert safe_url("http://user:pw@host:8000/v1?api_key=abc#x") == "http://host:8000/v1"
    settings = Settings(backend="openai", llm_base_url=f"http://bob:{KEY}@127.0.0.1:{closed_port()}/v1", llm_model="m")
    with pytest.raises(LLMUnavailable) as raised:
        ping(settings)
    assert KEY not in str(raised.value) and "bob" not in str(raised.value)
