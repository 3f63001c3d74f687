"""The chat in real headless Chromium (Debian's package, driven by Playwright): type a
question, wait for the streamed answer, open a citation and see the quote highlighted;
keyboard use, phone width, feedback from the page; and a document full of markup that
must show as text and run nothing. Leaves a screenshot in docs/screenshot.png.

Chromium comes from `make test` (`.ci/install-chromium`); where it cannot be installed the
browser tests are skipped with the reason, except in CI (CI=true), where that fails."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from assistant.web import feedback as feedback_log
from tests.web.conftest import opened_page

pytestmark = pytest.mark.slow

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
QUESTION = "Hvor mange narkotikarelaterede dødsfald var der i 2009?"
XSS_TITLE = 'Markørby rusmiddelrapport <img src=x onerror="window.__xss=4">'
XSS_DOC = f"""# {XSS_TITLE}

Markørby Kommune registrerede 41 overdoser i 2022 <script>window.__xss=1</script> ifølge kommunens egen opgørelse.

Rapporten viser også <img src=x onerror="window.__xss=2"> som et eksempel på markup, der skal vises som tekst.
"""
XSS_QUESTION = "Hvor mange overdoser registrerede Markørby Kommune i 2022?"
TIMEOUT = 60_000


@pytest.fixture
def page(browser: Any, web_server: Any) -> Iterator[Any]:
    with opened_page(browser, web_server.url, viewport={"width": 1400, "height": 900}, locale="da-DK") as page:
        yield page


def ask(page: Any, question: str) -> Any:
    """Type the question, press Enter, wait until the streamed answer is final."""
    answers_before = page.locator("#pa-chat .pa-answer:not(.pa-streaming), #pa-chat .pa-refusal").count()
    page.fill("#pa-question textarea", question)
    page.press("#pa-question textarea", "Enter")
    final = page.locator("#pa-chat .pa-answer:not(.pa-streaming), #pa-chat .pa-refusal").nth(answers_before)
    final.wait_for(timeout=TIMEOUT)
    return final


def test_ask_open_citation_see_highlighted_quote(page: Any, client: Any) -> None:
    assert page.title() == "Policy Assistant"
    icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
    response = page.request.get(urljoin(page.url, icon))
    assert response.ok and b"Policy Assistant" in response.body()  # our own SVG, not Gradio's logo
    expected = client.predict(QUESTION, api_name="/ask")[1]["citations"][0]["quote"]

    answer = ask(page, QUESTION)
    assert "276" in answer.inner_text()
    answer.locator("p button.pa-cite, blockquote button.pa-cite").first.click()

    quote = page.locator("#pa-source .pa-passage mark.pa-quote")
    quote.wait_for(state="visible", timeout=TIMEOUT)
    assert " ".join(quote.inner_text().split()) == " ".join(expected.split())
    assert "Kampen mod narko II" in page.inner_text("#pa-source .pa-source-title")
    assert "2010" in page.inner_text("#pa-source .pa-meta")
    # focus moved to the source for keyboard and screen-reader users
    assert page.evaluate("document.activeElement.classList.contains('pa-source-title')")

    page.click("#pa-source details.pa-doc summary")
    mark = page.locator("#pa-doc-mark")
    mark.wait_for(state="visible", timeout=TIMEOUT)
    box = page.locator("#pa-source .pa-docbox")
    # scrolled to the place in the document (a quote near the top needs no scrolling: the
    # sentence asked about also opens the document, and either place is a right citation)
    if mark.evaluate("m => m.offsetTop") > box.evaluate("b => b.clientHeight"):
        assert box.evaluate("b => b.scrollTop") > 0
    assert mark.evaluate(
        "m => { const r = m.getBoundingClientRect(), b = m.closest('.pa-docbox').getBoundingClientRect();"
        " return r.top >= b.top && r.bottom <= b.bottom; }"
    )
    page.click("#pa-source details.pa-doc summary")  # closed again for the screenshot
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))


def test_keyboard_only_and_feedback(page: Any, web_server: Any) -> None:
    answer = ask(page, "Hvor mange forelegg ble ilagt i 2017?")
    answer.locator("button.pa-cite").first.press("Enter")  # focus the marker, press Enter: no mouse
    page.locator("#pa-source .pa-passage mark.pa-quote").wait_for(state="visible", timeout=TIMEOUT)
    assert "Politidirektoratet" in page.inner_text("#pa-source .pa-meta")

    page.locator("#pa-chat button[aria-label='Like']").last.click()
    comment = page.locator("#pa-comment textarea")
    comment.wait_for(state="visible", timeout=TIMEOUT)
    comment.fill("Klart svar med kilde.")
    page.get_by_role("button", name="Send comment").click()
    comment.wait_for(state="hidden", timeout=TIMEOUT)
    records = [r for r in feedback_log.read(web_server.settings.feedback_path) if r.get("source") == "web"]
    assert records[-1]["comment"] == "Klart svar med kilde." and records[-1]["rating"] == "up"
    assert records[-1]["citations"][0]["doc_id"] == "politidirektoratet-utredning"

    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function("document.querySelectorAll('#pa-chat .pa-answer').length === 0", timeout=TIMEOUT)


def test_phone_width(browser: Any, web_server: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(web_server.url)
    page.wait_for_selector("#pa-question textarea", timeout=TIMEOUT)
    page.wait_for_function("!document.querySelector('#pa-sidebar').classList.contains('open')", timeout=TIMEOUT)
    answer = ask(page, QUESTION)
    answer.locator("button.pa-cite").first.tap()
    page.locator("#pa-source .pa-passage mark.pa-quote").wait_for(state="visible", timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone
    context.close()


def test_markup_in_documents_and_questions_is_shown_as_text(page: Any, web_server: Any, tmp_path: Path) -> None:
    doc = tmp_path / "markorby-rapport.md"
    doc.write_text(XSS_DOC, encoding="utf-8")
    page.locator("#pa-upload input[type=file]").set_input_files(str(doc))
    page.locator("#pa-upload-report .pa-ok").wait_for(timeout=TIMEOUT)
    assert "markorby-rapport.md" in page.inner_text("#pa-upload-report")
    page.wait_for_function(  # the document list was refreshed after the upload, title shown as text
        "t => document.querySelector('#pa-docs').innerText.includes(t)", arg=XSS_TITLE, timeout=TIMEOUT
    )

    answer = ask(page, XSS_QUESTION)
    text = answer.inner_text()
    assert "<script>window.__xss=1</script>" in text
    answer.locator("button.pa-cite").first.click()
    page.locator("#pa-source .pa-passage mark.pa-quote").wait_for(state="visible", timeout=TIMEOUT)
    page.click("#pa-source details.pa-doc summary")
    page.locator("#pa-doc-mark").wait_for(state="visible", timeout=TIMEOUT)
    document_text = page.inner_text("#pa-source .pa-doctext")
    assert '<img src=x onerror="window.__xss=2">' in document_text
    assert "<script>window.__xss=1</script>" in page.inner_text("#pa-source .pa-passage")
    assert XSS_TITLE in page.inner_text("#pa-source .pa-source-title")

    user_markup = 'Og <img src=x onerror="window.__xss=3"> <b>fed</b>?'
    ask(page, user_markup)
    assert user_markup in page.inner_text("#pa-chat")
    page.wait_for_timeout(500)  # give any injected handler the chance to run
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img[src=x], #pa-chat script, #pa-source script").count() == 0
    assert json.dumps(page.evaluate("Object.keys(window).filter(k => k.startsWith('__xss'))")) == "[]"
