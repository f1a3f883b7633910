"""Demo statistics: Drammen compared with its neighbours Lier and Øvre Eiker on recorded
SSB and Helsedirektoratet tables (a population table, a count of people with small numbers
in the peers, staffing per 1,000 with a series break), and Hudiksvall with Bollnäs and
Söderhamn on recorded SCB and Kolada tables; a comparison matrix for each, pinned to the
challenge picture. The recordings are in `samskap/cli/data/statistics/` (see its README:
real structure and municipality codes, invented figures)."""

from __future__ import annotations

from pathlib import Path

from django.db.models import Model

from samskap.comparison import services
from samskap.comparison.models import Dataset, PerInhabitants
from samskap.comparison.selectors import series_choices
from samskap.core.models import User
from samskap.processes.models import Process
from samskap.processes.services import evidence_link_add

DATA = Path(__file__).parent / "data" / "statistics"


def _import(actor: User, process: Process, name: str, **kwargs: object) -> Dataset:
    return services.dataset_import(
        actor=actor,
        organisation=process.organisation,
        data=(DATA / name).read_bytes(),
        file_name=name,
        fetched_at="2026-05-04T09:12:00+02:00",
        **kwargs,  # type: ignore[arg-type]
    )


def _pin(actor: User, process: Process, words: str, target: Model, note: str) -> None:
    latest = process.challenge_pictures.order_by("-number").first()
    if latest is None:
        return
    items = list(latest.items.all())
    item = next((i for i in items if words.lower() in i.text.lower()), items[0])
    evidence_link_add(actor=actor, item=item, target=target, note=note)


def load_drammen_statistics(*, owner: User, process: Process) -> None:
    population = _import(
        owner,
        process,
        "ssb_07459_befolkning_drammen.jsonstat2.json",
        kind="population",
        query="https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&valueCodes[Region]=3301,3312,3314,0"
        "&valueCodes[ContentsCode]=Personer1&valueCodes[Tid]=from(2021)&outputformat=json-stat2",
    )
    housing = _import(
        owner,
        process,
        "ssb_12228_midlertidig_botilbud.jsonstat2.json",
        counts_people=True,
        query="https://data.ssb.no/api/pxwebapi/v2/tables/12228/data?lang=no&valueCodes[Region]=3301,3312,3314,0"
        "&valueCodes[ContentsCode]=MidlBotilb&valueCodes[Tid]=from(2021)&outputformat=json-stat2",
    )
    staffing = _import(
        owner, process, "hdir_aarsverk_psykisk_helse_rus.jsonstat2.json", source="Helsedirektoratet", table_id="IS-24/8"
    )
    temporary = services.comparison_create(
        actor=owner,
        process=process,
        title="Personer i midlertidig botilbud per 10 000 innbyggere",
        dataset=housing,
        series=series_choices(housing)[0][0],
        regions=["3301", "3312", "3314"],
        national_region="0",
        per=PerInhabitants.PER_10000,
        population=population,
        note="Drammen ligger over landet og nabokommunene, men går ned. Lier og Øvre Eiker har så få personer "
        "enkelte år at tallene ikke kan vises.",
    )
    staff = services.comparison_create(
        actor=owner,
        process=process,
        title="Årsverk i psykisk helse- og rusarbeid per 1 000 innbyggere",
        dataset=staffing,
        series=series_choices(staffing)[0][0],
        regions=["3301", "3312", "3314"],
        national_region="0",
        note="Drammen har færre årsverk enn Lier og landet. Ny kartlegging fra 2024 gjør at tallene før og "
        "etter ikke kan sammenlignes direkte.",
    )
    matrix = services.matrix_create(
        actor=owner,
        process=process,
        title="Slik organiserer kommunene tjenestene",
        columns=["Drammen", "Lier", "Øvre Eiker"],
        rows=[
            "Inntak og tildeling",
            "Samarbeid med spesialisthelsetjenesten og fastleger",
            "Brukermedvirkning",
            "Oppfølging i bolig",
            "Ventetid",
        ],
    )
    cells = {
        ("Inntak og tildeling", "Drammen"): (
            "Eget tildelingskontor; søknad skriftlig, vedtak innen fire uker.",
            "document",
            "Tildelingsrutine 2025",
        ),
        ("Inntak og tildeling", "Lier"): (
            "Lavterskel inntak: ta kontakt direkte, ingen henvisning.",
            "interview",
            "Intervju med enhetsleder, april 2026",
        ),
        ("Inntak og tildeling", "Øvre Eiker"): (
            "Felles inntaksteam for psykisk helse og rus.",
            "interview",
            "Intervju med kommunalsjef, mai 2026",
        ),
        ("Samarbeid med spesialisthelsetjenesten og fastleger", "Drammen"): (
            "Samhandlingsmøter hver måned med DPS; fastlegene deltar sjelden.",
            "interview",
            "Intervju 12, ansatt",
        ),
        ("Samarbeid med spesialisthelsetjenesten og fastleger", "Lier"): (
            "FACT-team sammen med DPS.",
            "document",
            "Årsmelding 2025",
        ),
        ("Brukermedvirkning", "Drammen"): (
            "Brukerråd; erfaringskonsulent i to tjenester.",
            "document",
            "Plan for psykisk helse 2024",
        ),
        ("Brukermedvirkning", "Lier"): (
            "Erfaringskonsulent i inntaksteamet.",
            "interview",
            "Intervju med enhetsleder, april 2026",
        ),
        ("Brukermedvirkning", "Øvre Eiker"): (
            "Brukerråd, møtes fire ganger i året.",
            "document",
            "Kommunens nettsider, mai 2026",
        ),
        ("Oppfølging i bolig", "Drammen"): (
            "Bo-oppfølging ved behov; ventetid på kommunal bolig.",
            "statistic",
            "SSB 12228: personer i midlertidig botilbud",
        ),
        ("Oppfølging i bolig", "Øvre Eiker"): ("Housing First-team siden 2023.", "document", "Årsmelding 2025"),
        ("Ventetid", "Drammen"): (
            "Fire til seks uker til første samtale.",
            "interview",
            "Intervjuene med brukere, 2026",
        ),
        ("Ventetid", "Lier"): ("Første samtale innen en uke.", "interview", "Intervju med enhetsleder, april 2026"),
        ("Ventetid", "Øvre Eiker"): ("To til tre uker.", "interview", "Intervju med kommunalsjef, mai 2026"),
    }
    rows = {row.name: row for row in matrix.rows.all()}
    columns = {column.name: column for column in matrix.columns.all()}
    for (row, column), (text, kind, note) in cells.items():
        services.matrix_cell_save(
            actor=owner, row=rows[row], column=columns[column], text=text, source_kind=kind, source_note=note
        )
    _pin(owner, process, "seint inn", temporary, "Flere i midlertidig botilbud enn i nabokommunene")
    _pin(owner, process, "Ventetiden", matrix, "Lier gir første samtale innen en uke")
    _pin(owner, process, "Ventetiden", staff, "Færre årsverk enn nabokommunene")


def load_hudiksvall_statistics(*, actor: User, process: Process) -> None:
    scb = _import(actor, process, "scb_missbruk.jsonstat2.json")
    kolada = _import(actor, process, "kolada_u71017.json", title="Kolada U71017")
    regions = ["2184", "2183", "2182"]
    comparison = services.comparison_create(
        actor=actor,
        process=process,
        title="Invånare med insatser för missbruk per 10 000 invånare",
        dataset=scb,
        series=series_choices(scb)[0][0],
        regions=regions,
        national_region="00",
        note="Hudiksvall ligger nära Bollnäs men under Söderhamn; alla tre över riket.",
    )
    services.comparison_create(
        actor=actor,
        process=process,
        title="Kolada U71017 jämfört med grannkommunerna",
        dataset=kolada,
        series=series_choices(kolada)[0][0],
        regions=regions,
    )
    matrix = services.matrix_create(
        actor=actor,
        process=process,
        title="Hur kommunerna organiserar stödet",
        columns=["Hudiksvall", "Bollnäs", "Söderhamn"],
        rows=["Ingång och handläggning", "Samordning med regionen", "Brukarinflytande", "Boendestöd", "Väntetider"],
    )
    rows = {row.name: row for row in matrix.rows.all()}
    columns = {column.name: column for column in matrix.columns.all()}
    for row, column, text, kind, note in [
        (
            "Ingång och handläggning",
            "Hudiksvall",
            "Ansökan via socialtjänstens mottagning.",
            "document",
            "Verksamhetsplan 2026",
        ),
        (
            "Ingång och handläggning",
            "Bollnäs",
            "Öppen mottagning utan biståndsbeslut.",
            "interview",
            "Intervju med enhetschef",
        ),
        (
            "Samordning med regionen",
            "Hudiksvall",
            "SIP används sällan; ingen gemensam samordnare.",
            "interview",
            "Förstudiens intervjuer",
        ),
        (
            "Samordning med regionen",
            "Söderhamn",
            "Gemensamt team med regionpsykiatrin.",
            "document",
            "Överenskommelse 2025",
        ),
        ("Brukarinflytande", "Hudiksvall", "Brukarråd med RSMH och Attention.", "document", "Kommunens webbplats"),
        ("Väntetider", "Hudiksvall", "Tre till fem veckor till första samtal.", "interview", "Förstudiens intervjuer"),
    ]:
        services.matrix_cell_save(
            actor=actor, row=rows[row], column=columns[column], text=text, source_kind=kind, source_note=note
        )
    _pin(actor, process, "helhetsansvar", matrix, "Söderhamn har ett gemensamt team med regionen")
    _pin(actor, process, "övergången", comparison, "Fler med insatser än i riket")
