"""An answer as plain text for the terminal (``assistant ask`` and ``assistant chat``).

    answer text (markdown, markers [1], [2] …)

    ! warnings, if any

    Sources
    [1] Title — author, year, p. N, section
        “the quoted span”
        file.txt, lines 812–813

A refusal lists the closest passages under "Related passages (they do not answer the
question)" instead of "Sources"."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from assistant.models import Answer, Citation

if TYPE_CHECKING:
    from assistant.compare.models import Comparison
    from assistant.guide.models import Guide

RELATED_CHARS = 300  # a related passage is shown shortened
INDENT = "    "


def source_line(citation: Citation, label: str | None = None) -> str:
    """``[1] Title — author, year, p. N, section`` (parts the citation lacks are left out)."""
    details = [
        citation.author.split(" (")[0],  # "Regeringen (Socialministeriet, …)" -> "Regeringen"
        str(citation.year) if citation.year else "",
        f"p. {citation.pages}" if citation.page is not None else "",
        citation.section or "",
    ]
    head = f"[{label or citation.marker}] {citation.title}"
    rest = ", ".join(d for d in details if d)
    return f"{head} — {rest}" if rest else head


def location_line(citation: Citation) -> str:
    lines = (
        f"line {citation.line_start}"
        if citation.line_start == citation.line_end
        else f"lines {citation.line_start}–{citation.line_end}"
    )
    return f"{citation.file_name}, {lines}"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def render_citation(citation: Citation, label: str | None = None, limit: int | None = None) -> str:
    quote = " ".join(citation.quote.split()) if limit is None else shorten(citation.quote, limit)
    return "\n".join([source_line(citation, label), f"{INDENT}“{quote}”", INDENT + location_line(citation)])


def render_sources(answer: Answer) -> str:
    """The sources of an answer, or the related passages of a refusal ("" when there are none)."""
    if answer.citations:
        return "Sources\n" + "\n".join(render_citation(c) for c in answer.citations)
    if answer.related:
        body = "\n".join(render_citation(c, f"related {c.marker}", RELATED_CHARS) for c in answer.related)
        return "Related passages (they do not answer the question)\n" + body
    return ""


def render_warnings(answer: Answer) -> str:
    return "\n".join(textwrap.fill(w, width=100, initial_indent="! ", subsequent_indent="  ") for w in answer.warnings)


def render_debug(answer: Answer) -> str:
    lines = ["Debug", f"{INDENT}backend: {answer.backend}", f"{INDENT}grounded: {answer.grounded}"]
    for key, value in answer.debug.items():
        if "\n" in value:
            lines.append(f"{INDENT}{key}:")
            lines.extend(f"{INDENT * 2}{v}" for v in value.split("\n"))
        else:
            lines.append(f"{INDENT}{key}: {value}")
    t = answer.timings
    lines.append(
        f"{INDENT}timings: {t.total_ms:.0f} ms (rewrite {t.rewrite_ms:.0f}, retrieve {t.retrieve_ms:.0f}, "
        f"generate {t.generate_ms:.0f})"
    )
    if answer.usage is not None:
        lines.append(f"{INDENT}tokens: {answer.usage.prompt_tokens} prompt, {answer.usage.completion_tokens} answer")
    return "\n".join(lines)


def render_footer(answer: Answer, debug: bool = False) -> str:
    """Everything printed under the answer text: warnings, sources, and (``debug``) the debug info."""
    parts = [render_warnings(answer), render_sources(answer)]
    if debug:
        parts.append(render_debug(answer))
    return "\n\n".join(p for p in parts if p)


def render_answer(answer: Answer, debug: bool = False) -> str:
    """The whole answer for the terminal: its text, then the footer."""
    footer = render_footer(answer, debug)
    return answer.text.strip() + ("\n\n" + footer if footer else "")


def render_comparison(comparison: Comparison) -> str:
    """A comparison for the terminal: per document its position and quotes, then the sources.

    What the documents say about “topic”: 3 of 5 address it.

    Title (author, year) — for
        “quoted sentence” [1]
    Title (author, year) — not addressed
    ...
    Sources
    [1] ..."""
    from assistant.compare.render import head, numbered, position

    lines = [head(comparison), ""]
    sources: list[Citation] = []
    for row, cites in numbered(comparison):
        author = ", ".join(x for x in (row.author.split(" (")[0], str(row.year) if row.year else "") if x)
        title = f"{row.title} ({author})" if author else row.title
        shown = position(row, comparison.lang)
        lines.append(f"{title} — {shown}" if shown != "–" else title)
        lines.extend(
            textwrap.fill(
                f"“{' '.join(c.quote.split())}” [{c.marker}]",
                width=100,
                initial_indent=INDENT,
                subsequent_indent=INDENT,
            )
            for c in cites
        )
        sources += cites
    if sources:
        lines += ["", "Sources", *(render_citation(c) for c in sources)]
    lines += ["", f"({comparison.took_ms:.0f} ms)"]
    return "\n".join(lines)


def render_guide(guide: Guide) -> str:
    """A document's guide for the terminal: summary, outline, key figures, questions to ask."""

    def where(c: Citation) -> str:
        page = f"p. {c.pages}, " if c.page is not None else ""
        return f"{page}line {c.line_start}"

    lines = [f"{guide.title} ({guide.file_name})", "", "Summary"]
    lines += [
        textwrap.fill(
            f"“{' '.join(c.quote.split())}” [{where(c)}]", 100, initial_indent=INDENT, subsequent_indent=INDENT
        )
        for c in guide.summary
    ]
    if guide.outline:
        from assistant.guide.structure import depths

        lines += ["", "Outline"]
        lines += [
            f"{INDENT}{f'p. {o.page}' if o.page is not None else f'line {o.line}':>9}  {'  ' * d}{o.title}"
            for o, d in zip(guide.outline, depths(guide.outline), strict=True)
        ]
    if guide.key_figures:
        lines += ["", f"Key figures ({len(guide.key_figures)})"]
        for f in guide.key_figures:
            period = f" ({f.period})" if f.period and f.period not in f.value else ""
            lines.append(f"{INDENT}{f.value}{period} — {f.refers_to} [{where(f.citation)}]")
    if guide.suggested_questions:
        lines += ["", "Questions to ask"]
        lines += [f"{INDENT}- {q.text}" for q in guide.suggested_questions]
    return "\n".join(lines)
