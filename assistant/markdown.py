"""Markdown pieces shared by the exports: text made safe, a citation spelled out, a quote block.

Text from the documents and the user has ``<`` written as ``&lt;``, so no Markdown viewer that
passes HTML through turns a document's markup into live HTML."""

from __future__ import annotations

from assistant.models import Citation


def safe(text: str) -> str:
    return text.replace("<", "&lt;")


def cell(text: str) -> str:
    """Text fit for one Markdown table cell: on one line, ``|`` escaped, made :func:`safe`."""
    return safe(" ".join(text.split())).replace("|", "\\|")


def cite_line(c: Citation) -> str:
    author = c.author.split(" (")[0] if c.author else ""
    bits = [f"*{safe(c.title)}*"]
    if author or c.year:
        bits.append(", ".join(x for x in (safe(author), str(c.year) if c.year else "") if x))
    if c.page:
        bits.append(f"p. {c.pages}")
    if c.section:
        bits.append(f"section “{safe(c.section)}”")
    bits.append(f"lines {c.line_start}–{c.line_end} of `{c.file_name}`")
    return "; ".join(bits)


def quote_block(text: str) -> str:
    return "\n".join("> " + safe(line) if line.strip() else ">" for line in text.strip().split("\n"))
