"""Load test of the web chat: concurrent conversations against the real server over loopback.

    .venv/bin/python bench/load.py [--users 20] [--questions 10] [--timeout 600] [--data-dir data]

Starts `assistant serve` on a free loopback port with ASSISTANT_DATA_DIR set to a data
directory whose index already exists (the script refuses to run otherwise, so that nothing
is built as part of the measurement), waits until the page answers, then runs ``--users``
conversations at the same time with ``gradio_client``, each asking ``--questions``
questions through the ``/ask`` endpoint. The questions are Danish, Norwegian and English
ones from ``evals/datasets/policy_qa.jsonl``; every question after the first in a
conversation is a follow-up that sends the earlier ones as ``history``.

Prints the number of requests, the errors, the latency per request (p50/p95/max), the
throughput and the server's resident memory (RSS) before and after the run. Exits 1 when
any request failed or the run did not finish within ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "evals" / "datasets" / "policy_qa.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import free_port, index_is_current, start_server, stop_server, wait_until_up  # noqa: E402

LANGS = ("da", "no", "en")


def load_questions() -> dict[str, list[str]]:
    """Questions of the eval set by language (Norwegian as "no")."""
    by_lang: dict[str, list[str]] = {lang: [] for lang in LANGS}
    with DATASET.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                lang = "no" if row.get("lang") in ("no", "nb", "nn") else row.get("lang")
                if lang in by_lang and row.get("question"):
                    by_lang[lang].append(row["question"])
    return by_lang


def conversations(users: int, questions: int, seed: int) -> list[list[str]]:
    """One list of questions per user, the languages taking turns (starting language varies)."""
    by_lang = load_questions()
    rng = random.Random(seed)
    out = []
    for user in range(users):
        convo = []
        for n in range(questions):
            lang = LANGS[(user + n) % len(LANGS)]
            convo.append(rng.choice(by_lang[lang]))
        out.append(convo)
    return out


def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of ``pid`` in kB, from /proc (psutil is not a dependency)."""
    try:
        import psutil  # type: ignore[import-not-found]

        info = psutil.Process(pid).memory_info()
        return info.rss // 1024, 0
    except ImportError:
        pass
    values = {"VmRSS": 0, "VmHWM": 0}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: int = 0
    cited: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_user(url: str, questions: list[str], deadline: float, results: Results, user: int) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        with results.lock:
            results.errors.extend([f"user {user}: connect: {exc!r}"] * len(questions))
        return
    history: list[str] = []
    for n, question in enumerate(questions):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            with results.lock:
                results.errors.append(f"user {user} q{n}: not asked before the timeout")
            continue
        started = time.perf_counter()
        try:
            job = client.submit(question, list(history), [], 0, "", api_name="/ask")
            text, answer = job.result(timeout=remaining)
            elapsed = time.perf_counter() - started
            if not isinstance(text, str) or not isinstance(answer, dict) or not text.strip():
                raise ValueError(f"unexpected result: {str(text)[:80]!r}")
            with results.lock:
                results.latencies.append(elapsed)
                results.refused += bool(answer.get("refused"))
                results.cited += bool(answer.get("citations"))
        except Exception as exc:  # noqa: BLE001
            with results.lock:
                results.errors.append(f"user {user} q{n}: {exc!r}"[:300])
        history.append(question)
    with contextlib.suppress(Exception):  # closing is best effort
        client.close()


def warm_up(url: str) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    client.predict("Hvor mange narkotikarelaterede dødsfald var der i 2009?", [], [], 0, "", api_name="/ask")
    client.close()


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if 1 <= q <= 99 else max(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="concurrent conversations")
    parser.add_argument("--questions", type=int, default=10, help="questions per conversation")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for the whole run (after startup)")
    parser.add_argument("--startup-timeout", type=float, default=120.0)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="with an existing index")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.users < 1 or args.questions < 1:
        parser.error("--users and --questions must be at least 1")
    data_dir = args.data_dir.resolve()
    if not index_is_current(data_dir):
        print(f"no current index in {data_dir}: run `.venv/bin/assistant ingest` first", file=sys.stderr)
        return 2

    plan = conversations(args.users, args.questions, args.seed)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"policy-assistant-load-{port}.log"
    proc = start_server(port, log_path, data_dir)
    try:
        startup = wait_until_up(proc, url, args.startup_timeout, log_path)
        rss_boot, _ = rss_kb(proc.pid)
        print(f"server pid {proc.pid} on {url} up in {startup:.1f} s (log: {log_path})")
        warm_up(url)  # the first answer loads the embedding model: keep that out of the growth figure
        rss_start, _ = rss_kb(proc.pid)
        print(
            f"server RSS after startup {rss_boot / 1024:.0f} MiB, after one warm-up question {rss_start / 1024:.0f} MiB"
        )
        print(f"{args.users} users x {args.questions} questions, timeout {args.timeout:.0f} s ...", flush=True)

        results = Results()
        samples: list[int] = [rss_start]
        done = threading.Event()

        def sample_memory() -> None:
            while not done.wait(0.5):
                if proc.poll() is None:
                    samples.append(rss_kb(proc.pid)[0])

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        started = time.perf_counter()
        deadline = time.monotonic() + args.timeout
        threads = [
            threading.Thread(target=run_user, args=(url, qs, deadline, results, u), daemon=True)
            for u, qs in enumerate(plan)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()) + 10)
        wall = time.perf_counter() - started
        done.set()
        stuck = sum(t.is_alive() for t in threads)
        if proc.poll() is not None:
            results.errors.append(f"the server exited with {proc.returncode} during the run")
            rss_end = 0
        else:
            rss_end, _ = rss_kb(proc.pid)
    finally:
        stop_server(proc)

    lat = sorted(results.latencies)
    total = args.users * args.questions
    errors = max(len(results.errors), total - len(lat))  # unanswered (stuck) requests count too
    print(f"requests: {total} ({len(lat)} answered, {results.cited} with citations, {results.refused} refused)")
    print(f"errors: {errors}" + (f" ({stuck} conversations still running at the timeout)" if stuck else ""))
    for e in results.errors[:10]:
        print(f"  {e}")
    if lat:
        print(
            f"latency per request: p50 {percentile(lat, 50):.2f} s, p95 {percentile(lat, 95):.2f} s, "
            f"max {lat[-1]:.2f} s, mean {statistics.fmean(lat):.2f} s"
        )
    print(f"throughput: {len(lat) / wall:.2f} requests/s over {wall:.1f} s")
    peak = max(samples + [rss_end])
    print(
        f"server RSS: start {rss_start / 1024:.0f} MiB, end {rss_end / 1024:.0f} MiB, "
        f"growth {(rss_end - rss_start) / 1024:+.0f} MiB, peak {peak / 1024:.0f} MiB"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
