"""Index builds are atomic: an ingestion killed midway (SIGKILL) leaves the previous index
live and answering, and running the ingestion again completes and switches over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retrieval.index import Index, read_current
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

ASSISTANT = Path(sys.executable).with_name("assistant")
QUERY = "brukerdoser ti dagers forbruk"


def test_killed_ingest_leaves_the_previous_index_answering(tmp_path: Path, shared_cache: Path, small_corpus: Path):
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus)
    first = Index.open(settings)
    expected = first.search(QUERY, k=1)[0].chunk.chunk_id
    builds = settings.index_dir / "builds"
    assert len(list(builds.iterdir())) == 1

    # a new chunk size means new passages to embed: a build that takes a while
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_SEEDS_DIR": str(small_corpus),
        "ASSISTANT_CHUNK_TOKENS": "104",  # a size no other test builds: nothing cached
    }
    proc = subprocess.Popen(
        [str(ASSISTANT), "ingest"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(builds.iterdir())) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # into cleaning / embedding / writing the vectors
        assert proc.poll() is None, "the build finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL

    # the previous build is still the live one and still answers, in a new process's view
    assert read_current(settings).build_id == first.info.build_id
    again = Index.open(settings)
    assert again.info.build_id == first.info.build_id
    assert again.search(QUERY, k=1)[0].chunk.chunk_id == expected

    # the interrupted ingestion, run again, completes, goes live and clears the half-written build
    done = subprocess.run([str(ASSISTANT), "ingest"], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    current = read_current(settings)
    assert current is not None and current.build_id != first.info.build_id
    # kept: the new build and the one it replaced (questions running on it finish there); gone: the half-written one
    assert {p.name for p in builds.iterdir()} == {current.build_id, first.info.build_id}
    rebuilt = Index.open(settings.model_copy(update={"chunk_tokens": 104}))
    assert rebuilt.info.build_id == current.build_id
    assert rebuilt.search(QUERY, k=1)[0].chunk.doc_id == first.chunks[expected].doc_id
