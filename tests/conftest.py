"""Shared fixtures. Indexes are built with the real embedding model and real Chroma;
one embedding cache per test session means each passage is embedded once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from retrieval.settings import Settings  # noqa: E402

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
