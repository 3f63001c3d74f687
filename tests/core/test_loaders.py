"""Loader tests. Every fixture file is built in tmp_path; nothing is downloaded."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from evals.formats import Sized, pdf_bytes
from retrieval.loaders import (
    SUPPORTED_SUFFIXES,
    DocumentLoadError,
    discover,
    load_document,
    load_many,
)
from tests.conftest import reference, with_notes, word_document

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = REPO_ROOT / "seeds" / "000_b5b70e48cfbf0eb5.txt"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def load_error(path: Path, **kwargs: int) -> DocumentLoadError:
    with pytest.raises(DocumentLoadError) as info:
        load_document(path, **kwargs)
    assert info.value.path == path
    assert str(info.value).startswith(f"cannot read '{path.name}': ")
    return info.value


# ---------------------------------------------------------------------------- pdf fixtures


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one Helvetica text line per string, a correct xref table."""
    return pdf_bytes(pages)


PAGE_ONE = ["Første side om narkotika.", "Anden linje (med parentes)."]
PAGE_TWO = ["Side to: æøå ÆØÅ."]


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- pdf


def test_pdf_headings_printed_larger_are_marked_with_their_level(tmp_path: Path) -> None:
    """A heading printed larger than the body text is marked as Word's, HTML's and Markdown's are,
    the larger the higher ("# " 18 pt, "## " 15 pt over the body's 12), across the pages; a
    sentence printed large (it ends with a full stop) and the body's own short lines are not.
    Checked on a Word report printed by LibreOffice (Title 26 pt, Heading 1 14, Heading 2 13, body 11)."""
    pages: list[list[str | tuple[str, ...]]] = [
        [
            Sized("Rapport om", 18),
            Sized("ungdom i Vestby", 18),
            "Kort om rapporten",
            Sized("Innledning", 15),
            "Kommunen ba om en gjennomgang.",
        ],
        [Sized("Tiltak", 15), "Politiet holder samtaler.", Sized("Dette er et sitat med stor skrift.", 15)],
    ]
    doc = load_document(write(tmp_path / "rapport.pdf", pdf_bytes(pages)))
    lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
    assert lines == [
        "# Rapport om ungdom i Vestby",  # a title wrapped over two lines is one heading
        "Kort om rapporten",
        "## Innledning",
        "Kommunen ba om en gjennomgang.",
        "## Tiltak",
        "Politiet holder samtaler.",
        "Dette er et sitat med stor skrift.",
    ]


def test_pdf_two_pages_text_and_page_starts(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.pdf", make_pdf([PAGE_ONE, PAGE_TWO]))
    doc = load_document(path)

    assert doc.format == "pdf"
    assert doc.file_name == "plan.pdf"
    assert doc.doc_id == "plan"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(doc.page_starts) == 2
    assert doc.page_starts[0] == 0
    page1 = doc.text[: doc.page_starts[1]]
    page2 = doc.text[doc.page_starts[1] :]
    assert page1 == "\n".join(PAGE_ONE) + "\n\f\n"
    assert page2 == PAGE_TWO[0]
    assert doc.text.count("\f") == 1


def test_pdf_encrypted_with_user_password_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", encrypted(make_pdf([PAGE_ONE]), user_password="secret"))
    err = load_error(path)
    assert err.reason == "the PDF is encrypted"
    assert str(err) == "cannot read 'report.pdf': the PDF is encrypted"


def test_pdf_encrypted_with_empty_user_password_opens(tmp_path: Path) -> None:
    path = write(tmp_path / "owner_only.pdf", encrypted(make_pdf([PAGE_ONE, PAGE_TWO]), user_password=""))
    doc = load_document(path)
    assert doc.text == "\n".join(PAGE_ONE) + "\n\f\n" + PAGE_TWO[0]
    assert doc.page_starts == [0, len("\n".join(PAGE_ONE)) + 3]


@pytest.mark.parametrize(
    "data",
    [
        b"this is not a pdf at all, just a few words",
        make_pdf([PAGE_ONE])[:80],  # truncated inside the first object
        bytes(range(256)) * 4,
    ],
    ids=["words", "truncated", "garbage"],
)
def test_pdf_damaged_is_rejected(tmp_path: Path, data: bytes) -> None:
    err = load_error(write(tmp_path / "broken.pdf", data))
    assert err.reason == "the PDF is damaged or not a PDF"


def test_pdf_blank_page_has_no_text(tmp_path: Path) -> None:
    err = load_error(write(tmp_path / "scan.pdf", make_pdf([[]])))
    assert err.reason == "no text could be extracted (a scanned PDF needs OCR first)"


# ---------------------------------------------------------------------------- docx


def test_docx_heading_paragraphs_and_table_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Handlingsplan mod narkotika", level=1)
    document.add_paragraph("Første afsnit om forebyggelse.")
    document.add_paragraph("")  # empty paragraphs do not make extra blank lines
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "År"
    table.cell(0, 1).text = "Dødsfald"
    table.cell(1, 0).text = "2009"
    table.cell(1, 1).text = "276"
    document.add_heading("Indsatser", level=2)
    document.add_paragraph("Sidste afsnit.")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    doc = load_document(path)
    assert doc.format == "docx"
    assert doc.page_starts == []
    assert doc.text == (
        "# Handlingsplan mod narkotika\n\n"
        "Første afsnit om forebyggelse.\n\n"
        "År | Dødsfald\n2009 | 276\n\n"  # a row a line, as an HTML table reads
        "## Indsatser\n\n"  # its level as Markdown marks it
        "Sidste afsnit."
    )


def test_docx_lists_get_the_markers_a_printed_page_shows(tmp_path: Path) -> None:
    """Word keeps bullets and numbers in its numbering, not in the text: a bullet by level ("•",
    "o", "▪"), a number counted per list and level, so the list's points and nesting can be read."""
    bullet, sub, number = "List Bullet", "List Bullet 2", "List Number"
    paragraphs = [("Derfor vil kommunen:", None), ("Bygge sykkelveier ved å:", bullet), ("Kjøpe grunn.", sub)]
    paragraphs += [("Utvide budsjettet.", sub), ("Styrke opplæringen.", bullet), ("Første steg.", number)]
    paragraphs += [("Andre steg.", number), ("Vanlig avsnitt.", None)]
    path = write(tmp_path / "lister.docx", word_document(paragraphs))
    assert load_document(path).text == (
        "Derfor vil kommunen:\n\n• Bygge sykkelveier ved å:\n\no Kjøpe grunn.\n\no Utvide budsjettet.\n\n"
        "• Styrke opplæringen.\n\n1. Første steg.\n\n2. Andre steg.\n\nVanlig avsnitt."
    )


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Fælles celle"
    table.cell(0, 2).text = "Egen celle"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert load_document(path).text == "Fælles celle | Egen celle"


def test_docx_table_of_contents_is_not_text(tmp_path: Path) -> None:
    """Word's table of contents (styles "TOC Heading", "toc 1" …) is navigation: its lines
    ("1 Innledning<tab>2") were read as text."""
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for name in ("TOC Heading", "toc 1", "toc 2"):
        if name not in [s.name for s in document.styles]:
            document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Innhold", style="TOC Heading")
    document.add_paragraph("1 Innledning\t2", style="toc 1")
    document.add_paragraph("1.1 Tall\t3", style="toc 2")
    document.add_heading("1 Innledning", level=1)
    document.add_paragraph("Rapporten beskriver rusfeltet.")
    path = tmp_path / "rapport.docx"
    document.save(str(path))
    assert load_document(path).text == "# 1 Innledning\n\nRapporten beskriver rusfeltet."


def test_docx_text_box_reads_after_the_paragraph_it_is_anchored_in(tmp_path: Path) -> None:
    """A fact box in a Word text box (``w:txbxContent``; Word keeps a second copy for older readers
    in ``mc:Fallback``) is read once, after its paragraph; python-docx's paragraphs leave it out."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = "<w:txbxContent><w:p><w:r><w:t>Faktaboks: 12 kommuner deltar.</w:t></w:r></w:p></w:txbxContent>"
    run = (
        f'<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    document = docx.Document()
    document.add_paragraph("Kommunen satser på sykkel.")
    document.add_paragraph("Se faktaboksen.")._p.append(etree.fromstring(run))
    document.add_paragraph("Siste avsnitt.")
    path = tmp_path / "boks.docx"
    document.save(str(path))
    assert load_document(path).text == (
        "Kommunen satser på sykkel.\n\nSe faktaboksen.\n\nFaktaboks: 12 kommuner deltar.\n\nSiste avsnitt."
    )


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_docx_notes_read_after_the_paragraph_that_refers_to_them(tmp_path: Path, kind: str) -> None:
    """Footnotes (and endnotes) hold sources and figures; python-docx leaves them out. Each is read
    once, after the paragraph or table referring to it, numbered in the order of the references
    (here note 7 is referred to first), and the reference adds nothing to its sentence."""
    document = docx.Document()
    first = document.add_paragraph("Antallet brukere økte med 20 %")
    reference(first, kind, 7)
    first.add_run(" fra 2016 til 2017.")
    reference(document.add_paragraph("Tiltaket videreføres."), kind, 3)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Oslo"
    table.cell(0, 1).text = "412"
    reference(table.cell(0, 1).paragraphs[0], kind, 9)
    document.add_paragraph("Siste avsnitt.")
    path = tmp_path / "noter.docx"
    notes = {3: "Se kapittel 4.", 7: "Kilde: SSB, tabell 11.", 9: "Tall for 2017.", 12: "Ikke brukt i teksten."}
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(with_notes(buffer.getvalue(), kind, notes))
    assert load_document(path).text == (
        "Antallet brukere økte med 20 % fra 2016 til 2017.\n\n¹ Kilde: SSB, tabell 11.\n\n"
        "Tiltaket videreføres.\n\n² Se kapittel 4.\n\nOslo | 412\n\n³ Tall for 2017.\n\nSiste avsnitt."
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 this is not really a zip archive", "the Word file is damaged or not a .docx file"),
        (b"plain words in a file named .docx", "the Word file is damaged or not a .docx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old-style .doc"),
    ],
    ids=["bad-zip", "text", "ole"],
)
def test_docx_damaged_is_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    err = load_error(write(tmp_path / "broken.docx", data))
    assert reason in err.reason


# ---------------------------------------------------------------------------- html

HTML = """<!DOCTYPE html>
<html><head><title>Sidetitel</title><style>p { color: red; }</style>
<script>var secret = "hidden";</script></head>
<body>
  <h1>Kampen   mod
     narko</h1>
  <p>Tal &amp; fakta: 276 d&oslash;dsfald &lt;2009&gt;&nbsp;i alt.</p>
  <script>alert(1)</script>
  <img src="x.png" onerror="alert('xss')">
  <noscript>Slå JavaScript til</noscript>
  <!-- a comment that must not show -->
  <div>Linje et<br>Linje to</div>
  <ul><li>Første punkt</li><li>Andet <b>punkt</b></li></ul>
  <table><tr><th>År</th><th>Antal</th></tr><tr><td>2008</td><td>239</td></tr></table>
  <h2>Afslutning</h2>


  <p>Sidste   afsnit.</p>
</body></html>
"""


def test_html_visible_text_with_block_structure(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "side.html", HTML))
    assert doc.format == "html"
    assert doc.text == (
        "# Kampen mod narko\n\n"
        "Tal & fakta: 276 dødsfald <2009> i alt.\n\n"
        "Linje et\nLinje to\n\n"
        "• Første punkt\n• Andet punkt\n\n"
        "År | Antal\n2008 | 239\n\n"
        "## Afslutning\n\n"  # an <h2>
        "Sidste afsnit."
    )
    for hidden in ("alert", "secret", "color", "Sidetitel", "comment", "JavaScript"):
        assert hidden not in doc.text


def test_html_footnote_marks_leave_the_words_they_follow(tmp_path: Path) -> None:
    """A raised mark linking to its note (Pandoc's ``<a><sup>1</sup></a>``, Wikipedia's
    ``<sup><a>[2]</a></sup>``) and a note's link back ("↩") are not text; they had stuck to the
    word or figure before them ("20 %1", "forskerne[2]"). The notes stay where the page has them;
    an exponent and an in-page link whose text is a letter or a number stay too."""
    page = (
        '<html><body><main><p>Antallet økte med 20 %<a href="#fn1" role="doc-noteref"><sup>1</sup></a> '
        'fra 2016, og forskerne<sup class="reference"><a href="#cite_note-2">[2]</a></sup> fant det samme. '
        'Arealet er 40 m<sup>2</sup>. Se <a href="#b">b</a> og avsnitt <a href="#s1">1</a>.</p>'
        '<section class="footnotes"><ol><li id="fn1"><p>Kilde: SSB, tabell 11. <a href="#fnref1">↩︎</a></p></li>'
        '<li id="cite_note-2"><p>Se kapittel 4.</p></li></ol></section></main></body></html>'
    )
    doc = load_document(write(tmp_path / "noter.html", page))
    assert doc.text == (
        "Antallet økte med 20 % fra 2016, og forskerne fant det samme. Arealet er 40 m2. "
        "Se b og avsnitt 1.\n\n1. Kilde: SSB, tabell 11.\n\n2. Se kapittel 4."
    )


def test_html_list_items_get_their_markers(tmp_path: Path) -> None:
    page = (
        "<ul><li>En</li><li><p>To</p><ul><li>To a</li></ul></li></ul>"
        "<ol><li>Første</li><li>Andre</li></ol><ol start='3'><li>Tredje</li></ol>"
    )
    assert load_document(write(tmp_path / "lister.html", page)).text == (
        "• En\n\n• To\n\no To a\n\n1. Første\n2. Andre\n\n3. Tredje"
    )


def test_html_double_br_and_nested_blocks(tmp_path: Path) -> None:
    page = "<body><div><div><p>Et<br><br>To</p></div></div><section><p>Tre</p></section>Fire</body>"
    assert load_document(write(tmp_path / "br.html", page)).text == "Et\n\nTo\n\nTre\n\nFire"


def test_html_legacy_encoding_from_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Rødt “citat”</p></body></html>'
    doc = load_document(write(tmp_path / "old.htm", page.encode("cp1252")))
    assert doc.text == "Rødt “citat”"


def test_html_without_visible_text_is_rejected(tmp_path: Path) -> None:
    err = load_error(write(tmp_path / "blank.html", "<html><script>alert(1)</script><p>  </p></html>"))
    assert "no visible text" in err.reason


# ---------------------------------------------------------------------------- txt / md


def test_txt_utf8_verbatim_and_bom_stripped(tmp_path: Path) -> None:
    body = "Overskrift\n\n  Indrykket linje med æøå.\t\n"
    doc = load_document(write(tmp_path / "note.txt", b"\xef\xbb\xbf" + body.encode("utf-8")))
    assert doc.text == body
    assert doc.format == "txt"
    assert doc.page_starts == []


MARKDOWN = """Sykkelplan for Nordby
====================

Kommunestyret vedtok **planen** i mars, se [vedtaket](https://example.org/v) og ![kart](kart.png).

## Tiltak ##

- Nye sykkelfelt i *sentrum*
  * Først i `Storgata`
+ Lys langs skoleveiene

> Planen er ~~foreløpig~~ endelig.

---

| Tiltak | Beløp |
|:-------|------:|
| Lys | 3,5 mill. kr |

```
kode_som_er = "urørt **her**"
```
[v]: https://example.org/v
"""


def test_markdown_reads_as_its_text_in_the_other_loaders_conventions(tmp_path: Path) -> None:
    """Headings as "# …" lines ("## …" a level down), bullets as the printed glyph by depth, table
    rows as cells apart by " | ", and no emphasis, link, image, quote or rule markup; code as written."""
    for name in ("plan.md", "plan2.markdown"):
        doc = load_document(write(tmp_path / name, MARKDOWN))
        assert doc.format == "md"
        assert doc.text == (
            "# Sykkelplan for Nordby\n\n"
            "Kommunestyret vedtok planen i mars, se vedtaket og kart.\n\n"
            "## Tiltak\n\n• Nye sykkelfelt i sentrum\no Først i Storgata\n• Lys langs skoleveiene\n\n"
            "Planen er foreløpig endelig.\n\n\n\n"
            "Tiltak | Beløp\n\nLys | 3,5 mill. kr\n\n"
            'kode_som_er = "urørt **her**"\n\n'
        )


def test_markdown_footnotes_read_after_the_paragraph_that_refers_to_them(tmp_path: Path) -> None:
    """A footnote's definition ("[^1]: …") was dropped as a link reference and its mark stayed in
    the sentence ("20 %[^1]"); now each note is read once, as Word's are, after the paragraph
    first referring to it and numbered by the references, a continued line joined, a note no
    text refers to kept at the end, and a definition inside code left as written."""
    text = (
        "# Plan\n\nAntallet økte med 20 %[^1] fra 2016.\nTiltaket[^note] videreføres.\n\n"
        "Neste avsnitt[^1].\n\n```\n[^y]: i kode\n```\n\n"
        "[^1]: Kilde: SSB, **tabell 11**.\n[^note]: Se kapittel 4\n    og vedlegg 2.\n[^x]: Ubrukt note.\n"
    )
    doc = load_document(write(tmp_path / "noter.md", text))
    assert doc.text == (
        "# Plan\n\nAntallet økte med 20 % fra 2016.\nTiltaket videreføres.\n\n"
        "¹ Kilde: SSB, tabell 11.\n\n² Se kapittel 4 og vedlegg 2.\n\n"
        "Neste avsnitt.\n\n[^y]: i kode\n\n\n\n³ Ubrukt note."
    )


def test_txt_cp1252_fallback(tmp_path: Path) -> None:
    body = "Rødvin, æøå – “citat” koster 5 €"
    doc = load_document(write(tmp_path / "win.txt", body.encode("cp1252")))
    assert doc.text == body


def test_txt_latin1_fallback_when_cp1252_fails(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, so only latin-1 can decode these bytes.
    data = "Blåbærgrød med æøå ".encode("latin-1") + b"\x81" + b" slut"
    doc = load_document(write(tmp_path / "latin.txt", data))
    assert doc.text == "Blåbærgrød med æøå \x81 slut"


def test_txt_utf16_with_bom(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "notepad.txt", "Æblegrød\r\nmed fløde".encode("utf-16")))
    assert doc.text == "Æblegrød\nmed fløde"


def test_txt_line_endings_normalised(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "dos.txt", b"one\r\ntwo\rthree\n"))
    assert doc.text == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"text\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f more"],
    ids=["nul-bytes", "control-chars"],
)
def test_txt_binary_is_rejected(tmp_path: Path, data: bytes) -> None:
    err = load_error(write(tmp_path / "image.txt", data))
    assert err.reason == "the file looks like binary data, not text"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "], ids=["zero-bytes", "whitespace"])
@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.html"])
def test_empty_file_is_rejected(tmp_path: Path, name: str, data: bytes) -> None:
    assert load_error(write(tmp_path / name, data)).reason == "the file is empty"


# ---------------------------------------------------------------------------- common errors


def test_oversize_rejected_before_reading(tmp_path: Path) -> None:
    err = load_error(write(tmp_path / "big.txt", "x" * 200), max_bytes=100)
    assert "200 bytes" in err.reason
    assert "100 bytes" in err.reason

    # A sparse 60 MB file over the default 50 MB limit: rejected from its size alone.
    sparse = tmp_path / "huge.txt"
    with sparse.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    err = load_error(sparse)
    assert "60.0 MB" in err.reason
    assert "50.0 MB" in err.reason


def test_size_exactly_at_limit_is_allowed(tmp_path: Path) -> None:
    assert load_document(write(tmp_path / "fits.txt", "y" * 100), max_bytes=100).text == "y" * 100


def test_unknown_suffix_lists_supported_types(tmp_path: Path) -> None:
    err = load_error(write(tmp_path / "sheet.xlsx", b"data"))
    assert "'.xlsx'" in err.reason
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in err.reason
    assert "without an extension" in load_error(write(tmp_path / "README", "text")).reason


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert load_document(write(tmp_path / "SHOUT.TXT", "hej")).format == "txt"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nope.txt").reason == "the file does not exist"
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert load_error(folder).reason == "it is a folder, not a file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", "hemmelig")
    path.chmod(0)
    try:
        assert "permission denied" in load_error(path).reason
    finally:
        path.chmod(0o600)


def test_explicit_doc_id_and_error_pickles(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "tekst")
    assert load_document(path, doc_id="custom").doc_id == "custom"
    err = DocumentLoadError(path, "the PDF is encrypted")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.path, copy.reason, str(copy)) == (
        path,
        err.reason,
        "cannot read 'a.txt': the PDF is encrypted",
    )


# ---------------------------------------------------------------------------- discover / load_many


def test_discover_skips_hidden_manifest_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    wanted = [
        write(root / "a.txt", "a"),
        write(root / "b.md", "b"),
        write(root / "sub" / "c.html", "<p>c</p>"),
        write(root / "sub" / "deeper" / "d.PDF", make_pdf([["d"]])),
    ]
    write(root / ".hidden.txt", "h")
    write(root / ".git" / "inside.txt", "g")
    write(root / "manifest.json", "{}")
    write(root / "notes.xyz", "x")
    write(root / "~$a.docx", b"lock")
    explicit = write(tmp_path / "explicit.xyz", "keep me")

    found = discover([root, explicit, root / "a.txt"])
    assert found == sorted(wanted) + [explicit]


def test_load_many_collects_documents_and_errors(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write(folder / "good.txt", "Godt dokument.")
    write(folder / "page.html", "<p>God side.</p>")
    write(folder / "plan.pdf", make_pdf([PAGE_ONE]))
    write(folder / "broken.pdf", b"not a pdf")
    write(folder / "empty.txt", b"")
    write(folder / "binary.txt", b"\x00\x01\x02")

    docs, errors = load_many([folder])
    assert sorted(d.file_name for d in docs) == ["good.txt", "page.html", "plan.pdf"]
    assert {e.path.name: e.reason for e in errors} == {
        "broken.pdf": "the PDF is damaged or not a PDF",
        "empty.txt": "the file is empty",
        "binary.txt": "the file looks like binary data, not text",
    }


def test_load_many_keeps_doc_ids_unique(tmp_path: Path) -> None:
    docs, errors = load_many([write(tmp_path / "report.txt", "one"), write(tmp_path / "report.md", "two")])
    assert errors == []
    assert [(d.file_name, d.doc_id) for d in docs] == [("report.txt", "report"), ("report.md", "report-2")]


# ---------------------------------------------------------------------------- real seed


def test_real_seed_loads_verbatim() -> None:
    doc = load_document(SEED)
    assert doc.text == SEED.read_text(encoding="utf-8")
    assert doc.doc_id == "000_b5b70e48cfbf0eb5"
    assert doc.file_name == SEED.name
    assert doc.format == "txt"
    assert doc.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert "Kampen mod narko II" in doc.text


SAVED_PAGE = """<!DOCTYPE html><html lang="no"><head><title>Ny sykkelplan - Nordby kommune</title></head>
<body>
  <header class="site"><a href="/">Nordby kommune</a>
    <nav><ul><li><a href="/">Hjem</a></li><li><a href="/tjenester">Tjenester</a></li></ul></nav>
    <form role="search"><input name="q"><button>Søk</button></form>
  </header>
  <div id="cookies" role="dialog"><p>Vi bruker informasjonskapsler.</p><button>Godta</button></div>
  <main>
    <article>
      <header><h1>Ny sykkelplan vedtatt</h1><p>Publisert 3. mars 2025</p></header>
      <p>Kommunestyret vedtok planen med 31 mot 4 stemmer.</p>
      <p hidden>Skjult utkast.</p>
      <footer><p>Skrevet av Kari Nordmann</p></footer>
    </article>
  </main>
  <footer class="site"><p>Postboks 1, 1234 Nordby</p><p>Personvern</p></footer>
</body></html>
"""


def test_html_saved_page_keeps_its_text_without_the_sites_menus_header_and_footer(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "sykkelplan.html", SAVED_PAGE))
    assert doc.text == (
        "# Ny sykkelplan vedtatt\n\nPublisert 3. mars 2025\n\n"
        "Kommunestyret vedtok planen med 31 mot 4 stemmer.\n\nSkrevet av Kari Nordmann"
    )


def test_html_page_without_main_keeps_its_header_and_footer(tmp_path: Path) -> None:
    page = "<body><header><p>Rapport fra utvalget</p></header><p>Tekst.</p><footer><p>Side 1</p></footer></body>"
    assert load_document(write(tmp_path / "rapport.html", page)).text == "Rapport fra utvalget\n\nTekst.\n\nSide 1"
