"""Markdown: the text its reader sees, in the conventions of the other loaders (headings, list
markers, table rows, footnotes after the paragraph referring to them)."""

from __future__ import annotations

import re

from retrieval.load_common import LIST_MARKERS, heading_line, note_mark

_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_NOTE_DEF = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s?(.*)$")
_MD_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # an image: its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # a link: its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]


def text_from_markdown(text: str) -> str:
    """Markdown as the text its reader sees, in the conventions of the other loaders: headings as
    "# title" lines, bullets as the printed glyph by depth ("•", "o", "▪"), table rows as cells
    apart by " | "; emphasis, links, images, quote marks and rules without their markup. Code
    blocks stay as written."""
    lines, notes = _md_footnotes(text.split("\n"))
    out: list[str] = []
    fenced = False
    waiting: list[str] = []  # the notes the paragraph being read refers to, read after it
    for line in lines:
        if _MD_FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if not line.strip() and waiting:
            out += [part for note in waiting for part in ("", note)]
            waiting.clear()
        for label in _MD_NOTE_REF.findall(line):
            if label in notes.texts:
                waiting.append(notes.mark(label))
        line = _MD_NOTE_REF.sub("", line)
        if (m := _MD_SETEXT.match(line)) and out and out[-1].strip() and not out[-1].startswith("#"):
            out[-1] = heading_line(out[-1].strip(), 1 if m.group(1)[0] == "=" else 2)  # "Title" / "===" or "---"
            continue
        if _MD_RULE.match(line) or _MD_REFERENCE.match(line) or _MD_TABLE_RULE.match(line):
            out.append("")
            continue
        line = _MD_QUOTE.sub("", line)
        if m := _MD_HEADING.match(line):
            out.append(heading_line(_md_inline(m.group(2)), len(m.group(1))))
            continue
        if m := _MD_BULLET.match(line):
            depth = len(m.group(1).expandtabs(4)) // 2
            line = f"{LIST_MARKERS[min(depth, len(LIST_MARKERS) - 1)]} {line[m.end() :]}"
        elif line.strip().startswith("|") and line.strip().endswith("|"):
            line = " | ".join(cell.strip() for cell in line.strip()[1:-1].split("|"))
        out.append(_md_inline(line))
    unreferred = [notes.mark(label) for label in list(notes.texts)]  # defined, never referred to: kept
    out += [part for note in [*waiting, *unreferred] for part in ("", note)]
    return "\n".join(out)


class _MarkdownNotes:
    """Footnote definitions ("[^1]: Kilde: SSB."), each read once, as Word's notes are: after
    the paragraph first referring to it, numbered in superscript in the order of the references."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.count = 0

    def mark(self, label: str) -> str:
        self.count += 1
        return note_mark(self.count, _md_inline(self.texts.pop(label)))


def _md_footnotes(lines: list[str]) -> tuple[list[str], _MarkdownNotes]:
    """The lines without footnote definitions (and their indented continuation lines), and the
    definitions."""
    notes = _MarkdownNotes()
    kept: list[str] = []
    fenced = False
    label: str | None = None
    for line in lines:
        if _MD_FENCE.match(line):
            fenced = not fenced
        if not fenced and (m := _MD_NOTE_DEF.match(line)):
            label = m.group(1)
            notes.texts[label] = m.group(2).strip()
            continue
        if label is not None and not fenced and line.startswith(("    ", "\t")) and line.strip():
            notes.texts[label] = f"{notes.texts[label]} {line.strip()}".strip()
            continue
        if line.strip():
            label = None
        kept.append(line)
    return kept, notes


def _md_inline(line: str) -> str:
    for rx, repl in _MD_INLINE:
        line = rx.sub(repl, line)
    return line
