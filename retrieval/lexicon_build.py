"""Build the general lexicon's data files from FreeDict's dictionaries.

``retrieval/data/lexicon_en_nb.tsv`` comes from the dictd edition of FreeDict's ``eng-nor``
(WikDict, made from Wiktionary; CC BY-SA 3.0), ``retrieval/data/lexicon_en_da.tsv`` from its
``dan-eng`` read backwards (Danish headwords under each English word of their translations;
GPL 3.0 or later, its changes since 0.3 also CC BY-SA 3.0), as Debian ships them::

    apt-get download dict-freedict-eng-nor dict-freedict-dan-eng
    for f in dict-freedict-*.deb; do dpkg-deb -x "$f" pkg; done
    python -m retrieval.lexicon_build pkg/usr/share/dictd

eng-nor: kept are single-word English headwords (no affixes, no abbreviations) and, per
headword, the translations of its senses in the dictionary's order, one or two words each,
parenthesised parts dropped. dan-eng: kept are Danish headwords of one or two words, under
each single-word English translation (three letters at least) that eng-nor has no headword
for, in the dictionary's order; bracketed notes dropped. eng-nor lacks everyday words ("party",
"group", "prison", "treatment") that dan-eng has, and the analyzer folds Danish spelling onto
Norwegian ("fængsel" and "fengsel" are one term). Same input, same files: headwords are sorted,
translations keep their order.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

from retrieval.lexicon import DANISH_LEXICON_PATH, LEXICON_PATH, base_form

DANISH_HEADER = (
    "# English -> Danish translations for English words the English-Norwegian file lacks: word<TAB>t1|t2|...\n"
    "# Derived by `python -m retrieval.lexicon_build` from FreeDict dan-eng 0.3.1 (Danish-English FreeDict\n"
    "# Dictionary, https://freedict.org), read backwards. Licensed under the GNU General Public License 3.0\n"
    "# or later (https://www.gnu.org/licenses/gpl-3.0.html), its changes since 0.3 also under CC BY-SA 3.0\n"
    "# Unported; this file is shared under the same terms.\n"
)
_DANISH_HEADWORD = re.compile(r"^([a-zæøåA-ZÆØÅ][\wæøåÆØÅ' -]*?) /")
_ENGLISH_WORD = re.compile(r"[a-z][a-z'-]{2,}")
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


def build_danish(dict_dir: Path, known: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """English word -> Danish headwords, from ``freedict-dan-eng.dict.dz`` read backwards, for
    the English words ``known`` (the English-Norwegian lexicon) has no headword for."""
    with gzip.open(dict_dir / "freedict-dan-eng.dict.dz") as f:
        text = f.read().decode("utf-8")
    found: dict[str, list[str]] = {}
    head: str | None = None
    for line in text.split("\n"):
        match = _DANISH_HEADWORD.match(line)
        if match:
            head = match.group(1).strip().lower()
            continue
        if head is None or not line.strip() or len(head.split()) > 2:
            continue
        for part in re.sub(r"\[[^\]]*\]", "", line).split(","):
            word = part.strip().lower()
            if _ENGLISH_WORD.fullmatch(word) and base_form(word, known) is None:
                targets = found.setdefault(word, [])
                if head not in targets:
                    targets.append(head)
    return dict(sorted(found.items()))


def write(path: Path, header: str, lexicon: dict[str, list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for word, targets in lexicon.items():
            f.write(f"{word}\t{'|'.join(targets)}\n")
    print(f"wrote {path}: {len(lexicon)} English words", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m retrieval.lexicon_build", description=__doc__.split("\n")[0])
    ap.add_argument("dict_dir", type=Path, help="directory holding freedict-eng-nor.index and .dict.dz")
    ap.add_argument("--out", type=Path, default=LEXICON_PATH)
    ap.add_argument("--out-danish", type=Path, default=DANISH_LEXICON_PATH)
    args = ap.parse_args(argv)
    lexicon = build(args.dict_dir)
    write(args.out, HEADER, lexicon)
    if (args.dict_dir / "freedict-dan-eng.dict.dz").exists():
        known = {word: tuple(targets) for word, targets in lexicon.items()}
        write(args.out_danish, DANISH_HEADER, build_danish(args.dict_dir, known))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
