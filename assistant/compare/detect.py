"""Does a chat question ask for a comparison across documents, and on what topic?

A comparison is asked for by a comparing verb ("sammenlign", "compare", "contrast"), by a
question about the documents / organisations / parties taken together ("hva mener de ulike
høringsinstansene om …", "what do the documents say about …", "which of the documents discuss
…", "står der noget i dokumenterne om …"), or by naming two or more documents with a verb of
opinion ("hva mener Blå Kors og Arbeiderpartiet om …"). A question for a figure ("hvor mange
…", "how much …") is not a comparison.

The topic is what the question is about: the words after the group and its verb or
preposition, without a trailing clause ("…, and what do they say about it?") or a trailing
"in the documents"."""

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
    elif (m := GROUP.search(text)) and near_verb(text, m.start(), m.start("rest")):
        found = ("group", text)
    elif named_documents >= 2 and (m := NAMED_OPINION.search(text)):
        found = ("named", m.group("rest"))
    if found is None:
        return None
    topic = clean_topic(found[1])
    return ComparisonRequest(topic, found[0]) if topic else None
