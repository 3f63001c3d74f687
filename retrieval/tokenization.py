"""Tokenizer and analyzer for BM25 over Danish and Norwegian text (queries also in English).

Tokenizing (``tokenize``)
    NFKC + casefold, then words are runs of Unicode letters and everything else is a
    separator: U+202F / U+00A0 / tabs, punctuation, hyphens ("2010-2013" -> "2010",
    "2013"; "112-årige" -> "112", "årige"), and the boundary between letters and
    digits (footnote markers: "øvrig1" -> "øvrig", "1"). Soft hyphens and zero-width
    characters are deleted first, so they never split a word.

    Numbers are normalised so that one figure written in different ways meets:
    "28.000", "28,000" and "28 000" -> "28000"; "26,4" and "26.4" -> "26.4";
    "1.234,5" and "1,234.5" -> "1234.5". A dot or comma followed by exactly three
    digits is a thousands separator (the da/nb reading of "1.500"; for a comma it is the
    English reading, since a da/nb decimal with exactly three decimals is rare) unless
    the number starts with "0" ("0,125" is a decimal). Other dotted numbers (dates
    "31.12.2017", section numbers "3.2.1") become their parts. Groups separated by a
    space ("4 400", where the space may have been U+202F) are ambiguous with two
    numbers, so they give the joined number *and* the parts: "4400", "4", "400".
    "%", "prosent", "procent", "percent", "pct" and "pst" all become "pct".

Analyzing (``analyze`` / ``analyze_terms``)
    Drop stopwords (Danish + Norwegian + English Snowball lists) and one-letter words,
    then map each word to a *term key* shared by its Danish and Norwegian forms.
    Measured on 95 pairs such as narkotikarelaterede/narkotikarelaterte,
    brugere/brukere, myndigheden/myndigheten, sagerne/sakene, udvikling/utvikling,
    dødsfald/dødsfall, fængsel/fengsel, skadereduktion/skadereduksjon (37 of them are
    in tests/core/test_tokenization.py), the Danish stemmer alone makes 33 meet, the
    Norwegian 35, and neither handles the other language's endings. The key is
    therefore built in three steps:

    1. orthographic folding of Danish towards Norwegian spelling before stemming, so
       that the stemmers see the same endings: "-erne" -> "-ene" (definite plural, after a syllable),
       "-hed" -> "-het", "-tion"/"-sion" -> "-sjon" ("-ktion" -> "-ksjon"), prefixes
       "af-" -> "av-", "ud-" -> "ut-", "ind-" -> "inn-" before a consonant, "kj"/"gj"
       -> "k"/"g" before a front vowel, "ej" -> "ei", "øj" -> "øy", "idd" -> "itt",
       c -> s (before e/i/y) or k, x -> ks, a leading "aa" -> "å", ä/ö -> æ/ø;
    2. the Norwegian Snowball stemmer, then the Danish one on its output (the
       Norwegian stemmer strips the participle endings "-ede"/"-te"/"-et" of both
       languages; the Danish one then removes the "-er"/"-ere" agent endings and
       undoubles the final consonant);
    3. folding of the stem: æ -> e, b/g after a vowel -> p/k (Danish soft consonants:
       brug/bruk, sag/sak, håb/håp), a final "ld" -> "l" (fald/fall), doubled letters
       collapsed (straf/straff, kriminel/kriminell, opp/op).

    With these steps 87 of the 95 pairs meet; the rest are different words
    (sundhed/helse, bøde/bot, gennem/gjennom, hash/hasj) or compounds that meet only in
    their parts (stofmisbrugere/rusmisbrukere, below). The folding also merges some
    unrelated words (læge "doctor" with legge "lay"; tid with tidlig comes from the
    stemmer); it is applied to queries and documents alike, so it costs only a little
    precision. Numbers and "pct" are kept as they are.

Decompounding (``Decompounder``)
    Danish and Norwegian write compounds as one word. A ``Decompounder`` built from the
    corpus vocabulary (word -> count, see ``build_vocabulary``) splits words of >= 10
    letters into 2 known parts, or 3 when no 2-part split exists. Every part but the
    last must be a vocabulary word as written (a linking "s" or "e" may be dropped:
    "ungdoms" -> "ungdom"); the last part may be inflected and is matched by term key
    ("utvalget", "brukere"). Parts have >= 4 letters, except that the first may have 3
    when it is a common word by itself (Norwegian "rus": "rusmisbrukere"). A last part
    may not start with an ending ("mulig|heten", "ansvar|lige"), and one of 4 letters
    must be a vocabulary word as written ("ungdom|mers" is no split). Among the
    candidates the split with the best product of part counts wins. The analyzer emits
    the parts' keys *in addition to* the whole word's key, so "narkotikakriminalitet"
    also matches "kriminalitet", and "stofmisbrugere" meets "rusmisbrukere" in "misbruk".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from retrieval.stopwords import STOPWORDS

ANALYZER_VERSION = 2
"""Bump when tokenizing or analyzing changes, so saved indexes are rebuilt."""

PERCENT_TOKEN = "pct"
PERCENT_WORDS: frozenset[str] = frozenset({"%", "prosent", "procent", "percent", "pct", "pst"})

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

_TOKEN_RE = re.compile(
    r"""
      (?P<grouped>(?<![\d.,])\d{1,3}(?:\ \d{3})+(?!\d)(?![.,]\d))
    | (?P<number>\d+(?:[.,]\d+)*)
    | (?P<word>[^\W\d_]+)
    | (?P<percent>%)
    """,
    re.VERBOSE,
)
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
_DA_THOUSANDS_DECIMAL = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+,\d+")
_EN_THOUSANDS_DECIMAL = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+\.\d+")
_DECIMAL = re.compile(r"(\d+)[.,](\d+)")

_VOWELS = "aeiouyæøå"
_PRE_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^aa", "å"),
        (r"ä", "æ"),
        (r"ö", "ø"),
        # Danish "-erne" (the definite plural) is Norwegian "-ene" only after a syllable: "bilerne",
        # "sagerne"; in "fjerne", "stjerne", "verne" the "ern" is the word's own
        (rf"^(.*[{_VOWELS}].*)erne(s?)$", r"\1ene\2"),
        (r"hed(en|er|ene|ens|s)?$", r"het\1"),
        (r"ktion", "ksjon"),
        (r"[ts]ion", "sjon"),
        (rf"^af(?=[^{_VOWELS}])", "av"),
        (rf"^ud(?=[^{_VOWELS}])", "ut"),
        (rf"^ind(?=[^{_VOWELS}])", "inn"),
        (r"idd", "itt"),
        (r"([kg])j(?=[eiyæø])", r"\1"),
        (r"ej", "ei"),
        (r"øj", "øy"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"x", "ks"),
    )
)
_POST_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"æ", "e"),
        (rf"(?<=[{_VOWELS}])b", "p"),
        (rf"(?<=[{_VOWELS}])g", "k"),
        (r"ld$", "l"),
        (r"(.)\1+", r"\1"),
    )
)

# A compound's last part never starts with a derivational/inflectional ending.
_SUFFIX_STARTS = ("het", "hed", "lig", "else", "ning", "ende", "erne", "ene", "ere")

_local = threading.local()


def _stemmers() -> tuple[Stemmer.Stemmer, Stemmer.Stemmer]:
    """(norwegian, danish) stemmers; PyStemmer objects are not shared between threads."""
    pair: tuple[Stemmer.Stemmer, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (Stemmer.Stemmer("norwegian"), Stemmer.Stemmer("danish"))
        _local.stemmers = pair
    return pair


def normalize_number(raw: str) -> list[str]:
    """Tokens for a run of digits with dots/commas, e.g. "28.000" -> ["28000"]."""
    if _DOT_THOUSANDS.fullmatch(raw):
        return [raw.replace(".", "")]
    if _COMMA_THOUSANDS.fullmatch(raw):
        return [raw.replace(",", "")]
    if _DA_THOUSANDS_DECIMAL.fullmatch(raw):
        return [_decimal(*raw.replace(".", "").split(","))]
    if _EN_THOUSANDS_DECIMAL.fullmatch(raw):
        return [_decimal(*raw.replace(",", "").split("."))]
    match = _DECIMAL.fullmatch(raw)
    if match:
        return [_decimal(match.group(1), match.group(2))]
    return [part for part in re.split(r"[.,]", raw) if part]


def _decimal(integer: str, fraction: str) -> str:
    fraction = fraction.rstrip("0")
    return f"{integer}.{fraction}" if fraction else integer


def tokenize(text: str) -> list[str]:
    """Lowercased word and number tokens of ``text`` (see the module docstring)."""
    normalized = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold()
    tokens: list[str] = []
    for match in _TOKEN_RE.finditer(normalized):
        value = match.group()
        kind = match.lastgroup
        if kind == "word":
            tokens.append(PERCENT_TOKEN if value in PERCENT_WORDS else value)
        elif kind == "number":
            tokens.extend(normalize_number(value))
        elif kind == "grouped":
            parts = value.split(" ")
            tokens.append("".join(parts))
            tokens.extend(parts)
        else:
            tokens.append(PERCENT_TOKEN)
    return tokens


def fold_spelling(word: str) -> str:
    """Step 1 of the term key: Danish spelling folded towards Norwegian."""
    for pattern, replacement in _PRE_FOLDS:
        word = pattern.sub(replacement, word)
    return word


def fold_stem(stem: str) -> str:
    """Step 3 of the term key: soft consonants, æ and doubled letters folded."""
    for pattern, replacement in _POST_FOLDS:
        stem = pattern.sub(replacement, stem)
    return stem


@lru_cache(maxsize=200_000)
def term_key(token: str) -> str:
    """The index term for one token: shared by its Danish and Norwegian forms."""
    if not token or not token.isalpha():
        return token
    norwegian, danish = _stemmers()
    return fold_stem(danish.stemWord(norwegian.stemWord(fold_spelling(token))))


def is_word(token: str) -> bool:
    """True for an alphabetic token (not a number, not the percent token)."""
    return token.isalpha() and token != PERCENT_TOKEN


class Term(NamedTuple):
    """One analyzed term; ``part`` marks a key that comes from decompounding."""

    key: str
    part: bool = False


def analyze_terms(text: str, decompounder: Decompounder | None = None) -> list[Term]:
    """Terms of ``text``: stopwords dropped, keys of words and of compound parts."""
    terms: list[Term] = []
    for token in tokenize(text):
        if token in STOPWORDS:
            continue
        if not is_word(token):
            terms.append(Term(token))
            continue
        if len(token) < 2:
            continue
        key = term_key(token)
        terms.append(Term(key))
        if decompounder is not None:
            seen = {key}
            for part in decompounder.split(token):
                part_key = term_key(part)
                if part_key not in seen:
                    seen.add(part_key)
                    terms.append(Term(part_key, part=True))
    return terms


def analyze(text: str, decompounder: Decompounder | None = None) -> list[str]:
    """The index terms of ``text`` (whole words first, then their compound parts)."""
    return [term.key for term in analyze_terms(text, decompounder)]


def build_vocabulary(texts: Iterable[str]) -> dict[str, int]:
    """Word -> count over ``texts`` (alphabetic tokens of >= 2 letters, no stopwords)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(t for t in tokenize(text) if len(t) >= 2 and is_word(t) and t not in STOPWORDS)
    return dict(counts)


class Decompounder:
    """Splits Danish/Norwegian compounds into parts known from a vocabulary.

    ``vocabulary`` maps words (lowercased tokens) to their counts in the corpus.
    ``split`` returns the parts as written (linking letters dropped), or ``()``.
    """

    def __init__(
        self,
        vocabulary: Mapping[str, int],
        *,
        min_length: int = 10,
        min_part: int = 4,
        min_head: int = 3,
        head_min_count: int = 3,
        max_parts: int = 3,
    ) -> None:
        self.vocabulary: dict[str, int] = {w: int(c) for w, c in vocabulary.items() if c > 0}
        self.min_length = min_length
        self.min_part = min_part
        self.min_head = min(min_head, min_part)
        self.head_min_count = head_min_count
        self.max_parts = max_parts
        key_counts: Counter[str] = Counter()
        for word, count in self.vocabulary.items():
            if is_word(word) and word not in STOPWORDS:
                key_counts[term_key(word)] += count
        self._key_counts: dict[str, int] = dict(key_counts)
        self._cache: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.vocabulary)

    def split(self, word: str) -> tuple[str, ...]:
        """Parts of ``word`` (e.g. ("narkotika", "kriminalitet")), or () if none."""
        if len(word) < self.min_length or not word.isalpha():
            return ()
        cached = self._cache.get(word)
        if cached is None:
            cached = self._best_split(word)
            self._cache[word] = cached
        return cached

    def _best_split(self, word: str) -> tuple[str, ...]:
        """The 2-part split with the best product of counts; 3 parts only if no 2-part split."""
        tails: dict[int, int] = {}

        def tail(i: int) -> int:
            if i not in tails:
                tails[i] = self._tail_count(word[i:])
            return tails[i]

        n = len(word)
        heads: list[tuple[int, str, int]] = []
        for i in range(self.min_head, n - self.min_part + 1):
            head, count = self._modifier(word[:i], first=True)
            if count:
                heads.append((i, head, count))
        best_score, best_parts = 0, ()
        for i, head, count in heads:
            score = count * tail(i)
            if score > best_score:
                best_score, best_parts = score, (head, word[i:])
        if best_parts or self.max_parts < 3:
            return best_parts
        for i, head, count in heads:
            for j in range(i + self.min_part, n - self.min_part + 1):
                middle, middle_count = self._modifier(word[i:j], first=False)
                score = count * middle_count * tail(j) if middle_count else 0
                if score > best_score:
                    best_score, best_parts = score, (head, middle, word[j:])
        return best_parts

    def _modifier(self, piece: str, *, first: bool) -> tuple[str, int]:
        """A non-final part as written in the vocabulary, with its count (0 if unknown)."""
        candidates = [piece]
        if piece[-1] in "se":
            candidates.append(piece[:-1])
        best, best_count = piece, 0
        for candidate in candidates:
            count = self.vocabulary.get(candidate, 0)
            if len(candidate) < self.min_part and (not first or count < self.head_min_count):
                continue
            if len(candidate) < self.min_head or candidate in STOPWORDS:
                continue
            if count > best_count:
                best, best_count = candidate, count
        return best, best_count

    def _tail_count(self, piece: str) -> int:
        """Count of the last part, matched by term key since it carries the inflection."""
        if len(piece) < self.min_part or piece in STOPWORDS or piece[0] == piece[1]:
            return 0
        if piece.startswith(_SUFFIX_STARTS):  # "mulig|heten", "ansvar|lige": an ending, not a word
            return 0
        if len(piece) < 5 and piece not in self.vocabulary:  # "ungdom|mers", "kontrol|lere"
            return 0
        key = term_key(piece)
        if len(key) < 3 or key in STOPWORDS:
            return 0
        return self._key_counts.get(key, 0)
