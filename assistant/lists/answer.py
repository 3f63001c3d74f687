"""Answer a list question with every matching item in scope, as a table with the count stated.

* ``money`` / ``figures``: the key figures of the documents' guides (:mod:`assistant.guide`),
  amounts only for ``money``, the given year's for a question that names one. When the
  question names a subject beyond the list words ("initiativer på behandlingsområdet"), only
  the figures whose sentence (embedded with its section) is close to it by e5 cosine are kept:
  those within ``RELEVANCE_MARGIN`` of the closest. A question that names no document and is
  asked of the whole library keeps the figures of one document, the closest figure's: of the 79
  development list questions for amounts or figures, none asks across documents, and over new
  texts the figures cited fell from 790 to 431 and the gold items found from 125 to 123 (stop 65).
* ``items``: the learned reader scores the sentences of the question's best passages in
  scope. The best of them within ``LIST_RATIO`` of the best that is a point of a list, or a
  lead-in to one, answers with that list's points, as its nesting says (:mod:`.points`: the
  points under a heading point, a point's siblings, or every point but the headings); a best
  sentence that leads into a paragraph instead ("… erstatte linje 77–95 med:") answers with the
  paragraph's sentences. Otherwise the sentences the item selector chooses (:mod:`.selector`: a
  fitted model over the reader's features and each sentence's standing against the best), up
  to ``MAX_SENTENCE_ITEMS``, each split into the phrases it enumerates (:mod:`.enumeration`),
  every phrase cited as its own span; a lead-in ("Regeringen vil:") is no item.

A question asked by a plural interrogative alone, or an open question, gets the reader's own
answer first and the other items in a table under it (:func:`led_by`): the sentence that
answers it, as any question gets, and every match after. One whose items are one sentence's
enumeration is the reader's (the sentence quoted whole); :func:`with_enumerated_items` lists
that sentence's phrases under the reader's answer.

Items repeated word for word (the plan's repeated text boxes) are listed once. A "how many"
question is answered with their number only when the items are what a document counts (a list's
points, an enumeration's phrases, key figures); the caller leaves a count of sentences the reader
chose to the reader."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np

from assistant.citations import cite_span
from assistant.lists.detect import ITEM_NOUNS, MONEY, ListRequest
from assistant.lists.enumeration import enumeration_spans
from assistant.lists.points import Point, clean, following_prose, marker_of, run_of, wanted
from assistant.lists.selector import MAX_SENTENCE_ITEMS, ItemSelector, load_selector
from assistant.markdown import cell
from assistant.models import Answer, Citation
from assistant.question import analyze_question
from assistant.reader.select import Reading
from assistant.templates import phrase
from retrieval.stopwords import is_stopword
from retrieval.tokenization import analyze
from retrieval.types import Chunk, Hit

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.reader.engine import LearnedReader

MINORITY = re.compile(r"(?i)\b(?:mindretal\w*|mindretall\w*|minority|dissens|dissent)\b")
RELEVANCE_MARGIN = 0.04
PASSAGES = 12  # the question's best passages in scope that the reader reads
LIST_RATIO = 0.05
MAX_ITEMS = 40
GENERIC = re.compile(
    rf"(?i)\b(?:{ITEM_NOUNS}|list\w*|liste|opregn|nevn|nævn|oppgi|every|all|alle|samtlige|each|hver|hvert|"
    r"which|what|hvilke|hvilken|hvor|mange|how|many|much|meget|mye|med|with|its|sin|sit|deres|their|"
    r"period\w*|periode\w*|plan\w*|handlingsplan\w*|document\w*|dokument\w*|rapport\w*|report\w*|"
    r"får|gets?|get|er|is|are|give[ns]?|gir|oppgir|angiver|states?)\b"
)


@dataclass
class Item:
    name: str
    value: str | None
    period: str | None
    citation: Citation
    # where it comes from: a key figure, a list's point, a phrase of an enumeration, or a sentence
    # the reader chose (then a count of the items counts nothing the document counts)
    source: Literal["figure", "point", "phrase", "sentence"] = "sentence"
    # the phrases of one enumeration share the sentence they come from: (passage, its start)
    sentence: tuple[str, int] | None = None


def scope_of(assistant: Assistant, text: str, doc_ids: list[str] | None) -> list[str]:
    named = assistant.extractive.named_documents(text)
    if doc_ids:
        inside = [d for d in doc_ids if d in named]
        return inside or list(doc_ids)
    return sorted(named) if named else list(assistant.index.documents)


def subject_words(assistant: Assistant, text: str) -> str:
    """The question's words that name a subject, without the list words, question words,
    money words and the names of the documents."""
    stripped = GENERIC.sub(" ", MONEY.sub(" ", text))
    for patterns in assistant.extractive.names.values():
        for p in patterns:
            stripped = p.sub(" ", stripped)
    stripped = re.sub(r"\b(?:19|20)\d\d\b", " ", stripped)
    words = [w for w in re.findall(r"[^\W\d_]{4,}", stripped) if not is_stopword(w.lower())]
    return " ".join(words)


def figure_items(
    assistant: Assistant, text: str, request: ListRequest, scope: list[str], one_document: bool = False
) -> list[Item]:
    """The key figures in scope the question asks for; ``one_document``: of the document whose
    figure is closest to the question's subject only."""
    items: list[Item] = []
    seen: set[tuple[str, str]] = set()
    for doc in scope:
        for f in assistant.guide(doc).key_figures:
            if request.kind == "money" and f.kind != "money":
                continue
            if request.kind == "figures" and f.kind == "date":
                continue
            if request.year and not dated(f.period, f.citation.quote, request.year):
                continue
            key = (f.value, " ".join(f.refers_to.lower().split()))
            if key in seen:
                continue
            seen.add(key)
            items.append(Item(f.refers_to, f.value, f.period, f.citation, "figure"))
    subject = subject_words(assistant, text)
    if subject and len(items) > 1:
        items = relevant(assistant, subject, items, one_document)
    return items


def dated(period: str | None, sentence: str, year: str) -> bool:
    """Whether a figure is of ``year``: its own period is that year or a span holding it ("276 i
    2009" is not of 2008, though its sentence names 2008); a figure without a period, when its
    sentence names the year."""
    if not period:
        return year in sentence
    years = [int(y) for y in re.findall(r"\d{2,4}", period)]
    if len(years) == 2 and years[1] < 100:  # "2010-13"
        years[1] += years[0] // 100 * 100
    if not years:
        return year in sentence
    if re.search(r"\b(?:og|and)\b", period):  # "2008 og 2009": those years
        return int(year) in years
    return years[0] <= int(year) <= years[-1]


def relevant(assistant: Assistant, subject: str, items: list[Item], one_document: bool = False) -> list[Item]:
    """The items whose sentence (as embedded, with its section) is within ``RELEVANCE_MARGIN``
    of the closest to ``subject`` by cosine; ``one_document``: of the closest one's document."""
    q = np.asarray(assistant.index.query_vector(subject), dtype=np.float32)
    scores = []
    for item in items:
        c = item.citation
        vectors = {(a, b): v for a, b, v in assistant.index.sentences.of(c.chunk_id)}
        chunk = assistant.index.chunks[c.chunk_id]
        start = chunk.text.find(c.quote)
        v = vectors.get((start, start + len(c.quote)))
        scores.append(float(np.dot(q, v) / (np.linalg.norm(q) * np.linalg.norm(v))) if v is not None else -1.0)
    best = max(scores)
    kept = [item for item, s in zip(items, scores, strict=True) if s >= best - RELEVANCE_MARGIN]
    if not one_document:
        return kept
    doc = items[scores.index(best)].citation.doc_id
    return [item for item in kept if item.citation.doc_id == doc]


@lru_cache(maxsize=1)
def item_selector() -> ItemSelector:
    return load_selector()


def reader_of(assistant: Assistant) -> LearnedReader:
    from assistant.reader.engine import LearnedReader

    return assistant.extractive if isinstance(assistant.extractive, LearnedReader) else assistant.comparer().reader


def reading(assistant: Assistant, text: str, scope: list[str]) -> Reading:
    """The learned reader's reading of the question's best passages in scope."""
    hits = assistant.index.search(text, k=PASSAGES, doc_ids=scope)
    return reader_of(assistant).read(analyze_question(text), hits, text)


def sentence_items(assistant: Assistant, r: Reading, selector: ItemSelector, plural_only: bool = False) -> list[Item]:
    if not r.ok:
        return []
    # the best candidate within ``LIST_RATIO`` that is a point of a list, or a lead-in to one
    # ("Derfor vil Arbeiderpartiet:"), answers with the points of that list (on the dev list
    # questions this beat letting a better-scored sentence that enumerates in running text answer)
    for i in r.ok:
        if math.exp(r.logits[i] - r.logits[r.ok[0]]) < LIST_RATIO:
            break
        c = r.candidates[i]
        if marker_of(c.record.text):
            found = list_points(assistant, c.hit, c.record.start)
        elif c.record.text.rstrip().endswith(":"):
            found = list_points(assistant, c.hit, c.record.end, after=True)
            if not found and i == r.ok[0]:  # the best sentence leads into a paragraph
                found = prose_after(assistant, c.hit, c.record.end)
        else:
            continue
        if found:
            return found
    chosen = selector.chosen(r, plural_only)
    out: list[Item] = []
    for i in chosen:
        c = r.candidates[i]
        sentence = c.record.text
        if sentence.rstrip().endswith(":"):  # a lead-in is no item
            continue
        spans = enumeration_spans(sentence)
        if spans:  # one item per phrase of an enumeration, each cited as its own span
            offset = c.record.start
            for a, b in spans:
                citation = cite(assistant, c.hit, offset + a, offset + b)
                out.append(Item(sentence[a:b], None, None, citation, "phrase", (c.hit.chunk.chunk_id, offset)))
        else:
            out.append(Item(sentence.strip(), None, None, cite(assistant, c.hit, c.record.start, c.record.end)))
    return out


def list_points(assistant: Assistant, hit: Hit, start: int, after: bool = False) -> list[Item]:
    """The points of the list the point at ``hit.chunk.text[start]`` belongs to (``after``: of
    the list a lead-in ending there introduces) that the question wants (:func:`points.wanted`)."""
    chunks, at = passages_around(assistant, hit)
    points, target = run_of(chunks, at, start, after=after)
    return point_items(assistant, wanted(points, target))[:MAX_ITEMS]


def prose_after(assistant: Assistant, hit: Hit, end: int) -> list[Item]:
    """The sentences of the paragraph a lead-in ending at ``hit.chunk.text[end]`` introduces."""
    chunks, at = passages_around(assistant, hit)
    return point_items(assistant, following_prose(chunks, at, end, MAX_SENTENCE_ITEMS), source="sentence")


def passages_around(assistant: Assistant, hit: Hit) -> tuple[list[Chunk], int]:
    """The passages of the hit's document, in order, and the hit's position among them."""
    chunks = assistant.index.passages(hit.chunk.doc_id)
    return chunks, next(n for n, c in enumerate(chunks) if c.chunk_id == hit.chunk.chunk_id)


def point_items(
    assistant: Assistant, points: list[Point], source: Literal["point", "sentence"] = "point"
) -> list[Item]:
    """One item per point (its marker dropped), each cited as the point's own span."""
    items = []
    for p in points:
        where = Hit(p.chunk, 0.0, 1, None, None)
        items.append(
            Item(clean(p.chunk.text[p.start : p.end]), None, None, cite(assistant, where, p.start, p.end), source)
        )
    return items


def cite(assistant: Assistant, hit: Hit, start: int, end: int) -> Citation:
    return cite_span(assistant.index, hit, start, end)


class Found(NamedTuple):
    items: list[Item]
    # the reader's answerability of a question asked only by a plural interrogative (None for
    # any other list question): its items are given only at or above the reader's threshold
    answerability: float | None = None


def list_items(assistant: Assistant, text: str, request: ListRequest, doc_ids: list[str] | None) -> Found:
    """Every item in scope; none for a question asked only by a plural interrogative that the
    reader would refuse (its answerability over the passages read is below the reader's threshold)."""
    scope = scope_of(assistant, text, doc_ids)
    # asked of the whole library: no document chosen, none named
    library = not doc_ids and not assistant.extractive.named_documents(text)
    r = reading(assistant, text, scope) if request.plural_only else None
    answerability = r.answerability if r is not None and r.ok else None
    if r is not None and (not r.ok or r.answerability < reader_of(assistant).threshold):
        return Found([], answerability)
    items: list[Item] = []
    if request.kind in ("money", "figures"):
        items = figure_items(assistant, text, request, scope, one_document=library)
    if not items:
        items = sentence_items(assistant, r or reading(assistant, text, scope), item_selector(), request.plural_only)
    return Found(distinct(assistant, items, minority=bool(MINORITY.search(text)))[:MAX_ITEMS], answerability)


def sentences_of(items: list[Item]) -> int:
    """How many sentences or points the items come from (an enumeration's phrases: one)."""
    return len({it.sentence or (it.citation.chunk_id, it.citation.quote) for it in items})


def distinct(assistant: Assistant, items: list[Item], minority: bool) -> list[Item]:
    """Each item once (passages that overlap quote a sentence twice), and a minority's dissent
    only when the question asks for it."""
    out: list[Item] = []
    seen: set[str] = set()
    for it in items:
        key = " ".join(it.citation.quote.split()).lower() + f"|{it.value or ''}|{it.name.lower()}"
        if key in seen:
            continue
        chunk = assistant.index.chunks.get(it.citation.chunk_id)
        start = chunk.text.find(it.citation.quote) if chunk else -1
        if chunk is not None and not minority and assistant.extractive.in_dissent(chunk, max(start, 0)):
            continue
        seen.add(key)
        out.append(it)
    return out


def list_answer(question: str, lang: str, request: ListRequest, items: list[Item], first_marker: int = 1) -> Answer:
    """The items as a numbered table, with the count stated and a citation per item (markers from
    ``first_marker``: under an answer that has cited the ones before)."""
    if not items:
        return Answer(question=question, text=phrase(lang, "refusal"), refused=True, lang=lang)  # type: ignore[arg-type]
    before = first_marker - 1  # the markers the answer above has used
    citations = [it.citation.model_copy(update={"marker": before + n}) for n, it in enumerate(items, 1)]
    figures = any(it.value for it in items)
    key = "list_head_count" if request.count else "list_head" if first_marker == 1 else "list_head_more"
    head = phrase(lang, key, n=str(len(items)))  # type: ignore[arg-type]
    lines = [head, ""]
    if figures:
        lines += [
            f"| # | {phrase(lang, 'list_item')} | {phrase(lang, 'list_value')} | {phrase(lang, 'list_period')} | |",  # type: ignore[arg-type]
            "|---|---|---|---|---|",
        ]
        for n, it in enumerate(items, 1):
            lines.append(
                f"| {n} | {cell(it.name)} | {cell(it.value or '–')} | {cell(it.period or '–')} | [{before + n}] |"
            )
    else:
        lines += [f"| # | {phrase(lang, 'list_item')} | |", "|---|---|---|"]  # type: ignore[arg-type]
        for n, it in enumerate(items, 1):
            lines.append(f"| {n} | {cell(it.name)} | [{before + n}] |")
    return Answer(question=question, text="\n".join(lines), citations=citations, lang=lang)  # type: ignore[arg-type]


def led_by(first: Answer, request: ListRequest, items: list[Item]) -> Answer:
    """The reader's answer ``first``, then the items it does not quote as a table under it: a
    question asked only by a plural interrogative or an open question gets the reader's answer
    first (the sentence that answers it, as any question does) and every matching item after."""
    quoted = {" ".join(c.quote.split()) for c in first.citations}
    rest = [it for it in items if " ".join(it.citation.quote.split()) not in quoted]
    if not rest:
        return first
    table = list_answer(first.question, first.lang, request, rest, max(c.marker for c in first.citations) + 1)
    return first.model_copy(
        update={"text": first.text.rstrip() + "\n\n" + table.text, "citations": [*first.citations, *table.citations]}
    )


def with_enumerated_items(assistant: Assistant, answer: Answer) -> Answer:
    """An answer to a plural question ("Hvilke grundpiller …?", "Which ministers …?") whose first
    quote enumerates the things asked for, in one sentence: the quote stays whole (it is the
    answer, and an answer's span may be the whole enumeration), and its phrases are listed under
    it with the count, each cited as its own span, as a list answer's items are."""
    if answer.refused or not answer.citations:
        return answer
    first = answer.citations[0]
    chunk = assistant.index.chunks.get(first.chunk_id)
    start = chunk.text.find(first.quote) if chunk is not None else -1
    spans = enumeration_spans(first.quote) if start >= 0 else []
    phrases = [first.quote[a:b] for a, b in spans]
    if chunk is None or not spans or not plain(phrases) or given_items(answer.question, phrases):
        return answer
    where = Hit(chunk, 0.0, 1, None, None)
    marker = max(c.marker for c in answer.citations)
    items = [
        cite_span(assistant.index, where, start + a, start + b, marker=marker + n) for n, (a, b) in enumerate(spans, 1)
    ]
    lang = answer.lang
    lines = [
        "",
        "",
        phrase(lang, "list_head_quoted", n=str(len(items))),
        "",
        f"| # | {phrase(lang, 'list_item')} | |",
        "|---|---|---|",
    ]
    lines += [f"| {n} | {cell(c.quote)} | [{c.marker}] |" for n, c in enumerate(items, 1)]
    return answer.model_copy(
        update={"text": answer.text.rstrip() + "\n".join(lines), "citations": [*answer.citations, *items]}
    )


# a pronoun or an auxiliary verb in an item: a clause, not a thing ("… i 1521, gjorde han – og hans
# våpen –"); with items of at most ``PLAIN_WORDS`` words, 0.87 of the 422 + 150 sentences of
# ``evals/datasets/enumerations.jsonl`` that the splitter reads as enumerations are ones (0.76 without)
CLAUSE_WORDS = frozenset(
    "han hun de det den dette denne vi jeg du man seg sig he she they it we you er var har ble blev blir bliver "
    "gjorde gjør kan skal vil is was were are has had have did does".split()
)
PLAIN_WORDS = 4


def plain(phrases: list[str]) -> bool:
    """Whether an enumeration's phrases name things: short, and no clause among them."""
    return all(len(w := p.lower().split()) <= PLAIN_WORDS and not CLAUSE_WORDS.intersection(w) for p in phrases)


def given_items(question: str, phrases: list[str]) -> bool:
    """Whether the question already names a phrase of the enumeration ("Hvilke språk har bevart
    etternavn og stammenavn fra akkadisk?" over "… bevart mange låneord, etternavn og
    stammenavn …"): the enumeration is then what the question gives, not what it asks for."""
    asked = set(analyze(question))
    return any((terms := set(analyze(p))) and terms <= asked for p in phrases)
