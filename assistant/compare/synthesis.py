"""With an LLM backend: one synthesised line per document above its quotes, verified like
every answer, falling back to the quotes alone.

The model sees only the document's quoted sentences (numbered [1]..[k]) and writes one
sentence with their markers. ``assistant.verify`` then checks it against the quoted passages
(markers, figures, content words), and on top of that every figure in the line must be in
the quotes themselves. A line that loses anything in verification is not shown; the row
keeps its quotes and the comparison says why in ``warnings``. When the server cannot be
reached, no further document is tried."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.compare.models import Comparison, ComparisonRow
from assistant.models import Answer
from assistant.prompts import language_name, load_prompts, render
from assistant.verify import grounded_sentences, number_set, verify
from retrieval.types import Hit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.index import Index
    from retrieval.settings import Settings


def quotes_block(row: ComparisonRow) -> str:
    return "\n".join(f"[{n}] <quote>{' '.join(c.quote.split())}</quote>" for n, c in enumerate(row.citations, 1))


def messages_for(comparison: Comparison, row: ComparisonRow) -> list:  # type: ignore[type-arg]
    from langchain_core.messages import HumanMessage, SystemMessage

    prompts = load_prompts()
    author = row.author.split(" (")[0]
    document = f"{row.title}" + (f" ({author})" if author else "")
    text = render(
        prompts.compare,
        topic=comparison.topic,
        document=document,
        quotes=quotes_block(row),
        language=language_name(comparison.lang),
    )
    return [SystemMessage(content=prompts.system), HumanMessage(content=text)]


def checked_line(text: str, row: ComparisonRow, index: Index, lang: str) -> str | None:
    """The model's line when verification keeps all of it and it cites the quotes; else None."""
    line = " ".join(text.strip().split("\n")[0].split()) if text.strip() else ""
    if not line:
        return None
    citations = [c.model_copy(update={"marker": n}) for n, c in enumerate(row.citations, 1)]
    hits = [Hit(index.chunks[c.chunk_id], 0.0, n, None, None) for n, c in enumerate(citations, 1)]
    answer = Answer(question=row.title, text=line, citations=citations, lang=lang)  # type: ignore[arg-type]
    checked = verify(answer, hits, renumber=False)
    if checked.warnings or not checked.grounded or grounded_sentences(checked) == 0:
        return None
    if " ".join(checked.text.split()) != line:
        return None
    quoted = set().union(*(number_set(c.quote) for c in row.citations))
    if not number_set(line) <= quoted:  # every figure of the line is in the quotes themselves
        return None
    return line


def synthesise(comparison: Comparison, index: Index, settings: Settings, chat_model: BaseChatModel) -> Comparison:
    """``comparison`` with a verified line for each addressed row the model could write one for."""
    from assistant.generate import _message_text
    from assistant.llm import LLMConfigError, LLMUnavailable, llm_errors

    lines: dict[str, str] = {}
    warnings: list[str] = []
    for row in comparison.rows:
        if not row.addressed or not row.citations:
            continue
        try:
            with llm_errors(settings):
                reply = chat_model.invoke(messages_for(comparison, row))
        except (LLMUnavailable, LLMConfigError) as exc:
            warnings.append(f"the language model could not be used ({type(exc).__name__}); quotes only")
            break
        line = checked_line(_message_text(reply), row, index, comparison.lang)
        if line is None:
            warnings.append(f"{row.title}: the model's line did not hold up against the quotes; quotes only")
        else:
            lines[row.doc_id] = line
    return comparison.model_copy(update={"synthesised": lines, "warnings": comparison.warnings + warnings})
