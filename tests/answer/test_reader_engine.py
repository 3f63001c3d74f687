"""The learned reader end to end on a document the project has never seen (as an upload would
be): the real embedding model, real Chroma, the fitted model file shipped in the package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.errors import KNOWN
from assistant.extractive import Candidate
from assistant.question import analyze_question
from assistant.reader import make_reader
from assistant.reader.engine import MODEL_PATH, LearnedReader
from assistant.reader.features import FEATURES
from assistant.reader.scorer import ScorerError
from assistant.reader.select import ANSWERABILITY_FEATURES
from retrieval.tokenization import term_key
from retrieval.types import Hit
from tests.conftest import corpus_settings

TEXT = """Fyret på Lindesnes

Lindesnes fyr er Norges eldste fyrstasjon og ligger på sørspissen av fastlandet.
Det første fyret ble tent i 1656 av kong Frederik III sitt privilegium til Christian Ulrik Gyldenløve.
Fyrtårnet som står der i dag, ble bygget i 1915 og er 16 meter høyt.
Fyret ble automatisert i 2003 fordi det ikke lenger var behov for fyrvoktere.
Stasjonen tar imot rundt 60 000 besøkende hvert år.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "upload", {"fyret.txt": TEXT}))


def test_the_shipped_model_matches_the_code():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["sentence"]["features"] == list(FEATURES)
    assert data["answerability"]["features"] == list(ANSWERABILITY_FEATURES)
    assert 0.0 < data["threshold"] < 1.0
    assert "policy-dev" in data["training"]["sources"]
    assert not any("test" in s or "norquad-dev" in s for s in data["training"]["sources"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Når ble fyret automatisert?", "automatisert i 2003"),
        ("Hvorfor ble fyret automatisert?", "fordi det ikke lenger"),
        ("Hvor høyt er fyrtårnet?", "16 meter"),
        ("How many visitors does the station get each year?", "60 000"),
        ("Hvem tente det første fyret?", "Gyldenløve"),
    ],
)
def test_answers_from_a_new_document(assistant: Assistant, question: str, expected: str) -> None:
    assert isinstance(assistant.extractive, LearnedReader)
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert expected in answer.text, answer.text
    assert answer.citations and all(c.quote in c.passage for c in answer.citations)
    assert float(answer.debug["answerability"]) >= assistant.extractive.threshold


@pytest.mark.slow
def test_refuses_what_the_document_does_not_hold(assistant: Assistant) -> None:
    answer = assistant.ask("Hvor mange innbyggere har Tromsø kommune?")
    assert answer.refused, answer.text
    assert float(answer.debug["answerability"]) < assistant.extractive.threshold


@pytest.mark.slow
def test_trivial_reader_never_refuses(assistant: Assistant) -> None:
    trivial = Assistant(assistant.settings.model_copy(update={"reader": "trivial"}), index=assistant.index)
    answer = trivial.ask("Hvor mange innbyggere har Tromsø kommune?")
    assert not answer.refused and len(answer.citations) == 1


@pytest.mark.slow
def test_an_answer_carries_its_confidence_and_an_uncertain_one_says_so(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.reader.engine as engine
    from assistant.notices import notice

    sure = assistant.ask("Hvor høyt er fyrtårnet?")
    assert not sure.refused and sure.confidence is not None
    assert sure.confidence == pytest.approx(float(sure.debug["answerability"]), abs=1e-3)
    assert sure.confidence >= engine.CAUTION and sure.warnings == []
    # the same answer below the cut: the same text, with the notice in the question's language
    monkeypatch.setattr(engine, "CAUTION", 1.0)
    unsure = assistant.ask("Hvor høyt er fyrtårnet?")
    assert unsure.text == sure.text and unsure.confidence == sure.confidence
    assert unsure.warnings == [notice("nb", "uncertain")]
    english = assistant.ask("How tall is the lighthouse tower?")
    assert english.warnings == [notice("en", "uncertain")] and "Uncertain answer" in english.warnings[0]
    # a refusal is no answer: no confidence in it, no notice
    refused = assistant.ask("Hvor mange innbyggere har Tromsø kommune?")
    assert refused.refused and refused.confidence is None and refused.warnings == []


def test_unknown_reader_lists_the_choices():
    with pytest.raises(ValueError, match="learned, legacy, trivial"):
        make_reader("smart", None)  # type: ignore[arg-type]


@pytest.mark.slow
def test_names_the_documents_never_mention(assistant: Assistant) -> None:
    from assistant.question import analyze_question

    reader = assistant.extractive
    assert isinstance(reader, LearnedReader)
    assert reader.unknown_names(analyze_question("Hvem tente fyret på Lindesnes?")) == 0.0
    assert reader.unknown_names(analyze_question("Hvor gammel var Thor Heyerdal da han døde?")) == 1.0
    assert reader.unknown_names(analyze_question("Hvem bygget fyret, Gyldenløve eller Heyerdal?")) == 0.5
    assert reader.unknown_names(analyze_question("Hvor høyt er fyrtårnet?")) == 0.0  # no names
    # a function word capitalised in a title names nothing; a name misspelt by a letter is known
    assert reader.unknown_names(analyze_question("Hvem tente fyret, ifølge Den store fyrboka?")) == 0.0
    assert reader.unknown_names(analyze_question("Hvem tente fyret, Gyldenlöve eller Heyerdal?")) == 0.5


@pytest.mark.xfail(
    strict=True,
    reason="the readers of stops 52 and 53 (thresholds 0.23 and 0.27, picked on the development questions) "
    "answer it with the sentence calling Lindesnes Norway's oldest lighthouse",
)
def test_a_question_the_text_shares_only_a_country_with_is_refused(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    """A question about Norway's prime minister over a lighthouse's history: only "Norges" meets the text."""
    assistant = Assistant(corpus_settings(tmp_path_factory, shared_cache, "offtopic", {"fyret.txt": TEXT}))
    assert assistant.ask("Hvem er Norges statsminister?").refused


def test_warming_reads_every_passage_and_changes_no_answer(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    settings = corpus_settings(tmp_path_factory, shared_cache, "warm", {"fyret.txt": TEXT})
    questions = ["Når ble fyret automatisert?", "Hvor høyt er fyrtårnet?", "Hva er hovedstaden i Frankrike?"]
    cold = Assistant(settings)
    reader = cold.extractive
    assert isinstance(reader, LearnedReader)
    assert not reader._records
    before = [cold.ask(q) for q in questions]
    warm = Assistant(settings)
    assert warm.warm() >= 0.0
    chunks = set(warm.index.chunks)
    assert set(warm.extractive._records) == chunks
    assert set(warm.extractive._views) == chunks
    after = [warm.ask(q) for q in questions]
    assert [a.text for a in after] == [b.text for b in before]
    assert [a.refused for a in after] == [b.refused for b in before] == [False, False, True]


def test_a_passage_edge_brings_the_sentence_its_first_one_leans_on(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    # every sentence but the first leans back ("Dette ..."), and the passages are short, so each
    # passage opens with a sentence that needs the one before it, which only the passage before holds
    sentences = ["Fyret på Lindesnes ble tent første gang i 1656."] + [
        f"Dette ble gjentatt i år {1700 + 10 * i} da fyrvokter nummer {i} tok over stasjonen ved kysten."
        for i in range(1, 25)
    ]
    settings = corpus_settings(tmp_path_factory, shared_cache, "edges", {"fyr.txt": "Fyret\n\n" + " ".join(sentences)})
    settings = settings.model_copy(update={"chunk_tokens": 64})
    reader = Assistant(settings).extractive
    assert isinstance(reader, LearnedReader)
    passages = reader.index.passages(next(iter(reader.index.documents)))
    assert len(passages) >= 3
    for before, chunk in zip(passages, passages[1:], strict=False):
        first = reader.records_of(chunk)[0]
        edges = reader.edge_sentences(Hit(chunk, 1.0, 1, 1, 1), {chunk.chunk_id})
        found = [(h.chunk.chunk_id, reader.records_of(h.chunk)[j].text) for h, j in edges]
        assert found and found[0][0] == before.chunk_id
        # the sentence right before the passage's first one in the document
        assert found[0][1] == sentences[sentences.index(first.text) - 1]
        # read already: nothing to add from it
        assert not [
            e
            for e in reader.edge_sentences(Hit(chunk, 1.0, 1, 1, 1), {chunk.chunk_id, before.chunk_id})
            if e[0].chunk.chunk_id == before.chunk_id
        ]
    # the last passage's following sentence does not exist; the first one's predecessor neither
    assert not [
        e
        for e in reader.edge_sentences(Hit(passages[0], 1.0, 1, 1, 1), {passages[0].chunk_id})
        if e[0].chunk.chunk_id != passages[1].chunk_id
    ]


def test_a_lead_in_brings_what_it_introduces_past_footnotes_and_passages(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    """A quoted lead-in ("… bygger på fire tiltak:") says nothing alone; when footnotes or a
    page break stand between it and its list, or the list is in a later passage, the reader still
    quotes the list's points, and the verifier reads those passages too."""
    filler = " ".join(f"Kystfisket har betydd mye for bygd nummer {i} i mange generasjoner." for i in range(1, 9))
    text = (
        "Plan for kystfisket\n\n"
        f"{filler}\n\nPlanen bygger på fire tiltak for unge fiskere:\n\n"
        "12 Se Meld. St. 8 (2019–2020).\n\n13 Fiskeridirektoratet, 2021.\n\n"
        "• Øke kvotene for unge fiskere.\n\n• Gi rentefrie lån til første båt.\n\n"
        "• Bygge nye kaier i nord.\n\n• Kreve redningsvest i alle småbåter.\n"
    )
    settings = corpus_settings(tmp_path_factory, shared_cache, "leadin", {"plan.txt": text})
    reader = Assistant(settings.model_copy(update={"chunk_tokens": 64})).extractive
    assert isinstance(reader, LearnedReader)
    passages = reader.index.passages(next(iter(reader.index.documents)))
    holder = next(c for c in passages if "fire tiltak for unge fiskere:" in c.text)
    end = holder.text.index("fiskere:") + len("fiskere:")
    found = reader.beyond_lead_in(holder, end)
    assert [c.text[a:b] for c, a, b in found] == [
        "• Øke kvotene for unge fiskere.",
        "• Gi rentefrie lån til første båt.",
        "• Bygge nye kaier i nord.",
        "• Kreve redningsvest i alle småbåter.",
    ]
    read = {h.chunk.chunk_id for h in reader.passages_read([Hit(holder, 1.0, 1, 1, 1)])}
    assert {c.chunk_id for c, _, _ in found} <= read


@pytest.mark.slow
def test_a_lead_in_on_the_seeds_is_quoted_with_its_points(seed_index_settings, seed_index) -> None:
    """ "Professor Bjørgo definerer 9 mekanismer …:" ends a passage; footnotes fill the next one,
    and the mechanisms stand in the one after (before: the lead-in was quoted alone)."""
    answer = Assistant(seed_index_settings).ask("How many mechanisms does Bjørgo define?")
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].endswith("9 mekanismer for kriminalitetsforebygging:")
    assert len(quotes) >= 4 and all(q.startswith("•") for q in quotes[1:])
    assert all(c.quote in c.passage for c in answer.citations)


@pytest.mark.slow
def test_a_reader_model_of_ones_own_replaces_the_shipped_one(assistant: Assistant, tmp_path: Path) -> None:
    """``reader_model`` (ASSISTANT_READER_MODEL, ``evals run --reader-model``): the same fitted
    weights with a refusal threshold no answer reaches refuse what the shipped model answers."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["threshold"] = 0.999
    strict = tmp_path / "strict.json"
    strict.write_text(json.dumps(data), encoding="utf-8")
    own = Assistant(assistant.settings.model_copy(update={"reader_model": strict}), index=assistant.index)
    assert isinstance(own.extractive, LearnedReader) and own.extractive.threshold == 0.999
    question = "Når ble fyret automatisert?"
    assert not assistant.ask(question).refused
    assert own.ask(question).refused


@pytest.mark.slow
def test_an_open_reader_counted_at_the_fitted_threshold_refuses_what_the_fitted_one_refuses(
    assistant: Assistant, tmp_path: Path
) -> None:
    """``make eval-dev-refits OPEN_THRESHOLD=1``: a run with the threshold at 0 records each
    answer's answerability, and counted at the fitted threshold (``evals.devtotal.at_threshold``)
    it refuses what a run with the fitted threshold refuses."""
    from evals.devtotal import at_threshold, open_model
    from evals.runner import answer_confidence

    fitted = open_model(MODEL_PATH, tmp_path / "open.json")
    own = Assistant(
        assistant.settings.model_copy(update={"reader_model": tmp_path / "open.json"}), index=assistant.index
    )
    questions = [
        "Når ble fyret automatisert?",
        "Hvor høyt er fyrtårnet?",
        "How many visitors does the station get each year?",
        "Hvem tente det første fyret?",
        "Hvor mange innbyggere har Tromsø kommune?",
        "Who designed the lighthouse tower?",
        "Hvor mye kostet automatiseringen?",
        "What is the capital of France?",
    ]
    refused = []
    for question in questions:
        shipped, opened = assistant.ask(question), own.ask(question)
        confidence = answer_confidence(opened)
        item = {"answerable": True, "correct": True, "refused": opened.refused, "confidence": confidence}
        if confidence is not None and abs(confidence - fitted) < 0.001:
            continue  # recorded to three decimals: too near the threshold to tell
        assert at_threshold(item, fitted)[1] == shipped.refused, question
        refused.append(shipped.refused)
    assert True in refused and False in refused  # both outcomes were checked


def test_a_missing_or_foreign_reader_model_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(ScorerError, match="nowhere.json.*does not exist"):
        make_reader("learned", None, missing)  # type: ignore[arg-type]
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(ScorerError, match="format 99"):
        make_reader("learned", None, foreign)  # type: ignore[arg-type]
    assert ScorerError in KNOWN  # shown by its own message in the chat, the API and the terminal


def test_a_name_the_question_gives_names_every_document_titled_with_it(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    """ "Neil Young" names the article about him and the one titled "Neil Youngs ekskone Pegi
    Young er død": a sentence of the second is not from another source than the one asked about."""
    files = {
        "neil.txt": "Neil Young\n\nNeil Young er en canadisk musiker født i Toronto i 1945.\n",
        "pegi.txt": "Neil Youngs ekskone Pegi Young er død\n\nI 1974 møtte hun Neil Young for første gang.\n",
        "fyret.txt": TEXT,
    }
    assistant = Assistant(corpus_settings(tmp_path_factory, shared_cache, "named", files))
    engine = assistant.extractive
    titles = {d.id: d.title for d in assistant.index.info.documents}
    named = {titles[d] for d in engine.named_documents("Når møtte Pegi Young og Neil Young hverandre?")}
    assert named == {"Neil Young", "Neil Youngs ekskone Pegi Young er død"}
    assert {titles[d] for d in engine.named_documents("Hvem tente fyret på Lindesnes?")} <= {"Fyret på Lindesnes"}


OTHER = """Fergeulykken ved Bodø

Ferja gikk på grunn ved Landegode natt til søndag.
Rederiet vil samarbeide fullt ut med Statens havarikommisjon.
"""


def test_quotes_from_a_second_document_are_named_under_their_own_title(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    """A runner-up from another document is quoted after the best one's document, under its own
    title: it must not read as a sentence of the document the answer names first."""
    settings = corpus_settings(tmp_path_factory, shared_cache, "two-docs", {"fyret.txt": TEXT, "ferja.txt": OTHER})
    reader = Assistant(settings).extractive
    by_title = {c.title: c for d in reader.index.documents for c in reader.index.passages(d)}
    lighthouse, ferry = by_title["Fyret på Lindesnes"], by_title["Fergeulykken ved Bodø"]

    def candidate(chunk, sentence: str) -> Candidate:
        start = chunk.text.index(sentence)
        return Candidate(Hit(chunk, 1.0, 1, 1, 1), start, start + len(sentence), sentence, 1.0, 1.0)

    best = candidate(lighthouse, "Fyret ble automatisert i 2003 fordi det ikke lenger var behov for fyrvoktere.")
    runner = candidate(ferry, "Rederiet vil samarbeide fullt ut med Statens havarikommisjon.")
    before = candidate(lighthouse, "Fyrtårnet som står der i dag, ble bygget i 1915 og er 16 meter høyt.")
    q = analyze_question("Hvorfor ble fyret automatisert?")
    answer = reader.compose(q.text, q, [best, runner, before])
    lines = answer.text.splitlines()
    assert lines[0] == "Ifølge *Fyret på Lindesnes* [2]:"
    # the best's document first, in its own order; then the other document, named
    assert [c.quote for c in answer.citations] == [before.text, best.text, runner.text]
    assert lines[-2:] == ["Ifølge *Fergeulykken ved Bodø* [3]:", f"> “{runner.text}” [3]"]
    # one document: no second heading
    single = reader.compose(q.text, q, [best, before])
    assert single.text.count("Ifølge") == 1


REPORT = """Riverside Safe Consumption Service: annual report

Staff responded to 412 overdoses on site during the year. The average age of clients was 41, and 72% were men.

Budget

Funds are allocated as follows:

- Outreach work and housing support: DKK 420 million

- Research and evaluation: DKK 80 million

Professor Margaret Hallworth, 81, leaves two daughters and five grandchildren.
Her brother spent two years in prison in the 1990s.
"""


def test_an_uploaded_english_text_answers_english_and_norwegian_questions(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    """An English report gets the same reader: its ages, bulleted budget lines and "72%" answer;
    a Norwegian question meets its words through the lexicon read backwards ("fengsel": "prison"),
    which a corpus of Danish and Norwegian texts never reads."""
    assistant = Assistant(corpus_settings(tmp_path_factory, shared_cache, "english", {"riverside.txt": REPORT}))
    engine = assistant.extractive
    assert engine.english_texts()
    age = assistant.ask("How old were the clients on average?")
    assert not age.refused and age.text.startswith("**41**")
    budget = assistant.ask("How much is set aside for research and evaluation?")
    assert budget.text.startswith("**DKK 80 million**")
    assert any(c.quote == "- Research and evaluation: DKK 80 million" for c in budget.citations)
    share = assistant.ask("What percentage of clients were men?")
    assert not share.refused and any("72%" in c.quote for c in share.citations)
    info = analyze_question("Hvor lenge satt broren hennes i fengsel?")
    assert any(term_key("fengsel") in unit and term_key("prison") in unit for unit in info.alternatives)
    assert term_key("prison") in engine.weights(info)
    prison = assistant.ask("Hvor lenge satt broren hennes i fengsel?")
    assert not prison.refused and prison.text.startswith("**two years**")


def test_a_norwegian_questions_english_words_are_not_read_over_norwegian_texts(seed_index) -> None:
    """The seeds hold English names and quotes; a Norwegian question's English words would meet
    them by chance, so over a corpus without an English text they weigh nothing."""
    engine = LearnedReader(seed_index)
    assert not engine.english_texts()
    info = analyze_question("Hvor mange døde av overdose i Norge?")
    assert "norway" in info.translations  # ("død" stands for too many English words to carry any)
    assert not set(info.translations) & set(engine.weights(info))


ANNUAL = """Naturcenter Sydkyst – Årsrapport 2023

Frivillige

Centret har et voksende naturplejeprogram. Antallet af frivillige i naturplejeprogrammet steg fra 210 til 264.
"""
HISTORY = """Naturcenter Sydkyst 1990–2020

Frivillige

Centret har et voksende naturplejeprogram. Antallet af frivillige i naturplejeprogrammet steg fra 110 til 164.
"""


@pytest.mark.parametrize(("text", "answered"), [(ANNUAL, True), (HISTORY, False)])
def test_a_title_dated_by_one_year_dates_the_figures_of_the_text(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path, text: str, answered: bool
) -> None:
    """An annual report names its year once, in its title: its figures are that year's. A title
    spanning years dates none of them."""
    name = "annual" if answered else "history"
    assistant = Assistant(corpus_settings(tmp_path_factory, shared_cache, name, {f"{name}.txt": text}))
    answer = assistant.ask("Hvor mange frivillige var med i naturplejen i 2023?")
    assert answer.refused is not answered
    if answered:
        assert "264" in answer.text.split("—")[0]  # the headline ("fra 210 til 264" gives both)
        assert any("264" in c.quote for c in answer.citations)


SHIP = """Forskningsskipet Polarlys

Forskningsskipet Polarlys ble bygget ved verftet i Kvinesdal i 1978 og kostet 14 millioner kroner.
Skipet har tatt havforskere til Svalbard hvert år siden.
"""


@pytest.mark.slow
def test_names_only_another_document_mentions(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> None:
    """A question naming what only another text mentions is not answered by this one: the
    share of its names the corpus uses but the document does not."""
    settings = corpus_settings(tmp_path_factory, shared_cache, "two", {"fyret.txt": TEXT, "skipet.txt": SHIP})
    two = Assistant(settings)
    reader = two.extractive
    assert isinstance(reader, LearnedReader)
    doc = {d.file: doc_id for doc_id, d in two.index.documents.items()}
    lighthouse, ship = doc["fyret.txt"], doc["skipet.txt"]
    cost = analyze_question("Hvor mye kostet det å bygge Polarlys?")
    assert reader.names_missing_doc(cost, lighthouse) == 1.0
    assert reader.names_missing_doc(cost, ship) == 0.0
    english = analyze_question("When was the lighthouse at Lindesnes automated?")
    assert reader.names_missing_doc(english, lighthouse) == 0.0
    assert reader.names_missing_doc(english, ship) == 1.0
    # a name no text uses is for ``unknown_names``; one of two names missing is half
    assert reader.names_missing_doc(analyze_question("Hvor gammel var Thor Heyerdal?"), ship) == 0.0
    both = analyze_question("Seilte Polarlys forbi Lindesnes?")
    assert reader.names_missing_doc(both, ship) == 0.5
    # a name of two words the document holds only in part is not its name
    assert reader.names_missing_doc(analyze_question("Når kom Polarlys til Svalbard?"), ship) == 0.0
    assert reader.names_missing_doc(analyze_question("Når kom Polarlys Nord til Svalbard?"), ship) > 0.0
    answer = two.ask("Hvor mye kostet det å bygge Polarlys?")
    assert not answer.refused and "14 millioner" in answer.text, answer.text
