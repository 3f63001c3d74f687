"""Verification applied to every backend's answer before it is shown.

``verify(answer, hits)`` returns a checked copy of ``answer``; it never raises:

- markers are parsed (``[1]``, ``[1][2]``, ``[1, 2]``, ``[1-3]``, ``[^1]``, ``[Passage 1]``);
  a marker with no citation, or whose citation is not one of ``hits``, is removed, and so
  is a sentence whose only markers were such dead ones;
- every number in a sentence must appear (formats normalised: "26,4" = "26.4",
  "33.000" = "33 000" = "33000"; "%" and "prosent" are units, not part of the number) in a
  passage that sentence cites, or in that passage's title, section, page or year; a
  sentence that fails is removed and named in ``warnings``;
- a sentence that states something (any number, or two or more content words) without a
  valid marker is removed too (``drop_uncited=False`` keeps it, flagged in ``warnings``, and
  the answer is then not grounded); short connectives ("Ifølge dokumenterne:") and
  "the documents do not say" sentences are not claims, nor are figure-free notes set apart
  in parentheses or italics (a whole line or sentence, "(This is the minority dissent …)")
  or given as the answer engine's own fixed wording (``notes=``);
- a Danish/Norwegian sentence without figures that shares no content word with the
  Danish/Norwegian passages it cites is removed (no such check across languages, where the
  answer translates);
- a passage that contains instruction-like text ("ignore your instructions ...") does not
  count as support: whatever it makes the model say is treated as uncited;
- markers are renumbered 1..n in order of first use (``renumber=False``: numbers that are
  already 1..n are kept), and the citations are exactly the ones used, in that order (an
  unused citation is dropped);
- a line nothing was removed from is kept exactly as written (quotes keep their spacing);
- ``grounded`` is False when no valid citation is left (or an uncited claim was kept);
- a refused answer (``refused=True``) only has its dead markers removed.

What it cannot check: whether a figure-free sentence says what its passage says (beyond
sharing a word); that is the prompt's job and the reader's, with the quote beside it.

The fallback contract: ``verify`` itself only reports. A caller that has something better
to show calls ``ensure_grounded(answer)``, which raises ``VerificationFailed`` (carrying the
checked answer and its warnings) when the answer is not a refusal and no sentence that says
something carries a valid citation. ``assistant.generate`` does exactly that, so the
orchestrator catches ``VerificationFailed`` and answers with the extractive engine instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.models import Answer, Citation
from retrieval.chunking import ABBREVIATIONS
from retrieval.stopwords import STOPWORDS
from retrieval.tokenization import term_key, tokenize
from retrieval.types import Hit


class VerificationFailed(Exception):  # noqa: N818 - the name the orchestrator catches
    """No grounded content is left in a generated answer; fall back to the extractive one.

    ``answer`` is the checked (possibly empty) answer; ``warnings`` says what was removed."""

    def __init__(self, answer: Answer, reason: str = "no sentence with a valid citation is left") -> None:
        self.answer = answer
        self.reason = reason
        self.warnings = list(answer.warnings)
        super().__init__(f"answer failed verification: {reason}")


# ---------------------------------------------------------------- markers

# one bracket holding one or more passage numbers: [1] [1, 2] [1-3] [^1] [Passage 1] [kilde 2]
_MARKER_GROUP = re.compile(
    r"\[\s*(?:\^|(?:passage|passages|kilde|kilder|source|sources|tekst|passasje)\s*)?"
    r"(\d{1,3}(?:\s*(?:,|;|-|–|og|and)\s*\d{1,3})*)\s*\]",
    re.IGNORECASE,
)
MARKER = re.compile(r"\[(\d+)\]")
_MAX_RANGE = 20


def normalize_markers(text: str) -> str:
    """Rewrite every marker group to the plain form ``[1][2]``."""

    def expand(match: re.Match[str]) -> str:
        numbers: list[int] = []
        for part in re.split(r"\s*(?:,|;|og|and)\s*", match.group(1)):
            bounds = re.split(r"\s*[-–]\s*", part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                low, high = int(bounds[0]), int(bounds[1])
                numbers.extend(range(low, high + 1) if 0 < high - low <= _MAX_RANGE else (low, high))
            elif part.isdigit():
                numbers.append(int(part))
        return "".join(f"[{n}]" for n in numbers)

    return _MARKER_GROUP.sub(expand, text)


def parse_markers(text: str) -> list[int]:
    """Marker numbers in order of appearance (after ``normalize_markers``)."""
    return [int(m) for m in MARKER.findall(normalize_markers(text))]


# ---------------------------------------------------------------- numbers

_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?![.,]\d)"  # 33 000, 1 200 000
    r"|(?<![\d])\d+(?:[.,]\d+)*"  # 2010, 26,4, 33.000, 1,200.5, 15.11.2010
)
_SINGLE_GROUP = re.compile(r"([1-9]\d{0,2})([.,])(\d{3})")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*")
_MIXED = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})+([.,])\d+")


def _int(digits: str) -> str:
    return digits.lstrip("0") or "0"


def _decimal(integer: str, fraction: str) -> str:
    fraction = fraction.rstrip("0")
    return f"{_int(integer)}.{fraction}" if fraction else _int(integer)


def number_values(raw: str) -> set[str]:
    """The values a written number can mean, normalised: "26,4" -> {"26.4"},
    "1.500" -> {"1500", "1.5"}, "33 000" -> {"33000"}, "15.11.2010" -> {"15.11.2010"}."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if raw.isdigit():
        return {_int(raw)}
    single = _SINGLE_GROUP.fullmatch(raw)
    if single:  # 1.500 / 1,500: thousands or a decimal
        return {_int(single.group(1) + single.group(3)), _decimal(single.group(1), single.group(3))}
    if _THOUSANDS.fullmatch(raw):
        return {_int(re.sub(r"[.,]", "", raw))}
    mixed = _MIXED.fullmatch(raw)
    if mixed and mixed.group(1) != mixed.group(2):
        integer, fraction = re.split(r"[.,]", raw)[:-1], re.split(r"[.,]", raw)[-1]
        return {_decimal("".join(integer), fraction)}
    parts = re.split(r"[.,]", raw)
    if len(parts) == 2:
        return {_decimal(parts[0], parts[1])}
    return {".".join(_int(p) for p in parts)}  # a date or section number, kept whole


def numbers_in(text: str) -> list[tuple[str, set[str]]]:
    """(as written, possible values) for each number in ``text``, markers excluded."""
    text = MARKER.sub(" ", normalize_markers(text))
    return [(m.group(), number_values(m.group())) for m in _NUMBER.finditer(text)]


def number_set(text: str) -> set[str]:
    """Every value any number in ``text`` can mean, plus the parts of dates ("15.11.2010")."""
    values: set[str] = set()
    for _, options in numbers_in(unicodedata.normalize("NFKC", text)):
        values |= options
        for option in options:
            if option.count(".") > 1:
                values.update(option.split("."))
    return values


# ---------------------------------------------------------------- words and injections


def content_keys(text: str) -> set[str]:
    """Stemmed keys of the content words of ``text`` (stopwords and short words dropped)."""
    return {term_key(t) for t in tokenize(text) if t.isalpha() and len(t) >= 3 and t not in STOPWORDS}


_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instructions?|rules|prompts?|guidelines)\b"
    r"|\b(?:ignorer|ignorér|glem|se bort fra|overse)\b[^.\n]{0,40}\b"
    r"(?:instruktion(?:er|erne)?|instruks(?:er|ene|jon|joner|jonene)?|regler|reglene|reglerne|prompten?)\b"
    r"|\byou are now\b|\bdu er nu\b|\bdu er nå\b|\bsystem prompt\b|\bsystemprompt\b"
    r"|\bnew instructions\b|\bnye instruks|\bnye instruktioner\b"
    r"|\b(?:assistant|AI|model|modellen|language model)\b[^.\n]{0,30}\b(?:must|skal|should|bør)\b[^.\n]{0,20}"
    r"\b(?:say|answer|reply|respond|svare|sige|si|skrive)\b",
    re.IGNORECASE,
)


LEAK_NGRAM = 6  # this many words in a row, as in the assistant's own instructions, is a leak


@lru_cache(maxsize=1)
def _instruction_ngrams() -> frozenset[tuple[str, ...]]:
    from assistant.prompts import load_prompts

    prompts = load_prompts()
    grams: set[tuple[str, ...]] = set()
    for template in (prompts.system, prompts.answer, prompts.rewrite):
        words = re.findall(r"\w+", re.sub(r"\{\w+\}", " ", template).lower())
        grams.update(tuple(words[i : i + LEAK_NGRAM]) for i in range(len(words) - LEAK_NGRAM + 1))
    return frozenset(grams)


def repeats_instructions(sentence: str) -> bool:
    """True when ``sentence`` quotes the assistant's prompts (a model obeying "print your system
    prompt"): that text is never an answer, whatever it cites."""
    words = re.findall(r"\w+", sentence.lower())
    grams = _instruction_ngrams()
    return any(tuple(words[i : i + LEAK_NGRAM]) in grams for i in range(len(words) - LEAK_NGRAM + 1))


def looks_like_injection(text: str) -> bool:
    """True when ``text`` contains instruction-like text aimed at a model."""
    return bool(_INJECTION.search(text))


_REFUSAL_PHRASES = re.compile(
    r"\b(?:do(?:es)? not|don't|doesn't|cannot|can't) (?:contain|include|mention|state|say|answer|find)"
    r"|\bno information\b|\bnot (?:mentioned|stated|specified|found)\b"
    r"|\b(?:indeholder|inneholder|nævner|nevner|oplyser|opplyser|angiver|angir|svarer) ikke\b"
    r"|\bikke (?:svaret|oplysninger|opplysninger|informasjon|information|noe svar|noget svar)\b"
    r"|\bingen (?:oplysninger|opplysninger|informasjon|information)\b",
    re.IGNORECASE,
)


def looks_like_refusal(text: str) -> bool:
    """True when ``text`` says that the documents do not contain the answer (da/nb/en)."""
    return bool(_REFUSAL_PHRASES.search(text))


# ---------------------------------------------------------------- sentences

_LIST_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*•–]\s+|\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)*")
_MARKER_RUN = r"(?:\s*\[\d+\])+"
_CANDIDATE = re.compile(
    rf"[.!?…]+[\"'»”’)*_]*(?:{_MARKER_RUN})?[\"'»”’)*_.]*(?=\s|$)"
    rf"|(?:\[\d+\])+[.,;:]?(?=\s+[\"«“*_(]*[A-ZÆØÅÄÖÜ])"
)


@dataclass
class Sentence:
    line: int
    start: int  # span in the line
    end: int
    text: str
    markers: list[int] = field(default_factory=list)


def split_lines(text: str) -> list[tuple[str, str]]:
    """(prefix, body) per line: the list/heading prefix is kept apart from the sentences."""
    out: list[tuple[str, str]] = []
    for line in text.split("\n"):
        prefix = _LIST_PREFIX.match(line)
        cut = prefix.end() if prefix else 0
        out.append((line[:cut], line[cut:]))
    return out


def split_answer_sentences(body: str, line: int = 0) -> list[Sentence]:
    """Sentences of one line of an answer; markers after the full stop stay with their sentence."""
    sentences: list[Sentence] = []
    start = 0
    for match in _CANDIDATE.finditer(body):
        end = match.end()
        token = match.group()
        has_marker = "[" in token
        if not has_marker:
            if token.startswith("."):
                word = re.search(r"([\w.]+)$", body[start : match.start()])
                last = word.group(1).rstrip(".").lower() if word else ""
                if last in ABBREVIATIONS or re.fullmatch(r"\d{1,2}|[a-zæøå]", last):
                    continue
            following = body[end:].lstrip()
            if following[:1].islower():
                continue
        if body[start:end].strip():
            sentences.append(_sentence(body, line, start, end))
        start = end
    if body[start:].strip():
        sentences.append(_sentence(body, line, start, len(body)))
    return sentences


def _sentence(body: str, line: int, start: int, end: int) -> Sentence:
    while start < end and body[start].isspace():
        start += 1
    text = body[start:end]
    return Sentence(line, start, end, text, [int(m) for m in MARKER.findall(text)])


def line_sentences(prefix: str, body: str, line: int = 0) -> list[Sentence]:
    """The sentences of one line; a blockquote ("> “…” [2]") is one unit: its marker cites
    the whole quoted span, however many sentences the quote holds."""
    if ">" in prefix and MARKER.search(body):
        return [_sentence(body, line, 0, len(body))] if body.strip() else []
    return split_answer_sentences(body, line)


def answer_sentences(text: str) -> list[Sentence]:
    """Every sentence of an answer (markers normalised first)."""
    sentences: list[Sentence] = []
    for i, (prefix, body) in enumerate(split_lines(normalize_markers(text))):
        sentences.extend(line_sentences(prefix, body, i))
    return sentences


def has_content(sentence: str) -> bool:
    """Does the sentence hold a word or a number besides its markers and markup?"""
    return bool(re.search(r"\w", MARKER.sub(" ", sentence)))


def is_claim(sentence: str) -> bool:
    """Does the sentence state something checkable (a number, or two or more content words)?"""
    bare = MARKER.sub(" ", sentence).strip()
    if not bare or (bare.endswith(":") and not numbers_in(bare)):
        return False
    if numbers_in(bare):
        return True
    if looks_like_refusal(bare):
        return False
    return len([t for t in tokenize(bare) if t.isalpha() and len(t) >= 3 and t not in STOPWORDS]) >= 2


_EMPHASIS = re.compile(r"^(?P<m>[*_])(?!(?P=m))(?P<inner>[^*_]+)(?P=m)[.!]?$")


def is_note(text: str) -> bool:
    """Is ``text`` (a sentence or a whole line, markers aside) an aside set apart as a note:
    wholly in parentheses, "(Dette er mindretallets dissens …)", or wholly in italics,
    "*Note: …*"? Such a note says something about the answer, not about the documents, and
    is no claim when it has no figures (a note with figures is checked like any sentence)."""
    bare = MARKER.sub("", normalize_markers(text)).strip()
    emphasis = _EMPHASIS.match(bare)
    if emphasis:
        return bool(emphasis.group("inner").strip())
    bare = bare.rstrip(".!")
    if not (bare.startswith("(") and bare.endswith(")")) or len(bare) < 3:
        return False
    depth = 0
    for i, ch in enumerate(bare):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and i < len(bare) - 1:
            return False  # "(a) … (b)": the first parenthesis closes before the end
    return depth == 0


def _note_key(sentence: str) -> str:
    return " ".join(MARKER.sub("", sentence).split()).casefold()


# ---------------------------------------------------------------- verification


def support_text(citation: Citation, hit: Hit | None) -> str:
    """What a citation vouches for: its passage, title, section, page(s) and year."""
    chunk = hit.chunk if hit is not None else None
    parts = [
        chunk.text if chunk else citation.passage,
        citation.title,
        citation.section or "",
        str(citation.page or ""),
        str(chunk.page_end or "") if chunk else "",
        str(citation.year or ""),
    ]
    return "\n".join(parts)


def verify(
    answer: Answer,
    hits: list[Hit],
    *,
    drop_uncited: bool = True,
    renumber: bool = True,
    notes: Iterable[str] = (),
) -> Answer:
    """A checked copy of ``answer`` (see the module docstring); never raises.

    ``renumber=False`` keeps the markers' numbers when the markers left are exactly 1..n
    (the extractive engine numbers its quotes in document order and cites the best one
    first); otherwise they are renumbered in order of first use as usual. ``notes`` are
    sentences of the answer engine's own fixed wording (e.g. "This is the minority
    dissent ..."), which are not claims about the documents."""
    hit_by_id = {hit.chunk.chunk_id: hit for hit in hits}
    warnings: list[str] = []
    by_marker: dict[int, Citation] = {}
    for citation in answer.citations:
        if citation.chunk_id in hit_by_id and citation.marker not in by_marker:
            by_marker[citation.marker] = citation
        elif citation.chunk_id not in hit_by_id:
            warnings.append(f"citation [{citation.marker}] is not one of the retrieved passages; dropped")
    supports: dict[int, Support] = {}
    for marker, citation in by_marker.items():
        hit = hit_by_id[citation.chunk_id]
        text = support_text(citation, hit)
        supports[marker] = Support(
            numbers=number_set(text),
            words=content_keys(text),
            lang=hit.chunk.lang,
            hostile=looks_like_injection(hit.chunk.text),
        )
        if supports[marker].hostile:
            warnings.append(f"passage [{marker}] contains instruction-like text; it does not count as support")

    text = normalize_markers(answer.text)
    dead = sorted({n for n in (int(m) for m in MARKER.findall(text)) if n not in by_marker})
    for n in dead:
        warnings.append(f"marker [{n}] points to no passage; removed")

    if answer.refused:
        kept_lines = [prefix + _drop_markers(body, set(dead)) for prefix, body in split_lines(text)]
        return _renumber(answer, "\n".join(kept_lines), by_marker, warnings, answer.grounded)

    uncited_kept = False
    lines = split_lines(text)
    new_lines: list[str] = []
    known_notes = {_note_key(s.text) for note in notes for s in split_answer_sentences(normalize_markers(note))}
    for i, (prefix, body) in enumerate(lines):
        pieces: list[str] = []
        cursor = 0
        changed = False
        note_line = is_note(body)
        for sentence in line_sentences(prefix, body, i):
            pieces.append(body[cursor : sentence.start])
            cursor = sentence.end
            valid = [n for n in dict.fromkeys(sentence.markers) if n in by_marker]
            trusted = [n for n in valid if not supports[n].hostile]
            plain = _drop_markers(sentence.text, set(dead))
            changed = changed or plain != sentence.text
            if not has_content(plain):
                if sentence.markers:
                    changed = True
                    continue  # only markers or markup: nothing to show or to check
                pieces.append(plain)  # punctuation or markup the line holds: keep it as written
                continue
            if not numbers_in(plain) and (note_line or is_note(plain) or _note_key(plain) in known_notes):
                pieces.append(plain)  # an aside or the engine's own note, not a claim about the documents
                continue
            problem = _problem(plain, trusted, supports, bool(valid), bool(sentence.markers), answer.lang)
            if repeats_instructions(plain):
                problem = ("leak", "sentence repeats the assistant's instructions, not the documents")
            if problem is None:
                pieces.append(plain)
                continue
            kind, message = problem
            if kind == "uncited" and not drop_uncited:
                uncited_kept = True
                warnings.append(f"uncited claim kept: {_quote(plain)}")
                pieces.append(plain)
                continue
            changed = True
            warnings.append(f"{message}; removed: {_quote(plain)}")
        pieces.append(body[cursor:])
        # a line verification left alone stays exactly as written (quotes keep their spacing)
        new_body = _tidy("".join(pieces)) if changed else body.strip()
        if new_body:
            new_lines.append(prefix + new_body)
        elif not (prefix + body).strip():
            new_lines.append("")  # a blank line between paragraphs
    new_text = re.sub(r"\n{3,}", "\n\n", "\n".join(new_lines)).strip()
    answer = _renumber(answer, new_text, by_marker, warnings, answer.grounded and not uncited_kept, renumber)
    if not answer.citations:
        return answer.model_copy(update={"grounded": False})
    return answer


@dataclass
class Support:
    """What a cited passage vouches for."""

    numbers: set[str]
    words: set[str]
    lang: str
    hostile: bool  # holds instruction-like text: vouches for nothing


_NORDIC = ("da", "nb", "nn", "no")


def _problem(
    sentence: str,
    trusted: list[int],
    supports: dict[int, Support],
    cited: bool,
    had_markers: bool,
    lang: str,
) -> tuple[str, str] | None:
    """None when the sentence may stay, else (kind, message)."""
    figures = numbers_in(sentence)
    if figures:
        pool: set[str] = set()
        for n in trusted:
            pool |= supports[n].numbers
        missing = [written for written, values in figures if not values & pool]
        if missing:
            where = "the passages it cites" if trusted else "any passage (it cites none it may)"
            return "number", f"figure(s) {', '.join(missing)} not found in {where}"
        return None
    if had_markers and not cited:
        return "dead", "sentence cites only passages that do not exist"
    if not is_claim(sentence):
        return None
    if not trusted:
        why = "cites only a passage with instruction-like text" if cited else "states a claim without a citation"
        return "uncited", f"sentence {why}"
    if lang in _NORDIC and all(supports[n].lang in _NORDIC for n in trusted):
        words: set[str] = set()
        for n in trusted:
            words |= supports[n].words
        if not content_keys(sentence) & words:
            return "unsupported", "sentence shares no word with the passages it cites"
    return None


def _drop_markers(text: str, dead: set[int]) -> str:
    if not dead:
        return text
    return re.sub(r"\s*\[(\d+)\]", lambda m: "" if int(m.group(1)) in dead else m.group(0), text)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    text = re.sub(r"(\[\d+\])\1+", r"\1", text)  # [1][1] -> [1]
    return text.strip()


def _quote(sentence: str, limit: int = 90) -> str:
    sentence = " ".join(sentence.split())
    return f'"{sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"}"'


def _renumber(
    answer: Answer,
    text: str,
    by_marker: dict[int, Citation],
    warnings: list[str],
    grounded: bool,
    renumber: bool = True,
) -> Answer:
    order = list(dict.fromkeys(int(m) for m in MARKER.findall(text) if int(m) in by_marker))
    if not renumber and sorted(order) == list(range(1, len(order) + 1)):
        order.sort()  # already 1..n: keep the numbers as they are
    new_number = {old: new for new, old in enumerate(order, start=1)}
    text = MARKER.sub(lambda m: f"[{new_number[int(m.group(1))]}]" if int(m.group(1)) in new_number else "", text)
    text = re.sub(r"(\[\d+\])\1+", r"\1", text)
    citations = [by_marker[old].model_copy(update={"marker": new}) for old, new in new_number.items()]
    unused = sorted(set(by_marker) - set(new_number))
    if unused and answer.citations:
        warnings.append(f"citation(s) {', '.join(f'[{n}]' for n in unused)} not used in the text; dropped")
    return answer.model_copy(
        update={
            "text": text,
            "citations": citations,
            "grounded": grounded,
            "warnings": [*answer.warnings, *_unique(warnings)],
        }
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def grounded_sentences(answer: Answer) -> int:
    """How many sentences of the answer say something (a number or two content words) and
    carry at least one marker that has a citation."""
    markers = {c.marker for c in answer.citations}
    return sum(
        1
        for s in answer_sentences(answer.text)
        if any(m in markers for m in s.markers) and (numbers_in(s.text) or len(content_keys(s.text)) >= 2)
    )


def ensure_grounded(answer: Answer) -> Answer:
    """Return ``answer`` if it is a refusal or keeps a cited sentence; else raise ``VerificationFailed``."""
    if answer.refused or grounded_sentences(answer) > 0:
        return answer
    raise VerificationFailed(answer)
