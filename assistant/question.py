"""Read a question: its language, what kind of answer it wants, and what must hold.

The extractive engine needs no model, so it reads the question the way a careful
reader does: which language (to answer in), which kind of fact (an amount, a count, a
percentage, a year, a person, a position), and the hard constraints an answer has to
meet (a year, a place or a unit named in the question must be in the cited passage).
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from wordfreq import zipf_frequency

from assistant.models import Lang
from retrieval.glossary import Expansion, english_forms, expand, expansion_terms, words_of
from retrieval.lexicon import english_of
from retrieval.tokenization import analyze

Kind = Literal["money", "count", "percent", "date", "age", "duration", "person", "org", "stance", "other"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# strong one-language markers on top of word frequencies
_DA_MARKERS = set(
    "hvad af blev efter mod nu haft end sager penge meget afsat afsættes hvornår mig sig nogen noget ud".split()
)
# not "hvordan": Danish says it too
_NB_MARKERS = set("hva av ble etter mot nå enn saker penger mye meg seg noen noe ikkje kva".split())


PLACES: list[frozenset[str]] = [
    frozenset({"danmark", "denmark", "danish", "dansk", "danske", "danes"}),
    frozenset({"norge", "norway", "norwegian", "norsk", "norske", "noreg"}),
    frozenset({"sverige", "sweden", "swedish", "svensk", "svenske"}),
    frozenset({"portugal", "portuguese", "portugisisk", "portugisiske", "portugals"}),
    frozenset({"nederland", "nederlandene", "netherlands", "holland", "dutch", "nederlandsk"}),
    frozenset({"finland", "finnish", "finsk"}),
    frozenset({"island", "iceland"}),
    frozenset({"tyskland", "germany", "german", "tysk"}),
    frozenset({"frankrig", "frankrike", "france", "french", "fransk"}),
    frozenset({"england", "britain", "storbritannien", "storbritannia", "uk", "british", "britisk"}),
    frozenset({"usa", "amerika", "america", "american", "amerikansk"}),
    frozenset({"sveits", "schweiz", "switzerland", "swiss", "sveitsisk"}),
    frozenset({"canada", "canadian", "kanada"}),
    frozenset({"oslo"}),
    frozenset({"bergen"}),
    frozenset({"trondheim", "trøndelag"}),
    frozenset({"stavanger"}),
    frozenset({"københavn", "copenhagen", "københavns"}),
    frozenset({"aarhus", "århus"}),
    frozenset({"tromsø"}),
    frozenset({"europa", "europe", "european", "europeisk", "europæisk"}),
]
# Danish and Norwegian names of places that are common nouns in English ("live on the island")
ENGLISH_NOT_PLACES = frozenset({"island"})
# the endings a place's word takes in Danish and Norwegian text: a genitive ("Danmarks", "Bergens"),
# an adjective's plural or definite form ("britiske", "amerikanske"), a people's word ("tyskerne")
PLACE_ENDINGS = ("s", "e", "es", "en", "ens", "ene", "er", "ere", "erne")
PLACE_STEM = 4  # letters of a place's word before an ending is read on it ("usa", "uk" stand alone)


@lru_cache(maxsize=256)
def place_forms(group: frozenset[str]) -> frozenset[str]:
    """The words that name a place ``group`` lists: each as written, and with an ending."""
    return group | {w + end for w in group if len(w) >= PLACE_STEM for end in PLACE_ENDINGS}


def names_place(group: frozenset[str], words: Set[str]) -> bool:
    """Whether ``words`` (lower case) name the place ``group`` lists, in any of its forms
    ("British planes" are "Britiske fly")."""
    return not place_forms(group).isdisjoint(words)


UNITS: dict[str, set[str]] = {
    "gram": {"gram", "grams", "g"},
    "euro": {"euro", "euros", "€"},
    "kroner": {"kr", "kroner", "krone", "kr.", "nok", "dkk", "mio", "millioner", "mia", "milliarder"},
    "percent": {"%", "prosent", "procent", "percent", "per cent", "pct"},
    "years_work": {"årsverk", "årsværk"},
}
_UNIT_TRIGGERS: dict[str, set[str]] = {
    "gram": {"gram", "grams"},
    "euro": {"euro", "euros", "€"},
    "kroner": {"kroner", "kr", "kroners", "krone", "dkk", "nok"},
    "percent": {"percent", "percentage", "prosent", "procent", "%", "prosentandel"},
    "years_work": {"årsverk", "årsværk", "man-years", "person-years"},
}

# general words of the field that name the same counted thing ("nye rusmidler" = "nye stoffer")
_SYNONYM_GROUPS = [
    "rusmidler rusmiddel stoffer stoffer stof stoff narkotika euforiserende",
    "saker sager sak sag saksforhold forhold",
    "personer mennesker individer",
    "brugere brukere misbrugere misbrukere stofmisbrugere stofbrugere rusbrukere narkotikabrukere rusavhengige",
    "unge ungdom ungdommer",
    "verktøy værktøj værktøjer instrument instrumentet instrumenter redskap redskab metode",
]
HEAD_SYNONYMS: dict[str, tuple[str, ...]] = {
    w: tuple(x for x in group.split() if x != w) for group in _SYNONYM_GROUPS for w in group.split()
}

MINORITY_WORDS = {
    "mindretall",
    "mindretallet",
    "mindretal",
    "dissens",
    "dissent",
    "minority",
    "dissensen",
    "minoritet",
    "minoriteten",
    "uenige",
}
MAJORITY_WORDS = {"flertall", "flertallet", "flertal", "majority", "hovedforslaget", "vedtatt"}


@dataclass
class QuestionInfo:
    text: str
    lang: Lang
    kind: Kind
    terms: list[str]  # analysed content terms (stems), incl. glossary expansions for English
    # English: the analysed words the general lexicon adds (retrieval.lexicon), apart from
    # ``terms`` so that the legacy engine reads questions as it always did
    translations: list[str] = field(default_factory=list)
    # English: the analysed Danish/Norwegian equivalents of each English phrase or word, one
    # list per phrase (its alternatives: "evening" -> aften, kveld)
    alternatives: list[list[str]] = field(default_factory=list)
    head_terms: list[str] = field(default_factory=list)  # the thing counted/measured ("dødsfald")
    head_words: list[str] = field(default_factory=list)  # its words as written (+ glossary terms)
    years: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    places: list[frozenset[str]] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    minority: bool = False
    majority: bool = False
    focus: list[str] = field(default_factory=list)  # a follow-up's own terms, weighed above the carried ones
    own_text: str = ""  # a follow-up as the user wrote it (its text is the query with the carried subject)
    period: bool = False  # asks for a span of time ("i hvilken periode", "from when to when")
    # a follow-up's year counted from the last turn's ("Og året etter?" after "… i 2003?"): 2004 -> 2003
    shifted: dict[str, str] = field(default_factory=dict)
    # years that stand for their decade or century ("på 1920-tallet", "the 1990s"): 1920 -> "192"
    decades: dict[str, str] = field(default_factory=dict)


# how far a question's words must lean to Danish or to Norwegian for its own words to decide: below
# it (words both languages write alike: "Hvorfor det?", "Og året før?", "Hvem er Guillaume
# Poupard?") the detection was right for 57 % of the development questions, above it for 99 %
AMBIGUOUS_BALANCE = 1.0


def detect_lang(text: str, prior: Lang | None = None) -> Lang:
    """English, Danish or Norwegian bokmål, from word frequencies (wordfreq) and marker words.

    Names (words capitalised after the first) are left out when two or more other words remain:
    "Sør-Trøndelag" or "Harry Kane" say nothing of the language the question is asked in, and
    Norwegian place names made English and Danish questions read as Norwegian. ``prior``: the
    conversation's language, which a question whose words are as Danish as Norwegian keeps."""
    tokens = _WORD.findall(text)
    if not tokens:
        return "en"
    words = [t.lower() for i, t in enumerate(tokens) if i == 0 or not t[:1].isupper()]
    if len(words) < 2:
        words = [t.lower() for t in tokens]
    score = {lang: sum(_zipf(w, lang) for w in words) for lang in ("en", "da", "nb")}
    if score["en"] > max(score["da"], score["nb"]):
        return "en"
    balance = sum(_zipf(w, "da") - _zipf(w, "nb") for w in words)
    balance += 3 * sum(1 for w in words if w in _DA_MARKERS) - 3 * sum(1 for w in words if w in _NB_MARKERS)
    balance += sum(0.5 for w in words if "brug" in w or w.endswith(("hed", "tion"))) - sum(
        0.5 for w in words if "bruk" in w or w.endswith(("het", "sjon"))
    )
    if prior in ("da", "nb") and abs(balance) < AMBIGUOUS_BALANCE:
        return prior
    return "da" if balance > 0 else "nb"


@lru_cache(maxsize=50_000)
def _zipf(word: str, lang: str) -> float:
    return zipf_frequency(word, lang)


MONEY_NOUNS = set(
    "penge penger kroner kr mio millioner mia milliarder money euro dkk nok midler bevilling bevillinger".split()
)
PERCENT_NOUNS = {"prosent", "procent", "percent", "pct", "%"}


# a question that opens with a clause of time or condition ("When the police looked into …, what did
# they conclude?", "Hvis man blir tatt med hasj, hva skjer da?"): what it asks for is in the clause
# after the comma, not in the conjunction that opens the question
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:(?:og|and|but|men|so|så)\s+)?(?:when|whenever|if|once|after|before|while|since|"
    r"når|hvis|dersom|om|da|mens|etter at|efter at|før|inden|innen|siden)\s+"
    r"(?P<clause>[^,?]{8,}?),\s+(?P<rest>(?:what|which|who|whom|whose|how|where|why|when|hva|hvad|hvilke\w*|"
    r"hvilken|hvilket|hvem|hvor\w*|hvordan|hvorfor|hvornår|når|is|are|was|were|does|do|did|can|will|should|er|var|"
    r"har|kan|vil|skal|bør|blir|bliver|ble|blev)\b.*)$",
    re.I | re.S,
)
_QUESTION_WORD = re.compile(
    r"\b(?:what|which|who|how|where|why|hva|hvad|hvilke\w*|hvilken|hvilket|hvem|hvordan|hvorfor|hvornår)\b", re.I
)


def main_clause(text: str) -> str:
    """The question without a leading clause of time or condition ("When X, what …?" -> "what …?")."""
    m = _LEADING_CLAUSE.match(text)
    if m is None or _QUESTION_WORD.search(m.group("clause")):
        return text
    return m.group("rest")


# what a question's own interrogative asks for, whatever figure or money word it goes on to name:
# "Når sank andelen til 14,6 prosent?" (a time), "Hvorfor er det mer penger i herrefotball?" (a
# reason), "Hvem finansierer prosjektet?" (a name), "Vil Ap bruke mer penger på politiet?" (yes or
# no). Only a quantity interrogative ("hvor mye", "how many") asks for a figure.
_OPENER_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"^(?:(?:og|and|but|men|so|så)\s+)?(?:by |since |until |from |fra )?(?:when|når|hvornår)\b"
            r"|\b(?:hvornår|what year|which year|hvilket år|hvilken dato|what date|which date|"
            r"what is the date|what's the date)\b"
        ),
    ),
    ("other", re.compile(r"^(?:(?:og|and|but|men|so|så)\s+)?(?:why|hvorfor|how come)\b")),
    ("person", re.compile(r"^(?:(?:og|and|but|men|so|så)\s+)?(?:who|whom|hvem)\b")),
)
# the verbs a yes/no question opens with (the reader's kinds add "mener", "støtter": a position)
YES_NO_VERBS = (
    "er|is|are|was|were|var|har|have|has|had|havde|hadde|kan|can|could|skal|shall|should|vil|will|would|"
    "blir|bliver|ble|blev|does|do|did|gjør|gør|gjorde|bør|må|finnes|findes|fins|"
    # a belief asked about: "Tror KFK at helsetjenesten kan ta over uten mer penger?" (yes or no)
    "tror|troede|trodde"
)
_YES_NO_OPENER = re.compile(rf"^(?:(?:og|and|men|but|so|så)\s+)?(?:{YES_NO_VERBS})\b")


def _asked_by_opener(t: str) -> Kind | None:
    for kind, rx in _OPENER_KINDS:
        if rx.search(t):
            return kind
    return None


def _yes_or_no(t: str) -> bool:
    """Opens with a verb, and does not go on to ask a question of its own ("Kan du si hvor …?")."""
    return bool(_YES_NO_OPENER.search(t)) and not _QUESTION_WORD.search(t) and not re.search(r"\b(?:når|hvor)\b", t)


# what is paid or earned, an amount of money ("What is the price of …", "What were the revenues in 2023?",
# "How much did the film gross?"), as whole words: "pris" is no prefix of "prisoners"
EARNED = (
    r"price|prices|pris|prisen|priser|prisene|revenue|revenues|turnover|omsetning\w*|omsætning\w*|omsatte|omsat|"
    r"omsætter|omsætte|omsette|omsetter|omsatt|salary|salaries|"
    r"wage|wages|worth"
)


# "Hvilken pris fikk hun i 1999?" asks which prize she was given, not a price
PRIZE = re.compile(
    r"\b(?:hvilken|hvilket|hvilke|which)\s+(?:\w+\s+)?(?:pris|prisen|priser|prisene)\b"
    r"(?=.*\b(?:fikk|fik|vant|vandt|mottok|modtog|tildelt\w*|fått|fået|vunnet|vundet)\b)"
)


# a share or an amount the question states itself ("96 prosent", "the 80 million kroner loan")
_STATES_FIGURE = {
    "percent": re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|prosent|procent|percent|per cent|pct)"),
    "money": re.compile(
        r"\d+(?:[.,]\d+)?\s?(?:mio\.?|mill\.?|millioner|million|milliarder|billion|mia\.?)?\s?"
        r"(?:kr\.?|kroner|euro|euros|dollars?|pounds?|nok|dkk|£|\$|€)|(?:£|\$|€)\s?\d"
    ),
}


def classify(text: str) -> Kind:
    # a decade is a time, not a figure ("på 1920-tallet" holds no "tallet")
    t = _DECADE.sub(lambda m: m.group(1), main_clause(text).lower())
    t = PRIZE.sub(lambda m: m.group(0).rsplit(" ", 1)[0] + " prize", t)
    # "hvor mange narkotikahunder ... penge" counts dogs; "hvor mange penge" asks an amount
    if m := re.search(r"\b(?:how many|hvor mange|hvor mye|antallet af|antallet av)\s+([\w%]+)", t):
        if m.group(1) in PERCENT_NOUNS:
            return "percent"
        if m.group(1) in ("år", "years") and re.search(r"\b(gammel|gamle|gammal|old)\b", t):
            return "age"
        if m.group(1) not in MONEY_NOUNS and not m.group(0).startswith("hvor mye"):
            return "count"
        if m.group(1) in MONEY_NOUNS:  # "hvor mange penger", "hvor mange midler": an amount
            return "money"
    rules: list[tuple[Kind, str]] = [
        (
            "percent",
            r"\b(percent|percentage|per cent|prosent|procent|prosentdel\w*|procentdel\w*|prosentandel\w*|"
            r"procentandel\w*|andel|share|hvor stor (?:en )?del|hvor stor en andel|what proportion)\b|%",
        ),
        (
            "money",
            r"\b(how much money|budget|funding|fund|funds|cost|costs|kroner|penge|penger|beløb|beløp|"
            r"afsat|afsættes|afsætter|satt av|settes av|bevilg\w*|finansier\w*|mio|millioner|million|"
            r"koste|kosta|koster|kostet|kostede|kostnad\w*|omkostning\w*|totalkostnad\w*|"
            rf"hvor meget|hvor mye|how much|budget\w*|request\w*|{EARNED})\b",
        ),
        (
            "age",
            r"\b(how old|age|ages|alder|alderen|hvor gammel|hvor gamle|aldersgr\w*|år gamle|år gammel|"
            r"years old)\b",
        ),
        (
            "duration",
            r"\b(how long|how soon|hvor længe|hvor lenge|hvor lang tid|hvor snart|varighed|varighet|duration)\b",
        ),
        # "when"/"når" ask for a time only at the start ("Når ble ...", "And when ..."), not in
        # "hva skjer når unge bryter ..."
        (
            "date",
            r"^(?:(?:og|and|but|men|so|så)\s+)?(?:by |since |until )?(?:when|når)\b|"
            r"\b(hvornår|what year|which year|hvilket år|hvilken dato|what date|date|dato|årstal|årstall|"
            r"fra hvilken dato|from which date|which period|what period|hvilken periode|hvilket tidsrom|tidsrum)\b",
        ),
        ("count", r"\b(how many|hvor mange|antal|antall|number of|tallet|tall)\b"),
        # "who" that asks, not one that relates ("How are the two people who were evacuated …?")
        (
            "person",
            r"^(?:[\w'-]+\s+){0,3}who\b|,\s*who\b|\b(hvem|which ministers?|hvilke ministre|signed|signert|"
            r"underskrev\w*|undertegn\w*)\b",
        ),
        ("org", r"\b(which organi[sz]ation|hvilken organisation|hvilken organisasjon|which body|hvilket organ)\b"),
        (
            "stance",
            r"\b(think|thinks|synes|view|views|position|stance|opinion|mener|syn|holdning|standpunkt|ønsker|"
            r"want|wants|propose|proposes|foreslår|recommend|recommends|anbefaler|argue|argues|warn|"
            r"warns|advarer|support|supports|støtter|oppfatning|opfattelse|hva vil|hvad vil|what will|"
            r"gjøre med|gøre med|do about)\b",
        ),
    ]
    quantity = re.search(r"\b(how much|how many|hvor mye|hvor meget|hvor mange|hvor stor|what share)\b", t)
    if not quantity and (asked := _asked_by_opener(t)):
        return asked  # "Når sank andelen til 14,6 prosent?" asks a time, not a share
    # "Hva vil det koste …?", "What will it cost …?" ask an amount, not what someone will do
    priced = re.search(
        r"\b(?:koste|kosta|koster|kostet|kostede)\b"
        r"|\b(?:will|would|does|did|do|to)\s+(?!about\b|with\b|for\b|on\b)(?:[\w-]+\s+){0,2}cost\b",
        t,
    )
    quantity = quantity or priced
    if not quantity and re.search(rules[-1][1], t) and not re.search(r"^(?:\w+\s+){0,2}(?:who|hvem)\b", t):
        return "stance"  # "Hva mener KFK om kravet om ... uten økte bevilgninger?" asks a position
    if not quantity and _yes_or_no(t):
        return "other"  # "Vil Ap bruke mer penger på politiet?" asks yes or no, not an amount
    for kind, pattern in rules:
        if re.search(pattern, t):
            if kind in ("percent", "money") and not quantity and _STATES_FIGURE[kind].search(t):
                continue  # "What accounts for around 96 percent of …?", "Which lender provides the 80
                # million kroner loan?": the question gives the figure and asks what has it
            if (
                kind == "money"
                and re.search(r"\b(how much|hvor meget|hvor mye)\b", t)
                and not re.search(
                    r"money|penge|penger|kroner|budget|fund|afsat|satt av|settes av|afsættes|kost|cost|spend|"
                    r"allocat|set aside|earmark|bevilg|grant|request|budget|"
                    # paid, charged or earned: "How much did St. Pauli pay for Sahin?", "Hvor mye tjente filmen?"
                    rf"\b(?:{EARNED})\b|\b(?:pa(?:y|ys|id|ying)\b|betal|charg|earn|tjen(?:te|er|t|e)\b|lønn|løn\b|"
                    r"inntekt|indtægt|indtjen|gross|fee\b|gebyr)",
                    t,
                )
            ):
                continue  # "how much" about something else
            return kind
    return "other"


_HEAD_AFTER = re.compile(
    r"\b(?:how many|hvor mange|number of|antal(?:let)? (?:af|av)?|antall(?:et)? av|"
    r"(?:share|proportion|percentage) of|andel(?:en)? (?:af|av)|"
    r"(?:hvem|who) (?:er|is|var|was|blev|ble|became)(?: the| den| det)?|"
    r"^(?:hvilken|hvilket|hvilke))\s+([^?.,]+)",
    re.I,
)
HEAD_SKIP = set(
    "the a an of de dem den det der som who that which are were is was er var har have had in i på at til "
    "ekstra extra new nye nya flere more andre other for af av of til to on med with".split()
)
# too general to name what is counted: "share of people ...", "drug-related deaths"
HEAD_GENERIC = set(
    "people persons personer mennesker folk those drug drugs related narkotika stoffer narkotikarelaterede "
    "narkotikarelaterte".split()
)
QUESTION_WORDS = set("what which who how many much when where why hvad hva hvilke hvilken hvem hvor mange".split())


MEASURE_NOUNS = (
    r"diameter\w*|høyde\w*|højde\w*|height|lengde\w*|længde\w*|length|areal\w*|area|vekt\w*|vægt\w*|"
    r"weight|dybde\w*|depth|bredde\w*|width|temperatur\w*|temperature|hastighet\w*|hastighed\w*|speed|"
    r"avstand\w*|afstand\w*|distance|omkrets\w*|omkreds\w*|circumference|rekkevidde\w*|rækkevidde\w*|"
    r"range|befolkning\w*|folketall\w*|folketal\w*|population|innbyggertall\w*|indbyggertal\w*|"
    r"volum\w*|volume"
)
# a magnitude: "hvor høy / langt / stor …", "how high / far / large …", or the measure named after
# "hva er" / "what is" / "ved hvilken" ("Hva er temperaturen på …", "What is the diameter of …"):
# a figure answers it ("137 meter", "16 grader", "93 bar", "1,78 sekunder")
MEASURE_Q = re.compile(
    r"\b(?:hvor|how)\s+(?P<adj>høy|høyt|høye|høj|højt|høje|lang|lange|langt|stor|store|stort|dyp|dypt|dype|dyb|"
    r"dybt|bred|bredt|brede|tung|tungt|tykk|tykt|tyk|varm|varmt|kald|kaldt|rask|raskt|hurtig|hurtigt|fort|"
    r"high|tall|long|far|large|big|deep|wide|broad|heavy|thick|hot|warm|cold|fast|quick|quickly|rapidly)\b"
    r"|^(?:(?:og|and|men|but)\s+)?(?:hva|hvad|what|ved hvilken|ved hvilket|at what)\s+(?:\w+\s+){0,3}?"
    rf"(?P<noun>{MEASURE_NOUNS})\b",
    re.I,
)
# English "how long is / was / will … be" asks a length as often as a time ("How long is the coastline?",
# "How long was the sentence?", "How long will the runway be?", "How long a road did they build?"):
# a figure answers either
LENGTH_Q = re.compile(
    r"^(?:(?:and|but)\s+)?how long (?:is|was|are|were|an?\s|(?:will|would|could|should)\s+(?:[\w'-]+\s+){1,4}be\b)",
    re.I,
)
MEASURE_NOUN = re.compile(rf"\b(?:{MEASURE_NOUNS})\b", re.I)
# English magnitudes as the texts write them
MEASURE_WORDS = {
    "high": "høy", "tall": "høy", "long": "lang", "far": "lang", "large": "stor", "big": "stor", "deep": "dyp",
    "wide": "bred", "broad": "bred", "heavy": "tung", "thick": "tykk", "hot": "varm", "warm": "varm",
    "cold": "kald", "fast": "rask", "quick": "rask", "quickly": "rask", "rapidly": "rask",
    "height": "høyde", "length": "lengde", "weight": "vekt", "depth": "dybde", "width": "bredde",
    "temperature": "temperatur", "speed": "hastighet", "distance": "avstand", "circumference": "omkrets",
    "range": "rekkevidde", "population": "innbygger", "volume": "volum", "area": "areal",
}  # fmt: skip
# a decade or a century named by its first year ("1920-tallet", "1990'erne", "the 1880s", "1900-talet")
_DECADE = re.compile(r"\b(\d{2,3}0)(?:-tallet|-talet|-årene|'erne|erne|-erne|s)\b", re.I)


def english_words(term: str) -> list[str]:
    """The terms of the English words a Danish or Norwegian term stands for: the general lexicon's
    (:func:`english_of`) and the field's glossary's (:func:`english_forms`), both read backwards."""
    words = [*english_of(term), *english_forms(term)]
    return list(dict.fromkeys(e for word in words for e in analyze(word) if e != term))


def analyze_question(text: str) -> QuestionInfo:
    lang = detect_lang(text)
    lower = text.lower()
    words = set(w.lower() for w in _WORD.findall(text))
    found = expand(text, general=True) if lang == "en" else Expansion([], [])
    expansion = " ".join(words_of(found.glossary))
    terms = list(dict.fromkeys(analyze(text) + (analyze(expansion) if expansion else [])))
    general = " ".join(words_of(found.lexicon))
    translations = [t for t in dict.fromkeys(analyze(general)) if t not in terms] if general else []
    groups = found.glossary + found.lexicon
    # a Danish or Norwegian question about an English text: each term with its English words as
    # alternatives ("barnebarn" or "grandchild"); a corpus without those English words weighs none
    english = [(t, *english_words(t)) for t in terms if lang != "en" and t.isalpha()]
    back = [list(dict.fromkeys(g)) for g in english if len(g) > 1]
    translations += [t for g in back for t in g[1:] if t not in terms and t not in translations]
    head: list[str] = []
    head_words: list[str] = []
    if m := _HEAD_AFTER.search(text):
        phrase = " ".join(m.group(1).split()[:3])
        head = analyze(phrase) + (analyze(" ".join(expansion_terms(phrase, general=False))) if lang == "en" else [])
        # the counted noun: the first content words of the phrase ("ekstra narkotikahunder fikk")
        # whole words as written ("drug-related deaths" is two), one for "who is the <role>"
        size = 1 if re.match(r"(?i)hvem|who|hvilk", m.group(0)) else 2
        tokens = [t for t in phrase.split() if t.lower().strip("'’") not in HEAD_SKIP][:size]
        kept = [w for t in tokens for w in _WORD.findall(t) if w.lower() not in HEAD_GENERIC]
        # in English, also the documents' words for it when the glossary knows them
        expanded = (
            [w for w in expansion_terms(" ".join(kept), general=False) if w not in HEAD_GENERIC] if lang == "en" else []
        )
        head_words = kept + expanded
        head_words += [s for w in list(head_words) for s in HEAD_SYNONYMS.get(w.lower(), ())]
    years = re.findall(r"\b(?:19|20)\d\d\b", text)
    # "1900-tallet" is a century (any 19xx), "1920-tallet" a decade (any 192x)
    decades = {y: y[:2] if y.endswith("00") else y[:3] for y in (m.group(1) for m in _DECADE.finditer(text))}
    numbers = [n for n in re.findall(r"\b\d+(?:[.,]\d+)?\b", text) if n not in years]
    places = [group for group in PLACES if group & (words - ENGLISH_NOT_PLACES if lang == "en" else words)]
    units = [
        u
        for u, triggers in _UNIT_TRIGGERS.items()
        if triggers & words or (u == "percent" and ("%" in text or re.search(r"\bper cent\b", text, re.I)))
    ]
    return QuestionInfo(
        text=text,
        lang=lang,
        kind=classify(lower),
        terms=terms,
        translations=translations,
        alternatives=[found for g in groups if (found := list(dict.fromkeys(analyze(" ".join(g)))))] + back,
        head_terms=list(dict.fromkeys(head)),
        head_words=list(dict.fromkeys(head_words)),
        years=years,
        decades=decades,
        numbers=numbers,
        places=places,
        units=units,
        period=bool(re.search(r"\b(period|periode|perioden|tidsrom|tidsrum|from when|fra hvornår|fra når)\b", lower)),
        minority=bool(MINORITY_WORDS & words),
        majority=bool(MAJORITY_WORDS & words),
    )


def measure_word(text: str) -> str | None:
    """The magnitude a question asks ("høy", "lang", "diameter", "temperature"), in the words
    a Norwegian or Danish text writes it with, or None when it asks none."""
    t = main_clause(text)
    if LENGTH_Q.match(t):
        return "lang"
    m = MEASURE_Q.search(t)
    if not m:
        return None
    word = (m.group("adj") or m.group("noun")).lower()
    if word in ("stor", "store", "stort", "large", "big") and (noun := MEASURE_NOUN.search(t, m.end())):
        word = noun.group(0).lower()  # "Hvor stor diameter har …?": the diameter
    return MEASURE_WORDS.get(word, word)
