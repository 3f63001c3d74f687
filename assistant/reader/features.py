"""The reader's signals, computed in one place: one row of ``FEATURES`` per candidate sentence.

Every feature is a general measure of how well a sentence of a retrieved passage answers a
question; none names a word of the corpus or of a question. Groups:

* meaning: e5 cosine of question and sentence (absolute, against the best candidate, its
  rank), and the best cosine of the sentence's passage; the cosine of the question without its
  names (:func:`bare_question`), absolute and against the best candidate;
* retrieval: the passage's fused, dense and BM25 ranks;
* words: IDF-weighted share of the question's (stemmed, decompounded) terms in the sentence
  (IDF over the corpus, and over the candidate sentences, where the passages' topic weighs little),
  in the sentence with its neighbours, in the passage with its title and section; the
  question's rare words and names found in the sentence; question word pairs kept in order;
  the sentence's words that the question does not already hold (an answer adds something);
* kind: the sentence holds the kind of thing asked for (a figure, a date, a name, a reason,
  :mod:`assistant.reader.kinds`), names the question does not give;
* conditions the passage fails: a place, a name (in its document), a figure or a document the
  question names, the thing a "how many" question counts (``SOFT_CONDITIONS``; a year or unit
  rules a sentence out instead, :mod:`.conditions`);
* what is missing: the question's weightiest term (one the corpus uses) that the sentence with
  its neighbours, its passage, its whole document does not hold, against the question's
  weightiest term (a near miss: the document is on the topic but never names what is asked);
* form: length, heading, a sentence that leans on the one before it, the question asked in
  another language than the passage (then words say less and meaning more).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.question import QuestionInfo
from assistant.reader.kinds import ENTITY, NUMERIC, AnswerKind, holds, new_proper_names
from retrieval.types import Hit

# conditions of the question a passage may fail without being ruled out: the places it names
# (in the passage, in its document), its names (in the document), its figures other than years, a
# document it names, the thing it counts (near the sentence)
SOFT_CONDITIONS: tuple[str, ...] = (
    "place_missing",
    "place_missing_doc",
    "name_missing_doc",
    "number_missing",
    "other_source",
    "head_missing",
)

FEATURES: tuple[str, ...] = (
    "cos",
    "cos_gap",
    "cos_rank_inv",
    "cos_passage_max",
    "hit_rank_inv",
    "dense_rank_inv",
    "bm25_rank_inv",
    "lex_sentence",
    "lex_own",
    "lex_window",
    "lex_passage",
    "lex_gap",
    "lex_rank_inv",
    "lex_local",
    "lex_local_gap",
    "lex_local_window",
    "lex_prev",
    "lex_next",
    "cos_prev",
    "cos_next",
    "cos_bare",
    "cos_bare_gap",
    "exact",
    "grams",
    "rare_sentence",
    "rare_passage",
    "order",
    "novel",
    "log_len",
    "heading",
    "kind_numeric",
    "kind_date",
    "kind_entity",
    "kind_reason",
    "new_names",
    "entity_new_names",
    "leans_back",
    *SOFT_CONDITIONS,
    "miss_window",
    "miss_passage",
    "miss_doc",
    "cross_lang",
    "cross_lang_cos",
    "cross_lang_lex",
)

SENTENCE_ENDS = (".", "!", "?", ":", ";", "”", '"', "»", ")", "’")
LEANS_BACK = re.compile(
    r"^\s*(?:\d|(?:den|det|dette|denne|disse|de|han|hun|hon|dem|der|here|it|this|these|they|he|she|that|"
    r"heraf|herav|hvorav|hvoraf|så|also|også|derfor|dermed)\b)",
    re.I,
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SentenceRecord:
    """A sentence of a passage with what the features need (built once per passage)."""

    start: int
    end: int
    text: str
    terms: frozenset[str]  # analysed terms with compound parts
    order: tuple[str, ...]  # whole-word terms in order
    surface: frozenset[str]  # lower-case words as written
    vector: np.ndarray | None
    grams: frozenset[str] = frozenset()  # character 4-grams of its words


@dataclass
class Candidate:
    """A sentence of a retrieved passage, as the reader sees it."""

    hit: Hit
    record: SentenceRecord
    index: int  # position among the passage's sentences
    failed: tuple[str, ...] = ()  # hard conditions of the question it does not meet
    # what the question names that the passage lacks, each 0..1 (``SOFT_CONDITIONS``)
    soft: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionSignals:
    """What the features need from the question (computed once per question)."""

    weights: dict[str, float]
    total: float
    order: tuple[str, ...]
    rare: tuple[str, ...]  # lower-case names, numbers and rarest words, as written
    words: frozenset[str]  # the question's own content words, lower case, as written
    grams: frozenset[str]  # character 4-grams of those words (inflections, cognates, names)
    kind: AnswerKind
    vector: np.ndarray | None
    lang: str
    known: frozenset[str] = frozenset()  # the weighted terms some passage of the corpus uses
    # the weighted terms in units that count once, by their best term found: the translations
    # of one English word ("aften", "kveld") are alternatives, every other term a unit of its own
    units: tuple[tuple[str, ...], ...] = ()
    # a follow-up's own weighted terms (not the subject it carries); empty for a first question
    own: frozenset[str] = frozenset()
    # the question without its names (``bare_question``): what it asks of them, not whom it is
    # about; the whole question's vector when it names nothing
    bare_vector: np.ndarray | None = None

    def share(self, terms: frozenset[str] | set[str]) -> float:
        """IDF-weighted share of the question's units that ``terms`` holds (a unit by the
        weight of its best term there, out of the weight of its best term)."""
        if not self.units:
            return sum(v for t, v in self.weights.items() if t in terms) / (self.total or 1.0)
        got = sum(max((self.weights[t] for t in unit if t in terms), default=0.0) for unit in self.units)
        return got / (self.total or 1.0)


def term_units(weights: dict[str, float], alternatives: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """The weighted terms grouped into units: each list of alternatives (its weighted terms not
    already taken) is one unit, every remaining term its own. None (``()``) when every unit
    would be a single term: then each term simply counts for itself."""
    units: list[tuple[str, ...]] = []
    taken: set[str] = set()
    for group in alternatives:
        unit = tuple(t for t in dict.fromkeys(group) if t in weights and t not in taken)
        if unit:
            units.append(unit)
            taken.update(unit)
    if all(len(u) == 1 for u in units):
        return ()
    units += [(t,) for t in weights if t not in taken]
    return tuple(units)


def units_total(weights: dict[str, float], units: tuple[tuple[str, ...], ...]) -> float:
    """The weight of all units, each by its weightiest term (without units, of all terms)."""
    if not units:
        return sum(weights.values())
    return sum(max(weights[t] for t in unit) for unit in units)


def surface_words(text: str) -> frozenset[str]:
    """The lower-case words of ``text`` as written (hyphenated compounds also as their parts)."""
    return frozenset(w.lower() for w in _WORD.findall(text.replace("-", " ")))


def bare_question(text: str) -> str:
    """``text`` without its names: the capitalised words after the first, with their possessive
    ("What did Astrid Mørkved's father do?" -> "What did father do?"). A biography's first
    sentence holds the person's name, dates and places and is close to every question about
    them; the question without the name is closer to the sentence that answers it."""
    out: list[str] = []
    for i, tok in enumerate(text.split()):
        word = tok.strip('?.,!:;«»"()')
        if i > 0 and word[:1].isupper():
            continue
        out.append(tok)
    return " ".join(out)


def rare_words(q: QuestionInfo, idf: dict[str, float]) -> tuple[str, ...]:
    """The question's names (capitalised after its first word), numbers, and its two rarest words."""
    text = q.own_text or q.text
    tokens = _WORD.findall(text)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.isdigit() or (i > 0 and tok[:1].isupper()):
            out.append(tok.lower())
    scored = sorted(
        ((idf.get(t, 0.0), t) for t in {w.lower() for w in tokens if len(w) >= 4 and w.lower() not in out}),
        reverse=True,
    )
    out += [w for s, w in scored[:2] if s > 0]
    return tuple(dict.fromkeys(out))


def _found(word: str, surface: frozenset[str]) -> bool:
    """A word as written, also inflected ("Østerrikes" for "Østerrike", "Oslo-politiet" for "Oslo")."""
    if word in surface:
        return True
    if len(word) < 4:
        return False
    stem = word[: max(4, len(word) - 2)]
    return any(w.startswith(stem) or (len(w) >= 4 and word.startswith(w) and len(w) >= len(word) - 2) for w in surface)


def char_grams(words: frozenset[str] | set[str], n: int = 4) -> frozenset[str]:
    """Character ``n``-grams of words padded with spaces ("politi" meets "police" in " pol")."""
    out: set[str] = set()
    for w in words:
        padded = f" {w} "
        out.update(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return frozenset(out)


def pair_order(q_order: tuple[str, ...], s_order: tuple[str, ...]) -> float:
    """Share of the question's adjacent term pairs that stand close (within 3 terms) and in order
    in the sentence."""
    pairs = [(a, b) for a, b in zip(q_order, q_order[1:], strict=False) if a != b]
    if not pairs:
        return 0.0
    where: dict[str, list[int]] = {}
    for i, t in enumerate(s_order):
        where.setdefault(t, []).append(i)
    kept = 0
    for a, b in pairs:
        if any(0 < j - i <= 3 for i in where.get(a, ()) for j in where.get(b, ())):
            kept += 1
    return kept / len(pairs)


def local_weights(weights: dict[str, float], sentences: list[frozenset[str]]) -> dict[str, float]:
    """The question's terms weighted by how few of the candidate sentences hold them: the topic
    of the passages (a name in every sentence) tells them apart less than the words only the
    answering sentence shares with the question."""
    n = len(sentences)
    out: dict[str, float] = {}
    for t in weights:
        df = sum(1 for s in sentences if t in s)
        if df:
            out[t] = math.log((n + 1) / (df + 0.5))
    return out


def _cos(q: np.ndarray | None, v: np.ndarray | None) -> float:
    return float(np.dot(q, v.astype(np.float32))) if q is not None and v is not None else 0.0


def _rank_inv(values: np.ndarray) -> np.ndarray:
    """1 / rank of each value (largest = rank 1, ties share the better rank)."""
    order = np.sort(values)[::-1]
    return np.array([1.0 / (1 + int(np.searchsorted(-order, -v, side="left"))) for v in values])


def featurize(
    q: QuestionInfo,
    signals: QuestionSignals,
    cands: list[Candidate],
    passages: dict[str, list[SentenceRecord]],
    passage_terms: dict[str, frozenset[str]],
    doc_terms: dict[str, frozenset[str]],
) -> np.ndarray:
    """The ``FEATURES`` matrix for ``cands`` (rows in the same order)."""
    n = len(cands)
    X = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return X
    col = {name: i for i, name in enumerate(FEATURES)}
    w = signals.weights
    q_terms = set(w)
    share = signals.share
    # units of known terms (a unit is known when one of its terms is), by their best weight
    units = signals.units or tuple((t,) for t in w)
    known = [(u, max(w[t] for t in u)) for u in units if any(t in signals.known for t in u)]
    top_w = max((v for _, v in known), default=0.0) or 1.0

    def missing(*where: frozenset[str]) -> float:
        """The weightiest known unit none of whose terms ``where`` holds, against the weightiest."""
        absent = (v for u, v in known if not any(t in terms for t in u for terms in where))
        return max(absent, default=0.0) / top_w

    cos = np.zeros(n)
    bare = np.zeros(n)
    bare_vector = signals.bare_vector if signals.bare_vector is not None else signals.vector
    for i, c in enumerate(cands):
        cos[i] = _cos(signals.vector, c.record.vector)
        bare[i] = _cos(bare_vector, c.record.vector)
    passage_max: dict[str, float] = {}
    for i, c in enumerate(cands):
        cid = c.hit.chunk.chunk_id
        passage_max[cid] = max(passage_max.get(cid, -1.0), cos[i])
    lex = np.zeros(n)
    local = np.zeros(n)
    local_w = local_weights(w, [c.record.terms for c in cands])
    local_total = sum(local_w.values()) or 1.0
    kind = signals.kind
    # a follow-up ("Og når ble det avsluttet?") is about its own words more than the subject
    own_total = sum(w[t] for t in signals.own)

    def own_share(terms: frozenset[str]) -> float:
        return sum(w[t] for t in signals.own if t in terms) / own_total

    rare_in_passage: dict[str, float] = {}
    cross = float((signals.lang == "en") != (cands[0].hit.chunk.lang == "en"))
    for i, c in enumerate(cands):
        r = c.record
        hit = c.hit
        cid = hit.chunk.chunk_id
        sentences = passages[cid]
        around = [s.terms for s in sentences[max(0, c.index - 1) : c.index + 2]]
        window = frozenset().union(*around)
        lex[i] = share(r.terms)
        local[i] = sum(v for t, v in local_w.items() if t in r.terms) / local_total
        row = X[i]
        row[col["lex_local_window"]] = sum(v for t, v in local_w.items() if t in window) / local_total
        row[col["cos"]] = cos[i]
        row[col["cos_passage_max"]] = passage_max[cid]
        row[col["hit_rank_inv"]] = 1.0 / hit.rank
        row[col["dense_rank_inv"]] = 1.0 / hit.dense_rank if hit.dense_rank else 0.0
        row[col["bm25_rank_inv"]] = 1.0 / hit.bm25_rank if hit.bm25_rank else 0.0
        row[col["lex_sentence"]] = lex[i]
        row[col["lex_own"]] = own_share(r.terms) if own_total else lex[i]
        row[col["lex_window"]] = share(window)
        row[col["miss_window"]] = missing(window)
        row[col["miss_passage"]] = missing(passage_terms[cid], window)
        row[col["miss_doc"]] = missing(doc_terms.get(hit.chunk.doc_id, frozenset()), window)
        row[col["lex_passage"]] = share(passage_terms[cid])
        if c.index > 0:
            prev = sentences[c.index - 1]
            row[col["lex_prev"]] = share(prev.terms)
            row[col["cos_prev"]] = _cos(signals.vector, prev.vector)
        if c.index + 1 < len(sentences):
            nxt = sentences[c.index + 1]
            row[col["lex_next"]] = share(nxt.terms)
            row[col["cos_next"]] = _cos(signals.vector, nxt.vector)
        if signals.words:
            row[col["exact"]] = len(signals.words & r.surface) / len(signals.words)
        if signals.grams:
            row[col["grams"]] = len(signals.grams & r.grams) / len(signals.grams)
        if signals.rare:
            row[col["rare_sentence"]] = sum(_found(x, r.surface) for x in signals.rare) / len(signals.rare)
            if cid not in rare_in_passage:  # once per passage, not once per sentence of it
                psg_surface = frozenset().union(*(s.surface for s in sentences))
                rare_in_passage[cid] = sum(_found(x, psg_surface) for x in signals.rare) / len(signals.rare)
            row[col["rare_passage"]] = rare_in_passage[cid]
        row[col["order"]] = pair_order(signals.order, r.order)
        own = set(r.order)
        row[col["novel"]] = len(own - q_terms) / len(own) if own else 0.0
        row[col["log_len"]] = math.log1p(len(r.text.split()))
        row[col["heading"]] = float(not r.text.rstrip().endswith(SENTENCE_ENDS))
        has = holds(kind, r.text, q)
        row[col["kind_numeric"]] = float(has and kind in NUMERIC and kind != "date")
        row[col["kind_date"]] = float(has and kind == "date")
        row[col["kind_entity"]] = float(has and kind in ENTITY)
        row[col["kind_reason"]] = float(has and kind == "reason")
        names = min(3, new_proper_names(r.text, q)) / 3
        row[col["new_names"]] = names
        row[col["entity_new_names"]] = names if kind in ENTITY else 0.0
        row[col["leans_back"]] = float(bool(LEANS_BACK.match(r.text)))
        row[col["cross_lang"]] = cross
        for name in SOFT_CONDITIONS:
            row[col[name]] = c.soft.get(name, 0.0)
    X[:, col["cos_gap"]] = cos - cos.max()
    X[:, col["cos_rank_inv"]] = _rank_inv(cos)
    X[:, col["cos_bare"]] = bare
    X[:, col["cos_bare_gap"]] = bare - bare.max()
    X[:, col["lex_gap"]] = lex - lex.max()
    X[:, col["lex_rank_inv"]] = _rank_inv(lex)
    X[:, col["lex_local"]] = local
    X[:, col["lex_local_gap"]] = local - local.max()
    X[:, col["cross_lang_cos"]] = X[:, col["cross_lang"]] * X[:, col["cos_gap"]]
    X[:, col["cross_lang_lex"]] = X[:, col["cross_lang"]] * X[:, col["lex_sentence"]]
    return X
