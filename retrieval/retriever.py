"""The hybrid index as a langchain ``BaseRetriever``."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.index import Index
from retrieval.settings import RetrievalMode
from retrieval.types import Hit


def hit_to_document(hit: Hit) -> Document:
    c = hit.chunk
    return Document(
        id=c.chunk_id,
        page_content=c.text,
        metadata={
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "file": c.file_name,
            "title": c.title,
            "section": c.section,
            "page": c.page,
            "page_end": c.page_end,
            "raw_start": c.raw_start,
            "raw_end": c.raw_end,
            "line_start": c.line_start,
            "line_end": c.line_end,
            "score": hit.score,
            "rank": hit.rank,
            "dense_rank": hit.dense_rank,
            "bm25_rank": hit.bm25_rank,
        },
    )


class HybridRetriever(BaseRetriever):
    """``HybridRetriever(index=Index.open(settings)).invoke("question")`` -> list[Document]."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 5
    mode: RetrievalMode = "hybrid"
    doc_ids: list[str] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.index.search(query, k=self.k, mode=self.mode, doc_ids=self.doc_ids)
        return [hit_to_document(h) for h in hits]
