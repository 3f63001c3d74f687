"""BM25 keyword index over passages: plain ids and texts in, (id, score) pairs out.

``LexicalIndex.fit`` builds the corpus vocabulary and a ``Decompounder`` from the
texts, analyzes them (``retrieval.tokenization``) and indexes the terms with bm25s.

``search`` scores a weighted query, ``score(d) = sum_t w_t * bm25(t, d)``:

* the query's own terms weigh 1, the parts of its compound words ``PART_WEIGHT``;
* with ``expand=True`` the Danish/Norwegian equivalents of English terms
  (``retrieval.glossary``) are added with ``GLOSSARY_WEIGHT``;
* spelling variants: a query term of >= 5 letters that is not in the index (the user
  typed "nemnd", the document says "nemd"/"nemda") is replaced by the index terms within
  one edit (insertion, deletion, substitution or transposition) with ``FUZZY_WEIGHT``.
  Candidates come from a symmetric-deletion table built with the index, so a lookup
  costs a few dictionary probes. Terms that are in the index are not expanded: in a
  few thousand stems, one edit away from a real word is usually another real word
  ("politi"/"politik").

``save``/``load`` keep bm25s' own files plus ``lexical.json`` (format version, analyzer
version, ids, vocabulary), so a new process can search without the texts.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from retrieval.glossary import expansion_terms
from retrieval.spelling import Speller
from retrieval.tokenization import (
    ANALYZER_VERSION,
    Decompounder,
    analyze,
    analyze_terms,
    build_vocabulary,
    is_word,
)

FORMAT_VERSION = 1
META_FILE = "lexical.json"
BM25_JSON_FILES = ("params.index.json", "vocab.index.json")
BM25_ARRAY_FILES = ("data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy")

PART_WEIGHT = 0.5
GLOSSARY_WEIGHT = 0.7
FUZZY_WEIGHT = 0.6
MIN_FUZZY_LENGTH = 5


class LexicalIndexError(ValueError):
    """A saved lexical index cannot be loaded (missing, corrupt or outdated file).

    A ``ValueError``, so callers that treat damaged data as ``ValueError`` rebuild.
    """


class LexicalIndex:
    """BM25 over Danish/Norwegian passages, in the style of minsearch/bm25s."""

    def __init__(self, *, k1: float = 1.5, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._ids: list[str] = []
        self._bm25: bm25s.BM25 | None = None
        self._decompounder = Decompounder({})
        self._speller = Speller()

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    @property
    def decompounder(self) -> Decompounder:
        return self._decompounder

    def fit(self, ids: Sequence[str], texts: Sequence[str]) -> LexicalIndex:
        """Index ``texts`` under ``ids`` (replacing any previous content); returns self."""
        ids, texts = list(ids), list(texts)
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids but {len(texts)} texts")
        if len(set(ids)) != len(ids):
            raise ValueError("ids must be unique")
        decompounder = Decompounder(build_vocabulary(texts))
        corpus = [analyze(text, decompounder) for text in texts]
        bm25: bm25s.BM25 | None = None
        if any(corpus):  # bm25s cannot index a corpus without a single term
            bm25 = bm25s.BM25(k1=self.k1, b=self.b)
            bm25.index(corpus, show_progress=False)
        self._set(ids, decompounder, bm25)
        return self

    def _set(self, ids: list[str], decompounder: Decompounder, bm25: bm25s.BM25 | None) -> None:
        self._ids = ids
        self._decompounder = decompounder
        self._bm25 = bm25
        self._speller = Speller(MIN_FUZZY_LENGTH).fit(
            t for t in (bm25.vocab_dict if bm25 is not None else {}) if is_word(t)
        )

    def query_terms(self, query: str, *, expand: bool = True) -> dict[str, float]:
        """Index term -> weight for ``query`` (terms the index does not hold are left out)."""
        if self._bm25 is None:
            return {}
        vocab: dict[str, int] = self._bm25.vocab_dict
        weights: dict[str, float] = {}

        def add(key: str, weight: float) -> None:
            if weight > weights.get(key, 0.0):
                weights[key] = weight

        for term in analyze_terms(query, self._decompounder):
            add(term.key, PART_WEIGHT if term.part else 1.0)
        if expand:
            extra = expansion_terms(query)
            for term in analyze_terms(" ".join(extra), self._decompounder):
                add(term.key, GLOSSARY_WEIGHT * (PART_WEIGHT if term.part else 1.0))
        for key, weight in list(weights.items()):
            if key not in vocab:
                for variant in self.variants(key):
                    add(variant, weight * FUZZY_WEIGHT)
        return {key: weight for key, weight in weights.items() if key and key in vocab}

    def variants(self, key: str) -> list[str]:
        """Index terms within one edit of ``key`` (none for a term the index holds, or one
        shorter than ``MIN_FUZZY_LENGTH``): its spelling variants, or the word its typo meant."""
        return self._speller.variants(key) if is_word(key) else []

    def search(self, query: str, k: int = 10, *, expand: bool = True) -> list[tuple[str, float]]:
        """Up to ``k`` (id, BM25 score) pairs, best first, only scores > 0."""
        weights = self.query_terms(query, expand=expand)
        if k <= 0 or not weights or self._bm25 is None:
            return []
        scores = self._scores(weights)
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        hits = hits[np.lexsort((hits, -scores[hits]))]
        return [(self._ids[i], float(scores[i])) for i in hits]

    def _scores(self, weights: dict[str, float]) -> np.ndarray:
        assert self._bm25 is not None
        by_weight: dict[float, list[int]] = defaultdict(list)
        for key, weight in weights.items():
            by_weight[weight].append(self._bm25.vocab_dict[key])
        scores = np.zeros(len(self._ids), dtype=np.float64)
        for weight, token_ids in by_weight.items():
            scores += weight * self._bm25.get_scores_from_ids(token_ids)
        return scores

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` (created if missing)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        if self._bm25 is not None:
            self._bm25.save(str(directory), show_progress=False)
        meta = {
            "format_version": FORMAT_VERSION,
            "analyzer_version": ANALYZER_VERSION,
            "k1": self.k1,
            "b": self.b,
            "empty": self._bm25 is None,
            "ids": self._ids,
            "vocabulary": self._decompounder.vocabulary,
        }
        tmp = directory / f"{META_FILE}.tmp"
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, directory / META_FILE)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        """Read an index written by ``save``; raises ``LexicalIndexError`` naming a bad file."""
        directory = Path(directory)
        meta_path = directory / META_FILE
        meta = _read_json(meta_path)
        if not isinstance(meta, dict):
            raise LexicalIndexError(f"{meta_path}: expected a JSON object")
        for field, expected in (("format_version", FORMAT_VERSION), ("analyzer_version", ANALYZER_VERSION)):
            if meta.get(field) != expected:
                found = meta.get(field)
                raise LexicalIndexError(f"{meta_path}: {field} is {found!r}, expected {expected}; rebuild the index")
        ids, vocabulary = meta.get("ids"), meta.get("vocabulary")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise LexicalIndexError(f"{meta_path}: 'ids' must be a list of strings")
        if not isinstance(vocabulary, dict) or not all(isinstance(c, int) for c in vocabulary.values()):
            raise LexicalIndexError(f"{meta_path}: 'vocabulary' must map words to counts")
        index = cls(k1=float(meta.get("k1", 1.5)), b=float(meta.get("b", 0.75)))
        bm25 = None if meta.get("empty") else _load_bm25(directory, len(ids))
        index._set(ids, Decompounder(vocabulary), bm25)
        return index


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LexicalIndexError(f"{path}: file is missing") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LexicalIndexError(f"{path}: cannot read JSON ({exc})") from exc


def _load_bm25(directory: Path, n_ids: int) -> bm25s.BM25:
    for name in BM25_JSON_FILES:
        _read_json(directory / name)
    for name in BM25_ARRAY_FILES:
        path = directory / name
        if not path.is_file():
            raise LexicalIndexError(f"{path}: file is missing")
        try:
            np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            raise LexicalIndexError(f"{path}: not a valid .npy array ({exc})") from exc
    try:
        bm25 = bm25s.BM25.load(str(directory), load_corpus=False, show_progress=False)
    except Exception as exc:  # bm25s raises many kinds; name the directory at least
        raise LexicalIndexError(f"{directory}: cannot load the bm25s index ({exc})") from exc
    num_docs = bm25.scores.get("num_docs")
    if num_docs != n_ids:
        raise LexicalIndexError(
            f"{directory / 'params.index.json'}: {num_docs} passages, but {META_FILE} lists {n_ids} ids"
        )
    return bm25
