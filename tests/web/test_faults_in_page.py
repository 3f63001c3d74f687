"""What a user sees in the page when things go wrong: the Chroma server stops mid-conversation
(a clear message naming the way out, then answers again once it is back, with no reload), and
bad questions (empty, 100,000 characters, control characters). Real `chroma run`, real server,
real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.chroma_server import CHROMA, ChromaServer
from tests.conftest import make_settings
from tests.web.conftest import free_port

pytestmark = pytest.mark.slow

TIMEOUT = 60_000
QUESTION = "Hva mener Blå Kors om avkriminalisering?"
FINAL = "#pa-chat .pa-answer:not(.pa-streaming), #pa-chat .pa-refusal, #pa-chat .pa-error"


def submit(page: Any, question: str) -> Any:
    """Type and send a question; return the message that ends the turn (answer, refusal or error).
    (An error is not part of the conversation: the next turn's rendering leaves it out.)"""
    finals = page.locator(FINAL)
    old = finals.last.element_handle() if finals.count() else None
    page.fill("#pa-question textarea", question)
    page.press("#pa-question textarea", "Enter")
    taken(page)
    try:
        page.wait_for_function(
            """([sel, old]) => {
                const all = document.querySelectorAll(sel), last = all[all.length - 1];
                return last && last !== old && !document.querySelector('#pa-chat .pa-streaming');
            }""",
            arg=[FINAL, old],
            timeout=TIMEOUT,
        )
    except PlaywrightTimeout:
        raise AssertionError(f"no final message came: the page shows {page_state(page)}") from None
    return finals.last


def page_state(page: Any) -> str:
    """What the chat shows, for a failure's message: the box, the messages' classes, the notices."""
    return page.evaluate(
        """() => JSON.stringify({
            box: (document.querySelector('#pa-question textarea')?.value || '').slice(0, 80),
            messages: [...document.querySelectorAll(
                '#pa-chat .pa-answer, #pa-chat .pa-refusal, #pa-chat .pa-error, #pa-chat .pa-streaming'
            )].map(e => e.className),
            toasts: [...document.querySelectorAll('.toast-body')].map(e => e.innerText.slice(0, 120)),
        })"""
    )


def taken(page: Any, tries: int = 5) -> None:
    """Wait until the page has sent the question (its first reply empties the box). A submit
    pressed while the page's previous event is still pending is dropped by Gradio (trigger mode
    "once"), as it would be for a user who pressed twice: then press Enter again."""
    box = page.locator("#pa-question textarea")
    for _ in range(tries):
        try:
            page.wait_for_function(
                "() => document.querySelector('#pa-question textarea').value === ''", timeout=TIMEOUT // 6
            )
            return
        except PlaywrightTimeout:
            box.press("Enter")
    raise AssertionError(f"the page never sent the question: it shows {page_state(page)}")


def kind(message: Any) -> str:
    classes = message.get_attribute("class") or ""
    return next(k for k in ("pa-error", "pa-refusal", "pa-answer") if k in classes)


@pytest.fixture
def outage_app(tmp_path, shared_cache, small_corpus) -> Iterator[tuple[ChromaServer, str]]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma command at {CHROMA}")
    from assistant.web.app import launch
    from assistant.web.runtime import Runtime

    chroma = ChromaServer(tmp_path / "chroma-server", free_port(), tmp_path / "chroma.log")
    chroma.start()
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus, chroma_url=chroma.url)
    port = free_port()
    demo = launch(settings, "127.0.0.1", port, runtime=Runtime.open(settings), prevent_thread_lock=True, quiet=True)
    try:
        yield chroma, f"http://127.0.0.1:{port}/"
    finally:
        demo.close()
        chroma.stop()


def test_chroma_outage_is_explained_in_the_chat_and_the_chat_recovers(browser, outage_app) -> None:
    chroma, url = outage_app
    page = browser.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("#pa-question textarea", timeout=TIMEOUT)
    first = submit(page, QUESTION)
    assert kind(first) == "pa-answer" and first.locator("button.pa-cite").count() > 0

    chroma.stop()
    failed = submit(page, QUESTION)
    assert kind(failed) == "pa-error"
    shown = failed.inner_text()
    assert "not reachable" in shown and "chroma run" in shown and chroma.url in shown
    assert "Traceback" not in shown and 'File "' not in shown
    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    with pytest.raises(AppError, match="not reachable"):  # the API says the same
        client.predict(QUESTION, api_name="/ask")
    store = client.predict(api_name="/status")["vector_store"]  # and so does the status, for monitoring
    assert store["mode"] == "server" and store["url"] == chroma.url
    assert store["ok"] is False and "not reachable" in store["detail"]

    chroma.start()  # same path and port: the page answers again, no reload, nothing rebuilt
    again = submit(page, QUESTION)
    assert kind(again) == "pa-answer" and again.inner_text() == first.inner_text()
    assert client.predict(QUESTION, api_name="/ask")[1]["citations"]
    assert client.predict(api_name="/status")["vector_store"]["ok"] is True
    page.close()
    assert not page_errors, page_errors


def test_bad_questions_in_the_page(browser, web_server) -> None:
    page = browser.new_page()
    page.goto(web_server.url)
    page.wait_for_selector("#pa-question textarea", timeout=TIMEOUT)

    # empty and whitespace-only: a notice, nothing sent, nothing added to the chat
    for empty in ("", "   \n\t  "):
        page.fill("#pa-question textarea", empty)
        page.press("#pa-question textarea", "Enter")
        page.get_by_text("Type a question first.").first.wait_for(timeout=TIMEOUT)
        assert page.locator(FINAL).count() == 0  # the next submit may come while this one is pending: see taken()

    # 100,000 characters: cut, answered, and the cut is said
    huge = "Hvor mange narkotikarelaterede dødsfald var der i 2009? " + "og så videre " * 8000
    answer = submit(page, huge)
    assert kind(answer) == "pa-answer" and "276" in answer.inner_text()
    notices = " ".join(answer.locator(".pa-notice").all_inner_texts())
    assert str(web_server.settings.max_question_tokens) in notices

    # control characters and an escape sequence: a grounded answer or a plain refusal, shown as text
    odd = submit(page, "Hvor mange\x00 narkotika\x1b[31mrelaterede dødsfald var der i 2009?\x07")
    assert kind(odd) in ("pa-answer", "pa-refusal")
    assert "\x1b" not in odd.inner_text() and "[31m" not in odd.inner_text()
    page.close()
