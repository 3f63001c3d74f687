"""Evaluating on an outside corpus: a folder of documents indexed into its own data directory.

``python -m evals run --corpus DIR`` indexes DIR (txt/md/pdf/…, no manifest needed: titles
come from the first line) as the corpus instead of ``seeds/``, into
``<data_dir>/corpora/<folder name>-<8 hex of sha1 of its resolved path>`` unless ``--data-dir``
is given. The index is reused while the folder's files are unchanged (``Index.open``
compares fingerprints) and rebuilt when they change.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

CORPORA = "corpora"


def corpus_data_dir(corpus: Path, data_root: Path) -> Path:
    """``<data_root>/corpora/<name>-<8 hex>``: one data directory per corpus folder."""
    resolved = corpus.expanduser().resolve()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name).strip("-.") or "corpus"
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    return data_root / CORPORA / f"{name}-{digest}"
