"""The general English -> Norwegian lexicon: its data file, lookups, and how queries use it."""

from __future__ import annotations

import gzip
from pathlib import Path

from retrieval.glossary import expand_query, expansion_terms
from retrieval.lexicon import LEXICON_PATH, base_form, headword, lexicon, looks_english, translations_of
from retrieval.lexicon_build import build, translations


def test_data_file_is_shipped_with_its_licence() -> None:
    head = LEXICON_PATH.read_text(encoding="utf-8")[:600]
    assert "CC BY-SA 3.0" in head and "FreeDict" in head
    words = lexicon()
    assert len(words) > 8000
    assert {"kveld", "aften"} <= set(words["evening"]) and "mandag" in words["monday"]


def test_inflected_english_words_find_their_headword() -> None:
    known = {"hang": ("henge",), "name": ("navn",), "stop": ("stoppe",), "country": ("land",)}
    assert base_form("hanging", known) == "hang"
    assert base_form("named", known) == "name"
    assert base_form("stopped", known) == "stop"
    assert base_form("countries", known) == "country"
    assert base_form("zzzz", known) is None


def test_possessives_irregular_pasts_and_superlatives_find_their_headword() -> None:
    assert headword("council's") == "council" and headword("tenants'") == "tenant"
    assert headword("led") == "lead" and headword("built") == "build" and headword("taken") == "take"
    # a past that is also a headword of its own is read as the verb's past
    assert headword("found") == "find" and headword("fell") == "fall"
    assert headword("largest") == "large" and headword("biggest") == "big" and headword("earliest") == "early"
    assert "bygge" in translations_of("built") and "stor" in translations_of("largest")
    assert headword("the's") is None and headword("zzzzest") is None


def test_translate_skips_stopwords_numbers_and_repeats() -> None:
    found = expansion_terms("who is hanging out on monday evening 2019", general=True)
    assert found[:1] == ["henge"] and {"mandag", "kveld"} <= set(found)
    assert len(found) == len(set(found))
    assert expansion_terms("the of 2019", general=True) == []
    assert [translations_of(w) for w in ("the", "of", "2019", "zzzz")] == [[], [], [], []]
    assert headword("hanging") == "hang" and headword("the") is None and headword("2019") is None


def test_only_english_text_is_translated() -> None:
    assert looks_english("who is the chair of the board".split())
    assert not looks_english("hvem er leder av styret".split())
    assert {"mandag", "kveld"} <= set(expansion_terms("Who is he meeting on Monday evening?"))
    assert expansion_terms("Hvem skal han møte mandag kveld?") == []
    # a caller that knows the language decides ("Monday evening meeting" has no function words)
    assert expansion_terms("Monday evening meeting") == []
    assert "kveld" in expansion_terms("Monday evening meeting", general=True)
    # the glossary's phrases win over the lexicon's words, and the dense query keeps to the glossary
    assert "skadereduksjon" in expansion_terms("What is harm reduction?")
    assert "kveld" not in expand_query("What happened on Monday evening?")


def test_build_reads_a_dictd_dictionary(tmp_path: Path) -> None:
    entries = {
        "evening": "evening //ˈiːvnɪŋ// <n>\n1. aften, kveld\ntime of day\n2. kveld (sen), aften\nlate\n",
        "show": "show //ʃoʊ// <v>\nvise 2.\nto display\n 3.\nto indicate\n",
        "-ness": "ness <suffix>\nhet\nstate\n",
        "ic": "ic //ɪk// <suffix>\nisk\nadjective\n",
    }
    data, index = b"", []
    for head, text in entries.items():
        raw = text.encode("utf-8")
        index.append(f"{head}\t{_b64(len(data))}\t{_b64(len(raw))}")
        data += raw
    with gzip.open(tmp_path / "freedict-eng-nor.dict.dz", "wb") as f:
        f.write(data)
    (tmp_path / "freedict-eng-nor.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    assert build(tmp_path) == {"evening": ["aften", "kveld"], "show": ["vise"]}
    assert translations(entries["evening"]) == ["aften", "kveld"]


def _b64(n: int) -> str:
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = ""
    while True:
        out = digits[n % 64] + out
        n //= 64
        if not n:
            return out


def test_dictd_numbers_round_trip() -> None:
    from retrieval.lexicon_build import _number

    for n in (0, 1, 63, 64, 12345, 10**7):
        assert _number(_b64(n)) == n
    assert _number("BA") == 64  # most significant digit first


def test_a_glossary_phrase_is_found_in_the_plural() -> None:
    from retrieval.glossary import GLOSSARY, known_phrase, match_phrases

    assert ("drug", "consumption", "room") in GLOSSARY and ("drug", "consumption", "rooms") not in GLOSSARY
    found = match_phrases("What does Blue Cross think about drug consumption rooms?")
    assert ("drug", "consumption", "room") in found.phrases and "rooms" not in found.rest
    assert "sprøyterom" in expansion_terms("drug consumption rooms")
    assert known_phrase(("is",)) is None and known_phrase(("boxes",)) is None  # no singular in the glossary


def test_a_glossary_word_is_found_in_its_inflected_forms() -> None:
    """The glossary lists "decriminalise" and "decriminalised"; "decriminalising" and
    "legalising" are the same words (before, an English comparison topic "decriminalising use"
    found no Danish or Norwegian term for it)."""
    from retrieval.glossary import GLOSSARY, known_phrase

    assert ("decriminalising",) not in GLOSSARY
    assert known_phrase(("decriminalising",)) == ("decriminalise",)
    assert "avkriminalisering" in expansion_terms("Which organisations support decriminalising use?")
    assert known_phrase(("legalising",)) in GLOSSARY
    assert known_phrase(("stringly",)) is None  # no base form the glossary holds


def test_danish_file_fills_words_the_norwegian_dictionary_lacks() -> None:
    from retrieval.lexicon import DANISH_LEXICON_PATH
    from retrieval.tokenization import analyze

    head = DANISH_LEXICON_PATH.read_text(encoding="utf-8")[:600]
    assert "GNU General Public License" in head and "FreeDict" in head
    words = lexicon()
    assert len(words) > 10_000
    assert "parti" in words["party"] and "fængsel" in words["prison"]
    assert analyze("fængsel") == analyze("fengsel")  # the analyzer folds the Danish word onto the Norwegian
    assert "fængsel" in translations_of("prisons")  # inflected forms find the headword
    assert words["evening"][:2] == ("aften", "kveld")  # the Norwegian dictionary's entry wins


def test_build_reads_the_danish_english_dictionary_backwards(tmp_path: Path) -> None:
    from retrieval.lexicon_build import build_danish

    text = (
        "00-database-info\nDanish-English FreeDict Dictionary\n\n"
        "fængsel /ˈfɛŋˀsəl/ <n>\nprison, jail\n"
        "aften /ˈɑftən/ <n>\nevening\n"
        "parti /pɑˈtiˀ/ <n>\n [politik] party\n"
        "fest /ˈfɛsd/ <n>\nparty, feast\n"
    )
    with gzip.open(tmp_path / "freedict-dan-eng.dict.dz", "wb") as f:
        f.write(text.encode("utf-8"))
    known = {"evening": ("kveld",)}
    assert build_danish(tmp_path, known) == {
        "feast": ["fest"],
        "jail": ["fængsel"],
        "party": ["parti", "fest"],
        "prison": ["fængsel"],
    }


def test_the_lexicon_read_backwards_gives_a_danish_or_norwegian_terms_english_words() -> None:
    from retrieval.lexicon import english_of
    from retrieval.tokenization import term_key

    assert "grandchild" in english_of(term_key("barnebarn"))
    assert "money" in english_of(term_key("penger")) and "money" in english_of(term_key("penge"))
    assert english_of(term_key("leder")) == []  # stands for leader, conductor, govern, agile …: too ambiguous


def test_the_glossary_read_backwards_gives_a_field_terms_english_words() -> None:
    """The field's Danish and Norwegian words ("sprøyterom", "besittelse") are in no general
    dictionary; the glossary's English phrases give them, each by its head word."""
    from retrieval.glossary import english_forms
    from retrieval.tokenization import term_key

    assert {"room", "injection"} <= set(english_forms(term_key("sprøyterom")))
    assert "possession" in english_forms(term_key("besittelse"))
    assert "seizure" in english_forms(term_key("beslag"))


def test_the_hand_made_file_fills_frequent_words_both_dictionaries_lack() -> None:
    """Frequent English words neither FreeDict file translates ("born", "power", "total") come
    from the hand-made file, with Norwegian and Danish words in turn; it never overrides them."""
    from retrieval.lexicon import DANISH_LEXICON_PATH, EXTRA_LEXICON_PATH, _read, _read_extra

    head = EXTRA_LEXICON_PATH.read_text(encoding="utf-8")[:1200]
    assert "wordfreq" in head and "by hand" in head
    extra = _read_extra(EXTRA_LEXICON_PATH)
    assert len(extra) > 1000
    dictionaries = {**_read(LEXICON_PATH), **_read(DANISH_LEXICON_PATH)}
    assert not set(extra) & set(dictionaries)
    assert translations_of("born")[0] == "født"
    assert "borgmester" in translations_of("mayor") or "ordfører" in translations_of("mayor")
    assert "eldre" in translations_of("older")
    assert all(len(targets) == len(set(targets)) and all(targets) for targets in extra.values())


def test_an_irregular_past_held_as_a_stopword_finds_its_verb() -> None:
    """ "won" is in the stopwords as part of "won't"; it is the past of "win". "did" (of "do")
    stays a function word."""
    assert headword("won") == "win" and "vinne" in translations_of("won")
    assert headword("did") is None


def test_a_phrasal_verb_is_translated_as_one_phrase_in_any_form() -> None:
    from retrieval.glossary import expand
    from retrieval.lexicon import phrasal_verbs, phrasal_verbs_in

    assert len(phrasal_verbs()) > 100 and "overta" in phrasal_verbs()[("take", "over")]
    groups, rest = phrasal_verbs_in(["who", "took", "over", "as", "director"])
    assert rest == ["who", "as", "director"] and "overtok" in groups[0]
    assert phrasal_verbs_in(["setting", "up"])[0] == phrasal_verbs_in(["set", "up"])[0]
    assert "permittere" in phrasal_verbs_in(["laid", "off"])[0][0]
    # a verb without its particle, or the particle elsewhere, is read word by word
    assert phrasal_verbs_in(["the", "set", "of", "rules"]) == ([], ["the", "set", "of", "rules"])
    # in a question, the phrase's words replace the verb's own ("took": "gevinst", "fangst")
    words = [w for g in expand("Who took over as director?", general=True).lexicon for w in g]
    assert "overta" in words and "fangst" not in words and "gevinst" not in words


def test_a_two_word_expression_is_read_before_the_glossary_reads_its_words() -> None:
    from retrieval.glossary import expand

    # the glossary's "charge" is a criminal charge ("siktelse"); "in charge" is who leads
    words = [w for g in expand("Who is in charge of the rescue?", general=True).lexicon for w in g]
    assert "ansvarlig" in words and "siktelse" not in words
    assert expand("Who is in charge of the rescue?", general=False).glossary  # the glossary alone: as before


def test_a_frequent_words_common_sense_replaces_the_dictionarys_rare_one() -> None:
    from retrieval.lexicon import SENSES_LEXICON_PATH

    assert "wordfreq" in SENSES_LEXICON_PATH.read_text(encoding="utf-8")[:400]
    # the dictionary's "service" is a church service, its "council" an advice
    assert translations_of("service")[0] == "tjeneste" and "gudstjeneste" not in translations_of("service")[:2]
    assert "kommune" in translations_of("councils") and "beholde" in translations_of("kept")
