"""The default answer backend: no language model, deterministic, fast.

It reads the question (:mod:`assistant.question`), scores every sentence of the
retrieved passages for how well it answers (IDF-weighted overlap with the question, the
passage's section title, the kind of figure asked for), checks the hard constraints
(a year, place or unit named in the question must be there), and either writes a short
answer that states the figure, names the document and quotes the sentence with its
citation, or refuses and shows the closest passages as related material.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.citations import make_citation
from assistant.compare.stance import clause_around
from assistant.followup import counts_year, year_shifts
from assistant.models import Answer, Citation, Lang
from assistant.question import LENGTH_Q, UNITS, QuestionInfo, main_clause, measure_word, names_place
from assistant.templates import phrase
from retrieval.chunking import passage_sentences
from retrieval.index import Index
from retrieval.lexicon import translations_of
from retrieval.stopwords import is_stopword
from retrieval.tokenization import analyze
from retrieval.types import Chunk, Hit

# small counts in words, in Danish and Norwegian text: "to screeningsprojekter", "Tre projekter"
# ("to screenings- og udredningsprojekter": the first of two joined words)
SMALL_NUMBER_WORDS = ("to", "tre", "fire", "fem", "seks", "syv", "sju", "otte", "åtte", "ni", "ti", "elleve", "tolv")
SMALL_NUMBERS = f"(?:{'|'.join(SMALL_NUMBER_WORDS)})"
# a scale word of an amount, and its count in words, as news texts write them ("én million kroner",
# "fem mio. kr.", "koster seks milliarder")
SCALE_WORDS = r"(?:millioner|million|milliarder|milliard|billion|mill\.|mio\.|mia\.|mrd\.?)"
SCALE_COUNT = rf"(?<!\w)(?:en|én|ett|et|{SMALL_NUMBERS}|femten|tjue|tyve|hundre|hundrede|halvannen|halvanden)"
MONEY_RX = re.compile(  # "800 000 kroner" whole: thousands apart by a space, as Norwegian writes them
    r"(?:i alt |ca\. |cirka |omkring |knap |godt )?"
    rf"(?:\d{{1,3}}(?:[ \u00a0]\d{{3}})+(?:,\d+)?|\d[\d.,]*|{SCALE_COUNT}(?=\s+{SCALE_WORDS}))"
    rf"(?:\s?{SCALE_WORDS})?"
    # the currency, perhaps with its country ("2.890 norske kroner", "45 svenske kronor")
    r"\s?(?:(?:norske|danske|svenske|islandske|færøske)\s)?"
    r"(?:kr\.|kroner|kronor|kr\b|NOK\b|DKK\b|SEK\b|euros|euro|EUR\b|GBP\b|€|dollars|dollar|USD\b|\$|pounds|pund|£)"
    # the currency first, as English and international texts write it: "£780 million", "$2.5bn",
    # "EUR 40 mio.", "kr. 2.500"
    r"|(?:£|\$|€|\b(?:USD|EUR|GBP|NOK|DKK|SEK)\s?|\bkr\.\s?)\d[\d.,]*(?:[ \u00a0]\d{3})*"
    r"(?:\s?(?:mio\.|mia\.|mill\.|millioner|milliarder|million|billion|bn\b|m\b))?",
    re.I,
)
# "41 pct." is how Danish writes a share, "41 pst." how Norwegian abbreviates it (in lower case: "PST"
# is the police security service)
SHARE_WORDS = r"prosent|procent|percent|per[ \u00a0]cent\b|promille|(?-i:pct|pst)\b\.?"
PERCENT_RX = re.compile(rf"\d+(?:[.,]\d+)?\s?(?:%|{SHARE_WORDS})", re.I)
# shares written in words: "hver fjerde", "halvparten", "en tredjedel", "one in four"
FRACTION_RX = re.compile(
    r"\b(?:(?:hver|hvert|every|one in|en av|en af|én af|én av)\s+(?:anden|annen|andre|tredje|fjerde|femte|"
    r"sjette|tiende|two|three|four|five|ten|\d+)|halvdelen|halvparten|halvpart|flertallet|majority|half|"
    r"(?:en|et|one|a)\s+(?:tredjedel|fjerdedel|femtedel|third|quarter|fifth))\b",
    re.I,
)
YEAR_RANGE_RX = re.compile(r"\b(?:19|20)\d\d\s?[-–]\s?(?:19|20)?\d\d\b")
YEAR_RX = re.compile(r"\b(?:19|20)\d\d\b")
# a year a sentence dates its figures by: "i 2017", "in 2009", "for 2011" (not any four digits)
PERIOD_YEAR = re.compile(r"\b(?:i|in|for|år|året|from|fra|til|to|by|pr\.?)\s+((?:19|20)\d\d)\b", re.I)
MONTHS_NORDIC = "januar|februar|marts|mars|april|maj|mai|juni|juli|august|september|oktober|november|desember|december"
# English month names only capitalised, as English writes them ("may 2020" is no month)
MONTHS_EN = "(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE_RX = re.compile(
    r"\b\d{1,2}\.\s?(?:\d{1,2}\.\s?\d{4}|(?:jan|feb|mar|apr|maj|mai|jun|jul|aug|sep|okt|nov|dec|des)\w*\s+\d{4})"
    # as English writes a date: "13 January 2025", "13th of January 2025", "January 13, 2025"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS_EN}\s+\d{{4}}\b"
    rf"|\b{MONTHS_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    # a month and its year: "September 2023", "i maj 2010" (more than the year alone)
    rf"|\b(?:{MONTHS_EN}|{MONTHS_NORDIC})\s+(?:19|20)\d\d\b",
    re.I,
)
AGE_RX = re.compile(
    r"(?:under|over|mellom|mellem|fra)?\s?\d{1,3}(?:\s?(?:[-–]|og|til)\s?\d{1,2})?\s?(?:-?årige|år)\b"
    r"|\b(?:barn|børn|unge|ungdom|ungdommer|children|young people)\s+(?:under|over|mellom|mellem)\s+\d{1,2}"
    r"(?:\s?(?:[-–]|og|til)\s?\d{1,2})?\b"
    # as English states an age: "43 years old", "a 43-year-old", "aged 43", "the average age was 43 years",
    # "the average age of clients was 41" (the headline keeps its figure, ``age_spans``), and after a
    # name between commas, as news writes it ("Council leader Ruth Okafor, 52, said")
    r"|\b\d{1,3}[- ]years?[- ]old\b"
    r"|\b(?:aged|ages?\s+(?:of\s+(?:[^\W\d_]+\s+){1,4}?)?(?:was|is|were|of|at))\s+(?:about\s+|around\s+)?\d{1,3}"
    r"(?:\s?(?:[-–]|to|and)\s?\d{1,3})?(?:\s+years)?\b"
    r"|(?<=[a-zæøåé], )\d{1,2}(?=,\s)",
    re.I,
)
# the units a span of time is counted in, and their genitives ("8 års fængsel", "tre ukers frist")
TIME_UNITS = (
    r"(?:år|års|måneder|måneders|uger|ugers|uker|ukers|dage|dages|dager|døgn|døgns|timer|timers|"
    r"minutter|minutters|sekunder|years|months|weeks|days|hours|minutes|seconds)"
)
# English counts in words, two to twelve ("extended by two years", "three changes")
EN_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
EN_NUMBERS = f"(?:{'|'.join(EN_NUMBER_WORDS)})"
DURATION_RX = re.compile(
    rf"\b(?:\d+|en|et|ett|to|tre|fire|fem|seks|syv|sju|otte|åtte|ni|ti|tolv|{EN_NUMBERS})\s+{TIME_UNITS}\b"
    r"|\bone\s+(?:year|month|week|day|hour|minute)\b|\b(?:an|half an)\s+hour\b"
    # one hour or minute, half of one, one and a half ("en time", "en halv time", "halvannen år")
    r"|\b(?:en|én|ei|ett|et)\s+(?:halv\s+)?(?:time|minutt|minut)\b"
    r"|\b(?:halvannen|halvanden)\s+(?:time|minutt|minut|år|måned|uke|uge|døgn)\b"
    # a span of time as a word's first part: "vår 112-årige historie", "10-årsperioden", "a 12-year career"
    r"|\b\d+-(?:årig\w*|års\w*|(?:year|month|week|day)s?\b(?!-old))",
    re.I,
)
# an amount whose currency the text leaves out, as news texts do ("koster seks milliarder", "158
# millioner i innbetalt skatt"): a figure with its scale word, followed by no noun (that would be
# what it counts: "18 millioner følgere") and standing in a sentence about money (``MONEY_WORDS_RX``;
# without it: "mellom 7 og 10 millioner.", "7,26 millioner, hvor …", deaths and people)
SCALE_AMOUNT_RX = re.compile(
    rf"(?:\b\d[\d.,]*|{SCALE_COUNT})\s+{SCALE_WORDS}"
    r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:i|til|på|for|fra|per|pr|om|og|eller|med|in|to|from|and|or|a|each)\b)",
    re.I,
)
MONEY_WORDS_RX = re.compile(
    r"\b(?:kost\w*|pris\w*|betal\w*|skatt\w*|skat|formue\w*|bevilg\w*|budsjett\w*|budget\w*|invest\w*|"
    r"beløp\w*|beløb\w*|penger|penge|midler|tilskudd\w*|tilskud\w*|lønn\w*|løn|inntekt\w*|indtægt\w*|"
    r"omsetning\w*|omsætning\w*|overskudd?\w*|underskudd?\w*|gjeld\w*|gæld\w*|cost\w*|price\w*|paid|pay\w*|"
    r"fund\w*|spen[dt]\w*|worth|revenue\w*|tax\w*)\b",
    re.I,
)


def money_spans(sentence: str) -> list[tuple[int, int]]:
    """Where ``sentence`` states an amount of money: with its currency (``MONEY_RX``), or, in a
    sentence about money, a figure with its scale word (``SCALE_AMOUNT_RX``)."""
    spans = [m.span() for m in MONEY_RX.finditer(sentence)]
    if MONEY_WORDS_RX.search(sentence):
        bare = [m.span() for m in SCALE_AMOUNT_RX.finditer(sentence)]
        spans += [(c, d) for c, d in bare if not any(a < d and c < b for a, b in spans)]
    return sorted(spans)


WORD_NUMBER = re.compile(
    rf"(?<!\w){SMALL_NUMBERS}(?=\s+[^\W\d_]{{3,}}(?:(?:er|e)\b|-\s))"
    # English: before a plural noun, perhaps after a word or two ("seven crew members", "seven new outreach clinics")
    rf"|(?<!\w){EN_NUMBERS}(?=(?:\s+[^\W\d_]+){{0,2}}?\s+[^\W\d_]{{2,}}s\b)",
    re.I,
)
# a count that is a part of a whole: "To av landets 12 politidistrikt", "42 af de 120 kommuner"
PART_OF_WHOLE = re.compile(
    rf"(?P<part>\b\d[\d.,]*|(?<!\w){SMALL_NUMBERS}|\b{EN_NUMBERS})"
    r"\s+(?:av|af|of)\s+(?:[^\W\d_]+\s+){0,2}?(?P<whole>\d[\d.,]*)(?!\s*%)",
    re.I,
)
# numbers that count nothing: a date, a century or a decade ("1800-tallet", "70-tallet"), a time of
# day ("16.15-tiden", "kl. 03.00"), an ordinal ("det 21. århundre", "sin 16. scoring"), a reference
CLOCK_RX = re.compile(r"\b(?:kl\.?|klokken|klokka)\s?\d{1,2}(?:[.:]\d{2})?\b|\b(?:[01]?\d|2[0-3])[.:][0-5]\d\b", re.I)
# a place in a text: a page, a line, a chapter, a point ("s. 1", "linje 77–95", "kapittel 3")
REFERENCE_RX = re.compile(
    r"\b(?:s\.|p\.|pp\.|side|sider|sidene|page|pages|linje|linjer|linjene|line|lines|kap\.|kapittel|kapitel|"
    r"chapter|punkt|point)\s?\d+(?:\s?[-–]\s?\d+)?\b",
    re.I,
)
ORDINAL_RX = re.compile(r"\b\d{1,3}\.(?=\s+(?:og\s+|and\s+|til\s+)?[a-zæøå])")
# "how many days / hvor mange dager": the count is a span of time ("i 10 dager")
TIME_COUNTED = re.compile(rf"(?i)\b(?:how\s+many|hvor\s+mange)\s+(?:\w+\s+)?{TIME_UNITS}\b")
# a figure's year right after it: "28.000 i 2005", "276 in 2009"
YEAR_AFTER = re.compile(r"\s+(?:i|in|år|year)\s+((?:19|20)\d\d)\b", re.I)
# what is not a count: a list's point number at the start ("1.Mengde …", "b) Åpne russcener"),
# a code written with a leading zero ("kode 0701"), a law's section ("straffeloven § 231")
POINT_NUMBER = re.compile(r"^\W*(?:\d{1,2}|[a-zA-Z])[.)](?=\s*[^\W\d_])")
# a footnote's number opening its text ("17 Kapasitetsundersøkelsen omfatter …", "1 Vedtaket ble
# gjort med 31 mot 14 stemmer"): no count ("Hvor mange stemte for?" was answered "1, 31, 14")
NOTE_NUMBER = re.compile(r"^\W*\d{1,3}\s+(?=[A-ZÆØÅ][a-zæøå])")
CODE_NUMBER = re.compile(r"(?<![\d.,])(?<!\d\s)0\d+\b|§+\s*\d+(?:\s*(?:og|and|,)\s*(?:§+\s*)?\d+)*")
# numbers that count nothing where a sentence writes them: a list's point number, a footnote's
# number, a code or a law's section ("kodet som 0701" answers no "how many")
NOT_COUNTED_HERE = (POINT_NUMBER, NOTE_NUMBER, CODE_NUMBER)
# a magnitude: a figure and its unit ("1 320 meter", "93 bar", "5–9 °C", "25 meter per sekund")
MEASURE_FIGURE_RX = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?\s?"
    r"(?:kilometer|kilometre|km/t|km/h|km²|km2|km|meter per sekund|meters?|metres?|m/s|m²|m|centimeter|cm|millimeter|"
    r"mm|mil|fot|feet|ft|grader|grad|degrees|°C|°F|°|kelvin|K|bar|kilo|kg|gram|g|tonn|tonnes|tons|TWh|GWh|MW|kW|"
    r"kvadratkilometer|dekar|mål|hektar|hectares|liter|litres|knop|knots|sekunder|seconds|prosent|procent|percent|"
    r"per cent|%)"
    r"(?![\w])",
    re.I,
)
MEASURE_NEAR = 20  # characters between a figure and the magnitude's word for it to state it
WORD_RX = re.compile(r"[^\W\d_]{4,}")
NUMBER_RX = re.compile(r"\b\d[\d.,]*(?:\s\d{3})*\b")
NAME_RX = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+(?:\s+(?:[A-ZÆØÅ][a-zæøåé]+|[A-ZÆØÅ]\.))+")
NUMERIC_KINDS = ("money", "count", "percent", "age", "date", "duration")
# a decade written with its century ("2000-tallet", "1970'erne", "the 1990s"): not the year 2000
CENTURY_DECADE_RX = re.compile(r"\b(?:1\d|20)\d0(?:-?tallet|-?årene|'?erne|'?s)\b", re.I)
DECADE_RX = re.compile(r"\b\d0(?:-|\s)(?:til|to|og|and|–|-)?\s?\d0-?(?:tallet|erne|s)\b|\b\d0-(?:tallet|erne)\b", re.I)
# the numbers that count nothing (above), for the headline's count spans and the reader's count signal alike
NOT_COUNTS = (DATE_RX, CENTURY_DECADE_RX, DECADE_RX, CLOCK_RX, ORDINAL_RX, REFERENCE_RX)
SENTENCE_ENDS = (".", "!", "?", ":", ";", "”", '"', "»", ")", "’")
SIGNED_RX = re.compile(r"\b(signed|signert|signerte|underskrev\w*|undertegn\w*|skrevet under|skrev under)\b", re.I)
# "Who wrote the action plan?", "Hvem står bak innspillet fra KFK?": who is behind a document the
# question names is answered by its signatures, as "who signed it" is
AUTHORED_RX = re.compile(
    r"\b(?:wrote|written|authored|is behind|are behind|står bak|står bag|stod bak|stod bag|skrevet|skrev|"
    r"skreiv|forfattet|utarbeidet|udarbejdet|utformet|udformet)\b",
    re.I,
)


PERSON_RX = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+(?:[ -][A-ZÆØÅ][a-zæøåé]+)+\b(?:\s*\([A-ZÆØÅ]{2,6}\))?")
ANAPHOR_RX = re.compile(r"^\s*\d|\b(?:av|af|of) (?:disse|dem|these|them)\b|\b(?:heraf|herav|hvorav|hvoraf)\b", re.I)
PROPER_RX = re.compile(r"\b(?:[A-ZÆØÅ][a-zæøåé]+(?:\s+[A-ZÆØÅ][a-zæøåé]+)*|[A-ZÆØÅ]{2,})\b")
NORDIC_NUMBER_WORDS = set(SMALL_NUMBER_WORDS) | set("tyve tjue hundrede hundre tusind tusen".split())
NUMBER_WORDS = NORDIC_NUMBER_WORDS | set(EN_NUMBER_WORDS)
MAX_SIGNATURES = 4  # signature lines quoted for "who signed / wrote it"
DISSENT_START = re.compile(r"\b(?:Dissens|Mindretall(?:et)?|Mindretal(?:let)?|Minority|Dissent)\b\s*:", re.I)
DISSENT_END = re.compile(r"^\s*\*{3,}\s*$", re.M)

KIND_PATTERNS = {
    "money": MONEY_RX,
    "age": AGE_RX,
    "duration": DURATION_RX,
}
SIM_FLOOR, SIM_CEIL = 0.78, 0.90  # e5 cosine range from unrelated to near-paraphrase
MIN_CONFIDENCE = 0.5  # calibrated on evals/datasets/policy_qa.jsonl (see README)
MIN_COVERAGE = 0.1  # share of the question's weighted terms the passage must hold


@dataclass
class Candidate:
    hit: Hit
    start: int
    end: int
    text: str
    score: float
    coverage: float
    failed: list[str] = field(default_factory=list)
    dissent: bool = False
    sim: float = 0.0  # cosine of question and sentence embeddings


@dataclass
class ChunkView:
    sentences: list[tuple[int, int, set[str], np.ndarray | None]]
    passage_terms: set[str]
    context_terms: set[str]
    context_text: str
    surface: set[str]  # exact lower-case words of passage and section
    lead_terms: set[str] = field(default_factory=set)  # end of the previous passage, same section
    lead: str = ""


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD_RX.findall(text)}


class CorpusStats:
    """Document frequencies of analysed terms over all passages (for IDF weights)."""

    def __init__(self, chunks: list[Chunk], decompounder: object = None) -> None:
        self.n = len(chunks)
        self.df: Counter[str] = Counter()
        for c in chunks:
            self.df.update(set(analyze(f"{c.section or ''} {c.text}", decompounder)))  # type: ignore[arg-type]
        self._sorted: list[str] | None = None  # the terms in order, for begins(), when first asked
        self._by_shape: dict[tuple[str, int], list[str]] | None = None  # by first letter and length

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))

    def known(self, term: str) -> bool:
        return term in self.df

    def begins(self, prefix: str) -> bool:
        """Some term starts with ``prefix``: a name the corpus writes inside a compound
        ("Sudeten" in "Sudetenkrisen", "Stoltenberg" in "Stoltenberg-utvalget")."""
        if self._sorted is None:
            self._sorted = sorted(self.df)
        i = bisect.bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def one_edit_from(self, term: str) -> bool:
        """Some term is one letter away from ``term`` (one replaced, added, dropped or two swapped):
        a name misspelt ("Fossenholm" for "Fossesholm")."""
        if self._by_shape is None:  # built whole, then stored: a question on another thread never sees it half done
            by_shape: dict[tuple[str, int], list[str]] = {}
            for t in self.df:
                by_shape.setdefault((t[:1], len(t)), []).append(t)
            self._by_shape = by_shape
        n = len(term)
        return any(one_edit(term, t) for size in (n - 1, n, n + 1) for t in self._by_shape.get((term[:1], size), ()))


def one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one edit (Damerau: a swap of neighbours counts as one)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])


def dissent_ranges(chunks: list[Chunk]) -> list[tuple[int, int]]:
    """Clean-text ranges of minority/dissent blocks ("Dissens: ..." up to "***")."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for c in sorted(chunks, key=lambda c: c.clean_start):
        if start is None and (m := DISSENT_START.search(c.text)):
            start = c.clean_start + m.start()
        if start is not None and (e := DISSENT_END.search(c.text)) and c.clean_start + e.start() > start:
            ranges.append((start, c.clean_start + e.start()))
            start = None
    if start is not None:
        end = max(c.clean_end for c in chunks)
        ranges.append((start, end))
    return ranges


class ExtractiveEngine:
    def __init__(self, index: Index) -> None:
        self.index = index
        chunks = list(index.chunks.values())
        by_doc: dict[str, list[Chunk]] = {}
        for c in chunks:
            by_doc.setdefault(c.doc_id, []).append(c)
        self.dissent = {doc: r for doc, cs in by_doc.items() if (r := dissent_ranges(cs))}
        self.decompounder = index.lexical.decompounder
        self._views: dict[str, ChunkView] = {}
        self.previous: dict[str, Chunk] = {}
        self.following: dict[str, Chunk] = {}
        for a, b in zip(index.order, index.order[1:], strict=False):
            if index.chunks[a].doc_id == index.chunks[b].doc_id:
                self.previous[b] = index.chunks[a]
                self.following[a] = index.chunks[b]
        self.stats = CorpusStats(chunks, self.decompounder)
        texts = {doc: " ".join(c.text for c in cs) for doc, cs in by_doc.items()}
        self.names = {
            d.id: name_patterns(d, [t for other, t in texts.items() if other != d.id]) for d in index.info.documents
        }

    def warm(self) -> int:
        """Analyse every passage and document now instead of when a question first retrieves
        it: the first questions are then as fast as later ones (for the seeds' 280 passages,
        about half a second of work that would otherwise add ~40 ms to each early question).
        Safe while questions run: each result is computed whole, then stored. Returns the
        number of passages."""
        for chunk in self.index.chunks.values():
            self.chunk_view(chunk)
        return len(self.index.chunks)

    # ---- scoring -------------------------------------------------------------------

    def in_dissent(self, chunk: Chunk, start: int) -> bool:
        pos = chunk.clean_start + start
        return any(a <= pos < b for a, b in self.dissent.get(chunk.doc_id, []))

    def weights(self, q: QuestionInfo) -> dict[str, float]:
        out: dict[str, float] = {}
        for t in q.terms:
            if q.lang == "en" and not self.stats.known(t):
                continue  # an English word the Danish/Norwegian corpus cannot contain
            out[t] = self.stats.idf(t) * (2.0 if t in q.focus else 1.0)
        return out

    def terms(self, text: str) -> set[str]:
        return set(analyze(text, self.decompounder))

    def chunk_view(self, chunk: Chunk) -> ChunkView:
        """Sentences of a passage with their analysed terms (cached: passages do not change)."""
        view = self._views.get(chunk.chunk_id)
        if view is None:
            doc = self.index.documents.get(chunk.doc_id)
            context = f"{chunk.title} {chunk.section or ''} {doc.author if doc else ''}"
            vectors = {(a, b): v for a, b, v in self.index.sentences.of(chunk.chunk_id)}
            sentences = [
                (a, b, self.terms(chunk.text[a:b]), vectors.get((a, b))) for a, b in passage_sentences(chunk.text)
            ]
            # a passage that starts mid-topic ("Der afsættes 6 mio. kr. ... til initiativet.")
            # is read with the end of the passage before it in the same section
            before = self.previous.get(chunk.chunk_id)
            lead = ""
            if before is not None and before.section == chunk.section:
                spans = passage_sentences(before.text)
                lead = " ".join(before.text[a:b] for a, b in spans[-2:])
            view = ChunkView(
                sentences=sentences,
                passage_terms=set().union(*(t for _, _, t, _ in sentences)) if sentences else set(),
                context_terms=self.terms(context),
                context_text=" ".join(
                    [
                        chunk.text,
                        chunk.section or "",
                        chunk.title,
                        doc.description if doc else "",
                        doc.author if doc else "",
                    ]
                ).lower(),
                surface=words(f"{chunk.section or ''} {chunk.text}"),
                lead_terms=self.terms(lead),
                lead=lead,
            )
            self._views[chunk.chunk_id] = view
        return view

    def head_keys(self, q: QuestionInfo) -> list[set[str]]:
        """For each word naming the thing counted: its stem and its compound tail
        ("narkotikahunder" -> {"narkotikahund", "hund"}), kept only if the corpus knows one."""
        keys: list[set[str]] = []
        for word in q.head_words:
            terms = analyze(word, self.decompounder)
            if not terms:
                continue
            key = {terms[0], terms[-1]}
            key = {t for t in key if len(t) >= 3 and self.stats.known(t)}
            if key:
                keys.append(key)
        return keys

    def candidates(self, q: QuestionInfo, hits: list[Hit], query: str | None = None) -> list[Candidate]:
        qvec = np.asarray(self.index.query_vector(query), dtype=np.float32) if query else None
        if qvec is not None and q.own_text and q.own_text != query:
            # a follow-up is judged half by its own words, half with the subject it carries
            own = np.asarray(self.index.query_vector(q.own_text), dtype=np.float32)
            qvec = (qvec + own) / np.linalg.norm(qvec + own)
        weights = self.weights(q)
        total = sum(weights.values()) or 1.0
        head = set(q.head_terms)
        # exact words as a tie-breaker where stemming folds apart words together
        # ("indsatte" inmates vs "indsats" effort)
        q_words = {w for w in words(q.text) if not is_stopword(w)}
        out: list[Candidate] = []
        heads = self.head_keys(q)
        # "Hvem er generalsekretær i ...": a role no document ever names cannot be answered
        unknown_role = q.kind == "person" and bool(q.head_words) and not heads and q.lang != "en"
        for hit in hits:
            chunk = hit.chunk
            view = self.chunk_view(chunk)
            psg = view.passage_terms | view.context_terms | view.lead_terms
            psg_cov = sum(w for t, w in weights.items() if t in psg) / total
            surface = len(q_words & view.surface) / len(q_words) if q_words else 0.0
            prev_text, prev_terms = view.lead, view.lead_terms
            section_terms = self.terms(chunk.section or "")
            for a, b, terms, vec in view.sentences:
                sentence = chunk.text[a:b]
                if q.kind != "person" and not sentence.rstrip().endswith(SENTENCE_ENDS):
                    prev_text, prev_terms = sentence, terms
                    continue  # a long heading states no fact ("Udvikling af modelprojekter med ...")
                # the counted thing is named with its figure, or just before it ("42 av disse ...")
                near = terms | section_terms
                if ANAPHOR_RX.search(sentence):
                    near = near | prev_terms
                # the document's own name and author count for every sentence of it
                sent_cov = sum(w for t, w in weights.items() if t in terms | view.context_terms) / total
                sim = float(np.dot(qvec, vec)) if vec is not None and qvec is not None else 0.0
                dense = min(1.0, max(0.0, (sim - SIM_FLOOR) / (SIM_CEIL - SIM_FLOOR)))
                score = 0.4 * sent_cov + 0.3 * psg_cov + 0.15 * surface + 0.5 * dense
                failed = self.constraints(q, sentence, view.context_text, f"{prev_text} {chunk.section or ''}")
                if heads and q.kind in ("count", "percent", "person", "other") and not any(k & near for k in heads):
                    failed.append("head")
                named_someone = q.kind != "person" or self.names_someone(q, sentence)
                if unknown_role:
                    failed.append("head")
                if self.has_kind(q, sentence):
                    score += 0.15
                if not named_someone:
                    score -= 0.15  # "who" is often a role ("juristen i teamet"), but a name answers better
                if head and head & (terms | view.context_terms):
                    score += 0.1
                score += 0.04 / hit.rank
                dissent = self.in_dissent(chunk, a)
                if q.minority:
                    score += 0.25 if dissent else -0.1
                elif q.majority and dissent:
                    score -= 0.2
                cand = Candidate(hit, a, b, sentence, score, psg_cov, failed, dissent)
                cand.sim = sim
                out.append(cand)
                prev_text, prev_terms = sentence, terms
        out.sort(key=lambda c: -c.score)
        return out

    def names_someone(self, q: QuestionInfo, sentence: str) -> bool:
        """A name, organisation or acronym that the question does not already give."""
        asked = q.text.lower()
        for m in PROPER_RX.finditer(sentence):
            name = m.group(0)
            if m.start() == 0 and " " not in name and not name.isupper():
                continue  # an ordinary word that starts the sentence
            if name.lower() not in asked:
                return True
        return False

    def has_kind(self, q: QuestionInfo, sentence: str) -> bool:
        if q.kind in KIND_PATTERNS:
            return bool(KIND_PATTERNS[q.kind].search(sentence))
        if q.kind == "percent":
            return bool(PERCENT_RX.search(sentence) or FRACTION_RX.search(sentence))
        if q.kind == "count":
            # a year is not a count ("... i 2017" answers no "how many")
            # nor is an amount of money ("8 mio. kr." answers no "how many users")
            bare = NOTE_NUMBER.sub(" ", sentence)  # nor a footnote's number
            for rx in (MONEY_RX, YEAR_RANGE_RX, DATE_RX, AGE_RX, DURATION_RX):  # nor an age, date or period
                bare = rx.sub(" ", bare)
            counts = [n for n in NUMBER_RX.findall(bare) if not YEAR_RX.fullmatch(n) and n not in q.years]
            return bool(counts) or any(w.strip(",.") in NUMBER_WORDS for w in sentence.lower().split())
        if q.kind == "date":
            if q.period:  # a span: a range of years, or two dates or years
                points = len(DATE_RX.findall(sentence)) or len(YEAR_RX.findall(sentence))
                return bool(YEAR_RANGE_RX.search(sentence) or DECADE_RX.search(sentence) or points >= 2)
            return bool(YEAR_RX.search(sentence) or DATE_RX.search(sentence) or DECADE_RX.search(sentence))
        if q.kind == "person":
            return bool(NAME_RX.search(sentence[1:]))
        return False

    def constraints(self, q: QuestionInfo, sentence: str, context: str, before: str = "") -> list[str]:
        """Hard conditions from the question that this sentence (in its passage) does not meet.
        A figure's year may stand in the sentence before it or in the section heading."""
        numeric = q.kind in NUMERIC_KINDS
        failed = missing_years(q, sentence, before, context) + missing_places(q, context) + missing_units(q, sentence)
        for number in q.numbers:
            if number not in context:
                failed.append(number)
        if numeric and not self.has_kind(q, sentence):
            failed.append(q.kind)
        return failed

    # ---- answering -----------------------------------------------------------------

    def with_followers(self, q: QuestionInfo, hits: list[Hit]) -> list[Hit]:
        """For a figure, the passage after each of the best passages too, when it continues the
        same section: a description is often cut from its "Der afsættes ... til initiativet"."""
        if q.kind not in NUMERIC_KINDS:
            return hits
        seen = {h.chunk.chunk_id for h in hits}
        extra: list[Hit] = []
        for hit in hits[:3]:
            after = self.following.get(hit.chunk.chunk_id)
            if after is not None and after.chunk_id not in seen and after.section == hit.chunk.section:
                seen.add(after.chunk_id)
                extra.append(hit._replace(chunk=after, rank=hit.rank + 1))
        return hits + extra

    def name_spans(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` names a document (:meth:`named_documents`), as character spans."""
        return [m.span() for patterns in self.names.values() for p in patterns for m in p.finditer(text)]

    def named_documents(self, text: str) -> set[str]:
        """Documents the question names by author or title ("ifølge Blå Kors", "the police
        directorate"), and the documents whose titles hold that name too: a question naming
        "Neil Young" names the article "Neil Youngs ekskone Pegi Young er død" as well as the
        one titled "Neil Young"."""
        said = [p for patterns in self.names.values() for p in patterns if p.search(text)]
        if not said:
            return set()
        return {d.id for d in self.index.info.documents if any(p.search(d.title or "") for p in said)} | {
            doc for doc, patterns in self.names.items() if any(p in said for p in patterns)
        }

    def passages_read(self, hits: list[Hit]) -> list[Hit]:
        """The passages an answer may quote from: this engine quotes only the ones it was given."""
        return hits

    def expand_hits(
        self, q: QuestionInfo, hits: list[Hit], query: str, doc_ids: Sequence[str] | None = None
    ) -> list[Hit]:
        """The passages to read: the retrieved ones, plus the best passages of a document the
        question names (unless the user restricted the documents), plus, for a figure, the
        passage that continues a retrieved one's section."""
        named = self.named_documents(q.text)
        if named and not doc_ids and not {h.chunk.doc_id for h in hits} <= named:
            seen = {h.chunk.chunk_id for h in hits}
            extra = self.index.search(query, k=len(hits), doc_ids=sorted(named))
            extra = [h for h in extra if h.chunk.chunk_id not in seen]
            hits = hits + [h._replace(rank=len(hits) + i + 1) for i, h in enumerate(extra)]
        hits = self.with_followers(q, hits)
        if self.asks_for_signers(q, named) and hits:
            doc = next(iter(sorted(named))) if len(named) == 1 else hits[0].chunk.doc_id
            if not doc_ids or doc in doc_ids:
                block = self.signature(doc)
                if block is not None and block.chunk_id not in {h.chunk.chunk_id for h in hits}:
                    hits = hits + [Hit(block, 0.0, len(hits) + 1, None, None)]
        return hits

    @staticmethod
    def asks_for_signers(q: QuestionInfo, named: set[str]) -> bool:
        """Does ``q`` ask who signed a document, or who wrote or is behind one: a document it
        names (``named``: :meth:`named_documents`), or, in a follow-up of nothing but pronouns
        ("Hvem står bak den?", "Who wrote it?"), the one the conversation is about?"""
        if q.kind != "person":
            return False
        if SIGNED_RX.search(q.text):
            return True
        if not AUTHORED_RX.search(q.text):
            return False
        own = q.own_text if q.own_text and q.own_text != q.text else ""
        refers_back = bool(own) and all(is_stopword(w) for w in words(AUTHORED_RX.sub(" ", own)))
        return bool(named) or refers_back

    def signature(self, doc_id: str) -> Chunk | None:
        """The passage of a document that holds its signatures: the most lines that are
        nothing but people's names ("Benedikte Kiær Bertel Haarder Lars Barfoed")."""
        best, most = None, 0
        for chunk in self.index.passages(doc_id):
            lines = signature_lines(chunk.text)
            if len(lines) > most:
                best, most = chunk, len(lines)
        return best

    def answer(self, question: str, q: QuestionInfo, hits: list[Hit], query: str | None = None) -> Answer:
        """Answer from ``hits`` (give it :meth:`expand_hits`' list; citations point into it)."""
        named = self.named_documents(q.text)
        cands = self.candidates(q, hits, query or question)
        if named and named & {h.chunk.doc_id for h in hits}:
            for c in cands:
                if c.hit.chunk.doc_id not in named:
                    c.failed.append("source")
        if self.asks_for_signers(q, named):
            signed = self.signed(hits, named)
            if signed:
                return self.compose(question, q, signed)
        ok = [c for c in cands if not c.failed]
        best = ok[0] if ok else None
        if best is None or best.score < MIN_CONFIDENCE or best.coverage < MIN_COVERAGE:
            closest = cands[0] if cands else None
            return self.refusal(question, q, hits, closest)
        chosen = [best]
        if q.kind in ("stance", "other", "org") or len(best.text.split()) < 8:
            chosen += self.support(best, ok, q)
        elif q.kind in ("count", "percent") and (after := self.continuation(best, cands)) is not None:
            chosen.append(after)  # "... i 11 saker." + "4 av disse gjelder kun ..."
        return self.compose(question, q, chosen)

    def signed(self, hits: list[Hit], named: set[str]) -> list[Candidate]:
        """The signature lines of the document asked about, quoted as they stand."""
        docs = named or {hits[0].chunk.doc_id}
        for hit in hits:
            if hit.chunk.doc_id in docs and (lines := signature_lines(hit.chunk.text)):
                return [Candidate(hit, a, b, hit.chunk.text[a:b], 1.0, 1.0) for a, b in lines[:MAX_SIGNATURES]]
        return []

    def continuation(self, best: Candidate, cands: list[Candidate]) -> Candidate | None:
        """The next sentence of the same passage when it breaks the figure down ("4 av disse ...")."""
        nxt = [c for c in cands if c.hit is best.hit and c.start >= best.end]
        if not nxt:
            return None
        following = min(nxt, key=lambda c: c.start)
        gap = best.hit.chunk.text[best.end : following.start]
        return following if not gap.strip() and ANAPHOR_RX.search(following.text) else None

    def support(self, best: Candidate, ok: list[Candidate], q: QuestionInfo) -> list[Candidate]:
        """A second sentence: the one before a short "Der afsættes ... til initiativet" sentence,
        or the next best sentence of the same document for a question about a position."""
        extra: list[Candidate] = []
        if len(best.text.split()) < 8:
            prev = [c for c in ok if c.hit is best.hit and c.end <= best.start]
            if prev:
                extra.append(max(prev, key=lambda c: c.end))
        else:
            same_doc = [
                c
                for c in ok
                if c is not best
                and c.hit.chunk.doc_id == best.hit.chunk.doc_id
                and c.text != best.text
                and c.score >= 0.75 * best.score
                and c.dissent == best.dissent
            ]
            if same_doc:
                extra.append(same_doc[0])
        return extra

    def cite(self, cands: list[Candidate]) -> tuple[list[Citation], dict[int, int]]:
        """One citation per sentence quoted; markers numbered in order of use."""
        citations: list[Citation] = []
        marker_of: dict[int, int] = {}
        for i, c in enumerate(cands):
            doc = self.index.documents.get(c.hit.chunk.doc_id)
            marker = len(citations) + 1
            citations.append(
                make_citation(
                    marker,
                    c.hit,
                    c.start,
                    c.end,
                    raw_text=self.index.raw_texts.get(c.hit.chunk.doc_id),
                    author=doc.author if doc else "",
                    year=doc.year if doc else None,
                )
            )
            marker_of[i] = marker
        return citations, marker_of

    def compose(self, question: str, q: QuestionInfo, chosen: list[Candidate]) -> Answer:
        """The best sentence's document named, its quotes in the order the document has them; the
        quotes from another document (a runner-up) after them, under that document's own name: a
        sentence of one text must not read as the other's."""
        documents = list(dict.fromkeys(c.hit.chunk.doc_id for c in chosen))  # the best's first
        ordered = sorted(chosen, key=lambda c: (documents.index(c.hit.chunk.doc_id), c.hit.chunk.clean_start + c.start))
        citations, marker_of = self.cite(ordered)
        best = chosen[0]
        best_marker = marker_of[ordered.index(best)]
        chunk = best.hit.chunk
        source = self.source_of(q, chunk)
        lines: list[str] = []
        figures = key_figures(q, best.text)
        if figures:
            lines.append(f"**{figures}** — {source} [{best_marker}].")
        else:
            lines.append(f"{source[:1].upper()}{source[1:]} [{best_marker}]:")
        dissent = list(dict.fromkeys(marker_of[i] for i, c in enumerate(ordered) if c.dissent))
        if dissent and len(dissent) == len(ordered):
            lines.append(phrase(q.lang, "dissent"))
        elif dissent:  # which quotes: the note had called the majority's text around them a dissent too
            lines.append(phrase(q.lang, "dissent_some", markers=", ".join(f"[{m}]" for m in dissent)))
        elif chunk.doc_id in self.dissent and q.kind in ("stance", "other"):
            lines.append(phrase(q.lang, "majority"))
        lines.append("")
        for i, c in enumerate(ordered):
            if i and c.hit.chunk.doc_id != ordered[i - 1].hit.chunk.doc_id:
                other = self.source_of(q, c.hit.chunk)
                lines += ["", f"{other[:1].upper()}{other[1:]} [{marker_of[i]}]:"]
            lines.append(f"> “{c.text.strip()}” [{marker_of[i]}]")
        return Answer(question=question, text="\n".join(lines).strip(), citations=citations, lang=q.lang)

    def source_of(self, q: QuestionInfo, chunk: Chunk) -> str:
        """How an answer names a passage's source, in the question's language: "ifølge *title*
        (author), under «section»"."""
        source = phrase(q.lang, "source", title=chunk.title, author=author_year(self.index.documents.get(chunk.doc_id)))
        if chunk.section and chunk.section not in chunk.title:
            source += phrase(q.lang, "section", section=chunk.section)
        return source

    def refusal(self, question: str, q: QuestionInfo, hits: list[Hit], closest: Candidate | None) -> Answer:
        text = phrase(q.lang, "refusal")
        if closest and closest.failed and closest.coverage >= MIN_COVERAGE:
            missing = ", ".join(x for x in closest.failed if x not in KIND_NAMES)
            if missing:
                text += " " + phrase(q.lang, "missing", what=missing)
        related: list[Citation] = []
        seen: set[str] = set()
        # the documents the question names first ("And the Labour Party?"): material from another
        # document would read as that document's answer
        named = self.named_documents(q.text)
        for hit in sorted(hits, key=lambda h: h.chunk.doc_id not in named)[:3]:
            if hit.chunk.chunk_id in seen:
                continue
            seen.add(hit.chunk.chunk_id)
            doc = self.index.documents.get(hit.chunk.doc_id)
            related.append(
                make_citation(
                    len(related) + 1,
                    hit,
                    0,
                    len(hit.chunk.text),
                    raw_text=self.index.raw_texts.get(hit.chunk.doc_id),
                    author=doc.author if doc else "",
                    year=doc.year if doc else None,
                )
            )
        return Answer(question=question, text=text, refused=True, related=related, lang=q.lang, grounded=True)


KIND_NAMES = {
    "money",
    "count",
    "percent",
    "age",
    "date",
    "duration",
    "person",
    "org",
    "stance",
    "other",
    "head",
    "source",
}


def name_patterns(doc: object, others: Sequence[str] = ()) -> list[re.Pattern[str]]:
    """How a question may name a document: its aliases, its title, its author's name and
    the acronyms in it; acronyms match in capitals only, names also with a genitive s. A name
    written in lower case ("handlingsplanen", "the action plan") is a common noun: it names the
    document only when none of the ``others`` (the texts of the other documents) uses it too."""
    author = getattr(doc, "author", "") or ""
    names = list(getattr(doc, "aliases", []) or [])
    names.append(getattr(doc, "title", "") or "")
    names += re.findall(r"\(([A-ZÆØÅ]{2,6})\)", author)
    if not getattr(doc, "aliases", None):
        names.append(author.split(" (")[0])
    patterns: list[re.Pattern[str]] = []
    for name in {n.strip() for n in names if len(n.strip()) >= 2}:
        if name.isupper() and len(name) <= 6:
            patterns.append(re.compile(rf"\b{re.escape(name)}s?\b"))
        elif len(name) >= 5:
            pattern = re.compile(rf"\b{re.escape(name)}(?:s|ens|ets|'s|’s)?\b", re.I)
            if name[:1].islower() and any(pattern.search(text) for text in others):
                continue
            patterns.append(pattern)
    return patterns


def author_patterns(author: str) -> list[re.Pattern[str]]:
    """The author as it names itself in the text: its name before any parenthesis, and its
    first two words ("Blå Kors Norge" -> also "Blå Kors")."""
    name = author.split(" (")[0].strip()
    words = name.split()
    names = {name, " ".join(words[:2])}
    return [re.compile(rf"\b{re.escape(n)}\b", re.I) for n in sorted(names) if len(n) >= 4]


def signature_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the blocks of a passage that are only people's names (two or more capitalised
    words each, no sentence punctuation): how signatures come out of a PDF."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for block in text.split("\n\n"):
        stripped = block.strip()
        names = PERSON_RX.findall(stripped)
        rest = PERSON_RX.sub("", stripped)
        if names and not stripped.endswith((".", "?", "!", ":")) and len(re.findall(r"[a-zæøå]{3,}", rest)) <= 2:
            start = pos + block.index(stripped)
            spans.append((start, start + len(stripped)))
        pos += len(block) + 2
    return spans


def missing_years(q: QuestionInfo, sentence: str, before: str, context: str, document_year: str = "") -> list[str]:
    """Years the question names that do not stand with the answer: for a figure, in its sentence
    or the text just before it (``before``: the sentence before, the section heading); for any
    other answer, in its passage (``context``). A sentence also names a year by counting from one
    it names ("87,4 mio. kr. i 2023 mod 92,1 mio. kr. året før": 2022) or, in a document dated by one
    year (``document_year``: an annual report's), by "this year" or "last year" ("Ved årets udgang
    var 6.840 husstande tilsluttet")."""
    where_figure = f"{before} {sentence}"
    implied: set[str] | None = None  # read only when a year is not written out
    failed: list[str] = []
    for year in q.years:
        where = where_figure if q.kind in NUMERIC_KINDS else context
        if q.kind in NUMERIC_KINDS and dated_otherwise(sentence, year):
            # a figure whose own sentence dates it by another year is that year's ("I 2017 var det 152
            # …" after "Tilsvarende tall for 2018 var …" is no figure of 2018)
            where = sentence
        if year in where or year_in_range(year, where):
            continue
        if implied is None:
            implied = relative_years(sentence, document_year)
        if year in implied:
            continue
        # a decade or a century is met by any of its years ("på 1920-tallet": "fra 1925")
        if year in q.decades and re.search(rf"\b{q.decades[year]}\d{{{4 - len(q.decades[year])}}}\b", where):
            continue
        # an event a follow-up dates from the last turn's year, dated so by the text too ("… i
        # 2003. … året etter."); not a figure: "en økning fra året før" compares with that year
        if q.kind not in NUMERIC_KINDS and year in q.shifted and counts_year(where, q.shifted[year], year):
            continue
        failed.append(year)
    return failed


# "this year" as a dated document says it, and "last year"
THIS_YEAR = re.compile(
    r"(?i)\b(?:årets|i\s+år|dette\s+år|this\s+year|(?:ved|at|by)\s+(?:udgangen\s+af|utgangen\s+av|slutten\s+av|"
    r"slutningen\s+af|the\s+end\s+of)\s+(?:året|the\s+year)|i\s+løpet\s+av\s+året|i\s+løbet\s+af\s+året|"
    r"during\s+the\s+year|year[- ]end)\b"
)
LAST_YEAR = re.compile(r"(?i)\b(?:i\s+fjor|ifjor|sidste\s+år|last\s+year|fjorårets|sidste\s+års)\b")


def relative_years(sentence: str, document_year: str = "") -> set[str]:
    """The years ``sentence`` names by counting: from a year it names ("i 2023 mod … året før":
    2022, "tre år senere"), or from its document's year ("Ved årets udgang", "i fjor")."""
    found: set[str] = set()
    shifts = year_shifts(sentence)
    for base in set(YEAR_RX.findall(sentence)) if shifts else ():
        found |= {str(int(base) + k) for k in shifts if counts_year(sentence, base, str(int(base) + k))}
    if document_year and THIS_YEAR.search(sentence):
        found.add(document_year)
    if document_year and LAST_YEAR.search(sentence):  # not "året før": that counts from the sentence's time
        found.add(str(int(document_year) - 1))
    return found


def dated_otherwise(sentence: str, year: str) -> bool:
    """Whether ``sentence`` dates itself by a year (``PERIOD_YEAR``: "I 2017 var det …", not "2058
    påtaleunnlatelser"), but neither by ``year`` nor by a span of years holding it."""
    return bool(PERIOD_YEAR.search(sentence)) and year not in sentence and not year_in_range(year, sentence)


def missing_places(q: QuestionInfo, context: str) -> list[str]:
    """Places the question names that ``context`` (lower case) does not name (:func:`names_place`)."""
    words = set(re.findall(r"[\w€%]+", context))
    return [sorted(group)[0].capitalize() for group in q.places if not names_place(group, words)]


def missing_units(q: QuestionInfo, sentence: str) -> list[str]:
    """Units the question names (kroner, percent, gram …) that the sentence does not state. A unit
    written as a word stands apart ("12 prosent", not "prosentandel"); a sign is read where it is,
    also against its figure ("24%", "€350,000")."""
    lower = sentence.lower()
    failed: list[str] = []
    for unit in q.units:
        if unit == "percent" and FRACTION_RX.search(sentence):
            continue
        if not any(stated(u, lower) for u in UNITS[unit]):
            failed.append(unit)
    return failed


def stated(unit: str, lower: str) -> bool:
    """Whether lower-case ``lower`` states ``unit``: a sign anywhere, a word standing apart."""
    if not any(ch.isalnum() for ch in unit):
        return unit in lower
    return re.search(rf"(?<!\w){re.escape(unit)}(?!\w)", lower) is not None


def year_in_range(year: str, text: str) -> bool:
    for m in YEAR_RANGE_RX.finditer(text):
        a, b = re.split(r"\s?[-–]\s?", m.group(0))
        b = b if len(b) == 4 else a[:2] + b
        if int(a) <= int(year) <= int(b):
            return True
    return False


def author_year(doc: object) -> str:
    if doc is None:
        return ""
    author = getattr(doc, "author", "") or ""
    year = getattr(doc, "year", None)
    short = author.split(" (")[0]
    return f"{short}, {year}" if year else short


def key_figures(q: QuestionInfo, sentence: str) -> str:
    """The figures that answer the question, exactly as the sentence writes them. When the
    question names a year, a figure written next to that year wins ("fra 28.000 i 2005 til
    33.000 i 2009" answers "in 2009" with 33.000)."""
    spans: list[tuple[int, int]] = []
    if q.kind == "money":
        spans = money_spans(sentence)
    elif q.kind == "percent":
        spans = [m.span() for m in PERCENT_RX.finditer(sentence)] or [m.span() for m in FRACTION_RX.finditer(sentence)]
    elif q.kind == "age":
        spans = age_spans(sentence)
    elif (word := measured(q)) is not None:  # "Hvor høy er …?": the figure with its unit
        spans = measure_spans(sentence, word)
        if not spans and q.kind == "duration":  # "How long was Finland part of Sweden?": a time
            spans = duration_spans(sentence)
    elif q.kind == "duration":
        spans = duration_spans(sentence)
    elif q.kind == "count":
        spans = count_spans(sentence, spans_of_time=bool(TIME_COUNTED.search(q.text)))
    if q.years and len(spans) > 1:
        # "276 i 2009", "33.000 in 2009" first; then "i 2017 var det 152"
        near = [(a, b) for a, b in spans if any(y in sentence[b : b + 9] for y in q.years)] or [
            (a, b) for a, b in spans if any(y in sentence[max(0, a - 14) : a] for y in q.years)
        ]
        if near:
            years = [y for y in q.years if y in sentence]
            return join_figures([sentence[a:b].strip() for a, b in near]) + (f" ({', '.join(years)})" if years else "")
    if q.kind == "count":  # the year asked chose none: the counts of the thing asked
        spans = counting(spans, sentence, q)
    dated = [YEAR_AFTER.match(sentence, b) for _, b in spans]
    if not q.years and len(spans) > 1 and all(dated):
        # "steget fra 28.000 i 2005 til 33.000 i 2009", no year asked: each figure with its year
        return ", ".join(f"{sentence[a:b].strip()} ({m.group(1)})" for (a, b), m in zip(spans, dated, strict=True) if m)
    found = [sentence[a:b].strip() for a, b in spans]
    if q.kind == "money":
        found += [m.group(0) for m in YEAR_RANGE_RX.finditer(sentence)] or YEAR_RX.findall(sentence)[:1]
    elif q.kind == "date":
        # every date, span of years, year and decade (each not inside one found before), ranked
        # by precision (a decade's "2000" is not a year)
        ranks: dict[tuple[int, int], int] = {}
        for rank, rx in ((0, DATE_RX), (1, YEAR_RANGE_RX), (3, CENTURY_DECADE_RX), (2, YEAR_RX), (3, DECADE_RX)):
            for m in rx.finditer(sentence):
                if not any(a < m.end() and m.start() < b for a, b in ranks):
                    ranks[m.span()] = rank
        # in the clause asked about, the most precise kind of date written there
        chosen = asked_clause(q, sentence, sorted(ranks))
        top = min((ranks[span] for span in chosen), default=0)
        found = [sentence[a:b] for a, b in chosen if ranks[(a, b)] == top]
    return join_figures(found)


def asked_clause(q: QuestionInfo, sentence: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Of figures in different clauses of a sentence, those whose clause (``clause_around``, as
    the comparison reads a cue's) shares the most of the question's own words ("Anlegget åpnet i
    1998, og skolen ble bygget i 2004" answers "når ble skolen bygget?" with 2004); all of them
    when no clause shares more than the others."""
    if len(spans) < 2:
        return spans
    asked = set(q.focus or q.terms)
    # what is asked about a name tells the clauses apart, the name less: "Når døde Marta Vinje?"
    # over "Marta Vinje (født 12. mars 1891 i Levanger, død 4. november 1967 i Oslo)"
    text = q.own_text or q.text
    names = set(analyze(" ".join(w for w in text.split()[1:] if w[:1].isupper())))
    whole = len(sentence.split())  # the whole clause, not a window: dates of one clause score alike
    english = q.translations if q.lang == "en" else []  # an English question's words in the text's language
    scores = []
    for a, b in spans:
        clause = set(analyze(clause_around(sentence, a, b, whole)))
        # the lexicon's words are base forms ("dø"), the clause's inflected ("død"), and so are an
        # English question's own words against an English text ("die": "died", which the Danish and
        # Norwegian stemmers leave whole)
        inflected = sum(
            any(w.startswith(t) for w in clause)
            for t in [*(t for t in asked - names if len(t) >= 3), *(t for t in english if len(t) >= 2)]
        )
        scores.append((inflected, len(asked & names & clause)))
    best = max(scores)
    if best == (0, 0) or scores.count(best) == len(scores):
        return spans
    return [span for span, score in zip(spans, scores, strict=True) if score == best]


def age_spans(sentence: str) -> list[tuple[int, int]]:
    """Where ``sentence`` states an age, an English phrase's from its figure on ("the average age of
    clients was 41": "41")."""
    spans = []
    for m in AGE_RX.finditer(sentence):
        a, b = m.span()
        if m.group(0)[:3].lower() == "age" and (digit := re.search(r"\d", m.group(0))):
            a += digit.start()
        spans.append((a, b))
    return spans


def duration_spans(sentence: str) -> list[tuple[int, int]]:
    """A span of time ("fire år"), or a span of years ("2011-2014") when none is written so."""
    spans = [m.span() for m in DURATION_RX.finditer(sentence)]
    return spans or [m.span() for m in YEAR_RANGE_RX.finditer(sentence)]


def measured(q: QuestionInfo) -> str | None:
    """The magnitude a question asks for ("høy", "lang", "diameter"), when it asks one: a question of
    no other kind, or English "how long is …" (a length as often as a time)."""
    text = q.own_text or q.text
    if q.kind == "duration":
        return "lang" if LENGTH_Q.match(main_clause(text)) else None
    return measure_word(text) if q.kind == "other" else None


def measure_spans(sentence: str, word: str) -> list[tuple[int, int]]:
    """The figure with its unit that states the magnitude ``word``, where the sentence names the
    magnitude: the only figure, or the one written next to the word ("186 meter høye, og
    seilingshøyden … 42 meter": 186 meter for "høy"). None when the sentence does not name it (a
    near miss: "Brua er 1 320 meter lang" for "Hvor dyp er fjorden?"), or several figures stand
    and none is next to it."""
    figures = [m.span() for m in MEASURE_FIGURE_RX.finditer(sentence)]
    stem = word[:4] if len(word) > 4 else word[:3]
    places = [m.start() for m in re.finditer(rf"(?i){re.escape(stem)}", sentence)]
    if not figures or not places:
        return []
    if len(figures) == 1:
        return figures

    def gap(span: tuple[int, int]) -> int:
        a, b = span
        return min((max(p - b, a - p - len(stem), 0) for p in places), default=MEASURE_NEAR + 1)

    best = min(figures, key=gap)
    return [best] if gap(best) <= MEASURE_NEAR else []


def count_spans(sentence: str, spans_of_time: bool = False) -> list[tuple[int, int]]:
    """Where a sentence states a count: its numbers that are not an amount, a year, a date, a
    century or decade, a time of day, an ordinal, a reference (page, line), an age or a span of time (unless
    ``spans_of_time``: the question counts days, months, years), a list's point number, a
    footnote's number or a code, nor the whole a part is counted from ("To av landets 12
    politidistrikt": two); a count in words when no digit is one."""

    numbered = blanked(sentence, (*NOT_COUNTS, *NOT_COUNTED_HERE))
    bare = blanked(numbered, amounts_and_spans(spans_of_time))
    words = [m.span() for m in WORD_NUMBER.finditer(bare)]
    for m in PART_OF_WHOLE.finditer(bare):
        a, b = m.span("whole")
        bare = bare[:a] + BLANK * (b - a) + bare[b:]
        if not m.group("part")[0].isdigit():
            words.append(m.span("part"))
    spans = [m.span() for m in NUMBER_RX.finditer(bare) if not YEAR_RX.fullmatch(m.group(0))]
    # a share answers "how many" too ("Hvor mange gutter …?": "16 prosent"), stated as one
    shares = [m.span() for m in PERCENT_RX.finditer(sentence)]
    spans = [next(((a, b) for a, b in shares if a <= s <= e <= b), (s, e)) for s, e in spans]
    return spans or sorted(set(words)) or [m.span() for m in NUMBER_RX.finditer(numbered)]


def uncounted(sentence: str, spans_of_time: bool = False) -> str:
    """``sentence`` with every figure that counts nothing blanked out (as :func:`count_spans` reads
    it): dates, codes, references, amounts, spans of years, and ages and spans of time unless time
    is counted."""
    return blanked(sentence, (*NOT_COUNTS, *NOT_COUNTED_HERE, *amounts_and_spans(spans_of_time)))


# "Hvor mange av Nortraships sjøfolk omkom?": a part of the thing named is counted, and the figure
# next to it ("Av Nortraships 30 000 sjøfolk omkom rundt 3 000") is the whole
PART_ASKED = re.compile(r"\b(?:hvor mange|how many)\s+(?:av|af|of)\b", re.I)
COUNTED_NEAR = 3  # words after a count that may name what it counts ("78 000 innbyggere", "17 nye saker")


def named_after(sentence: str, end: int, heads: list[str]) -> bool:
    """The words right after ``end`` name one of ``heads`` (analysed terms, a compound's parts)."""
    after = analyze(" ".join(sentence[end:].split()[:COUNTED_NEAR]))
    return any(t.startswith(h) or (len(t) >= 3 and h.startswith(t)) for t in after for h in heads)


def counting(spans: list[tuple[int, int]], sentence: str, q: QuestionInfo) -> list[tuple[int, int]]:
    """Of several counts, those followed closely by the thing the question counts ("Hvor mange
    innbyggere …?": "78 000 innbyggere", not "300 000 besøkende"); all of them when none is, or
    when the question names no such thing. A count in words counts when it is followed by that
    thing ("46 passasjerer og sju mannskaper" answers "how many crew members" with "sju")."""
    if PART_ASKED.search(q.own_text or q.text):
        return spans
    bare = uncounted(sentence, bool(TIME_COUNTED.search(q.text)))
    words = [m.span() for m in WORD_NUMBER.finditer(bare) if not any(x <= m.start() < y for x, y in spans)]
    if len(spans) + len(words) < 2:
        return spans
    # the follow-up's own words ("Og påtaleunnlatelser?" after "Hvor mange forelegg …?"), the first
    # word after "hvor mange" ("besøkende", not the verb after it), then all the words it names
    # (with an English phrase's glossary terms: "youth follow-up" is "ungdomsoppfølging"), then
    # the general lexicon's translations of its English words ("crew": "mannskap")
    first = analyze(q.head_words[0]) if q.head_words else []
    named_all = [t for w in q.head_words for t in analyze(w)]
    english = q.head_words if q.lang == "en" else []
    translated = [t for w in english for x in translations_of(w.lower()) for t in analyze(x)]
    for heads in (
        [t for t in q.focus if len(t) >= 3],
        [t for t in first if len(t) >= 3],
        [t for t in named_all if len(t) >= 3],
        [t for t in translated if len(t) >= 3],
    ):
        named = [(a, b) for a, b in sorted(spans + words) if heads and named_after(sentence, b, heads)]
        if named:
            return named
    return spans


def amounts_and_spans(spans_of_time: bool = False) -> tuple[re.Pattern[str], ...]:
    """Figures that are no count either: an amount, a span of years, and an age or a span of time
    unless time is what is counted ("Hvor mange år …?")."""
    return (MONEY_RX, YEAR_RANGE_RX) + (() if spans_of_time else (AGE_RX, DURATION_RX))


BLANK = "\x00"  # no letter, digit or space: a later pattern cannot read across what was blanked


def blanked(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    """``text`` with every match of each pattern in turn blanked out, its length kept. Blanked with
    spaces, "1.850 unge under 25 år" (an age blanked) had left "1.850" and "år" apart by spaces
    only, and a span of time ("850 … år") was then blanked from the count."""
    for rx in patterns:
        text = rx.sub(lambda m: BLANK * len(m.group(0)), text)
    return text


def join_figures(found: list[str]) -> str:
    unique = list(dict.fromkeys(f.strip(" ,.") for f in found if f.strip(" ,.")))
    return ", ".join(unique[:4])


__all__ = ["ExtractiveEngine", "Lang"]
