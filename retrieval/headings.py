"""What a heading looks like inside a passage's text: a block of its own (the cleaner sets
headings apart by blank lines), short, without closing punctuation (a lettered one may close with a
point: "b) Bøtesoning."), opening with a capital after its number or letter ("3. KOSTNADER",
"a) Forebyggende strategier"); not a table's row, a footnote ("6 Samordning av …"), a signature
(names only) or a date. The guide's outline and key figures read headings this way."""

from __future__ import annotations

import re

from retrieval.cleaning import LABEL_RX, TABLE_CELL_RX

HEADING_WORDS = 20
# a letter's label with no space before its heading ("d)Omfang av ransaking"), as text from a PDF has it
TIGHT_LABEL = re.compile(r"^\s*\(?[a-zæøå]\)(?=[A-ZÆØÅ])")
LABELLED_POINT_WORDS = 12  # a lettered heading closing with a point has at most this many words
# a chapter's number: with a point ("3. KOSTNADER", "5.1 Innledning") or before capitals ("5 FORHOLDET
# TIL …"); not a footnote's ("6 Samordning av …")
CHAPTER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*(?:\.\s+|\s+(?=[A-ZÆØÅ]{2,}\b)|(?<=\.\d)\s+|(?<=\.\d\d)\s+)")
MONTH_YEAR = re.compile(
    r"\b(?:januar|februar|marts|mars|april|maj|mai|juni|juli|august|september|oktober|november|desember|"
    r"december)\s+(?:19|20)\d\d\b",
    re.I,
)


def is_heading(block: str) -> bool:
    text = " ".join(block.split())
    if TABLE_CELL_RX.search(text):  # a table's row is no heading of the rows after it
        return False
    unlabelled = TIGHT_LABEL.sub("", LABEL_RX.sub("", text))
    first = CHAPTER.sub("", unlabelled)  # "a) Forebyggende strategier", "3. KOSTNADER"
    if not first or len(text.split()) > HEADING_WORDS or not first[0].isupper():
        return False
    # a lettered heading may close with a point ("b) Bøtesoning."); a sentence of its own may not
    labelled = unlabelled != text and len(first.split()) <= LABELLED_POINT_WORDS
    return text[-1] not in "!?:;," and (text[-1] != "." or labelled)


def names_a_part(title: str) -> bool:
    """Not a signature block ("Benedikte Kiær Bertel Haarder": names only), a date ("Oktober
    2010") or a stray acronym."""
    words = [w for w in title.split() if w[:1].isalpha()]
    if sum(ch.isalpha() for ch in title) < 4 or MONTH_YEAR.fullmatch(title.strip()):
        return False
    return not (len(words) >= 3 and all(w[:1].isupper() for w in words) and not title.isupper())
