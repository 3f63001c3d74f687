"""What a question asks for, and whether a sentence holds that kind of thing.

The question's kind comes from :func:`assistant.question.classify` (amounts, counts,
percentages, dates, ages, durations, people, organisations, positions), refined here with
the kinds that kind of reader needs for general text: a place ("where", "i hvilket land"),
a reason ("why", "hvorfor"), a yes/no question ("Er …?", "Does …?"). Each detector is a
pure function of the sentence text and the question; the reader uses their outcome as a
feature, never as a rule.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from assistant.extractive import (
    AGE_RX,
    DATE_RX,
    DECADE_RX,
    DURATION_RX,
    EN_NUMBERS,
    FRACTION_RX,
    NOT_COUNTED_HERE,
    NOT_COUNTS,
    NUMBER_RX,
    NUMBER_WORDS,
    PERCENT_RX,
    SMALL_NUMBERS,
    TIME_UNITS,
    YEAR_RANGE_RX,
    YEAR_RX,
    blanked,
    money_spans,
    uncounted,
)
from assistant.question import LENGTH_Q, MEASURE_Q, YES_NO_VERBS, QuestionInfo, main_clause

AnswerKind = Literal[
    "money",
    "count",
    "percent",
    "date",
    "age",
    "duration",
    "measure",
    "person",
    "org",
    "place",
    "reason",
    "yesno",
    "stance",
    "other",
]
NUMERIC = ("money", "count", "percent", "date", "age", "duration", "measure")
ENTITY = ("person", "org", "place")

_PLACE_Q = re.compile(
    r"^(?:(?:og|and|men|but)\s+)?(?:where|hvor)\b(?!\s+(?:mange|mye|meget|lenge|længe|gammel|gamle|stor|store|"
    r"høy|høj|langt|lang|lange|tit|ofte|tidlig|sent|dyp|dybt|bred|tung|much|many|long|old|big|often|far))"
    r"|\b(?:i|in|fra|from|til|to)\s+(?:hvilken|hvilket|hvilke|which|what)\s+(?:land|by|byen|fylke|kommune|"
    r"country|city|town|county|region|state|sted|place|område|area|stat|del|part|verdensdel|continent|kontinent)\b"
    r"|\b(?:hvilket|hvilken|which|what)\s+(?:land|by|fylke|kommune|country|city|town|county|sted|place)\b"
    # with a word or two before the place ("Which Danish city …", "I hvilket sveitsisk sted …")
    r"|\b(?:hvilket|hvilken|hvilke|which|what)\s+(?!(?:is|was|are|were|er|var|the|det|den)\b)(?:[\w-]+\s+){1,2}"
    r"(?:land|by|fylke|kommune|country|city|town|county|region|state|sted|place|område|area|kontinent|continent)\b",
    re.I,
)
# "Hva heter ...", "What is the name of ...": a name is asked for
_NAME_Q = re.compile(
    r"\b(?:hva|hvad|what)\s+(?:heter|hedder|hette|hed|het|is the name|was the name|are the names)\b|"
    r"\bwhat (?:is|was|are|were) .{0,60}\bcalled\b|\bhvilket navn\b|\bwhich name\b|\bhva kalles\b|\bhvad kaldes\b",
    re.I,
)
# "how much" about anything but money asks a quantity, which a figure gives ("0,26 gram", "16 grader")
# (the question's own: "the thresholds for how much you can carry" asks about thresholds)
_HOW_MUCH = re.compile(
    r"^(?:(?:og|and|men|but|so|så)\s+)?(?:(?:by|roughly|about|approximately|omtrent|cirka|ca\.)\s+)?"
    r"(?:how much|hvor mye|hvor meget|hvor mykje)\b",
    re.I,
)
_REASON_Q = re.compile(
    r"\b(?:why|hvorfor|how come|hvad er grunden|hva er grunnen|what is the reason|årsaken)\b",
    re.I,
)
_YESNO_Q = re.compile(rf"^(?:(?:og|and|men|but|so|så)\s+)?(?:{YES_NO_VERBS}|mener|støtter|synes|syntes)\b", re.I)
_PERSON = re.compile(r"\b[A-ZÆØÅ][a-zæøåéöü]+(?:[ -][A-ZÆØÅ][a-zæøåéöü]+)+\b")
_PROPER = re.compile(r"\b[A-ZÆØÅ][\wæøåéöü-]+")
_ACRONYM = re.compile(r"\b[A-ZÆØÅ]{2,7}\b")
_REASON_WORDS = re.compile(
    r"\b(?:fordi|på grunn av|pga|grunnet|grundet|på grund af|skyldes|skyldtes|årsak\w*|grunn\w*|grund\w*|derfor|"
    r"for å|for at|because|due to|since|so that|in order to|reason|therefore|ettersom|idet|siden|slik at|således at|"
    r"som følge av|som følge af|as a result|a result of|thanks to|takket være|eftersom|dermed|derved|hence|thus|"
    r"owing to|caused by|forårsaket av|forårsaget af|på bakgrunn av|på baggrund af|"
    # a cause's verb ("… førte til, at minen lukkede"), a purpose's ("… skal forhindre, at kloakvand …")
    r"førte til|fører til|ført til|ledte til|leder til|led to|leads? to|resulted in|results? in|"
    r"stems? from|bunner i|henger sammen med|hænger sammen med|forhindre|hindre|prevent|unngå|undgå|avoid)\b"
    r"|,\s*hvorfor\b",  # "… en større sikkerhed, hvorfor risikoen … er langt mindre" (which is why)
    re.I,
)
# a year of any period ("i 1066", "in 872", "år 1483"), a century ("400-tallet", "the 1800s")
_ANY_YEAR = re.compile(
    r"\b(?:1[0-9]|20)\d\d\b|\b(?:i|in|år|year|anno|omkring|around|circa|ca\.)\s+\d{3,4}\b"
    r"|\b\d{2,4}-?(?:tallet|årene|s)\b|\b\d{1,2}\.\s?(?:århundre|århundrede|century)",
    re.I,
)
_MONTH = re.compile(
    r"\b(?:januar|februar|mars|marts|april|mai|maj|juni|juli|august|september|oktober|november|desember|december|"
    r"january|february|march|may|june|july|october|våren|høsten|sommeren|vinteren|efteråret|foråret|"
    r"spring|autumn|summer|winter)\b",
    re.I,
)
# times a news text gives instead of a date: a weekday, a part of the day, a time relative to now
# or to an event ("tidligst torsdag morgen", "i fjor", "etter drøye 20 minutter", "kl. 14.30")
_TIME = re.compile(
    r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|morges|formiddag|ettermiddag|eftermiddag|kveld|kvelden|aften|aftenen|natt|natten|nat|"
    r"morning|afternoon|evening|tonight|yesterday|today|tomorrow|ifjor|fjoråret|iforgårs|"
    r"tidligere|senere|earlier|later|ago)\b"
    r"|\b(?:i|om|på)\s+(?:dag|morgen|går|forgårs|fjor|vinter|sommer|høst|vår)\b"
    # after a span of time, in digits or words ("etter drøye 20 minutter", "etter drøye fire minutter")
    r"|\b(?:etter|efter|after|før|before|innen|inden|within)\s+(?:\w+\s+)?"
    r"(?:\d+|" + SMALL_NUMBERS + "|" + EN_NUMBERS + r")\s*"
    r"(?:minutt\w*|minut\w*|sekund\w*|timer?|dager?|dage|uker?|uger?|måneder?|hours?|days?|weeks?|months?|minutes?)\b"
    r"|\bkl\.?\s?\d{1,2}(?:[.:]\d{2})?\b|\b\d{1,2}[.:]\d{2}\b"
    # a time ahead ("om et par uker", "i løpet av de neste 20 til 50 årene", "within the next years")
    r"|\b(?:om|in)\s+(?:et par|noen|få|a few|some|\d+)\s+(?:dager|dage|uker|uger|måneder|år|days|weeks|months|years)\b"
    r"|\b(?:i løpet av|inden for|innen|within|over|in)\s+(?:de|the)\s+(?:neste|kommende|næste|next|coming)\b"
    # an era or a war ("under andre verdenskrig", "during the war", "i middelalderen")
    r"|\b(?:under|during|efter|etter|after|før|before)\s+(?:den\s+|det\s+|the\s+)?(?:første\s+|andre\s+|anden\s+|"
    r"first\s+|second\s+)?(?:verdenskrig\w*|krigen|world war\w*|the war|okkupasjonen|besættelsen|occupation)\b"
    r"|\b(?:middelalderen|vikingtiden|the middle ages|renessansen)\b"
    # a clock time ("avsluttet søket rundt klokken 17"), a week or year named from now ("i forrige uke",
    # "last week", "sidste år"), the edge of a time ("ved slutten av istiden", "at the end of the war"),
    # after an event ("i kjølvannet av revolusjonen", "in the wake of the crisis")
    r"|\bklokk(?:a|en)\s+\d{1,2}\b"
    r"|\b(?:i\s+)?(?:forrige|sidste|neste|næste|last|next)\s+(?:uke|uge|måned|år|week|month|year)\b"
    r"|\b(?:ved|mot|mod|i|at|towards|toward)\s+(?:slutten|slutningen|begynnelsen|begyndelsen|starten|the end|the"
    r" beginning|the start)\s+(?:av|af|of)\b"
    r"|\b(?:i\s+kjølvannet\s+av|i\s+kølvandet\s+på|in\s+the\s+wake\s+of)\b",
    re.I,
)
# when a time is asked, a clause of time answers too ("når det er helsemessig forsvarlig", "da det sto
# igjen fem minutter", "when the patient cannot …")
_TIME_CLAUSE = re.compile(
    r"(?:^|[,;]\s*|\s)(?:når|da|when|whenever|etter at|efter at|after|before|før|inden|innen|mens|while)\s+\w+\s+\w+",
    re.I,
)
# a time of day is asked ("At what time was …", "Hvilket klokkeslett …", "Når på døgnet …"), which a clock
# time answers ("kl. 02.14", "like etter klokken 03.40", "at around 6.30am", "i 22-tiden"), not a day
_CLOCK_Q = re.compile(
    r"\b(?:what|which)\s+time\b(?!\s+(?:period|frame|span|of\s+(?:year|the\s+year)))"
    r"|\bhvilket\s+(?:klokkeslett|klokkeslæt|tidspunkt\s+på\s+(?:dagen|døgnet))\b|\bhva\s+var\s+klokka\b"
    r"|\bhvad\s+var\s+klokken\b|\b(?:når|hvornår)\s+på\s+(?:dagen|døgnet|natten)\b",
    re.I,
)
_CLOCK = re.compile(
    r"\bkl\.?\s?\d{1,2}(?:[.:]\d{2})?\b|\bklokk(?:a|en)\s+(?:\d{1,2}|ett|to|tre|fire|fem|seks|sju|syv|åtte|otte|ni|ti)\b"
    r"|\b\d{1,2}[.:]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)?(?![\d,]|\s?(?:kr|kroner|mio|mill|%|pct|prosent|procent|euro))"
    r"|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)"
    r"|\b\d{1,2}-tiden\b|\bo'clock\b|\b(?:midnatt|midnat|midnight|noon)\b",
    re.I,
)


@lru_cache(maxsize=1024)
def asks_time_of_day(question: str) -> bool:
    """Does ``question`` ask a time of day (:data:`_CLOCK_Q`)? Asked once per question, not once
    per candidate sentence."""
    return bool(_CLOCK_Q.search(question))


# an age in parentheses after a name ("Kari Nordmann (18)"), as news texts give it
_AGE_PAREN = re.compile(r"\b[A-ZÆØÅ][\wæøå-]+\s+\((?:\d{1,3})\)")
# numbers in words, one to ninety-nine, as Norwegian, Danish and English write them ("tjue", "femogtyve",
# "twenty-two"); not "en", "et", "ett": articles too
_UNITS_NB_DA = "en|to|tre|fire|fem|seks|sju|syv|åtte|otte|ni"
_TENS_NB_DA = (
    "tjue|tretti|førti|femti|seksti|sytti|åtti|nitti|tyve|tredive|fyrre|halvtreds|tres|halvfjerds|firs|halvfems"
)
_UNITS_EN = "one|two|three|four|five|six|seven|eight|nine"
_TENS_EN = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
WORD_NUMBER = (
    rf"(?:(?:{_TENS_NB_DA})(?:{_UNITS_NB_DA})?|(?:{_UNITS_NB_DA})og(?:{_TENS_NB_DA})|(?:{_TENS_EN})(?:-(?:{_UNITS_EN}))?|"
    rf"to|tre|fire|fem|seks|sju|syv|åtte|otte|ni|ti|elleve|tolv|tretten|fjorten|femten|seksten|sytten|"
    rf"atten|nitten|{_UNITS_EN}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    rf"eighteen|nineteen)"
)
# an age in words ("da han var tjue år gammel", "nine years old"), and an average age in English ("the
# average age at death was 44", "the average age at which pupils … was 13.8")
_AGE_WORDS = re.compile(
    rf"\b{WORD_NUMBER}\s+(?:år\s+(?:gammel|gamle|gammal)|years?\s+old)\b"
    r"|\b(?:average|mean|median)\s+age\b[^.;]{0,100}?\b(?:was|is|were|of)\s+(?:about\s+|around\s+)?\d{1,3}\b",
    re.I,
)
# a span of time not counted ("i flere år", "for many years", "i årevis", "i mange tiår")
_SOME_TIME = re.compile(
    r"\b(?:flere|mange|noen|nogle|several|many|some|a\s+few)\s+(?:år|tiår|årtier|måneder|uker|uger|"
    r"years|decades|months|weeks)\b|\b(?:i\s+årevis|i\s+årtier|for\s+years|for\s+decades)\b",
    re.I,
)
# a share in words ("rundt to prosent", "two per cent")
_PERCENT_WORDS = re.compile(rf"\b{WORD_NUMBER}\s+(?:prosent|procent|percent|per\s+cent)\b", re.I)


def asked_kind(q: QuestionInfo) -> AnswerKind:
    """The kind of answer ``q`` asks for, in the reader's finer set of kinds."""
    text = main_clause((q.own_text or q.text).strip())
    if q.kind == "duration" and LENGTH_Q.match(text):
        return "measure"
    if q.kind in ("money", "count", "percent", "age", "duration"):
        return q.kind
    if _REASON_Q.search(text):
        return "reason"
    if q.kind == "date" or asks_time_of_day(text):
        return "date"
    if q.kind == "other" and (MEASURE_Q.search(text) or _HOW_MUCH.search(text)):
        return "measure"
    if _PLACE_Q.search(text):
        return "place"
    if q.kind in ("person", "org"):
        return q.kind
    if _NAME_Q.search(text):
        return "person"
    if _YESNO_Q.match(text):
        return "yesno"
    if q.kind == "stance":
        return "stance"
    return "other"


def _new_names(sentence: str, question: str, rx: re.Pattern[str]) -> list[str]:
    asked = question.lower()
    out = []
    for m in rx.finditer(sentence):
        if m.start() == 0 and " " not in m.group(0) and not m.group(0).isupper():
            continue  # an ordinary word that starts the sentence
        if m.group(0).lower() not in asked:
            out.append(m.group(0))
    return out


def _figure_in(bare: str, q: QuestionInfo) -> bool:
    """A number other than a year (or one of the question's) in ``bare``, or a number in words."""
    figures = [n for n in NUMBER_RX.findall(bare) if not YEAR_RX.fullmatch(n) and n not in q.years]
    return bool(figures) or any(w.strip(",.") in NUMBER_WORDS for w in bare.lower().split())


def holds(kind: AnswerKind, sentence: str, q: QuestionInfo) -> bool:
    """Does ``sentence`` hold something of the kind asked for (a figure, a name, a reason)?"""
    if kind == "money":
        return bool(money_spans(sentence))
    if kind == "percent":
        return bool(PERCENT_RX.search(sentence) or FRACTION_RX.search(sentence) or _PERCENT_WORDS.search(sentence))
    if kind == "age":
        return bool(AGE_RX.search(sentence) or _AGE_PAREN.search(sentence) or _AGE_WORDS.search(sentence))
    if kind == "duration":  # "i fire år", a span of years ("i perioden 2011-2014"), "i flere år"
        return bool(DURATION_RX.search(sentence) or YEAR_RANGE_RX.search(sentence) or _SOME_TIME.search(sentence))
    if kind == "count":
        # what counts nothing, as for an answer's headline (a date, a century, a time of day, an
        # ordinal, a reference, a list's point, a footnote's number, a code, an amount; an age or a
        # span of time unless time is counted)
        counts_time = any(re.fullmatch(TIME_UNITS, w, re.I) for w in q.head_words)
        return _figure_in(uncounted(sentence, counts_time), q)
    if kind == "measure":  # any figure but a year, a date, a time of day, a reference or a code
        return _figure_in(blanked(sentence, (*NOT_COUNTS, *NOT_COUNTED_HERE)), q)
    if kind == "date" and asks_time_of_day(q.own_text or q.text):
        return bool(_CLOCK.search(sentence))
    if kind == "date":
        found = [m.group(0) for m in _ANY_YEAR.finditer(sentence)]
        return bool(
            [y for y in found if not any(x in y for x in q.years)]
            or DATE_RX.search(sentence)
            or DECADE_RX.search(sentence)
            or _MONTH.search(sentence)
            or _TIME.search(sentence)
            or _TIME_CLAUSE.search(sentence)
        )
    question = q.own_text or q.text
    if kind == "person":  # a full name, or any name or acronym the question does not give ("Struensee", "KFK")
        return bool(
            _new_names(sentence, question, _PERSON)
            or _new_names(sentence, question, _PROPER)
            or _new_names(sentence, question, _ACRONYM)
        )
    if kind == "org":
        return bool(_new_names(sentence, question, _ACRONYM) or _new_names(sentence, question, _PERSON))
    if kind == "place":
        return bool(_new_names(sentence, question, _PROPER))
    if kind == "reason":
        return bool(_REASON_WORDS.search(sentence))
    return False


def new_proper_names(sentence: str, q: QuestionInfo) -> int:
    """How many capitalised names the sentence adds to the question's (an entity answer's sign)."""
    return len(_new_names(sentence, q.own_text or q.text, _PROPER))
