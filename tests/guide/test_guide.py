"""The document guide end to end with the real index: on a document the project has never seen
(an upload), through the API and the CLI, and its key-figure gold data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.api import Assistant
from assistant.cli import main
from evals import keyfigures
from tests.conftest import SEEDS, corpus_settings

PLAN = """Handlingsplan for kystfisket 2024

Regjeringen vil styrke kystfisket i hele landet. Planen samler tiltakene for rekruttering, kvoter og havner.

Rekruttering av unge fiskere

Mange unge fiskere sliter med å finansiere egen båt. Det settes av 40 millioner kroner i 2024-2026 til tiltaket.

Nye kaier i nord

Havnene i Finnmark er for små. Det settes av 120 millioner kroner i 2025 til tiltaket.

Kvoter

I 2023 var det 5200 aktive fiskefartøy i Norge. Kvoten for kysttorsk økes med 10 prosent neste år.
"""


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Assistant:
    return Assistant(corpus_settings(tmp_path_factory, shared_cache, "plan", {"kystfisket.txt": PLAN}))


@pytest.mark.slow
def test_a_new_documents_guide(upload: Assistant) -> None:
    doc = next(iter(upload.index.documents))
    guide = upload.guide(doc)
    raw = upload.index.raw_texts.get(doc)
    assert raw is not None
    # the summary: exact spans of the document
    assert 1 <= len(guide.summary) <= 3
    for c in guide.summary:
        assert " ".join(raw[c.raw_start : c.raw_end].split()) == " ".join(c.quote.split())
    assert [o.title for o in guide.outline][:2] == ["Rekruttering av unge fiskere", "Nye kaier i nord"]
    money = {f.value: f for f in guide.key_figures if f.kind == "money"}
    assert money["40 millioner kroner"].refers_to == "Rekruttering av unge fiskere"
    assert money["40 millioner kroner"].period == "2024-2026"
    assert money["120 millioner kroner"].refers_to == "Nye kaier i nord"
    assert any(f.value == "5200" and f.kind == "count" and f.period == "2023" for f in guide.key_figures)
    assert any(f.value == "10 prosent" and f.kind == "percent" for f in guide.key_figures)
    for f in guide.key_figures:
        assert f.value in f.citation.quote and f.citation.quote in f.citation.passage
    # suggested questions: in Norwegian and English, and the assistant answers each from the document
    langs = {q.lang for q in guide.suggested_questions}
    assert langs == {"nb", "en"}
    asked = [q.text for q in guide.suggested_questions]
    assert "Hvor mye penger settes av til Nye kaier i nord?" in asked
    for q in guide.suggested_questions:
        answer = upload.ask(q.text, doc_ids=[doc])
        assert not answer.refused and answer.citations, q.text


REPORT = """Tolkebruk i kommunene

Kommunene bruker stadig mer penger på tolketjenester. I 2023 brukte de 90 millioner kroner på tolker.

Ingen oversikt

Ingen har full oversikt over hvor mange tolker som er i bruk. Tallet på tolkeoppdrag økte med 12 prosent.

Lange ventelister

Ventetiden for en tolk er i snitt tre uker.
"""


@pytest.mark.slow
def test_a_guide_asked_for_while_it_is_being_built_comes_without_questions(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> None:
    """A guide asks its suggested questions; one that is answered from the guide itself (an
    overview) gets the guide without questions, not a second build asking the same questions
    again (a heading "Ingen oversikt" had done that until the stack ran out)."""
    assistant = Assistant(corpus_settings(tmp_path_factory, shared_cache, "report", {"tolker.txt": REPORT}))
    doc = next(iter(assistant.index.documents))
    building = assistant._guides_building()
    building.add(doc)
    try:
        inner = assistant.guide(doc)  # as a question asked while building would get it
    finally:
        building.discard(doc)
    assert inner.key_figures and [o.title for o in inner.outline][:2] == ["Ingen oversikt", "Lange ventelister"]
    assert inner.suggested_questions == []
    guide = assistant.guide(doc)  # the real build: with its questions, then kept
    assert guide.suggested_questions and guide.key_figures == inner.key_figures
    assert assistant.guide(doc) == guide
    asked = [q.text for q in guide.suggested_questions]
    assert all(not assistant.ask(q, doc_ids=[doc]).refused for q in asked)


@pytest.mark.slow
def test_the_guide_is_kept_and_reused_until_the_document_changes(upload: Assistant) -> None:
    doc = next(iter(upload.index.documents))
    first = upload.guide(doc)
    stored = list((upload.settings.index_dir / "guides").glob("*.json"))
    assert len(stored) == 1
    stamp = stored[0].stat().st_mtime_ns
    assert upload.guide(doc) == first and stored[0].stat().st_mtime_ns == stamp
    stored[0].write_text("{broken", encoding="utf-8")  # a damaged file is built again
    assert upload.guide(doc) == first
    with pytest.raises(ValueError, match="unknown document"):
        upload.guide("no-such-doc")


@pytest.mark.slow
def test_a_guide_is_kept_for_one_reading_of_the_document(upload: Assistant) -> None:
    """A guide cites passages of one reading of its document. When the pipeline reads it another
    way (a new cleaner, chunker or embedding model) and the file is the same, the stored guide is
    not served: it is built again, for the passages there are now."""
    doc = next(iter(upload.index.documents))
    upload.guide(doc)
    assert upload.guide_stored(doc)
    info = upload.index.info
    try:
        upload.index.info = info.model_copy(update={"pipeline": info.pipeline + "-read-another-way"})
        assert not upload.guide_stored(doc)
        upload.guide(doc)
        assert upload.guide_stored(doc)
        assert len(list((upload.settings.index_dir / "guides").glob("*.json"))) == 2
    finally:
        upload.index.info = info


@pytest.mark.slow
def test_cli_guide_json_has_the_documented_shape(seed_index, seed_index_settings, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(seed_index_settings.data_dir))
    monkeypatch.setenv("ASSISTANT_SEEDS_DIR", str(SEEDS))
    monkeypatch.setenv("ASSISTANT_SHOW_PROGRESS", "false")
    result = CliRunner().invoke(main, ["guide", "kampen-mod-narko-ii", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"doc_id", "summary", "outline", "key_figures", "suggested_questions"}
    budget = [f for f in data["key_figures"] if f["kind"] == "money"]
    assert len(budget) >= 12 and all({"value", "refers_to", "citation"} <= set(f) for f in budget)
    assert any(f["value"] == "26,4 mio. kr." and "indsatte" in f["refers_to"] for f in budget)
    assert len(data["suggested_questions"]) >= 5
    assert data["outline"] and all({"title", "page", "line", "depth"} <= set(o) for o in data["outline"])
    text = CliRunner().invoke(main, ["guide", "kampen-mod-narko-ii"])
    assert "Key figures (" in text.output and "Questions to ask" in text.output
    bad = CliRunner().invoke(main, ["guide", "nope"])
    assert bad.exit_code == 2 and "unknown document id(s): nope" in bad.output


def test_key_figure_gold_is_in_its_documents_and_the_split_is_frozen() -> None:
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    texts = {d["id"]: " ".join((SEEDS / d["file"]).read_text(encoding="utf-8").split()) for d in manifest["documents"]}
    gold = keyfigures.load_gold()
    assert sum(g.budget_line for g in gold) == 12
    for g in gold:
        assert " ".join(g.quote.split()) in texts[g.doc_id], g
    frozen = json.loads(keyfigures.KEY_FIGURES_SPLIT.read_text(encoding="utf-8"))
    assert frozen == keyfigures.figure_split(gold)
    assert sum(g.budget_line for g in keyfigures.select(gold, "test")) == 6
