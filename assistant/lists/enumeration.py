"""Items enumerated in running text: "forbud, lav tilgjengelighet, lav sosial aksept for bruk,
helsevesenets behandlingstilbud og midler til forskning" is five items of one sentence.

An enumeration is at least three comma-separated phrases, the last two joined by a conjunction (og,
and, eller, or, samt, &), every phrase short (a clause is not an item); a pair inside an item
("skole, venner og familie, søvn, …") does not end it. It starts after the sentence's last colon,
semicolon or dash before it, or else after a word that opens one ("er", "som", "både", "including"
…) or a finite verb ("har vært om skole, trening, …"), and the first and last phrases are cut to the
length of the others (the last one runs on into the rest of the sentence, up to its verb when the
enumeration is the subject: "A, B og C bør …"; with nothing to say where the first one starts, no
longer than the longest other one), without a function word at their edge ("fra meldinger" is
"meldinger", "parking in" is "parking"). Phrases that open like a clause ("men", "hvor", "at",
"which" …) or hold a finite auxiliary or modal verb ("bør", "skal", "is" …) make it a list of
clauses, no enumeration; a phrase after the first opened by "blant annet", "herunder", "including" …
starts it (the phrases before it lead in), one opened by another such word ("…, med pene hus, …")
elaborates what came before, and that is no enumeration either, nor is one with a phrase that
restates the one before it ("dvs. …", "that is …"). A clause among the phrases before the
conjunction ("…, som har lovfestet skilting av stedsnavn, navn på …") leads into the first item.
Commas inside parentheses do not separate items; with none outside them, an enumeration inside a
parenthesis is read as a text of its own. Only grammar, no word of any document.

``enumeration_spans`` gives each item's ``(start, end)`` within the text, so that each can be
cited as its own exact span."""

from __future__ import annotations

import re

from retrieval.stopwords import is_stopword

MIN_ITEMS = 3
MAX_ITEM_WORDS = 8
CONJUNCTION = re.compile(r"\s+(?:og|and|eller|or|samt|&|og/eller|and/or)\s+", re.I)
# words after which an enumeration starts ("… er A, B og C", "både A, B og C")
OPENER = re.compile(
    r"(?i)\b(?:er|var|blir|bliver|are|were|is|som|der|både|bade|including|herunder|blant\s+annet|bl\.a\.|"
    r"f\.eks\.|for\s+eksempel|eksempelvis|such\s+as|like|inkludert|inklusive|med|with|om|about|av|af|of|"
    r"blant|blandt|among)\s+"
)
# words that introduce examples or a part of what was named before
EXAMPLES = re.compile(
    r"(?i)(?:blant\s+annet|blandt\s+andet|bl\.a\.|herunder|heriblandt|deriblandt|including|such\s+as|"
    r"for\s+eksempel|f\.eks\.|eksempelvis|inkludert|inklusive)\s+"
)
# a phrase that opens with one of these is a clause, and the commas separate clauses, not items
CLAUSE = re.compile(
    r"(?i)^(?:men|hvor|hvis|som|at|der|da|når|naar|fordi|mens|så|but|where|which|who|that|when|because|if|"
    r"while|so|og|and|eller|or|dersom|om|hvorfor|hvordan|how|why|to|eftersom)\b"
)
# a sentence that opens with a subordinate clause ("Selv om …, opleves stoffet som populært og
# moderne"): its first comma ends that clause, and no enumeration reaches back over it. The
# openers kept are those that change a sentence of the seeds and NorQuAD texts (each changes 1 to 4)
SUBORDINATE_START = re.compile(r"(?i)^[\s«»\"“”'–—-]*(?:selv\s+om|ved\s+at|når|dersom|etter\s+at)\b")
# a fixed expression whose conjunction joins no items ("først og fremst fordi …")
FIXED_PAIRS = re.compile(r"(?i)\bførst\s+og\s+fremst\b")
# a count of the items that follow, in words ("tre ruteflyplasser, Værnes, Namsos og Rørvik")
COUNT_WORDS = {
    w: n
    for n, words in enumerate(
        [
            (),
            (),
            ("to", "two"),
            ("tre", "three"),
            ("fire", "four"),
            ("fem", "five"),
            ("seks", "six"),
            ("syv", "sju", "seven"),
            ("otte", "åtte", "eight"),
            ("ni", "nine"),
            ("ti", "ten"),
        ]
    )
    for w in words
}
# a phrase with a finite auxiliary or modal verb is a clause too ("bør bruker involveres")
FINITE = re.compile(
    r"(?i)\b(?:bør|skal|vil|kan|må|burde|skulle|ville|kunne|måtte|er|var|blir|bliver|ble|blev|har|hadde|havde|"
    r"should|shall|will|would|can|could|must|is|are|was|were|has|have|had)\b"
)
# a phrase that says again what the one before it said is no item of its own
RESTATED = re.compile(r"(?i)(?:dvs\.|d\.v\.s\.|i\.e\.|altså|nemlig|namely|that is|det vil si|det vil sige)\s")
BOUNDARY = re.compile(r"[:;]|\s[–—-]\s|^\s*[–—-]\s")
_WORD = re.compile(r"\S+")


def _masked(text: str) -> str:
    """``text`` with the commas inside parentheses and between digits ("8,1 milliarder") and the
    conjunctions of fixed expressions ("først og fremst") replaced (same length)."""
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and (depth or (0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())):
            out[i] = "\x00"
    for m in FIXED_PAIRS.finditer(text):
        out[m.start() : m.end()] = "\x00" * (m.end() - m.start())
    return "".join(out)


def _words(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The words of ``text[a:b]``, a parenthesis counted as part of the word before it."""
    out: list[tuple[int, int]] = []
    depth = 0
    for m in _WORD.finditer(text[a:b]):
        word = m.group()
        if (depth > 0 or word.startswith("(")) and out:
            out[-1] = (out[-1][0], a + m.end())
        else:
            out.append((a + m.start(), a + m.end()))
        depth = max(0, depth + word.count("(") - word.count(")"))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """The span without surrounding blanks and punctuation (a closing parenthesis stays)."""
    while a < b and (text[a].isspace() or text[a] in ",.;:-–—•"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",.;:-–—"):
        b -= 1
    return a, b


def enumeration_spans(text: str) -> list[tuple[int, int]]:
    """The items of the enumeration ``text`` holds, as spans of ``text``; ``[]`` if none. With none
    outside its parentheses, one inside a parenthesis read as a text of its own ("Bydelene på
    vestkanten (St. Hanshaugen, Frogner, Ullern, Vestre Aker og Nordre Aker) har …")."""
    if spans := _outside_parentheses(text):
        return spans
    for a, b in _parentheses(text):
        if inner := _outside_parentheses(text[a:b], opened=True):
            return [(a + x, a + y) for x, y in inner]
    return []


def _outside_parentheses(text: str, opened: bool = False) -> list[tuple[int, int]]:
    """``opened``: the text starts with the enumeration's first item (a parenthesis' inside)."""
    masked = _masked(text)
    commas = [m.start() for m in re.finditer(",", masked)]
    floor = 0
    if commas and SUBORDINATE_START.match(text):  # the opening clause leads in
        floor, commas = commas[0] + 1, commas[1:]
    if len(commas) < MIN_ITEMS - 2:
        return []
    # the enumeration's last comma is followed by "X og Y"; try from the last comma backwards
    for last in range(len(commas) - 1, -1, -1):
        tail_start = commas[last] + 1
        tail_end = next((c for c in commas if c > tail_start), len(text))
        # the first conjunction of the last phrase, or the next if that one joins the parts of a
        # compound ("…, Nord- og Sør-Amerika og på mindre øyer")
        for conj in CONJUNCTION.finditer(masked, tail_start, tail_end):
            spans = _enumeration(text, masked, commas[: last + 1], conj, floor, opened)
            if spans:
                return spans
            if not masked[: conj.start()].rstrip().endswith("-"):
                break
    return []


def _parentheses(text: str) -> list[tuple[int, int]]:
    """The insides of the outermost parentheses of ``text``."""
    out: list[tuple[int, int]] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i))
    return out


def _enumeration(
    text: str, masked: str, commas: list[int], conj: re.Match[str], floor: int = 0, opened: bool = False
) -> list[tuple[int, int]]:
    # the middle items: back from the conjunction while each is short and no boundary intervenes
    middles: list[tuple[int, int]] = []
    right = commas[-1]
    k = len(commas) - 1
    while k > 0:
        left = commas[k - 1] + 1
        piece = masked[left:right]
        if BOUNDARY.search(piece) or len(piece.split()) > MAX_ITEM_WORDS or not piece.strip():
            break
        # a clause ("…, som har lovfestet skilting av stedsnavn, navn på …") leads into the first item
        if CLAUSE.match(piece.strip()) or FINITE.search(piece):
            break
        middles.insert(0, _trim(text, left, right))
        right = commas[k - 1]
        k -= 1
    first_end = right
    before = commas[k - 1] + 1 if k > 0 else floor
    zone = masked[before:first_end]
    cut = [m.end() for m in BOUNDARY.finditer(zone)]
    start = before + (cut[-1] if cut else 0)
    before_conj = _trim(text, commas[-1] + 1, conj.start())
    longest = max([len(text[a:b].split()) for a, b in [*middles, before_conj]] + [1])
    limit = longest + 1
    if opened and before == 0:  # the text opens with the first item, whole
        limit = len(zone.split())
    elif not cut:
        # a finite verb before the first item ends the words that lead into it too ("Samtalene har
        # vært om skole, venner og familie, …": "vært om" is cut as function words, the item is "skole")
        openers = [m.end() for rx in (OPENER, FINITE) for m in rx.finditer(zone)]
        if openers:
            start = before + max(openers)
        else:  # nothing says where it starts: no longer than the longest of the others
            limit = longest
    first_words = _words(text, start, first_end)
    if not first_words:
        return []
    first_words = first_words[max(0, len(first_words) - limit) :]
    while len(first_words) > 1 and is_stopword(text[slice(*first_words[0])].lower()):
        first_words.pop(0)  # "fra meldinger, rapporter …": the item is "meldinger"
    first = (first_words[0][0], first_end)
    # the last item ends at the next comma, parenthesis or sentence end, and is no longer than the others
    last_words: list[tuple[int, int]] = []
    for a, b in _words(text, conj.end(), len(text)):
        if last_words and FINITE.fullmatch(text[a:b].strip(",;:.!?")):
            break  # the enumeration is the subject ("A, B og C bør være …"): the verb ends it
        last_words.append((a, b))
        if masked[b - 1] in ",;:.!?" or len(last_words) >= longest + 1:
            break
    while len(last_words) > 1 and is_stopword(text[slice(*last_words[-1])].strip(",;:.!?").lower()):
        last_words.pop()  # "parking in the town centre" cut to its length: "parking", not "parking in"
    if not last_words:
        return []
    spans = [_trim(text, *first), *middles, before_conj, _trim(text, last_words[0][0], last_words[-1][1])]
    # an item that opens with "blant annet", "herunder", "including" … starts the enumeration: the
    # phrases before it lead in ("…, blant annet A, B og C"); two items left are a pair, not a list
    lead_in = 1
    for k in range(len(spans) - 1, 0, -1):
        if m := EXAMPLES.match(text, spans[k][0], spans[k][1]):
            spans, lead_in = [(m.end(), spans[k][1]), *spans[k + 1 :]], 0
            break
    # a phrase that counts the items after it names them, it is none of them ("tre ruteflyplasser,
    # Værnes, Namsos og Rørvik"; "to lederskikkelser …, grev X og Y" is a pair)
    if len(spans) > MIN_ITEMS - 1 and _counts(text, spans[0]) == len(spans) - 1:
        spans = spans[1:]
    if len(spans) < MIN_ITEMS or any(b <= a for a, b in spans):
        return []
    # a conjunction after a suspended hyphen joins the parts of one compound ("olje- og
    # gassproduksjonen"): an enumeration of such parts only ("narkotika-, våben- og pengekontrollen")
    if masked[: conj.start()].rstrip().endswith("-") and not all(text[b : b + 1] == "-" for a, b in spans[:-1]):
        return []
    if any(OPENER.match(text[a:b] + " ") for a, b in spans[lead_in:]):  # ", med pene hus, …": an elaboration
        return []
    if any(RESTATED.match(text, a, b) for a, b in spans):  # "…, dvs. behandling med metadon eller …"
        return []
    if any(
        len(text[a:b].split()) > MAX_ITEM_WORDS or CLAUSE.match(text[a:b]) or FINITE.search(text[a:b]) for a, b in spans
    ):
        return []
    return spans


def _counts(text: str, first: tuple[int, int]) -> int | None:
    """The count a first phrase opens with, or that stands just before it, in digits or words ("tre
    ruteflyplasser", "2 kommuner"); None if it gives none ("fått to hjerteinfarkt" gives none)."""
    words = re.findall(r"[\w-]+", text[: first[0]])[-1:] + re.findall(r"[\w-]+", text[first[0] : first[1]])[:1]
    for w in words:
        if w.isdigit() and len(w) <= 2:
            return int(w)
        if w.lower() in COUNT_WORDS:
            return COUNT_WORDS[w.lower()]
    return None
