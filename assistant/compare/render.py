"""A comparison as a chat answer (a Markdown table with numbered citations), as a Markdown
document and as CSV (the web page's exports), in the topic's language."""

from __future__ import annotations

import csv
import io
import re

from assistant.compare.models import Comparison, ComparisonRow
from assistant.markdown import cell, cite_line, quote_block, safe
from assistant.models import Answer, Citation, Lang
from assistant.templates import phrase


def who(row: ComparisonRow) -> str:
    author = row.author.split(" (")[0]
    bits = ", ".join(x for x in (author, str(row.year) if row.year else "") if x)
    return f"*{row.title}*" + (f" ({bits})" if bits else "")


def position(row: ComparisonRow, lang: Lang) -> str:
    if not row.addressed:
        return phrase(lang, "not_addressed")
    return phrase(lang, f"label_{row.label}") if row.label else "–"


def numbered(comparison: Comparison) -> list[tuple[ComparisonRow, list[Citation]]]:
    """Each row with its citations renumbered [1], [2] … across the whole table."""
    out: list[tuple[ComparisonRow, list[Citation]]] = []
    n = 0
    for row in comparison.rows:
        cites = []
        for c in row.citations:
            n += 1
            cites.append(c.model_copy(update={"marker": n}))
        out.append((row, cites))
    return out


def with_markers(line: str, cites: list[Citation]) -> str:
    """A row's synthesised line, its markers [1]..[k] (the row's own quotes) set to the table's."""
    return re.sub(
        r"\[(\d+)\]",
        lambda m: f"[{cites[int(m.group(1)) - 1].marker}]" if 0 < int(m.group(1)) <= len(cites) else "",
        line,
    )


def head(comparison: Comparison) -> str:
    addressed = sum(r.addressed for r in comparison.rows)
    return phrase(
        comparison.lang,
        "compare_head",
        topic=comparison.topic,
        addressed=str(addressed),
        total=str(len(comparison.rows)),
    )


def chat_answer(comparison: Comparison, question: str) -> Answer:
    """The comparison as one answer: a table, one row per document, quotes with markers."""
    lang = comparison.lang
    lines = [
        head(comparison),
        "",
        f"| {phrase(lang, 'compare_document')} | {phrase(lang, 'compare_position')} | {phrase(lang, 'compare_says')} |",
        "|---|---|---|",
    ]
    citations: list[Citation] = []
    for row, cites in numbered(comparison):
        summary = comparison.synthesised.get(row.doc_id)
        says = " ".join(f"“{cell(c.quote)}” [{c.marker}]" for c in cites) or "–"
        if summary:
            says = f"{cell(with_markers(summary, cites))} — {says}"
        lines.append(f"| {cell(who(row))} | {position(row, lang)} | {says} |")
        citations += cites
    return Answer(
        question=question,
        text="\n".join(lines),
        citations=citations,
        lang=lang,
        refused=not citations,
        debug={"comparison": comparison.topic, "compare_ms": f"{comparison.took_ms:.1f}"},
    )


def to_markdown(comparison: Comparison) -> str:
    """A Markdown document: the table, then every source spelled out with its quote."""
    answer = chat_answer(comparison, comparison.topic)
    out = [f"# {safe(comparison.topic)}", "", answer.text, ""]
    if answer.citations:
        out += ["## Sources", ""]
        for c in answer.citations:
            out += [f"[{c.marker}] {cite_line(c)}", "", quote_block(c.quote), ""]
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = ("doc_id", "title", "author", "addressed", "label", "confidence", "quote", "page", "lines", "file")


def to_csv(comparison: Comparison) -> str:
    """One line per quoted sentence (one line for a document that does not address the topic)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for row in comparison.rows:
        base = [row.doc_id, row.title, row.author, str(row.addressed).lower(), row.label or "", f"{row.confidence:.3f}"]
        if not row.citations:
            w.writerow([*base, "", "", "", row.file_name])
        for c in row.citations:
            lines = f"{c.line_start}-{c.line_end}"
            w.writerow([*base, " ".join(c.quote.split()), c.pages, lines, c.file_name])
    return buf.getvalue()
