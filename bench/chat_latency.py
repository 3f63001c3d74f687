"""Latency of one question through the chat path, in one process, on the seed index.

    .venv/bin/python bench/chat_latency.py [--reader learned] [--questions 80] [--data-dir data]

Opens the assistant on an index that already exists (refuses otherwise, so nothing is built as
part of the measurement) and asks the first-turn questions of the policy ``dev`` split, each in a
new conversation (``Assistant.chat().ask``), twice: the first pass embeds every question, the
second finds the question's embedding in memory and measures the rest (retrieval, reading,
composing, verification). Prints p50/p95 of both passes and the BLAS threads it ran with; set
OMP_NUM_THREADS to compare (``make eval`` runs with one).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reader", default="learned", choices=["learned", "legacy", "trivial"])
    ap.add_argument("--questions", type=int, default=80)
    ap.add_argument("--data-dir", type=Path, default=Path("data"))
    args = ap.parse_args(argv)
    from assistant.api import Assistant
    from evals.dataset import DEFAULT_DATASET, load_dataset
    from evals.metrics import percentile
    from evals.splits import select
    from retrieval.settings import get_settings

    if not (args.data_dir / "index").exists():
        print(f"no index under {args.data_dir}: run `assistant ingest` first", file=sys.stderr)
        return 1
    settings = get_settings(show_progress=False, reader=args.reader, data_dir=args.data_dir)
    assistant = Assistant(settings)
    items = [i for i in select(load_dataset(DEFAULT_DATASET), DEFAULT_DATASET, "dev") if not i.history]
    questions = [i.question for i in items][: args.questions]
    passes: list[list[float]] = []
    for _ in range(2):
        times = []
        for q in questions:
            started = time.perf_counter()
            assistant.chat().ask(q)
            times.append((time.perf_counter() - started) * 1000)
        passes.append(times)
    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    print(f"{len(questions)} first-turn policy dev questions, reader {args.reader}, OMP_NUM_THREADS={threads}")
    for name, times in zip(("first ask (question embedded)", "asked again (embedding in memory)"), passes, strict=True):
        print(
            f"  {name}: p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
            f"max {max(times):.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
