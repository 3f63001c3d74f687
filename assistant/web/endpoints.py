"""The web chat's API endpoints for ``gradio_client`` (and plain HTTP), registered with ``gr.api``.

``/ask``, ``/compare``, ``/guide``, ``/documents``, ``/status`` and ``/feedback`` are plain functions of JSON values;
``/upload`` is the upload event of the page itself (see ``app.py``). They are stateless:
a follow-up passes the earlier questions as ``history``.

No ``from __future__ import annotations`` here: ``gr.api`` reads these annotations at run
time to describe the endpoints.
"""

import logging
import re
from typing import Any

import gradio as gr

from assistant.api import QuestionError
from assistant.errors import user_message
from assistant.logs import secrets_of
from assistant.web import feedback as feedback_log
from assistant.web.runtime import Runtime, UnknownDocuments

log = logging.getLogger(__name__)


def make_endpoints(runtime: Runtime) -> dict[str, Any]:
    """The endpoint functions bound to ``runtime``, by API name."""
    secrets = secrets_of(runtime.settings)

    def ask(
        question: str,
        history: list[str] | None = None,
        doc_ids: list[str] | None = None,
        k: int = 0,
        backend: str = "",
    ) -> tuple[str, dict[str, Any]]:
        """Answer a question from the documents.

        history: earlier questions of the conversation, oldest first (for follow-ups).
        doc_ids: restrict the search to these documents (ids from /documents); empty = all.
        k: passages to retrieve (0 = the default). backend: "" (configured), "extractive", or the LLM's.
        Returns the answer text (Markdown with [n] markers) and the whole answer as JSON:
        citations (title, author, year, page, section, quote, passage, raw span, lines),
        refused, related (closest passages when refused), query (the standalone query), backend, lang,
        warnings (notices, an uncertain answer's among them) and confidence (the offline reader's
        calibrated probability that its answer is right, else null).
        """
        known, unknown = runtime.known_doc_ids(doc_ids)
        if unknown:
            raise gr.Error(f"unknown document id(s): {', '.join(unknown)} (see /documents)")
        try:
            chosen = runtime.check_backend(backend)
            answer = runtime.assistant.ask(
                question,
                history=[h for h in history or [] if isinstance(h, str)],
                doc_ids=known or None,
                k=runtime.clamp_k(k, runtime.default_k()),
                backend=chosen,
            )
        except (QuestionError, ValueError) as exc:
            raise gr.Error(str(exc)) from None
        except Exception as exc:  # the index, the model or a server failed: a clear message, no traceback
            raise gr.Error(user_message(exc, log, "answering", secrets)) from None
        return answer.text, answer.model_dump(mode="json")

    def compare(topic: str, doc_ids: list[str] | None = None, backend: str = "") -> dict[str, Any]:
        """Each document's position on a topic, side by side, in the documents' own words.

        doc_ids: the documents to compare (ids from /documents); empty = all.
        backend: "" (configured), "extractive" (quotes only), or the LLM's (a verified line per document).
        Returns {"topic", "rows"}: one row per document with doc (file), doc_id, title, addressed,
        label ("for", "against", "conditional" or null), confidence, summary (LLM backends) and
        citations [{quote, passage, page, lines: [first, last]}] (1–3 when addressed, none otherwise).
        """
        try:
            comparison = runtime.compare(topic, doc_ids, backend)
        except UnknownDocuments as exc:
            raise gr.Error(f"{exc} (see /documents)") from None
        except ValueError as exc:  # an empty or overlong topic (QuestionError), a backend not here
            raise gr.Error(str(exc)) from None
        except Exception as exc:  # the index failed: a clear message, no traceback
            raise gr.Error(user_message(exc, log, "comparing", secrets)) from None
        return comparison.to_json()

    def guide(doc_id: str) -> dict[str, Any]:
        """A document's guide: a short summary in its own sentences, its outline, its key figures and
        questions the assistant answers from it. Built on first request (~1–15 s), then kept.

        doc_id: the document (an id from /documents).
        Returns {"doc_id", "title", "summary", "outline", "key_figures", "suggested_questions"}:
        summary: [{quote, page, lines: [first, last], section}]; outline: [{title, page, line, depth}];
        key_figures: [{value, kind ("money", "count", "percent" or "date"), refers_to, period, citation}],
        each citation {quote, page, lines, section} as in summary; suggested_questions: [{text, lang}].
        """
        try:
            found = runtime.guide(doc_id)
        except ValueError as exc:  # an unknown document (UnknownDocuments) or no id at all
            raise gr.Error(f"{exc} (see /documents)") from None
        except Exception as exc:  # the index or the disk failed: a clear message, no traceback
            raise gr.Error(user_message(exc, log, "building the guide", secrets)) from None
        return found.to_json()

    def documents() -> list[dict[str, Any]]:
        """The indexed documents: id, title, author, year, date, lang, type, file, passages, pages."""
        return runtime.documents()

    def status() -> dict[str, Any]:
        """Index and backend status: documents, passages, embedding_model, backend, build_id, built, skipped,
        and vector_store {mode: "embedded"|"server", url, ok, detail}: whether the vectors can be read now."""
        return runtime.status()

    def feedback(question: str, answer: str, rating: str, comment: str = "", feedback_id: str = "") -> str:
        """Store a rating ("up" or "down") of an answer, with an optional comment, in the feedback file.

        Pass the id returned by an earlier call as feedback_id to add a comment to that rating.
        Returns the feedback id."""
        if feedback_id and not re.fullmatch(r"[0-9a-f]{8,64}", feedback_id.strip()):
            raise gr.Error("feedback_id must be an id returned by /feedback")
        try:
            record = feedback_log.make_record(
                rating=rating,
                question=question,
                answer=answer,
                comment=comment,
                record_id=feedback_id.strip() or None,
                source="api",
            )
        except feedback_log.FeedbackError as exc:
            raise gr.Error(str(exc)) from None
        feedback_log.append(runtime.settings.feedback_path, record)
        return record["id"]

    return {
        "ask": ask,
        "compare": compare,
        "guide": guide,
        "documents": documents,
        "status": status,
        "feedback": feedback,
    }
