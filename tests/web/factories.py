"""Answers and citations for the web tests that need no index."""

from __future__ import annotations

from assistant.models import Answer, Citation

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=2">'


def citation(marker: int = 1, quote: str = "Antallet steg til 276 i 2009.", **kw: object) -> Citation:
    passage = kw.pop("passage", f"Indledning. {quote} Afslutning.")
    values: dict[str, object] = {
        "marker": marker,
        "chunk_id": f"doc:{marker:04d}",
        "doc_id": "doc",
        "file_name": "doc.txt",
        "title": "Kampen mod narko II",
        "author": "Regeringen (Socialministeriet)",
        "year": 2010,
        "page": 8,
        "section": "Udfordringer",
        "quote": quote,
        "passage": passage,
        "raw_start": 12,
        "raw_end": 12 + len(quote),
        "line_start": 3,
        "line_end": 4,
        "score": 0.0325,
    }
    values.update(kw)
    return Citation(**values)  # type: ignore[arg-type]


def answer(**kw: object) -> Answer:
    values: dict[str, object] = {
        "question": "Hvor mange dødsfald var der i 2009?",
        "text": "**276** — ifølge *Kampen mod narko II* [1].\n\n> “Antallet steg til 276 i 2009.” [1]",
        "citations": [citation()],
        "lang": "da",
        "query": "dødsfald 2009",
    }
    values.update(kw)
    return Answer(**values)  # type: ignore[arg-type]
