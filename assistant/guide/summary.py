"""An extractive summary: the document's most central sentences, without repeating one another.

Centrality is each sentence's cosine to the mean of all the document's sentence vectors (the
stored e5 vectors). Sentences are taken greedily by maximal marginal relevance (centrality
against the highest cosine to a sentence already taken), skipping headings, short fragments,
footnotes and list debris; the summary is given in document order. A document with a summary
of its own (a section headed "Sammendrag", "Resumé", "Summary" …) is summarised from that
section: its authors chose those sentences to stand for the whole."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.guide.figures import FOOTNOTE
from retrieval.chunking import passage_sentences
from retrieval.types import Chunk

SUMMARY_SENTENCES = 3
MIN_WORDS = 8
MAX_WORDS = 60
DIVERSITY = 0.3  # weight of redundancy against centrality
LEAD = 0.05  # bonus for the first sentence, falling to 0 at the document's end (documents state their aim early)
POINTS_BACK = re.compile(r"^(?:det|den|dette|denne|disse|de|der|da|her|hertil|så|også|this|these|it|they|that)\b", re.I)
SENTENCE_ENDS = (".", "!", "?", "”", '"', "»", ")")
SUMMARY_HEADING = re.compile(
    r"(?i)^\W*(?:\d+(?:\.\d+)*\.?\s*|[IVX]+\.\s*)?(?:executive\s+|kort\s+)?(?:sammendrag|sammenfatning|resum[eé]|summary|"
    r"abstract|oppsummering|opsummering|oppsummert|opsummeret)\W*$"
)


@dataclass(frozen=True)
class Sentence:
    chunk: Chunk
    start: int
    end: int
    vector: np.ndarray

    @property
    def text(self) -> str:
        return self.chunk.text[self.start : self.end]


def usable(text: str) -> bool:
    words = text.split()
    return (
        MIN_WORDS <= len(words) <= MAX_WORDS
        and text.rstrip().endswith(SENTENCE_ENDS)
        and text.lstrip()[:1].isupper()
        and not FOOTNOTE.match(text)
        and sum(ch.isdigit() for ch in text) < len(text) / 8
        and not POINTS_BACK.match(text.strip())  # a summary sentence must stand on its own
    )


def own_summary(sentence: Sentence) -> bool:
    """Is the sentence in the document's own summary (a section headed "2. SAMMENDRAG")?"""
    return bool(sentence.chunk.section and SUMMARY_HEADING.match(sentence.chunk.section))


def document_sentences(chunks: list[Chunk], vectors_of) -> list[Sentence]:  # type: ignore[no-untyped-def]
    """The document's sentences with their stored vectors (``vectors_of(chunk_id)`` gives
    ``(start, end, vector)`` per sentence, as :class:`retrieval.index.SentenceVectors` does)."""
    out: list[Sentence] = []
    for chunk in chunks:
        stored = {(a, b): v for a, b, v in vectors_of(chunk.chunk_id)}
        for a, b in passage_sentences(chunk.text):
            v = stored.get((a, b))
            if v is not None and len(v):
                out.append(Sentence(chunk, a, b, np.asarray(v, dtype=np.float32)))
    return out


def central_sentences(sentences: list[Sentence], n: int = SUMMARY_SENTENCES) -> list[Sentence]:
    if not sentences:
        return []
    V = np.stack([s.vector for s in sentences])
    V = V / np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-9)
    centroid = V.mean(axis=0)
    centrality = V @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
    centrality = centrality + LEAD * (1 - np.arange(len(sentences)) / max(len(sentences) - 1, 1))
    candidates = [i for i, s in enumerate(sentences) if usable(s.text)] or list(range(len(sentences)))
    own = [i for i in candidates if own_summary(sentences[i])]
    if len(own) >= n:
        candidates = own
    chosen: list[int] = []
    while candidates and len(chosen) < n:

        def score(i: int) -> float:
            redundancy = max((float(V[i] @ V[j]) for j in chosen), default=0.0)
            return float(centrality[i]) - DIVERSITY * redundancy

        best = max(candidates, key=lambda i: (score(i), -i))
        chosen.append(best)
        candidates.remove(best)
    return [sentences[i] for i in sorted(chosen)]
