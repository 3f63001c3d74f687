"""The trivial reader, a baseline: the hybrid top-5 passages, then the one sentence with the
highest e5 cosine to the question, quoted with its citation. It never refuses."""

from __future__ import annotations

import numpy as np

from assistant.extractive import Candidate, ExtractiveEngine
from assistant.models import Answer
from assistant.question import QuestionInfo
from retrieval.types import Hit

TOP_PASSAGES = 5


class TrivialReader(ExtractiveEngine):
    def expand_hits(self, q: QuestionInfo, hits: list[Hit], query: str, doc_ids: object = None) -> list[Hit]:
        return hits[:TOP_PASSAGES]

    def answer(self, question: str, q: QuestionInfo, hits: list[Hit], query: str | None = None) -> Answer:
        qvec = np.asarray(self.index.query_vector(query or question), dtype=np.float32)
        best: Candidate | None = None
        for hit in hits[:TOP_PASSAGES]:
            for a, b, vec in self.index.sentences.of(hit.chunk.chunk_id):
                sim = float(np.dot(qvec, vec.astype(np.float32)))
                if best is None or sim > best.score:
                    best = Candidate(hit, a, b, hit.chunk.text[a:b], sim, 1.0)
        if best is None:
            return self.refusal(question, q, hits, None)
        return self.compose(question, q, [best])
