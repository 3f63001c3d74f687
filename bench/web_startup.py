"""How long `assistant serve` takes until the chat page answers, with an existing index.

    .venv/bin/python bench/web_startup.py [--runs 3] [--target 10]

Starts the real command (`python -m assistant.cli serve`) on a free loopback port, polls
the page until it answers 200, prints the time, stops the server, and repeats. The index
must already exist (`make run` or `assistant ingest` builds it); a missing or outdated index
would be rebuilt and measured too, so the script refuses to run then. Exits 1 when the
median is over the target (the issue asks for under 10 seconds).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import free_port, index_is_current, start_server, stop_server, wait_until_up  # noqa: E402


def one_run(timeout: float) -> float:
    port = free_port()
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"policy-assistant-startup-{port}.log"
    started = time.perf_counter()
    proc = start_server(port, log_path)
    try:
        wait_until_up(proc, f"http://127.0.0.1:{port}/", timeout, log_path)
        return time.perf_counter() - started
    finally:
        stop_server(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", type=float, default=10.0, help="seconds (exit 1 when the median is over)")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    if not index_is_current():
        print("no current index: run `make run` or `.venv/bin/assistant ingest` first", file=sys.stderr)
        return 2
    times = []
    for n in range(1, args.runs + 1):
        seconds = one_run(args.timeout)
        times.append(seconds)
        print(f"run {n}: {seconds:.2f} s until the chat page answered")
    median = statistics.median(times)
    verdict = "ok" if median < args.target else "TOO SLOW"
    print(
        f"startup with an existing index: median {median:.2f} s, best {min(times):.2f} s "
        f"(target < {args.target:.0f} s) — {verdict}"
    )
    return 0 if median < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
