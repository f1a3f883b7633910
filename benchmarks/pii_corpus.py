"""A labelled corpus for personal-data detection: synthetic interview and observation notes from
mental-health and substance-use services in Norwegian Bokmål, Nynorsk, Swedish and English, with
planted personal data (gold spans) and planted hard negatives (text that looks like personal
data but is not).

    python benchmarks/pii_corpus.py [--seed 20261123] [--per-language 150] [--out tests/data/pii-corpus/corpus.jsonl]

The output is deterministic for a seed. Each line is one note:

    {"id": "nb-0001", "lang": "nb", "text": str,
     "spans": [{"start": int, "end": int, "label": "PERSON"|"NO_FNR"|"SE_PNR"|"PHONE"|"EMAIL"|"ADDRESS"}],
     "negatives": [{"start": int, "end": int, "kind": str}]}

Offsets are 0-based code points, end exclusive. A name span is the name only: no title, no
genitive ending. `negatives` lists the hard negatives planted in the note: a detector should
not report them (an e-mail or address that contains a name is itself a gold span; only a PERSON
finding on the name inside it counts against the detector). Person names come from the name
lists in `samskap/analysis/data/`, from short lists of Swedish surnames and of names that are
in no list (Sámi, Somali, Tigrinya, Polish, Arabic, Kurdish, Ukrainian, Vietnamese, Tamil),
which are placed only where a reader would see a name from the context.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "samskap" / "analysis" / "data"
DEFAULT_OUT = REPO / "tests" / "data" / "pii-corpus" / "corpus.jsonl"
DEFAULT_SEED = 20261123
LANGS = ("nb", "nn", "sv", "en")

# --- names ------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def _load_first() -> dict[str, int]:
    first: dict[str, int] = {}
    for line in (DATA / "first_names.tsv").read_text(encoding="utf-8").splitlines():
        name, _tab, count = line.partition("\t")
        if name and " " not in name:
            first[name] = int(count or 0)
    for line in (DATA / "first_names_added.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            first.setdefault(line.strip(), 0)
    return first


FIRST = _load_first()
SURNAMES_NO_ALL = [s for s in (DATA / "surnames.txt").read_text(encoding="utf-8").split() if s]
# Names that are also ordinary words (the words a detector must not flag on their own).
COMMON_WORD_NAMES = ["Per", "Mari", "Sol", "Liv", "Tor", "Ask", "Dag", "Siv", "Stig", "Bo", "Even", "Odd", "Vår"]
COMMON_WORD_NAMES = [n for n in COMMON_WORD_NAMES if n in FIRST]
AEOA_FIRST = sorted(n for n in FIRST if n[0] in "ÆØÅ" or any(c in n for c in "æøå"))
AEOA_SURNAMES = sorted(s for s in SURNAMES_NO_ALL if any(c in s for c in "æøåÆØÅ") and len(s) > 3)
SE_SURNAMES = _words("""Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström
Lindqvist Lindgren Axelsson Bergström Lundberg Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg
Henriksson Forsberg Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson
Wikström Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg
Blomqvist Claesson Nordström Mårtensson Lundström Viklund Björklund Eliasson Pålsson Berggren Sandström
Nordin Åberg Hermansson Ekström Holmgren Sundberg Hedlund Dahlberg Hellström Sjögren Abrahamsson Öberg
Månsson Strömberg Åkesson Jonasson Hedström Sundström""")
# Names in no list, found only from context. Checked against the lists below.
_UNLISTED_CANDIDATES = _words("""Ánde Máret Biret Niillas Ovllá Sunná Biehtár Heaika Jovnna Ánte Risten Sárá Gádjá Ájlin
Faadumo Hibaaq Cawo Xamdi Sahro Abdiqani Cabdi Mahad Deeqa Ubah Guled Qaali Nasteexo Ceebla Xaliimo Cabdullaahi
Ghebremedhin Tesfamariam Mebrahtu Habtom Tsega Berhane Ghirmay Freweini Abrehet Mussie Tekeste Azieb Tesfaye
Małgorzata Przemysław Bożena Grażyna Jadwiga Zbigniew Wiesław Bartłomiej Jędrzej Mirosław Krystyna Stanisława
Raghad Taghreed Shahad Walaa Kawthar Abdelkarim Rezhna Hêvî Zînê Bêrîvan Shoresh Kazhal
Mykola Bohdana Yaroslava Oleksii Svitlana Hieu Phuong Thuy Tharshini Kajan Sivakumar Nirosha""")
_UNLISTED_SURNAME_CANDIDATES = _words("""Somby Eira Gaup Buljo Utsi Hætta Oskal Magga Warsame Mohamud Cabdille Xirsi
Ghebreyesus Tesfamichael Weldemariam Habtemariam Kowalczyk Wiśniewska Zieliński Wójcik Szymańska Dąbrowski
Lewandowska Al-Hashimi Barzani Shevchenko Kovalenko Tkachuk Nguyen Tran Sivarajah Kanagaratnam""")
_ALL_LISTED = set(FIRST) | set(SURNAMES_NO_ALL)
UNLISTED = [n for n in _UNLISTED_CANDIDATES if n not in _ALL_LISTED]
UNLISTED_SURNAMES = [n for n in _UNLISTED_SURNAME_CANDIDATES if n not in _ALL_LISTED]
_WORDISH = {w.lower() for w in COMMON_WORD_NAMES}
_SKIP_FIRST = _WORDISH | set(
    _words("""alla alle alma alv amber ane april are arve august bill bror can dawn dean don edit elle else faith
    fred frank gin grace grim gull gun hans hei hel hope inga ingen ivy jack jo joy juni june kan klara
    kristen lea lin linn lo lykke mai maj mark mars may mette min mina mine my nor penny rose ruby rut
    sam saman set sina sine stein sten storm summer svea tage tea tone unn vera vil vilde ville will
    nav dps""")
)
LISTED_FIRST = sorted(n for n, c in FIRST.items() if c >= 1500 and n.lower() not in _SKIP_FIRST and n.isalpha())
SURNAMES_NO = sorted(
    s for s in SURNAMES_NO_ALL if len(s) > 3 and s not in FIRST and s.isalpha() and s.lower() not in _SKIP_FIRST
)


# --- numbers ----------------------------------------------------------------------------------


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    control = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return 0 if control == 11 else None if control == 10 else control


W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _date(rng: random.Random) -> tuple[int, int, int]:
    month = rng.randint(1, 12)
    return rng.randint(1, DAYS[month - 1]), month, rng.randint(1940, 2007)


def fnr(rng: random.Random, d_number: bool = False) -> str:
    while True:
        day, month, year = _date(rng)
        nine = f"{day + 40 * d_number:02d}{month:02d}{year % 100:02d}{rng.randint(0, 999):03d}"
        first = _mod11(nine, W1)
        if first is None:
            continue
        second = _mod11(nine + str(first), W2)
        if second is not None:
            return nine + str(first) + str(second)


def fnr_invalid(rng: random.Random) -> str:
    """A date and 5 digits whose control digits are wrong."""
    while True:
        day, month, year = _date(rng)
        nine = f"{day:02d}{month:02d}{year % 100:02d}{rng.randint(0, 999):03d}"
        number = nine + f"{rng.randint(0, 99):02d}"
        if _mod11(nine, W1) != int(number[9]) or _mod11(number[:10], W2) != int(number[10]):
            return number


def luhn_digit(nine: str) -> int:
    total = 0
    for position, char in enumerate(reversed(nine)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def pnr(rng: random.Random, coordination: bool = False, valid: bool = True) -> str:
    day, month, year = _date(rng)
    nine = f"{year % 100:02d}{month:02d}{day + 60 * coordination:02d}{rng.randint(0, 999):03d}"
    check = luhn_digit(nine)
    if not valid:
        check = (check + rng.randint(1, 9)) % 10
    ten = nine + str(check)
    form = rng.random()
    if form < 0.45:
        return f"{ten[:6]}-{ten[6:]}"
    if form < 0.55 and year < 1926:
        return f"{ten[:6]}+{ten[6:]}"
    if form < 0.6:
        return ten
    century = str(year // 100)
    return f"{century}{ten[:6]}-{ten[6:]}" if form < 0.9 else f"{century}{ten}"


def orgnr_no(rng: random.Random) -> str:
    while True:
        eight = str(rng.choice((8, 9))) + f"{rng.randint(0, 9_999_999):07d}"
        control = _mod11(eight, (3, 2, 7, 6, 5, 4, 3, 2))
        if control is not None:
            number = eight + str(control)
            return rng.choice((number, f"{number[:3]} {number[3:6]} {number[6:]}"))


def orgnr_se(rng: random.Random) -> str:
    """Swedish organisation number: third digit ≥ 2 (the "month" is 20 or more), Luhn right or
    wrong, sometimes with the 16 prefix."""
    first = rng.choice(("55", "80", "21", "71", "96"))
    nine = first + str(rng.randint(2, 9)) + f"{rng.randint(0, 999_999):06d}"
    check = luhn_digit(nine) if rng.random() < 0.7 else (luhn_digit(nine) + 3) % 10
    ten = nine + str(check)
    text = f"{ten[:6]}-{ten[6:]}"
    return "16" + text if rng.random() < 0.25 else text


def phone_no(rng: random.Random) -> str:
    mobile = rng.random() < 0.75
    digits = (
        str(rng.choice((4, 9))) + f"{rng.randint(0, 9_999_999):07d}"
        if mobile
        else str(rng.choice((2, 3, 5, 6, 7))) + f"{rng.randint(0, 9_999_999):07d}"
    )
    form = rng.choice(("3-2-3", "2-2-2-2", "8", "4-4")) if mobile else rng.choice(("2-2-2-2", "2-2-2-2", "8"))
    body = {
        "3-2-3": f"{digits[:3]} {digits[3:5]} {digits[5:]}",
        "2-2-2-2": f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
        "8": digits,
        "4-4": f"{digits[:4]} {digits[4:]}",
    }[form]
    prefix = rng.random()
    return ("+47 " + body) if prefix < 0.2 else ("0047 " + body) if prefix < 0.25 else body


def phone_se(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.55:  # mobile
        operator = rng.choice(("70", "72", "73", "76", "79"))
        rest = f"{rng.randint(0, 9_999_999):07d}"
        style = rng.random()
        if style < 0.45:
            return f"0{operator}-{rest[:3]} {rest[3:5]} {rest[5:]}"
        if style < 0.65:
            return f"0{operator}{rest}"
        if style < 0.85:
            return f"+46 {operator} {rest[:3]} {rest[3:5]} {rest[5:]}"
        return f"0{operator} {rest[:3]} {rest[3:5]} {rest[5:]}"
    if kind < 0.8:  # Stockholm
        rest = f"{rng.randint(1_000_000, 9_999_999):07d}"
        rest8 = rest + str(rng.randint(0, 9))
        return rng.choice((f"08-{rest[:3]} {rest[3:5]} {rest[5:]}", f"08-{rest8[:3]} {rest8[3:6]} {rest8[6:]}"))
    area = rng.choice(("031", "040", "018", "090", "013", "054"))
    rest = f"{rng.randint(100_000, 999_999):06d}"
    return rng.choice((f"{area}-{rest[:2]} {rest[2:4]} {rest[4:]}", f"{area}-{rest[:3]} {rest[3:]}"))


# --- places and organisations -------------------------------------------------------------------

NO_STREET_STEMS = _words("""Stor Kirke Skole Jernbane Strand Havne Bjerke Solli Furu Bjørke Eike Lia Bekke Myr
Kongs Dronning Prestegårds Stasjons Torg Fjell Grønland Sand Mølle Fabrikk Løkke Haug Åsen Skog Nygårds
Øvre Sjø Vollen Sagbruks Brugata Tollbod Rådhus""")
NO_STREET_ENDS = ["gata", "gate", "veien", "vegen", "vei", "veg", "stien", "bakken", "plassen"]
NO_PLACES = [
    ("0456", "Oslo"),
    ("0568", "Oslo"),
    ("2317", "Hamar"),
    ("5003", "Bergen"),
    ("7030", "Trondheim"),
    ("9008", "Tromsø"),
    ("4608", "Kristiansand"),
    ("6002", "Ålesund"),
    ("8006", "Bodø"),
    ("1530", "Moss"),
    ("3015", "Drammen"),
    ("2815", "Gjøvik"),
    ("6800", "Førde"),
    ("9730", "Karasjok"),
    ("3616", "Kongsberg"),
    ("1606", "Fredrikstad"),
    ("4010", "Stavanger"),
    ("5501", "Haugesund"),
]
SE_STREET_STEMS = _words("""Stor Kyrko Skol Järnvägs Strand Hamn Björk Tall Ek Kungs Drottning Tegnér Linné Väster Öster
Norra Södra Kvarn Bruks Sjö Berg Lilla Stora Ängs Åker Prästgårds Station Torg""")
SE_STREET_ENDS = ["gatan", "vägen", "gränd", "backen", "stigen", "torget", "allén"]
SE_PLACES = [
    ("411 38", "Göteborg"),
    ("211 22", "Malmö"),
    ("753 20", "Uppsala"),
    ("903 26", "Umeå"),
    ("972 31", "Luleå"),
    ("118 46", "Stockholm"),
    ("582 24", "Linköping"),
    ("652 25", "Karlstad"),
    ("222 21", "Lund"),
    ("791 71", "Falun"),
    ("831 30", "Östersund"),
    ("702 10", "Örebro"),
]

INSTITUTIONS = {
    "no": [
        "Sykehuset Innlandet",
        "Sykehuset Østfold",
        "Sykehuset Telemark",
        "Martina Hansens Hospital",
        "Lovisenberg Diakonale Sykehus",
        "Diakonhjemmet sykehus",
        "St. Olavs hospital",
        "Sørlandet sykehus",
        "Haraldsplass Diakonale Sykehus",
        "Helse Bergen",
        "Vestre Viken",
        "Oslo universitetssykehus",
        "Haukeland universitetssjukehus",
        "Blakstad sykehus",
        "Betanien sykehus",
        "Helse Stavanger",
    ],
    "sv": [
        "Sahlgrenska universitetssjukhuset",
        "Södersjukhuset",
        "S:t Görans sjukhus",
        "Danderyds sjukhus",
        "Karolinska universitetssjukhuset",
        "Falu lasarett",
        "Norrlands universitetssjukhus",
        "Beroendecentrum Stockholm",
        "Ersta sjukhus",
        "Sankt Lukas",
        "Akademiska sjukhuset",
        "Lasarettet i Ystad",
    ],
}
ORGS = {
    "no": [
        "Kirkens Bymisjon",
        "Anonyme Alkoholikere",
        "Anonyme Narkomane",
        "Fontenehuset",
        "Frelsesarmeen",
        "Blå Kors",
        "Mental Helse",
        "Røde Kors",
        "Evangeliesenteret",
        "Tyrili",
        "Marborg",
        "A-larm",
        "Kirkens SOS",
        "Pårørendesenteret",
        "Rusmisjonen Kristiansand",
        "Sophies Minde",
        "Stiftelsen Kirkens Sosialtjeneste",
        "Landsforeningen for Pårørende innen Psykisk helse",
        "Foreningen for human narkotikapolitikk",
    ],
    "sv": [
        "Stadsmissionen",
        "Maria Ungdom",
        "Hela Människan",
        "Anonyma Alkoholister",
        "Anonyma Narkomaner",
        "RFHL",
        "Convictus",
        "Frälsningsarmén",
        "Stockholms Stadsmission",
        "Magelungen",
        "Ersta diakoni",
        "Fontänhuset",
        "Attention",
        "Riksförbundet för Social och Mental Hälsa",
        "Göteborgs Räddningsmission",
    ],
}
MUNIS = {
    "nb": [
        "Lund kommune",
        "Berg kommune",
        "Moss kommune",
        "Strand kommune",
        "Hole kommune",
        "Lier kommune",
        "Sola kommune",
        "Bø kommune",
        "Vik kommune",
        "Hol kommune",
        "Sund kommune",
        "Vang kommune",
        "Hamar kommune",
    ],
    "nn": [
        "Lund kommune",
        "Berg kommune",
        "Strand kommune",
        "Hol kommune",
        "Vik kommune",
        "Stord kommune",
        "Sund kommune",
        "Vang kommune",
        "Aurland kommune",
        "Os kommune",
        "Voss herad",
    ],
    "sv": [
        "Lunds kommun",
        "Bergs kommun",
        "Falu kommun",
        "Strömstads kommun",
        "Håbo kommun",
        "Ale kommun",
        "Mora kommun",
        "Sala kommun",
        "Vara kommun",
        "Åre kommun",
        "Berg kommun",
    ],
    "en": ["Lund municipality", "Berg municipality", "Moss municipality", "Strand municipality", "Hamar municipality"],
}
PLACES_ALONE = {  # places that are also surnames, after a preposition
    "nb": ["Moss", "Lund", "Berg", "Hamar", "Dahl", "Holm", "Strand", "Vik"],
    "nn": ["Voss", "Lund", "Berg", "Strand", "Vik", "Dale", "Stord"],
    "sv": ["Lund", "Falun", "Mora", "Sala", "Berg", "Ystad", "Kalix"],
    "en": ["Moss", "Lund", "Hamar", "Dahl"],
}
DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "online.no", "live.se", "yahoo.com", "icloud.com"]
WORK_DOMAINS = {
    "nb": ["nav.no", "oslo.kommune.no", "ahus.no", "sykehuset-innlandet.no", "bergen.kommune.no"],
    "nn": ["helse-forde.no", "voss.kommune.no", "nav.no", "helse-bergen.no"],
    "sv": ["stockholm.se", "regionstockholm.se", "goteborg.se", "lund.se", "vgregion.se"],
    "en": ["nav.no", "stockholm.se", "oslo.kommune.no", "vgregion.se"],
}


# --- templates --------------------------------------------------------------------------------
# A template is text with slots: {first} a listed first name, {full} a first name and surname,
# {gen} a first name in the genitive ("Karis", "Kari's"), {cw} a first name that is also a word,
# {aeoa} a name with æ, ø or å, {unl} a name in no list, {unlfull} a listed first name and an
# unlisted surname, {title} a title and a surname, {fnr} {dnr} {pnr} {snr} {phone} {phone_se}
# {email} {addr} {addr_se}; and negatives: {badfnr} {badpnr} {case} {orgno} {orgse} {date}
# {amount} {muni} {place} {inst} {org} {street_name} (a street named after a person, no number),
# and <<text|kind>> for a literal negative.

PII = {
    "nb": """Legen noterte fødselsnummer {fnr} på resepten.
I journalen står fnr. {fnr}, og han bekrefter at det stemmer.
Han har bare D-nummer, {dnr}, fordi han kom fra Polen i fjor.
Bruker forteller at {gen} mor ringer hver dag og spør etter henne.
Han heter {unl} og har bodd i kommunen i fire år.
{full} møtte til samtale kl. 10 og var rolig og samarbeidsvillig.
Kontaktpersonen hennes er {full}, som kan nås på {phone}.
Ring meg på {phone} hvis det blir endringer, sa han.
Fødselsnummer: {fnr}.
Pasienten har D-nummer {dnr} og venter på svar fra UDI.
Ny adresse er {addr}.
Han flyttet til {addr} i forrige måned, like ved en dagligvarebutikk.
E-post til fastlegen: {email}.
Hun ba om at innkallingen sendes til {email} i stedet for i posten.
Jeg snakket med {first} på telefon etter møtet.
Samtalen ble ledet av {title}, og {first} var med som pårørende.
{unl} sa at han ikke har sovet på tre netter.
Min kontakt {unl} i kommunen har vært veldig grei, forteller hun.
Sønnen hans, {cw}, er 17 år og bor hos moren.
{cw} fortalte at han har vært rusfri siden påske.
Hun var sammen med {aeoa} på dagsenteret hele formiddagen.
Fastlegen, {title}, har skrevet henvisning til DPS.
{full} ({phone}) er oppført som nærmeste pårørende.
Jeg har snakket med {gen} kontaktperson i NAV om økonomien.
Brukeren har svensk personnummer {pnr} og bodde tidligere i Göteborg.
Vi avtalte at hun skal ringe {phone} hvis suget blir sterkt.
Mor, {full}, ønsker ikke å delta i ansvarsgruppemøtet.
Hun bor nå i {addr} sammen med kjæresten {first}.
Søsteren hans, {unl}, kom på besøk fra Tromsø.
Det var {first} og {first} fra ambulant team som fulgte ham til legevakten.
I møtet deltok {full}, {full} og undertegnede.
Henvisningen fra {title} kom i begynnelsen av mai.
{first} forteller at hun har brukt amfetamin i helgene.
Brukeren sier at {cw} er den eneste hun stoler på.
Kontaktinfo: {email}, tlf. {phone}.
Han oppga fødselsnummeret {fnr} ved innskrivning.
Etter samtalen med {title} ble medisinen trappet ned.
Bestemoren, {full}, har hatt omsorgen siden hun var liten.
Ta kontakt med {first} på {email} om neste avtale.
Brevet ble sendt til {addr}, men kom i retur.
Miljøterapeut {full} var til stede under hele observasjonen.
Kjæresten hennes heter {unl} og er også i behandling.
Datteren hans, {unl}, bor i fosterhjem og han savner henne.
Han er kjent som {unl} blant de andre på hospitset.
Vi møtte {unlfull} på lavterskeltilbudet i sentrum.
Mobilnummeret hennes er {phone}, men hun svarer sjelden.
Hun har fått D-nummer ({dnr}) og kan nå få fastlege.
Saksbehandleren hans er {full} i NAV.
{aeoa} har vært primærkontakt i to år og kjenner familien godt.
Pårørende: {full}, {addr}, tlf. {phone}.
Hun fortalte at {aeoa} hadde hentet henne på legevakten.
Han vil at vi skal snakke med broren {first} før neste møte.
Det var {gen} idé å søke om plass på behandlingsinstitusjon.
Han ringte fra et annet nummer, {phone}, og spurte etter {first}.
Han snakker mye om {cw} og savner ham.
Jeg heter {unl}, sa hun, og jeg har vært rusfri i tre måneder.
""",
    "nn": """Legen noterte fødselsnummer {fnr} på resepten.
I journalen står fnr. {fnr}, og han stadfestar at det stemmer.
Han har berre D-nummer, {dnr}, fordi han kom frå Polen i fjor.
Brukaren fortel at {gen} mor ringjer kvar dag og spør etter ho.
Ho heiter {unl} og har budd i kommunen i fire år.
{full} møtte til samtale klokka 10 og var roleg og samarbeidsvillig.
Kontaktpersonen hennar er {full}, som kan nåast på {phone}.
Ring meg på {phone} viss det blir endringar, sa han.
Fødselsnummer: {fnr}.
Pasienten har D-nummer {dnr} og ventar på svar frå UDI.
Ny adresse er {addr}.
Han flytta til {addr} førre månad, like ved ein daglegvarebutikk.
E-post til fastlegen: {email}.
Ho bad om at innkallinga blir send til {email} i staden for i posten.
Eg snakka med {first} på telefon etter møtet.
Samtalen vart leia av {title}, og {first} var med som pårørande.
{unl} sa at han ikkje har sove på tre netter.
Kontakten min {unl} i kommunen har vore veldig grei, fortel ho.
Sonen hans, {cw}, er 17 år og bur hos mora.
{cw} fortalde at han har vore rusfri sidan påske.
Ho var saman med {aeoa} på dagsenteret heile formiddagen.
Fastlegen, {title}, har skrive tilvising til DPS.
{full} ({phone}) står som næraste pårørande.
Eg har snakka med {gen} kontaktperson i NAV om økonomien.
Brukaren har svensk personnummer {pnr} og budde tidlegare i Göteborg.
Vi avtalte at ho skal ringje {phone} viss suget blir sterkt.
Mor, {full}, vil ikkje vere med på ansvarsgruppemøtet.
Ho bur no i {addr} saman med kjærasten {first}.
Syster hans, {unl}, kom på besøk frå Tromsø.
Det var {first} og {first} frå ambulant team som følgde han til legevakta.
I møtet deltok {full}, {full} og underteikna.
Tilvisinga frå {title} kom i byrjinga av mai.
{first} fortel at ho har brukt amfetamin i helgane.
Brukaren seier at {cw} er den einaste ho stolar på.
Kontaktinfo: {email}, tlf. {phone}.
Han oppgav fødselsnummeret {fnr} ved innskriving.
Etter samtalen med {title} vart medisinen trappa ned.
Bestemora, {full}, har hatt omsorga sidan ho var lita.
Ta kontakt med {first} på {email} om neste avtale.
Brevet vart sendt til {addr}, men kom i retur.
Miljøterapeut {full} var til stades under heile observasjonen.
Kjærasten hennar heiter {unl} og er òg i behandling.
Dottera hans, {unl}, bur i fosterheim og han saknar ho.
Han er kjend som {unl} blant dei andre på hospitset.
Vi møtte {unlfull} på lågterskeltilbodet i sentrum.
Mobilnummeret hennar er {phone}, men ho svarar sjeldan.
Ho har fått D-nummer ({dnr}) og kan no få fastlege.
Sakshandsamaren hans er {full} i NAV.
{aeoa} har vore primærkontakt i to år og kjenner familien godt.
Pårørande: {full}, {addr}, tlf. {phone}.
Ho fortalde at {aeoa} hadde henta ho på legevakta.
Han vil at vi skal snakke med bror hans {first} før neste møte.
Det var {gen} idé å søkje om plass på behandlingsinstitusjon.
Han ringde frå eit anna nummer, {phone}, og spurde etter {first}.
Han snakkar mykje om {cw} og saknar han.
Eg heiter {unl}, sa ho, og eg har vore rusfri i tre månader.
""",
    "sv": """Läkaren antecknade personnummer {pnr} på receptet.
I journalen står pnr {pnr}, och han bekräftar att det stämmer.
Han har bara samordningsnummer, {snr}, eftersom han kom från Polen i fjol.
Klienten berättar att {gen} mamma ringer varje dag och frågar efter henne.
Han heter {unl} och har bott i kommunen i fyra år.
{full} kom till samtalet kl. 10 och var lugn och samarbetsvillig.
Hennes kontaktperson är {full}, som nås på {phone_se}.
Ring mig på {phone_se} om något ändras, sa han.
Personnummer: {pnr}.
Patienten har samordningsnummer {snr} och väntar på besked från Migrationsverket.
Ny adress är {addr_se}.
Han flyttade till {addr_se} förra månaden, nära en matbutik.
Mejl till läkaren: {email}.
Hon bad att kallelsen skickas till {email} i stället för med posten.
Jag pratade med {first} i telefon efter mötet.
Samtalet leddes av {title}, och {first} var med som anhörig.
{unl} sa att han inte har sovit på tre nätter.
Min kontakt {unl} på socialtjänsten har varit väldigt bra, berättar hon.
Hennes son, {cw}, är 17 år och bor hos sin pappa.
{cw} berättade att han har varit drogfri sedan påsk.
Hon var tillsammans med {first} på dagverksamheten hela förmiddagen.
Läkaren, {title}, har skrivit remiss till beroendemottagningen.
{full} ({phone_se}) står som närmast anhörig.
Jag har pratat med {gen} handläggare om ekonomin.
Klienten har norskt fødselsnummer {fnr} och bodde tidigare i Oslo.
Vi kom överens om att hon ska ringa {phone_se} om suget blir starkt.
Mamma, {full}, vill inte delta i samordnad individuell plan.
Hon bor nu på {addr_se} tillsammans med pojkvännen {first}.
Hans syster, {unl}, kom på besök från Kiruna.
Det var {first} och {first} från mobila teamet som följde honom till akuten.
På mötet deltog {full}, {full} och undertecknad.
Remissen från {title} kom i början av maj.
{first} berättar att hon har använt amfetamin på helgerna.
Klienten säger att {cw} är den enda hon litar på.
Kontaktuppgifter: {email}, tel. {phone_se}.
Han uppgav personnumret {pnr} vid inskrivningen.
Efter samtalet med {title} trappades medicinen ned.
Mormor, {full}, har haft omsorgen sedan hon var liten.
Kontakta {first} på {email} om nästa tid.
Brevet skickades till {addr_se} men kom i retur.
Behandlaren {full} var med under hela observationen.
Hennes pojkvän heter {unl} och går också i behandling.
Hans dotter, {unl}, bor i familjehem och han saknar henne.
Han kallas {unl} bland de andra på boendet.
Vi träffade {unlfull} på lågtröskelmottagningen i centrum.
Hennes mobilnummer är {phone_se}, men hon svarar sällan.
Samordningsnumret {snr} står på beslutet från Skatteverket.
Hennes handläggare är {full} på socialtjänsten.
Hon berättade att {aeoa} hade hämtat henne på akuten.
Anhörig: {full}, {addr_se}, tel. {phone_se}.
Han vill att vi pratar med brodern {first} före nästa möte.
Det var {gen} idé att söka plats på behandlingshem.
Han ringde från ett annat nummer, {phone_se}, och frågade efter {first}.
Han pratar mycket om {cw} och saknar honom.
Jag heter {unl}, sa hon, och jag har varit drogfri i tre månader.
""",
    "en": """The GP wrote down personal identity number {pnr} on the prescription.
His record shows coordination number {snr}, issued last year.
Her Norwegian national ID number, {fnr}, is on the referral.
The service user says that {gen} mother calls every day to ask about her.
His name is {unl} and he has lived in the municipality for four years.
{full} came to the appointment at 10 and was calm and cooperative.
Her contact person is {full}, who can be reached on {phone}.
Call me on {phone_se} if anything changes, he said.
National ID number: {fnr}.
The patient has a D number, {dnr}, and is waiting to hear from the immigration office.
Her Swedish personal identity number is {pnr}.
New address: {addr}.
He moved to {addr_se} last month, near a supermarket.
Email to the GP: {email}.
She asked for the letter to be sent to {email} instead of by post.
I spoke with {first} on the phone after the meeting.
The session was led by {title}, and {first} attended as next of kin.
{unl} said that he has not slept for three nights.
My contact {unl} at the council has been very helpful, she says.
Her son, {cw}, is 17 and lives with his father.
{cw} told us that he has been sober since Easter.
She spent the whole morning at the day centre with {aeoa}.
Her GP, {title}, has referred her to the outpatient clinic.
{full} ({phone}) is listed as next of kin.
I have talked to {gen} caseworker about money.
We agreed that she will call {phone} if the craving gets strong.
Her mother, {full}, does not want to attend the care-plan meeting.
She now lives at {addr} with her boyfriend {first}.
His sister, {unl}, came to visit from Tromsø.
{first} and {first} from the outreach team took him to the emergency clinic.
Present at the meeting: {full}, {full} and the author.
The referral from {title} arrived in early May.
{first} reports using amphetamine at weekends.
The service user says {cw} is the only person she trusts.
Contact details: {email}, phone {phone}.
He gave his national ID number, {fnr}, at admission.
After the session with {title} the dose was tapered.
Her grandmother, {full}, has cared for her since she was small.
Please contact {first} at {email} about the next appointment.
The letter was sent to {addr}, but it came back.
Support worker {full} was present during the whole observation.
Her boyfriend is called {unl} and is also in treatment.
His daughter, {unl}, lives in foster care and he misses her.
He is known as {unl} among the other residents.
We met {unlfull} at the drop-in centre in town.
Her mobile number is {phone_se}, but she rarely answers.
Her caseworker is {full} at NAV.
She said {aeoa} had picked her up at the emergency clinic.
Next of kin: {full}, {addr}, phone {phone}.
It was {gen} idea to apply for a place at a treatment centre.
He called from another number, {phone}, and asked for {first}.
He talks a lot about {cw} and misses him.
My name is {unl}, she said, and I have been clean for three months.
""",
}

NEG = {
    "nb": """Saken har {case} hos NAV.
Nummeret {badfnr} som står i journalen stemmer ikke, så det må sjekkes.
Tilskuddet går til {org} ({orgno}).
Hun har vært innlagt på {inst} to ganger.
Han bodde tidligere i {muni} og hadde vedtak om bolig der.
Han har bodd på {place} siden han var liten.
<<Per|word>> uke får hun to samtaler med miljøterapeut.
<<Hans|word>> mor ringte i går og var bekymret.
<<Dag|word>> for dag blir det litt bedre, sier hun.
<<Liv|word>> og helse står på spill, mener fastlegen.
<<Vil|word>> han ta imot tilbud om bolig, må det søkes på nytt.
<<Fastlegen|sentence_start>> sa at blodprøvene var fine.
<<Saksbehandleren|sentence_start>> mente at søknaden var for sent ute.
<<Kommunen|sentence_start>> sa at det ikke finnes ledige boliger.
Neste møte er {date}.
Hun har gjeld på {amount} til kemneren.
Utbetalingen fra NAV var på {amount} denne måneden.
Hun går på møter i {org} to ganger i uka.
Han spiser middag på {org} nesten hver dag.
Han bor i {street_name}, men husker ikke husnummeret.
Referanse {case} gjelder klagen på vedtaket.
Organisasjonsnummer {orgno} står på fakturaen.
Han viste fram et gammelt nummer, {badfnr}, som ikke er gyldig.
Hun ble overført fra {inst} til kommunal oppfølging {date}.
Husleien er {amount}, og strømmen kommer i tillegg.
<<Min|word>> erfaring er at det hjelper å ha noen å ringe.
<<Vår|word>> oppgave er å følge henne opp i overgangen.
<<Mange|sentence_start>> på huset sliter med søvn.
""",
    "nn": """Saka har {case} hos NAV.
Nummeret {badfnr} som står i journalen stemmer ikkje, så det må sjekkast.
Tilskotet går til {org} ({orgno}).
Ho har vore innlagd på {inst} to gonger.
Han budde tidlegare i {muni} og hadde vedtak om bustad der.
Han har budd på {place} sidan han var liten.
<<Per|word>> veke får ho to samtalar med miljøterapeut.
<<Dag|word>> for dag blir det litt betre, seier ho.
<<Liv|word>> og helse står på spel, meiner fastlegen.
<<Fastlegen|sentence_start>> sa at blodprøvene var fine.
<<Sakshandsamaren|sentence_start>> meinte at søknaden var for seint ute.
<<Kommunen|sentence_start>> sa at det ikkje finst ledige bustader.
Neste møte er {date}.
Ho har gjeld på {amount} til kemneren.
Utbetalinga frå NAV var på {amount} denne månaden.
Ho går på møte i {org} to gonger i veka.
Han et middag på {org} nesten kvar dag.
Han bur i {street_name}, men hugsar ikkje husnummeret.
Referanse {case} gjeld klaga på vedtaket.
Organisasjonsnummer {orgno} står på fakturaen.
Han viste fram eit gammalt nummer, {badfnr}, som ikkje er gyldig.
Ho vart overført frå {inst} til kommunal oppfølging {date}.
Husleiga er {amount}, og straumen kjem i tillegg.
<<Vår|word>> oppgåve er å følgje ho opp i overgangen.
<<Mange|sentence_start>> på huset slit med søvn.
<<Eg|sentence_start>> trur ho treng meir tid.
""",
    "sv": """Ärendet har {case} hos socialtjänsten.
Numret {badpnr} i journalen stämmer inte, så det måste kontrolleras.
Bidraget går till {org} ({orgse}).
Hon har varit inlagd på {inst} två gånger.
Han bodde tidigare i {muni} och hade beslut om boende där.
Han har bott i {place} sedan han var liten.
<<Per|word>> vecka får hon två samtal med behandlare.
<<Hans|word>> mamma ringde i går och var orolig.
<<Dag|word>> för dag blir det lite bättre, säger hon.
<<Bo|word>> kvar hemma vill han inte.
<<Läkaren|sentence_start>> sa att proverna var bra.
<<Handläggaren|sentence_start>> menade att ansökan kom in för sent.
<<Kommunen|sentence_start>> sa att det inte finns lediga lägenheter.
Nästa möte är {date}.
Hon har skulder på {amount} hos Kronofogden.
Utbetalningen av försörjningsstöd var {amount} den här månaden.
Hon går på möten hos {org} två gånger i veckan.
Han äter middag hos {org} nästan varje dag.
Han bor på {street_name} men minns inte numret.
Referens {case} gäller överklagandet.
Organisationsnummer {orgse} står på fakturan.
Han visade ett gammalt nummer, {badpnr}, som inte är giltigt.
Hon skrevs över från {inst} till kommunens öppenvård {date}.
Hyran är {amount}, och el tillkommer.
<<Mina|word>> erfarenheter är att det hjälper att ha någon att ringa.
<<Alla|word>> på boendet har svårt att sova.
<<Ingen|word>> från familjen kom till mötet.
""",
    "en": """The case has {case} at NAV.
The number {badfnr} in the record is wrong and must be checked.
The grant goes to {org} ({orgno}).
She has been admitted to {inst} twice.
He used to live in {muni} and had a housing decision there.
He has lived in {place} since he was small.
<<Ask|word>> the GP about the blood tests before Friday.
<<Will|word>> he accept the offer of a flat? We do not know yet.
<<May|word>> was a hard month for her.
<<Mark|word>> the date in the calendar so she remembers.
<<Hope|word>> is what keeps him going, he says.
<<Grace|word>> period for the rent ends next week.
<<Frank|word>> talk about relapse helped the group.
<<Bill|word>> for the electricity is overdue again.
The next meeting is on {date}.
She owes {amount} to the tax office.
The benefit paid this month was {amount}.
She goes to {org} meetings twice a week.
He eats dinner at {org} almost every day.
He lives in {street_name} but cannot remember the number.
Reference {case} concerns the appeal.
Organisation number {orgse} is on the invoice.
He showed an old number, {badpnr}, which is not valid.
She was transferred from {inst} to community follow-up on {date}.
The rent is {amount}, plus electricity.
<<Nobody|sentence_start>> from the family came to the meeting.
""",
}

FILLER = {
    "nb": """Hun beskriver at det har vært en tung uke med lite søvn.
Han er opptatt av å komme i jobb igjen, men er redd for å ikke klare det.
Det ble snakket om ansvarsgruppe og individuell plan.
Brukeren ønsker mer hjelp i hjemmet og færre skjemaer.
Han virket slitent, men svarte utfyllende på spørsmålene.
Hun sier at det hjelper å ha noen som ringer tilbake.
Vi ble enige om å møtes igjen om to uker.
Han har ikke brukt rusmidler siste måned, ifølge ham selv.
Det er lang ventetid på DPS, og hun har ikke fått time.
Samtalen varte i en time og ble avsluttet i god tone.
Hun er bekymret for økonomien og for hvordan barna har det.
Han forteller om en oppvekst med mye flytting.
""",
    "nn": """Ho skildrar at det har vore ei tung veke med lite søvn.
Han er oppteken av å kome i jobb att, men er redd for å ikkje klare det.
Det vart snakka om ansvarsgruppe og individuell plan.
Brukaren ønskjer meir hjelp i heimen og færre skjema.
Han verka sliten, men svarte utfyllande på spørsmåla.
Ho seier at det hjelper å ha nokon som ringjer tilbake.
Vi vart samde om å møtast att om to veker.
Han har ikkje brukt rusmiddel siste månad, etter det han sjølv seier.
Det er lang ventetid på DPS, og ho har ikkje fått time.
Samtalen varte i ein time og vart avslutta i god tone.
""",
    "sv": """Hon beskriver att det har varit en tung vecka med lite sömn.
Han vill gärna komma tillbaka till arbete men är rädd att inte klara det.
Vi pratade om samordnad individuell plan och vem som ska kallas.
Klienten vill ha mer stöd i hemmet och färre blanketter.
Han verkade trött men svarade utförligt på frågorna.
Hon säger att det hjälper att någon ringer tillbaka.
Vi kom överens om att ses igen om två veckor.
Han har inte använt droger den senaste månaden, enligt honom själv.
Det är lång väntetid till psykiatrin och hon har inte fått någon tid.
Samtalet varade en timme och avslutades i god ton.
""",
    "en": """She describes a hard week with little sleep.
He wants to get back to work but is afraid he will not manage.
We talked about the care plan and who should be invited.
The service user wants more support at home and fewer forms.
He seemed tired but answered the questions at length.
She says it helps when someone calls back.
We agreed to meet again in two weeks.
He has not used drugs in the past month, by his own account.
There is a long waiting list for the clinic and she has no appointment yet.
The conversation lasted an hour and ended on good terms.
""",
}

HEADERS = {
    "nb": [
        "Samtalenotat, poliklinikk rus og psykisk helse.",
        "Observasjon på dagsenteret, formiddag.",
        "Intervju med pårørende, brukermedvirkning.",
        "Notat fra hjemmebesøk.",
        "Samtale på lavterskeltilbud.",
    ],
    "nn": [
        "Samtalenotat, poliklinikk rus og psykisk helse.",
        "Observasjon på dagsenteret, formiddag.",
        "Intervju med pårørande.",
        "Notat frå heimebesøk.",
    ],
    "sv": [
        "Samtalsanteckning, beroendemottagningen.",
        "Observation på dagverksamheten, förmiddag.",
        "Intervju med anhörig.",
        "Anteckning från hembesök.",
        "Samtal på lågtröskelmottagning.",
    ],
    "en": [
        "Interview note, outpatient substance-use clinic.",
        "Observation at the day centre, morning.",
        "Interview with a relative.",
        "Note from a home visit.",
        "Conversation at the drop-in service.",
    ],
}


# --- filling ----------------------------------------------------------------------------------


@dataclass
class Note:
    text: str = ""
    spans: list[dict[str, object]] = field(default_factory=list)
    negatives: list[dict[str, object]] = field(default_factory=list)

    def add(self, piece: str, label: str | None = None, negative: str | None = None) -> None:
        start = len(self.text)
        self.text += piece
        if label:
            self.spans.append({"start": start, "end": len(self.text), "label": label})
        if negative:
            self.negatives.append({"start": start, "end": len(self.text), "kind": negative})

    def negative_inside(self, offset: int, length: int, kind: str) -> None:
        """A negative at `offset` (absolute) inside text already added."""
        self.negatives.append({"start": offset, "end": offset + length, "kind": kind})


def _ascii(name: str) -> str:
    table = str.maketrans(
        {
            "æ": "ae",
            "ø": "o",
            "å": "a",
            "ä": "a",
            "ö": "o",
            "é": "e",
            "á": "a",
            "ł": "l",
            "ż": "z",
            "ś": "s",
            "ę": "e",
            "ą": "a",
            "ń": "n",
            "ó": "o",
            "ê": "e",
            "î": "i",
        }
    )
    return name.lower().translate(table)


class Filler:
    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.region = "sv" if lang == "sv" else "no"

    def first(self) -> str:
        r = self.rng.random()
        if r < 0.12:
            return self.rng.choice(AEOA_FIRST)
        return self.rng.choice(LISTED_FIRST)

    def surname(self) -> str:
        if self.lang == "sv" or (self.lang == "en" and self.rng.random() < 0.4):
            return self.rng.choice(SE_SURNAMES)
        if self.rng.random() < 0.15:
            return self.rng.choice(AEOA_SURNAMES)
        return self.rng.choice(SURNAMES_NO)

    def street(self, note: Note, swedish: bool) -> None:
        rng = self.rng
        start = len(note.text)
        if not swedish and rng.random() < 0.2:  # named after a person
            first, last = rng.choice(LISTED_FIRST), rng.choice(SURNAMES_NO)
            name = f"{first} {last}s {rng.choice(('gate', 'vei', 'veg'))}"
            note.negative_inside(start, len(first) + 1 + len(last), "name_in_street")
        elif swedish and rng.random() < 0.15:
            first, last = rng.choice(LISTED_FIRST), rng.choice(SE_SURNAMES)
            name = f"{first} {last}s {rng.choice(('gata', 'väg'))}"
            note.negative_inside(start, len(first) + 1 + len(last), "name_in_street")
        elif swedish:
            name = rng.choice(SE_STREET_STEMS) + rng.choice(SE_STREET_ENDS)
        else:
            stem, end = rng.choice(NO_STREET_STEMS), rng.choice(NO_STREET_ENDS)
            name = f"{stem}{end}" if not stem.endswith("gata") else stem
        number = str(rng.randint(1, 140))
        letter = rng.random()
        if letter < 0.2:
            number += rng.choice("ABCD")
        elif letter < 0.27:
            number += " " + rng.choice("ABC")
        text = f"{name} {number}"
        if rng.random() < 0.55:
            code, place = rng.choice(SE_PLACES if swedish else NO_PLACES)
            text += f", {code} {place}"
        note.add(text, "ADDRESS")

    def email(self, note: Note) -> None:
        rng = self.rng
        first, last = self.first(), self.surname()
        start = len(note.text)
        style = rng.random()
        if style < 0.5:
            local = f"{_ascii(first)}.{_ascii(last)}"
            domain = rng.choice(WORK_DOMAINS[self.lang] if rng.random() < 0.5 else DOMAINS)
        elif style < 0.8:
            local = f"{_ascii(first)}{rng.randint(70, 99)}"
            domain = rng.choice(DOMAINS)
        else:
            local = f"{_ascii(first)[0]}{_ascii(last)}"
            domain = rng.choice(WORK_DOMAINS[self.lang])
        note.add(f"{local}@{domain}", "EMAIL")
        if style < 0.5:
            note.negative_inside(start, len(local), "name_in_email")

    def slot(self, note: Note, slot: str) -> None:
        rng, lang = self.rng, self.lang
        if slot == "first":
            note.add(self.first(), "PERSON")
        elif slot == "full":
            note.add(f"{self.first()} {self.surname()}", "PERSON")
        elif slot == "gen":
            name = rng.choice((self.first(), self.first(), rng.choice(COMMON_WORD_NAMES)))
            if lang == "en":
                note.add(name, "PERSON")
                note.add("'s")
            elif name.endswith("s"):  # "Hans'", "Jonas'"
                note.add(name, "PERSON")
                note.add("'")
            else:
                note.add(name, "PERSON")
                note.add("s")
        elif slot == "cw":
            note.add(rng.choice(COMMON_WORD_NAMES), "PERSON")
        elif slot == "aeoa":
            if rng.random() < 0.5:
                note.add(rng.choice(AEOA_FIRST), "PERSON")
            else:
                note.add(f"{rng.choice(AEOA_FIRST)} {rng.choice(AEOA_SURNAMES)}", "PERSON")
        elif slot == "unl":
            note.add(rng.choice(UNLISTED), "PERSON")
        elif slot == "unlfull":
            note.add(f"{self.first()} {rng.choice(UNLISTED_SURNAMES)}", "PERSON")
        elif slot == "title":
            title = {
                "nb": ("dr. ", "lege ", "overlege ", "psykolog ", "doktor ", "dr. "),
                "nn": ("dr. ", "lege ", "overlege ", "psykolog ", "doktor "),
                "sv": ("dr ", "dr. ", "läkare ", "överläkare ", "psykolog ", "doktor "),
                "en": ("Dr ", "Dr. ", "dr. ", "Nurse ", "psychologist "),
            }[lang]
            note.add(rng.choice(title))
            name = self.surname() if rng.random() < 0.7 else f"{self.first()} {self.surname()}"
            note.add(name, "PERSON")
        elif slot == "fnr":
            number = fnr(rng)
            note.add(number if rng.random() < 0.7 else f"{number[:6]} {number[6:]}", "NO_FNR")
        elif slot == "dnr":
            number = fnr(rng, d_number=True)
            note.add(number if rng.random() < 0.7 else f"{number[:6]} {number[6:]}", "NO_FNR")
        elif slot == "pnr":
            note.add(pnr(rng), "SE_PNR")
        elif slot == "snr":
            note.add(pnr(rng, coordination=True), "SE_PNR")
        elif slot == "phone":
            note.add(phone_no(rng) if lang != "sv" else phone_se(rng), "PHONE")
        elif slot == "phone_se":
            note.add(phone_se(rng) if lang != "nb" else phone_no(rng), "PHONE")
        elif slot == "email":
            self.email(note)
        elif slot == "addr":
            self.street(note, swedish=lang == "sv")
        elif slot == "addr_se":
            self.street(note, swedish=lang != "nb" and lang != "nn")
        # negatives
        elif slot == "badfnr":
            number = fnr_invalid(rng)
            note.add(number if rng.random() < 0.7 else f"{number[:6]} {number[6:]}", None, "invalid_id")
        elif slot == "badpnr":
            number = pnr(rng, valid=False)
            if "-" not in number and "+" not in number:  # a bare 10-digit run may as well be a phone number
                number = f"{number[:-4]}-{number[-4:]}"
            note.add(number, None, "invalid_id")
        elif slot == "case":
            year = rng.randint(2019, 2026)
            forms = {
                "nb": [
                    f"saksnr. {year}/{rng.randint(100, 9999)}",
                    f"saksnummer {year % 100}/{rng.randint(1000, 99999):05d}-{rng.randint(1, 30)}",
                    f"journalnr. {year}{rng.randint(1000, 9999)}",
                    f"arkivsak {year}/{rng.randint(10, 999)}",
                ],
                "sv": [
                    f"dnr {rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}-{year}",
                    f"ärendenummer {year}-{rng.randint(1000, 99999)}",
                    f"Dnr SN {year}/{rng.randint(10, 999)}",
                    f"diarienummer {year}-{rng.randint(100, 9999)}",
                ],
            }
            forms["nn"] = forms["nb"]
            forms["en"] = forms["nb"][:2] + forms["sv"][:2]
            text = rng.choice(forms[lang])
            note.add(text, None, "case_number")
        elif slot == "orgno":
            note.add(rng.choice(("org.nr. ", "orgnr ", "org. nr. ", "")) + orgnr_no(rng), None, "org_number")
        elif slot == "orgse":
            note.add(rng.choice(("org.nr ", "orgnr ", "")) + orgnr_se(rng), None, "org_number")
        elif slot == "date":
            day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2023, 2026)
            months = {
                "nb": "januar februar mars april mai juni juli august september oktober november desember",
                "nn": "januar februar mars april mai juni juli august september oktober november desember",
                "sv": "januari februari mars april maj juni juli augusti september oktober november december",
                "en": "January February March April May June July August September October November December",
            }
            name = months[lang].split()[month - 1]
            text = rng.choice(
                (
                    f"{day:02d}.{month:02d}.{year}",
                    f"{year}-{month:02d}-{day:02d}",
                    f"{day}. {name} {year}" if lang in ("nb", "nn") else f"{day} {name} {year}",
                )
            )
            note.add(text, None, "date")
        elif slot == "amount":
            value = rng.choice((rng.randint(2, 99) * 100, rng.randint(1, 450) * 1000, rng.randint(1000, 99999)))
            digits = f"{value:,}".replace(",", " ")
            currency = {
                "nb": ("kroner", "kr"),
                "nn": ("kroner", "kr"),
                "sv": ("kronor", "kr", "SEK"),
                "en": ("NOK", "SEK"),
            }[lang]
            c = rng.choice(currency)
            note.add(f"{c} {digits}" if c.isupper() and rng.random() < 0.5 else f"{digits} {c}", None, "amount")
        elif slot == "muni":
            note.add(rng.choice(MUNIS[lang]), None, "place")
        elif slot == "place":
            note.add(rng.choice(PLACES_ALONE[lang]), None, "place")
        elif slot == "inst":
            note.add(rng.choice(INSTITUTIONS["sv" if lang == "sv" else "no"]), None, "institution")
        elif slot == "org":
            note.add(rng.choice(ORGS["sv" if lang == "sv" else "no"]), None, "organisation")
        elif slot == "street_name":
            if lang == "sv":
                text = f"{rng.choice(LISTED_FIRST)} {rng.choice(SE_SURNAMES)}s {rng.choice(('gata', 'väg'))}"
            else:
                text = f"{rng.choice(LISTED_FIRST)} {rng.choice(SURNAMES_NO)}s {rng.choice(('gate', 'vei'))}"
            note.add(text, None, "name_in_street")
        else:
            raise KeyError(slot)


_SLOT = re.compile(r"\{(\w+)\}|<<([^|>]+)\|(\w+)>>")


def render(note: Note, template: str, filler: Filler) -> None:
    position = 0
    for match in _SLOT.finditer(template):
        note.add(template[position : match.start()])
        if match[1]:
            filler.slot(note, match[1])
        else:
            note.add(match[2], None, match[3])
        position = match.end()
    note.add(template[position:])


def _lines(block: str) -> list[str]:
    return [line for line in block.splitlines() if line.strip()]


def make_note(rng: random.Random, lang: str, number: int) -> dict[str, object]:
    filler = Filler(rng, lang)
    pii, neg, plain = _lines(PII[lang]), _lines(NEG[lang]), _lines(FILLER[lang])
    sentences = (
        rng.sample(pii, rng.randint(2, 4)) + rng.sample(neg, rng.randint(1, 3)) + rng.sample(plain, rng.randint(0, 2))
    )
    rng.shuffle(sentences)
    note = Note()
    style = rng.random()
    if style < 0.4:
        note.add(rng.choice(HEADERS[lang]) + "\n")
    interview = style > 0.8
    for index, sentence in enumerate(sentences):
        if interview:
            speaker = {"nb": ("I: ", "D: "), "nn": ("I: ", "D: "), "sv": ("I: ", "IP: "), "en": ("I: ", "P: ")}[lang]
            note.add(speaker[index % 2])
        render(note, sentence, filler)
        note.add("\n" if interview or rng.random() < 0.25 else " ")
    text = note.text.rstrip()
    return {"id": f"{lang}-{number:04d}", "lang": lang, "text": text, "spans": note.spans, "negatives": note.negatives}


def generate(seed: int = DEFAULT_SEED, per_language: int = 150) -> list[dict[str, object]]:
    records = []
    for offset, lang in enumerate(LANGS):
        rng = random.Random(seed * 10 + offset)
        records.extend(make_note(rng, lang, number) for number in range(1, per_language + 1))
    for record in records:  # the spans must match the text
        text = str(record["text"])
        for span in record["spans"]:  # type: ignore[attr-defined]
            assert 0 <= span["start"] < span["end"] <= len(text)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--per-language", type=int, default=150)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records = generate(args.seed, args.per_language)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    labels = Counter(s["label"] for r in records for s in r["spans"])  # type: ignore[attr-defined]
    negatives = Counter(n["kind"] for r in records for n in r["negatives"])  # type: ignore[attr-defined]
    print(f"{len(records)} notes to {args.out}", file=sys.stderr)
    print(f"spans: {dict(sorted(labels.items()))}", file=sys.stderr)
    print(f"negatives: {dict(sorted(negatives.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
