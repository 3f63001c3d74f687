"""Answer "Who wrote the Labour Party document?" and "When was the police report published?" from
the library's record of the document.

Who wrote a document and when it came out are facts about the document, not statements in it:
the reader looked them up in the text and answered "When was the police report published?" with
"2018", a year the report mentions (it was published in 2019), and refused "Who wrote the Labour
Party document?". The answer is the record's author or date (the manifest's, or what an upload
gave), said to come from the record. For the author, the document's signatures are quoted when
it is signed, else the first sentence that names the author, so the reader can check it; a date
is never taken from the text,
where the dates are mostly of other things (a commission's letter, a report cited). A record
without a date says so.

What counts as asking is general wording in English, Danish and Norwegian: a verb of writing,
issuing or publishing (not "signed", which the text answers) about something the question calls a
document, report, plan, input, letter … ("the police directorate's report"). Which document that
is: the one the question names, or whose title holds the word it uses, else each one the filter
leaves when they are few (:meth:`assistant.api.Assistant.record_scope`); else the reader answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from assistant.citations import cite_span
from assistant.extractive import author_patterns
from assistant.guide.overview import DOCUMENT  # the words for a document of the library
from assistant.models import Answer, Citation, Lang
from assistant.templates import phrase
from retrieval.chunking import passage_sentences
from retrieval.types import Hit

if TYPE_CHECKING:
    from retrieval.index import Index, IndexedDocument

Field = Literal["author", "date"]

# "skrevet under" / "signed" ask for the signatories, which the text holds
_NOT_SIGNED = r"(?!\s+(?:under|på|paa)\b)"
# a verb of writing or issuing, then what was written: "Who wrote | the Labour Party document?"
AUTHOR = re.compile(
    r"(?i)\b(?:who\s+(?:wrote|authored|published|issued|released|prepared|produced|is\s+behind|stands\s+behind|"
    r"was\s+behind|is\s+the\s+(?:author|publisher)\s+of|are\s+the\s+authors\s+of)"
    r"|(?:the\s+)?(?:author|authors|publisher)\s+of"
    rf"|hvem\s+(?:har\s+)?(?:skrevet|skrev|forfattet|forfattede)\b{_NOT_SIGNED}"
    r"|hvem\s+(?:står|sto|stod)\s+(?:bak|bag)"
    r"|hvem\s+(?:har\s+)?(?:utarbeidet|utarbeidde|udarbejdet|udarbejdede|utgitt|utga|udgivet|udgav|publisert|"
    r"publiserte|publiceret|publicerede)"
    r"|hvem\s+er\s+(?:forfatter\w*|utgiver\w*|udgiver\w*|opphavs\w*|ophavs\w*)(?:\s+(?:av|af|til))?)\b"
)
# a question of when, what was published between: "When was | the police directorate's report | published?"
DATE = re.compile(
    r"(?i)\b(?:when\s+(?:was|were|is|did)|(?:what|which)\s+(?:year|date)\s+(?:was|were|is|did))\s+"
    r"(?P<what>.{3,80}?)\s+(?:first\s+)?(?:published|written|issued|released|dated|publish|write|issue|release|"
    r"come\s+out)\b"
    r"|\b(?:når|hvornår|(?:hvilket|hvilken)\s+(?:år|dato|dag))\s+(?:ble|blev|er|var|kom)\s+"
    r"(?P<hvad>.{3,80}?)\s+(?:først\s+)?(?:utgitt|udgivet|publisert|publiceret|skrevet|datert|dateret|"
    r"offentliggjort|ut|ud)\b"
)
# the people who wrote it are named in the text (a signature), not in the record
PEOPLE = re.compile(
    r"(?i)\b(?:named|people|persons|individuals|navngitt\w*|navngiv\w*|personer|personene|personerne)\b"
)
PREPOSITION = re.compile(r"(?i)in|i|of|af|av|from|fra|om|about|on|på|for|til|to|with|med|by|ved")
ARTICLES = re.compile(r"(?i)^(?:the|this|that|den|det|dette|denne|de)\s+")


def record_request(text: str) -> Field | None:
    """What ``text`` asks of a document's record (its author or date), or None. What it asks
    about (the words after "who wrote", between "when was" and "published") must be called a
    document: a name alone is not enough, as "Who published Min nordiske reise?" asks about the
    book a text is about, and "Who was behind the dissent in the Labour document?" about the
    dissent."""
    stripped = text.strip()
    if PEOPLE.search(stripped):
        return None
    if m := AUTHOR.search(stripped):
        return "author" if about_a_document(stripped[m.end() :]) else None
    if m := DATE.search(stripped):
        return "date" if about_a_document(m.group("what") or m.group("hvad")) else None
    return None


def about_a_document(what: str) -> bool:
    """Is ``what`` (the words a question asks about) a document? It is when a word for one comes
    within its first four words with no preposition before it ("the police report", "the Labour
    Party document", "høringsinnspillet fra Blå Kors"; not "the dissent in the Labour document")."""
    words = [w.strip("'’\"«»”“,?.!") for w in ARTICLES.sub("", what.strip()).split()]
    for w in words[:4]:
        if DOCUMENT.fullmatch(w):
            return True
        if PREPOSITION.fullmatch(w):
            break
    return False


def record_answer(
    question: str,
    lang: Lang,
    field: Field,
    documents: Sequence[IndexedDocument],
    index: Index,
    signed: dict[str, list[Citation]] | None = None,
) -> Answer:
    """The record's author or date of each document in ``documents``; for an author, the
    document's signatures when it is signed (``signed``: their citations by document), else the
    first sentence of the document that names the author, cited."""
    citations: list[Citation] = []
    lines: list[str] = []
    for doc in documents:
        title = doc.title or doc.file
        if field == "author":
            if not doc.author:
                lines.append(phrase(lang, "record_no_author", title=title))
                continue
            line = phrase(lang, "record_author", title=title, author=doc.author)
            if signatures := (signed or {}).get(doc.id):
                quoted = []
                for c in signatures:
                    citations.append(c.model_copy(update={"marker": len(citations) + 1}))
                    quoted.append(f"“{c.quote}” [{len(citations)}]")
                line += f" {phrase(lang, 'record_signed')} {', '.join(quoted)}"
            elif found := naming_sentence(index, doc):
                citations.append(found.model_copy(update={"marker": len(citations) + 1}))
                line += f" {phrase(lang, 'record_named')} “{found.quote}” [{len(citations)}]"
            lines.append(line)
        else:
            when = spelled_date(doc.date, lang) or (str(doc.year) if doc.year else "")
            key = "record_date" if when else "record_no_date"
            lines.append(
                phrase(
                    lang,
                    key,
                    title=title,
                    date=when,
                    author=short_author(doc.author),
                )
            )
    if len(lines) > 1:  # the question did not say which document: each one's record
        lines = [phrase(lang, "record_many_head", n=str(len(lines))), ""] + [f"- {line}" for line in lines]
    text = "\n".join(lines)
    return Answer(question=question, text=text, citations=citations, lang=lang)  # type: ignore[arg-type]


MONTHS = {
    "en": "January February March April May June July August September October November December",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
}


def spelled_date(date: str | None, lang: Lang) -> str:
    """A record's date as a reader writes it: "2010-10" -> "October 2010" / "oktober 2010",
    "2019-01-14" -> "14 January 2019" / "14. januar 2019"; a year as it is; "" for none."""
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*", date or "")
    if not m:
        return (date or "").strip()
    year, month, day = m.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    name = MONTHS.get(lang, MONTHS["en"]).split()[int(month) - 1]
    if not day:
        return f"{name} {year}"
    return f"{int(day)} {name} {year}" if lang == "en" else f"{int(day)}. {name} {year}"


def short_author(author: str) -> str:
    """An author without what stands in parentheses: "Regeringen (Socialministeriet, …)" ->
    "Regeringen"."""
    return " ".join(re.sub(r"\s*\([^)]*\)", "", author).split()) or author


def naming_sentence(index: Index, doc: IndexedDocument) -> Citation | None:
    """The first sentence of ``doc`` that names its author as the text names itself
    (:func:`assistant.extractive.author_patterns`), cited; None when none does."""
    patterns = author_patterns(doc.author)
    for chunk in index.passages(doc.id) if patterns else []:
        for a, b in passage_sentences(chunk.text):
            if any(p.search(chunk.text[a:b]) for p in patterns):
                return cite_span(index, Hit(chunk, 0.0, 1, None, None), a, b)
    return None
