"""Document guides on the real server: the ``/guide`` endpoint over gradio_client, and the Guide tab
in real headless Chromium (as test_compare_live.py drives it): a guide opened from the sidebar,
its key-figure table, a figure's citation opened with the quote highlighted, a suggested question
asked and answered in the chat, and the tab at phone width. Leaves a screenshot in docs/guide.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client.exceptions import AppError

from tests.web.conftest import opened_page

pytestmark = pytest.mark.slow

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "guide.png"
DOC = "kampen-mod-narko-ii"
NOT_OPENED_YET = "ap-sosialdemokratisk-rusreform"  # no other test asks for its guide
TIMEOUT = 60_000
FINAL_ANSWER = "#pa-chat .pa-answer:not(.pa-streaming), #pa-chat .pa-refusal"


def flat(text: str) -> str:
    return " ".join(text.split())


# ---- the API ------------------------------------------------------------------------------------


def test_guide_endpoint_gives_the_documents_guide_with_checkable_citations(client: Any, web_server: Any) -> None:
    result = client.predict(DOC, api_name="/guide")
    assert set(result) == {"doc_id", "title", "summary", "outline", "key_figures", "suggested_questions"}
    assert result["doc_id"] == DOC and result["title"].startswith("Kampen mod narko II")
    guide = web_server.runtime.guide(DOC)  # stored by the call above: the same guide
    assert guide.to_json() == result

    index = web_server.runtime.index
    money = [f for f in result["key_figures"] if f["kind"] == "money"]
    assert len(money) >= 12
    for shown, figure in zip(result["key_figures"], guide.key_figures, strict=True):
        c = figure.citation
        assert shown["citation"]["quote"] == c.quote and c.doc_id == DOC
        assert c.quote and c.quote in c.passage  # the quote is in its passage ...
        assert c.passage == index.chunks[c.chunk_id].text  # ... which is the indexed passage
        chunk = index.chunks[c.chunk_id]
        assert shown["citation"]["page"] == chunk.page_at(c.line_start)  # the page the quote stands on
        assert chunk.page <= c.page <= (chunk.page_end or chunk.page)
        assert shown["citation"]["lines"][0] <= shown["citation"]["lines"][1]
    for f in money:
        assert f["value"] in f["citation"]["quote"] and f["refers_to"]

    assert 1 <= len(result["summary"]) <= 3
    for sentence, c in zip(result["summary"], guide.summary, strict=True):
        assert sentence["quote"] == c.quote and c.quote in index.chunks[c.chunk_id].text
    assert result["outline"] and all(o["title"] and o["line"] > 0 for o in result["outline"])
    questions = result["suggested_questions"]
    assert len(questions) >= 5 and all(q["text"] and q["lang"] in ("da", "nb", "en") for q in questions)


def test_guide_endpoint_errors_are_clear(client: Any) -> None:
    with pytest.raises(AppError, match=r"unknown document id\(s\): no-such-document \(see /documents\)"):
        client.predict("no-such-document", api_name="/guide")
    with pytest.raises(AppError, match="no document id given"):
        client.predict("  ", api_name="/guide")


# ---- the page -----------------------------------------------------------------------------------


@pytest.fixture
def page(browser: Any, web_server: Any) -> Iterator[Any]:
    with opened_page(browser, web_server.url, viewport={"width": 1440, "height": 1100}, locale="da-DK") as page:
        yield page


def title_of(client: Any, doc_id: str) -> str:
    return next(d["title"] for d in client.predict(api_name="/documents") if d["id"] == doc_id)


def pick(page: Any, title: str) -> None:
    """Choose the document in the sidebar's guide picker (choosing it opens the guide)."""
    page.locator("#pa-guide-pick input").click()
    page.get_by_role("option", name=title, exact=True).click()


def test_a_guide_from_the_sidebar_its_figures_sources_and_questions(page: Any, client: Any) -> None:
    expected = client.predict(DOC, api_name="/guide")
    title = title_of(client, DOC)

    # nothing picked yet: the Guide tab says so, clearly
    page.click("#pa-guide-open")
    page.locator("#pa-guide-message .pa-error").wait_for(timeout=TIMEOUT)
    assert "pick a document" in page.inner_text("#pa-guide-message")
    assert page.get_by_role("tab", name="Guide").get_attribute("aria-selected") == "true"

    pick(page, title)
    page.locator(f"#pa-guide-result .pa-guide[data-doc-id='{DOC}']").wait_for(timeout=TIMEOUT)
    page.locator("#pa-guide-message .pa-error").wait_for(state="detached", timeout=TIMEOUT)
    assert page.inner_text("#pa-guide-result .pa-gd-title") == expected["title"]
    assert page.locator("#pa-guide-result .pa-gd-outline li").count() == len(expected["outline"])

    # the key figures: the amounts' table is shown, a row per amount, in the document's order
    money = [n for n, f in enumerate(expected["key_figures"]) if f["kind"] == "money"]
    table = page.locator("#pa-guide-result .pa-gd-kind-money table.pa-gd-figures")
    table.wait_for(state="visible", timeout=TIMEOUT)
    rows = table.locator("tbody tr")
    assert rows.count() == len(money)
    assert [flat(rows.nth(i).locator("th").inner_text()) for i in range(rows.count())] == [
        flat(expected["key_figures"][n]["value"]) for n in money
    ]

    # a summary sentence opens in the source panel, its quote highlighted
    quote = page.locator("#pa-source .pa-passage mark.pa-quote")
    page.locator("#pa-guide-result button.pa-gd-s0").click()
    page.locator("#pa-source .pa-kicker", has_text="Dokumentguide · Kort fortalt 1").wait_for(timeout=TIMEOUT)
    assert flat(quote.inner_text()) == flat(expected["summary"][0]["quote"])

    # a key figure's citation: the quote highlighted in its passage
    n = money[1]
    figure = expected["key_figures"][n]
    rows.nth(1).locator(f"button.pa-gd-f{n}").click()
    page.locator("#pa-source .pa-kicker", has_text=f"Nøgletal: {figure['value']}").wait_for(timeout=TIMEOUT)
    quote.wait_for(state="visible", timeout=TIMEOUT)
    assert flat(quote.inner_text()) == flat(figure["citation"]["quote"])
    assert "Kampen mod narko II" in page.inner_text("#pa-source .pa-source-title")
    assert page.evaluate("document.activeElement.classList.contains('pa-source-title')")

    page.locator("#pa-header-block").scroll_into_view_if_needed()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    # a suggested question: put into the chat and answered there, with a citation
    question = expected["suggested_questions"][0]["text"]
    page.locator("#pa-guide-result button.pa-gq-0").click()
    answer = page.locator(FINAL_ANSWER).first
    answer.wait_for(timeout=TIMEOUT)
    assert page.get_by_role("tab", name="Chat").get_attribute("aria-selected") == "true"
    assert flat(page.inner_text("#pa-chat .pa-q")) == flat(question)
    assert "pa-answer" in (answer.get_attribute("class") or "")  # answered, not refused
    answer.locator("button.pa-cite").first.click()
    page.locator("#pa-source .pa-kicker", has_text="[1] · answer 1").wait_for(timeout=TIMEOUT)
    assert page.locator("#pa-source .pa-passage mark.pa-quote").inner_text().strip()


def test_a_guide_being_built_is_announced_and_fits_a_phone(browser: Any, web_server: Any, client: Any) -> None:
    title = title_of(client, NOT_OPENED_YET)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(web_server.url)
    page.wait_for_selector("#pa-question textarea", timeout=TIMEOUT)
    closed = "!document.querySelector('#pa-sidebar').classList.contains('open')"
    page.wait_for_function(closed, timeout=TIMEOUT)
    page.locator("#pa-sidebar .toggle-button").click()
    page.wait_for_function(f"!({closed})", timeout=TIMEOUT)

    pick(page, title)
    building = page.locator("#pa-guide-message .pa-gd-building")
    building.wait_for(state="visible", timeout=TIMEOUT)  # said while it is built, in the guide's language
    assert f"Guiden til “{title}” bygges" in building.inner_text()
    page.wait_for_function(closed, timeout=TIMEOUT)  # the sidebar makes way at once
    page.locator(f"#pa-guide-result .pa-guide[data-doc-id='{NOT_OPENED_YET}']").wait_for(timeout=TIMEOUT)
    building.wait_for(state="detached", timeout=TIMEOUT)
    page.locator("#pa-guide-result .pa-gd-questions button.pa-gq").first.wait_for(timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing wider than the phone

    first = page.locator("#pa-guide-result table.pa-gd-figures button.pa-gd").first
    first.tap()
    page.locator("#pa-source .pa-passage mark.pa-quote").wait_for(state="visible", timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    context.close()
    assert not errors, errors


UPLOAD_TITLE = 'Testvik kommune <img src=x onerror="window.__xss=5"> rusplan'
UPLOAD = f"""# {UPLOAD_TITLE}

Testvik kommune vil styrke det forebyggende arbeidet blant unge i hele kommunen.

Tiltak for unge

Det settes av 3 millioner kroner i 2024 til tiltaket <script>window.__xss=6</script> for unge i Testvik.
"""


def test_an_uploaded_document_gets_a_guide_and_its_words_stay_text(page: Any, client: Any, tmp_path: Path) -> None:
    doc = tmp_path / "testvik-rusplan.md"
    doc.write_text(UPLOAD, encoding="utf-8")
    page.locator("#pa-upload input[type=file]").set_input_files(str(doc))
    page.locator("#pa-upload-report .pa-ok").wait_for(timeout=TIMEOUT)
    doc_id = next(d["id"] for d in client.predict(api_name="/documents") if d["file"] == doc.name)

    pick(page, UPLOAD_TITLE)  # offered in the picker after the upload, its title as text
    page.locator(f"#pa-guide-result .pa-guide[data-doc-id='{doc_id}']").wait_for(timeout=TIMEOUT)
    assert page.inner_text("#pa-guide-result .pa-gd-title") == UPLOAD_TITLE
    row = page.locator("#pa-guide-result .pa-gd-kind-money tbody tr").first
    assert row.locator("th").inner_text() == "3 millioner kroner"
    row.locator("button.pa-gd").click()
    quote = page.locator("#pa-source .pa-passage mark.pa-quote")
    quote.wait_for(state="visible", timeout=TIMEOUT)
    assert "<script>window.__xss=6</script>" in quote.inner_text()
    page.wait_for_timeout(500)  # give any injected handler the chance to run
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img[src=x], #pa-guide-result script, #pa-source script").count() == 0
