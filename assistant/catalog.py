"""Answer "Which documents do you have?" from the index: the documents in scope, as a table.

The question is about the library, not about what any document says: passages that match its
words ("dokumenter", "har") are chance, and the reader quoted one ("Dokumentet er bygget opp med
samme kronologi …"). The answer lists each document in scope with its title, author, year,
language, type and pages, from the index's records (the manifest's, or what an upload gave).
What counts as asking is general wording in English, Danish and Norwegian that ends after the
documents are named, so "Which documents discuss harm reduction?" (a topic) stays a comparison."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.markdown import cell
from assistant.models import Answer, Lang
from assistant.templates import phrase

if TYPE_CHECKING:
    from retrieval.index import IndexedDocument

_DOCS = (
    r"(?:documents|files|texts|sources|reports|papers|dokumenter\w*|dokumentene|filer\w*|tekster\w*|kilder\w*|"
    r"rapporter\w*)"
)
CATALOG = re.compile(
    r"(?i)^\W*(?:"
    rf"(?:which|what)\s+{_DOCS}\s+(?:do\s+you\s+(?:have|know|use|search)|are\s+(?:there|available|loaded|indexed|"
    r"uploaded|in\s+(?:the\s+)?(?:library|corpus|index|collection))|can\s+you\s+(?:search|read|see|use|answer\s+from)"
    r"|have\s+(?:you\s+got|been\s+(?:loaded|uploaded|indexed)))"
    rf"|(?:list|show(?:\s+me)?)\s+(?:all\s+)?(?:the\s+|your\s+)?{_DOCS}(?:\s+you\s+have)?"
    rf"|what(?:'s|\s+is)\s+in\s+(?:the\s+|your\s+)?(?:library|corpus|index|collection)"
    rf"|hvilke\s+{_DOCS}\s+(?:har\s+du|kjenner\s+du|kender\s+du|finnes(?:\s+det)?|fins|findes(?:\s+der)?|er\s+(?:det|der)"
    r"|er\s+(?:lastet\s+opp|indeksert|indekseret|uploadet|med)|kan\s+du\s+(?:søke\s+i|søge\s+i|lese|læse|svare\s+fra))"
    rf"|(?:list|vis|nevn|nævn)\s+(?:opp\s+|op\s+)?(?:alle\s+)?(?:de\s+)?{_DOCS}(?:\s+(?:du\s+har|som\s+finnes|der\s+findes))?"
    r"|hva\s+(?:finnes|fins|ligger)\s+i\s+(?:biblioteket|samlingen|korpuset)"
    r"|hvad\s+(?:findes|ligger)\s+i\s+(?:biblioteket|samlingen|korpusset)"
    r")\W*$"
)
LANGUAGES: dict[str, dict[str, str]] = {
    "en": {"da": "Danish", "nb": "Norwegian", "nn": "Norwegian (nynorsk)", "en": "English"},
    "da": {"da": "dansk", "nb": "norsk", "nn": "norsk (nynorsk)", "en": "engelsk"},
    "nb": {"da": "dansk", "nb": "norsk", "nn": "nynorsk", "en": "engelsk"},
}


def catalog_request(text: str) -> bool:
    """Does ``text`` ask which documents the assistant has (no topic)?"""
    return bool(CATALOG.search(text.strip()))


def catalog_answer(
    question: str, lang: Lang, documents: Sequence[IndexedDocument], pages: dict[str, int | None]
) -> Answer:
    """The documents as a table in the question's language (``pages``: each one's last page,
    None for text without pages)."""
    names = LANGUAGES.get(lang, LANGUAGES["en"])
    lines = [
        phrase(lang, "catalog_head", n=str(len(documents))),
        "",
        phrase(lang, "catalog_columns"),
        "|---|---|---|---|---|---|",
    ]
    for n, doc in enumerate(documents, 1):
        language = names.get(doc.lang, doc.lang or "–")
        by = cell(doc.author) or "–"
        lines.append(
            f"| {n} | *{cell(doc.title)}* | {by} | {doc.year or '–'} | {language} | {pages.get(doc.id) or '–'} |"
        )
    lines += ["", phrase(lang, "catalog_tail")]
    return Answer(question=question, text="\n".join(lines), lang=lang)
