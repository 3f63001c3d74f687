from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.manifest import DocumentMeta, ManifestError, guess_lang, guess_meta, load_manifest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_shipped_manifest_describes_every_seed_file():
    manifest = load_manifest(SEEDS)
    files = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert sorted(d.file for d in manifest.documents) == files
    by_file = manifest.by_file()
    assert by_file["000_b5b70e48cfbf0eb5.txt"].lang == "da"
    assert by_file["000_b5b70e48cfbf0eb5.txt"].year == 2010
    assert {by_file[f].lang for f in files[1:]} == {"nb"}
    assert by_file["003_a590a045eda413d4.txt"].author == "Arbeiderpartiet"
    assert by_file["004_d15f278a6bb73f0f.txt"].author == "Politidirektoratet"
    for d in manifest.documents:
        assert d.title and d.description and d.doc_type


def test_manifest_language_matches_the_text():
    for d in load_manifest(SEEDS).documents:
        assert guess_lang((SEEDS / d.file).read_text(encoding="utf-8")) == d.lang


@pytest.mark.parametrize(
    "bad",
    [
        {"documents": [{"id": "a", "file": "x.txt", "title": "t"}]},  # id too short
        {"documents": [{"id": "ok-id", "file": "../x.txt", "title": "t"}]},  # path in file name
        {"documents": [{"id": "ok-id", "file": "x.txt", "title": "t", "lang": "xx"}]},
        {"documents": [{"id": "ok-id", "file": "x.txt", "title": "t"}, {"id": "ok-id", "file": "y.txt", "title": "u"}]},
    ],
)
def test_invalid_manifests_are_rejected_with_the_path(tmp_path, bad):
    (tmp_path / "manifest.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ManifestError, match="manifest.json"):
        load_manifest(tmp_path)


def test_missing_manifest_is_empty(tmp_path):
    assert load_manifest(tmp_path).documents == []


def test_guessed_metadata_for_user_documents(tmp_path):
    path = tmp_path / "Rapport 2024.md"
    meta = guess_meta(path, "# Rusmidler i skolen\n\nDette er ikke en rapport om hva som skjer.", "ab" * 32)
    assert isinstance(meta, DocumentMeta)
    assert meta.title == "Rusmidler i skolen" and meta.lang == "nb" and meta.id.startswith("rapport-2024-")
    assert guess_lang("The police and the health services") == "en"
    assert guess_lang("Regeringen vil af hensyn til hvad der sker") == "da"
