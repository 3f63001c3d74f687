"""Decide how two lines meet when a word may have been broken between them.

PDF extraction lost the soft hyphens in these texts: ``narkotikamis|bruget`` is one
word split over two lines with nothing to show it, while ``stofmisbrug|er`` could be
``stofmisbruger`` or ``stofmisbrug er``. Joining with a space breaks words; joining
without one glues words. The decision here rests on evidence:

* a vocabulary of words seen *inside* lines of the corpus itself (words next to a line
  break are left out, since they may be fragments), with counts and bigram counts;
* the ``wordfreq`` word lists for Danish, Norwegian bokmål and English;
* compound analysis: Danish and Norwegian glue nouns together, so a joined form that
  splits into known words (``narkotika`` + ``misbruget``) counts as a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache

from wordfreq import zipf_frequency

WORD_RX = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
CONJUNCTIONS = frozenset({"og", "eller", "samt", "and", "or", "til", "som", "at", "i"})
# short words that are never the first part of a compound on their own
FUNCTION_WORDS = frozenset(
    "af at av de den der det dem du en er et for fra har hun han i ikke jeg kan man med men mod mot "
    "nu når og om på sig seg sin skal som til ud ut var ved vi vil være være blev ble".split()
)
WORDFREQ_LANGS = ("da", "nb")
MIN_ZIPF = 2.0
MIN_PART = 3


class Join(StrEnum):
    SPACE = " "  # two words: "til behandling"
    GLUE = ""  # one word broken without a hyphen: "narkotikamis|bruget"
    DEHYPHEN = "dehyphen"  # one word broken with a soft hyphen: "behand-|ling"
    KEEP_HYPHEN = "keep-hyphen"  # a real hyphenated word: "2000-|tallet"
    HYPHEN_SPACE = "hyphen-space"  # elided compound: "sundheds-|og"


class Vocabulary:
    """Word and bigram counts from line interiors of a corpus."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.words: Counter[str] = Counter()
        self.bigrams: Counter[tuple[str, str]] = Counter()
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        for line in text.splitlines():
            words = [w.lower() for w in WORD_RX.findall(line)]
            # first and last word of a line may be fragments of a broken word
            inner = words[1:-1]
            self.words.update(inner)
            self.bigrams.update(zip(inner, inner[1:], strict=False))

    def count(self, word: str) -> int:
        return self.words.get(word.lower(), 0)

    def bigram(self, a: str, b: str) -> int:
        return self.bigrams.get((a.lower(), b.lower()), 0)


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    return max(zipf_frequency(word, lang) for lang in WORDFREQ_LANGS)


class JoinDecider:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocab = vocabulary

    def known(self, word: str) -> bool:
        w = word.lower()
        if len(w) <= 2:
            return True
        return self.vocab.count(w) > 0 or _zipf(w) >= MIN_ZIPF

    def any_known(self, word: str) -> bool:
        return self.known(word) or zipf_frequency(word.lower(), "en") >= 3.0

    def compound(self, word: str, depth: int = 0) -> bool:
        """True when ``word`` splits into known words (with an optional linking s/e)."""
        w = word.lower()
        if depth > 2 or len(w) < 2 * MIN_PART:
            return False
        for i in range(MIN_PART, len(w) - MIN_PART + 1):
            head, tail = w[:i], w[i:]
            if head in FUNCTION_WORDS or not self.known(head):
                continue
            if len(head) == MIN_PART and self.vocab.count(head) < 3:
                continue  # three-letter heads only when the corpus uses them ("rus")
            tails = [tail]
            if tail[:1] in ("s", "e") and len(tail) > MIN_PART:
                tails.append(tail[1:])
            for t in tails:
                if len(t) > MIN_PART and (self.known(t) or self.compound(t, depth + 1)):
                    return True
        return False

    def word_like(self, word: str) -> bool:
        w = word.lower()
        if self.known(w) or self.compound(w):
            return True
        # a definite genitive ("vejledningens", "Utekontaktens") is a whole word, never a compound head
        return w.endswith(("ens", "ets", "nes")) and self.word_like(w[:-1])

    def decide(self, left: str, right: str, hyphen: bool) -> Join:
        """``left`` is the last word of a line (without a trailing hyphen), ``right`` the
        first word of the next line."""
        if hyphen:
            if right.lower() in CONJUNCTIONS:
                return Join.HYPHEN_SPACE
            if left[-1:].isdigit() or right[:1].isupper() or left.isupper():
                return Join.KEEP_HYPHEN
            joined = left + right
            if self.word_like(joined):
                return Join.DEHYPHEN
            if self.vocab.count(f"{left}-{right}") > 0 or (self.any_known(left) and self.any_known(right)):
                return Join.KEEP_HYPHEN  # "low-|volume": two words and no joined word
            return Join.DEHYPHEN
        if not (left[-1:].isalpha() and right[:1].isalpha() and right[:1].islower()):
            return Join.SPACE
        joined = left + right
        if right.lower() in FUNCTION_WORDS:
            return Join.SPACE  # "kan få|et tilbud", never "fået"
        if left.lower() in FUNCTION_WORDS:  # "ind|satsen", "for|bindelse" need corpus evidence
            return Join.GLUE if self.vocab.count(joined) > self.vocab.bigram(left, right) else Join.SPACE
        if self.known(joined) and not (self.known(left) and self.known(right)):
            return Join.GLUE  # "tilbage|holdende", "eks|perimentelle"
        like_left, like_right = self.word_like(left), self.word_like(right)
        if not like_left and not like_right:
            return Join.GLUE  # two non-words side by side: "eks|perimentelle"
        if like_left != like_right:
            return Join.GLUE if self.word_like(joined) else Join.SPACE
        # both halves could be words: glue only on positive evidence for the joined form
        if self.vocab.count(joined) > self.vocab.bigram(left, right):
            return Join.GLUE
        if self.splits_elsewhere(joined, len(left)):
            return Join.GLUE  # "narkotikamis|bruget" = "narkotika" + "misbruget"
        return Join.SPACE

    def splits_elsewhere(self, word: str, brk: int) -> bool:
        """The word divides into two words at a point other than the line break."""
        w = word.lower()
        for i in range(4, len(w) - 3):
            if abs(i - brk) < 2:
                continue
            head, tail = w[:i], w[i:]
            if FUNCTION_WORDS & {head, tail}:
                continue
            if self.vocab.count(head) and self.vocab.count(tail):
                return True
        return False
