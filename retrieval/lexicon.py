"""General English -> Norwegian word translations, for English questions over Scandinavian text
(and read backwards, :func:`english_of`, for Danish and Norwegian questions over English text).

The glossary (``retrieval.glossary``) knows the drug-policy field; a user's English question
also says "feel confident", "named after", "Monday evening", which no Danish or Norwegian
passage contains. This lexicon (``data/lexicon_en_nb.tsv``, 8,400 English words, built by
``retrieval.lexicon_build`` from FreeDict's English-Norwegian dictionary, CC BY-SA 3.0) gives
the Norwegian words for them ("føle", "oppkalt", "mandag", "kveld"), which the analyzer then
stems like any other query word. Danish shares many of them ("mandag", "føle"). That dictionary
lacks everyday words ("party", "group", "prison"); for 2,300 of those, ``data/lexicon_en_da.tsv``
(FreeDict's Danish-English dictionary read backwards, GPL 3.0 or later) gives the Danish word,
which the analyzer folds onto the Norwegian one ("fængsel", "fengsel"). For 1,748 of the 9,000
most frequent English words (wordfreq) that neither file translates ("born", "power", "total"),
``data/lexicon_en_extra.tsv`` gives Bokmål and Danish words translated by hand from the word list
alone (stop 50), and ``data/lexicon_en_rare.tsv`` for 5,212 of those ranked 9,000 to 25,000
("foundry", "sewage", "skipper"; stop 52). An English phrasal verb means what neither of its
words does ("took over", "set aside", "laid off"); ``data/lexicon_en_phrasal.tsv`` gives 122 of
them their own translations ("overta", "avsette", "permittere"; stop 58), read before the words.
And a dictionary's first senses are often not a news text's ("service": "gudstjeneste",
"council": "råd", "scheme": "skema"): ``data/lexicon_en_senses.tsv`` replaces the translations of
667 of the 2,506 commonest English words the lexicon translates (wordfreq), reviewed by hand
from the word list and its translations alone (stop 58).

Only English text is translated: a text whose English function words outnumber its Danish
and Norwegian ones (:func:`looks_english`), and only its content words (no stopwords, no
numbers), each by its first ``MAX_TRANSLATIONS`` translations in the dictionary's order.
Inflected forms are looked up by their base form ("hanging" -> "hang", "named" -> "name").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path

from retrieval.stopwords import DANISH, ENGLISH, NORWEGIAN

LEXICON_PATH = Path(__file__).resolve().with_name("data") / "lexicon_en_nb.tsv"
DANISH_LEXICON_PATH = LEXICON_PATH.with_name("lexicon_en_da.tsv")
EXTRA_LEXICON_PATH = LEXICON_PATH.with_name("lexicon_en_extra.tsv")
RARE_LEXICON_PATH = LEXICON_PATH.with_name("lexicon_en_rare.tsv")
PHRASAL_LEXICON_PATH = LEXICON_PATH.with_name("lexicon_en_phrasal.tsv")
SENSES_LEXICON_PATH = LEXICON_PATH.with_name("lexicon_en_senses.tsv")
MAX_TRANSLATIONS = 4
MIN_WORD_LENGTH = 3


def _rows(path: Path) -> list[list[str]]:
    """A lexicon file's lines split at their tabs (none without the file; comments left out)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _read(path: Path) -> dict[str, tuple[str, ...]]:
    """A lexicon file's headwords and their translations (``word<TAB>t1|t2|...``)."""
    return {row[0]: tuple((row[1] if len(row) > 1 else "").split("|")) for row in _rows(path)}


def _read_extra(path: Path) -> dict[str, tuple[str, ...]]:
    """The hand-made file's words (``word<TAB>nb1|nb2<TAB>da1|da2``), each with its Norwegian and
    Danish translations taken in turn (nb1, da1, nb2, …), without repeats."""
    out: dict[str, tuple[str, ...]] = {}
    for row in _rows(path):
        word, nb, da = (row + ["", ""])[:3]
        pairs = zip_longest(nb.split("|") if nb else [], da.split("|") if da else [])
        out[word] = tuple(dict.fromkeys(t for pair in pairs for t in pair if t))
    return out


def lexicon() -> dict[str, tuple[str, ...]]:
    """The English headwords and their translations (read once; empty without the files): the
    English-Norwegian dictionary's, then the English-Danish file's for the words it lacks, then
    the hand-made files' for the English words both lack (the frequent ones, then the rarer)."""
    return _lexicon(rare=True)


@lru_cache(maxsize=2)
def _lexicon(rare: bool) -> dict[str, tuple[str, ...]]:
    norwegian = _read(LEXICON_PATH)
    out = dict(norwegian)
    for word, targets in _read(DANISH_LEXICON_PATH).items():
        if base_form(word, norwegian) is None:
            out[word] = targets
    for word, targets in _read_extra(EXTRA_LEXICON_PATH).items():
        out.setdefault(word, targets)
    if rare:
        for word, targets in _read_extra(RARE_LEXICON_PATH).items():
            out.setdefault(word, targets)
    # frequent words whose dictionary senses miss the common one ("service": "gudstjeneste")
    out.update(_read_extra(SENSES_LEXICON_PATH))
    return out


@lru_cache(maxsize=1)
def phrasal_verbs() -> dict[tuple[str, str], tuple[str, ...]]:
    """The hand-made file's phrasal verbs (``verb particle<TAB>nb1|nb2<TAB>da1|da2``), each as its
    (verb, particle) with its Norwegian and Danish words taken in turn, without repeats."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for phrase, words in _read_extra(PHRASAL_LEXICON_PATH).items():
        first, second = phrase.split()
        out[(first, second)] = words
    return out


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    """The second words of the phrasal verbs ("over", "up", "aside")."""
    return frozenset(second for _, second in phrasal_verbs())


def verb_bases(word: str) -> list[str]:
    """What an English word may be a form of, itself first ("took": "take"; "handed": "hand")."""
    return [word, *([IRREGULAR[word]] if word in IRREGULAR else []), *inflected_from(word)]


def phrasal_verbs_in(words: list[str]) -> tuple[list[tuple[str, ...]], list[str]]:
    """The phrasal verbs among lower-case English ``words`` (a verb in any form, its particle right
    after it: "took over", "setting up") with their translations, and the other words in order. A
    phrasal verb means what neither of its words does, so its words are not translated one by one."""
    table = phrasal_verbs()
    particles = _particles()
    groups: list[tuple[str, ...]] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        # a word's verb forms are looked up only before a particle of the table (most words are not)
        bases = verb_bases(words[i]) if after in particles else []
        found = next((table[(b, after)] for b in bases if (b, after) in table), None)
        if found:
            groups.append(found)
            i += 2
        else:
            rest.append(words[i])
            i += 1
    return groups, rest


MAX_ENGLISH = 3  # English words a Danish or Norwegian term may stand for (more: too ambiguous to use)


def backwards(pairs: Iterable[tuple[str, str]], limit: int = MAX_ENGLISH) -> dict[str, tuple[str, ...]]:
    """(English word, Danish or Norwegian word) pairs read backwards: each Danish or Norwegian
    term key -> its English words in order, without repeats; a key that stands for more than
    ``limit`` of them ("led": leader, conductor, govern, agile …) is left out as too ambiguous."""
    from retrieval.tokenization import term_key

    found: dict[str, list[str]] = {}
    for english, target in pairs:
        bucket = found.setdefault(term_key(target.lower()), [])
        if english not in bucket:
            bucket.append(english)
    return {key: tuple(words) for key, words in found.items() if len(words) <= limit}


@lru_cache(maxsize=1)
def reverse_lexicon() -> dict[str, tuple[str, ...]]:
    """The lexicon read backwards, for a Danish or Norwegian question about an English text: each
    English headword under the words it translates as a first or second sense ("barnebarn":
    grandchild, grandson). The frequent hand-made words count too, which leave some common terms
    too ambiguous to carry any ("død"); reading the dictionaries only cost a question (stop 51,
    (dz)). The rarer ones do not: they would leave 428 more terms without English words
    ("fengsel": jail, gaol, prison and penitentiary, one more than ``MAX_ENGLISH``)."""
    return backwards(
        (word, target) for word, targets in _lexicon(rare=False).items() for target in targets[:2] if " " not in target
    )


def english_of(term: str) -> list[str]:
    """The English words for a Danish or Norwegian term key (none when unknown or ambiguous)."""
    return list(reverse_lexicon().get(term, ()))


def looks_english(words: list[str]) -> bool:
    """More English function words than Danish and Norwegian ones ("what", "the", "of")."""
    english = sum(w in ENGLISH for w in words)
    other = sum(w in DANISH or w in NORWEGIAN for w in words)
    return english > other


def singular_forms(word: str) -> list[str]:
    """What an English plural may be the plural of ("policies": "policy", "boxes": "box",
    "rooms": "room"), most specific first; none for a word without a plural ending."""
    found: list[str] = []
    if word.endswith("ies"):
        found.append(word[:-3] + "y")
    if word.endswith("es"):
        found.append(word[:-2])
    if word.endswith("s"):
        found.append(word[:-1])
    return found


def base_form(word: str, known: Mapping[str, object]) -> str | None:
    """``word`` or its base form when ``known`` holds it: plural, past, -ing and -ly forms."""
    if word in known:
        return word
    return next((c for c in inflected_from(word) if c in known), None)


def inflected_from(word: str) -> list[str]:
    """What an English word may be an inflected form of, most specific first: the singular of a
    plural, the base of a past, an -ing or an -ly form ("decriminalising": "decriminalis",
    "decriminalise")."""
    candidates = singular_forms(word)
    if word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    if word.endswith("ed"):
        candidates += [word[:-2], word[:-1]]
        if len(word) > 4 and word[-3] == word[-4]:  # "stopped"
            candidates.append(word[:-3])
    if word.endswith("ing"):
        candidates += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:  # "running"
            candidates.append(word[:-4])
    if word.endswith("ly"):
        candidates.append(word[:-2])
    return candidates


# the past and past participle of English irregular verbs, read as their base form ("took": "take",
# "led": "lead", "built": "build"); the regular ones are :func:`inflected_from`'s. Left out: "born"
# (the dictionary's "bear" is the animal first) and the verbs whose past is their base ("set", "put")
_IRREGULAR = """
arose/arisen:arise ate/eaten:eat beaten:beat became:become began/begun:begin bent:bend bit/bitten:bite
bled:bleed blew/blown:blow broke/broken:break brought:bring built:build bought:buy caught:catch
chose/chosen:choose came:come dealt:deal dug:dig did/done:do drew/drawn:draw drank/drunk:drink
drove/driven:drive fell/fallen:fall fed:feed felt:feel fought:fight found:find fled:flee flew/flown:fly
forbade/forbidden:forbid forgot/forgotten:forget forgave/forgiven:forgive froze/frozen:freeze
got/gotten:get gave/given:give went/gone:go grew/grown:grow hung:hang heard:hear hid/hidden:hide
held:hold kept:keep knew/known:know laid:lay led:lead left:leave lent:lend lain:lie lost:lose
made:make meant:mean met:meet paid:pay ran:run rang/rung:ring rose/risen:rise said:say saw/seen:see
sought:seek sold:sell sent:send shook/shaken:shake shot:shoot shown:show sang/sung:sing sank/sunk:sink
sat:sit slept:sleep spoke/spoken:speak spent:spend stood:stand stole/stolen:steal stuck:stick
struck:strike swore/sworn:swear swept:sweep swam/swum:swim took/taken:take taught:teach tore/torn:tear
told:tell thought:think threw/thrown:throw understood:understand woke/woken:wake wore/worn:wear won:win
withdrew/withdrawn:withdraw wrote/written:write
"""
IRREGULAR: dict[str, str] = {
    form: base for entry in _IRREGULAR.split() for forms, base in [entry.rsplit(":", 1)] for form in forms.split("/")
}


def headword(word: str) -> str | None:
    """The lexicon's headword for a lower-case English content word (its base form), or None
    for a stopword, a number, a short word or a word the lexicon lacks. A possessive is read as
    its noun ("council's", "tenants'"), an irregular verb's past as its base ("led": "lead"), a
    superlative as its adjective ("largest": "large")."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("s'", "s’")):
        word = word[:-1]
    # an irregular past is read before the stopwords, which hold it as part of a contraction
    # ("won" of "won't" is the past of "win")
    irregular = word in IRREGULAR and IRREGULAR[word] not in ENGLISH
    if (word in ENGLISH and not irregular) or len(word) < MIN_WORD_LENGTH or word.isdigit():
        return None
    known = lexicon()
    # a verb's past before a homograph's headword ("found": "find", not "grunnlegge"; "fell": "fall")
    found = base_form(IRREGULAR[word], known) if word in IRREGULAR else None
    found = found or base_form(word, known)
    if found is None:
        found = next((b for b in superlative_of(word) if b in known), None)
    return found


def superlative_of(word: str) -> list[str]:
    """What an English superlative may be the adjective of ("largest": "larg", "large";
    "earliest": "early"; "biggest": "big"); none for a word without the ending."""
    if not word.endswith("est") or len(word) <= 5:
        return []
    stem = word[:-3]
    bases = [stem, stem + "e"]
    if stem.endswith("i"):
        bases.append(stem[:-1] + "y")
    if stem[-1] == stem[-2]:
        bases.append(stem[:-1])
    return bases


def translations_of(word: str) -> list[str]:
    """The Norwegian words for one lower-case English content word (none without a
    :func:`headword`); multi-word translations ("ta bort") give their words, without repeats."""
    base = headword(word)
    if base is None:
        return []
    found: list[str] = []
    for target in lexicon()[base][:MAX_TRANSLATIONS]:
        found.extend(part for part in target.split() if part not in found)
    return found
