"""Does a chat question ask for a comparison across documents, and on what topic?

A comparison is asked for by a comparing verb ("sammenlign", "compare", "contrast"), by a
question about the documents / organisations / parties taken together ("hva mener de ulike
høringsinstansene om …", "what do the documents say about …", "which of the documents discuss
…", "står der noget i dokumenterne om …"), or by naming two or more documents with a verb of
opinion ("hva mener Blå Kors og Arbeiderpartiet om …"). A question for a figure ("hvor mange
…", "how much …") is not a comparison.

The topic is what the question is about: the words after the group and its verb or
preposition, without a trailing clause ("…, and what do they say about it?") or a trailing
"in the documents".

A group word that belongs to one author is no group: after a genitive or a possessive ("Blå
Kors' innspill", "i sitt innspill", "KFK's submissions"), or as the object of a question whose
subject is a name ("Which organisations does SKAT work with …", "Hvilke aktører vil
Arbeiderpartiet …", "Hvilke instanser mener Blå Kors bør …"): the question asks what one author
names, and the reader or the list answers it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# the documents or their authors, taken together (Norwegian, Danish, English)
_GROUP = (
    r"(?:(?:de|dei|the)\s+)?(?:(?:ulike|forskjellige|forskellige|enkelte|different|various)\s+)?"
    r"(?:dokument(?:ene|erne|er)|høringsinstans(?:ene|erne|er)|høringssvar(?:ene)?|høringsparte(?:ne|rne|r)|"
    r"organisasjon(?:ene|er)|organisation(?:erne|er)|parti(?:ene|erne|er)|aktør(?:ene|erne|er)|"
    r"instans(?:ene|erne|er)|kilde(?:ne|rne|r)|innspill(?:ene)?|bidrag(?:ene)?|"
    r"documents|organi[sz]ations|parties|sources|submissions|respondents|actors|"
    r"consultation\s+(?:responses|inputs))"
)
# what a question asks the group about: opinions, positions, or what they say or cover
_VERB = (
    r"(?:mener|synes|sier|siger|skriver|tenker|tænker|foreslår|anbefaler|støtter|omtaler|nævner|nevner|"
    r"behandler|drøfter|diskuterer|tar\s+(?:\w+\s+){0,3}?opp|tager\s+(?:\w+\s+){0,3}?op|legger\s+vekt\s+på|lægger\s+vægt\s+på|går\s+inn\s+for|"
    r"går\s+ind\s+for|ønsker|vil|er\s+(?:imot|imod|for|enige)|"
    r"think|say|says|write|state|propose|recommend|support|supports|oppose|opposes|favou?r|want|"
    r"talk|discuss|mention|address|cover|deal|treat|describe|handle|are\s+(?:for|against|in\s+favou?r\s+of))"
)
_COMPARE_VERB = r"(?:sammenligne?|sammenlikne?|sammenstille?|compare|comparison\s+of|contrast)"
_PREP = (
    r"(?:om|på|angående|vedrørende|vedr\.|rundt|når\s+det\s+gjelder|hva\s+angår|"
    r"about|on|regarding|concerning|of|with\s+regard\s+to|with)"
)
_FIGURE = re.compile(r"(?i)^\s*(?:hvor\s+(?:mange|mye|meget|stor|store)|how\s+(?:many|much))\b")

# "Compare …" / "Kan du sammenligne …" at the start, or "compare what / how / the positions …"
COMPARE = re.compile(
    rf"(?i)(?:^\W*(?:(?:please|can\s+you|could\s+you|kan\s+du|kunne\s+du|vil\s+du)\s+)?{_COMPARE_VERB}\b"
    rf"|\b{_COMPARE_VERB}\s+(?=(?:what|how|hva|hvad|hvordan|the|de|dokument\w*|synspunkt\w*|holdning\w*|"
    rf"standpunkt\w*|positions?|views?)\b))(?P<rest>.*)"
)
GROUP = re.compile(rf"(?i)\b{_GROUP}\b(?P<rest>.*)")
NAMED_OPINION = re.compile(rf"(?i)\b{_VERB}\b(?P<rest>.*)")
_HAS_VERB_OR_PREP = re.compile(rf"(?i)\b(?:{_VERB}|{_PREP})\b")
_LEAD = re.compile(
    rf"(?i)^(?:[\s,:;–-]|\b(?:how|what|hvordan|hva|hvad|hvilke|which|i|in|the|de|da|så|selv|"
    rf"{_GROUP}|{_VERB}|{_PREP}|each|hver|hvert)\b)+"
)
_CLAUSE = re.compile(
    r"(?i)(?:,\s*(?:and|og|samt|or|eller|altså|i\.e\.)\b.*|\s+(?:and|og)\s+(?:what|how|hva|hvad|hvordan|are|er|is)\b.*)$"
)
_TRAIL = re.compile(
    r"(?i)(?:\s+(?:across|in|i|blant|among|between|mellom|mellem|from|fra|according\s+to|ifølge)\s+"
    r"(?:the\s+|de\s+|dei\s+)?(?:\w+\s+)?"
    r"(?:documents|organi[sz]ations|sources|parties|submissions|inputs|responses|plans|"
    r"dokument\w*|høringsinstans\w*|høringssvar\w*|kilde\w*|parti\w*|organisa\w*|innspill\w*|aktør\w*|planer\w*))?"
    r"[\s?.!]*$"
)
_TOPIC_AFTER = re.compile(rf"(?i)\b{_PREP}\s+(?P<topic>.+)$")
_SPLIT_VERB = re.compile(r"(?i)^(?:tar|tager)\s+(?P<topic>.+?)\s+opp?\b")
_STRIP = " ?.!,:;\"'«»“”"


# the third person singular possessives of the three languages only ("their innspill" may be the
# group's own): Norwegian, Danish ("sit", "hendes"), English
_POSSESSIVE = frozenset("sitt sin sine sit hans hennes hendes dets dens its his her".split())
_GENITIVE = re.compile(r"(?:['’]s?|[A-ZÆØÅ][\w-]*[^s\W]s)$")
# after "which/hvilke … <group>": an auxiliary or verb of opinion, then a capitalised name
_OBJECT_OF_NAME = re.compile(
    rf"(?i:^\s*(?:do|does|did|will|would|can|should|mener|synes|vil|ønsker|skal|bør|kan|har|"
    rf"{_VERB}))\s+(?:the\s+)?[A-ZÆØÅ]"
)
_WHICH = re.compile(r"(?i)^\W*(?:hvilke|which|what)\b")


def owned_group(text: str, start: int, end: int) -> bool:
    """Whether the group word at ``text[start:end]`` belongs to one author: after a genitive or a
    possessive ("Blå Kors' innspill", "sitt innspill"), or the object of a question asked of a
    name ("Which organisations does SKAT work with", "Hvilke aktører vil Arbeiderpartiet …")."""
    before = text[:start].split()
    if before and (before[-1].lower() in _POSSESSIVE or _GENITIVE.search(before[-1])):
        return True
    return bool(_WHICH.match(text) and _OBJECT_OF_NAME.match(text[end:]))


@dataclass(frozen=True)
class ComparisonRequest:
    topic: str
    how: str  # which kind of wording asked for it: "compare" | "group" | "named"


def near_verb(text: str, start: int, end: int, words: int = 4) -> bool:
    """A verb of saying or opinion, or a preposition, within ``words`` words of the group named
    at ``text[start:end]`` ("hva sier dokumentene om", "which documents discuss"), so "which two
    organisations jointly sent …" is not a comparison."""
    before = " ".join(text[:start].split()[-words:])
    after = " ".join(text[end:].split()[:words])
    return bool(_HAS_VERB_OR_PREP.search(before) or _HAS_VERB_OR_PREP.search(after))


def clean_topic(text: str) -> str:
    """The topic in what follows the request's words ("what the documents say about harm
    reduction, and why" -> "harm reduction")."""
    text = _CLAUSE.sub("", text.strip())
    text = _TRAIL.sub("", text.strip(_STRIP))
    group = GROUP.search(text)
    if group and group.group("rest").strip(_STRIP):
        text = group.group("rest")
    elif prep := _TOPIC_AFTER.search(text):  # "what Blå Kors and Ap say about X", "synspunktene om X"
        text = prep.group("topic")
    if split := _SPLIT_VERB.match(text.strip(_STRIP)):  # "tager kokainmisbrug op"
        text = split.group("topic")
    text = _LEAD.sub("", text.strip(_STRIP))
    return _TRAIL.sub("", text.strip(_STRIP)).strip(_STRIP)


def comparison_request(text: str, named_documents: int = 0) -> ComparisonRequest | None:
    """The comparison ``text`` asks for, or None. ``named_documents``: how many documents the
    question names (two or more with a verb of opinion make it a comparison between them)."""
    if _FIGURE.search(text):
        return None
    found: tuple[str, str] | None = None
    if m := COMPARE.search(text):
        found = ("compare", m.group("rest"))
    elif (
        (m := GROUP.search(text))
        and near_verb(text, m.start(), m.start("rest"))
        and not owned_group(text, m.start(), m.start("rest"))
    ):
        found = ("group", text)
    elif named_documents >= 2 and (m := NAMED_OPINION.search(text)):
        found = ("named", m.group("rest"))
    if found is None:
        return None
    topic = clean_topic(found[1])
    return ComparisonRequest(topic, found[0]) if topic else None
