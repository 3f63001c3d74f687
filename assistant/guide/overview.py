"""Answer "What is this document about?" in the chat from the documents' guides.

A question that asks what a document is about, or for its summary, names no topic the reader
could look up: passages that match its words ("dokumentet", "handler") are chance, and the
reader refuses or quotes one at random. The guide built at ingest (:mod:`assistant.guide`) holds
a summary of every document, each sentence a citation, and its outline; the answer is that
summary, for the document in scope (the one filter chosen, or the documents the question names),
or a line per document when several are in scope.

What counts as asking for an overview is general wording in English, Danish and Norwegian
(:data:`ABOUT_END`, :data:`SUMMARY`), never a topic: "What does the plan say about treatment?"
asks about treatment and goes to the reader."""

from __future__ import annotations

import re

from assistant.guide.models import Guide
from assistant.models import Answer, Citation, Lang
from assistant.templates import phrase
from retrieval.tokenization import analyze

# the question ends at "about" / "om" / "ud på": what is it about, not what does it say about X
ABOUT_END = re.compile(
    r"(?i)(?:\bwhat(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:\S+\s+){0,6}?about"
    r"|\bwhat\s+(?:does|do|did)\s+(?:\S+\s+){1,6}?(?:cover|say|contain|deal\s+with)"
    r"|\bhva(?:d)?\s+(?:handler|dreier|drejer)\s+(?:\S+\s+){0,6}?(?:seg\s+|sig\s+)?om"
    r"|\bhva(?:d)?\s+går\s+(?:\S+\s+){0,6}?(?:ut|ud)\s+på"
    r"|\bhva(?:d)?\s+(?:sier|siger|inneholder|indeholder)(?:\s+(?!om\b|about\b)\S+){1,5}?)"
    r"\s*[?.!]*\s*$"
)
SUMMARY = re.compile(
    r"(?i)\b(?:summar(?:y|ies|ise|ize|ised|ized)|overview|gist|main\s+points|key\s+points|in\s+a\s+nutshell|tl;?dr|"
    r"oppsummer\w*|opsummer\w*|sammendrag\w*|sammenfat\w*|resum[eé]\w*|oversikt|overblik|hovedpunkt\w*|"
    r"hovedbudskap\w*|kort\s+fortalt|"
    # the findings or conclusions of a whole document: "main findings", "de viktigste funnene"
    r"(?:main|key|most\s+important|principal)\s+(?:findings|conclusions|takeaways|messages)|"
    r"hoved(?:funn|fund|konklusjon|konklusion)\w*|(?:viktigste|vigtigste)\s+(?:funn|fund|konklusjon|konklusion|"
    r"punkt|pointe|budskap|resultat)\w*)\b"
)
# a topic after the summary word: "a summary of what Blå Kors says about the police" is a
# question about the police
TOPIC = re.compile(r"(?i)\b(?:about|regarding|concerning|om|angående|vedrørende)\s+[\"“”«‘'(]?\w")
# what the question is about must be a document: "What is Blå Kors worried about?" and "Hva
# handler rusreformen om?" ask about a subject, "What is the Labour document about?" does not
DOCUMENT = re.compile(
    r"(?i)\b(?:documents?|dokument\w*|reports?|rapport\w*|plans?|planen\w*|handlingsplan\w*|texts?|tekst\w*|"
    r"files?|filen\w*|papers?|inputs?|innspill\w*|indspil\w*|submissions?|høringssvar\w*|høringsinnspill\w*|"
    r"notat\w*|memo|utredning\w*|udredning\w*|letter|brev\w*|resolu(?:tion|sjon)\w*|pdf|uploads?)\b"
)
# "What is this about?", "Hva handler det om?": about the one document in scope, if there is one
PRONOUN = re.compile(
    r"(?i)^\W*(?:what(?:'s|\s+is)\s+(?:this|it|that)\s+about|hva(?:d)?\s+handler\s+(?:det|dette|den|denne)\s+om)\W*$"
)
LEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
MAX_SECTIONS = 8


def asks_overview(text: str) -> bool:
    """Does ``text`` ask what something is about, or for a summary, without a topic?"""
    stripped = text.strip()
    return bool(ABOUT_END.search(stripped)) or (bool(SUMMARY.search(stripped)) and not TOPIC.search(stripped))


def overview_request(text: str, names_document: bool = False, one_in_scope: bool = False) -> bool:
    """Does ``text`` ask what a document is about, or for its summary (:func:`asks_overview`)?
    The document must be what it is about: a word for one, or a document the question names
    (``names_document``), or "this" / "det" when one document is in scope (``one_in_scope``)."""
    if not asks_overview(text):
        return False
    stripped = text.strip()
    return bool(DOCUMENT.search(stripped)) or names_document or (one_in_scope and bool(PRONOUN.search(stripped)))


def titled(text: str, titles: dict[str, str]) -> set[str]:
    """The documents whose title holds the word the question calls its document by
    ("handlingsplanen": the one titled "… Handlingsplan mod narkotikamisbrug"; "innspillet": each
    "… innspill …"); none when the word is in no title, or in every one."""
    words = [m.group(0) for m in DOCUMENT.finditer(text)]
    stems = [t for w in words for t in analyze(w) if len(t) >= 4]
    found = {
        doc for doc, title in titles.items() if any(part.startswith(stem) for stem in stems for part in analyze(title))
    }
    return found if len(found) < len(titles) else set()


def sections(guide: Guide) -> list[str]:
    """The guide's section titles worth naming: its chapters (the first level of its headings,
    :mod:`.structure`) when it has two or more, else every heading; without their numbering, not
    the title again, each once, at most ``MAX_SECTIONS``."""
    from assistant.guide.structure import StructureRequest, parts

    chapters = parts(guide, StructureRequest(main=True, within=None))
    seen = {guide.title.casefold()}
    out: list[str] = []
    for entry in chapters if len(chapters) >= 2 else guide.outline:
        title = LEADING_NUMBER.sub("", entry.title).strip(" .:")
        if len(title) < 3 or title.casefold() in seen or any(ch.isdigit() for ch in title):
            continue
        seen.add(title.casefold())
        out.append(title[:1] + title[1:].lower() if title.isupper() else title)  # "INNLEDNING": "Innledning"
        if len(out) == MAX_SECTIONS:
            break
    return out


def overview_answer(question: str, lang: Lang, guides: list[Guide]) -> Answer:
    """The answer from ``guides``: one document's summary, quoted, and its sections; or, for
    several, each one's first summary sentence. Refused when no guide has a summary."""
    guides = [g for g in guides if g.summary]
    if not guides:
        return Answer(question=question, text=phrase(lang, "refusal"), refused=True, lang=lang)
    citations: list[Citation] = []

    def cite(c: Citation) -> str:
        citations.append(c.model_copy(update={"marker": len(citations) + 1}))
        return f"“{c.quote}” [{len(citations)}]"

    if len(guides) == 1:
        guide = guides[0]
        first = guide.summary[0]
        by = ", ".join(str(x) for x in (first.author, first.year) if x)
        lines = [phrase(lang, "overview_head", title=guide.title, by=f" ({by})" if by else ""), ""]
        lines += [f"> {cite(c)}" for c in guide.summary]
        if names := sections(guide):
            lines += ["", phrase(lang, "overview_sections", sections=" · ".join(names))]
    else:
        lines = [phrase(lang, "overview_many_head", n=str(len(guides))), ""]
        lines += [f"- *{g.title}*: {cite(g.summary[0])}" for g in guides]
    return Answer(question=question, text="\n".join(lines), citations=citations, lang=lang)
