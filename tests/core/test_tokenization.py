"""Tokenizer, analyzer and decompounder: number formats, separators, da/nb forms meeting."""

from __future__ import annotations

import pytest

from retrieval.stopwords import DANISH, ENGLISH, NORWEGIAN, STOPWORDS
from retrieval.tokenization import (
    Decompounder,
    Term,
    analyze,
    analyze_terms,
    build_vocabulary,
    normalize_number,
    term_key,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28.000", ["28000"]),  # da/nb thousands dot
        ("28,000", ["28000"]),  # English thousands comma
        ("1.000.000", ["1000000"]),
        ("26,4", ["26.4"]),  # da/nb decimal comma
        ("26.4", ["26.4"]),  # English decimal point
        ("2,50", ["2.5"]),  # trailing zeros dropped
        ("3,0", ["3"]),
        ("0,125", ["0.125"]),  # leading 0: a decimal, not thousands
        ("1.234,5", ["1234.5"]),
        ("1,234.5", ["1234.5"]),
        ("31.12.2017", ["31", "12", "2017"]),  # a date: its parts
    ],
)
def test_number_formats(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_same_figure_written_three_ways_meets() -> None:
    dot, comma, space = tokenize("28.000"), tokenize("28,000"), tokenize("28\u202f000")
    assert dot[0] == comma[0] == space[0] == "28000"


def test_space_grouped_number_gives_joined_number_and_parts() -> None:
    for separator in (" ", "\u202f", "\u00a0", "\u2009"):
        assert tokenize(f"i alt 4{separator}400 saker") == ["i", "alt", "4400", "4", "400", "saker"]


def test_space_groups_other_than_three_digits_stay_separate_numbers() -> None:
    assert tokenize("ungdom under 104 23 år") == ["ungdom", "under", "104", "23", "år"]
    assert tokenize("fra 2005 til 2009 200 personer") == ["fra", "2005", "til", "2009", "200", "personer"]
    assert tokenize("4\t400") == ["4", "400"]  # a tab is no thousands separator


def test_ranges_split_and_years_kept() -> None:
    assert tokenize("6 mio. kr. i 2010-2013") == ["6", "mio", "kr", "i", "2010", "2013"]
    assert tokenize("1.000-1.500 personer") == ["1000", "1500", "personer"]
    assert tokenize("fra 13 % 2015 til 16 % i 2017") == [
        "fra",
        "13",
        "pct",
        "2015",
        "til",
        "16",
        "pct",
        "i",
        "2017",
    ]


@pytest.mark.parametrize("form", ["16 %", "16%", "16 prosent", "16 procent", "16 percent", "16 pct."])
def test_percent_forms_meet(form: str) -> None:
    assert tokenize(form) == ["16", "pct"]


@pytest.mark.parametrize("separator", ["\u202f", "\u00a0", "\t", "\u2009", "\u3000"])
def test_unicode_spaces_separate_words(separator: str) -> None:
    assert tokenize(f"avkriminaliseringsbegrepet.{separator}Blå Kors") == [
        "avkriminaliseringsbegrepet",
        "blå",
        "kors",
    ]


def test_punctuation_and_digits_separate_words() -> None:
    assert tokenize("«ti brukerdoser» (øvrig1) ASSIST5; 112-årige") == [
        "ti",
        "brukerdoser",
        "øvrig",
        "1",
        "assist",
        "5",
        "112",
        "årige",
    ]


def test_letters_lowercased_and_nordic_letters_kept() -> None:
    assert tokenize("FÆNGSEL Tiltaksgrønn ÅR Ärger Öl Übel") == [
        "fængsel",
        "tiltaksgrønn",
        "år",
        "ärger",
        "öl",
        "übel",
    ]


def test_soft_hyphen_and_zero_width_space_do_not_split_words() -> None:
    assert tokenize("narko\u00adtika stof\u200bmisbrug") == ["narkotika", "stofmisbrug"]


def test_normalize_number_falls_back_to_parts() -> None:
    assert normalize_number("3.2.1") == ["3", "2", "1"]


def test_stopword_lists_hold_each_language() -> None:
    assert {"og", "ikke", "af"} <= DANISH
    assert {"og", "ikke", "av", "ikkje"} <= NORWEGIAN
    assert {"the", "of", "which"} <= ENGLISH
    assert "by" not in STOPWORDS  # English function word, da/nb noun "town"


def test_analyze_drops_stopwords_of_all_three_languages() -> None:
    assert analyze("og det er ikke af the of which av ikkje") == []
    assert analyze("Politiet og the police") == [term_key("politiet"), term_key("police")]


def test_analyze_keeps_numbers_and_percent_unstemmed() -> None:
    assert analyze("276 dødsfald i 2009, 26,4 mio. kr., 55 %") == [
        "276",
        term_key("dødsfald"),
        "2009",
        "26.4",
        term_key("mio"),
        term_key("kr"),
        "55",
        "pct",
    ]


@pytest.mark.parametrize(
    ("danish", "norwegian"),
    [
        ("narkotikarelaterede", "narkotikarelaterte"),
        ("narkotikarelateret", "narkotikarelatert"),
        ("misbrugere", "misbrukere"),
        ("brugere", "brukere"),
        ("bruger", "bruker"),
        ("behandling", "behandling"),
        ("behandlingen", "behandlingen"),
        ("dødsfald", "dødsfall"),
        ("dødsfaldene", "dødsfallene"),
        ("fængsel", "fengsel"),
        ("fængsler", "fengsler"),
        ("udvikling", "utvikling"),
        ("udvalget", "utvalget"),
        ("myndigheden", "myndigheten"),
        ("myndighederne", "myndighetene"),
        ("sagerne", "sakene"),
        ("sager", "saker"),
        ("kommunerne", "kommunene"),
        ("straf", "straff"),
        ("kriminelle", "kriminelle"),
        ("afkriminalisering", "avkriminalisering"),
        ("afkriminaliseret", "avkriminalisert"),
        ("skadereduktion", "skadereduksjon"),
        ("organisation", "organisasjon"),
        ("organiserede", "organiserte"),
        ("sikkerhed", "sikkerhet"),
        ("afhængighed", "avhengighet"),
        ("vejledning", "veiledning"),
        ("indsatte", "innsatte"),
        ("indsatsen", "innsatsen"),
        ("undersøgelse", "undersøkelse"),
        ("hjælp", "hjelp"),
        ("besiddelse", "besittelse"),
        ("social", "sosial"),
        ("køber", "kjøper"),
        ("vigtig", "viktig"),
        ("tiltag", "tiltak"),
    ],
)
def test_danish_and_norwegian_forms_share_a_term(danish: str, norwegian: str) -> None:
    assert analyze(danish) == analyze(norwegian)
    assert len(analyze(danish)) == 1


@pytest.mark.parametrize("forms", [("fjerne", "fjernet", "fjernes"), ("verne", "vernet"), ("stjerne", "stjernen")])
def test_a_word_ending_in_ern_keeps_one_term_in_every_form(forms: tuple[str, ...]) -> None:
    # "-erne" is the Danish definite plural only after a syllable ("bilerne"), not in "fjerne"
    assert len({term_key(w) for w in forms}) == 1


def test_analyzer_keeps_different_words_apart() -> None:
    keys = {term_key(w) for w in ["narkotika", "behandling", "politi", "fængsel", "kriminalitet", "alkohol"]}
    assert len(keys) == 6
    assert analyze("2008") != analyze("2009")


def test_decompounder_splits_into_known_parts() -> None:
    splitter = Decompounder({"narkotika": 12, "kriminalitet": 7, "narkotikakriminalitet": 3})
    assert splitter.split("narkotikakriminalitet") == ("narkotika", "kriminalitet")
    assert splitter.split("narkotikakriminaliteten") == ("narkotika", "kriminaliteten")  # inflected tail


def test_decompounder_needs_known_parts() -> None:
    assert Decompounder({"narkotika": 12}).split("narkotikakriminalitet") == ()
    assert Decompounder({"kriminalitet": 12}).split("narkotikakriminalitet") == ()
    assert Decompounder({"rus": 9, "reform": 4}).split("rusreform") == ()  # shorter than 10 letters


def test_decompounder_drops_linking_s_and_allows_common_three_letter_head() -> None:
    splitter = Decompounder({"ungdom": 8, "straff": 6, "rus": 9, "misbrukere": 2})
    assert splitter.split("ungdomsstraff") == ("ungdom", "straff")
    assert splitter.split("rusmisbrukere") == ("rus", "misbrukere")
    assert Decompounder({"rus": 1, "misbrukere": 2}).split("rusmisbrukere") == ()  # rare 3-letter head


def test_decompounder_three_parts_only_without_a_two_part_split() -> None:
    splitter = Decompounder({"rus": 9, "reform": 4, "utvalget": 3})
    assert splitter.split("rusreformutvalget") == ("rus", "reform", "utvalget")
    splitter = Decompounder({"rus": 9, "reform": 4, "utvalget": 3, "rusreform": 2})
    assert splitter.split("rusreformutvalget") == ("rusreform", "utvalget")


def test_decompounder_prefers_frequent_parts() -> None:
    splitter = Decompounder({"behandling": 50, "behandlings": 1, "tilbud": 20, "stilbud": 1})
    assert splitter.split("behandlingstilbud") == ("behandling", "tilbud")


def test_decompounder_rejects_endings_as_parts() -> None:
    splitter = Decompounder({"mulig": 20, "heter": 5, "ungdom": 20, "mere": 30, "ansvar": 9, "lige": 9})
    assert splitter.split("muligheten") == ()
    assert splitter.split("ungdommers") == ()
    assert splitter.split("ansvarlige") == ()


def test_analyze_emits_parts_after_the_whole_word() -> None:
    splitter = Decompounder({"narkotika": 12, "kriminalitet": 7})
    assert analyze_terms("narkotikakriminalitet", splitter) == [
        Term(term_key("narkotikakriminalitet")),
        Term(term_key("narkotika"), part=True),
        Term(term_key("kriminalitet"), part=True),
    ]
    assert analyze("narkotikakriminalitet") == [term_key("narkotikakriminalitet")]  # no splitter


def test_danish_and_norwegian_compounds_meet_in_their_parts() -> None:
    splitter = Decompounder({"stof": 6, "rus": 9, "misbrugere": 4, "misbrukere": 2})
    danish, norwegian = analyze("stofmisbrugere", splitter), analyze("rusmisbrukere", splitter)
    assert set(danish) & set(norwegian) == {term_key("misbrugere")}


def test_build_vocabulary_counts_words_only() -> None:
    vocabulary = build_vocabulary(["Narkotika og narkotika, 28.000 brugere", "Brugere af narkotika i 2009 %"])
    assert vocabulary == {"narkotika": 3, "brugere": 2}
