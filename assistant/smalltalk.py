"""Greetings, thanks and "what can you do?": a short reply on what the assistant does.

"hi there", "ok tak" or "Hva kan du hjelpe meg med?" ask nothing of the documents, and the reader
either refused them with the closest passages as "related material" or quoted a chance sentence
("Thanks!" got a line of the police directorate's letter). They get a reply in the question's
language instead: what the assistant answers from (how many documents), and questions the
documents' guides were checked to answer, to start from. The reply is no answer from the
documents, so it counts as a refusal (``refused``) and cites nothing.

What counts is general wording in English, Danish and Norwegian that is the whole message (or
the whole message but a "please"): "hi, what does Blå Kors think about X?" is a question."""

from __future__ import annotations

import re
from typing import Literal

from assistant.models import Answer, Lang
from assistant.templates import phrase

Kind = Literal["greeting", "thanks", "help"]

_END = r"[\s!?.,:;)(*-]*$"
_HI = (
    r"(?:hi|hello|hey|hiya|hei|hej|hallo|halla|heisann|hejsa|goddag|god\s+dag|god\s+morgen|godmorgen|"
    r"good\s+(?:morning|afternoon|evening))"
)
_THANKS = (
    r"(?:thanks?(?:\s+you)?|thank\s+you(?:\s+very\s+much)?|thx|cheers|takk|tak|tusen\s+takk|mange\s+tak|takk\s+skal\s+du\s+ha|"
    r"tak\s+skal\s+du\s+have)"
)
_HELP = (
    r"(?:help|hjelp|hjælp|"
    r"what\s+can\s+you\s+(?:do|help\s+(?:me\s+)?with)|what\s+do\s+you\s+do|how\s+do\s+i\s+use\s+(?:you|this)|"
    r"(?:can|could)\s+you\s+help\s+me|who\s+are\s+you|what\s+are\s+you|"
    r"hva\s+kan\s+du(?:\s+(?:hjelpe\s+(?:meg\s+)?med|gjøre|egentlig))?|hvad\s+kan\s+du(?:\s+(?:hjælpe\s+(?:mig\s+)?med|gøre|egentlig))?|"
    r"kan\s+du\s+hjelpe\s+meg(?:\s+med\s+noe)?|kan\s+du\s+hjælpe\s+mig(?:\s+med\s+noget)?|hvordan\s+bruker\s+jeg\s+deg|"
    r"hvordan\s+bruger\s+jeg\s+dig|hva\s+er\s+du(?:\s+for\s+noe)?|hvad\s+er\s+du(?:\s+for\s+en)?|hvem\s+er\s+du|"
    r"hva\s+heter\s+du|hvad\s+hedder\s+du|what(?:'s|\s+is)\s+your\s+name)"
)
GREETING = re.compile(rf"(?i)^\W*{_HI}(?:\s+there|\s+du|\s+alle)?{_END}")
# after the thanks only what goes with one ("… for the help", "…, that's all for today")
_AFTER = (
    r"(?:\W+(?:for|so|a\s+lot|again|igjen|igen|så|skal|that'?s|thats|det|alt|all|bye|ha\s+det|hej\s+hej)\b.{0,40})?"
)
THANKS = re.compile(rf"(?i)^\W*(?:ok(?:ay)?\W+|great\W+|super\W+|fint\W+|flott\W+)?{_THANKS}{_AFTER}{_END}")
HELP = re.compile(rf"(?i)^\W*(?:{_HI}\W+)?(?:please\W+)?{_HELP}(?:\s+please)?{_END}")
# a thanks that goes on to a question is a question
QUESTION_WORDS = re.compile(
    r"(?i)\b(?:what|which|who|how|when|where|why|hva|hvad|hvilke|hvem|hvordan|hvor|hvorfor|når|hvornår)\b"
)
MAX_SUGGESTIONS = 3
THE_DOCUMENT = re.compile(r"(?i)\b(?:the\s+document|dokumentet)\b")


def smalltalk(text: str) -> Kind | None:
    """The kind of message ``text`` is when it asks nothing of the documents, else None."""
    stripped = text.strip()
    if HELP.search(stripped):
        return "help"
    if GREETING.search(stripped):
        return "greeting"
    if THANKS.search(stripped) and not QUESTION_WORDS.search(stripped):
        return "thanks"
    return None


def smalltalk_answer(question: str, lang: Lang, kind: Kind, documents: int, suggestions: list[str]) -> Answer:
    """The reply: what the assistant answers from and, but after thanks, questions to start from."""
    what = phrase(lang, "smalltalk_docs_one" if documents == 1 else "smalltalk_docs_many", n=str(documents))
    lines = [phrase(lang, f"smalltalk_{kind}", what=what)]
    if kind != "thanks" and suggestions:
        lines += ["", phrase(lang, "smalltalk_try"), *(f"- {s}" for s in suggestions[:MAX_SUGGESTIONS])]
    return Answer(question=question, text="\n".join(lines), refused=True, lang=lang)
