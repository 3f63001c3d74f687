"""The comparison on the real server: the ``/compare`` endpoint over gradio_client, and the
Compare tab in real headless Chromium (as test_browser.py drives it): a topic in, a table with a
row per document out, a marker opens its source with the quote highlighted, the exports
download and parse, an error loses nothing. Leaves a screenshot in docs/compare.png."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client.exceptions import AppError

from assistant.web import compare_view
from tests.web.conftest import opened_page

pytestmark = pytest.mark.slow

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "compare.png"
TOPIC = "avkriminalisering"
SEED_IDS = [
    "kampen-mod-narko-ii",
    "kfk-sfk-innspill",
    "blaa-kors-rusreformen",
    "ap-sosialdemokratisk-rusreform",
    "politidirektoratet-utredning",
]
LABELS = (None, "for", "against", "conditional")
TIMEOUT = 60_000


def flat(text: str) -> str:
    return " ".join(text.split())


# ---- the API ------------------------------------------------------------------------------------


def test_compare_endpoint_gives_a_row_per_document_with_checkable_quotes(client: Any) -> None:
    result = client.predict(TOPIC, SEED_IDS, api_name="/compare")
    assert result["topic"] == TOPIC
    rows = result["rows"]
    assert sorted(r["doc_id"] for r in rows) == sorted(SEED_IDS)
    for r in rows:
        assert r["title"] and r["doc"].endswith(".txt") and r["label"] in LABELS
        assert isinstance(r["addressed"], bool) and 0.0 <= r["confidence"] <= 1.0
        assert (1 <= len(r["citations"]) <= 3) if r["addressed"] else r["citations"] == []
        for c in r["citations"]:
            assert c["quote"] and c["quote"] in c["passage"]  # the quote is the document's own words
            assert c["lines"][0] <= c["lines"][1]
    assert sum(r["addressed"] for r in rows) >= 2
    assert next(r for r in rows if r["doc_id"] == "politidirektoratet-utredning")["addressed"]

    everything = client.predict(TOPIC, api_name="/compare")  # no doc_ids: every indexed document
    documents = client.predict(api_name="/documents")
    assert sorted(r["doc_id"] for r in everything["rows"]) == sorted(d["id"] for d in documents)

    two = client.predict(TOPIC, SEED_IDS[1:3], api_name="/compare")
    assert [r["doc_id"] for r in two["rows"]] == SEED_IDS[1:3]


def test_the_page_events_leave_the_api_names_to_the_endpoints(web_server: Any) -> None:
    config = httpx.get(f"{web_server.url}config", timeout=60).json()
    public = sorted(d["api_name"] for d in config["dependencies"] if d.get("api_visibility") == "public")
    assert public == ["ask", "compare", "documents", "feedback", "guide", "status", "upload"]


def test_compare_endpoint_errors_are_clear(client: Any) -> None:
    with pytest.raises(AppError, match="empty"):
        client.predict("   ", api_name="/compare")
    with pytest.raises(AppError, match="unknown document id.*no-such-document.*see /documents"):
        client.predict(TOPIC, ["no-such-document"], api_name="/compare")
    with pytest.raises(AppError, match="too long"):
        client.predict("avkriminalisering " * 40, api_name="/compare")
    with pytest.raises(AppError, match="not available"):
        client.predict(TOPIC, None, "gpt-17", api_name="/compare")


def test_the_tab_says_what_is_wrong_with_a_topic_or_a_selection(web_server: Any) -> None:
    runtime = web_server.runtime
    assert compare_view.comparison_or_error(runtime, "  ", None, []) == "type a topic to compare first"
    unknown = compare_view.comparison_or_error(runtime, TOPIC, [SEED_IDS[0], "gone-doc"], [])
    assert unknown == "unknown document id(s): gone-doc; nothing was changed"
    assert "too long" in str(compare_view.comparison_or_error(runtime, "ord " * 200, None, []))
    picked = compare_view.comparison_or_error(runtime, TOPIC, [SEED_IDS[4], SEED_IDS[0]], [])
    assert not isinstance(picked, str)
    assert [r.doc_id for r in picked.rows] == [SEED_IDS[0], SEED_IDS[4]]  # in the list's order


# ---- the page -----------------------------------------------------------------------------------


@pytest.fixture
def page(browser: Any, web_server: Any) -> Iterator[Any]:
    with opened_page(
        browser, web_server.url, viewport={"width": 1440, "height": 1100}, locale="nb-NO", accept_downloads=True
    ) as page:
        yield page


def open_compare_tab(page: Any) -> None:
    page.locator("#pa-sidebar .toggle-button").click()  # the table gets the width
    page.wait_for_function("!document.querySelector('#pa-sidebar').classList.contains('open')", timeout=TIMEOUT)
    page.get_by_role("tab", name="Compare").click()
    page.locator("#pa-compare-topic :is(input, textarea)").wait_for(timeout=TIMEOUT)


def compare(page: Any, topic: str) -> Any:
    """Type the topic, press Compare, wait for the table of that topic."""
    page.fill("#pa-compare-topic :is(input, textarea)", topic)
    page.click("#pa-compare-run")
    head = page.locator("#pa-compare-result .pa-cmp-head", has_text=topic)
    head.wait_for(timeout=TIMEOUT)
    return page.locator("#pa-compare-result tr.pa-cmp-row")


def download(page: Any, button: str) -> str:
    with page.expect_download(timeout=TIMEOUT) as info:
        page.click(button)
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_compare_tab_table_sources_exports_and_errors(page: Any, client: Any) -> None:
    expected = client.predict(TOPIC, SEED_IDS, api_name="/compare")  # the table's rows, in its order
    documents = client.predict(api_name="/documents")
    first_quote = next(c["quote"] for r in expected["rows"] for c in r["citations"])
    open_compare_tab(page)
    page.locator("#pa-compare-docs-box").get_by_text("Documents to compare").click()
    ticked = page.locator("#pa-compare-docs input[type=checkbox]:checked")
    ticked.first.wait_for(timeout=TIMEOUT)
    assert ticked.count() == len(documents)  # all documents (uploads included), ticked at first
    for d in documents:  # what other tests uploaded: unticked, so the table (and docs/compare.png) shows the seeds
        if d["id"] not in SEED_IDS:
            page.locator("#pa-compare-docs label", has_text=d["title"]).locator("input").uncheck()
    assert ticked.count() == len(SEED_IDS)
    page.locator("#pa-compare-docs-box").get_by_text("Documents to compare").click()

    rows = compare(page, TOPIC)
    assert rows.count() == len(SEED_IDS)
    assert [rows.nth(i).get_attribute("data-doc-id") for i in range(rows.count())] == [
        r["doc_id"] for r in expected["rows"]
    ]
    silent = [r["doc_id"] for r in expected["rows"] if not r["addressed"]]
    greyed = page.locator("#pa-compare-result tr.pa-cmp-na")
    assert [greyed.nth(i).get_attribute("data-doc-id") for i in range(greyed.count())] == silent
    markers = page.locator("#pa-compare-result button.pa-cmp[class*='pa-cmp-c']")
    assert markers.count() == sum(len(r["citations"]) for r in expected["rows"])

    # the exports are the shown comparison
    table = list(csv.reader(io.StringIO(download(page, "#pa-compare-csv"))))
    assert table[0][:5] == ["doc_id", "title", "author", "addressed", "label"]
    assert len(table) - 1 == sum(max(1, len(r["citations"])) for r in expected["rows"])
    assert flat(first_quote) in [row[6] for row in table[1:]]
    markdown = download(page, "#pa-compare-md")
    assert markdown.startswith(f"# {TOPIC}\n") and "## Sources" in markdown

    # an empty topic: a clear message, and nothing is lost
    page.fill("#pa-compare-topic :is(input, textarea)", "")
    page.click("#pa-compare-run")
    page.locator("#pa-compare-message .pa-error").wait_for(timeout=TIMEOUT)
    assert "type a topic" in page.inner_text("#pa-compare-message")
    assert rows.count() == len(SEED_IDS) and page.locator("#pa-compare-csv").is_enabled()
    rows = compare(page, TOPIC)  # a new comparison clears the message
    assert rows.count() == len(SEED_IDS)  # the documents chosen are still the ones chosen
    page.locator("#pa-compare-message .pa-error").wait_for(state="detached", timeout=TIMEOUT)

    if silent:  # a document without the topic: its closest passage, on demand, opens too
        row = page.locator(f"#pa-compare-result tr[data-doc-id='{silent[0]}']")
        row.locator("details.pa-closest summary").click()
        row.locator("button.pa-cmp").click()
        page.locator("#pa-source .pa-kicker", has_text="Nærmeste avsnitt").wait_for(timeout=TIMEOUT)

    page.locator("#pa-compare-result button.pa-cmp-c1").click()
    kicker = page.locator("#pa-source .pa-kicker", has_text=f"[1] · sammenligning: {TOPIC}")
    kicker.wait_for(timeout=TIMEOUT)
    quote = page.locator("#pa-source .pa-passage mark.pa-quote")
    quote.wait_for(state="visible", timeout=TIMEOUT)
    assert flat(quote.inner_text()) == flat(first_quote)
    assert page.evaluate("document.activeElement.classList.contains('pa-source-title')")

    page.locator("#pa-header-block").scroll_into_view_if_needed()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


UPLOAD = """# Testnes kommune om rusreformen

Testnes kommune støtter avkriminalisering av bruk og besittelse av små mengder narkotika til eget bruk.
Kommunen vil samtidig styrke det forebyggende arbeidet blant unge i Testnes.
"""


def test_an_uploaded_document_is_offered_ticked_and_compared(page: Any, client: Any, tmp_path: Path) -> None:
    doc = tmp_path / "testnes-kommune.md"
    doc.write_text(UPLOAD, encoding="utf-8")
    page.get_by_role("tab", name="Compare").click()  # the tab was built before the upload
    page.locator("#pa-upload input[type=file]").set_input_files(str(doc))
    page.locator("#pa-upload-report .pa-ok").wait_for(timeout=TIMEOUT)
    page.locator("#pa-compare-docs-box").get_by_text("Documents to compare").click()
    box = page.locator("#pa-compare-docs label", has_text="Testnes kommune om rusreformen")
    box.wait_for(timeout=TIMEOUT)
    assert box.locator("input[type=checkbox]").is_checked()  # a new document arrives ticked

    documents = client.predict(api_name="/documents")
    doc_id = next(d["id"] for d in documents if d["file"] == doc.name)
    assert compare(page, TOPIC).count() == len(documents)  # every document, the upload too
    row = page.locator(f"#pa-compare-result tr.pa-cmp-row[data-doc-id='{doc_id}']")
    assert "pa-cmp-na" not in (row.get_attribute("class") or "")
    assert "støtter avkriminalisering" in row.inner_text()
