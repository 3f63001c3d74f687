"""``python -m evals run | report | compare | gate`` (see evals/README.md)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pydantic import ValidationError  # noqa: E402

from evals.dataset import DEFAULT_DATASET, DatasetError, EvalItem, load_dataset  # noqa: E402
from evals.predictions import PredictionsError  # noqa: E402
from evals.report import RunInfo, build_report, metrics_table, report_from_dir, write_report  # noqa: E402
from evals.runner import ChatFactory, RetrieveFn, index_retriever, run_items  # noqa: E402
from retrieval.settings import Settings, get_settings  # noqa: E402


class UsageError(Exception):
    pass


def make_settings(
    backend: str | None = None,
    mode: str | None = None,
    k: int | None = None,
    chunker: str | None = None,
    data_dir: Path | None = None,
) -> Settings:
    """The run's settings: environment/.env first, command-line choices on top.

    The naive chunker gets its own data directory (``<data_dir>/naive`` unless one is
    given), so its index never replaces the main one."""
    overrides: dict[str, object] = {"show_progress": False}
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
        if data_dir is not None or settings.chunker == "naive":
            settings = get_settings(**overrides, data_dir=data_dir or settings.data_dir / "naive")
    except ValidationError as exc:
        raise UsageError(f"invalid settings: {exc}") from exc
    return settings


def real_assistant(settings: Settings) -> tuple[ChatFactory, RetrieveFn, dict[str, object]]:
    """Chat sessions of the real answer engine and a retriever over its index."""
    from assistant.api import Assistant  # the answer engine; imported only when a run needs it
    from retrieval.index import Index

    assistant = Assistant(settings)
    index = getattr(assistant, "index", None) or Index.open(settings)
    info = {
        "index_build": index.info.build_id,
        "index_passages": index.info.n_chunks,
        "embedding_model": index.info.model_id,
    }
    return (lambda: assistant.chat()), index_retriever(index), info


def run_config(items: list[EvalItem], dataset: Path, name: str, settings: Settings) -> RunInfo:
    return RunInfo(
        name=name,
        dataset=str(dataset.resolve()),
        n_items=len(items),
        item_ids=[i.id for i in items],
        backend=settings.backend,
        retrieval_mode=settings.retrieval_mode,
        top_k=settings.top_k,
        chunker=settings.chunker,
        chunk_tokens=settings.chunk_tokens if settings.chunker == "sentence" else None,
        naive_chunk_chars=settings.naive_chunk_chars if settings.chunker == "naive" else None,
        data_dir=str(settings.data_dir),
        started=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def execute(items: list[EvalItem], dataset: Path, out: Path, name: str, settings: Settings) -> RunInfo:
    """Ask ``items`` with the real assistant; write predictions, run.json and the report."""
    out.mkdir(parents=True, exist_ok=True)
    run = run_config(items, dataset, name, settings)
    started = time.perf_counter()
    print(
        f"[{name}] opening the assistant ({settings.backend}, {settings.retrieval_mode}, {settings.chunker})",
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
    items = load_dataset(args.dataset)
    items = items[: args.limit] if args.limit else items
    settings = make_settings(args.backend, args.mode, args.k, args.chunker, args.data_dir)
    execute(items, args.dataset, args.out, args.name or args.out.name, settings)
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


def cmd_gate(args: argparse.Namespace) -> int:
    from evals.gate import check, load_floors, load_subset, raise_floors, save_floors

    floors = load_floors(args.floors)
    if args.from_run:
        report = report_from_dir(args.from_run)
    else:
        subset = load_subset(args.subset)
        by_id = {i.id: i for i in load_dataset(subset.dataset_path())}
        unknown = [i for i in subset.ids if i not in by_id]
        if unknown:
            raise UsageError(f"gate subset names ids missing from the dataset: {', '.join(unknown)}")
        items = [by_id[i] for i in subset.ids]
        started = time.perf_counter()
        execute(items, subset.dataset_path(), args.out, "gate", make_settings())
        print(f"gate run: {len(items)} items in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        report = report_from_dir(args.out)
    print("| metric | measured | floor |\n|---|---:|---:|")
    for metric, floor in floors.floors.items():
        value = getattr(report.overall, metric)
        print(f"| {metric} | {'–' if value is None else f'{value:.3f}'} | {floor:.2f} |")
    violations = check(report.overall, floors)
    if violations:
        print("\nEVAL GATE FAILED: " + "; ".join(v.message() for v in violations), file=sys.stderr)
        print(f"(failures listed in {args.from_run or args.out}/report.md)", file=sys.stderr)
        return 1
    print("\neval gate passed")
    if args.raise_floors:
        raised = raise_floors(floors, report.overall)
        changed = {m: (floors.floors[m], v) for m, v in raised.floors.items() if v != floors.floors[m]}
        if changed:
            save_floors(raised, args.floors)
            for m, (old, new) in changed.items():
                print(f"floor {m}: {old:.2f} -> {new:.2f}")
        else:
            print("floors unchanged (measured values are not above the floors plus the margin)")
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
    run.add_argument("--limit", type=int, default=None, help="only the first N items")
    run.add_argument("--chunker", choices=["sentence", "naive"], default=None)
    run.add_argument("--data-dir", type=Path, default=None, help="index/cache directory (naive: <data>/naive)")
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

    gate = sub.add_parser("gate", help="CI gate: the fixed subset must stay above evals/floors.json")
    gate.add_argument("--out", type=Path, default=Path("runs/gate"))
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
    except (UsageError, DatasetError, PredictionsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
