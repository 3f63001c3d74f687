"""Follow-up questions without a language model: carry the subject of the last turn.

"Og i hvilken periode?" after "Hvor mange penge afsætter regeringen til behandling af
indsatte?" is searched as the follow-up plus the earlier question's content words, and
inherits the earlier question's kind (and unit) when it names none itself and asks nothing of
its own ("Og i 2018?", "Hva med Bergen?"); "Hvor kommer erfaringerne fra?" keeps its own. With an LLM backend the
rewriting is done by the model instead (assistant.generate.rewrite_followup).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.question import ENGLISH_NOT_PLACES, PLACES, QuestionInfo, analyze_question, detect_lang

NameSpans = Callable[[str], list[tuple[int, int]]]

FOLLOWUP_OPENERS = re.compile(
    r"^\s*(?:og|and|men|but|also|også|hva med|hvad med|what about|how about|og hva|og hvad|og hvor|and how|"
    r"and what|and who|and when|og hvem|og når|og hvornår|så|then|samme|same)\b",
    re.I,
)
ANAPHORA = set(
    "det den de dem dette denne disse der dér it they them that this those these there its their dets dens "
    "deres initiativet forslaget tiltaket ordningen programmet prosjektet projektet".split()
)
_WORD = re.compile(r"[^\W\d_]+")
# "the organisation", "partiet": an author named by what it is, as one names the one just named
# ("How long a history does the organisation have?" after a question naming Blå Kors)
AUTHOR_REFERENCE = re.compile(
    r"(?i)\b(?:the (?:party|organi[sz]ation|directorate|government|ministry|association|agency|secretariat|"
    r"centre|center)|partiet|organisasjonen|organisationen|direktoratet|regjeringen|regeringen|ministeriet|"
    r"departementet|foreningen|sekretariatet|senteret|centret)\b"
)
_PLACE_WORDS = frozenset(w for group in PLACES for w in group)
# a follow-up with a question word of its own ("Hvor kommer erfaringerne fra?", "Who runs it?")
# asks for its own kind of answer; "Og i 2018?", "What about Bergen?" ask the last turn's again
OWN_QUESTION = re.compile(
    r"^\s*(?:(?:og|and|men|but|så|so|then)\s+)?(?:(?:i|in|fra|from|til|to|for|af|av|of|with|med|over|during|under|within|innen|inden)\s+)?"
    r"(?!hva med\b|hvad med\b|what about\b|how about\b)"
    r"(?:hv\w*|når|hvornår|who\w*|what|which|where|when|why|how)\b",
    re.I,
)


NEXT_YEAR = re.compile(
    r"(?i)\b(?:året\s+(?:efter|etter)|(?:the\s+)?(?:year|years)\s+after|the\s+following\s+year|(?:det\s+)?følgende\s+år|"
    r"(?:det\s+)?påfølgende\s+år)\b"
)
PREVIOUS_YEAR = re.compile(
    r"(?i)\b(?:året\s+(?:før|inden|forinden|forut)|(?:the\s+)?year\s+before|the\s+previous\s+year|(?:det\s+)?forrige\s+år|"
    r"(?:the\s+)?prior\s+year)\b"
)
# "five years later", "to år senere", "tre år tidligere", "a year earlier": a count of years and a direction
_COUNTS = {
    "a": 1, "an": 1, "one": 1, "et": 1, "ett": 1, "eitt": 1, "two": 2, "to": 2, "tre": 3, "three": 3, "fire": 4,
    "four": 4, "fem": 5, "five": 5, "seks": 6, "six": 6, "syv": 7, "sju": 7, "seven": 7, "åtte": 8, "otte": 8,
    "eight": 8, "ni": 9, "nine": 9, "ti": 10, "ten": 10,
}  # fmt: skip
COUNTED_YEARS = re.compile(
    r"(?i)\b(\d{1,2}|" + "|".join(_COUNTS) + r")\s+(?:years?|år)\s+"
    r"(later|after|afterwards|senere|seinere|etter|efter|earlier|before|tidligere|før|inden|forinden)\b"
)
_LATER = {"later", "after", "afterwards", "senere", "seinere", "etter", "efter"}


def year_shifts(text: str) -> list[int]:
    """The moves of a year that ``text`` states, most explicit first: a counted number of years
    ("five years later": +5, "to år tidligere": -2), then "året etter" (+1), "the year before" (-1)."""
    shifts = [
        (int(m.group(1)) if m.group(1).isdigit() else _COUNTS[m.group(1).lower()])
        * (1 if m.group(2).lower() in _LATER else -1)
        for m in COUNTED_YEARS.finditer(text)
    ]
    if NEXT_YEAR.search(text):
        shifts.append(1)
    if PREVIOUS_YEAR.search(text):
        shifts.append(-1)
    return shifts


def relative_year(question: str, years: list[str]) -> str | None:
    """The year a follow-up means by "året efter", "the year before" or "five years later", from
    the last turn's one year."""
    shifts = year_shifts(question) if len(years) == 1 else []
    return str(int(years[0]) + shifts[0]) if shifts else None


def counts_year(text: str, base: str, year: str) -> bool:
    """Whether ``text`` reaches ``year`` the way a follow-up did, from ``base`` by a relative phrase:
    "… i 2003. Hun ble slått … året etter." holds 2004 counted from 2003."""
    return base in text and int(year) - int(base) in year_shifts(text)


# a person or group referred back to ("Why did she resign from the board that year?", "Hvor
# længe har han arbejdet i kommunen?", "What do they propose for users who are caught twice?"),
# however long the question, by the question's language (Danish and Norwegian "her" is "here"); not "de",
# "det", "den": also articles and a dummy subject ("de fleste", "Hvor mange er det som …")
PERSON_PRONOUNS = {
    "en": frozenset("they them their he him his she her".split()),
    "da": frozenset("han hun ham hende hans hendes dem".split()),
    "nb": frozenset("han hun hon ham henne hans hennes dem".split()),
}


def looks_like_followup(question: str, info: QuestionInfo) -> bool:
    words = [w.lower() for w in _WORD.findall(question)]
    if FOLLOWUP_OPENERS.match(question) or PERSON_PRONOUNS[info.lang] & set(words):
        return True
    if len(info.terms) <= 2:
        return True
    return len(words) <= 10 and bool(ANAPHORA & set(words))


def names_author_of(question: str, previous: str, names: NameSpans | None) -> bool:
    """Whether ``question`` names an author by what it is ("the organisation", "partiet"), naming no
    document itself, after a question that named one: it asks of that one."""
    if names is None or not AUTHOR_REFERENCE.search(question):
        return False
    return not names(question) and bool(names(previous))


def place_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a country or city the questions know (``PLACES``)."""
    return [
        m.span()
        for m in _WORD.finditer(text)
        if m.group(0).lower() in _PLACE_WORDS and m.group(0) not in ENGLISH_NOT_PLACES  # "island", not "Island"
    ]


def without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` less the characters of ``spans`` (which may overlap: "Blå Kors", "Blå Kors Norge")."""
    keep = [True] * len(text)
    for a, b in spans:
        keep[a:b] = [False] * (b - a)
    return " ".join("".join(ch if k else " " for ch, k in zip(text, keep, strict=True)).split())


def standalone_query(question: str, history: list[str], names: NameSpans | None = None) -> tuple[str, QuestionInfo]:
    """The query to search for ``question`` after the earlier user questions ``history``.

    A follow-up that names who or where ("Og Arbeiderpartiet?", "What about Bergen?") asks the
    last question of them instead: the earlier questions' documents (``names``: where a text
    names a document) or places are not carried. A question nothing in its words marks as a
    follow-up is searched alone: read again with the last question's subject when refused alone
    ("Hvem eier tomten i dag?" after a question about a park's plot; 2026-12-03 to stop 65), it
    answered 7 questions of the 220 development conversations, none right (5 not answerable)."""
    info = analyze_question(question)
    if not history:
        return question, info
    previous, prev_info = standalone_query(history[-1], history[:-1], names)
    if info.lang != prev_info.lang:  # words Danish and Norwegian write alike ("Hvorfor det?") keep its language
        info.lang = detect_lang(question, prior=prev_info.lang)
    if not looks_like_followup(question, info) and not names_author_of(question, previous, names):
        return question, info
    for spans in (names, place_spans):
        if spans is not None and spans(question):
            previous = without(previous, spans(previous))
    # the subject: the earlier query's words, less its own question words and figures
    carried = " ".join(w for w in previous.split() if not re.fullmatch(r"[\d.,%–-]+[?!.,:;]*", w))
    # "Og året efter?", "And the year before?": the last turn's year moved by one
    shift = relative_year(question, prev_info.years) if not info.years else None
    if shift:
        carried = f"{shift} {carried}"
    query = f"{question} {carried}".strip()
    merged = analyze_question(query)
    merged.lang = info.lang
    merged.focus = info.terms
    merged.own_text = question
    merged.period = info.period
    own = info.kind != "other" or bool(OWN_QUESTION.match(question))
    merged.kind = info.kind if own else prev_info.kind
    if own:  # a question of its own kind names its own counted thing, if any
        merged.head_terms, merged.head_words = info.head_terms, info.head_words
    # the follow-up's own years, or none: "Og i 2008?" after "… i 2009?" asks about 2008 alone,
    # "Og hvem står bak det?" may be about another year than the last turn
    merged.years = info.years or ([shift] if shift else [])
    merged.decades = info.decades if info.years else {}
    if shift:  # a text may count the year the same way ("… i 2003. … året etter.")
        merged.shifted = {shift: prev_info.years[0]}
    merged.numbers = info.numbers
    merged.units = info.units or ([] if own else prev_info.units)
    merged.minority = info.minority or (prev_info.minority and not info.majority)
    return query, merged
