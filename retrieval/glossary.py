"""English -> Danish/Norwegian drug-policy vocabulary, for query expansion only.

The documents are Danish or Norwegian, so an English question shares almost no words
with them. ``expand_query`` appends the Danish and Norwegian equivalents of the English
terms it finds; the lexical index gives those added words a lower weight than the
words the user typed. The list is general vocabulary of the field (no document's
answers), keyed by the English forms that are not also Danish/Norwegian words
(no "gang", "men", "fall", "nok", "ost"), so a Danish or Norwegian question is rarely expanded.
Phrases are matched before single words ("harm reduction" before "harm"). The English
words no phrase covers get the general lexicon's translations (``retrieval.lexicon``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from retrieval.lexicon import looks_english, translations_of

# "english form|other form|...": Danish and Norwegian equivalents (space separated).
_ENTRIES: dict[str, str] = {
    # substances and use
    "drug|drugs|narcotic|narcotics|illicit drugs|illegal drugs": "narkotika stoffer stof rusmidler narko",
    "substance|substances": "rusmidler rusmiddel stoffer",
    "drug-related|drug related": "narkotikarelaterede narkotikarelaterte",
    "drug use|drug taking|substance use": "stofbrug rusbruk narkotikabruk rusmiddelbruk",
    "use|using|usage|consumption": "brug bruk forbrug forbruk",
    "abuse|misuse|substance abuse|drug abuse": "misbrug misbruk stofmisbrug rusmisbruk",
    "addiction|dependence|dependency|addictions": "afhængighed avhengighet rusavhengighet",
    "addict|addicts|addicted|dependent": "misbrugere misbrukere rusavhengige afhængige avhengige",
    "drug user|drug users|user|users": "brugere brukere stofbrugere rusbrukere narkotikabrukere",
    "heavy users|problem users|problematic use": "tunge belastede misbrugere rusavhengige",
    "cannabis|marijuana|marihuana|weed|hashish": "cannabis hash hasj marihuana",
    "cocaine": "kokain",
    "heroin": "heroin",
    "opioid|opioids|opiate|opiates": "opioider opiater",
    "amphetamine|amphetamines": "amfetamin",
    "ecstasy|mdma": "ecstasy",
    "methadone": "metadon",
    "buprenorphine": "buprenorfin",
    "naloxone": "naloxon nalokson",
    "alcohol": "alkohol",
    "tobacco|smoking": "tobak tobakk røyking rygning",
    "medicine|medicines|medication|pharmaceutical|pharmaceuticals": "medicin medisin lægemiddel legemiddel",
    "prescription|prescriptions": "recept resept",
    "dose|doses|user dose|user doses|personal use": "dosis dose doser brugerdosis brukerdose brukerdoser",
    "quantity|quantities|amount|amounts": "mængde mengde mengder",
    "injection|injections|inject|injecting": "injektion injeksjon sprøjte sprøyte",
    "needle|needles|syringe|syringes": "sprøjter sprøyter kanyler",
    "injection room|consumption room|drug consumption room|supervised injection": "fixerum sprøyterom",
    "overdose|overdoses": "overdosis overdose overdoser",
    "death|deaths|died|dead|fatal|fatalities|mortality": "dødsfald dødsfall døde dødelighet dødelighed",
    "recreational|experimental": "eksperimenterende rekreativ festbrug",
    "prevalence|extent": "udbredelse utbredelse omfang forekomst",
    # health and treatment
    "treatment|treatments|treat|treated": "behandling behandle behandlingstilbud",
    "substitution treatment|opioid substitution|maintenance treatment": (
        "substitutionsbehandling substitusjonsbehandling legemiddelassistert lar"
    ),
    "rehabilitation|rehab|recovery": "rehabilitering bedring",
    "aftercare": "efterbehandling ettervern",
    "detox|detoxification|withdrawal": "afgiftning avrusning abstinens abstinenser",
    "harm reduction": "skadereduktion skadesreduktion skadereduksjon",
    "harm|harms|damage": "skade skader skadevirkninger",
    "prevention|prevent|preventing|preventive": "forebyggelse forebygging forebygge forebyggende",
    "early intervention": "tidlig indsats innsats",
    "health|healthcare|health care": "sundhed helse sundhedsvæsen helsevesen",
    "health service|health services": "helsetjeneste helsetjenester sundhedsvæsenet",
    "mental health|psychiatric|psychiatry|mental illness": "psykiatri psykisk psykiske",
    "doctor|doctors|physician|physicians|gp": "læge læger lege leger",
    "nurse|nurses": "sygeplejerske sykepleier",
    "hospital|hospitals": "sygehus sykehus hospital",
    "emergency": "akut akutt legevakt",
    "counselling|counseling|guidance|advice": "rådgivning veiledning vejledning råd",
    "outreach": "opsøgende oppsøkende gadeplan",
    "waiting list|waiting time|waiting times": "ventetid venteliste",
    "coercion|compulsory|coercive|forced": "tvang tvangsbehandling",
    "voluntary|voluntarily": "frivillig frivillige",
    "testing|test|tests|drug test|drug testing|urine test": "test urinprøve rusprøve testing",
    "risk|risks": "risiko",
    "vulnerable|marginalised|marginalized|socially excluded": "udsatte utsatte sårbare marginaliserte",
    "homeless|homelessness": "hjemløse bostedsløse hjemløshed",
    "housing": "bolig boliger",
    "pregnant|pregnancy": "gravide graviditet",
    # crime, police, justice
    "crime|crimes": "kriminalitet forbrydelse lovbrudd",
    "criminal|criminals": "kriminel kriminell kriminelle",
    "drug crime|drug offence|drug offences|drug offense|drug offenses": (
        "narkotikakriminalitet narkotikalovbrudd narkotikaovertredelser"
    ),
    "offence|offences|offense|offenses|violation|violations": "overtrædelse overtredelse lovbrudd",
    "organised crime|organized crime|gangs|gang crime": "organiseret organisert kriminalitet bander gjenger",
    "criminal record|criminal records": "straffeattest vandelsattest",
    "criminal liability|criminal responsibility": "strafansvar straffansvar strafferetlig",
    "penalty|penalties|punishment|punishments|sanction|sanctions": (
        "straf straff straffe sanktion sanksjon straffereaksjon straffereaksjoner"
    ),
    "punish|punished|punishable|criminalise|criminalize|criminalised|criminalized": "straffe straffbart",
    "sentence|sentences|sentenced|conviction|convicted": "dom dømt dømmes domfelte",
    "fine|fines|fined": "bøde bøder bot bøter bødestraf",
    "fee|fees|charge": "gebyr avgift",
    "income": "indkomst inntekt",
    "decriminalisation|decriminalization|decriminalise|decriminalize|decriminalised|decriminalized": (
        "afkriminalisering avkriminalisering avkriminalisere afkriminalisere"
    ),
    "legalisation|legalization|legalise|legalize|legalised|legalized": "legalisering legalisere",
    "possession|possess|possessing": "besiddelse besittelse besitte",
    "sale|sales|sell|selling|dealing|dealer|dealers|pusher|pushers": "salg sælge selge pusher handel",
    "trafficking|smuggling|drug trade|drug market|drug markets": (
        "narkotikahandel smugling indsmugling omsetning narkotikamarked"
    ),
    "seizure|seizures|confiscation|confiscated": "beslag beslaglæggelse beslaglegging",
    "arrest|arrests|arrested|detained": "anholdelse pågripelse anholdt pågrepet arrest",
    "investigation|investigations": "efterforskning etterforskning",
    "police|policing|officer|officers": "politi politiet politibetjente polititjenestemenn",
    "prison|prisons|jail|jails|imprisonment|incarceration": "fængsel fengsel fængsler fengsler",
    "prisoner|prisoners|inmate|inmates": "indsatte innsatte",
    "probation|correctional service|correctional services": "kriminalforsorgen kriminalomsorgen",
    "court|courts|judge|judges": "domstol domstole domstoler retten dommer",
    "prosecution|prosecutor|prosecutors|prosecuting authority": "anklagemyndighed påtalemyndighet påtale",
    "charge|charges|charged|indictment": "sigtelse siktelse tiltale",
    "waiver of prosecution|conditional waiver|withdrawal of charges": (
        "tiltalefrafald påtaleunnlatelse påtaleunnlatelser"
    ),
    "conditional|suspended sentence|suspended": "betinget betinget dom",
    "community service|community sentence": "samfundstjeneste samfunnsstraff",
    "youth punishment|juvenile sentence|youth sentence": "ungdomssanktion ungdomsstraff",
    "youth follow-up|youth follow up": "ungdomsoppfølging",
    "mediation|restorative justice|conflict council|conflict councils|mediation service": (
        "konfliktråd konfliktrådet mægling megling"
    ),
    "contract|contracts": "kontrakt kontrakter ruskontrakt",
    "follow-up|follow up|monitoring": "opfølgning oppfølging",
    "recidivism|reoffending|relapse": "tilbagefald tilbakefall",
    "violence|violent": "vold voldelig",
    "border|borders|customs": "grænse grense told toll",
    "driving|drugged driving|driving licence|driving license": "kørekort førerkort ruspåvirket kjøring",
    # people and places
    "young people|youth|youths|adolescents|teenagers|juveniles|young": "unge ungdom ungdommer",
    "child|children|minors|minor": "børn barn mindreårige",
    "parent|parents": "forældre foreldre",
    "family|families": "familie familier",
    "school|schools|pupil|pupils": "skole skoler elever",
    "student|students": "studerende studenter elever",
    "women|woman|female": "kvinder kvinner",
    "immigrants|ethnic minorities|minority background": "indvandrere innvandrere etniske minoriteter",
    "age|aged|ages": "alder årige",
    "nightlife|party|parties|festival|festivals": "natteliv nattelivet fest festival",
    "street|streets|open drug scene|drug scene": "gade gate gaden gaten miljø rusmiljø",
    "internet|online|dark web|darknet": "internet internett nettet darknet mørkenettet",
    "municipality|municipalities|local authority|local authorities|municipal": ("kommune kommuner kommunale kommunen"),
    "city|cities|town|towns": "by byer storbyer",
    "region|regions|regional|county": "region regioner regionale fylke",
    "country|countries|national|nationwide": "land landet nasjonal national landsdækkende",
    "international|europe|european": "international internasjonal europa europæisk europeisk",
    "denmark|danish": "danmark dansk",
    "norway|norwegian": "norge norsk",
    "sweden|swedish": "sverige svensk",
    # policy and administration
    "policy|policies|drug policy": "politik politikk narkotikapolitik narkotikapolitikk ruspolitikk",
    "government|cabinet": "regeringen regjeringen",
    "ministry|minister|ministers|department": "ministerium minister departement departementet",
    "directorate|agency|authority|authorities": "direktorat direktoratet styrelse myndighed myndighet",
    "parliament|storting|folketing": "folketinget stortinget",
    "law|laws|act|legislation|legal": "lov loven lovgivning lovgivningen lovlig",
    "criminal code|penal code": "straffeloven straffelov",
    "reform|reforms": "reform reformen rusreform",
    "committee|commission|expert panel": "udvalg utvalg utvalget kommission kommisjon ekspertpanel",
    "panel|board|tribunal": "nemnd nemd nævn",
    "interdisciplinary|multidisciplinary|cross-disciplinary": "tverrfaglig tværfaglig tverrfaglige tværfaglige",
    "intoxicated|under the influence|impaired": "ruspåvirket påvirket beruset",
    "first-time offender|first-time offenders|first offence|first-time": "førstegangs førstegangsforseelser",
    "offender|offenders|lawbreaker|lawbreakers": "lovbrytere lovovertrædere gerningsmænd",
    "limit|limits|threshold|thresholds|ceiling": "grense grenser grænse grænser",
    "profession|professions|professional groups": "faggrupper fagfolk yrkesgrupper",
    "warn|warns|warning|warned": "advare advarer",
    "report|reports|review": "rapport redegørelse utredning rapporten",
    "consultation|consultation response|hearing": "høring høringssvar høringsuttalelse",
    "statement|opinion|position|view|views": "udtalelse uttalelse standpunkt syn",
    "proposal|proposals|propose|proposes|proposed": "forslag foreslår foreslås",
    "recommendation|recommendations|recommend|recommends": "anbefaling anbefalinger anbefaler",
    "majority": "flertal flertall flertallet",
    "dissent|dissenting|minority": "dissens mindretal mindretall mindretallet",
    "action plan|strategy|plan|plans": "handlingsplan strategi plan",
    "initiative|initiatives|measure|measures|intervention|interventions": (
        "initiativ initiativer tiltag tiltak indsats innsats"
    ),
    "goal|goals|aim|aims|objective|objectives|target|targets": "mål målsætning målsetting",
    "budget|funding|funds|grant|grants|allocation|allocated": "bevilling bevilget midler finansiering",
    "million|millions|dkk|kroner": "mio millioner kr kroner",
    "cost|costs|expenditure|expenses": "udgifter utgifter kostnader omkostninger",
    "evaluation|evaluate|assessment|assess": "evaluering vurdering evaluere",
    "research|study|studies|survey|surveys": "forskning undersøgelse undersøkelse studie",
    "evidence|knowledge": "viden kunnskap dokumentation dokumentasjon",
    "effect|effects|impact|effectiveness": "effekt effekter virkning",
    "pilot|trial|trials|experiment|project|projects": "forsøg forsøk pilot projekt prosjekt",
    "statistics|figures|data": "statistik statistikk tal tall",
    "number|numbers|count": "antal antall",
    "increase|increased|increasing|rise|rose|growth": "stigning økning steget økt stigende",
    "decrease|decreased|decline|declined|fell|reduction|reduce|reduced": (
        "fald nedgang reduktion reduksjon reducere redusere faldet"
    ),
    "estimate|estimated|estimates": "skøn skønnede anslag anslått",
    "share|proportion|percentage|percent": "andel pct",
    "cooperation|collaboration|partnership": "samarbejde samarbeid",
    "coordination": "koordinering samordning",
    "responsibility|responsible": "ansvar ansvarlig",
    "duty|obligation|obligations|obliged|mandatory": "pligt plikt møteplikt",
    "referral|referrals|referred": "henvisning henvist",
    "stigma|stigmatisation|stigmatization": "stigma stigmatisering",
    "dignity": "værdighed verdighet",
    "human rights": "menneskerettigheder menneskerettigheter",
    "voluntary organisations|ngo|ngos|non-profit|civil society": "frivillige ideelle organisasjoner",
    "organisation|organisations|organization|organizations": "organisation organisasjon",
    "member|members": "medlem medlemmer",
    "staff|employees|professionals|workers": "personale ansatte medarbejdere fagfolk",
    "education|training": "uddannelse utdanning opplæring",
    "employment|job|jobs|work": "beskæftigelse sysselsetting arbejde arbeid jobb",
    "social services|social work|welfare|social": "social sosial socialforvaltning sosialtjeneste velferd",
    "history": "historie",
    "year|years|annual|annually": "år årlig årligt",
    "case|cases": "sager saker sag sak",
    "people|persons|individuals": "personer mennesker",
    "minister|ministers": "minister ministre ministeren",
    "signed|signatory|signatories": "underskrevet signert undertegnet",
}


def _phrases(forms: str) -> list[tuple[str, ...]]:
    return [tuple(_words(form)) for form in forms.split("|")]


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


GLOSSARY: dict[tuple[str, ...], tuple[str, ...]] = {}
for _forms, _targets in _ENTRIES.items():
    for _phrase in _phrases(_forms):
        _known = GLOSSARY.get(_phrase, ())
        GLOSSARY[_phrase] = _known + tuple(t for t in _targets.split() if t not in _known)
_MAX_PHRASE = max(len(phrase) for phrase in GLOSSARY)


class PhraseMatch(NamedTuple):
    phrases: list[tuple[str, ...]]  # the glossary's phrases in the text, longest first, in order
    rest: list[str]  # the words no phrase covers


def match_phrases(text: str) -> PhraseMatch:
    """The glossary phrases in ``text`` (a phrase before the words in it) and the other words."""
    words = _words(text)
    phrases: list[tuple[str, ...]] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in GLOSSARY:
                phrases.append(phrase)
                i += size
                break
        else:
            rest.append(words[i])
            i += 1
    return PhraseMatch(phrases, rest)


class Expansion(NamedTuple):
    """The Danish/Norwegian equivalents of a text's English terms, one group (its alternatives)
    per English phrase or word: the glossary's, and the general lexicon's."""

    glossary: list[tuple[str, ...]]
    lexicon: list[tuple[str, ...]]


def expand(text: str, general: bool | None = None) -> Expansion:
    """The glossary's groups for the phrases of ``text``, then the general lexicon's
    (:mod:`retrieval.lexicon`) for its other content words when ``general`` is true, or, left at
    ``None``, when ``text`` looks English (a caller that knows the language says so)."""
    match = match_phrases(text)
    groups = [GLOSSARY[p] for p in match.phrases]
    lexical: list[tuple[str, ...]] = []
    if general or (general is None and looks_english(_words(text))):
        lexical = [tuple(found) for word in match.rest if (found := translations_of(word))]
    return Expansion(groups, lexical)


def words_of(groups: list[tuple[str, ...]]) -> list[str]:
    """The words of ``groups``, in order, without repeats."""
    found: list[str] = []
    for group in groups:
        found.extend(t for t in group if t not in found)
    return found


def expansion_terms(text: str, general: bool | None = None) -> list[str]:
    """The words of :func:`expand`, the glossary's first, in order, without repeats."""
    found = expand(text, general)
    return words_of(found.glossary + found.lexicon)


def expand_query(text: str) -> str:
    """``text`` followed by the glossary's Danish/Norwegian equivalents of its English terms
    (for the embedding model: the general lexicon's word-for-word translations did not help it)."""
    extra = expansion_terms(text, general=False)
    return f"{text} {' '.join(extra)}" if extra else text
