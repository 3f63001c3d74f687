"""A conversation as a Markdown document, with every citation spelled out.

The answers keep their own Markdown (bold figures, quoted sentences, ``[n]`` markers);
under each answer its sources are listed with title, author, year, page, section, line
range and the quoted words, so the file can be checked without the app. Text from the
documents and the user has ``<`` written as ``&lt;``, so no Markdown viewer that passes
HTML through turns a document's markup into live HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from assistant.markdown import cite_line, quote_block, safe
from assistant.models import Answer


def conversation_markdown(answers: Sequence[Answer], title: str = "Policy Assistant — conversation") -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"# {title}", "", f"Exported {now}. {len(answers)} question(s).", ""]
    for n, answer in enumerate(answers, start=1):
        out += [f"## {n}. {safe(answer.question)}", ""]
        if answer.refused:
            out += ["*No answer in the documents.*", ""]
        out += [safe(answer.text).strip(), ""]
        if answer.citations:
            out += ["**Sources**", ""]
            for c in answer.citations:
                out += [f"[{c.marker}] {cite_line(c)}", "", quote_block(c.quote), ""]
        if answer.related:
            out += ["**Related passages**", ""]
            for c in answer.related:
                snippet = c.passage if len(c.passage) <= 400 else c.passage[:400].rsplit(" ", 1)[0] + " …"
                out += [f"{c.marker}. {cite_line(c)}", "", quote_block(snippet), ""]
        for warning in answer.warnings:
            out += [f"*Note: {safe(warning)}*", ""]
        out += [f"<sub>backend: {safe(answer.backend)}; searched for: {safe(answer.query)}</sub>", ""]
    return "\n".join(out).rstrip() + "\n"
