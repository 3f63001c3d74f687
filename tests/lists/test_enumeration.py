"""Items enumerated in running text (assistant/lists/enumeration.py) and the points of a bulleted
list with its nesting (assistant/lists/points.py), on sentences made up for the test."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.extractive import name_patterns
from assistant.lists.enumeration import enumeration_spans
from assistant.lists.points import Point, _levels, _runs, bare_lines, leaves, run_of, wanted


def items(text: str) -> list[str]:
    return [text[a:b] for a, b in enumeration_spans(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Kommunen satser på det som virker; trygge skoleveier, lys langs veien, vinterbrøyting og egne sykkelfelt.",
            ["trygge skoleveier", "lys langs veien", "vinterbrøyting", "egne sykkelfelt"],
        ),
        (  # the enumeration is the subject: its verb ends the last item
            "Lærere, ansatte ved helsestasjonen, politiet og barnevernet bør delta i samarbeidet.",
            ["Lærere", "ansatte ved helsestasjonen", "politiet", "barnevernet"],
        ),
        (
            "Germany, the Netherlands and the United Kingdom were the largest markets.",
            ["Germany", "the Netherlands", "the United Kingdom"],
        ),
        (  # commas inside parentheses do not separate items
            "Partnerne er Statens vegvesen (region Øst, Oslo), fylkeskommunen, politiet og skolene.",
            ["Statens vegvesen (region Øst, Oslo)", "fylkeskommunen", "politiet", "skolene"],
        ),
        (  # the last item runs on into the sentence: cut to the length of the others
            "Både Asker, Bærum og Drammen kommuner melder om flere syklister i år.",
            ["Asker", "Bærum", "Drammen kommuner"],
        ),
        (
            "Tiltakene bør bestå: - Sykkelkurs, hjelmkampanjer, lysutdeling og foreldremøter.",
            ["Sykkelkurs", "hjelmkampanjer", "lysutdeling", "foreldremøter"],
        ),
        (  # nothing says where the first item starts: no longer than the others; the last one
            # cut to their length ends on a word of its own, not on "in"
            "The plan covers schools, roads, bridges and parking in the town centre.",
            ["schools", "roads", "bridges", "parking"],
        ),
        (  # "blant annet" starts the enumeration: what comes before it leads in
            "Kommunen støtter mange lag og foreninger, blant annet fotball, håndball, ski og svømming.",
            ["fotball", "håndball", "ski", "svømming"],
        ),
        (  # a pair inside an item ("venner og familie") is no end; a verb before the first item leads into it
            "Samtalene har vært om skole, venner og familie, søvn, trening, kosthold og fremtid.",
            ["skole", "venner og familie", "søvn", "trening", "kosthold", "fremtid"],
        ),
        (  # a decimal comma separates no items
            "Bassenget er 25 meter langt, 12,5 meter bredt og 2 meter dypt.",
            ["25 meter langt", "12,5 meter bredt", "2 meter dypt"],
        ),
        (  # a phrase that counts the items after it names them and is none of them
            "Byen har tre skoler, Nordby, Sørby og Vestby skole.",
            ["Nordby", "Sørby", "Vestby skole"],
        ),
        (  # an enumeration of the parts of one compound
            "Tilskuddet gjelder sykkel-, gang- og kollektivtrafikken i sentrum.",
            ["sykkel", "gang", "kollektivtrafikken"],
        ),
        (  # a compound's parts inside an item do not end the enumeration
            "Tiltakene er kartlegging, planlegging, sykkel- og gangveier og skilting.",
            ["kartlegging", "planlegging", "sykkel- og gangveier", "skilting"],
        ),
        (  # a clause before the first item leads into it
            "Det er et offisielt språk i delstaten, som har lovfestet skilting av stedsnavn, navn på "
            "departementer og navn på embedsmenn.",
            ["stedsnavn", "navn på departementer", "navn på embedsmenn"],
        ),
        (  # a clause and a phrase that restates the one before ("dvs. …") after the last item end it
            "Tiltagene omfatter projekter i arresthuse, afdelinger i fængsler, hashbehandling og samtaler "
            "for personer, der er i substitutionsbehandling, dvs. behandling med metadon eller buprenorphin.",
            ["projekter i arresthuse", "afdelinger i fængsler", "hashbehandling", "samtaler for personer"],
        ),
        (  # none outside a parenthesis: the one inside it
            "Bydelene i vest (St. Hanshaugen, Frogner, Ullern og Vestre Aker) har 235 000 innbyggere.",
            ["St. Hanshaugen", "Frogner", "Ullern", "Vestre Aker"],
        ),
        (  # one outside the parenthesis comes first; the commas inside it separate nothing
            "Vi besøkte Nordby (bygget 1960, 1975 og 1990), Sørby og Vestby.",
            ["Nordby (bygget 1960, 1975 og 1990)", "Sørby", "Vestby"],
        ),
    ],
)
def test_enumerations_are_split_into_their_items(sentence: str, expected: list[str]) -> None:
    assert items(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Kommunen bygger veier og broer.",  # two items: a pair, not a list
        "Syklene står ute, men de blir ikke stjålet, og det er bra.",  # clauses opened by "men"
        "Der det er mørkt, bør kommunen sette opp lys og rydde kantene.",  # a clause with a modal verb
        "Dette er en setning uten opplisting.",
        "Alle elever får tilbud på skolene, herunder barneskoler og ungdomsskoler.",  # an elaboration
        # commas of a number, of a clause that opens the sentence, of a clause opened by "eftersom"
        "Anlegget kostet 8,1 millioner kroner, litt under budsjettet, for sykkel- og gangveien.",
        "Selv om kommunen har brukt mye på veiene, oppleves de fortsatt som smale og farlige.",
        "Det er viktig at syklistene får egne felt, eftersom bilene kjører fort og bremser sent.",
        "Byen fikk to nye parker, en i sentrum og en ved sjøen.",  # "to": a pair, named first
        "Prosjektet ble forsinket, først og fremst fordi leverandøren gikk konkurs.",  # a fixed phrase
    ],
)
def test_clauses_and_pairs_are_not_enumerations(sentence: str) -> None:
    assert enumeration_spans(sentence) == []


def test_points_explained_by_sentences_of_their_own_stay_one_list() -> None:
    # • point, two sentences explaining it, • point, • point; then a paragraph, then another list
    marks = ["•", None, None, "•", "•", None, None, None, None, None, "–", "–"]
    assert _runs(marks) == [[0, 1, 2, 3, 4], [10, 11]]
    # a point in a new marker after a gap starts a new list
    assert _runs(["•", None, "–"]) == [[0], [2]]
    # a heading or a lead-in between them ends the list (sentence 1 does not end a sentence)
    assert _runs(["•", None, "•"], frozenset({1})) == [[0], [2]]


def test_a_lead_ins_list_whose_markers_were_lost_is_its_short_lines() -> None:
    """A PDF whose bullet glyphs were dropped: the lead-in's own short lines are its points, in
    its passage or at the start of the next, not the next list with markers further on."""
    lead = "I Forkant er en lærebok. Her deles kriminalitetsforebygging inn i følgende:"
    rest = (
        "Situasjonell kriminalitetsforebygging\n\nPersonorientert kriminalitetsforebygging\n\n"
        "Gjenopprettende prosesser\n\nProfessor Bjørgo definerer 9 mekanismer:\n\n"
        "• Redusere rekruttering.\n\n• Bygge normative barrierer."
    )
    for chunks, at in (
        ([SimpleNamespace(chunk_id="a", text=f"{lead}\n\n{rest}")], 0),
        ([SimpleNamespace(chunk_id="a", text=lead), SimpleNamespace(chunk_id="b", text=rest)], 0),
    ):
        end = chunks[0].text.index(":") + 1
        points, _ = run_of(chunks, at, end, after=True)  # type: ignore[arg-type]
        assert [p.chunk.text[p.start : p.end] for p in points] == [
            "Situasjonell kriminalitetsforebygging",
            "Personorientert kriminalitetsforebygging",
            "Gjenopprettende prosesser",
        ]
    # one short line, or sentences after the lead-in, are no such list
    one = [SimpleNamespace(chunk_id="a", text="Det gjelder følgende:\n\nBehandling\n\nDet er viktig. Det hjelper.")]
    assert len(bare_lines(one, 0, one[0].text.index(":") + 1)) == 1  # type: ignore[arg-type]
    assert run_of(one, 0, one[0].text.index(":") + 1, after=True) == ([], None)  # type: ignore[arg-type]


def nested() -> list[Point]:
    chunk = SimpleNamespace(chunk_id="c", text="")
    marks = ["•", "•", "o", "o", "•", "o", "o", "o"]
    return _levels([Point(chunk, n, n + 1, m) for n, m in enumerate(marks)])  # type: ignore[arg-type]


def test_nesting_from_markers_and_the_points_a_question_wants() -> None:
    points = nested()
    assert [p.level for p in points] == [0, 0, 1, 1, 0, 1, 1, 1]
    start = [p.start for p in wanted(points, 4)]  # a heading of a sub-list: the points below it
    assert start == [5, 6, 7]
    assert [p.start for p in wanted(points, 6)] == [5, 6, 7]  # a sub-point: its siblings
    assert [p.start for p in wanted(points, 0)] == [0, 2, 3, 5, 6, 7]  # a top point: every leaf
    assert [p.start for p in wanted(points, None)] == [p.start for p in leaves(points)]


def test_a_common_noun_shared_with_another_document_does_not_name_a_document() -> None:
    doc = SimpleNamespace(aliases=["handlingsplanen", "Sykkelplanen"], title="Sykkelplan for Vestby", author="Vestby")
    names = name_patterns(doc, ["Fylket har vedtatt handlingsplanen for kollektivtrafikk."])
    assert not any(p.search("Hva sier handlingsplanen om lys?") for p in names)
    assert any(p.search("Hva sier Sykkelplanen om lys?") for p in names)
    alone = name_patterns(doc)
    assert any(p.search("Hva sier handlingsplanen om lys?") for p in alone)
