"""Shared fixtures. Indexes are built with the real embedding model and real Chroma;
one embedding cache per test session means each passage is embedded once."""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from retrieval.settings import Settings  # noqa: E402
from retrieval.types import Chunk  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("embedding-cache")


def make_settings(data_dir: Path, cache: Path, **overrides: object) -> Settings:
    """Settings on a private data dir whose embedding cache is the session's."""
    data_dir.mkdir(parents=True, exist_ok=True)
    cache_link = data_dir / "cache"
    if not cache_link.exists():
        cache_link.symlink_to(cache, target_is_directory=True)
    values: dict[str, object] = {"seeds_dir": SEEDS, "show_progress": False, **overrides}
    return Settings(data_dir=data_dir, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seed_index_settings(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Settings:
    return make_settings(tmp_path_factory.mktemp("seed-index"), shared_cache)


@pytest.fixture(scope="session")
def seed_index(seed_index_settings: Settings):
    from retrieval.index import Index

    return Index.open(seed_index_settings)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Two seed documents in a folder of their own (with their manifest entries)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("001_5c16d68630351be6.txt", "002_964e49fde732eafd.txt"):
        shutil.copy(SEEDS / name, folder / name)
    shutil.copy(SEEDS / "manifest.json", folder / "manifest.json")
    return folder


def corpus_settings(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path, name: str, files: dict[str, str | bytes]
) -> Settings:
    """Settings over a corpus of ``files`` (name -> text, or a file's bytes) written for the
    test, as uploads would be, on a data dir of its own (the session's embedding cache)."""
    folder = tmp_path_factory.mktemp(name)
    for file_name, content in files.items():
        if isinstance(content, bytes):
            (folder / file_name).write_bytes(content)
        else:
            (folder / file_name).write_text(content, encoding="utf-8")
    return make_settings(tmp_path_factory.mktemp(f"{name}-index"), shared_cache, seeds_dir=folder)


def word_document(paragraphs: list[tuple[str, str | None]]) -> bytes:
    """A .docx of (text, style) paragraphs: a style "List Bullet 2" makes a second-level point
    whose marker, as in Word, is not in the paragraph's text."""
    import io

    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def with_notes(data: bytes, kind: str, notes: dict[int, str]) -> bytes:
    """A saved .docx with a footnotes or endnotes part added (python-docx cannot write one),
    with Word's two separator notes, which hold no text of the document."""
    import io
    import zipfile

    body = "".join(
        f'<w:{kind} w:id="{n}"><w:p><w:r><w:{kind}Ref/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
        for n, text in notes.items()
    )
    part = (
        f'<w:{kind}s xmlns:w="{_W}">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0">'
        f"<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"
        f"{body}</w:{kind}s>"
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {name: z.read(name) for name in z.namelist()}
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/word/{kind}s.xml" ContentType="{ct}.{kind}s+xml"/></Types>'.encode()
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdNotes" Type="{rel}/{kind}s" Target="{kind}s.xml"/></Relationships>'.encode(),
    )
    files[f"word/{kind}s.xml"] = part.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def reference(paragraph: object, kind: str, note_id: int) -> None:
    """A footnote or endnote reference (Word's superscript mark) at the end of a paragraph."""
    from lxml import etree

    mark = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    run = f'<w:r xmlns:w="{_W}">{mark}<w:{kind}Reference w:id="{note_id}"/></w:r>'
    paragraph._p.append(etree.fromstring(run))  # type: ignore[attr-defined]


def passage_chunk(text: str, **fields: object) -> Chunk:
    """A passage written in a test, for the parts that read passages without an index: ``text``
    at raw offset 0 of a one-passage document unless ``fields`` say otherwise."""
    values: dict[str, object] = {
        "chunk_id": "d:0000", "doc_id": "d", "file_name": "d.txt", "title": "Dokument", "lang": "nb",
        "text": text, "raw_start": 0, "raw_end": len(text), "line_start": 1, "line_end": 1,
        "clean_start": 0, "clean_end": len(text), "n_tokens": len(text.split()), "content_hash": "x",
    }  # fmt: skip
    values.update(fields)
    return Chunk(**values)  # type: ignore[arg-type]


@cache
def cleaned_text(path: Path) -> str:
    """A document's text as the index holds it, where the scoring looks for a gold quote: cleaning
    drops line numbers and footnote markers that a quote copied from the file keeps ("med 19
    metadon", "ASSIST5")."""
    from retrieval.cleaning import clean_document
    from retrieval.loaders import load_document

    return clean_document(load_document(path)).text
