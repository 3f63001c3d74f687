"""Sentence splitting and the support test behind citation recall and precision."""

from __future__ import annotations

from evals.support import (
    SUPPORT_MIN_OVERLAP,
    answer_sentences,
    figures_supported,
    has_claim,
    markers_in,
    supported,
    term_overlap,
)

PASSAGE = (
    "Efter en årrække med fald er antallet af narkotikarelaterede dødsfald nu steget fra 239 i 2008 "
    "til 276 i 2009. Det skønnede antal stofmisbrugere i Danmark er også steget fra 28.000 i 2005 til 33.000 i 2009."
)


def test_markers_in_order() -> None:
    assert markers_in("a [2] b [1, 3] c [2]") == [2, 1, 3]
    assert markers_in("no markers") == []


def test_answer_sentences_attach_markers_and_drop_markdown() -> None:
    text = (
        "**239, 276** — according to *Kampen mod narko II* (Regeringen, 2010) [1].\n\n"
        "> “Antallet af dødsfald steg fra 239 i 2008 til 276 i 2009.” [1]\n"
        "- Det skønnede antal stofmisbrugere steg til 33.000 i 2009. [2]\n"
        "[1] Kampen mod narko II, s. 7"
    )
    sentences = answer_sentences(text)
    assert [s.markers for s in sentences] == [[1], [1], [2]]
    assert sentences[0].text.startswith("239, 276 — according to Kampen mod narko II")
    assert sentences[1].text.startswith("“Antallet af dødsfald")
    assert "[" not in sentences[2].text and not sentences[2].text.startswith("-")


def test_abbreviations_do_not_split_sentences() -> None:
    sentences = answer_sentences("Der afsættes i alt 26,4 mio. kr. i perioden 2011-2014 [1]. Det er meget [2].")
    assert [s.markers for s in sentences] == [[1], [2]]


def test_claims() -> None:
    assert has_claim("Det steg til 276.")
    assert has_claim("Regeringen vil styrke behandlingen af stofmisbrugere.")
    assert not has_claim("Ja.")
    assert not has_claim("According to the document.")


def test_figures_must_be_in_the_cited_passage() -> None:
    assert figures_supported("Deaths rose from 239 in 2008 to 276 in 2009.", [PASSAGE])
    assert figures_supported("It was 33,000 in 2009.", [PASSAGE])  # 33.000 written the English way
    assert not figures_supported("It was 34,000 in 2009.", [PASSAGE])
    # a range is met by its two ends; page references are not claims
    assert figures_supported("Between 2008 and 2009 it rose (s. 12).", [PASSAGE])


def test_overlap_is_measured_on_content_words_across_da_nb_and_en() -> None:
    assert term_overlap("antallet af narkotikarelaterede dødsfald steg", [PASSAGE]) == 1.0
    # Norwegian spelling of the Danish words meets them through the analyzer
    assert term_overlap("antallet narkotikarelaterte dødsfall", [PASSAGE]) == 1.0
    # English words meet the Danish ones through the glossary
    assert term_overlap("drug-related deaths", [PASSAGE]) >= SUPPORT_MIN_OVERLAP
    assert term_overlap("Portugal avkriminaliserte bruk av cannabis", [PASSAGE]) < SUPPORT_MIN_OVERLAP


def test_supported_needs_figures_and_words() -> None:
    assert supported("Antallet af narkotikarelaterede dødsfald steg til 276 i 2009.", [PASSAGE])
    assert not supported("Antallet af narkotikarelaterede dødsfald steg til 277 i 2009.", [PASSAGE])
    assert not supported("Portugal avkriminaliserte bruk av cannabis i 2009.", [PASSAGE])
    assert not supported("Antallet af dødsfald steg til 276.", [])


def test_judge_replaces_the_word_test_but_not_the_figures() -> None:
    calls: list[tuple[str, list[str]]] = []

    def yes(sentence: str, passages: list[str]) -> bool:
        calls.append((sentence, list(passages)))
        return True

    assert supported("Portugal avkriminaliserte bruk av cannabis i 2009.", [PASSAGE], judge=yes)
    assert calls == [("Portugal avkriminaliserte bruk av cannabis i 2009.", [PASSAGE])]
    assert not supported("Det var 277 i 2009.", [PASSAGE], judge=yes)  # figures fail before the judge
    assert len(calls) == 1
    assert not supported("Antallet af narkotikarelaterede dødsfald steg til 276.", [PASSAGE], judge=lambda s, p: False)


def test_a_sentence_wrapped_over_lines_keeps_its_marker() -> None:
    # raw-text passages (the naive baseline) are quoted with their line breaks
    text = (
        "> “Antallet af dødsfald er steget fra 239 i 2008 til 276 \t\ni 2009.” [1]\n> “Næste citat.” [2]\n\n"
        "- et [1]\n- to\n  fortsat [2]"
    )
    sentences = answer_sentences(text)
    assert [(s.text, s.markers) for s in sentences] == [
        ("“Antallet af dødsfald er steget fra 239 i 2008 til 276 i 2009.”", [1]),
        ("“Næste citat.”", [2]),
        ("et", [1]),
        ("to fortsat", [2]),
    ]


def test_each_table_row_is_a_sentence_of_its_own_and_its_row_number_is_no_claim() -> None:
    """A list answer's table: each row carries its own marker, and the "#" column numbers the
    rows (layout), so "| 3 | teori | [5] |" claims "teori", not the figure 3; the header row names
    the columns and claims nothing."""
    text = (
        "De 2 punktene den nevner:\n\n| # | Punkt | |\n|---|---|---|\n| 1 | skolene | [2] |\n| 12 | museet | [3] |\n\n"
        "| # | Tiltag | Beløb | Periode | |\n|---|---|---|---|---|\n| 1 | Screening | 12,5 mio. kr. | 2011–2014 | [4] |"
    )
    sentences = [(s.text, s.markers) for s in answer_sentences(text)]
    assert sentences == [
        ("De 2 punktene den nevner:", []),
        ("| skolene | |", [2]),
        ("| museet | |", [3]),
        ("| Screening | 12,5 mio. kr. | 2011–2014 | |", [4]),
    ]
    rows = sentences[1:]
    assert not has_claim(rows[0][0])
    assert figures_supported(rows[2][0], ["Screening af unge: 12,5 mio. kr. i 2011-2014."])
    assert not figures_supported(rows[2][0], ["Screening af unge: 10 mio. kr. i 2011-2014."])
