"""Which documents make up the corpus, with their metadata, cleaned and chunked.

The corpus is the shipped ``seeds/`` (described by ``seeds/manifest.json``), the user's
uploads in ``<data_dir>/documents`` and any ``extra_paths``. A file that cannot be read
is reported by name and left out; the rest still index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.chunking import CHUNKER_VERSION, DocInfo, chunk_document, naive_chunks
from retrieval.cleaning import clean_document
from retrieval.linejoin import Vocabulary
from retrieval.loaders import LOADER_VERSION, DocumentLoadError, FolderUnreadable, discover, load_document
from retrieval.manifest import DocumentMeta, Manifest, guess_meta, load_manifest
from retrieval.settings import Settings
from retrieval.types import Chunk, LoadedDocument

# v2: bullet glyphs; v3, v6: PDF headers, page breaks; v4, v5: paragraphs kept; v7: footnotes, contents;
# v8: a footnote of the section referring to it, PDF table rows; v9: lettered headings; v10: "## " headings;
# v11: contents without leaders; v12: a paragraph a line; v13: photo credits
CLEANING_VERSION = "clean-v13"


@dataclass
class CorpusDocument:
    meta: DocumentMeta
    loaded: LoadedDocument


@dataclass
class Corpus:
    documents: list[CorpusDocument] = field(default_factory=list)
    errors: list[DocumentLoadError] = field(default_factory=list)

    def fingerprint_parts(self) -> list[str]:
        return sorted(f"{d.loaded.sha256}:{d.meta.model_dump_json()}" for d in self.documents)


def corpus_paths(settings: Settings) -> list[Path]:
    """Every document file of the corpus. A configured corpus path that is missing is an error
    (indexing without it would drop its documents); the uploads folder appears on first upload."""
    for root in [settings.seeds_dir, *settings.extra_paths]:
        if not root.exists():
            raise FolderUnreadable(
                f"the corpus path {root} does not exist. Point ASSISTANT_SEEDS_DIR / ASSISTANT_EXTRA_PATHS "
                "at your documents, then run `assistant ingest`"
            )
    roots = [settings.seeds_dir, settings.uploads_dir, *settings.extra_paths]
    return discover(p for p in roots if p.exists())


def load_corpus(settings: Settings, paths: Iterable[Path] | None = None) -> Corpus:
    manifests: dict[Path, Manifest] = {}
    corpus = Corpus()
    seen_ids: set[str] = set()
    seen_sha: set[str] = set()
    for path in paths if paths is not None else corpus_paths(settings):
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        try:
            loaded = load_document(path)
        except DocumentLoadError as exc:
            corpus.errors.append(exc)
            continue
        if loaded.sha256 in seen_sha:
            continue  # the same file twice (e.g. uploaded again): index it once
        meta = manifests[folder].by_file().get(path.name) or guess_meta(path, loaded.text, loaded.sha256)
        if meta.id in seen_ids:
            meta = meta.model_copy(update={"id": f"{meta.id}-{loaded.sha256[:6]}"})
        seen_ids.add(meta.id)
        seen_sha.add(loaded.sha256)
        loaded = loaded.model_copy(update={"doc_id": meta.id})
        corpus.documents.append(CorpusDocument(meta, loaded))
    return corpus


@dataclass
class SeedEvidence:
    """Word evidence from the shipped corpus, shared by every document's cleaning."""

    vocabulary: Vocabulary
    shas: set[str]


def seed_evidence(settings: Settings) -> SeedEvidence:
    texts, shas = [], set()
    for path in discover([settings.seeds_dir]) if settings.seeds_dir.exists() else []:
        try:
            loaded = load_document(path)
        except DocumentLoadError:
            continue
        texts.append(loaded.text)
        shas.add(loaded.sha256)
    return SeedEvidence(Vocabulary(texts), shas)


def chunk_corpus_document(doc: CorpusDocument, seeds: SeedEvidence, settings: Settings) -> list[Chunk]:
    """Clean and chunk one document. Its cleaning depends only on itself and the seeds,
    so adding a document never changes another document's passages."""
    info = DocInfo(doc.meta.id, doc.meta.file, doc.meta.title, doc.meta.lang, doc.loaded.text)
    if settings.chunker == "naive":
        return naive_chunks(doc.loaded.text, info, settings.naive_chunk_chars)
    vocab = seeds.vocabulary
    if doc.loaded.sha256 not in seeds.shas:
        vocab = Vocabulary()
        vocab.words.update(seeds.vocabulary.words)
        vocab.bigrams.update(seeds.vocabulary.bigrams)
        vocab.add(doc.loaded.text)
    cleaned = clean_document(doc.loaded, vocab)
    return chunk_document(
        cleaned,
        info,
        max_tokens=settings.chunk_tokens,
        overlap_sentences=settings.chunk_overlap_sentences,
        enc_name=settings.tiktoken_encoding,
    )


def pipeline_version(settings: Settings) -> str:
    if settings.chunker == "naive":
        return f"naive/{settings.naive_chunk_chars}"
    return (
        f"{LOADER_VERSION}/{CLEANING_VERSION}/{CHUNKER_VERSION}/{settings.tiktoken_encoding}"
        f"/{settings.chunk_tokens}/{settings.chunk_overlap_sentences}"
    )
