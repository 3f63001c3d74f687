"""Cleaned blocks -> token-sized, sentence-aligned passages with their place in the file.

A chunk never crosses a section boundary (so a budget is never filed under the next
initiative's title), never splits a sentence unless the sentence alone exceeds the token
budget, and carries section, page range, raw character span and raw line range.
Duplicate boxes (see :mod:`retrieval.dedup`) are not chunked again; the chunk of the
first copy lists where the others stand.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from retrieval.cleaning import TABLE_CELL_RX
from retrieval.dedup import find_duplicates
from retrieval.tokens import count_tokens, encoding
from retrieval.types import Block, Chunk, CleanedDocument

# v4: "hhv.", "kl.", "bl.a." … before a number; v5: "D.W. Griffith"; v6: table rows; v7: pages within a passage;
# v8: a bulleted line with a figure is a sentence (its vector stored), not a title
CHUNKER_VERSION = "sent-v8"
# a bulleted line ("- …", "• …"), not a numbered one ("2. KRIMINALSTATISTIKK 2017" is a heading)
BULLET_RX = re.compile(r"^\s*[-•*–·▪]\s*\S")
TINY_TOKENS = 40

# abbreviations after which a period does not end a sentence (da/nb/en)
ABBREVIATIONS = frozenset(
    """mio mia mill kr ca bl fx f eks evt mht pga jf jfr kap nr s pkt mv osv dvs iht vha
    ift etc inkl ekskl tlm dr hr fr st vs e g i e mr mrs prof ref fig tab ibid""".split()
)
# lower-case abbreviations that stand before a number or a name ("hhv. 55 saker", "kl. 14",
# "stk. 2", "vedr. Oslo", "bl.a. Oslo", "f.o.m. 1. januar"), matched as written (so "OL." and
# "Kl." still end a sentence); not those that close an enumeration ("m.fl.", "o.l.", "m.m."),
# which end sentences as often as not
LOWER_ABBREVIATIONS = frozenset(
    "hhv iflg ifm mtp vedr ang pr kl tlf stk jvf sml utg ff bla bl.a f.eks d.v.s i.e e.g f.o.m t.o.m p.t".split()
)
SENTENCE_END = re.compile(r"(?<=[.!?:;»”\"])\s+(?=[\"«”„(\[]?[A-ZÆØÅÄÖÜ0-9–•-])|(?<=[.!?])\s+(?=o\s)")


@dataclass
class Sentence:
    start: int  # span in CleanedDocument.text
    end: int
    block: int  # index into CleanedDocument.blocks
    tokens: int


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in ``text``. Keeps "26,4 mio. kr. i 2011" and "jf. kap. 7" whole."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        last_word = re.search(r"([\w.]+)[.:;]?[»”\"]?$", before)
        word = last_word.group(1).rstrip(".").lower() if last_word else ""
        written = last_word.group(1).rstrip(".") if last_word else ""
        if text[m.start() - 1] == "." and (
            word in ABBREVIATIONS
            or re.fullmatch(r"\d{1,2}|(?:[a-zæøå]\.)*[a-zæøå]", word)  # an ordinal, an initial or two
            or written in LOWER_ABBREVIATIONS
        ):
            continue  # "mio. kr.", "15. november", "bl.a. Oslo", "hhv. 55 saker", "D.W. Griffith"
        if text[m.start() - 1] in ":;" and not text[m.end() :].startswith(("–", "•", "-")):
            continue  # a colon or semicolon ends a sentence only before a list
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def sentences_of(doc: CleanedDocument, blocks: list[int], enc_name: str) -> list[Sentence]:
    out: list[Sentence] = []
    for bi in blocks:
        block = doc.blocks[bi]
        for a, b in split_sentences(block.text):
            start, end = block.clean_start + a, block.clean_start + b
            out.append(Sentence(start, end, bi, count_tokens(doc.text[start:end], enc_name)))
    return out


def split_long(sentence: Sentence, text: str, max_tokens: int, enc_name: str) -> list[Sentence]:
    """Cut a sentence longer than the budget at token boundaries (rare: tables, lists)."""
    if sentence.tokens <= max_tokens:
        return [sentence]
    enc = encoding(enc_name)
    body = text[sentence.start : sentence.end]
    ids = enc.encode(body, disallowed_special=())
    parts: list[Sentence] = []
    pos = 0
    for i in range(0, len(ids), max_tokens):
        piece = enc.decode(ids[i : i + max_tokens])
        # snap to the next space so a word is not cut in two
        end = body.find(" ", pos + len(piece)) if i + max_tokens < len(ids) else len(body)
        end = len(body) if end < 0 else end
        if end > pos:
            parts.append(Sentence(sentence.start + pos, sentence.start + end, sentence.block, 0))
        pos = end + 1 if end < len(body) else end
        if pos >= len(body):
            break
    for p in parts:
        p.tokens = count_tokens(text[p.start : p.end], enc_name)
    return parts


def groups_by_section(doc: CleanedDocument, skip: set[int]) -> Iterator[list[int]]:
    """Runs of consecutive text blocks that share a section; footnotes go on their own."""
    run: list[int] = []
    key: tuple[str | None, bool] | None = None
    for i, block in enumerate(doc.blocks):
        if i in skip:
            continue
        k = (block.section, block.kind == "footnote")
        if run and k != key:
            yield run
            run = []
        run.append(i)
        key = k
    if run:
        yield run


def merge_tiny(doc: CleanedDocument, groups: list[list[int]], enc_name: str) -> list[list[int]]:
    """Runs of tiny sections (a date, signature lines, ministries) become one passage."""
    out: list[list[int]] = []
    prev_tiny = False
    for group in groups:
        tiny = all(doc.blocks[i].kind != "footnote" for i in group) and (
            sum(count_tokens(doc.blocks[i].text, enc_name) for i in group) < TINY_TOKENS
        )
        if tiny and prev_tiny:
            out[-1].extend(group)
        else:
            out.append(list(group))
        prev_tiny = tiny
    return out


def pack(sentences: list[Sentence], max_tokens: int, overlap: int) -> list[list[Sentence]]:
    """Greedy packing of whole sentences up to ``max_tokens``, with sentence overlap."""
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    size = 0
    for s in sentences:
        if current and size + s.tokens > max_tokens:
            chunks.append(current)
            carry = current[-overlap:] if overlap else []
            carry = [c for c in carry if c.tokens + s.tokens <= max_tokens // 2]
            current, size = list(carry), sum(c.tokens for c in carry)
        current.append(s)
        size += s.tokens
    if current:
        chunks.append(current)
    return chunks


@dataclass
class DocInfo:
    doc_id: str
    file_name: str
    title: str
    lang: str
    raw_text: str


def chunk_document(
    doc: CleanedDocument,
    info: DocInfo,
    max_tokens: int = 160,
    overlap_sentences: int = 1,
    enc_name: str = "cl100k_base",
) -> list[Chunk]:
    duplicates = find_duplicates(doc.blocks)
    line_starts = [0] + [m.end() for m in re.finditer("\n", info.raw_text)]
    chunks: list[Chunk] = []
    for group in merge_tiny(doc, list(groups_by_section(doc, set(duplicates))), enc_name):
        sentences: list[Sentence] = []
        for s in sentences_of(doc, group, enc_name):
            sentences.extend(split_long(s, doc.text, max_tokens, enc_name))
        for part in pack(sentences, max_tokens, overlap_sentences):
            chunks.append(make_chunk(doc, info, part, duplicates, line_starts, len(chunks)))
    return drop_bare_titles(doc, chunks)


def drop_bare_titles(doc: CleanedDocument, chunks: list[Chunk]) -> list[Chunk]:
    """A chunk that is only a heading repeated elsewhere (the title of a skipped duplicate
    box, a running chapter title) adds nothing; signature lines and dates are kept."""
    headings = {b.text for b in doc.blocks if b.kind == "heading"}
    kept = []
    for c in chunks:
        if c.text in headings and len(c.text.split()) < 3:
            continue  # "Forord"
        if c.text in headings:
            others = (o for o in chunks if o is not c)
            if any(c.text in o.text or c.text == o.section for o in others):
                continue
        kept.append(c)
    for n, c in enumerate(kept):
        c.chunk_id = f"{c.doc_id}:{n:04d}"
    return kept


def make_chunk(
    doc: CleanedDocument,
    info: DocInfo,
    sentences: list[Sentence],
    duplicates: dict[int, int],
    line_starts: list[int],
    ordinal: int,
) -> Chunk:
    start, end = sentences[0].start, sentences[-1].end
    # sentences of one block are contiguous; blocks are joined as paragraphs, so text
    # between them that is not part of this chunk (a skipped duplicate box) stays out
    segments: list[str] = []
    char_map: list[tuple[int, int, int]] = []
    pos = 0
    for _, group in groupby(sentences, key=lambda s: s.block):
        run = list(group)
        a, b = run[0].start, run[-1].end
        if segments:
            pos += 2  # the "\n\n" between blocks maps to nothing
        char_map.extend(offset_runs(doc.offsets[a:b], pos))
        segments.append(doc.text[a:b])
        pos += b - a
    text = "\n\n".join(segments)
    raw_start, raw_end = doc.raw_span(start, end)
    blocks: list[Block] = [doc.blocks[i] for i in sorted({s.block for s in sentences})]
    line_start = bisect.bisect_right(line_starts, raw_start)
    line_end = bisect.bisect_right(line_starts, max(raw_start, raw_end - 1))
    pages = [p for p in doc.line_pages[line_start - 1 : line_end] if p is not None]
    block_ids = {s.block for s in sentences}
    also_at = [
        f"lines {doc.blocks[d].line_start}-{doc.blocks[d].line_end}"
        for d, kept in sorted(duplicates.items())
        if kept in block_ids
    ]
    return Chunk(
        chunk_id=f"{info.doc_id}:{ordinal:04d}",
        doc_id=info.doc_id,
        file_name=info.file_name,
        title=info.title,
        lang=info.lang,
        text=text,
        section=blocks[0].section,
        page=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        page_breaks=page_breaks(doc.line_pages[line_start - 1 : line_end], line_start),
        raw_start=raw_start,
        raw_end=raw_end,
        line_start=line_start,
        line_end=line_end,
        clean_start=start,
        clean_end=end,
        n_tokens=sum(s.tokens for s in sentences),
        content_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
        also_at=also_at,
        char_map=char_map,
    )


def page_breaks(line_pages: list[int | None], first_line: int) -> list[tuple[int, int]]:
    """(raw line, page) where a later page begins, for lines ``first_line``, ``first_line`` + 1 …
    on ``line_pages``: a quote on a passage's second page is cited there, not on its first."""
    out: list[tuple[int, int]] = []
    current: int | None = None
    for offset, page in enumerate(line_pages):
        if page is None:
            continue
        if current is not None and page > current:
            out.append((first_line + offset, page))
        current = page if current is None else max(current, page)
    return out


def offset_runs(offsets: list[int], base: int) -> list[tuple[int, int, int]]:
    """Compress a per-character raw-offset list into (text pos, raw pos, length) runs."""
    runs: list[tuple[int, int, int]] = []
    for i, raw in enumerate(offsets):
        if runs:
            p, r, n = runs[-1]
            if raw == r + n and base + i == p + n:
                runs[-1] = (p, r, n + 1)
                continue
        runs.append((base + i, raw, 1))
    return runs


def index_text(chunk: Chunk) -> str:
    """What is embedded and keyword-indexed: the passage with its document and section."""
    head = chunk.title if not chunk.section else f"{chunk.title} — {chunk.section}"
    return f"{head}\n{chunk.text}"


def naive_chunks(raw_text: str, info: DocInfo, size: int = 1000) -> list[Chunk]:
    """The baseline a quick tutorial pipeline builds: fixed windows of raw characters,
    no cleaning, no sentences, no sections. Used only to measure what cleaning buys."""
    chunks: list[Chunk] = []
    for n, start in enumerate(range(0, len(raw_text), size)):
        text = raw_text[start : start + size]
        if not text.strip():
            continue
        end = start + len(text)
        chunks.append(
            Chunk(
                chunk_id=f"{info.doc_id}:{n:04d}",
                doc_id=info.doc_id,
                file_name=info.file_name,
                title=info.title,
                lang=info.lang,
                text=text,
                raw_start=start,
                raw_end=end,
                line_start=raw_text.count("\n", 0, start) + 1,
                line_end=raw_text.count("\n", 0, max(start, end - 1)) + 1,
                clean_start=start,
                clean_end=end,
                n_tokens=count_tokens(text),
                content_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
                char_map=[(0, start, len(text))],
            )
        )
    return chunks


def passage_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of a passage, never across the blank line between blocks, without titles."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in text.split("\n\n"):
        for a, b in split_sentences(part):
            if not is_title(part[a:b]):
                spans.append((pos + a, pos + b))
        pos += len(part) + 2
    return spans


def is_title(text: str) -> bool:
    """A short line without closing punctuation; a table's row with a figure is no title ("2009 | 276",
    "Lys langs skoleveiene | 3,5 mill. kr | 2024"), nor is a bulleted line with a figure ("- Teacher
    training and classroom materials: DKK 420 million", a budget line)."""
    if (TABLE_CELL_RX.search(text) or BULLET_RX.match(text)) and any(ch.isdigit() for ch in text):
        return False
    return not text.rstrip().endswith((".", "!", "?", ":", "”", '"', "»", ")")) and len(text.split()) < 10


def sentence_text(chunk: Chunk, start: int, end: int) -> str:
    """What a sentence is embedded as: with its section, so "til initiativet" keeps its name."""
    sentence = chunk.text[start:end]
    return f"{chunk.section}: {sentence}" if chunk.section else sentence
