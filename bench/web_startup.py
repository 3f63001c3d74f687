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
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def index_is_current() -> bool:
    from retrieval.corpus import load_corpus, pipeline_version
    from retrieval.embeddings import make_embeddings
    from retrieval.index import fingerprint, read_current
    from retrieval.settings import get_settings

    settings = get_settings()
    info = read_current(settings)
    if info is None:
        return False
    model_id = make_embeddings(settings).model_id
    return info.fingerprint == fingerprint(load_corpus(settings), model_id, pipeline_version(settings))


def one_run(timeout: float) -> float:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < timeout:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise RuntimeError(f"the server exited with {proc.returncode}:\n{err[-2000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"no answer from {url} within {timeout:.0f} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server's own process group (start_new_session)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


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
