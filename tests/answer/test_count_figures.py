"""The figure an answer to "how many …" leads with: the count the sentence states, not a list's
point number, a code, a law's section or the whole a part is counted from."""

from __future__ import annotations

import pytest

from assistant.extractive import count_spans, key_figures
from assistant.question import analyze_question

HOW_MANY = analyze_question("How many police districts report open drug scenes?")


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        # the part, not the whole it is counted from
        ("b) Åpne russcener To av landets 12 politidistrikt rapporterer om åpne russcener.", "To"),
        ("I 2017 ble 42 av 120 saker henlagt.", "42"),
        ("Tre af de 98 kommuner har et tilbud.", "Tre"),
        # a count in words when no digit is one
        ("Seks kommuner afprøver i 2009-2013 de pågældende metoder.", "Seks"),
        ("Det er registrert samfunnsstraff i 2 saker.", "2"),
        # codes and a law's sections are no counts
        ("Saken er kodet som 0701 (bruk av narkotika), og det gjaldt 17 dommer.", "17"),
        ("Magellan kom med 1 000 filippinske krigere.", "1 000"),  # thousands, not a code "000"
        ("Magellan kom med 1\u00a0000 filippinske krigere.", "1\u00a0000"),
        ("Det er idømt ungdomsstraff i 1 sak, for brudd på straffeloven § 231 og § 271.", "1"),
    ],
)
def test_the_count_a_sentence_states(sentence: str, lead: str) -> None:
    assert key_figures(HOW_MANY, sentence) == lead


def test_a_list_point_number_is_no_count() -> None:
    sentence = "1.Mengde illegale rusmidler som skal falle inn under definisjonene av bruk og besittelse."
    assert count_spans(sentence) == []
    assert key_figures(HOW_MANY, sentence) == ""


def test_a_footnotes_number_is_no_count() -> None:
    """A footnote read from a PDF or extracted text opens with its number ("1 Vedtaket …"): "how
    many voted for the plan?" was answered "1, 31, 14". A count opening a sentence stays one."""
    votes = analyze_question("Hvor mange stemte for sykkelplanen i kommunestyret?")
    assert key_figures(votes, "1 Vedtaket ble gjort med 31 mot 14 stemmer i kommunestyret.") == "31, 14"
    assert key_figures(HOW_MANY, "17 Kapasitetsundersøkelsen omfatter 4 statistikkgrupper.") == "4"
    assert key_figures(HOW_MANY, "12 politidistrikt rapporterer om åpne russcener.") == "12"


def test_a_share_that_answers_how_many_is_given_as_a_share() -> None:
    """ "Hvor mange gutter …?" is answered by "16 %": the headline says it is a share, not a count."""
    boys = analyze_question("Hvor mange gutter på videregående hadde brukt narkotika?")
    assert key_figures(boys, "Blant guttene hadde 16 % brukt narkotika, mot 13 % i 2015.") == "16 %, 13 %"
    assert key_figures(boys, "For saker om besittelse var andelen ca. 42 prosent.") == "42 prosent"


def test_a_number_that_is_only_a_year_is_still_given_when_nothing_else_is() -> None:
    assert key_figures(HOW_MANY, "I 2010 var det 2010 saker.") == "2010"


def test_a_question_that_counts_days_gets_the_span_of_time() -> None:
    """ "… supposed to last how many days?": "10 dager" is the count asked for, not "ti brukerdoser"."""
    sentence = "Er ti brukerdoser ment til å vare i 10 dager?"
    days = analyze_question("KFK and SFK wonder whether 'ten user doses' are supposed to last how many days?")
    assert key_figures(days, sentence) == "10"
    assert key_figures(HOW_MANY, sentence) == "ti"  # doses counted, and "10 dager" is a span of time


def test_figures_of_several_years_are_each_given_their_year_when_none_is_asked() -> None:
    sentence = "Det skønnede antal stofmisbrugere i Danmark er også steget fra 28.000 i 2005 til 33.000 i 2009."
    assert (
        key_figures(analyze_question("Hvor mange stofmisbrugere er der i Danmark?"), sentence)
        == "28.000 (2005), 33.000 (2009)"
    )
    assert key_figures(analyze_question("Hvor mange stofmisbrugere var der i 2009?"), sentence) == "33.000 (2009)"
    assert (
        key_figures(HOW_MANY, "I 2017 ble 42 av 120 saker henlagt, og 12 i 2018.") == "42, 12"
    )  # not every figure dated


# ---- the date a "when" question asks for ------------------------------------------------------

TWO_EVENTS = (
    "Allerede i 1998 fikk vi landsomfattende tilbud om vedlikeholdsbehandling med metadon, "
    "og ruslidelser ble definert som sykdom på begynnelsen av 2000-tallet."
)


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # the clause that shares the question's words holds its date
        ("Når ble ruslidelser definert som sykdom?", TWO_EVENTS, "2000-tallet"),
        ("Når fikk Norge et landsdekkende tilbud om metadonbehandling?", TWO_EVENTS, "1998"),
        (
            "Når angrep Tyskland Sovjetunionen?",
            "Etter å selv ha angrepet bl.a. Polen, Finland og de baltiske landene i 1939–1940, ble "
            "Sovjetunionen i 1941 imidlertid angrepet av Tyskland.",
            "1941",
        ),
        (
            "Når innføres bøtetjeneste i regionene nord og sørvest?",
            "Bøtetjeneste skal iverksettes i regionene øst, sør og vest 1.5.2019, mens den blir "
            "iverksatt i regionene nord og sørvest 1.10.2019.",
            "1.10.2019",
        ),
        # what is asked about a name tells its clauses apart, the name does not: the name stands
        # in the first clause only, the verb asked in the second
        (
            "Når døde Marta Vinje?",
            "Marta Vinje (født 12. mars 1891 i Levanger, død 4. november 1967 i Oslo) var arkitekt.",
            "4. november 1967",
        ),
        (
            "When did Marta Vinje die?",  # the lexicon's base form ("dø") in the clause's "død"
            "Marta Vinje (født 12. mars 1891 i Levanger, død 4. november 1967 i Oslo) var arkitekt.",
            "4. november 1967",
        ),
        (
            "Når ble Marta Vinje født?",
            "Marta Vinje (født 12. mars 1891 i Levanger, død 4. november 1967 i Oslo) var arkitekt.",
            "12. mars 1891",
        ),
        # one clause: every date of the most precise kind written, as before
        ("Når ble Blå Kors stiftet?", "Blå Kors ble stiftet 12. mars 1906 i Kristiania i 1906.", "12. mars 1906"),
        (
            "Når ble loven strammet inn?",
            "Som led i regeringens politik om nultolerance over for narko er lov om euforiserende stoffer ændret "
            "i 2004 og 2007.",
            "2004, 2007",
        ),
    ],
)
def test_a_when_question_gets_the_date_of_the_clause_it_asks_about(question: str, sentence: str, lead: str) -> None:
    assert key_figures(analyze_question(question), sentence) == lead


def test_a_decade_written_with_its_century_is_not_a_year() -> None:
    q = analyze_question("When did the band form?")
    assert key_figures(q, "The band formed in the 1960s.") == "1960s"
    assert (
        key_figures(analyze_question("Når ble ruslidelser en sykdom?"), "Det skjedde på 2000-tallet.") == "2000-tallet"
    )


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        # thousands apart by a space, as Norwegian writes them: the whole amount, not "000 kroner"
        ("Kommunen fikk 250 000 kroner til prosjektet.", "250 000 kroner"),
        ("Grunnbeløpet er 99\u00a0858 kroner fra 1. mai.", "99\u00a0858 kroner"),
        ("Tiltaket koster 3,5 mill. kr.", "3,5 mill. kr"),
    ],
)
def test_an_amount_is_read_whole(sentence: str, lead: str) -> None:
    assert key_figures(analyze_question("Hvor mye penger?"), sentence) == lead


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        # a century or a decade ("Hvor mange eksemplarer …?" was answered "1800, 1, 1850")
        ("Romanen ble solgt i flest eksemplarer på 1800-tallet, i alt 300 000.", "300 000"),
        ("På 70-tallet hadde byen 12 kinoer.", "12"),
        # a time of day ("How many people were injured …?" was answered "16.15, 25")
        ("Ved 16.15-tiden meldte politiet at rundt 25 personer var innbrakt.", "25"),
        ("Klokken 03.00 gikk 4 passasjerer av bussen.", "4"),
        # an ordinal ("the 21st century", "his 16th goal")
        ("Papenburg hadde 20 skipsverft, men bare ett klarte seg inn i det 21. århundre.", "20"),
        ("Han scoret sine mål nummer 29 og 30 i det 19. og 24. minutt.", "29, 30"),
        # a place in a text ("Hvor mange stemte for dissensen?" was answered "77, 95" from "erstatte
        # linje 77–95"), and a date's day ("den 4. november 1605": 36 barrels, not 1605)
        ("Dissens: fire medlemmer vil erstatte linje 77–95 med en ny tekst.", "fire"),
        ("Se kapittel 3, der 14 tiltak er beskrevet.", "14"),
        ("Boken er omtalt i New York Times, s. 1, og solgte 2 millioner eksemplarer.", "2"),
        ("Den 4. november 1605 ble Fawkes arrestert mens han voktet 36 tønner med krutt.", "36"),
    ],
)
def test_a_century_a_time_of_day_an_ordinal_or_a_page_counts_nothing(sentence: str, lead: str) -> None:
    assert key_figures(HOW_MANY, sentence) == lead


def test_a_sentence_with_only_a_century_or_an_ordinal_holds_no_count() -> None:
    """The reader's signal that a sentence holds the kind of figure asked for reads counts alike."""
    from assistant.reader.kinds import holds

    speakers = analyze_question("Hvor mange kan snakke språket?")
    assert not holds("count", "Et annet planspråk ble lansert på slutten av 1800-tallet.", speakers)
    assert not holds("count", "Kultursenteret ligger i 16. arrondissement i Paris.", speakers)
    assert not holds("count", "Mannen gikk av bussen klokken 03.00.", speakers)
    assert holds("count", "Omkring 30 personer kan snakke språket.", speakers)


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        # the currency first, as English and international texts write it (an uploaded report)
        ("The government will invest £780 million over three years in treatment.", "£780 million"),
        ("The deal was worth $2.5bn in 2019.", "$2.5bn, 2019"),
        ("Der afsættes EUR 40 mio. til projektet.", "EUR 40 mio"),
        ("Tilbuddet koster kr. 2.500 om året.", "kr. 2.500"),
        # the currency after the amount, and a word that only begins like a currency code
        ("Klubben betalte 1,3 millioner euro for ham.", "1,3 millioner euro"),
        ("Der afsættes i alt 6 mio. kr. i 2010-2013.", "i alt 6 mio. kr, 2010-2013"),
    ],
)
def test_an_amount_with_its_currency_before_or_after_it(sentence: str, amount: str) -> None:
    assert key_figures(analyze_question("How much money is set aside?"), sentence) == amount


TOWERS = "Tårnene er 186 meter høye, og seilingshøyden under brua er 42 meter."


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        ("Hvor høye er tårnene?", TOWERS, "186 meter"),
        ("How high are the towers?", TOWERS, "186 meter"),
        ("How long is the bridge?", "Brua er 1 320 meter lang, og hovedspennet er 640 meter.", "1 320 meter"),
        ("Hvor stor diameter har Io?", "Den har en diameter på 3 643 km, og er den fjerde største månen.", "3 643 km"),
        ("Ved hvilken temperatur gjærer ølet?", "Hovedgjæringen foregår ved en temperatur på 5–9 °C.", "5–9 °C"),
        # the sentence does not name the magnitude asked (a near miss), or no figure stands next to it
        ("Hvor dyp er fjorden?", "Brua er 1 320 meter lang.", ""),
        ("Hvor høy er brua?", "Brua har 1 320 meter og 2 km vei, og ifølge vegvesenet er den et høyt landemerke.", ""),
        # English "how long was …" of a time keeps its span of time
        ("How long was Finland part of Sweden?", "Finland var en del av Sverige i mer enn 600 år.", "600 år"),
    ],
)
def test_a_magnitude_is_given_with_its_unit_where_the_sentence_names_it(question: str, sentence: str, lead: str):
    assert key_figures(analyze_question(question), sentence) == lead


def test_of_several_counts_the_headline_gives_those_of_the_thing_asked() -> None:
    """A sentence with several counts leads with the one followed by what the question counts;
    with all of them when none is, and a year asked still chooses first."""
    sentence = "Tromsø har om lag 78 000 innbyggere, og hallen vil få rundt 300 000 besøkende i året."
    assert key_figures(analyze_question("Hvor mange innbyggere har Tromsø?"), sentence) == "78 000"
    assert key_figures(analyze_question("Hvor mange besøkende får hallen?"), sentence) == "300 000"
    assert key_figures(analyze_question("Hvor mange bor det i Tromsø?"), sentence) == "78 000, 300 000"
    cases = "I 2017 registrerte konfliktrådene 39 saker vedr. ungdomsstraff og 383 saker vedr. ungdomsoppfølging."
    assert key_figures(analyze_question("Hvor mange ungdomsoppfølgingssaker hadde konfliktrådene?"), cases) == "383"
    offences = "Totalt ble det registrert 3.298 lovbrudd i denne aldersgruppen, mot 3.123 i 2017."
    assert key_figures(analyze_question("Hvor mange lovbrudd ble registrert i 2017?"), offences) == "3.123 (2017)"
    # "hvor mange av X": a part of X is counted, so the count followed by X is the whole, not the answer
    part = analyze_question("Hvor mange av Nortraships sjøfolk mistet livet?")
    assert key_figures(part, "Av Nortraships 30 000 sjøfolk omkom rundt 3 000.") == "30 000, 3 000"


def test_what_is_blanked_out_joins_no_figure_to_the_words_after_it() -> None:
    """An age blanked out ("unge under 25") had left "1.850" and "år" apart by spaces only, so a
    span of time ("850 … år") was blanked from the count and the headline read "1"."""
    sentence = "I 2025 var der 1.850 unge under 25 år i stofmisbrugsbehandling, og 310 af dem var under 18 år."
    assert [sentence[a:b] for a, b in count_spans(sentence)] == ["1.850", "310"]
    assert key_figures(analyze_question("Hvor mange unge var i behandling i 2025?"), sentence) == "1.850 (2025)"


def test_a_count_in_words_leads_when_it_counts_the_thing_asked() -> None:
    """A count in words stands beside a count in digits: it leads when the question counts what
    follows it, also when an English question names that thing in English."""
    sentence = "Om bord var 46 passasjerer og sju mannskaper."
    assert key_figures(analyze_question("Hvor mange mannskaper var om bord?"), sentence) == "sju"
    assert key_figures(analyze_question("How many crew members were on board?"), sentence) == "sju"
    assert key_figures(analyze_question("Hvor mange passasjerer var om bord?"), sentence) == "46"
    assert key_figures(analyze_question("Hvor mange var om bord?"), sentence) == "46"  # no thing named: the digits
    # the glossary's term for an English phrase chooses before the lexicon's word by word
    cases = "I 2017 registrerte konfliktrådene 39 saker vedr. ungdomsstraff og 383 saker vedr. ungdomsoppfølging."
    assert key_figures(analyze_question("How many youth follow-up cases were registered?"), cases) == "383"


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # an uploaded English text writes its dates, ages, spans of time and counts in words its own way
        ("When did it open?", "It opened on 13 January 2025 in the east end.", "13 January 2025"),
        ("When did it open?", "It opened on January 13, 2025, in the east end.", "January 13, 2025"),
        ("When did she speak?", "In September 2023, the Lord Advocate made a statement.", "September 2023"),
        ("Hvornår afleverede panelet rapporten?", "Panelet afleverede rapporten i maj 2010.", "maj 2010"),
        ("How old were the visitors on average?", "Most were men, and the average age was 43 years.", "43 years"),
        ("How old is the chair?", "The chair, a 61-year-old nurse, was appointed in 2024.", "61-year-old"),
        ("How long should the pilot be extended?", "They want the pilot extended by two years.", "two years"),
        ("How many changes do the evaluators recommend?", "The evaluators recommend three changes.", "three"),
        ("How old were the clients on average?", "The average age of clients was 41, and 72% were men.", "41"),
        ("How old is the council leader?", "Council leader Ruth Okafor, 52, said the change was needed.", "52"),
        (
            "How many outreach clinics will open?",  # a count in words before its noun's adjectives, not the amount
            "The pilot will cost £4.2 million, most of it going to seven new outreach clinics.",
            "seven",
        ),
        (
            "How many arrests were made?",
            "Police made 1,250 arrests. The average age of those arrested was 34.",
            "1,250",
        ),
        # an English question's own word in the clause's inflected form ("die": "died")
        ("When did he die?", "In 1968 she married John Hallworth, a geologist, who died in 2015.", "2015"),
    ],
)
def test_an_english_texts_dates_ages_spans_and_counts_in_words(question: str, sentence: str, lead: str) -> None:
    assert key_figures(analyze_question(question), sentence) == lead


def test_an_english_date_counts_nothing_and_may_the_verb_is_no_month() -> None:
    how_many = analyze_question("How many people used the facility?")
    assert key_figures(how_many, "On 13 January 2025, 487 people used the facility.") == "487"
    assert key_figures(analyze_question("When will the board decide?"), "The board may 2026 decide.") == "2026"


def test_minutes_are_a_span_of_time_counted_only_when_minutes_are_asked() -> None:
    """ "25 minutter" says how long a trip takes: no count of departures, but the count asked for
    when the question counts minutes."""
    sentence = "Overfarten tar om lag 25 minutter, og sambandet har 16 daglige avganger."
    assert key_figures(analyze_question("Hvor mange ganger om dagen går ferja?"), sentence) == "16"
    assert key_figures(analyze_question("How many people work there?"), sentence) == "16"
    assert key_figures(analyze_question("How many minutes does the crossing take?"), sentence) == "25"
