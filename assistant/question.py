"""Read a question: its language, what kind of answer it wants, and what must hold.

The extractive engine needs no model, so it reads the question the way a careful
reader does: which language (to answer in), which kind of fact (an amount, a count, a
percentage, a year, a person, a position), and the hard constraints an answer has to
meet (a year, a place or a unit named in the question must be in the cited passage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from wordfreq import zipf_frequency

from assistant.models import Lang
from retrieval.glossary import expansion_terms
from retrieval.tokenization import analyze

Kind = Literal["money", "count", "percent", "date", "age", "duration", "person", "org", "stance", "other"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# strong one-language markers on top of word frequencies
_DA_MARKERS = set(
    "hvad af blev efter mod nu haft end sager penge meget afsat afsættes hvornår mig sig nogen noget ud".split()
)
_NB_MARKERS = set("hva av ble etter mot nå enn saker penger mye hvordan meg seg noen noe ikkje kva".split())


PLACES: list[set[str]] = [
    {"danmark", "denmark", "danish", "dansk", "danske", "danes"},
    {"norge", "norway", "norwegian", "norsk", "norske", "noreg"},
    {"sverige", "sweden", "swedish", "svensk", "svenske"},
    {"portugal", "portuguese", "portugisisk", "portugisiske", "portugals"},
    {"nederland", "nederlandene", "netherlands", "holland", "dutch", "nederlandsk"},
    {"finland", "finnish", "finsk"},
    {"island", "iceland"},
    {"tyskland", "germany", "german", "tysk"},
    {"frankrig", "frankrike", "france", "french", "fransk"},
    {"england", "britain", "storbritannien", "storbritannia", "uk", "british", "britisk"},
    {"usa", "amerika", "america", "american", "amerikansk"},
    {"sveits", "schweiz", "switzerland", "swiss", "sveitsisk"},
    {"canada", "canadian", "kanada"},
    {"oslo"},
    {"bergen"},
    {"trondheim", "trøndelag"},
    {"stavanger"},
    {"københavn", "copenhagen", "københavns"},
    {"aarhus", "århus"},
    {"tromsø"},
    {"europa", "europe", "european", "europeisk", "europæisk"},
]

UNITS: dict[str, set[str]] = {
    "gram": {"gram", "grams", "g"},
    "euro": {"euro", "euros", "€"},
    "kroner": {"kr", "kroner", "krone", "kr.", "nok", "dkk", "mio", "millioner", "mia", "milliarder"},
    "percent": {"%", "prosent", "procent", "percent", "pct"},
    "years_work": {"årsverk", "årsværk"},
}
_UNIT_TRIGGERS: dict[str, set[str]] = {
    "gram": {"gram", "grams"},
    "euro": {"euro", "euros", "€"},
    "kroner": {"kroner", "kr", "kroners", "krone", "dkk", "nok"},
    "percent": {"percent", "percentage", "prosent", "procent", "andel", "share", "%", "prosentandel"},
    "years_work": {"årsverk", "årsværk", "man-years", "person-years"},
}

MINORITY_WORDS = {"mindretall", "mindretallet", "mindretal", "dissens", "dissent", "minority",
                  "dissensen", "minoritet", "minoriteten", "uenige"}
MAJORITY_WORDS = {"flertall", "flertallet", "flertal", "majority", "hovedforslaget", "vedtatt"}


@dataclass
class QuestionInfo:
    text: str
    lang: Lang
    kind: Kind
    terms: list[str]  # analysed content terms (stems), incl. glossary expansions for English
    head_terms: list[str] = field(default_factory=list)  # the thing counted/measured ("dødsfald")
    years: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    places: list[set[str]] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    minority: bool = False
    majority: bool = False


def detect_lang(text: str) -> Lang:
    """English, Danish or Norwegian bokmål, from word frequencies (wordfreq) and marker words."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return "en"
    score = {lang: sum(_zipf(w, lang) for w in words) for lang in ("en", "da", "nb")}
    if score["en"] > max(score["da"], score["nb"]):
        return "en"
    balance = sum(_zipf(w, "da") - _zipf(w, "nb") for w in words)
    balance += 3 * sum(1 for w in words if w in _DA_MARKERS) - 3 * sum(1 for w in words if w in _NB_MARKERS)
    balance += sum(0.5 for w in words if "brug" in w or w.endswith(("hed", "tion"))) - sum(
        0.5 for w in words if "bruk" in w or w.endswith(("het", "sjon"))
    )
    return "da" if balance > 0 else "nb"


@lru_cache(maxsize=50_000)
def _zipf(word: str, lang: str) -> float:
    return zipf_frequency(word, lang)


def classify(text: str) -> Kind:
    t = text.lower()
    rules: list[tuple[Kind, str]] = [
        ("percent", r"\b(percent|percentage|prosent|procent|andel|share|hvor stor del|what proportion)\b|%"),
        ("money", r"\b(how much money|budget|funding|fund|funds|cost|costs|kroner|penge|penger|beløb|beløp|"
                  r"afsat|afsættes|afsætter|satt av|settes av|bevilg\w*|finansier\w*|mio|millioner|million|"
                  r"hvor meget|hvor mye|how much)\b"),
        ("age", r"\b(how old|age|ages|alder|alderen|hvor gammel|hvor gamle|aldersgr\w*|år gamle|years old)\b"),
        ("duration", r"\b(how long|hvor længe|hvor lenge|varighed|varighet|duration)\b"),
        ("date", r"\b(when|hvornår|når|what year|which year|hvilket år|hvilken dato|date|dato|årstal|årstall)\b"),
        ("count", r"\b(how many|hvor mange|antal|antall|number of|tallet|tall)\b"),
        ("person", r"\b(who|hvem)\b"),
        ("org", r"\b(which organi[sz]ation|hvilken organisation|hvilken organisasjon|which body|hvilket organ)\b"),
        ("stance", r"\b(think|thinks|view|views|position|stance|opinion|mener|syn|holdning|standpunkt|ønsker|"
                   r"want|wants|propose|proposes|foreslår|recommend|recommends|anbefaler|argue|argues|warn|"
                   r"warns|advarer|support|supports|støtter|oppfatning|opfattelse)\b"),
    ]
    for kind, pattern in rules:
        if re.search(pattern, t):
            if kind == "money" and re.search(r"\b(how much|hvor meget|hvor mye)\b", t) and not re.search(
                r"money|penge|penger|kroner|budget|fund|afsat|satt av|settes av|afsættes|koster|cost", t
            ):
                continue  # "how much" about something else
            return kind
    return "other"


_HEAD_AFTER = re.compile(
    r"\b(?:how many|hvor mange|number of|antal(?:let)? (?:af|av)?|antall(?:et)? av)\s+([^?.,]+)", re.I
)
QUESTION_WORDS = set("what which who how many much when where why hvad hva hvilke hvilken hvem hvor mange".split())


def analyze_question(text: str) -> QuestionInfo:
    lang = detect_lang(text)
    lower = text.lower()
    words = set(w.lower() for w in _WORD.findall(text))
    expansion = " ".join(expansion_terms(text)) if lang == "en" else ""
    terms = list(dict.fromkeys(analyze(text) + (analyze(expansion) if expansion else [])))
    head: list[str] = []
    if m := _HEAD_AFTER.search(text):
        phrase = " ".join(m.group(1).split()[:3])
        head = analyze(phrase) + (analyze(" ".join(expansion_terms(phrase))) if lang == "en" else [])
    years = re.findall(r"\b(?:19|20)\d\d\b", text)
    numbers = [n for n in re.findall(r"\b\d+(?:[.,]\d+)?\b", text) if n not in years]
    places = [group for group in PLACES if group & words]
    units = [u for u, triggers in _UNIT_TRIGGERS.items() if triggers & words or (u == "percent" and "%" in text)]
    return QuestionInfo(
        text=text,
        lang=lang,
        kind=classify(lower),
        terms=terms,
        head_terms=list(dict.fromkeys(head)),
        years=years,
        numbers=numbers,
        places=places,
        units=units,
        minority=bool(MINORITY_WORDS & words),
        majority=bool(MAJORITY_WORDS & words),
    )
