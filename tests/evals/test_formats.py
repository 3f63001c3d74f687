"""The upload formats of evals/formats.py, read back by the real loaders and cleaner: a text written
as PDF (with running header and page footer, hyphenated or not), Word or HTML gives back its words."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from evals.formats import FORMATS, SUFFIX, convert, hyphenated_lines, render
from retrieval.cleaning import clean_document
from retrieval.loaders import load_document

SENTENCES = [
    "Kommunen har gjennomført en omfattende undersøkelse av trafikksikkerheten langs skoleveiene.",
    "Resultatene viser at foreldrene ønsker bedre belysning, flere fotgjengeroverganger og lavere fartsgrenser.",
    "Fylkeskommunen vil finansiere halvparten av kostnadene dersom kommunestyret vedtar planen før sommeren.",
    "Politiet gjennomførte tolv kontroller i løpet av høsten og skrev ut førtisju forelegg.",
]
# three paragraphs, long enough for several pages, so that headers and footers repeat (the
# sentences numbered and not in a cycle, so that no line of running text repeats)
TEXT = (
    "Trafikksikkerhet i kommunen\n"
    + "\n".join(" ".join(f"I punkt {p}.{n}: {SENTENCES[(n * n + p) % 4]}" for n in range(40)) for p in range(3))
    + "\n"
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reads_back_as_the_same_words(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"plan{SUFFIX[fmt]}"
    path.write_bytes(render(TEXT, fmt))
    loaded = load_document(path)
    if fmt.startswith("pdf"):
        assert len(loaded.page_starts) >= 3  # several pages, each with its header and footer
        assert loaded.text.count("Side 2 av") == 1
    if fmt == "pdf-hyphenated":
        assert len(re.findall(r"\w-\n", loaded.text)) >= 10  # words broken at line ends
    # running header, footers and line-end hyphens are gone; every word is whole again
    assert words(clean_document(loaded).text) == words(TEXT)


def test_hyphenation_breaks_after_a_vowel_and_keeps_three_letters_on_each_side() -> None:
    lines = hyphenated_lines("aaaa bbbb trafikksikkerheten", width=18)
    assert lines == ["aaaa bbbb trafi-", "kksikkerheten"]
    for line in hyphenated_lines(" ".join(SENTENCES * 3), width=40):
        assert len(line) <= 40
        if line.endswith("-"):
            assert re.search(r"[aeiouyæøå]-$", line) and len(line.split()[-1]) > 3


def test_convert_writes_each_text_once_and_names_the_new_files(tmp_path: Path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / "b.txt").write_text("Tittel\nEn kort tekst.\n", encoding="utf-8")
    assert convert(src, dst, "docx") == {"a.txt": "a.docx", "b.txt": "b.docx"}
    before = (dst / "a.docx").stat().st_mtime_ns
    # python-docx dates a document's parts by the clock: fixed, the same text gives the same bytes
    with zipfile.ZipFile(dst / "a.docx") as archive:
        assert {m.date_time for m in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    convert(src, dst, "docx")  # the same bytes again: the file (and an index built on it) stays
    assert (dst / "a.docx").stat().st_mtime_ns == before
    with pytest.raises(ValueError, match="unknown format"):
        render(TEXT, "rtf")
