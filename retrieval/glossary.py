"""English -> Danish/Norwegian drug-policy vocabulary, for query expansion only.

The documents are Danish or Norwegian, so an English question shares almost no words
with them. ``expand_query`` appends the Danish and Norwegian equivalents of the English
terms it finds; the lexical index gives those added words a lower weight than the
words the user typed. The list (``data/glossary_en_da_nb.tsv``, data like the lexicon) is
general vocabulary of the field (no document's answers), keyed by the English forms that are
not also Danish/Norwegian words (no "gang", "men", "fall", "nok", "ost"), so a Danish or
Norwegian question is rarely expanded.
Phrases are matched before single words ("harm reduction" before "harm"). The English
words no phrase covers get the general lexicon's translations (``retrieval.lexicon``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from retrieval.lexicon import backwards, inflected_from, looks_english, phrasal_verbs_in, translations_of

GLOSSARY_PATH = Path(__file__).resolve().with_name("data") / "glossary_en_da_nb.tsv"


def _entries(path: Path = GLOSSARY_PATH) -> dict[str, str]:
    """The glossary file's entries: "english form|other form|…" -> Danish and Norwegian
    equivalents, space separated (lines starting with # are comments)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        forms, _, targets = line.partition("\t")
        out[forms] = targets
    return out


_ENTRIES = _entries()


def _phrases(forms: str) -> list[tuple[str, ...]]:
    return [tuple(_words(form)) for form in forms.split("|")]


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


GLOSSARY: dict[tuple[str, ...], tuple[str, ...]] = {}
for _forms, _targets in _ENTRIES.items():
    for _phrase in _phrases(_forms):
        _known = GLOSSARY.get(_phrase, ())
        GLOSSARY[_phrase] = _known + tuple(t for t in _targets.split() if t not in _known)
_MAX_PHRASE = max(len(phrase) for phrase in GLOSSARY)


MAX_ENGLISH_TERMS = 4  # English words a Danish or Norwegian term may stand for (more: too ambiguous to use)


@lru_cache(maxsize=1)
def _reverse() -> dict[str, tuple[str, ...]]:
    return backwards(
        ((phrase[-1], target) for phrase, targets in GLOSSARY.items() for target in targets), MAX_ENGLISH_TERMS
    )


def english_forms(term: str) -> list[str]:
    """The glossary read backwards: the English words a Danish or Norwegian term key stands for,
    each English phrase by its last word, its head ("sprøyterom": room, injection; "besittelse":
    possession, possess, possessing); none when unknown or standing for more than
    ``MAX_ENGLISH_TERMS`` words."""
    return list(_reverse().get(term, ()))


class PhraseMatch(NamedTuple):
    phrases: list[tuple[str, ...]]  # the glossary's phrases in the text, longest first, in order
    rest: list[str]  # the words no phrase covers


def known_phrase(phrase: tuple[str, ...]) -> tuple[str, ...] | None:
    """``phrase`` as the glossary lists it: as written, or with its last word in the singular
    or its base form ("drug consumption rooms", "policies", "decriminalising"), or None."""
    if phrase in GLOSSARY:
        return phrase
    *head, last = phrase
    for base in inflected_from(last):
        if len(base) >= 3 and (found := (*head, base)) in GLOSSARY:
            return found
    return None


def match_phrases(text: str) -> PhraseMatch:
    """The glossary phrases in ``text`` (a phrase before the words in it) and the other words."""
    words = _words(text)
    phrases: list[tuple[str, ...]] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = known_phrase(tuple(words[i : i + size]))
            if phrase is not None:
                phrases.append(phrase)
                i += size
                break
        else:
            rest.append(words[i])
            i += 1
    return PhraseMatch(phrases, rest)


class Expansion(NamedTuple):
    """The Danish/Norwegian equivalents of a text's English terms, one group (its alternatives)
    per English phrase or word: the glossary's, and the general lexicon's."""

    glossary: list[tuple[str, ...]]
    lexicon: list[tuple[str, ...]]


def expand(text: str, general: bool | None = None) -> Expansion:
    """The glossary's groups for the phrases of ``text``, then the general lexicon's
    (:mod:`retrieval.lexicon`) for its other content words when ``general`` is true, or, left at
    ``None``, when ``text`` looks English (a caller that knows the language says so). With the
    general lexicon, its phrasal verbs and two-word expressions are read first: "in charge" is
    "ansvarlig", whatever the glossary's "charge" (a criminal charge) says."""
    words = _words(text)
    translate = general or (general is None and looks_english(words))
    phrasal, rest = phrasal_verbs_in(words) if translate else ([], words)
    match = match_phrases(" ".join(rest))
    groups = [GLOSSARY[p] for p in match.phrases]
    lexical: list[tuple[str, ...]] = []
    if translate:
        lexical = phrasal + [tuple(found) for word in match.rest if (found := translations_of(word))]
    return Expansion(groups, lexical)


def words_of(groups: list[tuple[str, ...]]) -> list[str]:
    """The words of ``groups``, in order, without repeats."""
    found: list[str] = []
    for group in groups:
        found.extend(t for t in group if t not in found)
    return found


def expansion_terms(text: str, general: bool | None = None) -> list[str]:
    """The words of :func:`expand`, the glossary's first, in order, without repeats."""
    found = expand(text, general)
    return words_of(found.glossary + found.lexicon)


def expand_query(text: str) -> str:
    """``text`` followed by the glossary's Danish/Norwegian equivalents of its English terms
    (for the embedding model: the general lexicon's word-for-word translations did not help it)."""
    extra = expansion_terms(text, general=False)
    return f"{text} {' '.join(extra)}" if extra else text
