"""Find personal data in interview transcripts and workshop notes, and replace it with
consistent pseudonyms.

Transcripts in Norwegian Bokmål, Nynorsk, Swedish and English name people, their relatives and
their helpers, and sometimes hold a national id number, a phone number, an e-mail address or a
home address. `find_pii` suggests what to replace; a person reviews the suggestions before a
text is shared, so the finder reports a confidence per finding and leaves the decision to the
reviewer. `pseudonymise` then replaces the accepted findings, using a `PseudonymMap` that stays
the same across a project's sources, so "Kari Nordmann" in one interview and "Kari" in the next
become the same "Person A". The map is the key to the pseudonyms: the app stores it apart from
the texts (GDPR Art. 4(5)).

What is found (research notes, `qualitative-nlp-pii.md` §5), each with a reason code:

- `national_id_no` / `d_number_no`: 11 digits, optionally 6 + space + 5, whose two mod-11
  control digits are right and whose first six digits are a date (day + 40 for a D-number,
  month + 40 for an H-number and month + 80 for the Tax Administration's synthetic test numbers
  are accepted). Reason `checksum`.
- `personnummer_se` / `samordningsnummer_se`: YYMMDD or YYYYMMDD, an optional `-` or `+`, and
  four digits, with the Luhn digit right on the ten-digit form and a date (day + 60 for a
  samordningsnummer). Reason `checksum`. A number whose check digit is wrong is not flagged as
  an id: it is more likely an amount, a case number or a typo'd phone number than an id.
- `phone`: Norwegian numbers of 8 digits starting with 2–9 (`22334455`, `22 33 44 55`,
  `922 33 444`, `9223 3444`) with an optional +47 or 0047, and Swedish numbers (`070-123 45 67`,
  `08-123 456 78`, `+46 70 123 45 67`). Reason `country_code`, `cue` (a word such as "tlf",
  "ring", "phone" just before) or `pattern`; a bare eight-digit run is weak. Digits right after
  a case, file, account or organisation number word ("saksnr. 20241234", "org.nr 912 345 678",
  "dnr", "ärende", "faktura") are not a phone number, nor are digits that run on after a hyphen
  ("20040913-9329" is a malformed personnummer, not a phone number and four more digits).
- `email`: reason `pattern`.
- `address`: a capitalised street name ending in a street word (-veien, -vegen, -gata, -gate,
  -gatan, -vägen, -stigen, -plassen, -torget, -allé, …, or such a word on its own after
  capitalised words: "Karl Johans gate"), a house number with an optional letter, and an
  optional postcode and place. Reason `street` or `street_postcode`. A street without a number
  is not flagged.
- `person_name`, from the strongest signal to the weakest: `known_name` (a name in the project's
  list, matched case-sensitively; each word of a listed full name counts too, as
  `known_name_part`), `cue_name` (a first name after a cue such as "jeg heter", "min sønn",
  "kontakten min,", "han"/"hun"/"ho"/"hon", or a title such as "lege" or "dr."), `full_name` (a
  first name from the SSB/SCB lists followed by a surname or another capitalised word),
  `cue_unknown` (a capitalised word not in the first-name lists after a naming cue or a title:
  "jeg heter Jadranko", "dr. Hansen", "psykolog Lindqvist", "kjent som Máret", stronger for a
  listed surname; relatives, helpers and contacts with a possessive are cues too, in either
  order: "søsteren hans, Hibaaq", "hans syster Xamdi", "her son Mykola", "min kontakt Ánde"),
  `cue_after` (a capitalised word in no list right before "sa", "sier", "fortalte", "sade",
  "berättade", "said", "told": "Hodan sa at …"; not a pronoun, a role or service word, a word
  after "the"/"den", the second word of a capitalised run ("Kirkens Bymisjon sa"), a fronted
  adverb ("Etterpå sa hun") or, in Norwegian and Swedish, a word with a definite ending such as
  "Legen", "Personalet", "Kuratorn"), and `first_name` (a listed first name on its own). A lone
  first name that is also an ordinary word (`COMMON_WORDS`: "Per", "Bo", "Vil", "Dag", "May") is
  weak, and at the start of a sentence weaker still, below `MIN_CONFIDENCE`, so "Per dag får jeg
  …" is not flagged while "Jeg snakket med Per" and "Per fortalte at …" are; a month or weekday
  name alone ("in May", "August") is not flagged. Lower-case words are never names. A possessive
  or genitive "s" ("Karis", "Annas", "Kari's") is left outside the span, so "Karis mor" becomes
  "Person As mor", which reads right in all four languages; the last word of a full name that is
  in no list loses a bare "s" too ("Kari Nordmanns mor" → "Kari Nordmann"), except in English. A
  title ("dr.") is never part of the span. A name followed by a street word ("Kari Nordmanns
  vei"), a company form ("Kari Nordmann AS", "Nordmann & Sønn") or an institution word
  ("sykehus", "skole"), or after "St." ("St. Olavs hospital"), is not a person; nor is a name
  before a place word ("Lunds kommun", "Ale kommun", "Berg kommune") or followed by an
  institution word that would otherwise pass for its surname ("Maria Ungdom", "Maria Beroende").
  A title ("Dr", "lege") never starts a name. A bare "s" after an unlisted surname ending in
  "-us" or "-os" ("Ghebreyesus") is part of the name, not a genitive.

Findings never overlap: where two candidates do, ids win over e-mail, then phone, address and
names, and a longer span wins over a shorter one of the same kind. Findings with a confidence
below `MIN_CONFIDENCE` are left out.

Name lists: `data/first_names.tsv` (all first names from Statistics Norway's lists, and the
Swedish *tilltalsnamn* with at least 100 bearers from Statistics Sweden), `data/surnames.txt`
(SSB) and `data/first_names_added.txt` (Norwegian first names beginning with Æ, Ø or Å, which
the SSB lists lack). `data/README.md` gives sources and licences.

Limits: names outside the lists are found only after a cue or in the known-names list; places,
workplaces, diagnoses, ages and dates are not looked for (they are for the reviewer); Swedish
surnames are not listed, so "Anders Svensson" is found as a first name followed by a
capitalised word. Pure computation: no Django, no database, no network; the result depends
only on the input.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

__all__ = [
    "COMMON_WORDS",
    "KINDS",
    "LANGUAGES",
    "MIN_CONFIDENCE",
    "Finding",
    "PseudonymMap",
    "PseudonymMapError",
    "find_pii",
    "guess_language",
    "is_valid_fodselsnummer",
    "is_valid_personnummer",
    "pseudonymise",
]

KINDS = (
    "national_id_no",
    "d_number_no",
    "personnummer_se",
    "samordningsnummer_se",
    "email",
    "phone",
    "address",
    "person_name",
)
LANGUAGES = ("nb", "nn", "sv", "en")
MIN_CONFIDENCE = 0.3

DATA_DIR = Path(__file__).resolve().parent / "data"

# Overlaps go to the lower number: a checksum-valid id is the surest finding, and an e-mail
# address or phone number often holds a name or digits that look like something else.
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}
_PRIORITY.update({"d_number_no": 0, "personnummer_se": 0, "samordningsnummer_se": 0})


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# First names that are also ordinary words in nb, nn, sv or en (lower-cased). Written by hand
# from the names in the lists that collide with function words, months and common nouns and
# verbs; a lone match of one of these is weak.
COMMON_WORDS = _word_set(
    """
    alla alle alma alv amber ane april are arve ask august bill bo bror can dag dawn dean don
    edit elle else even faith fred frank gin grace grim gull gun hans hei hel hope inga ingen
    ivy jack jo joy juni june kan klara kristen lea lin linn liv lo lykke mai maj mark mars may
    mette min mina mine my nor odd penny per rose ruby rut sam saman set sina sine siv sol stein
    sten stig storm summer svea syster tage tea tone tor unn vera vil vilde ville vår will
    """
)
# Capitalised words that follow a first name without being a surname: weekdays, months and
# words that start a clause.
_NOT_SURNAMES = _word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december i jeg eg jag og och and men but
    mandag tirsdag onsdag torsdag fredag lørdag søndag måndag tysdag laurdag sundag tisdag
    lördag söndag nav dps
    """
)

# Cues before a name, by language. "any": a capitalised word after these is a name even when
# it is in no list. "listed": only a listed or known name is strengthened.
_CUES_ANY = {
    "nb": """jeg heter|heter|het|kalles|kalt|navnet mitt er|min sønn|sønnen min|sønnen|min datter|
        datteren min|dattera mi|min mor|moren min|mora mi|min far|faren min|mamma|pappa|kona mi|
        mannen min|kjæresten min|samboeren min|broren min|min bror|søsteren min|søstera mi|
        min søster|vennen min|venninnen min|kontakten min|kontaktpersonen min|min kontaktperson|
        min kontakt|fastlegen min|fastlegen|legen min|saksbehandleren min|saksbehandleren|
        veilederen min|veilederen|psykologen min|psykologen|terapeuten min|miljøterapeuten|
        sykepleieren|lege|legen|doktor|dr\\.|dr|psykolog|sykepleier|bestemor|bestefar|onkel|tante""",
    "nn": """eg heiter|heiter|heitte|vert kalla|kallast|son min|sonen min|dotter mi|dottera mi|
        mor mi|far min|bror min|syster mi|systera mi|kona mi|mannen min|sambuaren min|
        kjærasten min|venen min|venninna mi|kontakten min|kontaktpersonen min|fastlegen min|
        fastlegen|sakshandsamaren min|sakshandsamaren|rettleiaren min|rettleiaren|lege|legen|
        doktor|dr\\.|dr|psykolog|sjukepleiar|bestemor|bestefar""",
    "sv": """jag heter|heter|hette|kallas|mitt namn är|min son|sonen|min dotter|dottern|min mamma|
        min pappa|min mor|min far|min fru|min man|min sambo|min pojkvän|min flickvän|min bror|
        min syster|min vän|min kompis|min kontaktperson|kontaktpersonen|min kontakt|
        min handläggare|handläggaren|min läkare|läkaren|läkare|doktor|dr\\.|dr|min kurator|
        kuratorn|sjuksköterskan|sköterskan|mormor|morfar|farmor|farfar""",
    "en": """my name is|called|named|my son|my daughter|my mother|my mum|my mom|my father|my dad|
        my wife|my husband|my partner|my brother|my sister|my friend|my contact|my caseworker|
        my case worker|my gp|my doctor|my nurse|my therapist|doctor|nurse|dr\\.|dr|mr\\.|mr|mrs\\.|
        mrs|ms\\.|ms""",
}
# Relatives, helpers and contacts with a possessive ("søsteren hans", "hans søster", "her son",
# "min kontakt"): a capitalised word right after one of these is a name, listed or not.
_RELATIONS = {
    "nb": """sønn sønnen datter datteren dattera mor moren mora far faren bror broren søster søsteren
        søstera kone kona mann mannen kjæreste kjæresten samboer samboeren venn vennen venninne venninnen
        venninna kompis kompisen kontakt kontakten kontaktperson kontaktpersonen fastlege fastlegen lege
        legen saksbehandler saksbehandleren veileder veilederen psykolog psykologen terapeut terapeuten
        primærkontakt primærkontakten onkel onkelen tante tanta tanten bestemor bestefar nabo naboen
        kollega kollegaen eks eksen barn barnet sjef sjefen""",
    "nn": """son sonen dotter dottera mor mora far faren bror broren syster systera kone kona mann mannen
        kjærast kjærasten sambuar sambuaren ven venen venninne venninna kompis kompisen kontakt kontakten
        kontaktperson kontaktpersonen fastlege fastlegen lege legen sakshandsamar sakshandsamaren
        rettleiar rettleiaren psykolog psykologen terapeut terapeuten primærkontakt primærkontakten
        onkel tante bestemor bestefar nabo naboen kollega eks barn barnet""",
    "sv": """son sonen dotter dottern mamma mor pappa far bror brodern brorsan syster systern fru frun man
        maken make sambo sambon pojkvän pojkvännen flickvän flickvännen vän vännen kompis kompisen
        kontakt kontaktperson handläggare läkare kurator behandlare terapeut psykolog granne grannen
        kollega mormor morfar farmor farfar moster morbror faster farbror ex barn""",
    "en": """son daughter mother mum mom father dad wife husband partner brother sister friend contact
        caseworker gp doctor nurse therapist psychologist boyfriend girlfriend neighbour neighbor
        colleague grandmother grandfather grandma grandpa aunt uncle cousin ex child""",
}
_POSSESSIVES = {
    "nb": "min mi mitt mine hans hennes deres vår sin si",
    "nn": "min mi mitt mine hans hennar hennes deira vår sin si",
    "sv": "min mitt mina hans hennes deras vår sin",
    "en": "my his her their our",
}
# Titles and roles written before a name ("overlege Hansen", "psychologist Hansen").
_TITLES = {
    "nb": "overlege|psykiater|spesialist|miljøterapeut|miljøarbeider|sosionom|jordmor|tannlege|advokat|"
    "kjent som|kalt for|kalles for",
    "nn": "overlege|psykiater|spesialist|miljøterapeut|miljøarbeidar|sosionom|sjukepleiar|advokat|"
    "kjend som|kjent som|kalla for|kallast for",
    "sv": "överläkare|psykolog|psykologen|psykiater|specialist|behandlaren|behandlare|kurator|socionom|advokat|"
    "sjuksköterska|känd som|kallad",
    "en": "psychologist|psychiatrist|consultant|social worker|support worker|key worker|caseworker|nurse|"
    "counsellor|counselor|solicitor|known as|name is|name's",
}
# Words after a name that show it is someone speaking or acting ("Hodan sa at", "Per fortalte"):
# an unlisted capitalised word before these is a name unless it is a pronoun or a noun.
_SPEECH_AFTER = re.compile(
    r"[ \u00a0]+(?:sa|sier|seier|sagt|fortalte|forteller|fortel|fortalde|mener|meiner|mente|meinte|ringte|"
    r"ringde|skrev|skreiv|svarte|spurte|spurde|sade|säger|berättade|berättar|menar|tycker|tyckte|frågade|"
    r"svarade|said|says|told|tells|reported|reports|explained|explains|asked|replied)\b"
)
_NEXT_WORD = re.compile(r"[ \u00a0]+([^\W\d_]+)")
_SUBJECT_PRONOUNS = _word_set("han hun ho hon de dei dom vi jeg eg jag du ni man hen det den he she they we i you it")
_DETERMINER_BEFORE = re.compile(r"(?:^|\W)(?:the|a|an|this|that|den|det|denne|dette|ein|en|ei|ett)[ \u00a0]+$", re.I)
# Capitalised words at the start of a sentence that are not names even before "sa", "said":
# pronouns, relatives and roles in the definite form, institutions.
_NOT_SPEAKERS = _word_set(
    """
    han hun ho hon de dei dem dom vi jeg eg jag du ni man hen he she they we i you it someone somebody
    nobody everyone everybody staff police mum mom dad mother father mamma pappa mor far mora kona
    mannen dattera systera søstera bestemor bestefar mormor morfar farmor farfar personalet politiet
    familien kommunen nav legen fastlegen ingen alle noen nokon någon alla many several both all
    tyrili bymisjon frelsesarmeen fontenehuset marborg evangeliesenteret stadsmissionen frälsningsarmén
    convictus magelungen ivareta barnevernet socialtjänsten sosialtjenesten
    doctor nurse the this that these those his her their our my your
    """
)
# Titles before a name are never part of it ("Dr Hansen" → "Hansen").
_TITLE_WORDS = _word_set("dr mr mrs ms miss prof professor doktor doctor nurse lege overlege psykolog")
_DEFINITE_ENDINGS = ("en", "et", "ene", "rn", "arna", "orna", "erna", "ane", "er")
_CUES_LISTED = {
    "nb": "han|hun|det er|dette er",
    "nn": "han|ho|det er|dette er",
    "sv": "han|hon|det är|detta är",
    "en": "i'm|i am|this is|that's|with",
}
_PHONE_CUES = (
    r"(?:tlf|tel|telefon|telefonnummer|telefonnr|mobil|mobilnummer|mob|nummer|nr|ring|ringe|sms|"
    r"phone|call|text|mobile|number|nummeret|numret)"
)

# A case, file, account or organisation number: the digits after these are not a phone number.
_NOT_PHONE_CUE = re.compile(
    r"(?:^|[^\w])(?:saks|sak|journal|arkiv|arkivsak|ordre|faktura|invoice|konto|account|kunde|customer|"
    r"ärende|diarie|dnr|ref|referanse|referens|reference|case|org|organisasjons|organisations|organisation|"
    r"bestillings|avtale|vedtaks|beslut)[\w.-]*[\s.:]*(?:er|är|is|nr\.?|no\.?)?[\s.:]*$"
)
# A phone cue ends right before the number, perhaps with "på", "meg" and the like in between.
_PHONE_CUE = re.compile(
    r"\b" + _PHONE_CUES + r"\b[\s.:,]*(?:(?:på|pa|er|är|on|is|at|meg|mig|me|deg|dig|oss|us)\s+){0,2}$"
)

_LABELS = {
    "nb": {
        "national_id_no": "[fødselsnummer]",
        "d_number_no": "[D-nummer]",
        "personnummer_se": "[personnummer]",
        "samordningsnummer_se": "[samordningsnummer]",
        "phone": "[telefon]",
        "email": "[e-post]",
        "address": "[adresse]",
    },
    "nn": {
        "national_id_no": "[fødselsnummer]",
        "d_number_no": "[D-nummer]",
        "personnummer_se": "[personnummer]",
        "samordningsnummer_se": "[samordningsnummer]",
        "phone": "[telefon]",
        "email": "[e-post]",
        "address": "[adresse]",
    },
    "sv": {
        "national_id_no": "[norskt personnummer]",
        "d_number_no": "[norskt D-nummer]",
        "personnummer_se": "[personnummer]",
        "samordningsnummer_se": "[samordningsnummer]",
        "phone": "[telefon]",
        "email": "[e-post]",
        "address": "[adress]",
    },
    "en": {
        "national_id_no": "[national identity number]",
        "d_number_no": "[D number]",
        "personnummer_se": "[personal identity number]",
        "samordningsnummer_se": "[coordination number]",
        "phone": "[phone]",
        "email": "[email]",
        "address": "[address]",
    },
}
_PERSON_LABEL = "Person"

# Function words that tell the four languages apart; a short transcript still has several.
_LANGUAGE_WORDS = {
    "nb": _word_set("jeg ikke hva hvordan meg deg hun hvis noe noen bare fikk mye også hvor"),
    "nn": _word_set("eg ikkje kva korleis ho berre noko nokon fekk mykje òg kvar heiter dei"),
    "sv": _word_set("jag inte vad hur mig dig hon och är någon något bara fick mycket också"),
    "en": _word_set("i the and is not what how my she he you it was of to with"),
}

_FNR = re.compile(r"(?<![\d-])(\d{6}) ?(\d{5})(?![\d-])")
_PERSONNUMMER = re.compile(r"(?<![\d-])(\d{2})?(\d{6})([-+]?)(\d{4})(?![\d-])")
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_NO_PHONE = re.compile(
    r"(?<![\d+])(?<!\d )(?:(?P<cc>\+47|0047)[ ]?)?"
    r"(?P<number>[2-9]\d{7}|[2-9]\d [0-9]{2} [0-9]{2} [0-9]{2}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d{3} \d{4})"
    r"(?![ ]?\d|[-+/]\d)"
)
_SE_PHONE = re.compile(
    r"(?<![\d+])(?<!\d )(?:(?P<cc>\+46|0046)[ ]?(?:\(0\)[ ]?)?|0)"
    r"(?P<area>7[02369]|8|[1-9]\d{1,2})[- ]?"
    r"(?P<rest>\d{2,3}(?:[ ]?\d{2,3}){1,3})"
    r"(?![ ]?\d|[-+/]\d)"
)
_STREET_WORDS = (
    "veien|vegen|veg|vei|gata|gaten|gate|gatan|vägen|väg|stien|stigen|sti|plassen|plass|torget|torg|"
    "alléen|allén|allé|gränd|backen|bakken|brinken|kroken|svingen|tunet|ringen|kaia|kaien|kajen|"
    "bryggen|brygga|stredet|smauet"
)
_ADDRESS = re.compile(
    r"(?<![\w-])(?P<street>(?:[A-ZÆØÅÄÖÉ][\w'’.-]*\s){0,3}[\w'’-]*?(?:" + _STREET_WORDS + r"))"
    r"\s(?P<number>\d{1,4}(?:[A-Za-z]|\s[A-Z])?)(?![\w]|[,.]\d)"
    r"(?P<postal>,?\s(?:\d{4}|\d{3}\s?\d{2})\s[A-ZÆØÅÄÖ][\w-]+(?:\s[A-ZÆØÅÄÖ][\w-]+)?)?"
)
# Words that make the capitalised words before them part of something other than a person:
# a street ("Kari Nordmanns vei"), a company ("Kari Nordmann AS", "Nordmann & Sønn") or an
# institution ("Lovisenberg Diakonale Sykehus"), right after the name, perhaps after up to three
# more capitalised words ("Ola Nordmann Holding AS"). Company forms are matched as written
# ("AS", not the English "as"); the other words with a small or capital first letter.
_COMPANY_FORMS = "AS|ASA|A/S|AB|HB|KB|HF|KF|IKS|BA|SA|DA|ANS|Ltd|Inc|LLC|plc|PLC|GmbH|Holding|Group|Gruppen"
_INSTITUTION_WORDS = (
    "stiftelse|stiftelsen|sykehus|sjukehus|sjukhus|sjukhuset|universitetssykehus|universitetssjukehus|"
    "hospital|sykehjem|sjukeheim|minde|skole|skule|skola|school|barnehage|klinikk|klinik|clinic|"
    "legesenter|legekontor|vårdcentral|kirke|kyrkje|kyrka|church|kommune|kommun|herad|fylke|fylkeskommune|"
    "län|region|bydel|stadsdel|municipality|county|council|lasarett|lasarettet|sjukhus|ungdom|beroende|"
    "mottak|mottaket|senter|senteret"
)
_INSTITUTION = re.compile(r"(?:" + _INSTITUTION_WORDS + ")")
_NOT_A_PERSON_AFTER = re.compile(
    r"(?:[ \u00a0]+[A-ZÆØÅÄÖÉ][\w'’.-]*){0,3}?"
    r"(?:[ \u00a0]+(?:(?i:" + _STREET_WORDS + "|" + _INSTITUTION_WORDS + r")|" + _COMPANY_FORMS + r")(?![\w/])"
    r"|[ \u00a0]*(?:&|[ \u00a0]og|[ \u00a0]och|[ \u00a0]and)[ \u00a0]+(?:Sønn|Sønner|Søn|Son|Söner|Sons|Co)\b)"
)
# "St. Olavs hospital", "Sankt Hans": a saint's name is not a person in the transcript.
_NOT_A_PERSON_BEFORE = re.compile(r"(?:^|[^\w.])(?:st|sankt|saint|s:t)\.?[ \u00a0]+$", re.IGNORECASE)
_LEADING_WORDS = _word_set("i på pa fra frå från til till ved vid in at on from to bor bur i' near")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Words that start with a capital letter (Latin scripts), the only ones that can be names. Matching
# only these is about three times faster than matching every word, and a lower-case word between
# two capitalised ones still breaks a name apart, because `_joined` sees it in the gap.
_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ\u0100-\u024f\u1e00-\u1eff][^\W\d_]*(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = frozenset('.!?:;…\n«»"“”()[]•')
# Digits and weights of the Norwegian control digits.
_FNR_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_FNR_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_CUE_WINDOW = 40


@dataclass(frozen=True)
class Finding:
    """One span of personal data: `text == source[start:end]`, `confidence` from 0 to 1, and
    `reason` a stable code (see the module docstring)."""

    kind: str
    start: int
    end: int
    text: str
    confidence: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "confidence": self.confidence,
            "reason": self.reason,
        }


class PseudonymMapError(ValueError):
    """A stored pseudonym map cannot be read."""


# --- national id numbers ---------------------------------------------------------------------


def _valid_date(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]


def _mod11(digits: Sequence[int], weights: Sequence[int]) -> int | None:
    control = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if control == 11:
        return 0
    return None if control == 10 else control


def _fodselsnummer_kind(number: str) -> str | None:
    """`national_id_no`, `d_number_no` or None for 11 digits."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return None
    digits = [int(c) for c in number]
    if _mod11(digits[:9], _FNR_WEIGHTS_1) != digits[9] or _mod11(digits[:10], _FNR_WEIGHTS_2) != digits[10]:
        return None
    day, month = int(number[:2]), int(number[2:4])
    kind = "national_id_no"
    if day > 40:
        day -= 40
        kind = "d_number_no"
    if month > 80:  # synthetic test numbers (Tenor)
        month -= 80
    elif month > 40:  # H-numbers, given by health services
        month -= 40
    return kind if _valid_date(day, month) else None


def is_valid_fodselsnummer(number: str) -> bool:
    """True for a Norwegian fødselsnummer or D-number, spaces ignored:
    `is_valid_fodselsnummer("010190 12345")` is False (wrong control digits)."""
    return _fodselsnummer_kind(number.replace(" ", "")) is not None


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _personnummer_kind(century: str | None, date: str, serial: str) -> str | None:
    """`personnummer_se`, `samordningsnummer_se` or None."""
    if century is not None and century not in ("18", "19", "20"):
        return None
    if not _luhn_ok(date + serial):
        return None
    day, month = int(date[4:6]), int(date[2:4])
    kind = "personnummer_se"
    if day > 60:
        day -= 60
        kind = "samordningsnummer_se"
    return kind if _valid_date(day, month) else None


def is_valid_personnummer(number: str) -> bool:
    """True for a Swedish personnummer or samordningsnummer of 10 or 12 digits, with or
    without `-` or `+`: `is_valid_personnummer("19811218-9876")` is True."""
    match = _PERSONNUMMER.fullmatch(number.strip())
    return match is not None and _personnummer_kind(match[1], match[2], match[4]) is not None


# --- name lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    first: Mapping[str, int]  # name -> bearers (0 when the count is unknown)
    surnames: frozenset[str]
    every: frozenset[str]  # first names and surnames


@lru_cache(maxsize=1)
def _names() -> _Names:
    first: dict[str, int] = {}
    for line in (DATA_DIR / "first_names.tsv").read_text(encoding="utf-8").splitlines():
        name, _tab, count = line.partition("\t")
        # Double names written with a space ("Per Olof") are found word by word.
        if name and " " not in name:
            first[name] = int(count or 0)
    for line in (DATA_DIR / "first_names_added.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            first.setdefault(line.strip(), 0)
    surnames = frozenset(
        line.strip() for line in (DATA_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines() if line.strip()
    )
    return _Names(first, surnames, frozenset(first) | surnames)


# --- helpers ----------------------------------------------------------------------------------


def _relation_phrases(language: str) -> str:
    """Phrases such as "søsteren hans" and "hans søster" for `language`: a relation with a possessive before it, and
    in Norwegian also after it."""
    nouns, owners = _RELATIONS[language].split(), _POSSESSIVES[language].split()
    phrases = [f"{owner} {noun}" for owner in owners for noun in nouns]
    if language in ("nb", "nn"):
        phrases += [f"{noun} {owner}" for owner in owners for noun in nouns]
    return "|".join([*phrases, _TITLES[language]])


@dataclass(frozen=True)
class _CuePhrases:
    """Cue phrases by their number of words; `matches` is True when a window of text ends with
    one of them, after spaces, a comma or a colon ("kontakten min, Kari"), and the phrase starts
    the window or follows a character that is neither a letter, a digit nor a full stop. A set
    lookup on the last words is much faster than a regular expression with hundreds of
    alternatives searched at every position."""

    by_length: Mapping[int, frozenset[str]]

    def matches(self, window: str) -> bool:
        words = window.rstrip(" \t\n\r\u00a0,:").split()
        for length, phrases in self.by_length.items():
            if len(words) < length:
                continue
            tail = words[-length:]
            head = tail[0]
            cut = 0
            while cut < len(head) and not (head[cut].isalnum() or head[cut] in "._"):
                cut += 1  # "(lege", "«min"
            if cut and head[cut - 1 : cut] == ".":
                continue
            if " ".join([head[cut:], *tail[1:]]) in phrases:
                return True
        return False


def _cue_phrases(table: Mapping[str, str], languages: Sequence[str], relations: bool = False) -> _CuePhrases:
    wanted = {p.strip() for lang in languages for p in table[lang].split("|") if p.strip()}
    if relations:
        wanted |= {p.strip() for lang in languages for p in _relation_phrases(lang).split("|") if p.strip()}
    by_length: dict[int, set[str]] = {}
    for phrase in wanted:
        words = phrase.replace("\\.", ".").split()
        by_length.setdefault(len(words), set()).add(" ".join(words))
    return _CuePhrases({n: frozenset(p) for n, p in sorted(by_length.items())})


@lru_cache(maxsize=8)
def _cues(language: str | None) -> tuple[_CuePhrases, _CuePhrases]:
    languages = LANGUAGES if language is None else (language, "en") if language != "en" else ("en",)
    return _cue_phrases(_CUES_ANY, languages, relations=True), _cue_phrases(_CUES_LISTED, languages)


def _sentence_start(text: str, start: int) -> bool:
    """True when only spaces, quotes or a bullet stand between `start` and the end of the
    previous sentence (or the start of the text, or a speaker label such as "I:")."""
    position = start - 1
    while position >= 0 and text[position] in " \t-–—*'‘’\u00a0":
        position -= 1
    return position < 0 or text[position] in _SENTENCE_END


def _is_capitalised(word: str) -> bool:
    # All-capital words of two or more letters are acronyms (NAV, DPS, BUP), not names.
    return word[0].isupper() and not (len(word) > 1 and word.isupper())


def _genitive_base(word: str, known: Mapping[str, int] | frozenset[str]) -> str:
    """`word` without a possessive "s" or "'s" when the rest is a name and `word` is not."""
    if word in known:
        return word
    for suffix in ("'s", "’s", "s"):
        if word.endswith(suffix) and word[: -len(suffix)] in known:
            return word[: -len(suffix)]
    return word


# --- finders ----------------------------------------------------------------------------------


def _find_ids(text: str) -> Iterator[Finding]:
    for match in _FNR.finditer(text):
        kind = _fodselsnummer_kind(match[1] + match[2])
        if kind:
            yield Finding(kind, match.start(), match.end(), match[0], 0.99, "checksum")
    for match in _PERSONNUMMER.finditer(text):
        kind = _personnummer_kind(match[1], match[2], match[4])
        if kind:
            yield Finding(kind, match.start(), match.end(), match[0], 0.97, "checksum")


def _phone_finding(text: str, match: re.Match[str], spaced: bool) -> Finding:
    before = text[max(0, match.start() - 25) : match.start()].lower()
    if not match["cc"] and _NOT_PHONE_CUE.search(before):  # "saksnr. 20241234", "org.nr 912 345 678"
        return Finding("phone", match.start(), match.end(), match[0], 0.1, "not_phone_cue")
    if match["cc"]:
        confidence, reason = 0.95, "country_code"
    elif _PHONE_CUE.search(before):
        confidence, reason = 0.95, "cue"
    else:
        confidence, reason = (0.8 if spaced else 0.5), "pattern"
    return Finding("phone", match.start(), match.end(), match[0], confidence, reason)


def _find_phones(text: str) -> Iterator[Finding]:
    for match in _NO_PHONE.finditer(text):
        number = match["number"]
        spaced = " " in number
        # An unspaced 8-digit run starting with 2-9 may be any number; only the common mobile
        # prefixes are likely enough to report without a cue.
        yield _phone_finding(text, match, spaced or number[0] in "49")
    for match in _SE_PHONE.finditer(text):
        national = match["area"] + re.sub(r"\D", "", match["rest"])
        if not 7 <= len(national) <= 9 or (match["area"].startswith("7") and len(national) != 9):
            continue
        spaced = match[0] != re.sub(r"\D", "", match[0])
        yield _phone_finding(text, match, spaced)


def _find_emails(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding("email", match.start(), match.end(), match[0], 0.99, "pattern")


def _find_addresses(text: str) -> Iterator[Finding]:
    for match in _ADDRESS.finditer(text):
        start = match.start()
        words = match["street"].split()
        # Drop leading prepositions and verbs the capitalised-words run swallowed ("I Storgata").
        while len(words) > 1 and words[0].lower() in _LEADING_WORDS:
            start = text.index(words[1], start + len(words[0]))
            words.pop(0)
        if not words[0][0].isupper() or re.fullmatch(_STREET_WORDS, words[0].lower()):
            continue
        postal = match["postal"]
        yield Finding(
            "address",
            start,
            match.end(),
            text[start : match.end()],
            0.95 if postal else 0.85,
            "street_postcode" if postal else "street",
        )


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str


def _known_index(known_names: Sequence[str]) -> tuple[dict[str, list[tuple[str, ...]]], frozenset[str]]:
    """Known names as word tuples by first word (longest first), and the single words of
    multi-word names (which count as known too)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    parts: set[str] = set()
    for name in known_names:
        words = tuple(m[0] for m in _WORD.finditer(unicodedata.normalize("NFC", name)))
        if not words:
            continue
        by_first.setdefault(words[0], []).append(words)
        if len(words) > 1:
            parts.update(w for w in words if len(w) > 1 and w[0].isupper())
    for tuples in by_first.values():
        tuples.sort(key=len, reverse=True)
    return by_first, frozenset(parts)


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """True when only one run of spaces (no line break or punctuation) separates the words."""
    gap = text[left.end : right.start]
    return 0 < len(gap) <= 3 and gap.strip(" \u00a0") == ""


def _part_of_something_else(text: str, finding: Finding) -> bool:
    """True when the name is part of a street, company or institution name ("Kari Nordmanns
    vei", "Kari Nordmann AS", "St. Olavs hospital"), which is not a person. The genitive "s"
    left outside the span is skipped first."""
    end = finding.end
    if text[end : end + 1] == "s":
        end += 1
    elif text[end : end + 2] in ("'s", "’s"):
        end += 2
    if _NOT_A_PERSON_AFTER.match(text, end):
        return True
    return bool(_NOT_A_PERSON_BEFORE.search(text, max(0, finding.start - 10), finding.start))


def _unlisted_genitive(word: str, names: _Names, language: str | None) -> bool:
    """True when `word`, the last word of a full name and in no list, ends in a genitive "s"
    ("Kari Nordmanns mor"): Norwegian and Swedish add a bare "s", English "'s" (handled with
    the lists). A double "s" ("Hess") and short words are kept whole."""
    return (
        language != "en"
        and word not in names.every
        and word.endswith("s")
        and not word.endswith(("ss", "us", "os"))  # "Ghebreyesus", "Santos"
        and len(word) > 3
        and not word.isupper()
    )


def _find_names(text: str, known_names: Sequence[str], language: str | None) -> Iterator[Finding]:
    for finding in _find_name_candidates(text, known_names, language):
        if not _part_of_something_else(text, finding):
            yield finding


def _find_name_candidates(text: str, known_names: Sequence[str], language: str | None) -> Iterator[Finding]:
    names = _names()
    # The genitive rule for unlisted surnames depends on the language, so guess it if not given.
    genitive_language = language or guess_language(text)
    first_names = names.first
    by_first, parts = _known_index(known_names)
    known_first = frozenset(by_first)
    cue_any, cue_listed = _cues(language)
    # Known names with a lower-case word ("Anne van Dijk") need every word as a token.
    lower_case_known = any(not w[0].isupper() for words in by_first.values() for t in words for w in t)
    pattern = _WORD if lower_case_known else _CAPITALISED_WORD
    tokens = [_Token(m.start(), m.end(), m[0]) for m in pattern.finditer(text)]

    def cue_before(token: _Token) -> tuple[bool, bool]:
        window = text[max(0, token.start - _CUE_WINDOW) : token.start].lower()
        strong = cue_any.matches(window)
        return strong, strong or cue_listed.matches(window)

    def surname_like(token: _Token) -> bool:
        word = _genitive_base(token.text, names.surnames)
        return (
            _is_capitalised(token.text)
            and token.text.lower() not in _NOT_SURNAMES
            and (token.text in names.surnames or not _INSTITUTION.fullmatch(token.text.lower()))
            and token.text.lower() not in COMMON_WORDS
            and (word in names.surnames or word in first_names or len(word) > 2)
        )

    def finding(first: int, last: int, confidence: float, reason: str, known: frozenset[str] | None = None) -> Finding:
        start = tokens[first].start
        word = tokens[last].text
        base = _genitive_base(word, known or names.every)
        for suffix in ("'s", "’s"):  # an English possessive is never part of the name
            if base == word and word.endswith(suffix) and len(word) > len(suffix):
                base = word[: -len(suffix)]
        if base == word and known is None and last > first and _unlisted_genitive(word, names, genitive_language):
            base = word[:-1]
        end = tokens[last].start + len(base)
        return Finding("person_name", start, end, text[start:end], round(confidence, 2), reason)

    index = 0
    while index < len(tokens):
        token = tokens[index]
        word = token.text
        if not _is_capitalised(word) or word.lower() in _TITLE_WORDS:
            index += 1
            continue
        # 1. A name from the project's list, the longest that matches.
        matched = False
        for words in by_first.get(_genitive_base(word, known_first), ()):
            last = index + len(words) - 1
            if last >= len(tokens):
                continue
            span = tokens[index : last + 1]
            if all(_joined(text, a, b) for a, b in pairwise(span)) and all(
                t.text == w for t, w in zip(span[:-1], words[:-1], strict=False)
            ):
                if _genitive_base(span[-1].text, frozenset({words[-1]})) != words[-1]:
                    continue
                confidence = 0.99
                if len(words) == 1 and word.lower() in COMMON_WORDS and _sentence_start(text, token.start):
                    confidence = 0.99 if cue_before(token)[1] else 0.5
                yield finding(index, last, confidence, "known_name", frozenset({words[-1]}))
                index = last + 1
                matched = True
                break
        if matched:
            continue
        base = _genitive_base(word, parts)
        if base in parts:
            confidence = 0.9
            if word.lower() in COMMON_WORDS and _sentence_start(text, token.start) and not cue_before(token)[1]:
                confidence = 0.5
            yield finding(index, index, confidence, "known_name_part", parts)
            index += 1
            continue
        # 2. A listed first name, with what follows and what comes before.
        base = _genitive_base(word, first_names)
        strong_cue, any_cue = cue_before(token)
        common = word.lower() in COMMON_WORDS
        at_start = _sentence_start(text, token.start)
        if base in first_names or strong_cue:
            last = index
            while (
                last + 1 < len(tokens)
                and last - index < 3
                and base == word  # a genitive ends the name
                and _joined(text, tokens[last], tokens[last + 1])
                and surname_like(tokens[last + 1])
            ):
                # Without a cue, an ordinary word heads a name only before a listed surname
                # ("Per Hansen"), not before another first name ("Vil Kari komme?").
                if last == index and common and not any_cue and tokens[last + 1].text not in names.surnames:
                    break
                last += 1
                if tokens[last].text != _genitive_base(tokens[last].text, names.every):
                    break
            if base in first_names:
                if any_cue:
                    confidence, reason = 0.9, "cue_name"
                elif last > index:
                    confidence, reason = (0.8 if common else 0.85), "full_name"
                elif word.lower() in _NOT_SURNAMES:  # "in May", "på Lørdag"
                    confidence, reason = 0.15, "first_name"
                elif common:
                    confidence, reason = (0.15 if at_start else 0.45), "first_name"
                    if at_start and _speaks(text, tokens[last]):  # "Per fortalte at …"
                        confidence, reason = 0.8, "cue_name"
                else:
                    confidence, reason = (0.5 if at_start else 0.7), "first_name"
                    if 0 < first_names[base] < 500:  # rare names in the lists are often words too
                        confidence -= 0.1
            elif common or word.lower() in _NOT_SURNAMES:
                index += 1
                continue
            else:
                # After a title, a listed surname is nearly certain ("dr. Hansen").
                confidence, reason = (0.85 if base in names.surnames else 0.75), "cue_unknown"
            if confidence >= MIN_CONFIDENCE:
                yield finding(index, last, confidence, reason)
            index = last + 1
            continue
        # 3. A capitalised word in no list before "sa", "said" ("Hodan sa at …").
        if (
            _speaks(text, token)
            and _could_be_speaker(word, genitive_language != "en")
            and not (index > 0 and _joined(text, tokens[index - 1], token))  # "Kirkens Bymisjon sa"
            and not _DETERMINER_BEFORE.search(text, max(0, token.start - 8), token.start)  # "the Council said"
        ):
            yield finding(index, index, 0.7, "cue_after")
        index += 1


def _speaks(text: str, token: _Token) -> bool:
    """True when a speech verb follows `token` and is not followed by its own subject, as after
    a fronted adverb in Norwegian and Swedish ("Etterpå sa hun", "Sedan sa Läkaren")."""
    match = _SPEECH_AFTER.match(text, token.end)
    if match is None:
        return False
    subject = _NEXT_WORD.match(text, match.end())
    return subject is None or not (subject[1][0].isupper() or subject[1].lower() in _SUBJECT_PRONOUNS)


def _could_be_speaker(word: str, definite_noun_likely: bool) -> bool:
    """False for a pronoun, a determiner, an ordinary word that names a role or a service and, in
    Norwegian and Swedish, for a word with the ending of a noun in the definite form ("Legen",
    "Personalet", "Kuratorn"), which is capitalised at the start of a sentence."""
    lower = word.lower()
    if len(word) < 3 or lower in _NOT_SPEAKERS or lower in COMMON_WORDS or lower in _NOT_SURNAMES:
        return False
    return not (definite_noun_likely and lower.endswith(_DEFINITE_ENDINGS))


# --- public API -------------------------------------------------------------------------------


def guess_language(text: str) -> str:
    """The most likely of nb, nn, sv and en by counting function words; nb when in doubt."""
    words = Counter(m[0].lower() for m in _WORD.finditer(text[:20_000]))
    scores = {lang: sum(words[w] for w in vocabulary) for lang, vocabulary in _LANGUAGE_WORDS.items()}
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "nb"))
    return best if scores[best] > 0 else "nb"


def _resolve(candidates: Sequence[Finding]) -> list[Finding]:
    """Non-overlapping findings: by kind priority, then longer, then earlier."""
    ordered = sorted(candidates, key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start, -f.confidence))
    starts: list[int] = []
    kept: list[Finding] = []
    for candidate in ordered:
        position = bisect_left(starts, candidate.start)
        if position > 0 and kept[position - 1].end > candidate.start:
            continue
        if position < len(kept) and kept[position].start < candidate.end:
            continue
        starts.insert(position, candidate.start)
        kept.insert(position, candidate)
    return kept


def find_pii(text: str, *, known_names: Sequence[str] = (), language: str | None = None) -> list[Finding]:
    """Findings of personal data in `text`, in order and not overlapping, each with a
    confidence of at least `MIN_CONFIDENCE`. `known_names` are the project's names ("Kari
    Nordmann", "Kari"); `language` (nb, nn, sv or en) limits the name cues to that language
    and English, and None uses all four."""
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)} or None, not {language!r}")
    if isinstance(known_names, str):
        raise TypeError("known_names must be a sequence of names, not one string")
    candidates = [
        *_find_ids(text),
        *_find_emails(text),
        *_find_phones(text),
        *_find_addresses(text),
        *_find_names(text, known_names, language),
    ]
    return _resolve([f for f in candidates if f.confidence >= MIN_CONFIDENCE and f.end > f.start])


def _label_letters(number: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA": spreadsheet column letters."""
    letters = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def name_key(name: str) -> str:
    """How the map compares names: case, spacing and Unicode composition ignored."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class PseudonymMap:
    """Names seen in a project's sources and the pseudonym each got ("Person A", "Person B", …).

    The same name (case and spacing ignored) always gets the same pseudonym. A first name on its
    own gets the pseudonym of the one full name seen with that first name, if there is exactly
    one; a full name whose first name was seen alone takes that pseudonym if no other full name
    has claimed it. `to_dict` and `from_dict` store the map as JSON-ready data, which is the key
    to the pseudonyms and is kept apart from the texts."""

    VERSION = 1

    def __init__(self) -> None:
        self._labels: dict[str, str] = {}
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def names(self) -> dict[str, str]:
        """A copy of the mapping from normalised name to pseudonym."""
        return dict(self._labels)

    def _new_label(self) -> str:
        label = f"{_PERSON_LABEL} {_label_letters(self._count)}"
        self._count += 1
        return label

    def pseudonym(self, name: str) -> str:
        """The pseudonym for `name`, giving it a new one if it has none yet."""
        key = name_key(name)
        if not key:
            raise ValueError("a name to pseudonymise is empty")
        label = self._labels.get(key)
        if label is not None:
            return label
        words = key.split()
        full_names = [k for k in self._labels if len(k.split()) > 1]
        if len(words) == 1:
            labels = {self._labels[k] for k in full_names if k.split()[0] == key}
            if len(labels) == 1:
                label = labels.pop()
        elif words[0] in self._labels:
            alone = self._labels[words[0]]
            if not any(k.split()[0] == words[0] for k in full_names):
                label = alone
        if label is None:
            label = self._new_label()
        self._labels[key] = label
        return label

    def forget(self, name: str) -> None:
        """Drop `name` from the map (a person withdrew consent). Its pseudonym is not
        handed out again: the count of pseudonyms issued stays."""
        self._labels.pop(name_key(name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.VERSION, "count": self._count, "names": dict(self._labels)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PseudonymMap:
        """The map `to_dict` gave; `PseudonymMapError` for anything else."""
        if not isinstance(data, Mapping) or data.get("version") != cls.VERSION:
            raise PseudonymMapError(f"a pseudonym map needs version {cls.VERSION}")
        names, count = data.get("names"), data.get("count")
        if not isinstance(names, Mapping) or not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise PseudonymMapError("a pseudonym map needs 'names' (an object) and 'count' (a whole number ≥ 0)")
        result = cls()
        for key, label in names.items():
            if not isinstance(key, str) or not isinstance(label, str) or name_key(key) != key or not key:
                raise PseudonymMapError(f"a pseudonym map has a bad entry: {key!r}: {label!r}")
            result._labels[key] = label
        issued = {f"{_PERSON_LABEL} {_label_letters(n)}" for n in range(count)}
        if not set(result._labels.values()) <= issued:
            raise PseudonymMapError("a pseudonym map uses a pseudonym beyond its count")
        result._count = count
        return result


def pseudonymise(text: str, findings: Sequence[Finding], mapping: PseudonymMap, *, language: str | None = None) -> str:
    """`text` with each finding replaced: names by their pseudonym from `mapping` (which
    learns new names), other kinds by a label in `language` (nb, nn, sv or en; None guesses
    from the text): "[fødselsnummer]", "[telefon]", "[e-post]", "[adresse]".

    Full names are given pseudonyms before lone first names, so that "Kari … Kari Nordmann"
    in one text links the two whichever comes first. Findings must match the text and not
    overlap (as `find_pii` returns them), otherwise ValueError."""
    if language is None:
        language = guess_language(text)
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)} or None, not {language!r}")
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    for previous, current in pairwise(ordered):
        if current.start < previous.end:
            raise ValueError(f"findings overlap at {current.start}: {previous.text!r} and {current.text!r}")
    for finding in ordered:
        if not 0 <= finding.start < finding.end <= len(text) or text[finding.start : finding.end] != finding.text:
            raise ValueError(f"a finding does not match the text at {finding.start}: {finding.text!r}")
        if finding.kind not in KINDS:
            raise ValueError(f"unknown kind of finding: {finding.kind!r}")
    people = [f for f in ordered if f.kind == "person_name"]
    for finding in sorted(people, key=lambda f: (-len(f.text.split()), f.start)):
        mapping.pseudonym(finding.text)
    labels = _LABELS[language]
    pieces: list[str] = []
    position = 0
    for finding in ordered:
        pieces.append(text[position : finding.start])
        pieces.append(mapping.pseudonym(finding.text) if finding.kind == "person_name" else labels[finding.kind])
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)
