"""Key figures, outline and question candidates on passages written in the test (no index)."""

from __future__ import annotations

import pytest

from assistant.guide.figures import document_figures, sentence_figures
from assistant.guide.models import KeyFigure, OutlineEntry
from assistant.guide.outline import outline
from assistant.guide.questions import candidates, distinctive_words, good_section
from assistant.models import Citation
from retrieval.types import Chunk

DEATHS = "narkotikarelaterede dødsfald"
BUDGET = "Der afsættes i alt 6 mio. kr. i 2010-2013 til initiativet."


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Der afsættes i alt 6 mio. kr. i 2010-2013 til initiativet.",
            [("6 mio. kr.", "money", "Uddannelse", "2010-2013"), ("2010-2013", "date", "Uddannelse", None)],
        ),
        (
            "Antallet af narkotikarelaterede dødsfald i Danmark er steget fra 239 i 2008 til 276 i 2009.",
            [
                ("239", "count", "narkotikarelaterede dødsfald", "2008"),
                ("276", "count", "narkotikarelaterede dødsfald", "2009"),
            ],
        ),
        ("Det er utferdiget 2058 påtaleunnlatelser i 2017.", [("2058", "count", "påtaleunnlatelser", "2017")]),
        (
            "Det er anslået, at denne gruppe omfatter 1.000-1.500 personer.",
            [("1.000-1.500", "count", "personer", None)],
        ),
        ("Tre projekter er blevet iværksat i Odense.", [("Tre", "count", "projekter", None)]),
        (
            "Projektet blev afsluttet i april 2007 med positive resultater.",
            [("april 2007", "date", "Uddannelse", None)],
        ),
        ("Ca. 55 % av alle saker i 2017 gjaldt bruk.", [("55 %", "percent", "alle saker", "2017")]),
        # references and numbering are not figures
        ("Se riksadvokatens rundskriv 2/2014 og straffeloven § 231.", []),
        # a span of time is a figure of time; an age is not one
        ("Behandlingen skal starte inden for 14 dage.", [("14 dage", "date", "Uddannelse", None)]),
        ("De siste 20 år har samarbeidet vært sentralt.", [("20 år", "date", "Uddannelse", None)]),
        ("Gennemsnitsalderen er 28 år, men mange er under 18 år.", []),
        # spans and times of a year, as written
        ("Regeringen har fra 2007 til 2010 gennemført et løft.", [("fra 2007 til 2010", "date", "Uddannelse", None)]),
        (
            "Prosjektet skal implementeres i perioden 01.04.2019 til 01.04.2021.",
            [("01.04.2019 til 01.04.2021", "date", "Uddannelse", None)],
        ),
        ("Loven blev ændret i 2004 og 2007.", [("2004 og 2007", "date", "Uddannelse", None)]),
        ("Forsøget forventes afsluttet med udgangen af 2011.", [("udgangen af 2011", "date", "Uddannelse", None)]),
        ("Senest vinteren 2021 fikk vi flertall for botilbud.", [("vinteren 2021", "date", "Uddannelse", None)]),
        # a year of a name, or a year after a time word, is no count
        ("Ungdata 2018 understøtter politiets erfaringer.", []),
        # what is counted may stand before the figure, or the figure is a part of others
        (
            "Det skønnede antal stofmisbrugere er steget fra 28.000 i 2005 til 33.000 i 2009.",
            [("28.000", "count", "stofmisbrugere", "2005"), ("33.000", "count", "stofmisbrugere", "2009")],
        ),
        (
            "I 2017 var det 152 saksforhold (av 557) som gjaldt narkotika.",
            [("152", "count", "saksforhold", "2017"), ("557", "count", "saksforhold", "2017")],
        ),
        ("42 av disse var under 18 år.", [("42", "count", "Uddannelse", None)]),
        ("Erfaringer fra to screenings- og udredningsprojekter.", [("to", "count", "screenings", None)]),
        # a rank is no count, a day of a month is a date, an older year after a word of time a year
        ("Dermed tok hun sin 41. slalåmseier og endte på 5.-plass.", []),
        ("Utmeldingsdatoen er satt til 31. oktober.", [("31. oktober", "date", "Uddannelse", None)]),
        (
            "Castilla overtok det i 1309, men tapte det i 1333.",
            [("1309", "date", "Uddannelse", None), ("1333", "date", "Uddannelse", None)],
        ),
        ("I 1434 saker ble det gitt forelegg.", [("1434", "count", "saker", None)]),
        # every year an event is dated by, not the year a figure is of
        (
            "I 2008 deltok Adler i serien og i oppfølgeren i 2009; inntil 2010 hadde han tatt 28 overdoser.",
            [
                ("28", "count", "overdoser", "2008"),
                ("2009", "date", "Uddannelse", None),
                ("2010", "date", "Uddannelse", None),
            ],
        ),
        ("Han står bak «Supervention» (2013).", [("2013", "date", "Uddannelse", None)]),
        # decades and centuries, a person's age as stated, a small count in words before any noun
        (
            "På 1880-tallet ble gaten forlenget, og etter ombygginger i 1950-årene ble den bredere.",
            [("1880-tallet", "date", "Uddannelse", None), ("1950-årene", "date", "Uddannelse", None)],
        ),
        (
            "Den norske 30-åringen begynte da hun var elleve år gammel.",
            [("30-åringen", "date", "Uddannelse", None), ("elleve år gammel", "date", "Uddannelse", None)],
        ),
        (
            "Han vant to OL-gull og overlevde tre selvmordsforsøk.",
            [("to", "count", "OL-gull", None), ("tre", "count", "selvmordsforsøk", None)],
        ),
        # "to" in an English sentence of a Danish or Norwegian document is no count
        ("According to the European Monitoring Centre, use has grown.", []),
        # a year after a part of a year, or beside another year, is no count, whatever follows it
        (
            "Der er således i første halvår af 2010 beslaglagt store mængder narkotika.",
            [("første halvår af 2010", "date", "Uddannelse", None)],
        ),
        ("Med satspuljeaftalerne for 2004 og 2006 afsat midler først til etablering.", []),
        (
            "I 2019 og 2020 søkte 2021 personer om plass.",
            [("2019 og 2020", "date", "Uddannelse", None), ("2021", "count", "personer", "2019 og 2020")],
        ),
    ],
)
def test_sentence_figures(sentence: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert list(sentence_figures(sentence, "Uddannelse", "da")) == expected


def chunk(n: int, text: str, section: str | None, page: int = 1) -> Chunk:
    return Chunk(
        chunk_id=f"plan-{n:04d}",
        doc_id="plan",
        file_name="plan.txt",
        title="Handlingsplan",
        lang="da",
        text=text,
        section=section,
        page=page,
        raw_start=0,
        raw_end=len(text),
        line_start=n * 10,
        line_end=n * 10 + 5,
        clean_start=n * 1000,
        clean_end=n * 1000 + len(text),
        n_tokens=len(text.split()),
        content_hash=str(n),
    )


PLAN = [
    chunk(
        1,
        f"Uddannelsestilbud\n\nRegeringen vil styrke uddannelsen. {BUDGET}",
        "Uddannelsestilbud",
    ),
    # a heading closes this passage; the next passage's budget line belongs to it
    chunk(2, "Mere tekst om uddannelsen.\n\nNyt rådgivningstilbud til unge", "Uddannelsestilbud", 2),
    chunk(
        3,
        "Tilbuddet skal nå de unge. Der afsættes i alt 6 mio. kr. i 2010-2013 til initiativet.",
        "Uddannelsestilbud",
        2,
    ),
    # the same box repeated under the same heading: listed once
    chunk(
        4,
        "Tilbuddet skal nå de unge. Der afsættes i alt 6 mio. kr. i 2010-2013 til initiativet.",
        "Uddannelsestilbud",
        3,
    ),
    chunk(
        5,
        "Forsøg med sundhedsrum\n\nDer afsættes 30 mio. kr. til en pulje, hvorfra der kan søges.",
        "Forsøg med sundhedsrum",
        4,
    ),
]


def test_budget_lines_refer_to_the_heading_they_stand_under_even_across_passages() -> None:
    money = [f for f in document_figures(PLAN) if f.kind == "money"]
    assert [(f.value, f.refers_to) for f in money] == [
        ("6 mio. kr.", "Uddannelsestilbud"),
        ("6 mio. kr.", "Nyt rådgivningstilbud til unge"),
        ("30 mio. kr.", "Forsøg med sundhedsrum"),
    ]
    assert money[1].chunk.chunk_id == "plan-0003"


def test_a_footnote_is_read_without_its_number_and_a_reference_line_not_at_all() -> None:
    notes = chunk(
        6,
        "Mere tekst.\n\n6 Samordning av lokale tiltak (SLT) er etablert i om lag 200 kommuner i Norge.\n\n"
        "7 Bjørn Engstrøm, Vegtrafikkloven – Kommentarutgave, 5 utg. 2012 s. 511.",
        "Noter",
    )
    found = document_figures([notes])
    assert [(f.value, f.kind, f.refers_to) for f in found] == [("200", "count", "kommuner")]
    assert notes.text[found[0].start : found[0].end].startswith("Samordning av lokale tiltak")


def test_outline_lists_each_section_once_with_its_page() -> None:
    entries = outline(PLAN)
    assert [(e.title, e.page) for e in entries] == [
        ("Uddannelsestilbud", 1),
        ("Nyt rådgivningstilbud til unge", 2),  # a heading inside a passage counts too
        ("Forsøg med sundhedsrum", 4),
    ]


def test_the_closing_and_the_signature_after_the_last_text_are_no_sections() -> None:
    letter = [
        chunk(0, "Reaksjoner\n\nBrudd på oppfølgingen bør møtes med gebyr som en minimumsreaksjon.", "Reaksjoner"),
        chunk(1, "Del 5 Forvaltning", "Del 5 Forvaltning"),  # a part heading, its text under the next
        chunk(2, "Politiet skal fortsatt kunne etterforske salg og besittelse av narkotika.", "5.1 Etterforskning"),
        chunk(3, "Med vennlig hilsen", "Med vennlig hilsen"),
        chunk(
            4,
            "Kari Nordmann (SFK), seniorrådgiver\n\nOla Nordmann (KFK), seniorrådgiver",
            "Kari Nordmann (SFK), seniorrådgiver",
        ),
    ]
    assert [e.title for e in outline(letter)] == ["Reaksjoner", "Del 5 Forvaltning", "5.1 Etterforskning"]


def fig(value: str, kind: str, refers_to: str, period: str | None = None) -> KeyFigure:
    c = Citation(
        marker=1, chunk_id="c", doc_id="d", file_name="d.txt", title="T", quote=value, passage=value,
        raw_start=0, raw_end=1, line_start=1, line_end=1,
    )  # fmt: skip
    return KeyFigure(value=value, kind=kind, refers_to=refers_to, period=period, citation=c)  # type: ignore[arg-type]


def test_question_candidates_ask_for_the_largest_amounts_dated_counts_and_real_sections() -> None:
    figures = [
        fig("1 mio. kr.", "money", "Lille projekt"),
        fig("30 mio. kr.", "money", "Forsøg med sundhedsrum"),
        fig("276", "count", "narkotikarelaterede dødsfald", "2009"),
        fig("12", "count", "personer"),  # undated: not asked
    ]
    sections = [
        OutlineEntry(title=t, page=1, chunk_id="c", line=1)
        for t in ("Handlingsplan", "Indledning", "Barbara Busic (SFK), seniorrådgiver", "Behandling af indsatte")
    ]
    asked = list(candidates("da", "Handlingsplan", figures, sections, ["sundhedsrum"]))
    assert asked == [
        ("Hvor mange penge afsættes til Forsøg med sundhedsrum?", "30 mio. kr."),
        ("Hvor mange penge afsættes til Lille projekt?", "1 mio. kr."),
        ("Hvor mange dødsfald er der i 2009?", "276"),
        ("Hvad siger dokumentet om Behandling af indsatte?", None),
        ("Hvad siger dokumentet om sundhedsrum?", None),
    ]
    english = list(candidates("en", "Handlingsplan", figures, sections))
    assert english[0] == ("How much money is set aside for “Forsøg med sundhedsrum”?", "30 mio. kr.")
    assert not good_section("Oktober 2010", "T") and good_section("Forsøg med sundhedsrum", "T")


def test_distinctive_words_are_frequent_rare_nouns_not_describing_words() -> None:
    texts = [
        "Sundhedsrum og sundhedsrum. Forpliktende forpliktende tiltak. Arbeiderpartiet Arbeiderpartiet. "
        "Det er offisielt, helt offisielt; militært og militært; byen ble erobret og erobret igjen."
    ]
    words = distinctive_words(texts, lambda w: 2.0, exclude=frozenset({"arbeiderpartiet"}))
    assert words == ["sundhedsrum"]


def test_topic_words_are_written_as_the_text_writes_them_once_each_without_credits_units_or_genitives() -> None:
    texts = [
        "Foto: Lehtikuva / Reuters / NTB scanpix. Lehtikuva / Reuters / NTB scanpix.",
        "Vietnam og Kambodsja. I Vietnam var det krig, og Vietnams grenser ble endret. "
        "Breforsker Hallgeir Elvehøy sier at Hallgeir Elvehøy har målt breene, sier Elvehøy. "
        "Det kostet millioner, mange millioner. Amerikanernes bomber og amerikanernes fly.",
    ]
    words = distinctive_words(texts, lambda w: 2.0, n=10)
    assert "Vietnam" in words and "vietnam" not in words  # as written, with its capital
    assert not {"Vietnams", "vietnams"} & set(words)  # one per stem
    assert "Hallgeir Elvehøy" in words and "Elvehøy" not in words  # a name in full, once
    assert not {"Lehtikuva", "lehtikuva", "scanpix", "Reuters"} & set(words)  # a picture credit's names
    assert "millioner" not in words and "amerikanernes" not in words  # a number word, a genitive


def test_a_count_is_asked_about_only_when_it_counts_a_thing() -> None:
    figures = [
        fig("4", "count", "Storbritannia", "1919"),  # a name, not a thing counted
        fig("82", "count", "meter", "2019"),  # a unit
        fig("276", "count", "narkotikarelaterede dødsfald", "2009"),
    ]
    assert [q for q, _ in candidates("da", "T", figures, [])] == ["Hvor mange dødsfald er der i 2009?"]
    assert not good_section("Lehtikuva / Reuters / NTB scanpix", "T")


def test_an_english_texts_count_is_asked_about_by_its_noun_phrase() -> None:
    """English joins a noun's parts as words: "drug misuse deaths" is asked about whole, not as
    its first word "drug"; a phrase that opens with a verb names no thing counted."""
    figures = [
        fig("1,172", "count", "drug misuse deaths", "2023"),
        fig("21", "count", "reported more antisocial behaviour", "2024"),
        fig("487", "count", "different people used the", "2025"),
    ]
    asked = [q for q, _ in candidates("en", "T", figures, [], doc_lang="en")]
    assert asked == [
        "How many “drug misuse deaths” are there in 2023?",
        "How many “different people” are there in 2025?",
    ]


def test_a_document_with_a_summary_of_its_own_is_summarised_from_it() -> None:
    import numpy as np

    from assistant.guide.summary import Sentence, central_sentences

    body = [
        "Politiet har registrert mange saker om narkotika i flere distrikter i fjor.",
        "Politiet mener at forebygging blant unge i distriktene bør styrkes kraftig.",
        "Politiet foreslår nye tiltak mot salg av narkotika i sentrum av byene.",
        "Politiet vil samarbeide tettere med kommunene om oppfølging av unge brukere.",
    ]
    own = [
        "Utredningen viser at bruken av narkotika blant unge har økt det siste året.",
        "Direktoratet anbefaler at straff erstattes med helsehjelp for de fleste brukere.",
        "Politiet må likevel kunne etterforske salg og besittelse av narkotika også etter reformen.",
    ]
    chunks = [chunk(0, " ".join(own), "2. SAMMENDRAG"), chunk(1, " ".join(body), "Situasjonen i distriktene")]
    rng = np.random.default_rng(0)
    centre = rng.normal(size=16)
    sentences: list[Sentence] = []
    for c, texts, spread in ((chunks[0], own, 2.0), (chunks[1], body, 0.1)):
        start = 0
        for text in texts:
            start = c.text.index(text, start)
            # the body's sentences are closer to the document's centre than the summary's
            vector = centre + spread * rng.normal(size=16)
            sentences.append(Sentence(c, start, start + len(text), vector.astype(np.float32)))
            start += len(text)
    assert [s.text for s in central_sentences(sentences)] == own
    # without a section of its own the most central sentences are taken, here the body's
    plain = [
        Sentence(s.chunk.model_copy(update={"section": "Innledning"}), s.start, s.end, s.vector) for s in sentences
    ]
    assert all(s.text in body for s in central_sentences(plain))
