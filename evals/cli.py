"""``python -m evals run | report | compare | summary | spread | splits | gate …`` (see evals/README.md)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from pydantic import ValidationError  # noqa: E402

# the threads as the web chat runs them (importing retrieval sets them: retrieval.threads), so that
# latencies are the served chat's
import retrieval  # noqa: E402, F401
from assistant.models import Answer  # noqa: E402
from evals.corpus import corpus_data_dir  # noqa: E402
from evals.dataset import DATASETS, DEFAULT_DATASET, DatasetError, EvalItem, load_dataset  # noqa: E402
from evals.gate import Floors, GateSubset, NorquadSubset  # noqa: E402
from evals.predictions import PredictionsError  # noqa: E402
from evals.report import Report, RunInfo, build_report, metrics_table, report_from_dir, write_report  # noqa: E402
from evals.runner import ChatFactory, RetrieveFn, index_retriever, run_items  # noqa: E402
from evals.splits import SPLITS, SplitError, select  # noqa: E402
from evals.summary import SummaryError  # noqa: E402
from retrieval.settings import Settings, get_settings  # noqa: E402


class UsageError(Exception):
    pass


def make_settings(
    backend: str | None = None,
    mode: str | None = None,
    k: int | None = None,
    chunker: str | None = None,
    data_dir: Path | None = None,
    reader: str | None = None,
    corpus: Path | None = None,
    reader_model: Path | None = None,
) -> Settings:
    """The run's settings: environment/.env first, command-line choices on top.

    The naive chunker gets its own data directory (``<data_dir>/naive`` unless one is
    given), so its index never replaces the main one. ``corpus``: that folder alone is the
    corpus (``seeds_dir``, no extra paths), indexed into ``<data_dir>/corpora/<name>-<hash>``
    unless ``data_dir`` is given (:func:`evals.corpus.corpus_data_dir`)."""
    overrides: dict[str, object] = {"show_progress": False}
    if reader:
        overrides["reader"] = reader
    if reader_model is not None:
        if not reader_model.is_file():
            raise UsageError(f"--reader-model {reader_model}: no such file")
        overrides["reader_model"] = reader_model.resolve()
    if corpus is not None:
        if not corpus.is_dir():
            raise UsageError(f"--corpus {corpus}: not a folder")
        overrides["seeds_dir"] = corpus.resolve()
        overrides["extra_paths"] = []
    if backend:
        overrides["backend"] = backend
    if mode:
        overrides["retrieval_mode"] = mode
    if k:
        overrides["top_k"] = k
    if chunker:
        overrides["chunker"] = chunker
    try:
        settings = get_settings(**overrides)
        base = settings.data_dir if corpus is None else corpus_data_dir(corpus, settings.data_dir)
        if data_dir is None and settings.chunker == "naive":
            data_dir = base / "naive"
        settings = get_settings(**overrides, data_dir=data_dir or base)
    except ValidationError as exc:
        raise UsageError(f"invalid settings: {exc}") from exc
    return settings


def real_assistant(settings: Settings) -> tuple[ChatFactory, RetrieveFn, dict[str, object]]:
    """Chat sessions of the real answer engine and a retriever over its index."""
    from assistant.api import Assistant  # the answer engine; imported only when a run needs it
    from retrieval.index import Index

    assistant = Assistant(settings)
    index = getattr(assistant, "index", None) or Index.open(settings)
    # as the web chat serves: its passages read when the index goes live, not by the first
    # questions (the latency of a one-off question is bench/chat_latency.py's cold figure)
    warm = assistant.warm()
    info = {
        "index_build": index.info.build_id,
        "index_passages": index.info.n_chunks,
        "embedding_model": index.info.model_id,
        "reader_warm_seconds": round(warm, 2),
    }
    return (lambda: assistant.chat()), index_retriever(index), info


def run_config(
    items: list[EvalItem], dataset: Path, name: str, settings: Settings, corpus: Path | None = None, split: str = "all"
) -> RunInfo:
    return RunInfo(
        name=name,
        dataset=str(dataset.resolve()),
        n_items=len(items),
        item_ids=[i.id for i in items],
        backend=settings.backend,
        reader=settings.reader,
        reader_model=str(settings.reader_model or ""),
        corpus=str(corpus.resolve()) if corpus is not None else str(settings.seeds_dir),
        split=split,
        retrieval_mode=settings.retrieval_mode,
        top_k=settings.top_k,
        chunker=settings.chunker,
        chunk_tokens=settings.chunk_tokens if settings.chunker == "sentence" else None,
        naive_chunk_chars=settings.naive_chunk_chars if settings.chunker == "naive" else None,
        data_dir=str(settings.data_dir),
        started=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def execute(
    items: list[EvalItem],
    dataset: Path,
    out: Path,
    name: str,
    settings: Settings,
    corpus: Path | None = None,
    split: str = "all",
    corpus_label: str | None = None,
) -> RunInfo:
    """Ask ``items`` with the real assistant; write predictions, run.json and the report."""
    out.mkdir(parents=True, exist_ok=True)
    run = run_config(items, dataset, name, settings, corpus, split)
    if corpus_label:
        run.corpus = corpus_label
    started = time.perf_counter()
    print(
        f"[{name}] opening the assistant ({settings.backend}, reader {settings.reader}, {settings.retrieval_mode}, "
        f"{settings.chunker}; index in {settings.data_dir}"
        + (f", corpus {settings.seeds_dir}: the first time, building it takes minutes)" if corpus else ")"),
        file=sys.stderr,
        flush=True,
    )
    chat, retrieve, info = real_assistant(settings)
    run = run.model_copy(update=info)
    print(f"[{name}] asking {len(items)} items", file=sys.stderr, flush=True)
    predictions = run_items(items, chat=chat, retrieve=retrieve, out=out / "predictions.jsonl", progress=sys.stderr)
    run.seconds = round(time.perf_counter() - started, 1)
    (out / "run.json").write_text(run.model_dump_json(indent=2), encoding="utf-8")
    report = build_report(items, predictions, run)
    write_report(out, report)
    return run


def cmd_run(args: argparse.Namespace) -> int:
    items = select(load_dataset(args.dataset), args.dataset, args.split)
    items = items[: args.limit] if args.limit else items
    if not items:
        raise UsageError(f"no items of {args.dataset.name} in split {args.split}")
    settings = make_settings(
        args.backend, args.mode, args.k, args.chunker, args.data_dir, args.reader, args.corpus, args.reader_model
    )
    execute(items, args.dataset, args.out, args.name or args.out.name, settings, args.corpus, args.split)
    report = report_from_dir(args.out)
    print(metrics_table({"all": report.overall} | report.by_lang | report.by_type))
    print(
        f"\nwrote {args.out}/predictions.jsonl, report.json, report.md and charts "
        f"({len(report.failures)} failures listed)"
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    report = report_from_dir(args.run_dir, args.dataset)
    write_report(args.run_dir, report)
    print(metrics_table({"all": report.overall} | report.by_lang | report.by_type))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from evals.compare import compare

    missing = [d for d in args.run_dirs if not d.is_dir()]
    if missing:
        raise UsageError("not a run directory: " + ", ".join(map(str, missing)))
    table, md, png = compare(args.run_dirs, args.out)
    print(table)
    print(f"wrote {md} and {png}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from evals.summary import summarize

    missing = [d for d in args.run_dirs if not d.is_dir()]
    if missing:
        raise UsageError("not a run directory: " + ", ".join(map(str, missing)))
    text = summarize(args.run_dirs, rescore=args.rescore)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)
    if args.out is not None:
        print(f"wrote {args.out}")
    return 0


def save_report(out: Path, text: str, data: dict[str, object], echo: bool = True) -> None:
    """``report.md`` and ``report.json`` in ``out`` (printing the Markdown)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(text, encoding="utf-8")
    (out / "report.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    if echo:
        print(text)


def cmd_devtotal(args: argparse.Namespace) -> int:
    """The development questions in one count, per corpus and language (evals/devtotal.py)."""
    from evals.devtotal import DevTotalError, devtotal

    try:
        text = devtotal(args.run_dirs)
    except DevTotalError as e:
        raise UsageError(str(e)) from e
    return emit(text, args.out)


def cmd_devtotal_refits(args: argparse.Namespace) -> int:
    """Refitted readers' development counts, paired with a base's refits (evals/devtotal.py)."""
    from evals.devtotal import DevTotalError, devtotal_refits

    try:
        text = devtotal_refits(args.refit_dirs, args.base)
    except DevTotalError as e:
        raise UsageError(str(e)) from e
    return emit(text, args.out)


def cmd_open_threshold(args: argparse.Namespace) -> int:
    """Copies of fitted reader files with the refusal threshold at 0 (evals/devtotal.py)."""
    from evals.devtotal import DevTotalError, open_model

    for model in args.models:
        try:
            fitted = open_model(model, args.out_dir / model.name)
        except DevTotalError as e:
            raise UsageError(str(e)) from e
        print(f"{args.out_dir / model.name}: threshold 0 (fitted {fitted})")
    return 0


def cmd_dev_threshold(args: argparse.Namespace) -> int:
    """The refusal threshold the development questions pick, from an open run (evals/devtotal.py)."""
    from evals.devtotal import DevTotalError, dev_threshold, read_refit, set_threshold

    try:
        picked = dev_threshold(read_refit(args.run_dir))
        points = ", ".join(f"{t:.2f}: {n}" for t, n in picked.coarse().items())
        print(f"handled right of {picked.questions} at each threshold: {points}")
        print(f"picked {picked.threshold:.2f} ({picked.handled} handled right)")
        if args.write:
            rule = set_threshold(args.write, picked, args.run_dir.name)
            print(f"wrote {args.write} (threshold {picked.threshold:.2f}; the training rule's {rule:.2f} kept)")
    except DevTotalError as e:
        raise UsageError(str(e)) from e
    return 0


def emit(text: str, out: Path | None) -> int:
    """Print a table, and write it to ``out`` too when given."""
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    print(text)
    return 0


def cmd_spread(args: argparse.Namespace) -> int:
    """The spread of each slice's figures over runs of several fitted reader models (evals/spread.py)."""
    from evals.spread import SpreadError, spread_table

    missing = [d for d in [*args.run_dirs, *args.shipped] if not (d / "predictions.jsonl").is_file()]
    if missing:
        raise UsageError("not a run directory: " + ", ".join(map(str, missing)))
    try:
        text = spread_table(args.run_dirs, args.shipped)
    except SpreadError as exc:
        raise UsageError(str(exc)) from exc
    return emit(text, args.out)


def cmd_positions(args: argparse.Namespace) -> int:
    """The comparison dataset: each method over the split's topics; report.md / report.json /
    cells.jsonl in --out (evals/positions.py)."""
    from dataclasses import asdict

    from assistant.api import Assistant
    from evals import positions

    items = positions.load_compare(args.dataset)
    if args.freeze:
        return frozen(positions.COMPARE_SPLIT, positions.freeze_compare(items), "topics")
    chosen = positions.select_split(items, args.split)
    if args.limit:
        chosen = chosen[: args.limit]
    assistant = Assistant(make_settings(reader="learned"))
    comparer = assistant.comparer()
    methods = {"learned": comparer.compare, "trivial": positions.trivial_compare(comparer)}
    comparer.compare(chosen[0].topic)  # warm the caches: timings are per comparison, not per start
    results = [positions.run_method(m, methods[m], chosen) for m in args.methods]
    detected = positions.detection(chosen, assistant.extractive.named_documents)
    text = positions.report_markdown(args.split, results, detected)
    langs = sorted({c.lang for c in chosen})
    summary = {
        "split": args.split,
        "detection": detected,
        "methods": {r.method: r.metrics() for r in results},
        "by_lang": {r.method: {lang: r.metrics(lang) for lang in langs} for r in results},
    }
    save_report(args.out, text, summary, echo=False)
    with (args.out / "cells.jsonl").open("w", encoding="utf-8") as f:
        for r in results:
            for cell in r.cells:
                line = {"method": r.method, **asdict(cell), "right": cell.right}
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(text)
    return 0


def frozen(path: Path, split: dict[str, list[str]], noun: str) -> int:
    """Say what ``--freeze`` wrote; the command's exit code."""
    print(f"wrote {path}: dev {len(split['dev'])}, test {len(split['test'])} {noun}")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    """The document guides' key figures against the hand-made list (evals/keyfigures.py)."""
    from assistant.api import Assistant
    from evals import keyfigures

    gold = keyfigures.load_gold(args.dataset)
    if args.freeze:
        path = keyfigures.split_path(args.dataset)
        return frozen(path, keyfigures.freeze(gold, path), "figures")
    assistant = Assistant(make_settings(corpus=args.corpus))
    # a gold line names its document by id, or by file name (a corpus of plain files)
    by_file = {d.file: d.id for d in assistant.index.documents.values()}
    docs = sorted({g.doc_id for g in gold})
    unknown = [d for d in docs if d not in assistant.index.documents and d not in by_file]
    if unknown:
        where = f"--corpus {args.corpus}" if args.corpus else "the seeds"
        raise UsageError(f"the index of {where} lacks the documents {', '.join(unknown)}")
    guides = {d: assistant.guide(by_file.get(d, d)) for d in docs}
    m = keyfigures.score(guides, keyfigures.select(gold, args.split, keyfigures.split_path(args.dataset)))
    text = keyfigures.report_markdown(args.split, m, keyfigures.score(guides, gold), args.dataset)
    save_report(args.out, text, {"split": args.split, **m})
    return 0


def cmd_lists(args: argparse.Namespace) -> int:
    """List questions: item recall and precision, against the one-answer reader (evals/lists.py)."""
    from assistant.api import Assistant
    from evals import lists

    questions = lists.load_questions(args.dataset)
    path = lists.split_path(args.dataset)
    if args.freeze:
        return frozen(path, lists.freeze(questions, path), "questions")
    chosen = lists.select(questions, args.split, path)
    assistant = Assistant(make_settings(reader="learned", corpus=args.corpus))
    assistant.ask(chosen[0].question)  # warm the caches and build the guides: timings are per question

    def one_answer(question: str) -> Answer:
        from assistant.question import analyze_question

        info = analyze_question(question)
        hits = assistant.extractive.expand_hits(info, assistant.retrieve(question, None, None, None), question)
        return assistant.extractive_answer(question, info, hits, question)

    (listed, per_question), (one, _) = lists.run(assistant.ask, chosen), lists.run(one_answer, chosen)
    results = {"lists": listed, "one answer": one}
    text = lists.report_markdown(args.split, results, args.dataset)
    rows = [r._asdict() for r in per_question]
    data = {"split": args.split, "dataset": lists.dataset_name(args.dataset), **results, "questions": rows}
    save_report(args.out, text, data)
    return 0


def cmd_formats(args: argparse.Namespace) -> int:
    """The NorQuAD dev questions over its texts as text files and as PDF, Word and HTML uploads
    (evals/formats.py), each format its own index; one table of the span metric."""
    from evals.formats import FORMATS, convert, page_accuracy
    from evals.gate import norquad_dir
    from evals.predictions import read_predictions

    root = norquad_dir(args.norquad)
    dataset = root / "norquad-val.jsonl"
    if not dataset.is_file():
        raise UsageError(f"no NorQuAD dataset at {dataset}")
    unknown = [f for f in args.formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {', '.join(unknown)}: one of {', '.join(FORMATS)}")
    items = select(load_dataset(dataset), dataset, "dev")
    rows: dict[str, Report] = {}
    pages: dict[str, str] = {}
    for fmt in ["txt", *args.formats]:
        out = args.out / fmt
        if fmt == "txt":
            docs, asked, path = root / "docs", items, dataset
        else:
            docs = get_settings().data_dir / "formats" / fmt
            names = convert(root / "docs", docs, fmt)
            asked = [i.model_copy(update={"doc": names.get(i.doc or "", i.doc)}) for i in items]
            out.mkdir(parents=True, exist_ok=True)
            path = out / f"norquad-val.{fmt}.jsonl"
            path.write_text("".join(i.model_dump_json(exclude_none=True) + "\n" for i in asked), encoding="utf-8")
        execute(asked, path, out, f"formats-{fmt}", make_settings(reader="learned", corpus=docs), docs, "dev")
        rows[fmt] = report_from_dir(out)
        right, total = page_accuracy(read_predictions(out / "predictions.jsonl"), docs)
        pages[fmt] = f"{right / total:.3f} of {total}" if total else "–"
    lines = [
        f"### NorQuAD dev ({len(items)} questions, Norwegian) over its texts in each upload format",
        "",
        "Page right: citations of a PDF whose page is the one their quote starts on.",
        "",
        "| format | accuracy | span in answer | answered | refuses unans. | false ref. | page right | p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt, report in rows.items():
        m = report.overall
        rates = [m.answer_accuracy, m.span_in_answer_rate, m.answered_rate, m.refusal_accuracy, m.false_refusal_rate]
        cells = ["–" if v is None else f"{v:.3f}" for v in rates]
        lines.append(f"| {fmt} | {' | '.join(cells)} | {pages[fmt]} | {m.latency_p50_ms or 0:.0f} |")
    text = "\n".join(lines) + "\n"
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def cmd_enumerations(args: argparse.Namespace) -> int:
    """The enumeration splitter against hand-made gold (evals/enumerations.py)."""
    from assistant.lists.enumeration import enumeration_spans
    from evals import enumerations

    results = enumerations.run(enumeration_spans, args.dataset)
    save_report(args.out, enumerations.report_markdown(results), {k: v.model_dump() for k, v in results.items()})
    return 0


def cmd_suggestions(args: argparse.Namespace) -> int:
    """The guides' suggested questions against blind ratings (evals/suggestions.py)."""
    from assistant.api import Assistant
    from evals import suggestions

    ratings = suggestions.load_ratings(args.dataset)
    assistant = Assistant(make_settings(reader="learned", corpus=args.corpus))
    by_file = {d.file: d.id for d in assistant.index.documents.values()}
    unknown = sorted({r.doc for r in ratings} - set(by_file))
    if unknown:
        raise UsageError(f"the index of --corpus {args.corpus} lacks {', '.join(unknown)}")
    m = suggestions.score(lambda doc: [q.text for q in assistant.guide(by_file[doc]).suggested_questions], ratings)
    save_report(args.out, suggestions.report_markdown(m), m)
    return 0


def cmd_typos(args: argparse.Namespace) -> int:
    """A copy of a dataset with one typo per question (evals/typos.py)."""
    from evals.typos import write_typos

    print(write_typos(args.dataset, args.out))
    return 0


def cmd_splits(args: argparse.Namespace) -> int:
    """Check (and with --freeze: extend and write) the frozen splits; print their sizes and the
    digest of the policy test split (pinned in tests/evals/test_splits.py)."""
    from collections import Counter

    from evals import splits
    from evals.dataset import DATASETS, NORQUAD_DA, NORQUAD_EN, PARAPHRASES
    from evals.gate import norquad_dir

    root = norquad_dir(args.norquad)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    if args.freeze:
        new_items, new_paraphrases = DATASETS / "policy_new.jsonl", DATASETS / "policy_new_paraphrases.jsonl"
        if new_items.exists():
            n = splits.append_batch(new_items, DEFAULT_DATASET, None, seeds, test_only=True)
            print(f"appended {n} items of {new_items.name} to {DEFAULT_DATASET.name} and deleted it")
        if new_paraphrases.exists():
            n = splits.append_batch(new_paraphrases, PARAPHRASES, load_dataset(DEFAULT_DATASET), seeds)
            print(f"appended {n} items of {new_paraphrases.name} to {PARAPHRASES.name} and deleted it")
        before = splits.read_split(splits.POLICY_SPLIT)
        after = splits.freeze_policy()
        added = sorted(set(after["test"]) - set((before or {}).get("test", [])))
        print(f"{splits.POLICY_SPLIT.name}: " + (f"{len(added)} new test items" if before else "written"))
        if not splits.NORQUAD_SPLIT.exists():
            splits.freeze_norquad(root)
            print(f"{splits.NORQUAD_SPLIT.name}: written")
    datasets = [DEFAULT_DATASET, PARAPHRASES, root / "norquad-val.jsonl", NORQUAD_EN, NORQUAD_DA]
    originals = {i.id for i in load_dataset(DEFAULT_DATASET)} | {
        i.id for i in (load_dataset(datasets[2]) if datasets[2].exists() else [])
    }
    for path in datasets:
        if not path.exists():
            print(f"{path}: not found, not checked")
            continue
        items = load_dataset(path)
        table = splits.SplitTable.load(splits.split_file(path) or splits.POLICY_SPLIT)
        sizes = Counter(table.of(i) for i in items)
        derived = [i.id for i in items if splits.original_id(i.id) != i.id]
        orphans = [i for i in derived if splits.original_id(i) not in originals]
        if orphans and (path.name.startswith("policy") or datasets[2].exists()):
            raise UsageError(f"{path.name}: items without their original: {', '.join(orphans[:10])}")
        print(f"{path.name}: {len(items)} items, " + ", ".join(f"{k} {v}" for k, v in sorted(sizes.items())))
    print(f"policy test split digest: {splits.split_digest()}")
    return 0


def _gate_table(suite: str, report: Report, floors: Floors) -> None:
    print(f"\n{suite} ({report.overall.n} items)\n\n| metric | measured | floor |\n|---|---:|---:|")
    for metric, floor in floors.floors.items():
        value = getattr(report.overall, metric)
        print(f"| {metric} | {'–' if value is None else f'{value:.3f}'} | ≥ {floor:.2f} |")
    for metric, ceiling in floors.ceilings.items():
        value = getattr(report.overall, metric)
        print(f"| {metric} | {'–' if value is None else f'{value:.3f}'} | ≤ {ceiling:.2f} |")


def _gate_policy(subset: GateSubset, out: Path) -> Report:
    by_id = {i.id: i for i in load_dataset(subset.dataset_path())}
    unknown = [i for i in subset.ids if i not in by_id]
    if unknown:
        raise UsageError(f"gate subset names ids missing from the dataset: {', '.join(unknown)}")
    items = [by_id[i] for i in subset.ids]
    started = time.perf_counter()
    execute(items, subset.dataset_path(), out, "gate-policy", make_settings())
    print(f"policy gate run: {len(items)} items in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return report_from_dir(out)


def _gate_norquad(subset: NorquadSubset, root: Path, out: Path) -> Report:
    """Ask the NorQuAD gate items over an index of just the subset's texts (copied to a
    temporary folder; the index lives in <data>/corpora/norquad-gate and is reused)."""
    dataset = root / subset.dataset
    by_id = {i.id: i for i in load_dataset(dataset)}
    unknown = [i for i in subset.ids if i not in by_id]
    if unknown:
        raise UsageError(f"NorQuAD gate subset names ids missing from {dataset}: {', '.join(unknown)}")
    items = [by_id[i] for i in subset.ids]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="norquad-gate-") as tmp:
        for name in subset.docs:
            shutil.copy2(root / "docs" / name, Path(tmp) / name)
        data_dir = get_settings().data_dir / "corpora" / "norquad-gate"
        settings = make_settings(data_dir=data_dir, corpus=Path(tmp))
        label = f"{root / 'docs'} ({len(subset.docs)} texts of evals/gate.json)"
        execute(items, dataset, out, "gate-norquad", settings, Path(tmp), "dev", corpus_label=label)
    print(f"NorQuAD gate run: {len(items)} items in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return report_from_dir(out)


def cmd_gate(args: argparse.Namespace) -> int:
    from evals.gate import (
        check,
        in_ci,
        load_floors,
        load_subset,
        norquad_dir,
        norquad_problem,
        raise_floors,
        save_floors,
    )

    floors = load_floors(args.floors)
    subset = load_subset(args.subset)
    suites: list[tuple[str, Report, Floors, Path]] = []
    if args.from_run:
        # a gate output folder (policy/ and norquad/ inside) or one run directory (policy)
        policy_dir, nq_dir = args.from_run / "policy", args.from_run / "norquad"
        if not policy_dir.is_dir() and not nq_dir.is_dir():
            policy_dir = args.from_run
        if policy_dir.is_dir():
            suites.append(("policy", report_from_dir(policy_dir), floors, policy_dir))
        if nq_dir.is_dir() and floors.norquad is not None:
            suites.append(("norquad", report_from_dir(nq_dir), floors.norquad, nq_dir))
    else:
        if args.only in (None, "policy"):
            suites.append(("policy", _gate_policy(subset, args.out / "policy"), floors, args.out / "policy"))
        if args.only in (None, "norquad") and subset.norquad is not None and floors.norquad is not None:
            root = norquad_dir(args.norquad)
            problem = norquad_problem(root, subset.norquad)
            if problem and in_ci():
                print(f"EVAL GATE FAILED: {problem}", file=sys.stderr)
                return 1
            if problem:
                print(f"NorQuAD gate skipped: {problem}", file=sys.stderr)
            else:
                report = _gate_norquad(subset.norquad, root, args.out / "norquad")
                suites.append(("norquad", report, floors.norquad, args.out / "norquad"))
    failed = False
    for suite, report, suite_floors, run_dir in suites:
        _gate_table(suite, report, suite_floors)
        violations = check(report.overall, suite_floors)
        if violations:
            failed = True
            print(f"\nEVAL GATE FAILED ({suite}): " + "; ".join(v.message() for v in violations), file=sys.stderr)
            print(f"(failures listed in {run_dir}/report.md)", file=sys.stderr)
    if failed:
        return 1
    print("\neval gate passed")
    if args.raise_floors:
        new = floors
        for suite, report, suite_floors, _ in suites:
            raised = raise_floors(suite_floors, report.overall)
            for m, old in {**suite_floors.floors, **suite_floors.ceilings}.items():
                value = raised.floors.get(m, raised.ceilings.get(m))
                if value != old:
                    print(f"{suite} {'floor' if m in raised.floors else 'ceiling'} {m}: {old:.2f} -> {value:.2f}")
            if suite == "policy":
                new = new.model_copy(update={"floors": raised.floors, "ceilings": raised.ceilings})
            else:
                new = new.model_copy(update={"norquad": raised})
        if new != floors:
            save_floors(new, args.floors)
        else:
            print("floors unchanged (measured values are not past the floors plus the margin)")
    return 0


def parser() -> argparse.ArgumentParser:
    from evals.gate import FLOORS_FILE, GATE_FILE

    ap = argparse.ArgumentParser(prog="python -m evals", description="Evaluation suite of the Policy Assistant.")
    sub = ap.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ask every item of a dataset and write predictions + report")
    run.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    run.add_argument("--out", type=Path, required=True, help="run directory")
    run.add_argument("--backend", choices=["extractive", "openai", "ollama"], default=None)
    run.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default=None)
    run.add_argument("--k", type=int, default=None, help="passages given to the answer engine (top_k)")
    run.add_argument("--split", choices=SPLITS, default="all", help="only the items of this split (evals/splits.py)")
    run.add_argument("--limit", type=int, default=None, help="only the first N items (of the split)")
    run.add_argument("--reader", choices=["learned", "legacy", "trivial"], default=None, help="the offline reader")
    run.add_argument(
        "--reader-model", type=Path, default=None, help="the learned reader's fitted file (default: the shipped one)"
    )
    run.add_argument(
        "--corpus", type=Path, default=None, help="index this folder instead of seeds/ (own data dir, reused)"
    )
    run.add_argument("--chunker", choices=["sentence", "naive"], default=None)
    run.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="index/cache directory (naive: <data>/naive; --corpus: <data>/corpora/<name>-<hash>)",
    )
    run.add_argument("--name", default=None, help="run name in reports (default: the --out folder name)")
    run.set_defaults(func=cmd_run)

    rep = sub.add_parser("report", help="recompute report.json/md and charts from a run's predictions")
    rep.add_argument("run_dir", type=Path)
    rep.add_argument("--dataset", type=Path, default=None, help="default: the dataset named in run.json")
    rep.set_defaults(func=cmd_report)

    cmp_ = sub.add_parser("compare", help="several runs side by side (markdown table + bar chart)")
    cmp_.add_argument("run_dirs", type=Path, nargs="+")
    cmp_.add_argument("--out", type=Path, default=None, help="markdown file (default: <common parent>/compare.md)")
    cmp_.set_defaults(func=cmd_compare)

    summ = sub.add_parser("summary", help="one table: datasets/slices x readers (make eval)")
    summ.add_argument("run_dirs", type=Path, nargs="+")
    summ.add_argument("--out", type=Path, default=None, help="markdown file (default: print only)")
    summ.add_argument("--rescore", action="store_true", help="score the predictions again instead of report.json")
    summ.set_defaults(func=cmd_summary)

    spr = sub.add_parser("spread", help="how far a refit moves each slice: runs of several fitted reader models")
    spr.add_argument("run_dirs", type=Path, nargs="+")
    spr.add_argument("--shipped", type=Path, nargs="*", default=[], help="runs of the shipped model, side by side")
    spr.add_argument("--out", type=Path, default=None, help="write the table here too")
    spr.set_defaults(func=cmd_spread)

    dev = sub.add_parser("devtotal", help="the development questions in one count, per corpus and language")
    dev.add_argument("run_dirs", type=Path, nargs="+")
    dev.add_argument("--out", type=Path, default=None, help="markdown file (default: print only)")
    dev.set_defaults(func=cmd_devtotal)

    dvr = sub.add_parser("devtotal-refits", help="refitted readers' development counts, paired with a base's refits")
    dvr.add_argument("refit_dirs", type=Path, nargs="+", help="`make eval-dev` folders, one per refit (model-r1 …)")
    dvr.add_argument("--base", type=Path, nargs="*", default=[], help="the base code's refits of the same draws")
    dvr.add_argument("--out", type=Path, default=None, help="markdown file (default: print only)")
    dvr.set_defaults(func=cmd_devtotal_refits)

    opn = sub.add_parser("open-threshold", help="copies of fitted reader files that refuse only what they cannot read")
    opn.add_argument("models", type=Path, nargs="+", help="fitted reader files (model.json, model-r1.json …)")
    opn.add_argument("--out-dir", type=Path, required=True, help="where the copies go, under the same names")
    opn.set_defaults(func=cmd_open_threshold)

    dvt = sub.add_parser("dev-threshold", help="the refusal threshold the development questions pick (open run)")
    dvt.add_argument("run_dir", type=Path, help="a `make eval-dev` folder run with an open reader file")
    dvt.add_argument("--write", type=Path, default=None, help="reader file to write the threshold into")
    dvt.set_defaults(func=cmd_dev_threshold)

    spl = sub.add_parser("splits", help="check the frozen splits; --freeze merges new items and writes them")
    spl.add_argument("--freeze", action="store_true", help="merge policy_new*.jsonl, add t2-* to test, write files")
    spl.add_argument("--norquad", type=Path, default=None, help="NorQuAD folder (default: ../shared/external/norquad)")
    spl.set_defaults(func=cmd_splits)

    pos = sub.add_parser("positions", help="the comparison dataset: cell accuracy, not-addressed P/R/F1, latency")
    pos.add_argument("--dataset", type=Path, default=DATASETS / "compare.jsonl")
    pos.add_argument("--split", choices=["all", "dev", "test"], default="dev")
    pos.add_argument("--out", type=Path, default=Path("runs/positions"))
    pos.add_argument("--methods", nargs="+", choices=["learned", "trivial"], default=["learned", "trivial"])
    pos.add_argument("--limit", type=int, default=None, help="only the first N topics (of the split)")
    pos.add_argument("--freeze", action="store_true", help="write splits/compare.json (new topics go to test)")
    pos.set_defaults(func=cmd_positions)

    sug = sub.add_parser("suggestions", help="the guides' suggested questions against blind ratings")
    sug.add_argument("--dataset", type=Path, default=DATASETS / "suggested_questions_rated.jsonl")
    sug.add_argument("--corpus", type=Path, required=True, help="the rated texts' folder (NorQuAD's docs/)")
    sug.add_argument("--out", type=Path, default=Path("runs/suggestions"))
    sug.set_defaults(func=cmd_suggestions)

    fig = sub.add_parser("figures", help="the document guides' key figures: recall, budget-line recall, precision")
    fig.add_argument("--dataset", type=Path, default=DATASETS / "key_figures.jsonl")
    fig.add_argument("--split", choices=["all", "dev", "test"], default="dev")
    fig.add_argument("--out", type=Path, default=Path("runs/figures"))
    fig.add_argument("--freeze", action="store_true", help="write the dataset's split (new lines go to test)")
    fig.add_argument("--corpus", type=Path, default=None, help="the documents' folder (default: the seeds)")
    fig.set_defaults(func=cmd_figures)

    lst = sub.add_parser("lists", help="list questions: item recall and precision against the one-answer reader")
    lst.add_argument("--dataset", type=Path, default=DATASETS / "list_questions.jsonl")
    lst.add_argument("--split", choices=["all", "dev", "test"], default="dev")
    lst.add_argument("--out", type=Path, default=Path("runs/lists"))
    lst.add_argument("--freeze", action="store_true", help="write the dataset's split (new ones go to test)")
    lst.add_argument("--corpus", type=Path, default=None, help="the documents' folder (default: the seeds)")
    lst.set_defaults(func=cmd_lists)

    fmt = sub.add_parser("formats", help="NorQuAD dev over its texts as PDF, Word and HTML uploads")
    fmt.add_argument("--norquad", type=Path, default=None, help="NorQuAD folder (default: $NORQUAD_DIR)")
    fmt.add_argument("--formats", nargs="+", default=["pdf", "pdf-hyphenated", "pdf-small-pages", "docx", "html"])
    fmt.add_argument("--out", type=Path, default=Path("runs/eval/formats"))
    fmt.set_defaults(func=cmd_formats)

    enu = sub.add_parser("enumerations", help="the list reader's enumeration splitter against hand-made gold")
    enu.add_argument("--dataset", type=Path, default=DATASETS / "enumerations.jsonl")
    enu.add_argument("--out", type=Path, default=Path("runs/eval/enumerations"))
    enu.set_defaults(func=cmd_enumerations)

    typ = sub.add_parser("typos", help="copy a dataset with one typo per question (evals/typos.py)")
    typ.add_argument("--dataset", type=Path, required=True)
    typ.add_argument("--out", type=Path, required=True, help="folder for the copy (same file name)")
    typ.set_defaults(func=cmd_typos)

    gate = sub.add_parser("gate", help="CI gate: the fixed subsets must stay within evals/floors.json")
    gate.add_argument("--out", type=Path, default=Path("runs/gate"), help="runs go to OUT/policy and OUT/norquad")
    gate.add_argument("--only", choices=["policy", "norquad"], default=None, help="one suite only")
    gate.add_argument(
        "--norquad", type=Path, default=None, help="NorQuAD folder (default: $NORQUAD_DIR, ../shared/external/norquad)"
    )
    gate.add_argument("--floors", type=Path, default=FLOORS_FILE)
    gate.add_argument("--subset", type=Path, default=GATE_FILE)
    gate.add_argument("--from-run", type=Path, default=None, help="check an existing run instead of asking")
    gate.add_argument("--raise-floors", action="store_true", help="after a pass, raise floors (never lowers)")
    gate.set_defaults(func=cmd_gate)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (UsageError, DatasetError, PredictionsError, SplitError, SummaryError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
