"""Build a document's guide and keep it next to the index.

``build_guide(assistant, doc_id)`` computes it offline from the indexed passages and their
stored sentence vectors; the suggested questions are asked of the assistant (restricted to the
document) and only those it answers with a citation are kept. ``GuideStore`` keeps guides as
JSON under ``<index_dir>/guides/``, keyed by the document's content hash and the guide's
version, so a changed document or a new guide version is built again and nothing else is."""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant.citations import cite_span
from assistant.guide.figures import document_figures
from assistant.guide.models import Guide, KeyFigure, SuggestedQuestion
from assistant.guide.outline import outline
from assistant.guide.questions import candidates, distinctive_words
from assistant.guide.summary import central_sentences, document_sentences
from assistant.models import Citation
from retrieval.tokenization import analyze
from retrieval.types import Chunk, Hit

if TYPE_CHECKING:
    from assistant.api import Assistant

log = logging.getLogger(__name__)
# 2: a document's own summary section is its summary; 3: no sections without text; 4-7: figures;
# 8: numbered and lettered headings inside passages; 9: headings' levels as Word, HTML, Markdown mark them;
# 10: the title's lines that open the outline left out; 11: decades, ages, counts in words, every event year
# 12: suggested questions: topics as written, one per stem, no credits, units or names counted
# 13: no topic words in -ielt, -ært (adverbs) or -ret (participles); 14: amounts without their currency;
# 15: lettered headings closing with a point ("b) Bøtesoning.") or with no space after the letter;
# 16: English dates, ages and counts in words, a month with its year; 17: an English text's counted noun phrase;
# 18: a span of time in the genitive or as a word's first part ("10 års", "20-års"); 19: a share as "41 pct.";
# 20: a year after a part of a year ("første halvår af 2010") or beside another ("for 2004 og 2006") is no count
GUIDE_VERSION = 20
QUESTIONS = 5
MAX_TRIED = 12  # candidate questions asked per language at most


def build_guide(assistant: Assistant, doc_id: str, questions: bool = True) -> Guide:
    """The guide to ``doc_id``; ``questions``: with the suggested questions the assistant answers
    from it (each asked, so False while those very questions are being asked)."""
    index = assistant.index
    doc = index.documents[doc_id]
    chunks = index.passages(doc_id)
    raw = index.raw_texts.get(doc_id)

    def cite(chunk: Chunk, start: int, end: int) -> Citation:
        return cite_span(index, Hit(chunk, 0.0, 1, None, None), start, end)

    summary = [cite(s.chunk, s.start, s.end) for s in central_sentences(document_sentences(chunks, index.sentences.of))]
    for n, c in enumerate(summary, 1):
        c.marker = n
    figures = [
        KeyFigure(
            value=f.value, kind=f.kind, refers_to=f.refers_to, period=f.period, citation=cite(f.chunk, f.start, f.end)
        )  # type: ignore[arg-type]
        for f in document_figures(chunks)
    ]
    sections = outline(chunks, raw)
    guide = Guide(
        doc_id=doc_id,
        title=doc.title,
        file_name=doc.file,
        lang=doc.lang,
        version=GUIDE_VERSION,
        summary=summary,
        outline=sections,
        key_figures=figures,
    )
    stats = assistant.extractive.stats
    own = frozenset(w.lower() for w in re.findall(r"[^\W\d_]+", f"{doc.title} {doc.author}"))
    topics = distinctive_words(
        [c.text for c in chunks], lambda w: max((stats.idf(t) for t in analyze(w)), default=0.0), exclude=own
    )
    if not questions:
        return guide
    langs = [doc.lang] if doc.lang == "en" else [doc.lang, "en"]
    for lang in langs:
        if lang not in ("da", "nb", "en"):
            continue
        asked = list(candidates(lang, doc.title, figures, sections, topics, doc.lang))  # type: ignore[arg-type]
        guide.suggested_questions += answered_questions(assistant, doc_id, asked, lang)
    return guide


def answered_questions(
    assistant: Assistant, doc_id: str, questions: list[tuple[str, str | None]], lang: str
) -> list[SuggestedQuestion]:
    """The first ``QUESTIONS`` of ``questions`` the assistant answers from ``doc_id`` (a
    figure's question only when the answer gives that figure)."""
    kept: list[SuggestedQuestion] = []
    for text, figure in questions[:MAX_TRIED]:
        answer = assistant.ask(text, doc_ids=[doc_id], backend="extractive")
        cited = not answer.refused and any(c.doc_id == doc_id for c in answer.citations)
        if cited and (figure is None or digits(figure) in digits(answer.text)):
            kept.append(SuggestedQuestion(text=text, lang=lang, answered=True))  # type: ignore[arg-type]
        if len(kept) == QUESTIONS:
            break
    return kept


def digits(text: str) -> str:
    """The digits of a text, in order ("26,4 mio. kr." -> "264"), to find a figure in an answer."""
    return "".join(ch for ch in text if ch.isdigit())


class GuideStore:
    """Guides kept as JSON files, one per key (:meth:`assistant.api.Assistant.guide_key`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key[:24]}-v{GUIDE_VERSION}.json"

    def get(self, key: str) -> Guide | None:
        path = self.path(key)
        if not path.exists():
            return None
        try:
            return Guide.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, ValidationError) as exc:  # a damaged file is built again
            log.warning("guide %s unreadable (%s); building it again", path, exc)
            return None

    def put(self, key: str, guide: Guide) -> None:
        """Write atomically, through a temporary file of its own (two processes building the same
        guide at once each replace the file whole)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(key)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=path.stem, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(guide.model_dump_json())
        Path(tmp).replace(path)
