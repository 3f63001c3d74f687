"""Every amount, count, percentage and date a document states, with what it refers to.

Pure functions over a document's passages. A figure's ``refers_to`` is:

* for an amount given "til X" ("afsættes 6 mio. kr. til uddannelse af …"): X, unless X is a
  word that points back ("til initiativet", "til indsatsen", "hertil"): then the heading the
  sentence stands under, which names the initiative;
* for a count or a percentage: the words that follow it ("33.000 stofmisbrugere", "12 prosent
  av sakene"), or, when none do, the heading;
* for a date, a year span ("fra 2007 til 2010", "01.04.2019 til 01.04.2021", "i 2004 og 2007") or
  a span of time ("seks måneder", "De siste 20 år"): the heading.

A year or year span in the same sentence is the figure's period. Numbers that only number
things (headings "3.", page and section references, "§ 22", footnotes) are not figures. A
figure repeated with the same words (the plan's repeated text boxes) is listed once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.extractive import (
    AGE_RX,
    CODE_NUMBER,
    DATE_RX,
    DURATION_RX,
    NORDIC_NUMBER_WORDS,
    PERCENT_RX,
    PERIOD_YEAR,
    SMALL_NUMBERS,
    YEAR_RANGE_RX,
    YEAR_RX,
    money_spans,
)
from retrieval.chunking import passage_sentences
from retrieval.cleaning import table_cells
from retrieval.headings import MONTH_YEAR, is_heading
from retrieval.lexicon import looks_english
from retrieval.types import Chunk

NUMBER_RX = re.compile(
    r"(?<![\w§.,])\d{1,3}(?:[. ]\d{3})+(?![\d/)\-–])|(?<![\w§.,/-])\d+(?:,\d+)?(?![\d.,]?\d)(?![/)\-–])"
    r"|(?<=\((?:av|af|of) )\d+(?=\))"  # "152 saksforhold (av 557)"
)
# a figure that is a part of others: "42 av disse", "200 (av 807)", or the whole of one: "(av 557)"
PART_OF = re.compile(r"\s*\(?(?:av|af|of)\s+(?:disse|dem|these|them|\d)|\)", re.I)
# words after which a four-digit number is a year: "i 2011", "vinteren 2021", "med udgangen af 2011"
TIME_BEFORE = re.compile(
    r"(?:\bi|\bin|fra|siden|since|til|to|for|år|året|vinter(?:en)?|vår(?:en)?|sommer(?:en)?|høst(?:en)?|"
    r"forår(?:et)?|efterår(?:et)?|halvår(?:et)?|kvartal(?:et)?|udgangen af|utgangen av|løpet av|løbet af|"
    r"end of|during)\s+$"
    # a half-year written with "af" ("i første halvår af 2010"), and a year named beside a year
    # ("satspuljeaftalerne for 2004 og 2006", "2019, 2020 og 2021")
    r"|\bhalvår(?:et)?\s+(?:af|av)\s+$"
    r"|\b(?:19|20)\d\d\s*(?:,|og|and)\s+$",
    re.I,
)
# a capitalised name right before a year: "Ungdata 2018"
NAMED_YEAR = re.compile(r"\b[A-ZÆØÅ][^\W\d_]{2,}\.?\s+$")
# "antallet af narkotikarelaterede dødsfald … steget fra 239 i 2008 til 276": what is counted
COUNTED = re.compile(
    r"\b(?:antal(?:let)?|antall(?:et)?|the\s+number|number|tallet\s+på|andel(?:en)?)\s+(?:(?:af|av|of|på)\s+)?"
    r"(?P<what>[^\d,.;:()]+)",
    re.I,
)
# a span between two years or dates, or two years: "fra 2007 til 2010", "01.04.2019 til 01.04.2021",
# "i 2004 og 2007" (a dash between two years is YEAR_RANGE_RX's)
_WHEN = r"(?:\d{1,2}\.\s?\d{1,2}\.\s?)?(?:19|20)\d\d\b"
TIME_SPAN = re.compile(
    rf"\b(?:(?:fra|from|mellom|mellem|between)\s+{_WHEN}\s+(?:til|to|og|and)|{_WHEN}\s+(?:til|to))\s+{_WHEN}"
    rf"|(?<=\bi\s)(?:19|20)\d\d\s+og\s+(?:19|20)\d\d\b",
    re.I,
)
# a time the sentence dates an event by, as a phrase: "i løpet av 2018", "med udgangen af 2011",
# "vinteren 2021"
TIME_OF_YEAR = re.compile(
    r"\b(?:i løpet av|i løbet af|(?:med |ved )?udgangen af|(?:ved )?utgangen av|by the end of|"
    r"during|innen|inden|(?:vinter|vår|sommer|høst)en|(?:forår|efterår)et|(?:første|andet|annet) halvår(?: af| av)?)"
    r"\s+(?:19|20)\d\d\b",
    re.I,
)
# a span of years is a time only after words that say so ("de siste 20 år", "i 10 år"); "28 år" alone
# is mostly an age
YEARS_SPAN_BEFORE = re.compile(r"\b(?:siste|seneste|sidste|last|past|første|first|i|på|in|for)\s+$", re.I)
# a reference line of a footnote: "Bjørn Engstrøm, …, 5 utg. 2012 s. 511."
REFERENCE = re.compile(r"\bs\.\s?\d|\butg\.|\bpp?\.\s?\d|\bISBN\b|https?://|www\.", re.I)
# "1.000-1.500 personer"
RANGE = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})*\s?[-–]\s?\d{1,3}(?:\.\d{3})*(?=\s+[^\W\d_]{3,})")
# a day of a month without its year: "31. oktober", "1. mai"
DAY_MONTH = re.compile(
    r"\b\d{1,2}\.\s?(?:januar|februar|marts|mars|april|maj|mai|juni|juli|august|september|oktober|november|"
    r"desember|december)\b",
    re.I,
)
# a decade or a century: "1950-årene", "på 1800-tallet", "i 1990'erne"
DECADE = re.compile(r"\b(?:1\d|20)\d0(?:-tallet|-årene|-talet|['’]erne|-erne)(?!\w)", re.I)
# a person's age as the text states it: "30-åringen", "36-åringen", "elleve år gammel"
PERSON_AGE = re.compile(
    rf"\b\d{{1,3}}-åring(?:en|er|ene)?\b|(?:\b\d{{1,3}}|(?<!\w){SMALL_NUMBERS}|\belleve)\s+år\s+gam(?:mel|le)\b", re.I
)
# a count written as a word before what it counts: "to OL-gull", "tre selvmordsforsøk"
COUNT_WORD = re.compile(rf"(?<!\w){SMALL_NUMBERS}(?=\s+(?P<noun>[^\W\d_]{{2,}}-[^\W\d_]+|[^\W\d_]{{3,}})\b)", re.I)
# a year before 1900 ("i 1309"), and an ordinal ("41. slalåmseier", "5.-plass")
OLD_YEAR = re.compile(r"\b1[0-8]\d\d\b")
ORDINAL = re.compile(r"\.(?:-|\s+[a-zæøå])")
# a sentence that dates an event: "Projekterne er igangsat i 2008", "Siden 2014 har …"
EVENT_YEAR = re.compile(
    r"\b(?:i|siden|fra|in|since|from|til|inntil|indtil|until|innen|inden|by|før|before|etter|efter|after|år|året)"
    r"\s+((?:1[0-9]|20)\d\d)\b(?!\s?[-–])"
    r"|(?<=\()((?:1[5-9]|20)\d\d)(?=\))",  # the year of a work named before it: "«Supervention» (2013)"
    re.I,
)
# a footnote's number: "6 Samordning av …", "5 Ungdata 2018 s. 102-105.", "12 Lundeberg, I og …"
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
ROW_YEARS = re.compile(r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?")  # a table cell that is a period
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


def row_period(cells: list[str]) -> str | None:
    """A table row's cell that is a year or a span of years ("2024", "2025–2027"): the period of
    the row's other figures."""
    return next((c for c in cells if ROW_YEARS.fullmatch(c)), None)


def row_label(cells: list[str]) -> str | None:
    """What a table row's figures are of: its first cell without a digit ("Lys langs skoleveiene |
    3,5 mill. kr | 2024")."""
    return next((c for c in cells if c and not any(ch.isdigit() for ch in c)), None)


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
    """(value, kind, refers_to, period) for every figure of one sentence, then the years it dates
    events by ("I 2008 deltok … og … i 2009") that are not already a figure's value or period ("276
    i 2009": 2009 is the period of 276)."""
    found = list(_figures(sentence, heading, lang))
    yield from found
    covered = " ".join(f"{value} {period or ''}" for value, _, _, period in found)
    for m in EVENT_YEAR.finditer(sentence):
        year = m.group(1) or m.group(2)
        if year not in covered:
            yield year, "date", heading, None
            covered += " " + year


def _figures(sentence: str, heading: str, lang: str) -> Iterator[tuple[str, str, str, str | None]]:
    ranges = [m for m in YEAR_RANGE_RX.finditer(sentence)]
    spans = [m.group(0) for m in TIME_SPAN.finditer(sentence) if not DATE_RX.search(m.group(0))]
    # the sentence's span of years: "i 2011-2014", "i 2008 og 2009", "fra 2005 til 2009"
    period = (
        ranges[0].group(0)
        if ranges
        else re.sub(r"^(?:fra|from|mellom|mellem|between)\s+", "", spans[0])
        if spans
        else None
    )
    taken: list[tuple[int, int]] = []
    found = 0
    for a, b in money_spans(sentence):  # with its currency, or its scale word in a sentence about money
        value = re.sub(r"^(?:i alt|ca\.|cirka|omkring|knap|godt)\s+", "", sentence[a:b].strip(), flags=re.I)
        yield value, "money", target_of(sentence, b, heading), period or year_of(sentence)
        taken.append((a, b))
        found += 1
    for m in PERCENT_RX.finditer(sentence):
        # "55 % av alle saker": the share is of what follows "av"
        refers = phrase_after(re.sub(r"^\s*(?:av|af|of)\s+", " ", sentence[m.end() :])) or heading
        yield m.group(0).strip(), "percent", refers, period or year_of(sentence)
        taken.append(m.span())
        found += 1
    for rx in (TIME_SPAN, DATE_RX, MONTH_YEAR, DAY_MONTH, DECADE, PERSON_AGE):
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
    # "under 18 år", "15-årige", "unge under 25": an age
    ages = [m.span() for m in AGE_RX.finditer(sentence) if re.search(r"[^\W\d_]\s*\d|årige", m.group(0))]
    for m in DURATION_RX.finditer(sentence):  # "14 dage", "seks måneder": a span of time, not a count
        article = m.group(0).split()[0].lower() in ("en", "et", "ett")  # "et år": no figure
        age = m.group(0).split()[-1].lower() in ("år", "years") and not YEARS_SPAN_BEFORE.search(sentence[: m.start()])
        if not article and not age and not any(a < m.end() and m.start() < b for a, b in taken + ages):
            yield m.group(0), "date", heading, None
            found += 1
        taken.append(m.span())
    taken += ages  # "under 18 år": an age, not a count
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
        or TIME_BEFORE.search(sentence[: m.start()])
        or NAMED_YEAR.search(sentence[: m.start()])  # "Ungdata 2018", "Meld. St. 2018": a year of a name
    ]
    # an older year is a year after a word of time when no noun follows it ("i 1309, men"; "i 1434
    # saker" is a count)
    years += [
        m.span()
        for m in OLD_YEAR.finditer(bare)
        if TIME_BEFORE.search(sentence[: m.start()]) and not counts_something(bare[m.end() :])
    ]
    bare = masked(bare, years)
    for m in NUMBER_RX.finditer(bare):
        numbering = m.start() == 0 and sentence[m.end() : m.end() + 1] == "."  # "3. Forebyggelse"
        ordinal = ORDINAL.match(sentence, m.end())  # "sin 41. seier", "på 5.-plass": a rank, not a count
        code = CODE_NUMBER.fullmatch(m.group(0))  # "kodet som 0701": a code
        if numbering or ordinal or code or NOT_A_FIGURE_BEFORE.search(sentence[: m.start()]):
            continue
        refers = phrase_after(sentence[m.end() :])
        # "steget fra 28.000 i 2005": what was counted stands before the figure; "2. ledd", "7 a"
        if len(refers.split(" ")[0]) < 3 or not refers[:1].islower():
            refers = subject
        if not refers and PART_OF.match(sentence, m.end()):  # "42 av disse", "200 (av 807)", "(av 557)"
            refers = counted_before(sentence, m.start()) or heading
        if not refers:
            continue
        yield m.group(0), "count", refers, year_right_after(sentence, m.end()) or period or year_of(sentence)
        found += 1
    # not in an English sentence of the document ("According to the …")
    words = [w for w in WORD.findall(sentence.lower()) if w not in NORDIC_NUMBER_WORDS]
    if lang in ("da", "nb") and not looks_english(words):
        for m in COUNT_WORD.finditer(bare):
            if m.group("noun").lower() in STOP:
                continue
            yield m.group(0), "count", phrase_after(sentence[m.end() :]), period or year_of(sentence)
            found += 1
    if not found and (m := TIME_OF_YEAR.search(sentence)):
        yield re.sub(r"^(?:med|ved)\s+", "", m.group(0), flags=re.I), "date", heading, None


def counted_before(sentence: str, start: int) -> str:
    """What the figure before a partitive one counts: "152 saksforhold (av 557)" -> "saksforhold"."""
    before = [m for m in NUMBER_RX.finditer(sentence[:start]) if not YEAR_RX.fullmatch(m.group(0))]
    return phrase_after(sentence[before[-1].end() : start]) if before else ""


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
            if not any(ch.isdigit() for ch in sentence) and not (
                COUNT_WORD.search(sentence) or PERSON_AGE.search(sentence)
            ):
                continue
            if note := FOOTNOTE.match(sentence):  # a footnote's text without its number; no reference line
                if REFERENCE.search(sentence):
                    continue
                a += note.end() - 1
                sentence = chunk.text[a:b]
            cells = table_cells(sentence)
            label = row_label(cells) if cells else None
            heading = label or heading_before(chunk, a, carried)
            for value, kind, refers, period in sentence_figures(sentence, heading, chunk.lang):
                if cells and period is None and kind != "date":
                    period = row_period(cells)
                key = (" ".join(value.split()).lower(), kind, refers.lower(), " ".join(sentence.split()).lower())
                if key in seen:
                    continue
                seen.add(key)
                out.append(Found(value, kind, refers, period, chunk, a, b))
        carried = last_heading(chunk) or carried
    return out
