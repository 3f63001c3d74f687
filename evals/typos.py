"""Questions with a typo: how much one mistyped word costs the reader.

``python -m evals typos --dataset F --out DIR`` writes ``DIR/<F's name>``: every question of
``F`` with one typo in one of its lower-case words of ``MIN_LENGTH`` letters or more (names
stay as written), the kind people make: two neighbouring letters swapped, a letter left out
or a letter typed twice. Which word, which letter and which kind follow from a hash of the
item's id, so the same dataset gives the same file. Everything else is kept (ids included,
so the frozen splits still apply: run it with ``python -m evals run --dataset DIR/<name>``)
and the run compares with the same items' run on the original file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from evals.dataset import EvalItem, load_dataset

MIN_LENGTH = 6
_WORD = re.compile(r"[^\W\d_]+")


def _draw(key: str, n: int) -> int:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % n


def with_typo(text: str, key: str) -> str:
    """``text`` with one typo in one of its lower-case words of ``MIN_LENGTH`` letters or
    more (``text`` itself when it has none); ``key`` decides where and which."""
    words = [m for m in _WORD.finditer(text) if len(m.group()) >= MIN_LENGTH and m.group().islower()]
    if not words:
        return text
    m = words[_draw(key + ":word", len(words))]
    word = m.group()
    i = 1 + _draw(key + ":at", len(word) - 2)  # never the first or last letter
    kind = _draw(key + ":kind", 3)
    if kind == 0 and word[i] != word[i + 1]:
        typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == 1:
        typo = word[:i] + word[i + 1 :]
    else:
        typo = word[:i] + word[i] + word[i:]
    return text[: m.start()] + typo + text[m.end() :]


def typo_item(item: EvalItem) -> EvalItem:
    return item.model_copy(update={"question": with_typo(item.question, item.id)})


def write_typos(dataset: Path, out_dir: Path) -> Path:
    """The typo'd copy of ``dataset`` in ``out_dir`` (same file name); its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / dataset.name
    lines = [typo_item(item).model_dump_json(exclude_defaults=True) for item in load_dataset(dataset)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
