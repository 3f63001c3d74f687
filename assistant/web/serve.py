"""``assistant serve``: check the address, open the index while Gradio imports, serve.

Importing Gradio takes a few seconds and so does opening the index; part of each is file
reading and native code, so they overlap on a second core. On a first run the index is
built here, with tqdm progress in the terminal, before the page is served.
"""

from __future__ import annotations

import threading

from assistant.web.access import check_bind
from assistant.web.runtime import Runtime
from retrieval.settings import Settings


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the chat until interrupted. Raises ``BindRefused`` before doing anything slow."""
    host = host or settings.web_host
    check_bind(host, settings)
    opened: dict[str, object] = {}

    def open_index() -> None:
        try:
            opened["runtime"] = Runtime.open(settings)
        except BaseException as exc:  # handed to the main thread below
            opened["error"] = exc

    worker = threading.Thread(target=open_index, name="open-index", daemon=True)
    worker.start()
    from assistant.web.app import launch  # imports gradio while the index opens

    worker.join()
    if "error" in opened:
        raise opened["error"]  # type: ignore[misc]
    launch(settings, host, port, runtime=opened["runtime"])  # type: ignore[arg-type]
