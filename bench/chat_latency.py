"""Latency of one question through the chat path, in one process, on the seed index.

    .venv/bin/python bench/chat_latency.py [--reader learned] [--questions 80] [--data-dir data] [--busy]

Opens the assistant on an index that already exists (refuses otherwise, so nothing is built as
part of the measurement) and asks the first-turn questions of the policy ``dev`` split, each in a
new conversation (``Assistant.chat().ask``), three times:

1. cold: a one-off question (``assistant ask``), the reader analysing each passage the first
   time a question retrieves it;
2. served: after ``Assistant.warm()`` read every passage, as the web chat does when an index
   goes live (``make eval`` measures this way);
3. asked again: the question's embedding is in memory, so this is the rest (retrieval, reading,
   composing, verification).

Prints p50/p95 of each pass and the threads it ran with (OMP_NUM_THREADS: the embedding model's
threads, all cores when unset; ``make eval`` leaves it unset and sets OMP_WAIT_POLICY=PASSIVE)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reader", default="learned", choices=["learned", "legacy", "trivial"])
    ap.add_argument("--questions", type=int, default=80)
    ap.add_argument("--data-dir", type=Path, default=Path("data"))
    ap.add_argument("--busy", action="store_true", help="run a CPU-bound process beside it")
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

    def ask_all() -> list[float]:
        times = []
        for q in questions:
            started = time.perf_counter()
            assistant.chat().ask(q)
            times.append((time.perf_counter() - started) * 1000)
        return times

    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy else None
    try:
        cold = ask_all()
        assistant = Assistant(settings)  # a fresh one: its reader has read nothing yet
        warm_seconds = assistant.warm()
        served = ask_all()
        again = ask_all()
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    settings_shown = ", ".join(
        f"{v}={os.environ.get(v, 'unset')}" for v in ("OMP_NUM_THREADS", "GOMP_SPINCOUNT", "OMP_WAIT_POLICY")
    )
    print(
        f"{len(questions)} first-turn policy dev questions, reader {args.reader}, {settings_shown}"
        + (", one busy process beside it" if args.busy else "")
    )
    names = (
        "cold (passages read as retrieved)",
        f"served (passages read ahead in {warm_seconds:.2f} s)",
        "asked again (embedding in memory)",
    )
    for name, times in zip(names, (cold, served, again), strict=True):
        print(
            f"  {name}: p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
            f"max {max(times):.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
