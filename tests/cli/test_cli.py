"""``assistant ask``, ``assistant chat`` and ``assistant eval`` over the real seed index.

The commands read their settings from ``ASSISTANT_*`` variables, which point them at the
session's seed index in a temporary folder (never at ./data)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.models import Answer
from tests.conftest import ROOT, SEEDS

QUESTION = "Hvor mange penge afsættes til behandling af indsatte?"
FOLLOWUP = "Og i hvilken periode?"
DOC_IDS = [
    "ap-sosialdemokratisk-rusreform",
    "blaa-kors-rusreformen",
    "kampen-mod-narko-ii",
    "kfk-sfk-innspill",
    "politidirektoratet-utredning",
]
SOURCE_LINE = re.compile(r"^\[(\d+)\] .+ — .+, p\. \d+", re.M)

pytestmark = pytest.mark.slow


@pytest.fixture
def env(seed_index, seed_index_settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Settings for the commands: the session's seed index (already built), extractive backend."""
    values = {
        "ASSISTANT_DATA_DIR": str(seed_index_settings.data_dir),
        "ASSISTANT_SEEDS_DIR": str(SEEDS),
        "ASSISTANT_SHOW_PROGRESS": "false",
        "ASSISTANT_BACKEND": "extractive",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


# ---------------------------------------------------------------- ask


def test_ask_prints_the_answer_then_its_sources(env):
    result = run("ask", QUESTION)
    assert result.exit_code == 0, result.output
    out = result.output
    answer, sources = out.split("\nSources\n")
    assert "26,4 mio. kr." in answer and "[1]" in answer
    lines = sources.splitlines()
    assert SOURCE_LINE.match(lines[0]) and "Kampen mod narko II" in lines[0] and "Regeringen, 2010" in lines[0]
    assert lines[1].strip().startswith("“") and lines[1].strip().endswith("”")  # the quoted span
    assert re.fullmatch(r"\s+\S+\.txt, lines? \d+(–\d+)?", lines[2])
    assert "Debug" not in out


def test_ask_json_is_the_answer_model(env):
    result = run("ask", QUESTION, "--json")
    assert result.exit_code == 0, result.output
    answer = Answer.model_validate(json.loads(result.output))
    assert answer.citations and not answer.refused and answer.backend == "extractive"
    assert answer.query == QUESTION
    assert {"query", "rewrite", "retrieval", "hits"} <= set(answer.debug)


def test_ask_with_history_debug_and_retrieval_options(env):
    result = run("ask", FOLLOWUP, "--history", QUESTION, "--debug", "-k", "4", "--mode", "bm25")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2011" in out.split("\nSources\n")[0]
    debug = out.split("\nDebug\n")[1]
    assert "rewrite: carry-subject" in debug and "retrieval: mode=bm25 k=4" in debug
    assert f"query: {FOLLOWUP} " in debug and "indsatte" in debug


def test_doc_filter_restricts_sources(env):
    result = run("ask", "Hva mener Blå Kors om straff?", "--doc", "blaa-kors-rusreformen", "--json")
    assert result.exit_code == 0, result.output
    answer = Answer.model_validate_json(result.output)
    cited = answer.citations or answer.related
    assert cited and {c.doc_id for c in cited} == {"blaa-kors-rusreformen"}
    assert "docs=blaa-kors-rusreformen" in answer.debug["retrieval"]


def test_refusal_prints_related_passages(env):
    result = run("ask", "How many cannabis cafés did Denmark open in 2015?")
    assert result.exit_code == 0, result.output
    assert "The documents do not contain an answer" in result.output
    assert "\nRelated passages (they do not answer the question)\n[related 1] " in result.output
    assert "\nSources\n" not in result.output


def test_unknown_doc_is_an_error_listing_the_valid_ids(env):
    result = CliRunner().invoke(main, ["ask", QUESTION, "--doc", "kampen-mod-narko-ii", "--doc", "no-such-doc"])
    assert result.exit_code == 2
    assert "unknown document id(s): no-such-doc" in result.output
    assert all(doc in result.output for doc in DOC_IDS)


@pytest.mark.parametrize("question", ["", "   \t "])
def test_empty_question_is_an_error(env, question):
    result = CliRunner().invoke(main, ["ask", question])
    assert result.exit_code == 2
    assert "the question is empty" in result.output


# ---------------------------------------------------------------- chat


def test_chat_with_piped_input_follow_up_sources_and_new(env):
    script = "\n".join([QUESTION, FOLLOWUP, "/sources", "", "/new", FOLLOWUP, "/quit", "Never asked?"]) + "\n"
    result = run("chat", "--debug", input=script)
    assert result.exit_code == 0, result.output
    turns = result.output.split("you> ")[1:]
    assert [t.splitlines()[0] for t in turns] == [QUESTION, FOLLOWUP, "/sources", "/new", FOLLOWUP, "/quit"]
    first, followup, sources, new, fresh, _ = turns
    assert "26,4 mio. kr." in first and "\nSources\n[1] " in first and "rewrite: none" in first
    assert "rewrite: carry-subject" in followup and "2011" in followup.split("\nSources\n")[0]
    assert sources.splitlines()[1] == "Sources" and SOURCE_LINE.search(sources)
    assert "(new conversation)" in new
    assert "rewrite: none" in fresh and f"query: {FOLLOWUP}\n" in fresh  # nothing carried after /new
    assert "Never asked?" not in result.output


def test_chat_ends_at_end_of_input_and_keeps_doc_filter(env):
    result = run("chat", "--doc", "kampen-mod-narko-ii", input=QUESTION + "\n")
    assert result.exit_code == 0, result.output
    assert "Kampen mod narko II" in result.output and "Politidirektoratet" not in result.output


# ---------------------------------------------------------------- eval


def test_eval_run_passes_through_to_the_evaluation_suite(env, seed_index_settings, tmp_path: Path):
    dataset = tmp_path / "tiny.jsonl"
    lines = (ROOT / "evals" / "datasets" / "policy_qa.jsonl").read_text(encoding="utf-8").splitlines()
    dataset.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    out = tmp_path / "run"
    result = run(
        "eval", "run", "--dataset", str(dataset), "--out", str(out), "--limit", "3",
        "--data-dir", str(seed_index_settings.data_dir),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    predictions = (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(predictions) == 3
    assert (out / "report.md").is_file() and (out / "run.json").is_file()
    assert json.loads((out / "run.json").read_text())["n_items"] == 3


def test_eval_errors_keep_their_exit_code(env):
    result = CliRunner().invoke(main, ["eval", "frobnicate"])
    assert result.exit_code == 2


# ---------------------------------------------------------------- the installed entry point


def test_installed_entry_point_answers(env):
    script = Path(sys.executable).parent / "assistant"
    if not script.exists():
        pytest.skip(f"{script} is not installed (pip install -e .)")
    environ = {**os.environ, **env}
    done = subprocess.run(
        [str(script), "ask", QUESTION, "--json"], capture_output=True, text=True, env=environ, timeout=300
    )
    assert done.returncode == 0, done.stderr
    answer = Answer.model_validate_json(done.stdout)
    assert "26,4" in answer.text and answer.citations[0].doc_id == "kampen-mod-narko-ii"
    bad = subprocess.run([str(script), "ask", " "], capture_output=True, text=True, env=environ, timeout=300)
    assert bad.returncode == 2 and "the question is empty" in bad.stderr
