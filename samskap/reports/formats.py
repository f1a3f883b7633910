"""The shape of each note format: its language, header fields and sections, with the headings
the committee expects in that language (they are the document's, not the reader's, so they are
not translated with the interface).

Norwegian saksframlegg after Indre Fosen kommune's plain-language profile: header (Saksbehandler,
Arkiv, Arkivsaksnr., Utvalgssaksnr., Utvalg, Møtedato), title, the proposal for decision as
numbered points, a summary of at most five lines, attachments, then the saksutredning: facts,
statements from councils (brukerråd, råd for personer med funksjonsnedsettelse), the case
officer's assessment and communication. Swedish tjänsteskrivelse: date, Dnr and handläggare;
förslag till beslut written as if decided; sammanfattning; beslutsunderlag; ärendet;
perspectives (barnperspektiv, economic consequences); beslut sänds till.
See ../shared/reference/nordic-context.md section 6.8.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"
LIST = "list"  # one item per line


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    kind: str = TEXT
    level: int = 2  # 2: a main part; 3: within the saksutredning / ärendet
    figures: bool = False  # comparisons and matrices are shown after this section's text
    charts: bool = False  # improvement measures' charts are shown after this section's text


@dataclass(frozen=True)
class Format:
    key: str
    language: str
    document_name: str
    header: tuple[tuple[str, str], ...]  # (field key, label)
    proposal_heading: str
    sections: tuple[Section, ...]
    inquiry_heading: str  # the heading over the level-3 sections
    figure_word: str
    table_word: str
    source_word: str
    suppressed_word: str
    version_word: str


HEADER_KEYS = ("case_officer", "archive", "case_number", "committee_case_number", "committee", "meeting_date", "date")

SAKSFRAMLEGG_NB = Format(
    key="saksframlegg_nb",
    language="nb",
    document_name="Saksframlegg",
    header=(
        ("case_officer", "Saksbehandler"),
        ("archive", "Arkiv"),
        ("case_number", "Arkivsaksnr."),
        ("committee_case_number", "Utvalgssaksnr."),
        ("committee", "Utvalg"),
        ("meeting_date", "Møtedato"),
    ),
    proposal_heading="Kommunedirektørens forslag til vedtak",
    sections=(
        Section("summary", "Oppsummering"),
        Section("attachments", "Vedlegg", LIST),
        Section("background", "Bakgrunn og faktagrunnlag", level=3),
        Section("results", "Resultater fra forbedringsarbeidet", level=3, charts=True),
        Section("participation", "Medvirkning", level=3),
        Section("comparison", "Sammenligning med andre kommuner", level=3, figures=True),
        Section("statements", "Uttalelser fra brukerråd og råd for personer med funksjonsnedsettelse", level=3),
        Section("consequences", "Konsekvenser", level=3),
        Section("assessment", "Saksbehandlers vurdering", level=3),
        Section("communication", "Kommunikasjonstiltak", level=3),
    ),
    inquiry_heading="Saksutredning",
    figure_word="Figur",
    table_word="Tabell",
    source_word="Kilde",
    suppressed_word="skjult fordi tallet er 5 eller lavere",
    version_word="Versjon",
)

SAKSFRAMLEGG_NN = Format(
    key="saksframlegg_nn",
    language="nn",
    document_name="Saksframlegg",
    header=(
        ("case_officer", "Sakshandsamar"),
        ("archive", "Arkiv"),
        ("case_number", "Arkivsaksnr."),
        ("committee_case_number", "Utvalssaksnr."),
        ("committee", "Utval"),
        ("meeting_date", "Møtedato"),
    ),
    proposal_heading="Kommunedirektøren sitt framlegg til vedtak",
    sections=(
        Section("summary", "Oppsummering"),
        Section("attachments", "Vedlegg", LIST),
        Section("background", "Bakgrunn og faktagrunnlag", level=3),
        Section("results", "Resultat frå forbetringsarbeidet", level=3, charts=True),
        Section("participation", "Medverknad", level=3),
        Section("comparison", "Samanlikning med andre kommunar", level=3, figures=True),
        Section("statements", "Fråsegner frå brukarråd og råd for personar med funksjonsnedsetjing", level=3),
        Section("consequences", "Konsekvensar", level=3),
        Section("assessment", "Sakshandsamar si vurdering", level=3),
        Section("communication", "Kommunikasjonstiltak", level=3),
    ),
    inquiry_heading="Saksutgreiing",
    figure_word="Figur",
    table_word="Tabell",
    source_word="Kjelde",
    suppressed_word="skjult fordi talet er 5 eller lågare",
    version_word="Versjon",
)

TJANSTESKRIVELSE_SV = Format(
    key="tjansteskrivelse_sv",
    language="sv",
    document_name="Tjänsteskrivelse",
    header=(
        ("date", "Datum"),
        ("case_number", "Dnr"),
        ("case_officer", "Handläggare"),
        ("committee", "Nämnd"),
        ("meeting_date", "Sammanträdesdatum"),
    ),
    proposal_heading="Förslag till beslut",
    sections=(
        Section("summary", "Sammanfattning"),
        Section("attachments", "Beslutsunderlag", LIST),
        Section("background", "Ärendet och bakgrund", level=3),
        Section("results", "Resultat från förbättringsarbetet", level=3, charts=True),
        Section("participation", "Brukarinflytande", level=3),
        Section("comparison", "Jämförelse med andra kommuner", level=3, figures=True),
        Section("statements", "Yttranden från brukarråd och funktionshinderråd", level=3),
        Section("children", "Barnperspektiv", level=3),
        Section("consequences", "Ekonomiska konsekvenser", level=3),
        Section("assessment", "Bedömning", level=3),
        Section("send_to", "Beslut sänds till", LIST),
    ),
    inquiry_heading="Ärendet",
    figure_word="Figur",
    table_word="Tabell",
    source_word="Källa",
    suppressed_word="dolt eftersom talet är 5 eller lägre",
    version_word="Version",
)

FORMATS = {f.key: f for f in (SAKSFRAMLEGG_NB, SAKSFRAMLEGG_NN, TJANSTESKRIVELSE_SV)}
