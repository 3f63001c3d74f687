"""Does a cited passage support an answer sentence? (citation quality in the spirit of ALCE)

ALCE (Gao et al., 2023, "Enabling Large Language Models to Generate Text with
Citations") asks an NLI model whether the passages a sentence cites entail it. Without
a model we use two checks that a reader can verify by hand:

1. **figures**: every figure of the sentence (numbers, ranges, dates, references; see
   :mod:`evals.numbers`, so "26.4" meets "26,4") is in the cited passages. A range is
   also met by its two ends standing apart in the passages; page references in the
   sentence ("p. 12", "s. 4") are not claims and are ignored;
2. **content words**: at least ``SUPPORT_MIN_OVERLAP`` (0.5) of the sentence's distinct
   content words occur in the cited passages. Words are compared by the retrieval
   analyzer's term key (stopwords of da/nb/en dropped, Danish spelling folded towards
   Norwegian, Snowball stems), an English word also matches through its Danish/Norwegian
   glossary equivalents (``retrieval.glossary``), and a word of five letters or more
   matches inside a compound ("misbrugere" in "stofmisbrugere") and the other way round.

The threshold was measured on the hand-written answers of the dataset (short,
paraphrased, a third of them in English about Danish/Norwegian text): against the
passage holding the item's quote they share a median of 0.71 of their content words,
against three other passages of the same document a median of 0 (mean 0.11). At 0.5,
77 % of the right pairs pass (Danish 85 %, Norwegian 98 %, English 49 %) and 5 % of the
wrong ones. A sentence copied from its passage scores 1.0. The heuristic undercounts
support for free translations into English; that is what the judge hook is for: given
a ``Judge`` (``judge(sentence, passages) -> bool``, e.g. an LLM asked for entailment),
the judge replaces the content-word test (the figures test stays).

The evidence of a citation is, as in ALCE, its passage under its document title (and
author, year and section when the prediction records them), so "… according to *Kampen mod
narko II* [1]" is checked against what the reader of citation [1] sees.

A sentence *has a claim* when it has a figure or at least ``MIN_CLAIM_TERMS`` content
words. Only sentences with a claim enter citation recall.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from pydantic import BaseModel, Field

from evals.numbers import Figure, figures, satisfies, strip_markers
from retrieval.chunking import split_sentences
from retrieval.glossary import expansion_terms
from retrieval.stopwords import STOPWORDS
from retrieval.tokenization import analyze, is_word, term_key, tokenize

SUPPORT_MIN_OVERLAP = 0.5
MIN_CLAIM_TERMS = 2
MIN_COMPOUND_MATCH = 5

# words that frame an answer rather than claim anything ("according to", "the document says")
FRAMING_WORDS: frozenset[str] = frozenset(
    """according ifølge iflg følge source sources kilde kilden kilder document documents dokument
    dokumentet dokumenterne dokumentene text tekst teksten passage passages passagen avsnitt avsnittet
    says said states stated writes wrote notes noted mentions mentioned argues argued answer svar svaret
    yes ja nej nei about approximately around roughly some cirka omkring rundt total totalt alt
    note bemærk merk also også""".split()
)

Judge = Callable[[str, Sequence[str]], bool]
"""(sentence, cited passages) -> does the passage text entail the sentence?"""

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_PAGE_REF = re.compile(
    r"\(?\b(?:pp?|s|side|sida|page|pages|sidene|siderne)\.?\s?\d+(?:\s?[–-]\s?\d+)?\)?", re.IGNORECASE
)
_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*•–]\s+|\d{1,2}[.)]\s+)+")
_MD_INLINE = re.compile(r"\*\*|__|`|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*•–]\s|\d{1,2}[.)]\s|\|)")  # a table row is a block of its own
_REFERENCE_LINE = re.compile(r"^\s*\[\d+\]\s*\S")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+\s*")
# a markdown table row's first cell when it only numbers the row ("| 3 | teori | [5] |"): layout, not a claim
_ROW_NUMBER = re.compile(r"^\s*\|\s*\d{1,3}\s*(?=\|)")
# the row under a table's header ("|---|---|"): the row above it names the columns, it claims nothing
_TABLE_RULE = re.compile(r"^\s*\|[\s:|-]*-[\s:|-]*\|\s*$")


class AnswerSentence(BaseModel):
    text: str  # without markers
    markers: list[int] = Field(default_factory=list)


def markers_in(text: str) -> list[int]:
    """Citation markers in order of first appearance: "[1][3]", "[1, 2]" -> [1, 3] / [1, 2]."""
    seen: list[int] = []
    for group in _MARKER.findall(text):
        for part in re.split(r"\s*[,;]\s*", group):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return seen


def _blocks(text: str) -> list[str]:
    """Markdown paragraphs, list items and headings, each as one line.

    Lines of one paragraph (or one quote) are joined as markdown renders them, so a
    sentence wrapped over lines ("… fra 239 i 2008 til 276\\ni 2009.” [1]") stays one
    sentence with its marker."""
    blocks: list[list[str]] = []
    quoted = False
    for line in text.splitlines():
        if not line.strip():
            blocks.append([])
            quoted = False
            continue
        is_quote = line.lstrip().startswith(">")
        starts = bool(_BLOCK_START.match(line) or _REFERENCE_LINE.match(line)) or (is_quote and not quoted)
        if starts or not blocks or not blocks[-1]:
            blocks.append([line])
            quoted = is_quote
        else:  # a continuation line, also a "lazy" one of a quote
            blocks[-1].append(re.sub(r"^\s*>\s?", "", line))
    return [" ".join(b) for b in blocks if b]


def answer_sentences(text: str) -> list[AnswerSentence]:
    """The sentences of a markdown answer with the markers each carries.

    Paragraphs and list items are split first, then sentences (abbreviation-aware, as the
    chunker does). A marker that follows a sentence's full stop ("… 2009. [1]") belongs
    to that sentence; reference-list lines ("[1] Title, p. 3") are skipped."""
    out: list[AnswerSentence] = []
    blocks = _blocks(text)
    for n, block in enumerate(blocks):
        if _REFERENCE_LINE.match(block) or (n + 1 < len(blocks) and _TABLE_RULE.match(blocks[n + 1])):
            continue
        line = _MD_INLINE.sub("", _MD_PREFIX.sub("", _ROW_NUMBER.sub("", block)))
        for start, end in split_sentences(line):
            piece = line[start:end].strip()
            lead = _LEADING_MARKERS.match(piece)
            if lead and out:  # "… 2009. [1] Next sentence": [1] closes the sentence before
                for m in markers_in(lead.group(0)):
                    if m not in out[-1].markers:
                        out[-1].markers.append(m)
                piece = piece[lead.end() :]
            plain = " ".join(strip_markers(piece).split())
            if re.search(r"\w", plain):
                out.append(AnswerSentence(text=plain, markers=markers_in(piece)))
    return out


@lru_cache(maxsize=4096)
def _translations(word: str) -> frozenset[str]:
    return frozenset(analyze(" ".join(expansion_terms(word))))


def content_terms(text: str) -> dict[str, frozenset[str]]:
    """Distinct content words of ``text``: term key -> keys of its glossary equivalents."""
    terms: dict[str, frozenset[str]] = {}
    for token in tokenize(text):
        if token in STOPWORDS or token in FRAMING_WORDS or not is_word(token) or len(token) < 3:
            continue
        key = term_key(token)
        terms[key] = terms.get(key, frozenset()) | _translations(token)
    return terms


@lru_cache(maxsize=8192)
def passage_terms(passage: str) -> frozenset[str]:
    return frozenset(t for t in analyze(passage) if t.isalpha())


def _term_found(key: str, alternatives: frozenset[str], terms: frozenset[str]) -> bool:
    if key in terms or alternatives & terms:
        return True
    for candidate in (key, *alternatives):
        if len(candidate) < MIN_COMPOUND_MATCH:
            continue
        for term in terms:
            if candidate in term or (len(term) >= MIN_COMPOUND_MATCH and term in candidate):
                return True
    return False


def term_overlap(sentence: str, passages: Sequence[str]) -> float:
    """Share of the sentence's distinct content words found in the passages (0..1)."""
    terms = content_terms(sentence)
    if not terms:
        return 0.0
    pool: frozenset[str] = frozenset().union(*(passage_terms(p) for p in passages)) if passages else frozenset()
    found = sum(1 for key, alts in terms.items() if _term_found(key, alts, pool))
    return found / len(terms)


def claim_figures(sentence: str) -> list[Figure]:
    """Figures a sentence asserts: page references and derived parts left out."""
    return [f for f in figures(_PAGE_REF.sub(" ", strip_markers(sentence))) if not f.derived]


def has_claim(sentence: str) -> bool:
    return bool(claim_figures(sentence)) or len(content_terms(sentence)) >= MIN_CLAIM_TERMS


def figures_supported(sentence: str, passages: Sequence[str]) -> bool:
    wanted = claim_figures(sentence)
    if not wanted:
        return True
    pool = [f.model_copy(update={"percent": False}) for p in passages for f in figures(p)]
    for figure in wanted:
        plain = figure.model_copy(update={"percent": False})
        if satisfies(plain, pool):
            continue
        if figure.kind == "range":
            ends = [Figure(kind="number", value=v) for v in figure.value.split("–")]
            if all(satisfies(end, pool) for end in ends):
                continue
        return False
    return True


def supported(sentence: str, passages: Sequence[str], judge: Judge | None = None) -> bool:
    """Do ``passages`` (the texts a sentence cites) support ``sentence``?"""
    if not passages or not figures_supported(sentence, passages):
        return False
    if judge is not None:
        return judge(sentence, list(passages))
    if not content_terms(sentence):
        return bool(claim_figures(sentence))
    return term_overlap(sentence, passages) >= SUPPORT_MIN_OVERLAP
