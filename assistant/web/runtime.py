"""The live assistant behind the web chat, shared by every browser session and API call.

After an upload the index is rebuilt and a new :class:`Assistant` replaces the old one in a
single assignment; questions already running finish on the old one. One rebuild runs at a
time (``index_lock``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.api import Assistant, QuestionError, clean_question
from assistant.compare.models import Comparison
from assistant.guide.models import Guide
from assistant.web import status as status_mod
from assistant.web.render import document_label
from retrieval.index import Index
from retrieval.settings import Settings

log = logging.getLogger(__name__)

MAX_TOPIC_CHARS = 300  # a topic is a few words; a pasted page is a mistake worth saying so


class UnknownDocuments(ValueError):
    """Document ids that are not in the index (any more)."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(f"unknown document id(s): {', '.join(ids)}")
        self.ids = list(ids)


class Runtime:
    def __init__(self, settings: Settings, assistant: Assistant) -> None:
        self.settings = settings
        self._assistant = assistant
        self.index_lock = threading.Lock()
        self._guide_locks: dict[str, threading.Lock] = {}
        self._guide_locks_lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, progress: bool | None = None) -> Runtime:
        """Open the index (building it, with progress, when there is none or the corpus changed)."""
        index = Index.open(settings, progress=progress)
        runtime = cls(settings, Assistant(settings, index=index))
        runtime.warm()
        return runtime

    @property
    def assistant(self) -> Assistant:
        return self._assistant

    @property
    def index(self) -> Index:
        return self._assistant.index

    def reload(self, progress: bool = True) -> Index:
        """Rebuild the index for the current corpus (only new passages are embedded) and swap it
        in; the guides to the documents it adds are then built in the background
        (:meth:`prebuild_guides`), as ``assistant ingest`` builds them for the seeds."""
        with self.index_lock:
            before = set(self.index.documents)
            index = Index.open(self.settings, progress=progress)
            self._assistant = Assistant(self.settings, index=index)
            self.warm()
            log.info(
                "index %s live: %d documents, %d passages",
                index.info.build_id,
                len(index.info.documents),
                index.info.n_chunks,
            )
            self.prebuild_guides([d for d in index.documents if d not in before])
            return index

    def warm(self) -> threading.Thread:
        """Read the live index's passages in a background thread (:meth:`Assistant.warm`), so
        that the first questions after a launch or an upload are as fast as later ones."""
        assistant = self._assistant

        def run() -> None:
            try:
                log.info("reader warmed in %.2f s", assistant.warm())
            except Exception:  # logged; questions then read their passages as they come
                log.exception("warming the reader failed")

        thread = threading.Thread(target=run, name="warm-reader", daemon=True)
        thread.start()
        return thread

    def prebuild_guides(self, doc_ids: Sequence[str]) -> threading.Thread | None:
        """Build the guides to ``doc_ids`` that are not stored yet, one after the other in a
        background thread, so that a document just uploaded opens at once in the Guide tab. Each
        build holds its document's lock: opening that guide meanwhile waits for it instead of
        building it twice. A guide that fails is logged and left to be built when it is opened."""
        missing = [d for d in doc_ids if not self.guide_ready(d)]
        if not missing:
            return None

        def build() -> None:
            for doc_id in missing:
                try:
                    self.guide(doc_id)
                except Exception:  # logged; opening the guide builds it again and shows the error
                    log.exception("building the guide to %s in the background failed", doc_id)

        thread = threading.Thread(target=build, name="guides", daemon=True)
        thread.start()
        return thread

    # ---- what the UI and the API ask about -------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        return status_mod.documents(self.index)

    def status(self) -> dict[str, Any]:
        return status_mod.status(self.index, self.settings)

    def known_doc_ids(self, doc_ids: Iterable[str] | None) -> tuple[list[str], list[str]]:
        """(known, unknown) document ids, in the order given."""
        known, unknown = [], []
        present = self.index.documents
        for d in doc_ids or []:
            (known if d in present else unknown).append(d)
        return known, unknown

    def compare(self, topic: str, doc_ids: Iterable[str] | None, backend: str | None = None) -> Comparison:
        """Each document's position on ``topic``: the documents ``doc_ids`` (all when empty);
        with an LLM ``backend`` (default: the configured one) a verified line per document too.

        Raises :class:`QuestionError` for an empty or overlong topic and ``ValueError`` for an
        unknown document id (:class:`UnknownDocuments`) or backend, before anything is searched."""
        text = clean_question(topic or "")
        if len(text) > MAX_TOPIC_CHARS:
            raise QuestionError(f"the topic is too long: at most {MAX_TOPIC_CHARS} characters")
        known, unknown = self.known_doc_ids(doc_ids)
        if unknown:
            raise UnknownDocuments(unknown)
        return self.assistant.compare(text, known or None, self.check_backend(backend))

    def guide(self, doc_id: str) -> Guide:
        """The guide to the document ``doc_id`` (built at upload or on first request, ~1–15 s,
        then kept).

        Raises ``ValueError`` for an empty id and :class:`UnknownDocuments` for an id that is
        not in the index, before anything is built. One build per document at a time: a second
        request for the same guide waits for the first and then reads what it stored."""
        key = (doc_id or "").strip()
        if not key:
            raise ValueError("no document id given")
        if key not in self.index.documents:
            raise UnknownDocuments([key])
        with self._guide_locks_lock:
            lock = self._guide_locks.setdefault(key, threading.Lock())
        with lock:
            return self.assistant.guide(key)

    def guide_ready(self, doc_id: str) -> bool:
        """Whether the guide to ``doc_id`` is stored already (opening it is then quick)."""
        return self.assistant.guide_stored(doc_id)

    def guide_choices(self) -> list[tuple[str, str]]:
        """(title, id) of each document for the guide picker; a title two documents share gets its file name."""
        docs = self.index.info.documents
        titles = [d.title for d in docs]
        return [(d.title if titles.count(d.title) == 1 else f"{d.title} ({d.file})", d.id) for d in docs]

    def backends(self) -> list[str]:
        return [value for _, value in status_mod.backend_choices(self.settings)]

    def check_backend(self, backend: str | None) -> str:
        chosen = (backend or "").strip() or self.settings.backend
        if chosen not in self.backends():
            raise ValueError(f"backend {chosen!r} is not available here; use one of {', '.join(self.backends())}")
        return chosen

    def default_k(self) -> int:
        return max(self.settings.top_k, 6)

    @staticmethod
    def clamp_k(k: float | int | None, default: int) -> int:
        try:
            value = int(k or 0)
        except (TypeError, ValueError):
            value = 0
        return default if value <= 0 else min(value, 20)

    def document_choices(self) -> list[tuple[str, str]]:
        return [(document_label(d), d.id) for d in self.index.info.documents]


def keep_present(selected: Sequence[str] | None, choices: Sequence[tuple[str, str]]) -> list[str]:
    values = {v for _, v in choices}
    return [s for s in selected or [] if s in values]
