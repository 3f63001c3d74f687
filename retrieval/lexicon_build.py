"""Build ``retrieval/data/lexicon_en_nb.tsv`` from the FreeDict English-Norwegian dictionary.

The source is the dictd edition of FreeDict's ``eng-nor`` (WikDict, made from Wiktionary;
CC BY-SA 3.0), as Debian ships it::

    apt-get download dict-freedict-eng-nor && dpkg-deb -x dict-freedict-eng-nor_*.deb pkg
    python -m retrieval.lexicon_build pkg/usr/share/dictd

Kept: single-word English headwords (no affixes, no abbreviations) and, per headword, the
translations of its senses in the dictionary's order, one or two words each, parenthesised
parts dropped. Same input, same file: headwords are sorted, translations keep their order.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

from retrieval.lexicon import LEXICON_PATH

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_HEADWORD = re.compile(r"[a-zA-Z][a-zA-Z'-]*")
_TRANSLATION = re.compile(r"[a-zæøåéèüöä' -]+")
_SKIPPED_POS = ("<suffix>", "<prefix>", "<abbr", "<symbol>")
HEADER = (
    "# English -> Norwegian (bokmål) translations, one English headword per line: word<TAB>t1|t2|...\n"
    "# Derived by `python -m retrieval.lexicon_build` from FreeDict eng-nor 2022.11.18\n"
    "# (English-Norsk FreeDict+WikDict dictionary, https://freedict.org, http://www.wikdict.com,\n"
    "# built from Wiktionary). Licensed under CC BY-SA 3.0 Unported\n"
    "# (https://creativecommons.org/licenses/by-sa/3.0/); this file is shared under the same licence.\n"
)


def _number(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 64 + _B64.index(ch)
    return n


def translations(entry: str) -> list[str]:
    """The translations of one dictd entry: the line after the headword, and each line that
    starts a numbered sense ("2. kveld, aften"); the English glosses between them are skipped."""
    lines = entry.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines[1:]):
        if i and not re.match(r"^\d+\. ", line):
            continue
        line = re.sub(r"^\d+\.\s*", "", line)
        line = re.sub(r"\s+\d+\.\s*$", "", line)
        line = re.sub(r"\([^)]*\)", "", line)
        for part in line.split(","):
            t = " ".join(part.split()).lower()
            if t and len(t.split()) <= 2 and _TRANSLATION.fullmatch(t) and t not in out:
                out.append(t)
    return out


def build(dict_dir: Path) -> dict[str, list[str]]:
    index = dict_dir / "freedict-eng-nor.index"
    with gzip.open(dict_dir / "freedict-eng-nor.dict.dz") as f:
        data = f.read()
    lexicon: dict[str, list[str]] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")
        if head.startswith("00") or not _HEADWORD.fullmatch(head):
            continue
        start = _number(offset)
        entry = data[start : start + _number(length)].decode("utf-8")
        if any(pos in entry.split("\n", 1)[0] for pos in _SKIPPED_POS):
            continue
        found = lexicon.setdefault(head.lower(), [])
        found.extend(t for t in translations(entry) if t not in found)
    return {k: v for k, v in sorted(lexicon.items()) if v}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m retrieval.lexicon_build", description=__doc__.split("\n")[0])
    ap.add_argument("dict_dir", type=Path, help="directory holding freedict-eng-nor.index and .dict.dz")
    ap.add_argument("--out", type=Path, default=LEXICON_PATH)
    args = ap.parse_args(argv)
    lexicon = build(args.dict_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for word, targets in lexicon.items():
            f.write(f"{word}\t{'|'.join(targets)}\n")
    print(f"wrote {args.out}: {len(lexicon)} English words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
