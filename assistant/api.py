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

import hashlib
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.compare.detect import ComparisonRequest, comparison_request
from assistant.compare.models import Comparison
from assistant.followup import standalone_query
from assistant.guide.models import Guide
from assistant.models import Answer, Citation, Timings
from assistant.notices import notice
from assistant.question import QuestionInfo, analyze_question, detect_lang
from assistant.reader import make_reader
from assistant.templates import phrase
from assistant.verify import grounded_sentences, verify
from retrieval.index import Index
from retrieval.settings import RetrievalMode, Settings, get_settings
from retrieval.tokens import truncate_tokens
from retrieval.types import Hit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.compare.engine import Comparer
    from assistant.generate import Turn
    from assistant.guide.build import GuideStore
    from assistant.lists.detect import ListRequest
    from assistant.smalltalk import Kind

BACKENDS = ("extractive", "openai", "ollama")
LANGS = ("da", "nb", "en")
LLM_BACKENDS = ("openai", "ollama")
TOP_HITS_IN_DEBUG = 10
# the extractive engine's own fixed notes (prompts/extractive.json): not claims about the documents
ENGINE_NOTES = ("dissent", "majority")
# a question of who wrote "the report" or when, naming none: each document's record, up to this many
MAX_RECORDS = 8


class QuestionError(ValueError):
    """The question cannot be asked as it is (empty, only whitespace)."""


def clean_question(text: str) -> str:
    """Drop control characters (keeping line breaks and tabs as spaces) and outer whitespace."""
    kept = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(kept.split())


@dataclass
class Rewrite:
    """The standalone query for a question, and how it was made."""

    query: str
    info: QuestionInfo
    how: str = "none"  # "llm" | "carry-subject" | "none"
    turns: int = 0  # earlier turns used (within settings.history_tokens)
    error: Exception | None = None  # the LLM failed while rewriting (LLMUnavailable / LLMConfigError)


class Assistant:
    def __init__(
        self,
        settings: Settings | None = None,
        index: Index | None = None,
        backend: str | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        """``chat_model`` replaces the model ``assistant.llm.make_chat_model`` would build
        for the openai/ollama backends (tests pass a fake one)."""
        self.settings = settings or get_settings()
        if backend:
            self.settings = self.settings.model_copy(update={"backend": check_backend(backend)})
        self.index = index or Index.open(self.settings)
        self.extractive = make_reader(self.settings.reader, self.index, self.settings.reader_model)
        self._chat_model = chat_model
        self._chat_models: dict[str, BaseChatModel] = {}
        self._comparer: Comparer | None = None
        self._building = threading.local()

    # ---- one question --------------------------------------------------------------

    def ask(
        self,
        question: str,
        history: Sequence[str | Answer | Any] | None = None,
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
        history: Sequence[str | Answer | Any] | None = None,
        doc_ids: Sequence[str] | None = None,
        k: int | None = None,
        mode: RetrievalMode | None = None,
        backend: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yield pieces of the answer text as they are ready, then the final :class:`Answer`.

        ``history`` holds the earlier turns, oldest first: the user's questions as strings,
        or earlier ``Answer`` objects (question and answer), or anything
        ``assistant.generate.normalize_history`` accepts.

        The final ``Answer`` is what counts. With an LLM backend the pieces are the model's
        words as it writes them, before verification; when the model's answer then fails
        verification, or the server fails midway, the final ``Answer`` is the extractive one
        (``backend`` says "extractive (fallback from …)", ``warnings`` says why) although
        the model's provisional words were already yielded. When nothing was yielded before
        the fallback, the extractive answer's pieces are."""
        started = time.perf_counter()
        text = clean_question(question)
        if not text:
            raise QuestionError("the question is empty")
        chosen = check_backend(backend or self.settings.backend)
        settings = (
            self.settings if chosen == self.settings.backend else self.settings.model_copy(update={"backend": chosen})
        )
        warnings: list[str] = []
        text, cut = truncate_tokens(text, settings.max_question_tokens, settings.tiktoken_encoding)
        if (routed := self.across_documents(text, doc_ids, started, chosen)) is not None:
            yield from split_for_stream(routed.text)
            yield routed
            return
        rewrite = self.standalone(text, history, settings)
        query, info = rewrite.query, rewrite.info
        if cut:
            warnings.append(phrase(info.lang, "truncated", tokens=str(settings.max_question_tokens)))
        rewritten = time.perf_counter()
        k_used = k or max(settings.top_k, 6)
        mode_used = mode or settings.retrieval_mode
        found, hits = self.passages_for(rewrite, history, doc_ids, k_used, mode_used)
        retrieved = time.perf_counter()
        debug = {
            "query": query,
            "rewrite": rewrite.how,
            "history": f"{rewrite.turns} earlier turn(s) within {settings.history_tokens} tokens",
            "retrieval": f"mode={mode_used} k={k_used}" + (f" docs={','.join(doc_ids)}" if doc_ids else ""),
            **hits_debug(found, hits),
        }
        if chosen == "extractive":
            answer = self.extractive_answer(text, info, hits, query)
            if self.lists_quoted_items(text):
                from assistant.lists.answer import with_enumerated_items

                answer = with_enumerated_items(self, answer)
            yield from split_for_stream(answer.text)
        else:
            answer = yield from self.generated(text, info, hits, query, settings, rewrite.error)
        done = time.perf_counter()
        answer.query = query
        answer.warnings = warnings + answer.warnings
        answer.debug = {**debug, **answer.debug}
        answer.timings = Timings(
            rewrite_ms=ms(started, rewritten),
            retrieve_ms=ms(rewritten, retrieved),
            generate_ms=ms(retrieved, done),
            total_ms=ms(started, done),
        )
        yield answer

    def lists_quoted_items(self, text: str) -> bool:
        """Whether the learned reader's answer lists the phrases its quote enumerates: for a
        question asked by a plural interrogative or an open question alone
        (``ListRequest.plural_only``), which the list route left to the reader (its items are in
        one sentence)."""
        from assistant.lists.detect import list_request
        from assistant.reader.engine import LearnedReader

        request = list_request(text)
        return isinstance(self.extractive, LearnedReader) and request is not None and request.plural_only

    def passages_for(
        self,
        rewrite: Rewrite,
        history: Sequence[Any] | None,
        doc_ids: Sequence[str] | None,
        k: int,
        mode: RetrievalMode,
    ) -> tuple[list[Hit], list[Hit]]:
        """The passages retrieved for a rewritten question, and all those read: a document the
        question names and a passage continuing a retrieved one too, and for a follow-up the
        passages the last answer quoted."""
        found = self.retrieve(rewrite.query, doc_ids, k, mode)
        hits = self.extractive.expand_hits(rewrite.info, found, rewrite.query, doc_ids)
        if rewrite.how != "none":
            hits = with_previous_sources(hits, history, self.index, doc_ids)
        return found, hits

    def retrieve(
        self, query: str, doc_ids: Sequence[str] | None, k: int | None, mode: RetrievalMode | None
    ) -> list[Hit]:
        return self.index.search(query, k=k or max(self.settings.top_k, 6), mode=mode, doc_ids=doc_ids)

    # ---- across documents ----------------------------------------------------------

    def compare(self, topic: str, doc_ids: Sequence[str] | None = None, backend: str | None = None) -> Comparison:
        """Each document's position on ``topic`` side by side (:mod:`assistant.compare`): for
        every document in scope (all, or ``doc_ids``) the 1–3 sentences that state it with their
        citations, or "not addressed" when the calibrated probability says the document holds
        nothing on it. With an LLM backend, a verified one-line summary per document is added
        above its quotes (:mod:`assistant.compare.synthesis`; quotes only when it fails)."""
        text = clean_question(topic)
        if not text:
            raise QuestionError("the topic is empty")
        comparison = self.comparer().compare(text, doc_ids)
        chosen = check_backend(backend or self.settings.backend)
        if chosen in LLM_BACKENDS:
            from assistant.compare.synthesis import synthesise

            settings = self.settings.model_copy(update={"backend": chosen})
            comparison = synthesise(comparison, self.index, settings, self.chat_model(settings))
        return comparison

    def comparer(self) -> Comparer:
        if self._comparer is None:
            from assistant.compare.engine import Comparer
            from assistant.reader.engine import MODEL_PATH, LearnedReader

            reader = self.extractive
            if not isinstance(reader, LearnedReader):  # a baseline answers; comparisons read with the model
                reader = LearnedReader(self.index, model_path=self.settings.reader_model or MODEL_PATH)
            self._comparer = Comparer(self.index, reader)
        return self._comparer

    def across_documents(self, text: str, doc_ids: Sequence[str] | None, started: float, backend: str) -> Answer | None:
        """The answer to a question about several documents at once, or None: "What is this
        document about?" gets the documents' summaries, an explicit
        "compare" gets a comparison, then a list question ("hvilke reaksjoner foreslår X og Y")
        a list, then the other comparison wordings ("what do the documents say about …") a
        comparison."""
        from assistant.catalog import catalog_request
        from assistant.guide.overview import asks_overview, overview_answer, overview_request
        from assistant.guide.structure import parts, structure_answer, structure_request
        from assistant.lists.detect import list_request
        from assistant.record import record_answer, record_request
        from assistant.smalltalk import smalltalk

        if (kind := smalltalk(text)) is not None:
            return self.routed(self.small_talk(text, kind, doc_ids), "smalltalk", kind, started)
        if catalog_request(text):
            scope = self.in_scope(doc_ids)
            return self.routed(self.catalog(text, scope), "catalog", ", ".join(scope), started)
        named = self.extractive.named_documents(text)
        field = record_request(text)
        if field is not None and (scope := self.record_scope(text, named, doc_ids)):
            docs = [self.index.documents[d] for d in scope]
            signed = {d: self.signatures(d) for d in scope} if field == "author" else None
            answer = record_answer(text, detect_lang(text), field, docs, self.index, signed)
            return self.routed(answer, "record", f"{field}: {', '.join(scope)}", started)
        if (structure := structure_request(text, names_document=bool(named))) is not None:
            scope = self.overview_scope(text, named, doc_ids)
            found = [(g, p) for g in (self.guide(d) for d in scope) if (p := parts(g, structure))]
            if found:  # else the reader looks ("the sections on X" that no heading names)
                answer = structure_answer(text, detect_lang(text), self.index, found)
                return self.routed(answer, "structure", ", ".join(g.doc_id for g, _ in found), started)
        if asks_overview(text):  # the scope is worked out only for such a question
            scope = self.overview_scope(text, named, doc_ids)
            if overview_request(text, names_document=bool(named), one_in_scope=len(scope) == 1):
                answer = overview_answer(text, detect_lang(text), [self.guide(d) for d in scope])
                return self.routed(answer, "overview", ", ".join(scope), started)
        comparison = comparison_request(text, len(named))
        listing = list_request(text)
        if listing is not None and listing.plural_only and backend in LLM_BACKENDS:
            listing = None  # "Hvilke …?" alone: a language model answers several things in its own words
        if comparison is not None and (comparison.how == "compare" or listing is None or listing.plural_only):
            return self.compared(text, comparison, named, doc_ids, started, backend)
        if listing is not None:
            return self.listed(text, listing, doc_ids, started)
        return None

    def compared(
        self,
        text: str,
        request: ComparisonRequest,
        named: set[str],
        doc_ids: Sequence[str] | None,
        started: float,
        backend: str,
    ) -> Answer:
        """A comparison question's table: a row per document in scope (the documents it names,
        when it names two or more within the filter)."""
        from assistant.compare.render import chat_answer

        scope = list(doc_ids or [])
        if len(named) >= 2:
            within = sorted(named & set(doc_ids)) if doc_ids else sorted(named)
            scope = within if len(within) >= 2 else scope
        comparison = self.compare(request.topic, scope or None, backend)
        answer = chat_answer(comparison, text)
        answer.warnings = list(comparison.warnings)
        answer.backend = "extractive" if not comparison.synthesised else f"{backend} (comparison)"
        answer.query = request.topic
        answer.debug.update({"comparison_request": request.how, "rewrite": "none"})
        answer.timings = Timings(generate_ms=comparison.took_ms, total_ms=ms(started, time.perf_counter()))
        return answer

    @staticmethod
    def routed(answer: Answer, route: str, detail: str, started: float) -> Answer:
        """An answer that no reader wrote (small talk, the library, an overview), marked as such."""
        answer.query = answer.question
        answer.debug.update({route: detail, "rewrite": "none"})
        answer.timings = Timings(total_ms=ms(started, time.perf_counter()))
        return answer

    def in_scope(self, doc_ids: Sequence[str] | None) -> list[str]:
        """The indexed documents the filter leaves (all without one)."""
        return [d for d in (doc_ids or self.index.documents) if d in self.index.documents]

    def small_talk(self, text: str, kind: Kind, doc_ids: Sequence[str] | None) -> Answer:
        """A greeting, thanks or "what can you do?" answered with what the assistant does and,
        from the documents in scope whose guides are built, questions it answers from them, one
        per document, in the question's language where a guide has one (:mod:`assistant.smalltalk`)."""
        from assistant.smalltalk import THE_DOCUMENT, smalltalk_answer

        lang = detect_lang(text)
        scope = self.in_scope(doc_ids)
        suggestions: list[str] = []
        for doc in scope:
            if not self.guide_stored(doc):  # never build a guide to greet someone
                continue
            # each was checked to be answered when the guide was built; "the document" means
            # nothing without the document chosen, so those that say it are left out
            asked = [q for q in self.guide(doc).suggested_questions if not THE_DOCUMENT.search(q.text)]
            for wanted in (lang, {"da": "nb", "nb": "da"}.get(lang, "en"), "en"):
                if mine := [q.text for q in asked if q.lang == wanted]:
                    suggestions.append(mine[0])
                    break
        return smalltalk_answer(text, lang, kind, len(scope), suggestions)

    def catalog(self, text: str, scope: list[str]) -> Answer:
        """Which documents the assistant answers from, as a table (:mod:`assistant.catalog`)."""
        from assistant.catalog import catalog_answer

        pages = {d: max((c.page_end or c.page or 0 for c in self.index.passages(d)), default=0) or None for d in scope}
        return catalog_answer(text, detect_lang(text), [self.index.documents[d] for d in scope], pages)

    def overview_scope(self, text: str, named: set[str], doc_ids: Sequence[str] | None) -> list[str]:
        """The documents an overview is of, within the filter: those the question calls by name
        or title (:meth:`called`), else all."""
        return self.called(text, named, doc_ids) or self.in_scope(doc_ids)

    def called(self, text: str, named: set[str], doc_ids: Sequence[str] | None) -> list[str]:
        """The documents within the filter that the question names ("the Labour Party
        document"), else those whose title holds the word it calls them by ("the action plan");
        none when it does neither."""
        from assistant.guide.overview import titled

        within = self.in_scope(doc_ids)
        titles = {d: self.index.documents[d].title for d in within}
        for wanted in (named, titled(text, titles)):
            if chosen := [d for d in within if d in wanted]:
                return chosen
        return []

    def signatures(self, doc_id: str) -> list[Citation]:
        """The signatures of a document, cited line by line (at most ``MAX_SIGNATURES``), or none."""
        from assistant.citations import cite_span
        from assistant.extractive import MAX_SIGNATURES, signature_lines

        chunk = self.extractive.signature(doc_id)
        if chunk is None:
            return []
        where = Hit(chunk, 0.0, 1, None, None)
        return [cite_span(self.index, where, a, b) for a, b in signature_lines(chunk.text)[:MAX_SIGNATURES]]

    def record_scope(self, text: str, named: set[str], doc_ids: Sequence[str] | None) -> list[str]:
        """The documents a question about who wrote a document or when is about: those it calls
        by name or title (:meth:`called`), else all the filter leaves when they are few enough to
        list (``MAX_RECORDS``); none in a larger library (the reader then answers)."""
        if chosen := self.called(text, named, doc_ids):
            return chosen
        within = self.in_scope(doc_ids)
        return within if len(within) <= MAX_RECORDS else []

    def listed(self, text: str, request: ListRequest, doc_ids: Sequence[str] | None, started: float) -> Answer | None:
        """A list question's answer: all matching items in scope as a table with the count
        (:mod:`assistant.lists`). A "how many" question whose items are sentences the reader
        chose, not a list's points, an enumeration's phrases or key figures, is the reader's
        (None): their number counts nothing the documents count. So is a question asked only by
        a plural interrogative whose items come from one sentence (the reader quotes it whole) or
        that the reader would refuse, over the passages the list reads or in its own answer (a
        list shown alone would answer what the reader refused). A list for a question asked only
        by a plural interrogative or an open question is led by the reader's own answer
        (:func:`led_by`)."""
        from assistant.lists.answer import led_by, list_answer, list_items, sentences_of

        items, answerability = list_items(self, text, request, list(doc_ids) if doc_ids else None)
        if request.count and any(it.source == "sentence" for it in items):
            return None
        # "Hvilke …?" with its items in one sentence: the reader quotes that sentence whole
        if request.plural_only and sentences_of(items) < 2:
            return None
        info = analyze_question(text)
        answer = list_answer(text, info.lang, request, items)
        if request.plural_only:  # the reader's own answer first, then the other items
            hits = self.extractive.expand_hits(info, self.retrieve(text, doc_ids, None, None), text, doc_ids)
            first = self.extractive_answer(text, info, hits, text)
            if first.refused or not first.citations:
                # the reader refuses: so does its list. None, not ``first``: the question's own path
                # reads it again with the conversation (a follow-up is carried), which this read
                # without history cannot; the second read costs a reader's pass on refusals only
                return None
            answer = led_by(first, request, items)
        answer.query = text
        answer.debug.update({"list_request": f"{request.kind}{' count' if request.count else ''}", "rewrite": "none"})
        if answerability is not None:  # the reader's, which let the list through (evals: open runs)
            answer.debug["answerability"] = f"{answerability:.3f}"
        answer.timings = Timings(total_ms=ms(started, time.perf_counter()))
        return answer

    # ---- a document's guide -------------------------------------------------------

    def guide(self, doc_id: str) -> Guide:
        """The guide to one document (:mod:`assistant.guide`): a short extractive summary, its
        outline, its key figures with what they refer to, and questions the assistant answers
        from it. Built at ingest (:meth:`build_guides`) or on first request, then kept under
        the index folder for as long as the document is unchanged."""
        from assistant.guide.build import build_guide

        doc = self.index.documents.get(doc_id)
        if doc is None:
            raise ValueError(f"unknown document {doc_id!r}; known: {', '.join(self.index.documents)}")
        store = self.guide_store()
        key = self.guide_key(doc.sha256)
        guide = store.get(key)
        if guide is None:
            building = self._guides_building()
            if doc_id in building:
                # asked again while its guide is being built: one of its suggested questions is
                # answered from the guide ("What does the document say about “Ingen oversikt”?"
                # reads as a request for an overview); that answer gets the guide without questions,
                # not another build that would ask the same question again
                return build_guide(self, doc_id, questions=False)
            building.add(doc_id)
            try:
                guide = build_guide(self, doc_id)
            finally:
                building.discard(doc_id)
            store.put(key, guide)
        return guide

    def _guides_building(self) -> set[str]:
        """The documents whose guides this thread is building (a guide asks questions, which
        may read guides)."""
        if not hasattr(self._building, "docs"):
            self._building.docs = set()
        return self._building.docs

    def guide_key(self, sha256: str) -> str:
        """What a stored guide is kept under: the document's content and how it was read, cut and
        embedded. A guide cites passages of one reading of its document: kept by the content alone,
        a guide built before the cleaner read the document differently (and cut other passages)
        was served after it, its key figures' citations pointing at passages no longer there."""
        how = f"{sha256}/{self.index.info.pipeline}/{self.index.info.model_id}"
        return hashlib.sha256(how.encode()).hexdigest()

    def guide_store(self) -> GuideStore:
        from assistant.guide.build import GuideStore

        return GuideStore(self.settings.index_dir / "guides")

    def guide_stored(self, doc_id: str) -> bool:
        """Whether the guide to ``doc_id`` is built and stored (opening it is then quick)."""
        doc = self.index.documents.get(doc_id)
        return doc is not None and self.guide_store().path(self.guide_key(doc.sha256)).exists()

    def build_guides(self) -> list[Guide]:
        """Every indexed document's guide (built where missing), in index order."""
        return [self.guide(d) for d in self.index.documents]

    # ---- follow-ups ----------------------------------------------------------------

    def standalone(self, question: str, history: Sequence[Any] | None, settings: Settings) -> Rewrite:
        """The query to search for ``question`` after ``history``.

        Without an LLM (or when it fails, or gives back no usable rewrite) the subject of the
        last question is carried into the search (``assistant.followup``); with the openai /
        ollama backend the model rewrites the follow-up (``assistant.generate.rewrite_followup``).
        Earlier turns are kept within ``settings.history_tokens``, newest first."""
        from assistant.generate import Turn, history_within

        turns = self._history(history)
        enc = settings.tiktoken_encoding
        asked = history_within([t for t in turns if t.role == "user"], settings.history_tokens, enc)
        carried, info = standalone_query(question, [t.content for t in asked], self.extractive.name_spans)
        rule = Rewrite(carried, info, "carry-subject" if carried != question else "none", len(asked))
        if settings.backend not in LLM_BACKENDS or not turns:
            return rule
        from assistant.generate import rewrite_followup
        from assistant.llm import LLMConfigError, LLMUnavailable

        # an assistant turn may take a third of the budget, so the questions before it stay in
        room = max(settings.history_tokens // 3, 16)
        short = [
            t if t.role == "user" else Turn(role=t.role, content=truncate_tokens(t.content, room, enc)[0])
            for t in turns
        ]
        try:
            query = rewrite_followup(question, short, settings, self.chat_model(settings))
        except (LLMUnavailable, LLMConfigError) as exc:
            rule.error = exc
            return rule
        if query.strip() == question.strip():  # not a follow-up, or no usable rewrite: the rule decides
            return rule
        llm_info = analyze_question(query)
        llm_info.lang = info.lang  # answer in the language the user asked in
        used = len(history_within(short, settings.history_tokens, enc))
        return Rewrite(query, llm_info, "llm", used)

    @staticmethod
    def _history(history: Sequence[Any] | None) -> list[Turn]:
        from assistant.generate import normalize_history

        turns = normalize_history([clean_question(h) if isinstance(h, str) else h for h in history or []])
        return [t.model_copy(update={"content": clean_question(t.content)}) if t.role == "user" else t for t in turns]

    # ---- answering -----------------------------------------------------------------

    def extractive_answer(self, question: str, info: QuestionInfo, hits: list[Hit], query: str) -> Answer:
        """The extractive engine's answer, checked by ``assistant.verify`` like every backend's."""
        answer = self.extractive.answer(question, info, hits, query)
        # the learned reader also quotes a sentence across a passage's edge (the passage next to a
        # retrieved one): that passage is checked like the retrieved ones
        checked = verify(answer, self.extractive.passages_read(hits), renumber=False, notes=engine_notes())
        if not checked.refused and grounded_sentences(checked) == 0:
            checked.grounded = False
        checked.backend = "extractive"
        return checked

    def chat_model(self, settings: Settings) -> BaseChatModel:
        """The chat model for ``settings.backend`` (built once per backend)."""
        if self._chat_model is not None:
            return self._chat_model
        if settings.backend not in self._chat_models:
            from assistant.llm import make_chat_model

            self._chat_models[settings.backend] = make_chat_model(settings)
        return self._chat_models[settings.backend]

    def generated(
        self,
        question: str,
        info: QuestionInfo,
        hits: list[Hit],
        query: str,
        settings: Settings,
        failure: Exception | None = None,
    ) -> Generator[str, None, Answer]:
        """The LLM path (``assistant.generate.stream_answer``): yields the model's pieces and
        returns its verified answer. Falls back to the extractive answer, with a warning in
        the question's language, when the server cannot be reached or answers badly
        (``LLMUnavailable``), the backend is not set up (``LLMConfigError``, ``ContextTooSmall``)
        or nothing of the model's answer survives verification (``VerificationFailed``).
        ``failure`` is an error the follow-up rewrite already met: the model is not asked again."""
        from assistant.generate import ContextTooSmall, stream_answer
        from assistant.llm import LLMConfigError, LLMUnavailable
        from assistant.verify import VerificationFailed

        yielded = False
        try:
            if failure is not None:
                raise failure
            answer: Answer | None = None
            for part in stream_answer(
                question, hits, settings, self.chat_model(settings), info.lang, raw_texts=self.index.raw_texts
            ):
                if isinstance(part, Answer):
                    answer = part
                elif part:
                    yielded = True
                    yield part
            assert answer is not None
            return answer
        except (LLMUnavailable, LLMConfigError, ContextTooSmall, VerificationFailed) as exc:
            stage = "follow-up rewrite" if exc is failure else "answer"
            fallback = self.fallback(question, info, hits, query, settings, exc, stage)
            if not yielded:
                yield from split_for_stream(fallback.text)
            return fallback

    def fallback(
        self,
        question: str,
        info: QuestionInfo,
        hits: list[Hit],
        query: str,
        settings: Settings,
        exc: Exception,
        stage: str = "answer",
    ) -> Answer:
        """The extractive answer in place of the LLM's, saying why (``stage``: the LLM call
        that failed, "answer" or "follow-up rewrite")."""
        from assistant.generate import backend_name
        from assistant.llm import LLMUnavailable
        from assistant.verify import VerificationFailed

        answer = self.extractive_answer(question, info, hits, query)
        tried = backend_name(settings) if settings.llm_model else settings.backend
        reason = self._reason(exc, settings)
        if isinstance(exc, LLMUnavailable):
            key = "llm_unavailable"
        elif isinstance(exc, VerificationFailed):
            key = "llm_unverified"
            answer.debug["llm_warnings"] = "\n".join(exc.warnings)
        else:
            key = "llm_config"
        answer.backend = f"extractive (fallback from {tried})"
        answer.warnings = [notice(info.lang, key, reason=reason), *answer.warnings]
        answer.debug["fallback"] = f"{stage}: {type(exc).__name__}: {reason}"
        return answer

    @staticmethod
    def _reason(exc: Exception, settings: Settings) -> str:
        """Why the LLM path failed, fit to show: no API key, no credentials in URLs."""
        from assistant.llm import LLMUnavailable, safe_url, scrub
        from assistant.verify import VerificationFailed

        if isinstance(exc, LLMUnavailable):
            return scrub(f"{safe_url(exc.url)}: {exc.reason}", settings)
        if isinstance(exc, VerificationFailed):
            return scrub(exc.reason, settings)
        return scrub(str(exc), settings)

    # ---- conversations -------------------------------------------------------------

    def warm(self) -> float:
        """Read every passage of the index now, so that no question pays for reading the
        passages it is the first to retrieve; returns the seconds it took. The web chat calls it
        in the background when an index goes live; a one-off question need not."""
        started = time.perf_counter()
        self.extractive.warm()
        return time.perf_counter() - started

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
        """Like ``Assistant.stream``, with this conversation's earlier turns (questions and
        answers) as history."""
        history = list(self.answers)
        for part in self.assistant.stream(question, history, self.doc_ids, **kwargs):  # type: ignore[arg-type]
            if isinstance(part, Answer):
                self.questions.append(clean_question(question))
                self.answers.append(part)
            yield part

    def reset(self) -> None:
        self.questions.clear()
        self.answers.clear()


def check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    return backend


def engine_notes() -> list[str]:
    """The extractive engine's fixed notes in every language (verify does not take them for claims)."""
    notes: list[str] = []
    for key in ENGINE_NOTES:
        for lang in LANGS:
            try:
                notes.append(phrase(lang, key))
            except (KeyError, IndexError):  # the wording changed shape; notes in parentheses still pass
                continue
    return notes


def hits_debug(found: list[Hit], hits: list[Hit]) -> dict[str, str]:
    """The passages retrieved (with their scores) and those read besides, for ``Answer.debug``."""
    out = {"hits": "\n".join(f"{h.chunk.chunk_id} {h.score:.4f}" for h in found[:TOP_HITS_IN_DEBUG])}
    if len(hits) > len(found):
        out["also read"] = "\n".join(h.chunk.chunk_id for h in hits[len(found) :])
    return out


def with_previous_sources(
    hits: list[Hit], history: Sequence[Any] | None, index: Index, doc_ids: Sequence[str] | None
) -> list[Hit]:
    """``hits`` plus the passages the previous answer cited (a follow-up such as "Og hvornår
    sluttede det?" is often answered next to the sentence quoted last), within ``doc_ids``."""
    previous = next((h for h in reversed(history or []) if isinstance(h, Answer)), None)
    if previous is None:
        return hits
    seen = {h.chunk.chunk_id for h in hits}
    extra: list[Hit] = []
    for c in previous.citations:
        chunk = index.chunks.get(c.chunk_id)
        if chunk is None or chunk.chunk_id in seen or (doc_ids and chunk.doc_id not in doc_ids):
            continue
        seen.add(chunk.chunk_id)
        extra.append(Hit(chunk, 0.0, len(hits) + len(extra) + 1, None, None))
    return hits + extra


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
