"""List questions: which questions ask for every match, and the answers with the real index on a
document the project has never seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.lists.detect import list_request
from evals import lists
from evals.dataset import DATASETS, load_dataset
from tests.conftest import SEEDS, corpus_settings


@pytest.mark.parametrize(
    ("question", "kind", "count"),
    [
        ("List every initiative in the Danish plan with its budget and period.", "money", False),
        ("Hvilke initiativer på behandlingsområdet får afsat midler, og hvor meget?", "money", False),
        ("Hvilke tall oppgir Politidirektoratet for 2017?", "figures", False),
        ("What does Arbeiderpartiet want? List every demand.", "items", False),
        ("Hvor mange tiltak foreslår planen?", "items", True),
        ("Nevn alle reaksjonene Blå Kors foreslår.", "items", False),
    ],
)
def test_list_questions(question: str, kind: str, count: bool) -> None:
    request = list_request(question)
    assert request is not None and request.kind == kind and request.count == count
    assert list_request("Hvilke tall oppgir Politidirektoratet for 2017?").year == "2017"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "question",
    [
        "Hvor mange narkotikarelaterede dødsfald var der i 2009?",  # one figure
        "What budget is given to the study of cocaine abuse?",  # one amount
        "Hvilke to organisasjoner sendte innspillet?",  # two named things, one answer
        "Hvor mange mål har Yann-Erik scoret for Rosenborg?",
    ],
)
def test_single_answer_questions_are_not_lists(question: str) -> None:
    assert list_request(question) is None


def test_few_questions_written_for_one_answer_are_taken_for_lists() -> None:
    files = ["policy_qa.jsonl", "policy_paraphrases.jsonl", "policy_train.jsonl", "norquad_en.jsonl"]
    files += ["norquad_da.jsonl", "norquad_extra.jsonl"]
    questions = [i.question for f in files for i in load_dataset(Path(DATASETS) / f)]
    routed = [q for q in questions if list_request(q)]
    assert len(routed) <= len(questions) * 0.005, routed  # those left ask for several reactions or sanctions


PLAN = """Handlingsplan for kystfisket

Regjeringen vil styrke kystfisket i hele landet.

Rekruttering av unge fiskere

Mange unge fiskere sliter med å finansiere egen båt. Det settes av 40 millioner kroner i 2024-2026 til tiltaket.

Nye kaier i nord

Havnene i Finnmark er for små. Det settes av 120 millioner kroner i 2025 til tiltaket.

Sikkerhet til sjøs

Flere omkommer i fritidsfisket. Det settes av 15 millioner kroner i 2025 til tiltaket.

Derfor vil regjeringen:

• Øke kvotene for unge fiskere.
• Gi rentefrie lån til første båt.
• Bygge nye kaier i nord.
• Kreve redningsvest i alle småbåter.
"""


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "kyst", {"kystfisket.txt": PLAN}))


@pytest.mark.slow
def test_every_budget_line_of_a_new_plan_with_its_heading_and_period(upload: Assistant) -> None:
    answer = upload.ask("List every initiative in the plan with its budget and period.")
    assert answer.debug["list_request"] == "money"
    assert answer.text.startswith("3 items")
    rows = [line for line in answer.text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert rows == [
        "| 1 | Rekruttering av unge fiskere | 40 millioner kroner | 2024-2026 | [1] |",
        "| 2 | Nye kaier i nord | 120 millioner kroner | 2025 | [2] |",
        "| 3 | Sikkerhet til sjøs | 15 millioner kroner | 2025 | [3] |",
    ]
    for c in answer.citations:
        assert c.quote in c.passage and "millioner kroner" in c.quote


@pytest.mark.slow
def test_a_list_in_the_document_is_given_whole(upload: Assistant) -> None:
    answer = upload.ask("Hvilke tiltak vil regjeringen gjennomføre? Nevn alle.")
    items = [c.quote.lstrip("• ").strip() for c in answer.citations]
    assert items == [
        "Øke kvotene for unge fiskere.",
        "Gi rentefrie lån til første båt.",
        "Bygge nye kaier i nord.",
        "Kreve redningsvest i alle småbåter.",
    ]
    count = upload.ask("Hvor mange tiltak vil regjeringen gjennomføre?")
    assert count.text.startswith("**4**") and len(count.citations) == 4


def test_list_gold_is_in_its_documents_and_the_split_is_frozen() -> None:
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    texts = {d["id"]: " ".join((SEEDS / d["file"]).read_text(encoding="utf-8").split()) for d in manifest["documents"]}
    questions = lists.load_questions()
    assert len(questions) >= 12
    for q in questions:
        for item in q.items:
            assert any(" ".join(item.quote.split()) in texts[d] for d in q.doc_ids), (q.id, item.quote)
    frozen = json.loads(lists.LIST_SPLIT.read_text(encoding="utf-8"))
    assert frozen == lists.list_split(questions)


def test_the_second_dev_set_is_in_its_documents_and_clear_of_the_test_split() -> None:
    """list_questions_dev2.jsonl: dev questions written apart from list_questions.jsonl; none
    shares a gold sentence with a test question there. Every gold quote is a span of the
    document as cleaned, which is what citations quote (the Labour document prints line numbers
    inside its sentences; a quote copied with them could never match a citation)."""
    from retrieval.cleaning import clean_document
    from retrieval.loaders import load_document

    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    texts = {
        d["id"]: " ".join(clean_document(load_document(SEEDS / d["file"], d["id"])).text.split())
        for d in manifest["documents"]
    }
    dev2 = lists.load_questions(lists.LIST_DEV2)
    assert len(dev2) == 13
    frozen = json.loads(lists.LIST_SPLIT.read_text(encoding="utf-8"))
    tested = {
        " ".join(i.quote.split()).lower() for q in lists.load_questions() if q.id in frozen["test"] for i in q.items
    }
    for q in dev2:
        assert not q.id.startswith("lst-")
        for item in q.items:
            quote = " ".join(item.quote.split())
            assert any(quote in texts[d] for d in q.doc_ids), (q.id, item.quote)
            assert quote.lower() not in tested, q.id


CYCLING = """Sykkelstrategi for Vestby kommune

Kommunen har fire prinsipper for sykkelarbeidet:

• Trygghet først: barn skal kunne sykle trygt til skolen.
Dette krever egne sykkelfelt langs alle skoleveier.

• Et sammenhengende nett av sykkelveier.
• Vedlikehold av sykkelveiene hele året.
• Samarbeid med fylket om nye traseer.

Derfor vil kommunen:

• Bygge flere sykkelveier ved å:
o Utvide budsjettet for sykkelveier
til 30 millioner kroner.
o Kjøpe grunn langs riksveien.
• Styrke sykkelopplæringen ved å:
o Tilby sykkelkurs på alle barneskoler.
o Lære opp lærere i trafikksikkerhet.
"""

PARTNERS = """Samarbeid om sykkelveier i Vestby

Kommunen har bygget 12 kilometer sykkelvei siden 2020. Arbeidet har vært krevende.

De viktigste samarbeidspartnerne i sykkelarbeidet er Statens vegvesen (region Øst), fylkeskommunen, politiet, \
skolene og Syklistforeningen. Samarbeidet møtes fire ganger i året.
"""


@pytest.fixture(scope="module")
def cycling(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "sykkel", {"sykkelstrategi.txt": CYCLING}))


@pytest.fixture(scope="module")
def partners(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "partnere", {"samarbeid.txt": PARTNERS}))


def quotes(answer) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(c.quote.split()) for c in answer.citations]


@pytest.mark.slow
def test_points_explained_in_sentences_of_their_own_are_listed_without_the_explanations(cycling: Assistant) -> None:
    answer = cycling.ask("Hvilke prinsipper for sykkelarbeidet har kommunen? Nevn alle.")
    assert quotes(answer) == [
        "• Trygghet først: barn skal kunne sykle trygt til skolen.",
        "• Et sammenhengende nett av sykkelveier.",
        "• Vedlikehold av sykkelveiene hele året.",
        "• Samarbeid med fylket om nye traseer.",
    ]
    assert answer.text.startswith("4 ")


@pytest.mark.slow
def test_the_points_under_a_heading_of_a_nested_list(cycling: Assistant) -> None:
    answer = cycling.ask("Hva vil kommunen gjøre for å styrke sykkelopplæringen? Ta med alle punktene.")
    assert quotes(answer) == ["o Tilby sykkelkurs på alle barneskoler.", "o Lære opp lærere i trafikksikkerhet."]
    whole = cycling.ask("List every point of what the municipality will do (Derfor vil kommunen).")
    # every point without the headings of the sub-lists; a point wrapped onto a new line stays whole
    assert quotes(whole) == [
        "o Utvide budsjettet for sykkelveier til 30 millioner kroner.",
        "o Kjøpe grunn langs riksveien.",
        "o Tilby sykkelkurs på alle barneskoler.",
        "o Lære opp lærere i trafikksikkerhet.",
    ]


@pytest.mark.slow
def test_an_enumeration_in_a_sentence_gives_one_item_per_phrase_cited_as_its_own_span(partners: Assistant) -> None:
    answer = partners.ask("Hvilke samarbeidspartnere har kommunen i sykkelarbeidet? Nevn alle.")
    assert quotes(answer) == [
        "Statens vegvesen (region Øst)",
        "fylkeskommunen",
        "politiet",
        "skolene",
        "Syklistforeningen",
    ]
    for c in answer.citations:
        assert c.quote in c.passage


@pytest.mark.slow
def test_a_count_is_stated_only_for_what_the_document_counts(seed_index_settings, seed_index) -> None:
    """ "How many initiatives are in the Danish plan?": the plan lists its initiatives in no one
    list, so the sentences the reader finds about initiatives are no count of them; the reader
    answers instead (before: "**2**" over two unrelated sentences). A list's points are counted
    (``test_a_list_in_the_document_is_given_whole``)."""
    assistant = Assistant(seed_index_settings)
    loose = assistant.ask("How many initiatives are in the Danish plan?")
    assert "list_request" not in loose.debug
    assert not loose.text.startswith(f"**{len(loose.citations)}**")
