"""Stopword lists for the lexical analyzer, written out as data.

The Danish, Norwegian (bokmål + the nynorsk forms Snowball includes) and English lists
are the standard Snowball stop lists (snowballstem.org ``stop.txt`` files, as shipped by
NLTK). English contractions are also listed in the pieces our tokenizer splits them
into ("don't" -> "don", "t"), since apostrophes are separators.

``STOPWORDS`` is their union minus ``KEPT_CONTENT_WORDS``: words that are function
words in one language but content words in another that the documents are written in
(English "by" is the Danish/Norwegian noun for "town").
"""

from __future__ import annotations

DANISH: frozenset[str] = frozenset(
    """
    og i jeg det at en den til er som på de med han af for ikke der var mig sig men et
    har om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller
    hvad skal selv her alle vil blev kunne ind når være dog noget ville jo deres efter
    ned skulle denne end dette mit også under have dig anden hende mine alt meget sit
    sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer
    sådan
    """.split()
)

NORWEGIAN: frozenset[str] = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg
    men ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man
    kan hans hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når
    være kom noen noe ville dere deres kun ja etter ned skulle denne for deg si sine
    sitt mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken
    hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også
    slik vært båe begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt
    elles honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva
    kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre
    sia sidan so somt somme um upp vere vore verte vort varte vart
    """.split()
)

ENGLISH: frozenset[str] = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing would should could ought a an the and but if or because as
    until while of at by for with about against between into through during before
    after above below to from up down in out on off over under again further then once
    here there when where why how all any both each few more most other some such no nor
    not only own same so than too very cannot can will just
    s t d ll m re ve isn aren wasn weren hasn haven hadn doesn don didn won wouldn shan
    shouldn couldn mustn
    """.split()
)

KEPT_CONTENT_WORDS: frozenset[str] = frozenset({"by"})

STOPWORDS: frozenset[str] = (DANISH | NORWEGIAN | ENGLISH) - KEPT_CONTENT_WORDS


def is_stopword(token: str) -> bool:
    """True for a lowercased token on any of the three lists."""
    return token in STOPWORDS
