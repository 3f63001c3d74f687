"""The web chat under test: the real server (``assistant.web.app.launch``) on a free loopback
port, over the seed corpus indexed in a temporary data dir. The embedding cache is the
session's (``tests/conftest.py``), so after any other seed index was built this one costs a
few seconds; alone it embeds the seeds once (~90 s on two cores)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from retrieval.settings import Settings
from tests.conftest import make_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    settings: Settings
    runtime: Any
    demo: Any


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Settings:
    root = tmp_path_factory.mktemp("web")
    return make_settings(root / "data", shared_cache, max_upload_mb=2)


@pytest.fixture(scope="session")
def web_server(web_settings: Settings) -> Iterator[Server]:
    from assistant.web.app import launch
    from assistant.web.runtime import Runtime

    runtime = Runtime.open(web_settings, progress=False)
    port = free_port()
    demo = launch(web_settings, "127.0.0.1", port, runtime=runtime, prevent_thread_lock=True, quiet=True)
    try:
        yield Server(f"http://127.0.0.1:{port}/", web_settings, runtime, demo)
    finally:
        demo.close()


@pytest.fixture(scope="session")
def client(web_server: Server) -> Any:
    from gradio_client import Client

    return Client(web_server.url, verbose=False, analytics_enabled=False, download_files=False)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (make test installs it with apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


PAGE_TIMEOUT = 60_000


@contextmanager
def opened_page(browser: Any, url: str, **context: Any) -> Iterator[Any]:
    """A new browser context's page on ``url``, once the chat box is there; on leaving, the
    page must have raised no JavaScript error."""
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("#pa-question textarea", timeout=PAGE_TIMEOUT)
    yield page
    ctx.close()
    assert not errors, errors
