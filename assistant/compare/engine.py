"""Compare documents on a topic: for each document in scope, the learned reader reads that
document's own best passages for the topic; a sentence ranker (``model.json``) orders its
sentences by how well they state the document's position, and an "addressed" model gives the
calibrated probability that the document speaks to the topic at all. Below the threshold the
row says "not addressed" (with the closest sentence on demand); otherwise it quotes the best
sentence and the next ones nearly as good, up to three. Both models and the threshold are
fitted by ``python -m assistant.compare.fit`` on the comparison topics' train and dev splits."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.citations import cite_span
from assistant.compare.features import DOCUMENT_FEATURES, SENTENCE_FEATURES, document_features, sentence_features
from assistant.compare.models import Comparison, ComparisonRow
from assistant.compare.stance import stance_of
from assistant.extractive import author_patterns, name_patterns
from assistant.models import Citation
from assistant.question import QuestionInfo, analyze_question
from assistant.reader.engine import LearnedReader
from assistant.reader.scorer import LogisticScorer, load_fitted
from assistant.reader.select import Reading
from retrieval.index import Index

MODEL_PATH = Path(__file__).resolve().with_name("model.json")
MAX_QUOTES = 3
# above this many documents in scope, only those with a passage among the topic's best
# passages over the whole scope are read; the rest are "not addressed" without reading
MAX_READ = 12


@dataclass
class CompareModel:
    ranker: LogisticScorer | None = None
    addressed: LogisticScorer | None = None
    threshold: float = 0.3  # without a fitted model: the reader's answerability
    quote_ratio: float = 0.5  # a further sentence is quoted when its softmax share is this of the best's
    k: int = 6  # passages read per document


def load_compare_model(path: Path = MODEL_PATH) -> CompareModel:
    def build(data: dict[str, object]) -> CompareModel:
        return CompareModel(
            LogisticScorer.from_dict(data["ranker"], SENTENCE_FEATURES),  # type: ignore[arg-type]
            LogisticScorer.from_dict(data["addressed"], DOCUMENT_FEATURES),  # type: ignore[arg-type]
            float(data["threshold"]),  # type: ignore[arg-type]
            float(data["quote_ratio"]),  # type: ignore[arg-type]
            int(data["k"]),  # type: ignore[arg-type]
        )

    return load_fitted(path, build, CompareModel(), "a comparison model", "python -m assistant.compare.fit")


@dataclass
class DocumentReading:
    """One document read for a topic: the reader's reading, the ranker's order of its
    sentences (indices into ``reading.ok``, best first) and the probability it addresses it."""

    doc_id: str
    reading: Reading
    sentence_X: np.ndarray
    scores: np.ndarray
    document_x: np.ndarray
    p: float
    question: QuestionInfo

    @property
    def order(self) -> list[int]:
        return sorted(range(len(self.scores)), key=lambda n: (-self.scores[n], n))


class Comparer:
    def __init__(self, index: Index, reader: LearnedReader | None = None, model: CompareModel | None = None) -> None:
        self.index = index
        self.reader = reader if isinstance(reader, LearnedReader) else LearnedReader(index)
        self.model = model or load_compare_model()
        self.speakers = {d.id: name_patterns(d) + author_patterns(d.author) for d in index.info.documents}

    def compare(self, topic: str, doc_ids: Sequence[str] | None = None) -> Comparison:
        started = time.perf_counter()
        topic = " ".join(topic.split())
        if not topic:
            raise ValueError("the topic is empty")
        scope = self.scope(doc_ids)
        q = analyze_question(topic)
        read = self.worth_reading(topic, scope)
        rows = [self.row(self.read(q, topic, d)) if d in read else self.unread(d) for d in scope]
        took = round((time.perf_counter() - started) * 1000, 2)
        return Comparison(topic=topic, lang=q.lang, rows=rows, took_ms=took)

    def scope(self, doc_ids: Sequence[str] | None) -> list[str]:
        known = list(self.index.documents)
        if not doc_ids:
            return known
        unknown = [d for d in doc_ids if d not in self.index.documents]
        if unknown:
            raise ValueError(f"unknown document(s) {', '.join(unknown)}; known: {', '.join(known)}")
        return list(dict.fromkeys(doc_ids))

    def worth_reading(self, topic: str, scope: list[str]) -> set[str]:
        if len(scope) <= MAX_READ:
            return set(scope)
        hits = self.index.search(topic, k=4 * MAX_READ, doc_ids=scope)
        return set(list(dict.fromkeys(h.chunk.doc_id for h in hits))[:MAX_READ])

    def read(self, q: QuestionInfo, query: str, doc_id: str) -> DocumentReading:
        hits = self.index.search(query, k=self.model.k, doc_ids=[doc_id])
        r = self.reader.read(q, hits, query)
        X = sentence_features(r, self.speakers.get(doc_id, []))
        if self.model.ranker is not None and len(X):
            scores = self.model.ranker.decision(X)
        else:
            scores = np.asarray([r.logits[i] for i in r.ok], dtype=np.float64)
        d = document_features(r, scores)
        if not r.ok:
            p = 0.0
        elif self.model.addressed is not None:
            p = float(self.model.addressed.predict_proba(d[None, :])[0])
        else:
            p = r.answerability
        return DocumentReading(doc_id, r, X, scores, d, p, q)

    def row(self, dr: DocumentReading) -> ComparisonRow:
        base = self.unread(dr.doc_id)
        r = dr.reading
        if not r.ok:
            return base
        base.confidence = dr.p
        order = dr.order
        if dr.p < self.model.threshold:
            base.related = self.cite(r, [r.ok[order[0]]])[0]
            return base
        citations = self.cite(r, [r.ok[n] for n in self.quotes(dr)])
        stance = stance_of([c.quote for c in citations], self.about(dr.question))
        return base.model_copy(
            update={
                "addressed": True,
                "citations": citations,
                "label": stance.label if stance else None,
                "label_cue": stance.cue if stance else "",
            }
        )

    def about(self, q: QuestionInfo) -> Callable[[str], bool]:
        """Whether a stretch of text is about the topic: it holds at least half of the topic's
        terms by IDF weight (so "begrepsbruken" is not about "avkriminalisering av bruk")."""
        weights = self.reader.weights(q)
        total = sum(weights.values()) or 1.0
        return lambda text: sum(w for t, w in weights.items() if t in self.reader.terms(text)) / total >= 0.5

    def quotes(self, dr: DocumentReading) -> list[int]:
        """The best sentence, then the next ones whose share (a softmax over the document's
        sentences) is at least ``quote_ratio`` of the best's, up to three, each different."""
        order = dr.order
        top = dr.scores[order[0]]
        chosen = [order[0]]
        texts = {dr.reading.candidates[dr.reading.ok[order[0]]].record.text}
        for n in order[1:]:
            if len(chosen) == MAX_QUOTES or math.exp(dr.scores[n] - top) < self.model.quote_ratio:
                break
            text = dr.reading.candidates[dr.reading.ok[n]].record.text
            if text not in texts:
                chosen.append(n)
                texts.add(text)
        return chosen

    def cite(self, r: Reading, chosen: list[int]) -> list[Citation]:
        """Citations of the candidates ``chosen``, in the document's order, numbered from 1."""
        ordered = sorted(chosen, key=lambda i: (r.candidates[i].hit.chunk.clean_start, r.candidates[i].record.start))
        return [
            cite_span(self.index, r.candidates[i].hit, r.candidates[i].record.start, r.candidates[i].record.end, n)
            for n, i in enumerate(ordered, 1)
        ]

    def unread(self, doc_id: str) -> ComparisonRow:
        doc = self.index.documents[doc_id]
        return ComparisonRow(
            doc_id=doc_id,
            file_name=doc.file,
            title=doc.title,
            author=doc.author,
            year=doc.year,
            addressed=False,
            confidence=0.0,
        )
