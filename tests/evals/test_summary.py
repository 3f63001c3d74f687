"""The one summary table (``python -m evals summary``) on tiny fake runs; the corpus and
split options of ``python -m evals run`` up to the point where the real engine starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.models import Answer
from evals import cli
from evals.cli import main, make_settings, run_config
from evals.corpus import corpus_data_dir
from evals.dataset import load_dataset
from evals.report import RunInfo, build_report, write_report
from evals.runner import AnswerFn, run_items
from evals.summary import ORIGINALS, SummaryError, slice_name, summarize

from .standin import TINY_ITEMS, StandIn, fake_retrieve


def refuse_all(question: str, history: list[str]) -> Answer:
    return Answer(question=question, text="Det står ikke i dokumentene.", refused=True, query=question)


def fake_run(dataset: Path, out: Path, reader: str, split: str, fn: AnswerFn) -> Path:
    items = load_dataset(dataset)
    out.mkdir(parents=True)
    preds = run_items(items, fn, retrieve=fake_retrieve, out=out / "predictions.jsonl")
    run = RunInfo(
        name=out.name,
        dataset=str(dataset),
        n_items=len(items),
        item_ids=[i.id for i in items],
        backend="extractive",
        reader=reader,
        split=split,
    )
    (out / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
    write_report(out, build_report(items, preds, run))
    return out


@pytest.fixture
def runs(tmp_path: Path) -> list[Path]:
    """Two readers x (a policy test run of the tiny items, a paraphrase run of t-1)."""
    policy = tmp_path / "policy_qa.jsonl"
    policy.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in TINY_ITEMS), encoding="utf-8")
    para = tmp_path / "policy_paraphrases.jsonl"
    para.write_text(json.dumps({**TINY_ITEMS[0], "id": "t-1-p"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = []
    for reader, fn in (("trivial", StandIn()), ("legacy", refuse_all)):
        out.append(fake_run(policy, tmp_path / reader / "policy-test", reader, "test", fn))
        out.append(fake_run(para, tmp_path / reader / "paraphrases", reader, "all", fn))
    return out


def test_summary_table(runs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.md"
    assert main(["summary", *map(str, runs), "--out", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert md in capsys.readouterr().out
    lines = md.splitlines()
    head = next(line for line in lines if line.startswith("| slice"))
    # readers in the fixed order (trivial before legacy), five columns each
    assert head == (
        "| slice | n | **trivial** acc. | answered | refuses unans. | false ref. | p50 ms "
        "| **legacy** acc. | answered | refuses unans. | false ref. | p50 ms |"
    )
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines if line.startswith("| ")}
    # stand-in: t-1 and t-2 right, t-3 refused, t-4 failed; refuse_all: nothing answered
    assert rows["policy test"].startswith("| policy test | 3+1 | 0.667 | 0.500 | 1.000 | 0.000 |")
    assert "| 0.000 | 0.000 | 1.000 | 1.000 |" in rows["policy test"]
    assert rows["paraphrases"].startswith("| paraphrases | 1+0 | 1.000 | 1.000 | – | 0.000 |")
    # the originals of the paraphrased items: t-1, scored in the policy run
    assert rows[ORIGINALS].startswith(f"| {ORIGINALS} | 1+0 | 1.000 | 1.000 | – | 0.000 |")
    assert [r for r in rows if r not in ("slice", "group")][:3] == ["policy test", "paraphrases", ORIGINALS]
    assert "## Policy test by language and type" in md
    assert rows["language da"].startswith("| language da | 1+0 | 1.000 | – | 0.000 | 0.000 | – | 1.000 |")
    assert rows["type unanswerable"].startswith("| type unanswerable | 0+1 | – | 1.000 | – | – | 1.000 | – |")


def test_summary_rejects_two_runs_of_one_cell(runs: list[Path]) -> None:
    with pytest.raises(SummaryError, match="two runs of policy test with reader trivial"):
        summarize([runs[0], runs[0]])
    assert main(["summary", str(runs[0]), str(runs[0])]) == 2


def test_slice_names() -> None:
    assert slice_name("/x/policy_qa.jsonl", "dev") == "policy dev"
    assert slice_name("/x/policy_paraphrases.jsonl", "all") == "paraphrases"
    assert slice_name("/shared/norquad-val.jsonl", "dev") == "NorQuAD nb"
    assert slice_name("evals/datasets/norquad_da.jsonl", "dev") == "NorQuAD da"
    assert slice_name("evals/datasets/norquad_en.jsonl", "train") == "NorQuAD en (train)"
    assert slice_name("other.jsonl", "all") == "other (all)"
    # a blind set by its folder: its questions file, or its own file in the folder
    assert slice_name("evals/datasets/nordic_blind/setA/questions.jsonl", "all") == "nordic_blind/setA"
    assert slice_name("/r/evals/datasets/english_blind/nordic2/questions.jsonl", "all") == "english_blind/nordic2"
    assert slice_name("evals/datasets/policy_blind/set1.jsonl", "all") == "policy_blind/set1"


# ---- run options: --corpus, --reader, --split ----------------------------------------


def test_corpus_data_dir_naming(tmp_path: Path) -> None:
    corpus = tmp_path / "My Docs"
    corpus.mkdir()
    root = tmp_path / "data"
    got = corpus_data_dir(corpus, root)
    import hashlib

    digest = hashlib.sha1(str(corpus.resolve()).encode()).hexdigest()[:8]
    assert got == root / "corpora" / f"My-Docs-{digest}"
    # the same folder by another spelling: the same data dir; another folder: another one
    assert corpus_data_dir(tmp_path / "x" / ".." / "My Docs", root) == got
    other = tmp_path / "docs"
    other.mkdir()
    assert corpus_data_dir(other, root).parent == got.parent and corpus_data_dir(other, root) != got


def test_corpus_and_reader_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_EXTRA_PATHS", json.dumps([str(tmp_path)]))
    corpus = tmp_path / "docs"
    corpus.mkdir()
    s = make_settings(reader="trivial", corpus=corpus)
    assert s.seeds_dir == corpus.resolve() and s.extra_paths == [] and s.reader == "trivial"
    assert s.data_dir == corpus_data_dir(corpus, tmp_path / "data")
    assert make_settings(corpus=corpus, data_dir=tmp_path / "nq").data_dir == tmp_path / "nq"
    naive = make_settings(corpus=corpus, chunker="naive")
    assert naive.data_dir == corpus_data_dir(corpus, tmp_path / "data") / "naive"
    run = run_config([], tmp_path / "d.jsonl", "r", s, corpus, "dev")
    assert (run.reader, run.corpus, run.split) == ("trivial", str(corpus.resolve()), "dev")
    with pytest.raises(cli.UsageError, match="not a folder"):
        make_settings(corpus=tmp_path / "missing")


def test_run_selects_the_split_before_asking(
    tiny_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[list[str]] = []

    def fake_execute(items, dataset, out, name, settings, corpus=None, split="all", corpus_label=None):  # type: ignore[no-untyped-def]
        asked.append([i.id for i in items])
        raise SystemExit(0)

    monkeypatch.setattr(cli, "execute", fake_execute)
    policy = Path(cli.DEFAULT_DATASET)
    with pytest.raises(SystemExit):
        main(["run", "--dataset", str(policy), "--split", "test", "--reader", "trivial", "--out", str(tmp_path / "r")])
    from evals.splits import select

    assert asked[0] == [i.id for i in select(load_dataset(policy), policy, "test")]
    # a dataset without a split file takes only --split all
    assert main(["run", "--dataset", str(tiny_dataset), "--split", "dev", "--out", str(tmp_path / "r2")]) == 2
    assert "has no split file" in capsys.readouterr().err


@pytest.mark.slow
def test_run_on_an_outside_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`run --corpus`: a folder of plain texts indexed into its own data dir, reused, recorded."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    corpus = tmp_path / "texts"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Skiløper skadet\n\nHaver-Løseth pådro seg et brudd i et leggbein i Østerrike. Hun er nå tilbake i trening.",
        encoding="utf-8",
    )
    (corpus / "b.txt").write_text("Bybane\n\nBybanen i Bergen åpnet i 2010 og går til Flesland.", encoding="utf-8")
    dataset = tmp_path / "nq.jsonl"
    row = {"id": "q1", "question": "I hvilket land skadet Haver-Løseth seg?", "doc": "a.txt", "span": "Østerrike"}
    dataset.write_text(json.dumps({**row, "quote": "brudd i et leggbein i Østerrike"}) + "\n", encoding="utf-8")
    builds = []
    for n in range(2):
        out = tmp_path / f"run{n}"
        args = ["run", "--dataset", str(dataset), "--corpus", str(corpus), "--reader", "trivial", "--out", str(out)]
        assert main(args) == 0
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert run["reader"] == "trivial" and run["corpus"] == str(corpus.resolve()) and run["split"] == "all"
        assert run["data_dir"] == str(corpus_data_dir(corpus, tmp_path / "data"))
        builds.append(run["index_build"])
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert report["overall"]["answer_accuracy"] == 1.0 and report["overall"]["n_span"] == 1
    assert builds[0] == builds[1]  # the second run reused the index


def test_the_summary_counts_the_uncertain_answers_apart(tmp_path: Path) -> None:
    from assistant.notices import CAUTION

    policy = tmp_path / "policy_qa.jsonl"
    policy.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in TINY_ITEMS), encoding="utf-8")
    stand_in = StandIn()

    def unsure(question: str, history: list[str]) -> Answer:
        answer = stand_in(question, history)
        answer.debug["answerability"] = f"{CAUTION / 2:.3f}"
        return answer

    run = fake_run(policy, tmp_path / "learned" / "policy-test", "learned", "test", unsure)
    # every answer of the run's items (those of its split) carries a confidence below the cut
    answered = json.loads((run / "report.json").read_text(encoding="utf-8"))["overall"]["n_confidence"]
    assert answered
    text = summarize([run])
    assert f"{answered} below the uncertain-answer cut {CAUTION}, right" in text and "the others right –" in text
