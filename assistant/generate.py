"""The LLM answering path: fit passages to the window, ask the model, verify, cite.

The orchestrator calls, for ``backend`` "openai" / "ollama" (chat model from
``assistant.llm.make_chat_model``):

- ``rewrite_followup(question, history, settings, chat_model) -> str`` for a follow-up;
- ``generate_answer(question, hits, settings, chat_model, lang) -> Answer`` or
  ``stream_answer(...)``, which yields text pieces as the model writes them, then the final
  verified ``Answer`` (the streamed text is provisional: show the final ``Answer.text``).

Both raise ``assistant.llm.LLMUnavailable`` when the server fails, and
``assistant.verify.VerificationFailed`` when no grounded sentence survives verification;
on either the orchestrator answers with the extractive engine. When the model says the
passages do not contain the answer, the result is ``refused=True`` with the closest
passages in ``related``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel

from assistant.citations import make_citation
from assistant.llm import llm_errors
from assistant.models import Answer, Citation, Lang, Usage
from assistant.prompts import language_name, load_prompts, refusal_text, render
from assistant.verify import (
    MARKER,
    answer_sentences,
    content_keys,
    ensure_grounded,
    looks_like_refusal,
    normalize_markers,
    number_set,
    numbers_in,
    verify,
)
from retrieval.chunking import split_sentences
from retrieval.settings import Settings
from retrieval.tokens import count_tokens, truncate_tokens
from retrieval.types import Hit

MESSAGE_OVERHEAD = 24  # chat-template tokens around two messages
CONTEXT_SAFETY = 0.9  # tiktoken is not the served model's tokenizer: leave 10% of the room free
MIN_PASSAGE_TOKENS = 48
RELATED = 3  # passages shown with a refusal


class ContextTooSmall(ValueError):
    """``llm_context_tokens`` leaves no room for a single passage."""


# ---------------------------------------------------------------- prompt building


def _passage_text(text: str) -> str:
    """Passage text as data: its own bracket numbers and our delimiters cannot pose as ours."""
    text = MARKER.sub(r"(\1)", text)
    return re.sub(r"</?\s*passage\s*>", "", text, flags=re.IGNORECASE)


def format_passage(number: int, hit: Hit) -> str:
    chunk = hit.chunk
    head = [f"[{number}] {chunk.title}"]
    if chunk.page is not None:
        pages = f"{chunk.page}–{chunk.page_end}" if chunk.page_end and chunk.page_end != chunk.page else chunk.page
        head.append(f"page {pages}")
    if chunk.section:
        head.append(f"section: {chunk.section}")
    return " | ".join(head) + f"\n<passage>\n{_passage_text(chunk.text)}\n</passage>"


def format_passages(hits: Sequence[Hit]) -> str:
    return "\n\n".join(format_passage(i, hit) for i, hit in enumerate(hits, start=1))


def build_messages(question: str, hits: Sequence[Hit], lang: str) -> list[BaseMessage]:
    """System + user message asking for a cited answer from ``hits`` (numbered [1]..[n])."""
    prompts = load_prompts()
    user = render(
        prompts.answer,
        passages=format_passages(hits),
        n=len(hits),
        refusal=refusal_text(lang),
        language=language_name(lang),
        question=question.strip(),
    )
    return [SystemMessage(content=prompts.system), HumanMessage(content=user)]


def fit_context(hits: Sequence[Hit], question: str, settings: Settings) -> list[Hit]:
    """The best passages (in the given, best-first order) that fit the model's window.

    Room = ``llm_context_tokens`` - ``llm_max_tokens`` - system and answer prompt with the
    question - chat-template overhead, of which 90% is used (tiktoken counts, not the
    model's own tokenizer). A passage that does not fit is skipped and later (smaller) ones
    are still tried. If none fits whole, the best one is cut to the room left. Raises
    ``ContextTooSmall`` when there is no room for even a short passage."""
    if not hits:
        return []
    enc = settings.tiktoken_encoding
    prompts = load_prompts()
    empty = build_messages(question, [], "en")
    fixed = sum(count_tokens(str(m.content), enc) for m in empty)
    fixed += max(count_tokens(r, enc) for r in prompts.refusal.values()) + MESSAGE_OVERHEAD
    room = int((settings.llm_context_tokens - settings.llm_max_tokens - fixed) * CONTEXT_SAFETY)
    if room < MIN_PASSAGE_TOKENS:
        raise ContextTooSmall(
            f"llm_context_tokens={settings.llm_context_tokens} leaves {max(room, 0)} tokens for passages after the "
            f"prompt, the question and llm_max_tokens={settings.llm_max_tokens}; raise it or lower llm_max_tokens"
        )
    kept: list[Hit] = []
    used = 0
    for hit in hits:
        cost = count_tokens(format_passage(len(kept) + 1, hit), enc) + 2
        if used + cost <= room:
            kept.append(hit)
            used += cost
    if kept:
        return kept
    best = hits[0]
    head = count_tokens(format_passage(1, best._replace(chunk=best.chunk.model_copy(update={"text": ""}))), enc) + 2
    text, _ = truncate_tokens(best.chunk.text, max(room - head, 1), enc)
    return [best._replace(chunk=best.chunk.model_copy(update={"text": text}))]


# ---------------------------------------------------------------- follow-ups


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


_ROLES = {"user": "user", "human": "user", "question": "user", "assistant": "assistant", "ai": "assistant"}


def normalize_history(history: Iterable[Any] | None) -> list[Turn]:
    """Turns from what a caller may keep as history, oldest first.

    Accepts ``Turn``, langchain messages, ``(role, text)`` pairs, ``{"role", "content"}``
    dicts, ``Answer`` objects (question + answer text), objects or dicts with ``question`` and
    ``answer`` (an ``Answer`` or text), and plain strings (taken as user turns)."""
    turns: list[Turn] = []
    for item in history or ():
        turns.extend(_turns_of(item))
    return [t for t in turns if t.content.strip()]


def _turns_of(item: Any) -> list[Turn]:
    if isinstance(item, Turn):
        return [item]
    if isinstance(item, BaseMessage):
        if isinstance(item, SystemMessage):
            return []
        return [Turn(role="assistant" if isinstance(item, AIMessage) else "user", content=_message_text(item))]
    if isinstance(item, Answer):
        return [Turn(role="user", content=item.question), Turn(role="assistant", content=item.text)]
    if isinstance(item, str):
        return [Turn(role="user", content=item)]
    if isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], str):
        role = _ROLES.get(item[0].lower())
        return [Turn(role=role, content=item[1])] if role else []  # type: ignore[arg-type]
    get = item.get if isinstance(item, Mapping) else lambda key, default=None: getattr(item, key, default)
    role, content = get("role"), get("content")
    if isinstance(role, str) and isinstance(content, str) and role.lower() in _ROLES:
        return [Turn(role=_ROLES[role.lower()], content=content)]  # type: ignore[arg-type]
    question, answer = get("question"), get("answer")
    turns: list[Turn] = []
    if isinstance(question, str):
        turns.append(Turn(role="user", content=question))
    if isinstance(answer, Answer):
        turns.append(Turn(role="assistant", content=answer.text))
    elif isinstance(answer, str):
        turns.append(Turn(role="assistant", content=answer))
    return turns


def history_within(turns: Sequence[Turn], budget: int, enc: str = "cl100k_base") -> list[Turn]:
    """The newest turns that fit ``budget`` tokens (oldest first); the oldest kept turn may be cut."""
    kept: list[Turn] = []
    left = budget
    for turn in reversed(turns):
        content = re.sub(r"\s*\[\d+\]", "", normalize_markers(turn.content))
        content = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(content.split()))
        cost = count_tokens(f"{turn.role.title()}: {content}", enc) + 1
        if cost <= left:
            kept.append(turn.model_copy(update={"content": content}))
            left -= cost
            continue
        if left >= 16:
            cut, _ = truncate_tokens(content, left - 6, enc)
            kept.append(turn.model_copy(update={"content": cut + " …"}))
        break
    return list(reversed(kept))


def format_history(turns: Sequence[Turn]) -> str:
    return "\n".join(f"{'User' if t.role == 'user' else 'Assistant'}: {t.content}" for t in turns)


_QUERY_PREFIX = re.compile(
    r"^(?:standalone (?:search )?query|search query|query|rewritten (?:question|query)|søgning|søk|spørgsmål|spørsmål"
    r"|question)\s*[:：-]\s*",
    re.IGNORECASE,
)


def clean_query(output: str, question: str) -> str:
    """The query in a model's reply: first non-empty line, labels and quotes removed.

    Falls back to ``question`` when the reply is empty or much too long to be a query."""
    lines = [line.strip() for line in output.replace("\r", "").split("\n") if line.strip()]
    lines = [line for line in lines if not re.fullmatch(r"(?:standalone (?:search )?query|query)\s*:?", line, re.I)]
    if not lines:
        return question
    query = _QUERY_PREFIX.sub("", lines[0].strip("*_ ")).strip()
    query = query.strip("\"'“”«»`*_ ").strip()
    if not query or len(query) > max(400, 4 * len(question)):
        return question
    return query


def plausible_query(query: str, question: str, turns: Sequence[Turn]) -> bool:
    """A rewrite must share a content word with the conversation and add no new figures."""
    known = question + "\n" + "\n".join(t.content for t in turns)
    if not content_keys(query) & content_keys(known):
        return False
    return all(values & number_set(known) for _, values in numbers_in(query))


def rewrite_followup(
    question: str, history: Iterable[Any] | None, settings: Settings, chat_model: BaseChatModel
) -> str:
    """Rewrite a follow-up into one standalone search query in its own language.

    History (see ``normalize_history``) is kept within ``settings.history_tokens``, newest
    turns first. Without history the question is returned as it is, without a model call.
    The question is also returned unchanged when the model's reply is not a usable query
    (empty, far too long, unrelated to the conversation, or with figures the conversation
    does not have), so a caller can detect ``result == question`` and apply its own
    rule-based rewrite. Raises ``LLMUnavailable`` when the server fails."""
    turns = history_within(normalize_history(history), settings.history_tokens, settings.tiktoken_encoding)
    if not turns:
        return question
    prompt = render(load_prompts().rewrite, history=format_history(turns), question=question.strip())
    with llm_errors(settings):
        reply = chat_model.invoke([HumanMessage(content=prompt)])
    query = clean_query(_strip_thinking(_message_text(reply)), question)
    return query if plausible_query(query, question, turns) else question


# ---------------------------------------------------------------- answering


def generate_answer(
    question: str,
    hits: Sequence[Hit],
    settings: Settings,
    chat_model: BaseChatModel,
    lang: Lang,
    raw_texts: Mapping[str, str] | None = None,
) -> Answer:
    """Ask the model for a cited answer from ``hits`` (best first) and verify it.

    ``raw_texts`` (doc_id -> raw file text) makes the quotes' line ranges exact. Raises
    ``LLMUnavailable`` (server) or ``VerificationFailed`` (nothing grounded left)."""
    started = time.perf_counter()
    context = fit_context(hits, question, settings)
    if not context:
        return _refusal(question, [], settings, lang, raw_texts, None, started, ["no passages to answer from"])
    with llm_errors(settings):
        reply = chat_model.invoke(build_messages(question, context, lang))
    return finish_answer(question, _message_text(reply), context, settings, lang, raw_texts, usage_of(reply), started)


def stream_answer(
    question: str,
    hits: Sequence[Hit],
    settings: Settings,
    chat_model: BaseChatModel,
    lang: Lang,
    raw_texts: Mapping[str, str] | None = None,
) -> Iterator[str | Answer]:
    """Yield the model's text pieces as they arrive, then the final verified ``Answer``.

    The pieces are the model's raw words (markers unchecked); the final ``Answer.text`` is
    what to keep. Raises like ``generate_answer`` (``VerificationFailed`` after the pieces)."""
    started = time.perf_counter()
    context = fit_context(hits, question, settings)
    if not context:
        yield _refusal(question, [], settings, lang, raw_texts, None, started, ["no passages to answer from"])
        return
    full: AIMessageChunk | None = None
    with llm_errors(settings):
        for chunk in chat_model.stream(build_messages(question, context, lang)):
            if isinstance(chunk, AIMessageChunk):
                full = chunk if full is None else full + chunk
            piece = _message_text(chunk)
            if piece:
                yield piece
    text = _message_text(full) if full is not None else ""
    usage = usage_of(full) if full is not None else None
    yield finish_answer(question, text, context, settings, lang, raw_texts, usage, started)


def finish_answer(
    question: str,
    text: str,
    context: Sequence[Hit],
    settings: Settings,
    lang: Lang,
    raw_texts: Mapping[str, str] | None,
    usage: Usage | None,
    started: float,
) -> Answer:
    """Turn the model's text into a verified, cited ``Answer`` (shared by both paths)."""
    text = _strip_thinking(text).strip()
    text = re.sub(r"</?\s*passage\s*>", "", text, flags=re.IGNORECASE)  # our delimiters echoed back
    text = re.sub(r"^(?:answer|svar)\s*:\s*", "", text.strip(), flags=re.IGNORECASE)
    markers = {n for n in (int(m) for m in MARKER.findall(normalize_markers(text))) if 1 <= n <= len(context)}
    citations = [make_citation(n, context[n - 1], 0, len(context[n - 1].chunk.text)) for n in sorted(markers)]
    draft = Answer(
        question=question,
        text=text,
        citations=citations,
        backend=backend_name(settings),
        lang=lang,
        usage=usage,
    )
    checked = verify(draft, list(context))
    if _is_refusal(checked):
        notes = [w for w in checked.warnings if "points to no passage" in w]
        return _refusal(question, context, settings, lang, raw_texts, usage, started, notes)
    checked = ensure_grounded(_with_debug(checked))
    checked = requote(checked, context, raw_texts)
    checked.timings.generate_ms = (time.perf_counter() - started) * 1000
    return checked


def _is_refusal(checked: Answer) -> bool:
    """The model said the passages do not contain the answer, and claimed nothing else."""
    sentences = answer_sentences(checked.text)
    if not sentences:
        return False
    return all(
        looks_like_refusal(s.text) and not numbers_in(s.text) and len(content_keys(s.text)) <= 8 for s in sentences
    )


def backend_name(settings: Settings) -> str:
    return f"{settings.backend}:{settings.llm_model}"


def usage_of(message: BaseMessage | None) -> Usage | None:
    """Prompt/completion tokens when the model reported them."""
    if message is None:
        return None
    meta = getattr(message, "usage_metadata", None)
    if meta:
        return Usage(
            prompt_tokens=int(meta.get("input_tokens", 0)), completion_tokens=int(meta.get("output_tokens", 0))
        )
    token_usage = (getattr(message, "response_metadata", None) or {}).get("token_usage") or {}
    if token_usage:
        return Usage(
            prompt_tokens=int(token_usage.get("prompt_tokens", 0)),
            completion_tokens=int(token_usage.get("completion_tokens", 0)),
        )
    return None


def _refusal(
    question: str,
    context: Sequence[Hit],
    settings: Settings,
    lang: Lang,
    raw_texts: Mapping[str, str] | None,
    usage: Usage | None,
    started: float,
    warnings: list[str],
) -> Answer:
    related = [_cite_best(i, hit, [question], raw_texts) for i, hit in enumerate(list(context)[:RELATED], start=1)]
    answer = Answer(
        question=question,
        text=refusal_text(lang),
        refused=True,
        related=related,
        backend=backend_name(settings),
        lang=lang,
        usage=usage,
        warnings=warnings,
    )
    answer = _with_debug(answer)
    answer.timings.generate_ms = (time.perf_counter() - started) * 1000
    return answer


def _with_debug(answer: Answer) -> Answer:
    """Record the prompt version in the answer's debug info (the API adds the query, the
    rewrite, retrieval and hits, and any fallback)."""
    return answer.model_copy(update={"debug": {**answer.debug, "prompt_version": load_prompts().version}})


# ---------------------------------------------------------------- quotes


def passage_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage (lines first, then sentences within each line)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        for start, end in split_sentences(line):
            while start < end and line[start].isspace():
                start += 1
            if end > start:
                spans.append((offset + start, offset + end))
        offset += len(line) + 1
    return spans or [(0, len(text))]


def best_span(passage: str, claims: Sequence[str]) -> tuple[int, int]:
    """The passage sentence that best supports ``claims``: figures first, then shared content words.

    When the chosen sentence lacks some of the claims' figures that a neighbouring sentence
    has, the span grows to include it (at most three sentences)."""
    spans = passage_sentences(passage)
    wanted_numbers: list[set[str]] = [values for claim in claims for _, values in numbers_in(claim)]
    wanted_words = set().union(*(content_keys(MARKER.sub(" ", claim)) for claim in claims)) if claims else set()

    def score(span: tuple[int, int]) -> tuple[int, int]:
        sentence = passage[span[0] : span[1]]
        have = number_set(sentence)
        figures = sum(1 for values in wanted_numbers if values & have)
        return figures, len(wanted_words & content_keys(sentence))

    scores = [score(span) for span in spans]
    best = max(range(len(spans)), key=lambda i: (scores[i][0] * 10 + scores[i][1], -i))
    first, last = best, best
    missing = [v for v in wanted_numbers if not v & number_set(passage[spans[best][0] : spans[best][1]])]
    for _ in range(2):
        if not missing:
            break
        grown = False
        for side in (last + 1, first - 1):
            if 0 <= side < len(spans):
                have = number_set(passage[spans[side][0] : spans[side][1]])
                if any(v & have for v in missing):
                    first, last = min(first, side), max(last, side)
                    missing = [v for v in missing if not v & have]
                    grown = True
                    break
        if not grown:
            break
    return spans[first][0], spans[last][1]


def _cite_best(marker: int, hit: Hit, claims: Sequence[str], raw_texts: Mapping[str, str] | None) -> Citation:
    start, end = best_span(hit.chunk.text, claims)
    raw = raw_texts.get(hit.chunk.doc_id) if raw_texts else None
    return make_citation(marker, hit, start, end, raw_text=raw)


def requote(answer: Answer, hits: Sequence[Hit], raw_texts: Mapping[str, str] | None = None) -> Answer:
    """Give each citation the quote of its passage that best supports the sentences citing it."""
    by_id = {hit.chunk.chunk_id: hit for hit in hits}
    sentences = answer_sentences(answer.text)
    citations: list[Citation] = []
    for citation in answer.citations:
        hit = by_id.get(citation.chunk_id)
        if hit is None:
            citations.append(citation)
            continue
        claims = [s.text for s in sentences if citation.marker in s.markers] or [answer.question]
        new = _cite_best(citation.marker, hit, claims, raw_texts)
        citations.append(new.model_copy(update={"author": citation.author, "year": citation.year}))
    return answer.model_copy(update={"citations": citations})


# ---------------------------------------------------------------- message helpers


def _message_text(message: BaseMessage | None) -> str:
    if message is None:
        return ""
    content = message.content
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


def _strip_thinking(text: str) -> str:
    """Drop ``<think>…</think>`` reasoning that some models put before the answer."""
    text = re.sub(r"<think>.*?</think>", "", text, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"^.*?</think>", "", text, flags=re.DOTALL | re.IGNORECASE) if "</think>" in text.lower() else text
