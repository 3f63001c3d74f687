"""Every amount, count, percentage and date a document states, with what it refers to.

Pure functions over a document's passages. A figure's ``refers_to`` is:

* for an amount given "til X" ("afsættes 6 mio. kr. til uddannelse af …"): X, unless X is a
  word that points back ("til initiativet", "til indsatsen", "hertil"): then the heading the
  sentence stands under, which names the initiative;
* for a count or a percentage: the words that follow it ("33.000 stofmisbrugere", "12 prosent
  av sakene"), or, when none do, the heading;
* for a date or year span: the heading.

A year or year span in the same sentence is the figure's period. Numbers that only number
things (headings "3.", page and section references, "§ 22", footnotes) are not figures. A
figure repeated with the same words (the plan's repeated text boxes) is listed once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.extractive import DATE_RX, DURATION_RX, MONEY_RX, PERCENT_RX, YEAR_RANGE_RX, YEAR_RX
from retrieval.chunking import passage_sentences
from retrieval.types import Chunk

NUMBER_RX = re.compile(
    r"(?<![\w§.,])\d{1,3}(?:[. ]\d{3})+(?![\d/)\-–])|(?<![\w§.,/-])\d+(?:,\d+)?(?![\d.,]?\d)(?![/)\-–])"
)
# "antallet af narkotikarelaterede dødsfald … steget fra 239 i 2008 til 276": what is counted
COUNTED = re.compile(
    r"\b(?:antal(?:let)?|antall(?:et)?|the\s+number|number|tallet\s+på|andel(?:en)?)\s+(?:af|av|of|på)\s+"
    r"(?P<what>[^\d,.;:()]+)",
    re.I,
)
# small counts in words, in Danish and Norwegian text: "to screeningsprojekter", "Tre projekter"
WORD_NUMBER = re.compile(
    r"(?<!\w)(?:to|tre|fire|fem|seks|syv|sju|otte|åtte|ni|ti|elleve|tolv)(?=\s+[^\W\d_]{3,}(?:er|e)\b)", re.I
)
# "1.000-1.500 personer"
RANGE = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})*\s?[-–]\s?\d{1,3}(?:\.\d{3})*(?=\s+[^\W\d_]{3,})")
MONTH_YEAR = re.compile(
    r"\b(?:januar|februar|marts|mars|april|maj|mai|juni|juli|august|september|oktober|november|desember|"
    r"december)\s+(?:19|20)\d\d\b",
    re.I,
)
# a sentence that dates an event: "Projekterne er igangsat i 2008", "Siden 2014 har …"
EVENT_YEAR = re.compile(r"\b(?:i|siden|fra|in|since|from)\s+((?:19|20)\d\d)\b(?!\s?[-–])", re.I)
# a year the sentence dates its figures by: "i 2017", "in 2009", "for 2011" (not any four digits)
PERIOD_YEAR = re.compile(r"\b(?:i|in|for|år|året|from|fra|til|to|by|pr\.?)\s+((?:19|20)\d\d)\b", re.I)
# a footnote or reference line: "5 Ungdata 2018 s. 102-105.", "12 Lundeberg, I og …"
FOOTNOTE = re.compile(r"^\s*\d{1,3}\s+[A-ZÆØÅ]")
WORD = re.compile(r"[^\W\d_][^\W_-]*(?:-[^\W\d_]+)*", re.UNICODE)
# words that point back to the initiative a heading names
POINTS_BACK = re.compile(
    r"^(?:initiativ(?:et|erne)|indsats(?:en|erne)|innsats(?:en|ene)|tiltak(?:et|ene)|tiltag(?:et|ene)|"
    r"dette|det|denne|disse|dem|hertil|herav|the initiatives?|this|these|"
    r"[^\W\d_]+(?:en|et|ne))$",  # one definite noun ("til undersøgelsen"): the heading names it
    re.I,
)
INDEFINITE = re.compile(r"^(?:en|et|ett|ei|a|an)\s", re.I)
TO = re.compile(r"\b(?:til|for|to)\s+(?P<what>[^.;:(),]+)", re.I)
HEADING_WORDS = 20
# words that end the phrase a count refers to
STOP = {
    "i", "in", "på", "on", "fra", "from", "til", "to", "af", "av", "of", "og", "and", "eller", "or", "som", "der",
    "that", "er", "var", "is", "was", "har", "have", "blev", "ble", "mod", "mot", "per", "pr", "ved", "with",
    "med", "om", "about", "år", "years", "året", "årene",
}  # fmt: skip
NOT_A_FIGURE_BEFORE = re.compile(
    r"(?:§|§§|side|s\.|nr\.|kapittel|kapitel|avsnitt|afsnitt|punkt|note|figur|tabell|tabel|rundskriv|"
    r"stortingsmelding|st\.\s?meld\.|meld\.\s?st\.|lov|loven|forskrift|nummer)\s*(?:\d+\s*)?$",
    re.I,
)
MAX_REFERS = 6


@dataclass(frozen=True)
class Found:
    value: str
    kind: str
    refers_to: str
    period: str | None
    chunk: Chunk
    start: int  # sentence span in chunk.text
    end: int


def phrase_after(text: str, limit: int = 4) -> str:
    words: list[str] = []
    for m in WORD.finditer(text):
        w = m.group(0)
        if w.lower() in STOP or len(words) == limit:
            break
        words.append(w)
        if text[m.end() : m.end() + 1] in {",", ".", ";", ":", ")"}:
            break
    return " ".join(words)


def target_of(sentence: str, after: int, heading: str) -> str:
    """What an amount is given to: the heading it stands under (which names the initiative in a
    plan), with the "til X" phrase after it when that says more ("Kvalitetssikring …: udarbejdelsen
    af en vejledning"); only the phrase when there is no heading."""
    what = to_phrase(sentence, after)
    if heading and what:
        return f"{heading}: {what}"
    return heading or what


def to_phrase(sentence: str, after: int) -> str:
    """The "til X" an amount is given to, unless X points back ("til initiativet")."""
    m = TO.search(sentence, after)
    if m:
        what = " ".join(m.group("what").split()[:MAX_REFERS]).strip(" ,")
        head = what.split(" i ")[0].split(" in ")[0].strip()
        # "til initiativet" points back to the heading; "til en pulje" is named better by it
        if what and not POINTS_BACK.match(head) and not INDEFINITE.match(head):
            return what
    return ""


def is_heading(block: str) -> bool:
    text = " ".join(block.split())
    return bool(text) and len(text.split()) <= HEADING_WORDS and text[-1] not in ".!?:;," and text[0].isupper()


def heading_before(chunk: Chunk, pos: int, carried: str | None = None) -> str:
    """The nearest heading above ``chunk.text[pos]``: a short block of the passage that ends
    without punctuation, else the last such block of the passages before it (``carried``: a
    heading that closed the previous passage), else the passage's section or title."""
    for block in reversed(chunk.text[:pos].split("\n\n")[:-1]):
        if is_heading(block):
            return " ".join(block.split())
    return carried or " ".join((chunk.section or chunk.title).split())


def last_heading(chunk: Chunk) -> str | None:
    blocks = [b for b in chunk.text.split("\n\n") if is_heading(b)]
    return " ".join(blocks[-1].split()) if blocks else None


def year_of(sentence: str) -> str | None:
    m = PERIOD_YEAR.search(sentence)
    return m.group(1) if m else None


def masked(sentence: str, spans: Iterable[tuple[int, int]]) -> str:
    out = list(sentence)
    for a, b in spans:
        out[a:b] = " " * (b - a)
    return "".join(out)


def sentence_figures(sentence: str, heading: str, lang: str = "nb") -> Iterator[tuple[str, str, str, str | None]]:
    """(value, kind, refers_to, period) for every figure of one sentence."""
    ranges = [m for m in YEAR_RANGE_RX.finditer(sentence)]
    period = ranges[0].group(0) if ranges else None
    taken: list[tuple[int, int]] = []
    found = 0
    for m in MONEY_RX.finditer(sentence):
        value = re.sub(r"^(?:i alt|ca\.|cirka|omkring|knap|godt)\s+", "", m.group(0).strip(), flags=re.I)
        yield value, "money", target_of(sentence, m.end(), heading), period or year_of(sentence)
        taken.append(m.span())
        found += 1
    for m in PERCENT_RX.finditer(sentence):
        # "55 % av alle saker": the share is of what follows "av"
        refers = phrase_after(re.sub(r"^\s*(?:av|af|of)\s+", " ", sentence[m.end() :])) or heading
        yield m.group(0).strip(), "percent", refers, period or year_of(sentence)
        taken.append(m.span())
        found += 1
    for rx in (DATE_RX, MONTH_YEAR):
        for m in rx.finditer(sentence):
            if not any(a <= m.start() < b for a, b in taken):
                yield m.group(0).strip(), "date", heading, None
                taken.append(m.span())
                found += 1
    for m in ranges:
        if not any(a <= m.start() < b for a, b in taken):
            yield m.group(0), "date", heading, None
            found += 1
        taken.append(m.span())
    taken += [m.span() for m in DURATION_RX.finditer(sentence)]  # "14 dage": a time, not a count
    counted = COUNTED.search(sentence)
    subject = phrase_after(counted.group("what")) if counted else ""
    for m in RANGE.finditer(sentence):
        if not any(a <= m.start() < b for a, b in taken):
            yield m.group(0), "count", phrase_after(sentence[m.end() :]) or subject or heading, period
            taken.append(m.span())
            found += 1
    bare = masked(sentence, taken)
    # a year is masked unless a noun follows it ("2058 påtaleunnlatelser" is a count)
    years = [
        m.span()
        for m in YEAR_RX.finditer(bare)
        if PERIOD_YEAR.match(sentence, max(0, m.start() - 8))
        or not counts_something(bare[m.end() :])
        or re.search(r"(?:\bi|\bin|fra|siden|since|til|to|for|år|året)\s+$", sentence[: m.start()], re.I)
    ]
    bare = masked(bare, years)
    for m in NUMBER_RX.finditer(bare):
        numbering = m.start() == 0 and sentence[m.end() : m.end() + 1] == "."  # "3. Forebyggelse"
        if numbering or NOT_A_FIGURE_BEFORE.search(sentence[: m.start()]):
            continue
        refers = phrase_after(sentence[m.end() :])
        # "steget fra 28.000 i 2005": what was counted stands before the figure; "2. ledd", "7 a"
        if len(refers.split(" ")[0]) < 3 or not refers[:1].islower():
            refers = subject
        if not refers:
            continue
        yield m.group(0), "count", refers, year_right_after(sentence, m.end()) or period or year_of(sentence)
        found += 1
    if lang in ("da", "nb"):
        for m in WORD_NUMBER.finditer(bare):
            yield m.group(0), "count", phrase_after(sentence[m.end() :]), period or year_of(sentence)
            found += 1
    if not found and (m := EVENT_YEAR.search(sentence)):
        yield m.group(1), "date", heading, None


def year_right_after(sentence: str, end: int) -> str | None:
    """The year written right after a figure ("276 i 2009")."""
    m = PERIOD_YEAR.match(sentence, end + 1) if sentence[end : end + 1] == " " else None
    return m.group(1) if m else None


def counts_something(after: str) -> bool:
    """Whether the words after a number name what it counts ("2058 påtaleunnlatelser")."""
    m = WORD.match(after.lstrip())
    return bool(m) and m.group(0)[:1].islower() and len(m.group(0)) >= 4 and m.group(0).lower() not in STOP


def document_figures(chunks: list[Chunk]) -> list[Found]:
    """The figures of a document's passages, in document order, each distinct one once."""
    out: list[Found] = []
    seen: set[tuple[str, str, str, str]] = set()
    carried: str | None = None
    previous_section: str | None = None
    for chunk in chunks:
        if chunk.section != previous_section:  # the chunker saw a new section start here
            carried = None
        previous_section = chunk.section
        for a, b in passage_sentences(chunk.text):
            sentence = chunk.text[a:b]
            if (
                not any(ch.isdigit() for ch in sentence)
                and not WORD_NUMBER.search(sentence)
                or FOOTNOTE.match(sentence)
            ):
                continue
            heading = heading_before(chunk, a, carried)
            for value, kind, refers, period in sentence_figures(sentence, heading, chunk.lang):
                key = (" ".join(value.split()).lower(), kind, refers.lower(), " ".join(sentence.split()).lower())
                if key in seen:
                    continue
                seen.add(key)
                out.append(Found(value, kind, refers, period, chunk, a, b))
        carried = last_heading(chunk) or carried
    return out
