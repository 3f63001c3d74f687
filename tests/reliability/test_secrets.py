"""API keys come only from the environment or .env and never show: not in logs (at any
level, in messages, arguments or tracebacks), not in CLI output, not in the web page, the
API's answers, the status or the Markdown export."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant.logs import MASK, install_redaction, redact, secrets_of, setup_logging
from retrieval.settings import Settings
from tests.conftest import make_settings
from tests.llm.stub_server import StubServer

KEY = "sk-live-Zq8u2XcA0s9PpKe4RwT1"  # the shape of an OpenAI key
ODD_KEY = "hunter2-correct-horse"  # a key with no recognisable shape: caught by value
ASSISTANT = Path(sys.executable).with_name("assistant")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    logging.setLogRecordFactory(factory)
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"Authorization: Bearer {ODD_KEY}", "Authorization: Bearer"),
        (f"Incorrect API key provided: {KEY}", "Incorrect API key provided:"),
        ("http://ann:pa55word@127.0.0.1:8000/v1", "http://ann:"),
        (f"GET /v1/models?api_key={ODD_KEY}&x=1", "&x=1"),
        (f"{{'password': '{ODD_KEY}'}}", "'password': '"),
    ],
)
def test_redact_by_shape(text: str, kept: str) -> None:
    out = redact(text)
    assert ODD_KEY not in out and KEY not in out and "pa55word" not in out
    assert MASK in out and kept in out


def test_redact_by_value_and_ordinary_text_untouched() -> None:
    settings = Settings(llm_api_key=SecretStr(ODD_KEY), web_auth_password=SecretStr("letmein99"))
    secrets = secrets_of(settings)
    assert set(secrets) == {ODD_KEY, "letmein99"}
    assert redact(f"key {ODD_KEY} and letmein99", secrets) == f"key {MASK} and {MASK}"
    plain = "Der var 276 narkotikarelaterede dødsfald i 2009 (p. 8, llm_model=gemma-3)."
    assert redact(plain, secrets) == plain


def test_log_records_are_redacted_for_every_handler(restore_logging, caplog) -> None:
    install_redaction(Settings(llm_api_key=SecretStr(ODD_KEY)))
    log = logging.getLogger("some.library")
    with caplog.at_level(logging.DEBUG):
        log.debug("request headers %s", {"Authorization": f"Bearer {ODD_KEY}"})
        log.warning("the key %s was rejected", ODD_KEY)
        try:
            raise RuntimeError(f"upstream said: invalid key {ODD_KEY}")
        except RuntimeError:
            log.exception("call failed")
    assert len(caplog.records) == 3
    assert ODD_KEY not in caplog.text
    assert "upstream said: invalid key ***" in caplog.text  # the traceback is there, redacted
    assert "the key *** was rejected" in caplog.text


def test_setup_logging_honours_the_level_even_for_chatty_libraries(restore_logging, capsys) -> None:
    setup_logging(Settings(log_level="WARNING", llm_api_key=SecretStr(ODD_KEY)))
    chatty = logging.getLogger("bm25s")
    chatty.setLevel(logging.DEBUG)  # what bm25s does to its own logger
    chatty.debug("Building index from tokens")
    logging.getLogger("assistant.x").warning("key=%s", ODD_KEY)
    err = capsys.readouterr().err
    assert "Building index" not in err and ODD_KEY not in err and "key=***" in err


# ---- end to end: a server that echoes the key back ------------------------------------------------------


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with StubServer("unused") as server:
        server.mode = "401"  # answers "Incorrect API key provided: <the key it was sent>"
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("key", [KEY, ODD_KEY])
def test_cli_at_debug_level_never_prints_the_key(seed_index_settings, seed_index, stub, key: str) -> None:
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(seed_index_settings.data_dir),
        "ASSISTANT_BACKEND": "openai",
        "ASSISTANT_LLM_BASE_URL": f"{stub.url}/v1",
        "ASSISTANT_LLM_MODEL": "stub-model",
        "ASSISTANT_LLM_API_KEY": key,
        "ASSISTANT_LLM_TIMEOUT": "5",
        "ASSISTANT_LOG_LEVEL": "DEBUG",
        "ASSISTANT_SHOW_PROGRESS": "false",
    }
    sent_before = len(stub.headers)
    done = subprocess.run(
        [str(ASSISTANT), "ask", "Hvor mange narkotikarelaterede dødsfald var der i 2009?"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert stub.headers[sent_before:] and stub.headers[-1]["authorization"] == f"Bearer {key}"  # it was used
    assert "401" in done.stdout + done.stderr  # the failure is reported ...
    assert "276" in done.stdout  # ... and the extractive answer stands in
    assert " DEBUG " in done.stderr  # debug logging really was on
    assert key not in done.stdout and key not in done.stderr
    assert key[:10] not in done.stdout + done.stderr


@pytest.mark.slow
def test_web_page_api_status_and_export_never_show_the_key(tmp_path, shared_cache, small_corpus, stub) -> None:
    import httpx
    from gradio_client import Client

    from assistant.models import Answer
    from assistant.web.app import launch
    from assistant.web.export import conversation_markdown
    from assistant.web.runtime import Runtime
    from tests.web.conftest import free_port

    settings = make_settings(
        tmp_path / "data",
        shared_cache,
        seeds_dir=small_corpus,
        backend="openai",
        llm_base_url=f"{stub.url}/v1",
        llm_model="stub-model",
        llm_api_key=SecretStr(KEY),
        web_auth_user=SecretStr("ann"),
        web_auth_password=SecretStr(ODD_KEY),
        llm_timeout=5,
    )
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, runtime=Runtime.open(settings), prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        with httpx.Client(base_url=url, timeout=30) as http:
            assert http.post("/login", data={"username": "ann", "password": ODD_KEY}).status_code == 200
            texts = [http.get("/").text, http.get("/config").text]
        client = Client(url, auth=("ann", ODD_KEY), verbose=False, analytics_enabled=False, download_files=False)
        text, answer = client.predict("Hva mener Blå Kors om avkriminalisering?", api_name="/ask")
        status = client.predict(api_name="/status")
        assert answer["backend"].startswith("extractive (fallback") and answer["warnings"]  # the key was refused
        texts += [text, str(answer), str(status)]
        assert KEY in stub.headers[-1]["authorization"]  # the key was sent to the LLM server, and only there
        texts.append(conversation_markdown([Answer.model_validate(answer)]))
    finally:
        demo.close()
    for shown in texts:
        assert KEY not in shown and KEY[:10] not in shown and ODD_KEY not in shown
