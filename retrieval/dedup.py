"""Find repeated text boxes so one fact is indexed once.

Kampen mod narko II states each initiative three times: in the summary, in the chapter
text and again in a box. Indexing all copies gives three competing passages for one
fact (and, with box titles placed after boxes, sometimes the wrong initiative name).
A block is a duplicate when most of its word 5-grams already occur in one earlier block.
"""

from __future__ import annotations

import re
from collections import defaultdict

from retrieval.types import Block

SHINGLE = 5
CONTAINED = 0.8
MIN_WORDS = 12
WORD = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def find_duplicates(blocks: list[Block]) -> dict[int, int]:
    """Map index of each duplicate block -> index of the earlier block it repeats."""
    seen: dict[tuple[str, ...], set[int]] = defaultdict(set)
    duplicates: dict[int, int] = {}
    for i, block in enumerate(blocks):
        if block.kind not in ("body", "list") or len(WORD.findall(block.text)) < MIN_WORDS:
            continue
        grams = shingles(block.text)
        if not grams:
            continue
        votes: dict[int, int] = defaultdict(int)
        for g in grams:
            for j in seen.get(g, ()):
                votes[j] += 1
        best = max(votes.items(), key=lambda kv: kv[1], default=None)
        if best and best[1] / len(grams) >= CONTAINED:
            duplicates[i] = duplicates.get(best[0], best[0])
            continue
        for g in grams:
            seen[g].add(i)
    return duplicates
