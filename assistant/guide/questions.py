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
from retrieval.tokenization import analyze

NAME_WORD = r"[A-ZÆØÅ][^\W\d_]+(?:-[A-ZÆØÅ][^\W\d_]+)?"  # a capitalised word of a name
CREDIT_REACH = 25  # characters from a picture credit's slash within which a word is the credit's
# what stands before a word that opens a sentence, a line, a quote or a reply
SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*|[–—-]\s+|[«\"“]\s*)$")

FRONT_MATTER = re.compile(
    r"^(?:\d+\.?\s*)?(?:innledning|indledning|introduction|sammendrag|resumé|resume|summary|forord|preface|"
    r"innhold|indhold|contents|med vennlig hilsen|med venlig hilsen|vedlegg|bilag|appendix|referanser|"
    r"litteratur|references|avsluttende bemerkninger)\b",
    re.I,
)
# endings of adjectives, participles and present-tense verbs ("fungerer"): not things to ask about
DESCRIBING = re.compile(r"(?:ende|ige|lige|lig|isk|iske|ske|tt|tte|ede|erer|abel|abelt|ielt|ært|ret|ive|ous|ful|ing)$")
# a genitive of a definite noun ("amerikanernes", "landenes"): the noun is asked about, not its genitive
GENITIVE = re.compile(r"(?:ernes|enes|ets)$")
# words that name a number or a unit: what a figure is counted in, never the thing counted ("82 meter")
NUMBERS_AND_UNITS = re.compile(
    r"^(?:millioner|milliarder|million|millions|billion|billions|tusen|tusind|tusener|"
    r"hundre|hundrede|thousands?|hundreds?|meter|metre|meters|kilometer|kilometre|kilometers|km|kilo|kilogram|"
    r"tonn|tons?|liter|litre|prosent|procent|percent|grader|degrees|sekunder|seconds|minutter|minutes|timer|"
    r"hours|dager|dage|days|uker|uger|weeks|måneder|months|år|years|kroner|kr|dollar|dollars|euro|euros)$",
    re.I,
)
# a picture credit's names stand around a slash ("Lehtikuva / Reuters / NTB scanpix")
CREDIT_SLASH = re.compile(r"\s/\s")
# an English verb's past or present participle ("reported", "including"): where a noun phrase ends
VERB_FORM = re.compile(r"(?:ed|ing)$")
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


def counted_noun(phrase: str, doc_lang: str = "nb") -> str:
    """The noun a count is of: its phrase without leading describing words and without what
    follows the noun ("aktive fiskefartøy" -> "fiskefartøy", "modelkommuner deltog" ->
    "modelkommuner"). English joins a noun's parts as words, so an English text's phrase is kept
    up to its first function word or verb ("drug misuse deaths", "different people used the" ->
    "different people"), and none when it opens with a verb ("reported more antisocial behaviour")."""
    if doc_lang == "en":
        kept: list[str] = []
        for word in phrase.split():
            bare = word.strip(",.;:()").lower()
            if not bare or is_stopword(bare) or VERB_FORM.search(bare):
                break
            kept.append(word.strip(",.;:()"))
        return " ".join(kept)
    words = phrase.split()
    while len(words) > 1 and (words[0].endswith("e") or DESCRIBING.search(words[0].lower())):
        words = words[1:]
    return words[0] if words else phrase


def countable(noun: str) -> bool:
    """A thing a count counts: a common noun, not a name ("Storbritannia") or a unit ("meter")."""
    return bool(noun) and noun[:1].islower() and not NUMBERS_AND_UNITS.match(noun)


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
        or bool(CREDIT_SLASH.search(name))  # a picture credit
    )


def candidates(
    lang: Lang,
    title: str,
    figures: list[KeyFigure],
    sections: list[OutlineEntry],
    topics: list[str] = (),  # type: ignore[assignment]
    doc_lang: str = "nb",
) -> Iterator[tuple[str, str | None]]:
    """Candidate questions in ``lang``, best first, each once, with the figure that must be in
    the answer for a figure's question (None for a section's or a topic word's). ``topics``:
    the words the document is most about (:func:`distinctive_words`), asked about last;
    ``doc_lang``: the language the figures' phrases are written in."""
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
    counts = [f for f in figures if f.kind == "count" and f.period and countable(counted_noun(f.refers_to, doc_lang))]
    for f in counts[:3]:
        noun = counted_noun(f.refers_to, doc_lang)
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
    """The document's words with the highest count × corpus IDF (long words, no stopwords, none of
    ``exclude`` such as its author's name, not the endings that mark describing words,
    "forpliktende", "narkotiske", "opptatt", no number or unit words, none of a picture credit's
    names, one per stem), each as the text writes it most often: what it is most about, for a
    document with few headings."""
    counts: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    for text in texts:
        slashes = [m.start() for m in CREDIT_SLASH.finditer(text)]
        for m in re.finditer(r"[^\W\d_]{7,}", text):
            w, key = m.group(0), m.group(0).lower()
            if is_stopword(key) or key in exclude or DESCRIBING.search(key) or NUMBERS_AND_UNITS.match(key):
                continue
            if GENITIVE.search(w):  # a definite noun's genitive: its noun is the topic
                continue
            if any(abs(m.start() - at) <= CREDIT_REACH for at in slashes):  # a name in a picture credit
                continue
            counts[key] += 1
            # how the text writes it: a capital that opens a sentence says nothing, so such a mention
            # counts for the lower-case form, once against twice for a mention inside a sentence
            opens = SENTENCE_START.search(text[: m.start()]) is not None
            written.setdefault(key, Counter())[key if opens else w] += 1 if opens else 2
    scored = sorted(counts, key=lambda k: (-counts[k] * idf(k), k))
    out: list[str] = []
    stems: set[str] = set()
    for k in scored:
        if counts[k] < 2 or len(out) == n:
            continue
        stem = stem_of(k)
        if stem in stems:  # "vietnams" after "vietnam"
            continue
        stems.add(stem)
        # as the text writes it most often inside a sentence ("Vietnam", not "vietnam"; "sanksjonsmidlene",
        # not "Sanksjonsmidlene", when every mention opens a sentence); lower case on a tie
        word = max(written[k].items(), key=lambda kv: (kv[1], kv[0][:1].islower()))[0]
        shown = full_name(word, texts) if word[:1].isupper() else word
        if any(set(shown.split()) & set(o.split()) for o in out if o[:1].isupper()):
            continue  # one name once: "Hallgeir Elvehøy" after "Elvehøy"
        out.append(shown)
    return out


def full_name(word: str, texts: list[str]) -> str:
    """A name as the text mostly writes it in full: "Hallgeir Elvehøy" for "Elvehøy" or "Hallgeir"
    when most of their mentions are the two together."""
    alone = sum(len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", t)) for t in texts)
    names: Counter[str] = Counter()
    w = re.escape(word)
    pairs = (rf"(?<![\w-]){NAME_WORD}\s+{w}(?![\w-])", rf"(?<![\w-]){w}\s+{NAME_WORD}(?![\w-])")
    for t in texts:
        for rx in pairs:  # not a capitalised word that opens a sentence ("Under Vietnamkrigen")
            names.update(m.group(0) for m in re.finditer(rx, t) if not is_stopword(m.group(0).split()[0].lower()))
    if names:
        name, n = names.most_common(1)[0]
        if 2 * n >= alone:
            return name
    return word


def stem_of(word: str) -> str:
    """A word's first analysed term (stemmed), or the word: one key for "vietnam" and "vietnams"."""
    terms = analyze(word)
    return terms[0] if terms else word
