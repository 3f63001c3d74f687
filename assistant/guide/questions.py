"""Questions worth asking a document, built from its key figures and its sections, in the
document's language and in English (the wording: ``prompts/extractive.json``, keys ``guide_*``).

Candidates come in a fixed order (the largest amounts, then counts and shares, then the
sections that are not the title or a front-matter heading); the caller keeps those the
assistant really answers from the document."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from assistant.guide.models import KeyFigure, OutlineEntry
from assistant.models import Lang
from assistant.templates import phrase
from retrieval.stopwords import is_stopword

FRONT_MATTER = re.compile(
    r"^(?:\d+\.?\s*)?(?:innledning|indledning|introduction|sammendrag|resumé|resume|summary|forord|preface|"
    r"innhold|indhold|contents|med vennlig hilsen|med venlig hilsen|vedlegg|bilag|appendix|referanser|"
    r"litteratur|references|avsluttende bemerkninger)\b",
    re.I,
)
# endings of adjectives, participles and present-tense verbs ("fungerer"): not things to ask about
DESCRIBING = re.compile(r"(?:ende|ige|lige|lig|isk|iske|tt|ede|erer|ive|ous|ful|ing)$")
MONTHS = re.compile(
    r"\b(?:januar|februar|marts|mars|april|maj|mai|juni|juli|august|september|oktober|november|desember|december)\b",
    re.I,
)


def amount(value: str) -> float:
    digits = re.search(r"\d[\d.,]*", value)
    if not digits:
        return 0.0
    text = digits.group(0).replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return 0.0


def period_words(lang: Lang, period: str | None) -> str:
    return phrase(lang, "guide_in", period=period) if period else ""


def counted_noun(phrase: str) -> str:
    """The noun a count is of: its phrase without leading describing words and without what
    follows the noun ("aktive fiskefartøy" -> "fiskefartøy", "modelkommuner deltog" ->
    "modelkommuner")."""
    words = phrase.split()
    while len(words) > 1 and (words[0].endswith("e") or DESCRIBING.search(words[0].lower())):
        words = words[1:]
    return words[0] if words else phrase


def good_section(name: str, title: str) -> bool:
    """A heading that names a subject: not the title, front matter, a date, a signature
    ("Barbara Busic (SFK), seniorrådgiver") or an all-capitals banner."""
    return not (
        len(name.split()) < 2
        or name.lower() == title.lower()
        or FRONT_MATTER.match(name)
        or MONTHS.search(name)
        or name.isupper()
        or any(ch in name for ch in "(),;")
        or any(ch.isdigit() for ch in name)
    )


def candidates(
    lang: Lang,
    title: str,
    figures: list[KeyFigure],
    sections: list[OutlineEntry],
    topics: list[str] = (),  # type: ignore[assignment]
) -> Iterator[tuple[str, str | None]]:
    """Candidate questions in ``lang``, best first, each once, with the figure that must be in
    the answer for a figure's question (None for a section's or a topic word's). ``topics``:
    the words the document is most about (:func:`distinctive_words`), asked about last."""
    seen: set[str] = set()

    def once(text: str, figure: str | None) -> Iterator[tuple[str, str | None]]:
        key = text.lower()
        if key not in seen:
            seen.add(key)
            yield text, figure

    money = sorted((f for f in figures if f.kind == "money"), key=lambda f: -amount(f.value))
    for f in money[:3]:
        yield from once(phrase(lang, "guide_money", what=f.refers_to), f.value)
    # a count is worth asking about when the sentence dates it ("4400 forelegg … i 2017")
    for f in [f for f in figures if f.kind == "count" and f.period][:3]:
        noun = counted_noun(f.refers_to)
        yield from once(phrase(lang, "guide_count", what=noun, period=period_words(lang, f.period)), f.value)
    for s in sections:
        name = s.title.strip(" .:")
        if good_section(name, title):
            yield from once(phrase(lang, "guide_section", what=name), None)
    for word in topics:  # a document with few headings: the words it is most about
        yield from once(phrase(lang, "guide_section", what=word), None)


def distinctive_words(
    texts: list[str], idf: Callable[[str], float], n: int = 6, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """The document's words with the highest count × corpus IDF (long words, as written, no
    stopwords, none of ``exclude`` such as its author's name, and not the endings that mark
    describing words, "forpliktende", "narkotiske", "opptatt"): what it is most about, for a
    document with few headings."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for text in texts:
        for w in re.findall(r"[^\W\d_]{7,}", text):
            key = w.lower()
            if is_stopword(key) or key in exclude or DESCRIBING.search(key):
                continue
            counts[key] += 1
            shown.setdefault(key, key)
    scored = sorted(counts, key=lambda k: (-counts[k] * idf(k), k))
    return [shown[k] for k in scored if counts[k] >= 2][:n]
