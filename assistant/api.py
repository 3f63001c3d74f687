"""The Python API: ``from assistant import Assistant``.

    a = Assistant()                      # opens (building on first use) the index over seeds/
    answer = a.ask("Hvor mange narkotikarelaterede dødsfald var der i 2009?")
    session = a.chat()                   # keeps its own history for follow-ups
    session.ask("Hvor mange penge afsættes til behandling af indsatte?")
    session.ask("Og i hvilken periode?")
    for part in a.stream("..."):         # text pieces, then the final Answer
        ...
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from assistant.extractive import ExtractiveEngine
from assistant.followup import standalone_query
from assistant.models import Answer, Timings
from assistant.templates import phrase
from retrieval.index import Index
from retrieval.settings import RetrievalMode, Settings, get_settings
from retrieval.tokens import truncate_tokens
from retrieval.types import Hit


class QuestionError(ValueError):
    """The question cannot be asked as it is (empty, only whitespace)."""


def clean_question(text: str) -> str:
    """Drop control characters (keeping line breaks and tabs as spaces) and outer whitespace."""
    kept = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(kept.split())


class Assistant:
    def __init__(
        self, settings: Settings | None = None, index: Index | None = None, backend: str | None = None
    ) -> None:
        self.settings = settings or get_settings()
        if backend:
            self.settings = self.settings.model_copy(update={"backend": backend})
        self.index = index or Index.open(self.settings)
        self.extractive = ExtractiveEngine(self.index)
        self._chat_model = None

    # ---- one question --------------------------------------------------------------

    def ask(
        self,
        question: str,
        history: Sequence[str] | None = None,
        doc_ids: Sequence[str] | None = None,
        k: int | None = None,
        mode: RetrievalMode | None = None,
        backend: str | None = None,
    ) -> Answer:
        answer: Answer | None = None
        for part in self.stream(question, history, doc_ids, k, mode, backend):
            if isinstance(part, Answer):
                answer = part
        assert answer is not None
        return answer

    def stream(
        self,
        question: str,
        history: Sequence[str] | None = None,
        doc_ids: Sequence[str] | None = None,
        k: int | None = None,
        mode: RetrievalMode | None = None,
        backend: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yield pieces of the answer text as they are ready, then the final :class:`Answer`."""
        started = time.perf_counter()
        text = clean_question(question)
        if not text:
            raise QuestionError("the question is empty")
        warnings: list[str] = []
        text, cut = truncate_tokens(text, self.settings.max_question_tokens, self.settings.tiktoken_encoding)
        history = [h for h in (clean_question(h) for h in history or []) if h]
        query, info = standalone_query(text, list(history))
        if cut:
            warnings.append(phrase(info.lang, "truncated", tokens=str(self.settings.max_question_tokens)))
        rewritten = time.perf_counter()
        hits = self.retrieve(query, doc_ids, k, mode)
        retrieved = time.perf_counter()
        chosen = backend or self.settings.backend
        if chosen == "extractive":
            answer = self.extractive.answer(text, info, hits, query)
            yield from split_for_stream(answer.text)
        else:
            answer = yield from self.generated(text, info, hits, history)
        done = time.perf_counter()
        answer.query = query
        answer.warnings = warnings + answer.warnings
        answer.timings = Timings(
            rewrite_ms=ms(started, rewritten),
            retrieve_ms=ms(rewritten, retrieved),
            generate_ms=ms(retrieved, done),
            total_ms=ms(started, done),
        )
        yield answer

    def retrieve(
        self, query: str, doc_ids: Sequence[str] | None, k: int | None, mode: RetrievalMode | None
    ) -> list[Hit]:
        return self.index.search(query, k=k or max(self.settings.top_k, 6), mode=mode, doc_ids=doc_ids)

    def generated(self, question: str, info: object, hits: list[Hit], history: list[str]) -> Iterator[str]:
        """The LLM path (assistant.generate); falls back to the extractive answer when the
        model's answer cannot be verified against the passages."""
        from assistant.generate import stream_answer
        from assistant.llm import make_chat_model

        if self._chat_model is None:
            self._chat_model = make_chat_model(self.settings)
        answer = None
        for part in stream_answer(question, hits, self.settings, self._chat_model, info.lang,  # type: ignore[attr-defined]
                                  raw_texts=self.index.raw_texts):
            if isinstance(part, Answer):
                answer = part
            else:
                yield part
        return answer

    # ---- conversations -------------------------------------------------------------

    def chat(self, doc_ids: Sequence[str] | None = None) -> ChatSession:
        return ChatSession(self, list(doc_ids) if doc_ids else None)


@dataclass
class ChatSession:
    assistant: Assistant
    doc_ids: list[str] | None = None
    questions: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def ask(self, question: str, **kwargs: object) -> Answer:
        answer: Answer | None = None
        for part in self.stream(question, **kwargs):
            if isinstance(part, Answer):
                answer = part
        assert answer is not None
        return answer

    def stream(self, question: str, **kwargs: object) -> Iterator[str | Answer]:
        for part in self.assistant.stream(question, self.questions, self.doc_ids, **kwargs):  # type: ignore[arg-type]
            if isinstance(part, Answer):
                self.questions.append(clean_question(question))
                self.answers.append(part)
            yield part

    def reset(self) -> None:
        self.questions.clear()
        self.answers.clear()


def split_for_stream(text: str) -> list[str]:
    """Word-sized pieces, so every backend streams the same way to the UI."""
    pieces: list[str] = []
    for line in text.split("\n"):
        words = line.split(" ")
        pieces.extend(w + " " for w in words[:-1])
        pieces.append(words[-1] + "\n")
    if pieces:
        pieces[-1] = pieces[-1].rstrip("\n")
    return pieces


def ms(a: float, b: float) -> float:
    return round((b - a) * 1000, 2)
