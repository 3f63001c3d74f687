"""Upload checks without a server: names, types, sizes and contents are refused with a
reason, and nothing is written outside the documents folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.web.upload import UploadRejected, add_uploads, check_name
from retrieval.settings import Settings


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../x.txt", "plain file name"),
        ("a/b.md", "plain file name"),
        ("..", "plain file name"),
        ("C:\\\\evil.txt", "plain file name"),
        (".hidden.md", "hidden"),
        ("virus.exe", "'.exe' files are not supported"),
        ("README", "without an extension"),
        ("bad\x00name.txt", "control characters"),
        ("x" * 200 + ".txt", "longer than"),
    ],
)
def test_bad_names(name: str, reason: str) -> None:
    with pytest.raises(UploadRejected, match=reason):
        check_name(name)


@pytest.mark.parametrize("name", ["notat.md", "Rapport 2024 (endelig).pdf", "æøå.docx", "side.html"])
def test_good_names(name: str) -> None:
    assert check_name(name) == name


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_text("Et frø med noget tekst om narkotikapolitik.\n", encoding="utf-8")
    return Settings(data_dir=tmp_path / "data", seeds_dir=seeds, max_upload_mb=1)


def incoming(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "gradio-cache"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_add_good_and_refuse_bad(settings: Settings, tmp_path: Path) -> None:
    good = incoming(tmp_path, "notat.md", "# Notat\n\nKommunen åbnede 7 sprøjterum i 2023.\n".encode())
    report = add_uploads(
        settings,
        [
            (good, "notat.md"),
            (incoming(tmp_path, "x.txt", b"escape attempt"), "../x.txt"),
            (incoming(tmp_path, "virus.exe", b"MZ\x90\x00"), "virus.exe"),
            (incoming(tmp_path, "empty.pdf", b""), "empty.pdf"),
            (incoming(tmp_path, "fake.pdf", b"%PDF-1.4 not really"), "fake.pdf"),
            (incoming(tmp_path, "big.txt", b"a" * (1024 * 1024 + 1)), "big.txt"),
            (incoming(tmp_path, "bin.txt", bytes(range(256)) * 10), "bin.txt"),
            (incoming(tmp_path, "copy.txt", (settings.seeds_dir / "seed.txt").read_bytes()), "copy.txt"),
            (tmp_path / "missing.md", "missing.md"),
        ],
    )
    assert report.added == ["notat.md"]
    reasons = dict(report.rejected)
    assert set(reasons) == {
        "../x.txt",
        "virus.exe",
        "empty.pdf",
        "fake.pdf",
        "big.txt",
        "bin.txt",
        "copy.txt",
        "missing.md",
    }
    assert "plain file name" in reasons["../x.txt"]
    assert "not supported" in reasons["virus.exe"]
    assert "empty" in reasons["empty.pdf"]
    assert "damaged" in reasons["fake.pdf"]
    assert "larger than" in reasons["big.txt"]
    assert "binary" in reasons["bin.txt"]
    assert "already in the corpus" in reasons["copy.txt"]
    assert files_under(settings.uploads_dir) == {"notat.md"}  # no staging leftovers
    assert not (settings.data_dir.parent / "x.txt").exists() and not (settings.data_dir / "x.txt").exists()


def test_same_name_different_content_gets_a_new_name(settings: Settings, tmp_path: Path) -> None:
    first = incoming(tmp_path, "a.md", b"# Et\n\nFoerste udgave af notatet om behandling.\n")
    assert add_uploads(settings, [(first, "a.md")]).added == ["a.md"]
    second = incoming(tmp_path, "a2.md", b"# To\n\nAnden udgave af notatet om behandling.\n")
    assert add_uploads(settings, [(second, "a.md")]).added == ["a-2.md"]
