"""Does a question ask for a list of every match, and of what?

A list is asked for by a listing verb at the start ("List …", "Nevn alle …", "Opregn …"), by
"all / every / alle / samtlige" before a plural item noun, by "hvilke tall / which figures",
by "hvilke ni … / which five …" (not "which two", a pair is one answer), by a question that
asks which things a document enumerates ("opregner", "lists"), or by "how many / hvor mange"
before a noun for things a document proposes or contains
(initiatives, measures, demands …). The item nouns are general words of plans and hearing
inputs, not of one document. A plural interrogative alone ("Hvilke tilbud får barn …?", "Which
parties signed …?") asks for several things too, and an open question asks for what a document
says or does, often several sentences' worth ("Hvad gør SKAT for at …?", :func:`open_question`);
but many such questions have one answer in one sentence: each is a list only where the reader
would answer and the items come from two or more sentences (``ListRequest.plural_only``,
:meth:`assistant.api.Assistant.listed`). What is listed:

* ``money``: amounts (the question asks for budgets, funds, "how much", "hvor meget");
* ``figures``: the figures a document gives (counts, shares, amounts), e.g. for a year;
* ``items``: the points of a list, or the sentences that state one item each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ITEM_NOUNS = (
    r"(?:initiativ\w*|tiltak\w*|tiltag\w*|indsatser|innsatser|forslag\w*|krav\w*|tall(?:ene)?|beløb\w*|"
    r"budget\w*|budsjett\w*|bevilgning\w*|reaksjon\w*|reaktion\w*|sanksjon\w*|sanktion\w*|punkt\w*|"
    r"anbefaling\w*|anbefalinger|projekt\w*|prosjekt\w*|etat\w*|aktør\w*|straffereaksjon\w*|"
    r"initiatives|measures|proposals|demands|figures|numbers|amounts|budgets|sanctions|reactions|"
    r"recommendations|items|projects|agencies|actors|budget\s+lines)"
)
LIST_START = re.compile(
    r"(?i)(?:^|[.?!]\s+)\W*(?:please\s+)?(?:list|liste|opregn|ramse\s+opp|nevn|nævn|oppgi|angiv|angi|"
    r"give\s+me\s+(?:a\s+list|all))\b"
)
ALL_ITEMS = re.compile(rf"(?i)\b(?:all|every|alle|samtlige|each|hvert|hver)\b(?:\s+\w+){{0,3}}?\s+{ITEM_NOUNS}\b")
WHICH_FIGURES = re.compile(
    r"(?i)\b(?:hvilke|hvilken|which|what)\s+(?:tall|tal|figures|numbers|statistik\w*|statistics)\b"
)
# "Hvilke reaksjoner foreslår …", "Which measures does …": several items, not one (not "which two …")
WHICH_ITEMS = re.compile(rf"(?i)^\W*(?:hvilke|which)\s+(?:[^\W\d]+\s+){{0,2}}?{ITEM_NOUNS}\b")
HOW_MANY_ITEMS = re.compile(rf"(?i)\b(?:how\s+many|hvor\s+mange)\s+(?:\w+\s+)?{ITEM_NOUNS}\b")
WHICH_ITEMS_WITH_MONEY = re.compile(
    rf"(?i)\b(?:hvilke|which|what)\s+(?:\w+\s+)?{ITEM_NOUNS}\b.*\b(?:afsat|afsættes|midler|penge|penger|budget\w*|"
    rf"bevilg\w*|funding|funds|money|kroner|mio|hvor\s+meget|hvor\s+mye|how\s+much)"
)
MONEY = re.compile(
    r"(?i)\b(?:budget\w*|budsjett\w*|beløb\w*|beløp\w*|midler|penge|penger|kroner|mio|funding|funds|money|"
    r"how\s+much|hvor\s+meget|hvor\s+mye|afsat\w*|afsættes|bevilg\w*|allocat\w*|set\s+aside|satt\s+av)\b"
)
FIGURES = re.compile(r"(?i)\b(?:tall|tal|figures|numbers|statistik\w*|statistics)\b")
# "which two …" wants two named things, one answer; "hvilke ni mekanismer", "which five …" a list
PAIR = re.compile(r"(?i)\b(?:hvilke|which|what)\s+(?:to|two|begge|both|2)\b")
# a question about several things that a document enumerates ("Hvilke principper … opregner planen?",
# "Which measures does the party list …")
ENUMERATES = re.compile(
    r"(?i)^\W*(?:hvilke|which|what)\b.*\b(?:opregn\w*|oppregn\w*|enumerat\w*|lists?|listed|ramser\s+op+)\b"
)
NUMBER_OF_THINGS = re.compile(
    r"(?i)^\W*(?:hvilke|which|what\s+are\s+the)\s+(?:tre|three|fire|four|fem|five|seks|six|syv|sju|seven|otte|åtte|"
    r"eight|ni|nine|ti|ten|[3-9]|1\d)\s+[^\W\d]+"
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# a distributive asks for one answer per thing ("What will each measure cost?", "hvor mye får hvert
# område", "in each of the municipalities", "hver av de tre kommunene", "Hvad koster de enkelte
# tiltag?", "de forskjellige kildene", "the various sources"): a value or a statement for every one
# of them, several answers (not "each other", "hverandre", "each of them")
DISTRIBUTIVE = re.compile(
    r"(?i)\b(?:(?:each|hver|hvert)\s+(?:(?:of|av|af)\s+(?:the|de|dei)\s+)?"
    r"(?!other\b|annen\b|anden\b|andre\b)[^\W\d_]{3,}"
    r"|(?:det|den|de)\s+(?:enkelte|forskellige|forskjellige|ulike|respektive)\s+[^\W\d_]{3,}"
    r"|the\s+(?:different|various|individual|respective)\s+[^\W\d_]{3,})"
)
# "Hva er de ni mekanismene …?", "Hvad er årsagerne til …?", "Hvad er de principper …?": a Danish or
# Norwegian copula question about a plural noun (-er, -ene, -erne; after "de" or alone) asks for
# several things, as "What are the main results …" does (:func:`plural_which`). Not "Hvad er de
# bekymret for?" ("de" the pronoun: no plural noun after it)
PLURAL_COPULA = re.compile(
    r"(?i)^\W*(?:[^?]*?,\s*)?(?:hva|hvad)\s+(?:er|var)\s+"
    r"(?:de\s+(?:[^\W\d_]+\s+){0,2}?[^\W\d_]{3,}(?:er|ene|erne)|[^\W\d_]{3,}(?:ene|erne))\b"
)
# a plural interrogative asks for several things: Danish and Norwegian "hvilke" is the plural of
# "hvilken" ("Hvilke tilbud får barn …"); English "which" before a plural noun ("Which parties signed
# …", "Which school districts report …", "Which of the reports …") and "what" before a plural
# noun and an auxiliary ("What steps does …", "What were the main results …")
PLURAL_WHICH = re.compile(
    r"(?i)^\W*(?:[^?]*?,\s*)?(?:(?:in|into|under|from|for|with|on|to|by|of|at|about|among|between|through|"
    r"efter|etter|i|på|til|fra|af|av|med|om|ved|blant|blandt|mellom|mellem|gjennom|gennem)\s+)?"
    r"(?:hvilke|(?P<which>which|what)(?P<rest>(?:\s+[^\W\d_]+){1,9}))\b"
)
# between a plural noun after "what" and its auxiliary: a phrase that opens with one of these ("What
# principles for good help … does the plan give", "What sanctions and measures can …")
NOUN_PHRASE_GOES_ON = frozenset("for of in to on about with against from and or og eller".split())
AUXILIARY = frozenset("do does did are were is was have has had will would can could should must may".split())
# an open question (:func:`open_question`): "what" with an auxiliary ("What does X say …"), "how"
# with a verb (not "how many"), Danish and Norwegian "hva" / "hvad" with a verb other than the
# copula, "means" or "stands for" ("Hva mener …", "Hvad gør …"; not "Hva er …", "Hva betyr …", "Hva
# står CDT for …"), nor a "what kind of" noun phrase ("Hva slags …"), "hvordan"; at the start or
# after a leading phrase ("Ifølge Blå Kors, hva …"). Naming and cost ("Hva heter …", "Hva koster
# …") the asked kind rules out (:data:`OPEN_KINDS`).
OPEN_Q = re.compile(
    r"(?i)(?:^|,\s*)\W*(?:what\s+(?:does|do|did|will|would|should|must|can|could)\s"
    r"|how\s+(?:does|do|did|will|would|should|must|can|could|has|have|is|are|was|were)\s"
    r"|hvordan\s|(?:hva|hvad)\s+(?!(?:er|var|ble|blev|blir|bliver|betyr|betyder|står|slags|for|tid|type)\b)[a-zæøå]+\s)"
)
# a question ending on its preposition asks for the one thing "what" stands for ("What will they
# travel on?", "Hva brukes pengene til?")
STRANDED = re.compile(r"(?i)\b(?:on|in|for|with|to|from|about|at|by|of|på|i|til|med|om|af|av|fra|ved)\W*$")
# the reader's asked kinds of an open question: not a figure, date, place, name, reason or yes / no,
# nor a position ("Hva mener Blå Kors om …", "What does X think …": the reader quotes it, with a
# minority's dissent named as such)
OPEN_KINDS = frozenset({"other"})
# an -s word before these is a verb ("Which document says that …", "Which report mentions the …")
VERB_OBJECT = frozenset("the a an that about to how what its their his her this these those".split())


@dataclass(frozen=True)
class ListRequest:
    kind: Literal["money", "figures", "items"]
    count: bool  # "how many …": the count is the answer, the items its support
    year: str | None
    # asked only by a plural interrogative ("Hvilke tilbud får barn …?") or an open question ("Hvad gør
    # SKAT …?"): a list when the reader would answer the question and two or more items are found,
    # else the reader's one answer
    plural_only: bool = False


def plural_which(text: str) -> bool:
    """Whether ``text`` opens with a plural interrogative (not "which two …", a pair), after a
    leading phrase ("According to KFK, what sanctions …") or a preposition ("Into which
    categories …", "Efter hvilke principper …") too."""
    m = PLURAL_WHICH.match(text)
    if m is None or PAIR.search(text):
        return False
    if m.group("which") is None:  # "hvilke"
        return True
    words = [w.lower() for w in m.group("rest").split()]
    what = m.group("which").lower() == "what"
    if what and words[0] in ("are", "were"):  # "What are the main results …"
        words = words[1:]
    elif what:  # "What steps does …", "What new services did …": a plural noun after at most two
        # words that are no auxiliary, then an auxiliary, or a phrase and then one
        for n in range(min(3, len(words) - 1)):
            if words[n] in AUXILIARY or (n and words[n] in NOUN_PHRASE_GOES_ON):  # "What percentage of girls …"
                return False
            if plural_noun(words[n], words[n + 1]):
                after = words[n + 1 :]
                return after[0] in AUXILIARY or (
                    after[0] in NOUN_PHRASE_GOES_ON and bool(AUXILIARY.intersection(after[1:]))
                )
        return False
    for n, w in enumerate(words[:4]):  # "Which school districts …", "What were the main results …"
        if w in AUXILIARY:
            return False
        if plural_noun(w, words[n + 1] if n + 1 < len(words) else ""):
            return True
    return False


def open_question(text: str) -> bool:
    """Whether ``text`` asks what a document says or does, not for one fact: "Hvad gør SKAT for at
    bekæmpe narkotikasmugling?", "Hva sier Politidirektoratet om …", "Hvordan følger politiet
    opp …", "What does the plan say about prisons?", "How did the police deal with …"
    (:data:`OPEN_Q`), and the reader reads it as asking for neither a figure, a date, a place, a
    name nor a reason (:data:`OPEN_KINDS`). Such an answer is often several sentences' worth.
    "What is the …", "Hva er …", "Which firm …" ask for one thing and are not open."""
    from assistant.question import analyze_question, main_clause
    from assistant.reader.kinds import asked_kind

    clause = main_clause(" ".join(text.split()))
    if not OPEN_Q.search(clause) or STRANDED.search(clause):
        return False
    return asked_kind(analyze_question(text)) in OPEN_KINDS


def plural_noun(word: str, after: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss") and after not in VERB_OBJECT


def list_request(text: str) -> ListRequest | None:
    """The list ``text`` asks for, or None (most questions want one answer)."""
    how_many = HOW_MANY_ITEMS.search(text)
    asked = (
        LIST_START.search(text)
        or ALL_ITEMS.search(text)
        or WHICH_FIGURES.search(text)
        or how_many
        or WHICH_ITEMS_WITH_MONEY.search(text)
        or ((WHICH_ITEMS.search(text) or ENUMERATES.search(text)) and not PAIR.search(text))
        or NUMBER_OF_THINGS.search(text)
    )
    plural_only = not asked and (plural_which(text) or bool(DISTRIBUTIVE.search(text) or PLURAL_COPULA.search(text)))
    if not asked and not plural_only:
        if open_question(text):  # several statements of what a document says: sentences, not figures
            return ListRequest("items", False, None, plural_only=True)
        return None
    years = YEAR.findall(text)
    if MONEY.search(text):
        kind: Literal["money", "figures", "items"] = "money"
    elif FIGURES.search(text):
        kind = "figures"
    else:
        kind = "items"
    return ListRequest(kind, bool(how_many), years[0] if years else None, plural_only)
