"""One test per extraction trap in ../shared/corpus-notes.md, on the real seed files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrieval.cleaning import clean_document, split_lines, strip_line_numbers
from retrieval.linejoin import Join, JoinDecider, Vocabulary
from retrieval.loaders import load_document
from retrieval.types import CleanedDocument, LoadedDocument

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FILES = {
    "000": "000_b5b70e48cfbf0eb5.txt",
    "001": "001_5c16d68630351be6.txt",
    "002": "002_964e49fde732eafd.txt",
    "003": "003_a590a045eda413d4.txt",
    "004": "004_d15f278a6bb73f0f.txt",
}


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary((SEEDS / f).read_text(encoding="utf-8") for f in FILES.values())


@pytest.fixture(scope="module")
def cleaned(vocab: Vocabulary) -> dict[str, CleanedDocument]:
    return {key: clean_document(load_document(SEEDS / name), vocab) for key, name in FILES.items()}


def raw(key: str) -> str:
    return (SEEDS / FILES[key]).read_text(encoding="utf-8")


def block_at(doc: CleanedDocument, needle: str):
    return next(b for b in doc.blocks if needle in b.text)


# --- words broken over lines ------------------------------------------------------------


def test_words_split_without_hyphen_are_rejoined(cleaned):
    text = cleaned["000"].text
    for word in ("narkotikamisbruget", "eksperimentelle", "sædelighedsdømte", "stofmisbrugere"):
        assert word in text
    for broken in ("narkotikamis bruget", "eks perimentelle", "sædelig hedsdømte", "stofmis brugere"):
        assert broken not in text


def test_real_hyphens_at_line_end_are_removed_or_kept_on_evidence(cleaned):
    text = cleaned["000"].text
    assert "behandling" in text and "behand-" not in text and "behand- ling" not in text
    assert "screenings- og udredningsprojekter" in text  # elided compound keeps "- og"
    assert "sms-tjeneste" in text  # lowercase acronym compound keeps its hyphen


def test_no_words_glued_in_documents_without_lost_hyphens(cleaned):
    for key in ("001", "002", "003", "004"):
        assert cleaned[key].fixes.get("words_rejoined", 0) == 0, key
    assert "av rettskraftige" in cleaned["004"].text
    assert "kan få et tilbud" in cleaned["000"].text  # not "fået"


def test_join_decider_rules(vocab):
    d = JoinDecider(vocab)
    assert d.decide("narkotikamis", "bruget", hyphen=False) is Join.GLUE
    assert d.decide("til", "behandling", hyphen=False) is Join.SPACE
    assert d.decide("behand", "ling", hyphen=True) is Join.DEHYPHEN
    assert d.decide("sundheds", "og", hyphen=True) is Join.HYPHEN_SPACE
    assert d.decide("2000", "tallet", hyphen=True) is Join.KEEP_HYPHEN


# --- page headers, footers, page numbers ------------------------------------------------


def test_page_headers_removed_and_kept_as_page_numbers(cleaned):
    doc = cleaned["000"]
    assert "kampen mod NARKO" not in doc.text and "NARKO ii" not in doc.text
    assert doc.line_pages[309] is not None  # line 310 is the page-15 footer
    before = block_at(doc, "Den almene forebyggelsesindsats i forhold til børn og unge")
    after = block_at(doc, "Den almene indsats bør fokusere på de mest udbredte rusmidler")
    assert (before.page, after.page) == (15, 16)
    assert block_at(doc, "I Sverige blev omkring 1.000 personer").page in (25, 26, 27)


def test_side_n_of_m_marker(cleaned):
    doc = cleaned["004"]
    assert "Side 13/23" not in doc.text
    assert doc.page_count == 23
    assert block_at(doc, "førstegangskriminelle opp til 25 år").page == 13
    assert block_at(doc, "kommunenes tilbud om rusoppfølging varierer").page == 14


def test_stray_running_header_after_footnotes(cleaned):
    doc = cleaned["004"]
    assert not any(b.text == "Rusreformutvalget" for b in doc.blocks)
    assert any(b.kind == "heading" and b.text == "2. SAMMENDRAG" for b in doc.blocks)


def test_page_breaks_from_blank_runs_without_markers(cleaned):
    assert cleaned["001"].page_count == 3
    assert cleaned["002"].page_count is None  # no evidence of pages: no page is invented


# --- line numbers ---------------------------------------------------------------------


def test_manuscript_line_numbers_stripped_real_figures_kept(cleaned):
    text = cleaned["003"].text
    assert cleaned["003"].fixes["line_numbers"] == 151
    assert "ungdom under 23 år får rett og plikt til å møte 5 ganger" in text
    assert "under 104" not in text
    assert "Barn under 15 er fritatt fra straffansvar og" in text and "straffansvar og 85" not in text
    assert not re.search(r"\s\d{1,3}\n", text)


def test_line_number_stripping_needs_a_sequence():
    doc = "Det koster 12\nog mer enn 40\nom året 7\n" * 10
    lines = split_lines(doc)
    from collections import Counter

    fixes: Counter[str] = Counter()
    strip_line_numbers(lines, fixes)
    assert fixes["line_numbers"] == 0  # figures that do not count 1, 2, 3 ... are kept


# --- footnotes ------------------------------------------------------------------------


def test_footnote_markers_separated(cleaned):
    text = cleaned["004"].text
    for glued, word in [
        ("saksvolumet17", "saksvolumet"),
        ("øvrig1", "øvrig"),
        ("statusen5", "statusen"),
        ("SLT6", "SLT"),
        ("påtaleunnlatelser8", "påtaleunnlatelser"),
    ]:
        assert glued not in text and word in text
    assert "TIUR-prosjektet er" in text
    assert "ASSIST5" not in cleaned["001"].text and "ASSIST" in cleaned["001"].text


def test_footnote_texts_are_their_own_blocks(cleaned):
    doc = cleaned["004"]
    foot = block_at(doc, "Politiloven § 1")
    assert foot.kind == "footnote"
    body = block_at(doc, "Kriminalitetsforebygging skal være politiets primærstrategi på alle")
    assert "Politiloven" not in body.text


def test_a_sentence_runs_on_past_the_footnotes_at_a_page_foot(cleaned):
    """The footnotes' rule is no blank line: the sentence the page break cut ("… (UDI) har en" /
    rule, "13 https://…" / " felles innsatts …") is one again, and the footnote reads after it."""
    doc = cleaned["004"]
    body = block_at(doc, "Utlendingsdirektoratet (UDI) har en")
    assert "(UDI) har en felles innsatts mot åpne rusmiljøer i Oslo sentrum." in body.text
    assert "Dokumentet gjengir også noen praktiske eksempler." in doc.text
    foot = block_at(doc, "https://www.europol.europa.eu/internet-organised-crime-threat-assessment-2018")
    assert foot.kind == "footnote"
    assert doc.blocks.index(foot) > doc.blocks.index(body)
    # of the section whose text refers to it ("… drug supply13"), not of the quote its page ends in
    assert foot.section == "c) Digitale markedsplasser"


def test_footnotes_after_a_paragraph_cut_by_a_page_break_in_a_made_up_text():
    raw = (
        "Tiltaket er evaluert av to forskere, og resultatene viser at deltakerne i\n"
        + " " * 40
        + "\n4 Evalueringen ble publisert i 2019.\n"
        "5 Se også vedlegg 2.\n"
        " stor grad fullfører programmet. Dette er et godt resultat.\n\n"
        "Neste avsnitt handler om noe annet.\n"
    )
    doc = clean_document(LoadedDocument(doc_id="x", path=Path("x.txt"), file_name="x.txt", format="txt", text=raw))
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == (
        "body",
        "Tiltaket er evaluert av to forskere, og resultatene viser at deltakerne i stor grad fullfører "
        "programmet. Dette er et godt resultat.",
    )
    assert ("footnote", "4 Evalueringen ble publisert i 2019.") in kinds[1:3]
    assert ("footnote", "5 Se også vedlegg 2.") in kinds[1:3]


def test_a_text_written_a_paragraph_a_line_keeps_its_lines_apart():
    """A news text saved as plain text writes a paragraph a line, with no blank line between: its
    headline, a photo credit and a subheading (no closing punctuation) are not the start of the
    sentence on the next line ("Kriblet skikkelig Det er nesten elleve måneder siden …" had been
    one sentence), and a line going on in lower case still goes on."""
    raw = (
        "Haver-Løseth suste ned til topplassering\n"
        "Det ble et solid comeback for Nina Haver-Løseth i Levi lørdag ettermiddag.\n"
        "Amerikanske Mikaela Shiffrin vant 1,78 sekunder foran Wendy Holdener fra Sveits.\n"
        "– Vi begynner å stå på egne bein nå\n"
        "Martti Kainulainen, Lehtikuva / NTB scanpix\n"
        "Kriblet skikkelig\n"
        "Det er nesten elleve måneder siden hun pådro seg et brudd i et leggbein i Østerrike.\n"
        "Hun ble nummer to, etter å ha levert nok en solid omgang i finalen\n"
        "der hun kjørte fra 24.- til 2.-plass.\n"
        "Petra Vlhová, som ledet etter første omgang, kjørte ut i finaleomgangen.\n"
    )
    doc = clean_document(LoadedDocument(doc_id="x", path=Path("x.txt"), file_name="x.txt", format="txt", text=raw))
    blocks = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "Kriblet skikkelig") in blocks
    assert "– Vi begynner å stå på egne bein nå" in [t for _, t in blocks]
    assert any(t.startswith("Det er nesten elleve måneder") for _, t in blocks)
    assert any(t.endswith("i finalen der hun kjørte fra 24.- til 2.-plass.") for _, t in blocks)
    # a page's wrapped lines seldom end a sentence: they are still joined
    wrapped = (
        "Tiltaket er evaluert av to forskere, og resultatene\nviser at deltakerne i stor grad\nfullfører programmet.\n"
    )
    doc = clean_document(LoadedDocument(doc_id="y", path=Path("y.txt"), file_name="y.txt", format="txt", text=wrapped))
    assert [b.text for b in doc.blocks] == [
        "Tiltaket er evaluert av to forskere, og resultatene viser at deltakerne i stor grad fullfører programmet."
    ]


def test_photo_credits_go_and_their_captions_stay():
    """A news photo's credit (after "Foto:", or alone on a line: a photographer and an agency) is
    no text: its names are no answer to "who", and a credit line read as a heading named the text
    after it. The caption it credits stays, mapped to its place in the raw file."""
    raw = (
        "Haver-Løseth suste ned til topplassering\n"
        "FOTO: Alessandro Trovati, AP / NTB scanpix Nina Haver-Løseth imponerte i Levi.\n"
        "Det ble et solid comeback for Nina Haver-Løseth i Levi lørdag ettermiddag.\n"
        "Martti Kainulainen, Lehtikuva / NTB scanpix\n"
        "Kjell Inge Røkke på børsen. FOTO: LISE ÅSERUD/NTB SCANPIX\n"
        "Lørdag formiddag ble han funnet død i Bergen sentrum. FOTO: Ørjan Deisz\n"
        "Avtalen ble omtalt av Reuters og NTB lørdag, og fotografen Per Hansen var til stede.\n"
        "(©NTB)\n"
    )
    doc = clean_document(LoadedDocument(doc_id="x", path=Path("x.txt"), file_name="x.txt", format="txt", text=raw))
    texts = [b.text for b in doc.blocks]
    assert "Nina Haver-Løseth imponerte i Levi." in texts
    assert "Kjell Inge Røkke på børsen." in texts
    assert "Lørdag formiddag ble han funnet død i Bergen sentrum." in texts
    assert "Avtalen ble omtalt av Reuters og NTB lørdag, og fotografen Per Hansen var til stede." in texts
    for credit in ("Trovati", "Kainulainen", "ÅSERUD", "Deisz", "scanpix", "©NTB"):
        assert credit not in doc.text
    start = doc.text.index("Nina Haver-Løseth imponerte i Levi.")
    a, b = doc.raw_span(start, start + len("Nina Haver-Løseth imponerte i Levi."))
    assert raw[a:b] == "Nina Haver-Løseth imponerte i Levi."
    assert doc.fixes["photo_credits"] == 5


def test_lettered_headings_are_headings_and_the_chapter_before_them_too(cleaned):
    """ "a) Forebyggende strategier" under "3. ORGANISERING, STRATEGIER OG METODER": the letter
    is the heading's label, not a sentence going on in lower case (both were read into the
    paragraph after them)."""
    doc = cleaned["004"]
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    for title in ("3. ORGANISERING, STRATEGIER OG METODER", "a) Forebyggende strategier", "b) Åpne russcener"):
        assert title in headings
    assert block_at(doc, "Politiloven fastslår").text.startswith("Politiloven fastslår")


def test_a_lettered_point_of_a_sentence_is_no_heading():
    raw = (
        "Utvalget foreslår dette:\n\n"
        "a) politiet får nye oppgaver\n\n"
        "b) Kommunen får ansvaret for oppfølgingen.\n\n"
        "c) Forebygging\n\n"
        "Forebygging er viktig for alle.\n"
    )
    doc = clean_document(LoadedDocument(doc_id="x", path=Path("x.txt"), file_name="x.txt", format="txt", text=raw))
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["c) Forebygging"]  # a lower-case point and a sentence are text


def test_a_table_of_contents_without_dot_leaders_is_no_text():
    """Under its title, titles each ending in a page number, the numbers never going down: the
    report's navigation (read as text, each of its lines was a heading, so the outline named every
    chapter twice, "1. Innledning 3" and "1. Innledning")."""
    raw = (
        "Rapport om ungdomskriminalitet\n\nInnhold\n\n1. Innledning 3\n2. Tiltak og metoder 5\n"
        "2.1 Samtaler med unge 6\n3. Kostnader 9\n\n1. Innledning\n\nKommunen ba om en gjennomgang av "
        "arbeidet i 2023.\n\n2. Tiltak og metoder\n\nPolitiet holder samtaler med unge.\n"
    )
    doc = clean_document(LoadedDocument(doc_id="x", path=Path("x.txt"), file_name="x.txt", format="txt", text=raw))
    assert "Innhold" not in doc.text and "Kostnader 9" not in doc.text
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Rapport om ungdomskriminalitet", "1. Innledning", "2. Tiltak og metoder"]


def test_places_with_their_counts_are_no_table_of_contents():
    raw = "Antall saker\n\nOslo 120\nBergen 80\nTrondheim 45\n\nTallene gjelder 2023.\n"
    doc = clean_document(LoadedDocument(doc_id="x", path=Path("x.txt"), file_name="x.txt", format="txt", text=raw))
    assert "Oslo 120" in doc.text and "Trondheim 45" in doc.text


# --- spaces ---------------------------------------------------------------------------


def test_narrow_no_break_spaces_and_tabs_normalised(cleaned):
    assert "\u202f" not in cleaned["002"].text and "\t" not in cleaned["000"].text
    assert "avkriminaliseringsbegrepet. Blå Kors" in cleaned["002"].text
    assert "\ufffd" not in cleaned["000"].text


def test_numbers_split_across_lines_rejoined(cleaned):
    assert "fra 13 % 2015 til 16 % i 2017" in cleaned["004"].text


# --- headings -------------------------------------------------------------------------


def test_stranded_section_headings_lifted_out_of_sentences(cleaned):
    text = cleaned["000"].text
    assert "svært behandleligt misbrug" in text
    assert "misbrugere i målgruppen" in text
    assert any(b.kind == "heading" and b.text == "Behandling" for b in cleaned["000"].blocks)


def test_box_titles_after_their_box_name_that_box(cleaned):
    doc = cleaned["000"]
    box = block_at(doc, "Der afsættes i alt 8 mio. kr.")
    assert box.section == "Kombination af kokain- og hashmisbrugsbehandling/alkoholbehandling"
    tvang = block_at(doc, "Kommunernes indberetninger viser, at loven stort set ikke bliver anvendt")
    assert tvang.section == "Brug af tvang i behandlingen"


# --- mapping back to the raw file -----------------------------------------------------


@pytest.mark.parametrize("key", list(FILES))
def test_every_block_maps_back_to_the_raw_file(cleaned, key):
    source = raw(key)
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    for block in cleaned[key].blocks:
        span = source[block.raw_start : block.raw_end]
        letters = re.sub(r"[^\w]", "", block.text)
        # cleaning only removes things (numbers, markers, hyphens): the block's letters
        # appear in order inside its raw span
        it = iter(re.sub(r"[^\w]", "", span))
        assert all(ch in it for ch in letters), (key, block.line_start, block.text[:60])
        assert line_starts[block.line_start - 1] <= block.raw_start
        assert block.raw_end <= (line_starts[block.line_end] if block.line_end < len(line_starts) else len(source))


def test_offsets_cover_every_clean_character(cleaned):
    doc = cleaned["000"]
    assert len(doc.offsets) == len(doc.text)
    assert (
        doc.offsets == sorted(doc.offsets)
        or sum(1 for a, b in zip(doc.offsets, doc.offsets[1:], strict=False) if b < a) <= 20
    )  # only lifted headings move backwards


def test_loaded_text_from_a_user_document(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Overskrift\n\nDette er en tekst om behand-\nling af misbrug.\n", encoding="utf-8")
    doc = clean_document(
        LoadedDocument(doc_id="n", path=path, file_name=path.name, format="md", text=path.read_text(encoding="utf-8"))
    )
    assert [b.kind for b in doc.blocks] == ["heading", "body"]
    assert doc.blocks[1].text == "Dette er en tekst om behandling af misbrug."
    assert doc.blocks[1].section == "Overskrift"


@pytest.mark.parametrize("glyph", ["•", "\uf0b7", "►", "■", "✓"])
def test_a_pdf_bullet_glyph_starts_a_list_point(tmp_path, glyph):
    """PDFs made from Word documents often carry the Symbol font's private-use bullet ("\\uf0b7")
    or an arrow or box instead of "•": each such line is a point of its own, and the list
    questions read it as one (assistant.lists.points)."""
    from assistant.lists.points import marker_of

    text = f"Derfor vil kommunen:\n{glyph} Bygge nye sykkelveier i\nsentrum.\n{glyph} Ansette flere lærere.\n"
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    doc = clean_document(LoadedDocument(doc_id="p", path=path, file_name=path.name, format="txt", text=text))
    points = [b.text for b in doc.blocks if b.kind == "list"]
    assert points == [f"{glyph} Bygge nye sykkelveier i sentrum.", f"{glyph} Ansette flere lærere."]
    assert all(marker_of(p) == glyph for p in points)


# ---------------------------------------------------------------------------- uploaded PDFs


def test_pdf_running_header_without_page_numbers_goes_and_sentences_run_over_page_breaks(tmp_path: Path) -> None:
    """A PDF whose later pages repeat the title at the top (no page number) and whose sentences
    run on over page breaks, one word hyphenated across a break, with "Side n av m" footers."""
    from evals.formats import pdf_bytes

    pages = [
        ["Plan for bedre skoleveier", "", "Kommunen vil bygge nye fortau langs", "skoleveiene og sette opp bedre be-"],
        ["lysning ved fotgjengerovergangene. Arbeidet starter", "i august."],
        ["Planen ble vedtatt i juni, og kommunen har satt av", "fire millioner kroner."],
    ]
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_bytes(pages, header="Plan for bedre skoleveier", footer=True))
    doc = clean_document(load_document(path))
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "Plan for bedre skoleveier"  # the title stays where it opens the document
    assert texts[1:] == [
        "Kommunen vil bygge nye fortau langs skoleveiene og sette opp bedre belysning ved "
        "fotgjengerovergangene. Arbeidet starter i august.",
        "Planen ble vedtatt i juni, og kommunen har satt av fire millioner kroner.",
    ]
    assert "Side" not in doc.text


def test_pdf_footnotes_at_a_page_foot_do_not_run_into_the_sentence_the_page_break_cuts(tmp_path: Path) -> None:
    """A PDF's footnotes are set smaller below the text, their rule drawn, not written: read as
    text, they ran into the sentence the page break cuts ("… deltakerne i 4 Evalueringen ble
    publisert i 2019. 5 Se også vedlegg 2.") and the raised marks stuck to words ("forskere4")."""
    from evals.formats import pdf_bytes

    pages = [
        ["Evaluering av programmet", "", "Tiltaket er evaluert av to forskere^4, og resultatene viser at deltakerne i"],
        ["stor grad fullfører programmet^5. Dette er et godt resultat."],
    ]
    notes = [["4 Evalueringen ble publisert i 2019.", "5 Se også vedlegg 2."], []]
    path = tmp_path / "evaluering.pdf"
    path.write_bytes(pdf_bytes(pages, header="Evaluering av programmet", footer=True, notes=notes))
    doc = clean_document(load_document(path))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Evaluering av programmet"),
        (
            "body",
            "Tiltaket er evaluert av to forskere, og resultatene viser at deltakerne i stor grad fullfører "
            "programmet. Dette er et godt resultat.",
        ),
        ("footnote", "4 Evalueringen ble publisert i 2019."),
        ("footnote", "5 Se også vedlegg 2."),
    ]


def test_pdf_footnote_found_by_its_lines_size_and_a_page_number_is_none() -> None:
    """As LibreOffice prints Word's notes: the note's number in the body's size, its text smaller
    (10 pt under 11), so a line's size is weighed by its characters. A page number alone at the
    foot, small too, opens no footnotes (a rule before it would end the paragraph the page break
    cuts)."""
    from retrieval.pdf_layout import FOOTNOTE_RULE, Run, with_footnote_rule

    body = [Run("Andelen som har prøvd cannabis økte fra 6 til 9 prosent", 11.0, 300.0), Run("1", 6.4, 304.0)]
    text = "Andelen som har prøvd cannabis økte fra 6 til 9 prosent1\n1 Ungdata 2019 og 2023.\n3"
    note = [Run("1", 11.0, 75.0), Run(" Ungdata 2019 og 2023.", 10.0, 75.0)]
    page_number = [Run("3", 9.0, 40.0)]
    assert with_footnote_rule(text, body + note + page_number).split("\n") == [
        "Andelen som har prøvd cannabis økte fra 6 til 9 prosent1",
        FOOTNOTE_RULE,
        "1 Ungdata 2019 og 2023.",
        "3",
    ]
    alone = "Andelen som har prøvd cannabis økte fra 6 til 9 prosent\n3"
    assert with_footnote_rule(alone, body[:1] + page_number) == alone


def test_pdf_small_print_at_a_page_foot_without_a_number_is_text(tmp_path: Path) -> None:
    """Only small print opening with a number is read as footnotes: a source line is text."""
    from evals.formats import pdf_bytes

    pages = [["Tabellen viser tallene for 2019.", "Kilde: SSB."]]
    path = tmp_path / "kilde.pdf"
    path.write_bytes(pdf_bytes(pages, notes=[["Kilde: SSB, tabell 11."]]))
    doc = clean_document(load_document(path))
    assert all(b.kind != "footnote" for b in doc.blocks)
    assert "Kilde: SSB, tabell 11." in doc.text


def test_a_table_of_contents_is_not_text_and_does_not_move_the_sections(tmp_path: Path) -> None:
    """A report's table of contents (titles, dot leaders, pages) was a passage of every section
    title with page numbers, and its last title, just before the section it names, made that
    section's heading read as the title of the box above it, so the section's text was filed
    under "Innhold"."""
    from evals.formats import pdf_bytes

    pages = [
        [
            "Rapport om rusfeltet",
            "",
            "Innhold",
            "1 Innledning ............................. 2",
            "2 Tiltak . . . . . . . 2",
        ],
        [
            "1 Innledning",
            "Rapporten beskriver rusfeltet i kommunen.",
            "2 Tiltak",
            "Kommunen ansetter to nye ruskonsulenter.",
        ],
    ]
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf_bytes(pages, header="Rapport om rusfeltet", footer=True))
    doc = clean_document(load_document(path))
    assert [(b.kind, b.section, b.text) for b in doc.blocks] == [
        ("heading", "Rapport om rusfeltet", "Rapport om rusfeltet"),
        ("heading", "1 Innledning", "1 Innledning"),
        ("body", "1 Innledning", "Rapporten beskriver rusfeltet i kommunen."),
        ("heading", "2 Tiltak", "2 Tiltak"),
        ("body", "2 Tiltak", "Kommunen ansetter to nye ruskonsulenter."),
    ]


def test_pdf_table_rows_keep_their_cells_apart(tmp_path: Path) -> None:
    """A PDF table's cells stand in columns; in the extracted text they were a space apart, the
    rows ran into each other and into the sentence after the table, and the head row was a
    heading. Each row is now one line of its cells apart by " | ", as Word's and HTML's are."""
    from evals.formats import pdf_bytes

    rows = [
        ("Tiltak", "Beløp", "Periode"),
        ("Nye sykkelfelt", "12 mill. kr", "2024–2026"),
        ("Lys", "3,5 mill. kr", "2024"),
    ]
    page = ["Tabellen viser hva tiltakene koster.", *rows, "Planen ble vedtatt i juni."]
    path = tmp_path / "budsjett.pdf"
    path.write_bytes(pdf_bytes([page]))
    doc = clean_document(load_document(path))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("body", "Tabellen viser hva tiltakene koster."),
        ("body", "Tiltak | Beløp | Periode"),
        ("body", "Nye sykkelfelt | 12 mill. kr | 2024–2026"),
        ("body", "Lys | 3,5 mill. kr | 2024"),
        ("body", "Planen ble vedtatt i juni."),
    ]


def test_pdf_table_rows_need_rows_alike_with_figures() -> None:
    """Lines of running text with wide gaps are no table: they part into different numbers of
    pieces, or hold no figures; one line alone is no table either."""
    from retrieval.pdf_layout import table_rows

    def rows(layout: str) -> list[list[str]]:
        return [row.cells for row in table_rows(layout)]

    assert rows("Kommunen vil    bygge nye fortau\nog sette opp    bedre lys ved    overgangene.") == []
    assert rows("Kommunen vil    bygge nye fortau\nog sette opp    bedre lys.") == []
    assert rows("Lys    3,5 mill. kr\nPlanen ble vedtatt i juni.") == []
    assert rows("Tiltak    Beløp\nLys    3,5 mill. kr\nFortau    12 mill. kr") == [
        ["Tiltak", "Beløp"],
        ["Lys", "3,5 mill. kr"],
        ["Fortau", "12 mill. kr"],
    ]


def test_pdf_table_rows_with_room_around_them_and_wrapped_cells() -> None:
    """As LibreOffice prints a Word table (here: a budget table converted by it, its layout text
    as pypdf gives it): blank lines between the rows, cells in the same columns, a long name
    wrapped in its cell. The page's text has the wrapped cell's lines apart from the row's other
    cells; each row becomes one line again. Two lines of running text that happen to line up
    with a blank line between them are no table."""
    from retrieval.pdf_layout import table_rows, with_table_rows

    layout = (
        "Tabellen viser hva tiltakene i planen koster.\n\n"
        "Tiltak                         Beløp                          Periode\n\n"
        "Ruskonsulenter i               4,2 mill. kr                   2025–2028\n"
        "skolen\n\n"
        "Lavterskeltilbud for           1,8 mill. kr                   2025\n"
        "unge\n\n"
        "Kurs for foreldre              650 000 kr                     2026–2027\n\n"
        "Planen evalueres i 2028.\n"
    )
    text = (
        "Tabellen viser hva tiltakene i planen koster.\nTiltak Beløp Periode\nRuskonsulenter i \nskolen\n"
        "4,2 mill. kr 2025–2028\nLavterskeltilbud for \nunge\n1,8 mill. kr 2025\n"
        "Kurs for foreldre 650 000 kr 2026–2027\nPlanen evalueres i 2028."
    )
    assert with_table_rows(text, layout) == (
        "Tabellen viser hva tiltakene i planen koster.\nTiltak | Beløp | Periode\n"
        "Ruskonsulenter i skolen | 4,2 mill. kr | 2025–2028\nLavterskeltilbud for unge | 1,8 mill. kr | 2025\n"
        "Kurs for foreldre | 650 000 kr | 2026–2027\nPlanen evalueres i 2028."
    )
    chance = "tre 28,3          cm kanoner\n\npå 37             km unna"
    assert table_rows(chance) == []


def test_table_rows_are_blocks_of_their_own(tmp_path: Path) -> None:
    """Rows as the loaders write Word and HTML tables ("a | b | c"), and Markdown's, each a block:
    a figure stays on its row's line with what it is, not run into the rows around it."""
    from retrieval.chunking import passage_sentences

    text = (
        "Budsjett\n\nTabellen viser hva tiltakene koster.\nTiltak | Beløp\nLys langs skoleveiene | 3,5 mill. kr\n"
        "Nye sykkelfelt | 12 mill. kr\n\n| År | Saker |\n|---|---|\n| 2017 | 39 |\n"
    )
    doc = clean_document(load_document(_write(tmp_path, text)))
    blocks = [b.text for b in doc.blocks]
    assert blocks[1:] == [
        "Tabellen viser hva tiltakene koster.",
        "Tiltak | Beløp",
        "Lys langs skoleveiene | 3,5 mill. kr",
        "Nye sykkelfelt | 12 mill. kr",
        "År | Saker",  # a Markdown table's rows, without the outer bars and the rule under its header
        "2017 | 39",
    ]
    # a row with a figure is a sentence the reader can quote; a header row is not
    sentences = [doc.text[a:b] for a, b in passage_sentences(doc.text)]
    assert "Lys langs skoleveiene | 3,5 mill. kr" in sentences and "2017 | 39" in sentences
    assert "Tiltak | Beløp" not in sentences


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_paragraphs_of_a_long_word_document_stay_apart(tmp_path: Path) -> None:
    """A Word, HTML or Markdown document's paragraphs are the loader's: each blank line it writes
    ends one, although every line of such text is followed by a blank line (which in extracted text
    means it is double spaced)."""
    from tests.conftest import word_document

    paragraphs = [
        f"Avsnitt {n} handler om tiltak nummer {n} i planen, som kommunen vil gjennomføre i løpet av året."
        for n in range(1, 13)
    ]
    path = tmp_path / "plan.docx"
    path.write_bytes(word_document([(p, None) for p in paragraphs]))
    assert [b.text for b in clean_document(load_document(path)).blocks] == paragraphs


def test_a_text_file_written_a_paragraph_a_line_keeps_its_paragraphs(tmp_path: Path) -> None:
    """A blank line after every line is double spacing only when the lines are a page's, wrapped at
    a width; a text file of long one-line paragraphs with a blank line after each keeps them apart
    (the double-spaced seeds, lines of 81 and 87 characters, clean as before)."""
    paragraphs = [
        f"Avsnitt {n} handler om tiltak nummer {n} i planen, som kommunen vil gjennomføre i løpet av året, "
        "og om hvordan det skal følges opp av administrasjonen og rapporteres til kommunestyret."
        for n in range(1, 13)
    ]
    path = tmp_path / "notat.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert [b.text for b in clean_document(load_document(path)).blocks] == paragraphs


def test_a_long_title_atop_the_second_of_two_pages_is_a_header(tmp_path: Path) -> None:
    """A two-page PDF repeats its title once, atop page two, however long the title is."""
    from evals.formats import pdf_bytes

    title = "Kommunen vedtok i går en ny plan for tryggere skoleveier i alle bydeler fra neste høst"
    pages = [
        [title, "", "Planen ble vedtatt med stort flertall, og arbeidet med"],
        ["de nye fortauene starter i august."],
    ]
    path = tmp_path / "sak.pdf"
    path.write_bytes(pdf_bytes(pages, header=title, footer=True))
    doc = clean_document(load_document(path))
    assert doc.text.count(title) == 1
    assert doc.text.endswith(
        "Planen ble vedtatt med stort flertall, og arbeidet med de nye fortauene starter i august."
    )
