"""What the footer says about the index and the answering backend, and the corpus list."""

from __future__ import annotations

from typing import Any

from assistant.llm import safe_url
from retrieval.index import Index
from retrieval.settings import Settings
from retrieval.store import search_failed

LLM_BACKENDS = ("openai", "ollama")


def llm_backend(settings: Settings) -> str | None:
    """The configured LLM backend, if any: the settings' own, or "openai" when a model and URL are set."""
    if settings.backend in LLM_BACKENDS:
        return settings.backend
    if settings.llm_base_url and settings.llm_model:
        return "openai"
    return None


def backend_choices(settings: Settings) -> list[tuple[str, str]]:
    """(label, value) pairs for the backend setting: extractive, plus the configured LLM."""
    choices = [("Extractive (quotes the documents, no language model)", "extractive")]
    llm = llm_backend(settings)
    if llm:
        choices.append((f"LLM: {settings.llm_model or llm} ({llm})", llm))
    return choices


def backend_label(settings: Settings) -> str:
    if settings.backend in LLM_BACKENDS:
        return f"{settings.backend} ({settings.llm_model or 'model not set'})"
    return settings.backend


def documents(index: Index) -> list[dict[str, Any]]:
    """The indexed documents, for the sidebar and the ``documents`` API."""
    return [
        {
            "id": d.id,
            "title": d.title,
            "author": d.author,
            "year": d.year,
            "date": d.date,
            "lang": d.lang,
            "type": d.doc_type,
            "file": d.file,
            "passages": d.n_chunks,
            "pages": d.page_count,
        }
        for d in index.info.documents
    ]


def vector_store(index: Index, settings: Settings) -> dict[str, Any]:
    """Whether the live build's vectors can be read now: {"mode", "url", "ok", "detail"}."""
    mode = "server" if settings.chroma_url else "embedded"
    out: dict[str, Any] = {"mode": mode, "url": safe_url(settings.chroma_url) if settings.chroma_url else ""}
    try:
        count = index.store._collection.count()
    except Exception as exc:  # any failure to read is the answer to "is it ok?"
        error = search_failed(settings.chroma_url, settings.index_dir / "chroma", exc)
        return {**out, "ok": False, "detail": str(error)}
    if count != index.info.n_chunks:
        detail = f"the collection holds {count} of {index.info.n_chunks} passages; run `assistant ingest --rebuild`"
        return {**out, "ok": False, "detail": detail}
    return {**out, "ok": True, "detail": f"{count} passages"}


def status(index: Index, settings: Settings) -> dict[str, Any]:
    info = index.info
    return {
        "vector_store": vector_store(index, settings),
        "documents": len(info.documents),
        "passages": info.n_chunks,
        "embedding_model": info.model_id,
        "backend": backend_label(settings),
        "build_id": info.build_id,
        "built": info.created.replace("T", " ")[:16] + " UTC" if info.created else "",
        "skipped": list(info.errors),
    }
