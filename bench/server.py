"""Starting and stopping the real web server for the bench scripts (load.py, web_startup.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def index_is_current(data_dir: Path | None = None) -> bool:
    """Whether the data dir holds an index of the current corpus (so `serve` will not build one)."""
    if data_dir is not None:
        os.environ["ASSISTANT_DATA_DIR"] = str(data_dir)
    sys.path.insert(0, str(ROOT))
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


def start_server(port: int, log_path: Path, data_dir: Path | None = None) -> subprocess.Popen[bytes]:
    """`assistant serve` on 127.0.0.1:port in its own process group, output to ``log_path``."""
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    if data_dir is not None:
        env["ASSISTANT_DATA_DIR"] = str(data_dir)
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_up(proc: subprocess.Popen[bytes], url: str, timeout: float, log_path: Path) -> float:
    """Seconds until ``url`` answers 200; an error with the log's tail if the server dies."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no answer from {url} within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # the server's own process group (start_new_session)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
