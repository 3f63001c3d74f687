"""Comparisons end to end with the real index: on two documents the project has never seen (as
uploads would be), and on the seeds through the API, the chat and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.api import Assistant, QuestionError
from assistant.cli import main
from assistant.compare.engine import MODEL_PATH, load_compare_model
from assistant.compare.features import DOCUMENT_FEATURES, SENTENCE_FEATURES
from tests.conftest import SEEDS, corpus_settings
from tests.fakes import RecordingChatModel

pytestmark = pytest.mark.slow

ROADS = """Høringssvar fra Vestlandet bilistforbund

Bilistforbundet går imot nye bomstasjoner på riksvei 7, fordi bompengene rammer pendlere som ikke har noe alternativ.
Forbundet mener staten bør finansiere veien over statsbudsjettet.
Vi støtter at gang- og sykkelveien bygges først.
Forbundet har 12 000 medlemmer i fylket.
"""
FISH = """Innspill fra Kystfiskarlaget

Kystfiskarlaget ber om at kvotene for kysttorsk økes med 10 prosent neste år.
Laget mener at trålerne fisker for nær land og at grensen bør flyttes ut til 12 nautiske mil.
Mange unge fiskere sliter med å finansiere egen båt.
"""


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    files = {"veier.txt": ROADS, "fiske.txt": FISH}
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "hearing", files))


def doc_of(assistant: Assistant, stem: str) -> str:
    return next(d for d, doc in assistant.index.documents.items() if doc.file.startswith(stem))


def test_the_shipped_model_matches_the_code() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["ranker"]["features"] == list(SENTENCE_FEATURES)
    assert data["addressed"]["features"] == list(DOCUMENT_FEATURES)
    assert not any("test" in s for s in data["training"]["sources"])
    model = load_compare_model()
    assert model.ranker is not None and 0.0 < model.threshold < 1.0


def test_each_new_document_states_its_own_position_or_is_not_addressed(uploads: Assistant) -> None:
    roads, fish = doc_of(uploads, "veier"), doc_of(uploads, "fiske")
    c = uploads.compare("bomstasjoner")
    rows = {r.doc_id: r for r in c.rows}
    assert set(rows) == {roads, fish} and c.lang == "nb"
    assert rows[roads].addressed and "går imot nye bomstasjoner" in rows[roads].citations[0].quote
    assert rows[roads].label == "against" and rows[roads].label_cue == "går imot"
    assert not rows[fish].addressed and not rows[fish].citations
    assert rows[fish].confidence < rows[roads].confidence

    c = uploads.compare("kvoter for kysttorsk")
    rows = {r.doc_id: r for r in c.rows}
    assert rows[fish].addressed and "kysttorsk" in rows[fish].citations[0].quote
    assert not rows[roads].addressed


def test_a_topic_neither_document_holds_is_not_addressed_by_either(uploads: Assistant) -> None:
    c = uploads.compare("avkriminalisering av narkotika")
    assert [r.addressed for r in c.rows] == [False, False]
    assert all(r.related is not None for r in c.rows)  # the closest sentence stays at hand


def test_every_quote_is_an_exact_span_of_its_passage_and_raw_file(uploads: Assistant) -> None:
    c = uploads.compare("sykkelvei")
    cited = [x for r in c.rows for x in r.citations]
    assert cited
    for x in cited:
        raw = uploads.index.raw_texts.get(x.doc_id)
        assert x.quote in x.passage
        assert raw is not None and " ".join(raw[x.raw_start : x.raw_end].split()) == " ".join(x.quote.split())


def test_scope_and_bad_input(uploads: Assistant) -> None:
    roads = doc_of(uploads, "veier")
    assert [r.doc_id for r in uploads.compare("bomstasjoner", [roads]).rows] == [roads]
    with pytest.raises(ValueError, match="unknown document"):
        uploads.compare("bomstasjoner", ["no-such-doc"])
    with pytest.raises(QuestionError):
        uploads.compare("   ")


def test_seeds_a_row_per_document_and_the_chat_answers_with_the_table(seed_index) -> None:
    assistant = Assistant(seed_index.settings, index=seed_index)
    c = assistant.compare("sprøyterom")
    assert len(c.rows) == 5 and any(r.addressed for r in c.rows) and not all(r.addressed for r in c.rows)
    answer = assistant.ask("Hva mener de ulike dokumentene om sprøyterom?")
    assert answer.debug["comparison_request"] == "group" and answer.query == "sprøyterom"
    assert answer.text.count("\n|") == 2 + 5
    assert answer.markers() == [x.marker for x in answer.citations] == list(range(1, len(answer.citations) + 1))
    for x in answer.citations:
        assert x.quote in x.passage
    # two named documents: the comparison is between them
    answer = assistant.ask("Hva mener Blå Kors og Arbeiderpartiet om sprøyterom?")
    assert answer.text.count("\n|") == 2 + 2


def test_cli_compare_json_has_the_documented_shape(seed_index, seed_index_settings, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(seed_index_settings.data_dir))
    monkeypatch.setenv("ASSISTANT_SEEDS_DIR", str(SEEDS))
    monkeypatch.setenv("ASSISTANT_SHOW_PROGRESS", "false")
    result = CliRunner().invoke(main, ["compare", "sprøyterom", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["topic"] == "sprøyterom" and len(data["rows"]) == 5
    for row in data["rows"]:
        assert {"doc", "doc_id", "title", "addressed", "label", "citations"} <= set(row)
        assert row["doc"].endswith(".txt")
        assert bool(row["citations"]) == row["addressed"]
        for cite in row["citations"]:
            assert set(cite) == {"quote", "passage", "page", "lines"} and cite["quote"] in cite["passage"]
    text = CliRunner().invoke(main, ["compare", "sprøyterom", "--doc", "ap-sosialdemokratisk-rusreform"])
    assert text.exit_code == 0 and "Sources\n[1] En sosialdemokratisk rusreform" in text.output
    bad = CliRunner().invoke(main, ["compare", "sprøyterom", "--doc", "nope"])
    assert bad.exit_code == 2 and "unknown document id(s): nope" in bad.output
    csv_out = CliRunner().invoke(main, ["compare", "sprøyterom", "--csv"])
    assert csv_out.output.splitlines()[0].startswith("doc_id,title,author,addressed")


# ---- with an LLM backend: a verified line per document (a fake model at the LLM boundary) ----


def llm_assistant(uploads: Assistant, *replies: str) -> tuple[Assistant, RecordingChatModel]:
    model = RecordingChatModel(messages=iter(replies))
    return Assistant(uploads.settings, index=uploads.index, backend="openai", chat_model=model), model


def test_a_supported_line_is_shown_above_the_quotes_with_the_tables_markers(uploads: Assistant) -> None:
    roads, fish = doc_of(uploads, "veier"), doc_of(uploads, "fiske")
    assistant, model = llm_assistant(uploads, "Forbundet går imot nye bomstasjoner på riksvei 7 [1].")
    c = assistant.compare("bomstasjoner")
    assert c.synthesised == {roads: "Forbundet går imot nye bomstasjoner på riksvei 7 [1]."}
    assert not c.warnings and len(model.seen) == 1  # only the document that addresses it is asked
    prompt = model.seen[0][-1].content
    assert "bomstasjoner" in prompt and "<quote>Bilistforbundet går imot" in prompt and "Kystfiskarlaget" not in prompt
    assert fish not in c.synthesised
    row = next(r for r in c.to_json()["rows"] if r["doc_id"] == roads)  # type: ignore[union-attr]
    assert row["summary"] == c.synthesised[roads]


def test_a_line_with_a_figure_the_quotes_lack_or_without_a_marker_falls_back_to_quotes(uploads: Assistant) -> None:
    for reply in ("Forbundet går imot 15 nye bomstasjoner [1].", "Forbundet går imot nye bomstasjoner."):
        assistant, _ = llm_assistant(uploads, reply)
        c = assistant.compare("bomstasjoner")
        assert c.synthesised == {}
        assert any("quotes only" in w for w in c.warnings)
        assert any(r.addressed and r.citations for r in c.rows)  # the quotes stay


def test_the_chat_table_carries_the_line_with_renumbered_markers(uploads: Assistant) -> None:
    assistant, _ = llm_assistant(uploads, "Forbundet vil bygge gang- og sykkelveien først [1].")
    answer = assistant.ask("Hva mener de ulike dokumentene om sykkelvei?")
    assert "Forbundet vil bygge gang- og sykkelveien først [1]. — “" in answer.text
    assert answer.backend == "openai (comparison)"
