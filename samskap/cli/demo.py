"""Demo data modelled on the brief's five cases, in the organisations' own languages.

Deterministic (seeded), written through the services so the audit log is real.
Logins and the participant join code are printed at the end and listed in the README.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from samskap.cli import demo_events, demo_insight, demo_processes, demo_reports, demo_statistics
from samskap.cli.demo_improvement import load_learning_network
from samskap.cli.demo_opinions import DEMO_MAP_CODE, load_opinion_map
from samskap.core.models import (
    ConsentText,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRoleLabel,
    Role,
    User,
)
from samskap.core.services import (
    join_code_create,
    membership_grant,
    organisation_create,
    participant_join,
    user_create,
)
from samskap.events.models import Event, EventKind, EventMode
from samskap.events.services import agenda_session_add, contribution_create, dialogue_table_create, event_create
from samskap.processes.models import PhaseTemplate, ProcessKind
from samskap.processes.services import process_create

DEMO_PASSWORD = "samskap-demo-2026"
DEMO_JOIN_CODE = "DRAM46"
OSLO = ZoneInfo("Europe/Oslo")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class DemoLogin:
    persona: str
    email: str
    name: str
    language: str = ""


DEMO_LOGINS = [
    DemoLogin("owner", "eier@samskap.demo", "Kari Nordmann"),
    DemoLogin("facilitator", "fasilitator@samskap.demo", "Ola Hansen"),
    DemoLogin("table host", "vert@samskap.demo", "Aisha Rahman"),
    DemoLogin("auditor", "personvern@samskap.demo", "Per Olsen"),
    DemoLogin("owner (Sweden)", "agare@samskap.demo", "Anna Lindqvist", "sv"),
    DemoLogin("owner (learning network)", "nettverk@samskap.demo", "Sigrid Haugland", "nn"),
]

DRAMMEN_QUESTIONS = [
    "Har vi truffet med utfordringsbildet – eller mangler noe?",
    "Griper det offentlige for seint inn?",
    "Hvordan kan brukere og pårørende få mer å si i tjenestene?",
    "Hva skal til for at flere får hjelp før det blir krise?",
]

# Contributions in the voices of a workshop: service users, relatives, staff, partners.
DRAMMEN_SNIPPETS = {
    0: [
        "Bildet mangler bolig – uten et sted å bo virker ikke behandlingen.",
        "Pårørende er nesten usynlige i utfordringsbildet.",
        "Ungdom mellom 16 og 25 faller mellom barnevern og voksentjenester.",
        "Ventetiden hos DPS bør stå tydeligere.",
        "Dere har truffet godt på samhandlingen med fastlegene.",
        "Rus og psykisk helse må ses sammen, ikke i to spor.",
        "Eldre med rusproblemer er ikke nevnt i det hele tatt.",
        "Innvandrere og flyktninger bruker tjenestene lite – hvorfor står det ikke noe om det?",
        "Tallene sier lite om hvordan folk faktisk har det.",
        "Jeg savner barna til foreldre med psykiske lidelser.",
        "Overgangen fra sykehus til kommune er det største hullet.",
        "Ensomhet er en stor del av bildet, men nevnes bare i en bisetning.",
        "Bildet er skrevet fra tjenestenes ståsted, ikke fra brukernes.",
        "Gjeld og økonomi henger tett sammen med psykisk helse.",
        "Arbeid er nevnt, men ikke hvor vanskelig det er å komme tilbake.",
        "Det står mye om behandling og lite om mestring i hverdagen.",
        "Mange som trenger hjelp, har ikke fastlege i det hele tatt.",
        "Spilleavhengighet mangler.",
        "Fint at erfaringene fra brukerintervjuene er tatt med.",
        "Dere bør skille tydeligere mellom det vi vet og det vi tror.",
    ],
    1: [
        "Ja – vi får ofte hjelp først når det har gått galt.",
        "Skolehelsetjenesten ser tegnene tidlig, men vet ikke hvor de skal henvise.",
        "Lavterskeltilbud uten henvisning gjør at folk kommer tidligere.",
        "NAV møter mange før helsetjenesten gjør det.",
        "Fastlegen har for kort tid til å fange opp det som ligger under.",
        "Ja, og når vi først griper inn, er det ofte med tvang.",
        "Barnehagen og skolen ser mye, men har ingen å ringe.",
        "Jeg måtte bli innlagt før noen spurte hvordan jeg egentlig hadde det.",
        "Pårørende varsler tidlig, men blir ikke hørt fordi de ikke er pasienten.",
        "Henvisningskravet stopper folk som bare trenger en samtale.",
        "Tidlig hjelp krever at noen har tid til å følge opp etter første samtale.",
        "Det er ikke for seint – det er for oppstykket.",
        "Helsestasjon for ungdom bør ha lengre åpningstid.",
        "Vi venter på at folk skal be om hjelp, men mange vet ikke hva de kan be om.",
        "Rusfeltet kommer ofte inn først når politiet har vært involvert.",
        "Fastlegen burde kunne henvise direkte til kommunens lavterskeltilbud.",
        "Det finnes tilbud tidlig, men ingen oversikt over dem.",
        "Unge menn kommer sjelden før det er alvorlig.",
        "Når jeg ringer legevakten, får jeg beskjed om å vente til mandag.",
        "Vi må tørre å spørre om rus og psykisk helse i vanlige konsultasjoner.",
    ],
    2: [
        "Spør meg hva som er viktig for meg, ikke hva som er galt med meg.",
        "Erfaringskonsulenter i alle team.",
        "Brukerråd som faktisk får se budsjettet.",
        "Pårørende trenger en fast kontaktperson.",
        "Individuell plan må være noe jeg eier, ikke et skjema.",
        "La meg lese og kommentere det som skrives om meg.",
        "Pårørende bør inviteres til ansvarsgruppemøtene, ikke bare informeres.",
        "Brukerundersøkelser hvert år, og svar på hva som ble gjort med dem.",
        "Betal folk for erfaringskunnskapen deres, som for annen kunnskap.",
        "Møtene må holdes på tider og steder som passer oss, ikke bare på kontoret.",
        "Klart språk i brev og vedtak.",
        "Jeg vil velge hvem som er kontaktpersonen min.",
        "Ta med brukerrepresentanter når nye tilbud planlegges, ikke når de er ferdige.",
        "Pårørendeskole i kommunen, ikke bare på sykehuset.",
        "Å si fra må ikke gå ut over hjelpen man får.",
        "Et fast brukerpanel som møtes hvert kvartal.",
        "Samtykke må forklares, ikke bare signeres.",
        "Frivillige organisasjoner kjenner brukerne – bruk dem.",
        "Ungdom må få egne kanaler, ikke bare voksne brukerråd.",
        "Tolk må være en selvfølge når vi planlegger behandlingen sammen.",
    ],
    3: [
        "Et sted å gå inn døra uten time.",
        "Ambulant team som kommer hjem til folk.",
        "Selvhjelpsgrupper må bli kjent for de ansatte – mange vet ikke at de finnes.",
        "Oppfølging etter utskriving fra døgnbehandling, samme dag.",
        "Arbeid og aktivitet tidlig, ikke til slutt.",
        "En telefon som svarer hele døgnet, med noen som kjenner kommunen.",
        "Psykologer i kommunen som ikke krever henvisning.",
        "Tilbud på kveldstid – mange jobber eller går på skole om dagen.",
        "Kriseplan laget sammen med meg mens jeg har det bra.",
        "Digitale samtaler for dem som ikke orker å møte opp.",
        "Mer tid for helsesykepleier på ungdomsskolen.",
        "Samarbeid med NAV, så økonomien ikke blir en krise i seg selv.",
        "Møteplasser der man kan være uten å måtte snakke om problemene sine.",
        "Opplæring av lærere og trenere i å se tidlige tegn.",
        "Fast oppfølging av dem som har vært innlagt, også når de sier de har det bra.",
        "Mindre venting mellom vurdering og første time.",
        "Likepersoner som har vært der selv.",
        "Hjemmebesøk når noen har uteblitt fra flere avtaler.",
        "Hjelp til pårørende før de selv blir syke.",
        "Tydelig informasjon på nettsidene om hvor man kan gå.",
    ],
}


def _template(key: str) -> PhaseTemplate:
    return PhaseTemplate.objects.get(organisation__isnull=True, key=key)


def _at(year: int, month: int, day: int, hour: int, tz: ZoneInfo = OSLO) -> datetime:
    return datetime(year, month, day, hour, tzinfo=tz)


# (day, hour, minute, minutes long or 0, title, place) — times in Oslo.
WORKSHOP_AGENDA = [
    (15, 9, 0, 30, "Velkommen og utfordringsbildet på fem minutter", "Store sal"),
    (15, 9, 30, 25, "Dialogbord, runde 1", "Store sal"),
    (15, 10, 5, 20, "Dialogbord, runde 2", "Store sal"),
    (15, 10, 30, 30, "Meningskartet: har vi truffet?", "Store sal"),
    (15, 11, 30, 45, "Lunsj", "Foajeen"),
    (15, 12, 15, 60, "Tema for tema i plenum", "Store sal"),
    (15, 14, 30, 30, "Veien videre: notat til helse- og sosialutvalget", "Store sal"),
]
# The camp was held three weeks before the demo's "now": its teams pitched, the jury scored,
# and the winner is in incubation.
CAMP_AGENDA = [
    (6, 16, 0, 60, "Åpning: utfordringene og historiene bak dem", "Hovedsalen og video"),
    (6, 17, 0, 60, "Team settes sammen og møtes", "Hovedsalen og video"),
    (6, 18, 0, 0, "Teamarbeid med veiledere", "Grupperom og video"),
    (7, 9, 0, 30, "Morgensamling", "Hovedsalen og video"),
    (7, 9, 30, 0, "Teamarbeid: idélerretet og første prototyp", "Grupperom og video"),
    (7, 14, 0, 60, "Innsjekk med veiledere", "Grupperom og video"),
    (8, 9, 0, 120, "Siste finpuss og pitchtrening", "Grupperom og video"),
    (8, 13, 0, 120, "Pitch for juryen", "Hovedsalen og video"),
    (8, 15, 15, 45, "Juryens vurdering og avslutning", "Hovedsalen og video"),
]


def _agenda(actor: User, event: Event, sessions: list[tuple[int, int, int, int, str, str]]) -> None:
    for day, hour, minute, minutes, title, place in sessions:
        starts_at = event.starts_at.astimezone(OSLO).replace(day=day, hour=hour, minute=minute)
        agenda_session_add(
            actor=actor,
            event=event,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes) if minutes else None,
            title=title,
            place=place,
        )


def load_demo(rng: random.Random) -> None:
    users = {
        login.email: user_create(
            email=login.email, full_name=login.name, password=DEMO_PASSWORD, language=login.language
        )
        for login in DEMO_LOGINS
    }
    owner = users["eier@samskap.demo"]
    facilitator = users["fasilitator@samskap.demo"]
    host = users["vert@samskap.demo"]
    auditor = users["personvern@samskap.demo"]
    swedish_owner = users["agare@samskap.demo"]
    network_owner = users["nettverk@samskap.demo"]

    # Case 5: Drammen's innovation strategy with a workshop of ~100 at 10 dialogue tables.
    drammen = organisation_create(
        actor=None,
        slug="drammen",
        name="Drammen kommune",
        kind=OrganisationKind.MUNICIPALITY,
        country="NO",
        org_number="921234554",
        default_language="nb",
        brand_colour="#00506e",
        feedback_email="tilgjengelighet@drammen.demo",
    )
    for user, role in [
        (owner, Role.OWNER),
        (facilitator, Role.FACILITATOR),
        (host, Role.TABLE_HOST),
        (auditor, Role.AUDITOR),
    ]:
        membership_grant(actor=None, organisation=drammen, user=user, role=role)
    hosts = [host] + [
        user_create(email=f"vert{n}@samskap.demo", full_name=name, password=DEMO_PASSWORD)
        for n, name in enumerate(
            [
                "Lars Berg",
                "Nora Bakken",
                "Jonas Dahl",
                "Ingrid Solberg",
                "Emil Strand",
                "Sara Moen",
                "Henrik Lie",
                "Maja Holm",
                "Thomas Aas",
            ],
            start=2,
        )
    ]
    for extra_host in hosts[1:]:
        membership_grant(actor=owner, organisation=drammen, user=extra_host, role=Role.TABLE_HOST)

    strategy = process_create(
        actor=owner,
        organisation=drammen,
        title="Innovasjonsstrategi for psykisk helse og rus",
        kind=ProcessKind.STRATEGY,
        template=_template("ks-veikart"),
        summary=(
            "Kunnskapsgrunnlag i tre deler – intervjuer med brukere, ansatte og ledere; sammenligning med to "
            "nabokommuner; intervjuer med fastleger og spesialisthelsetjenesten – testet i et verksted med "
            "dialogbord, og lagt fram for helse- og sosialutvalget som notat."
        ),
    )
    workshop = event_create(
        actor=facilitator,
        process=strategy,
        title="Dialogverksted: Har vi truffet med utfordringsbildet?",
        kind=EventKind.WORKSHOP,
        mode=EventMode.PHYSICAL,
        starts_at=_at(2026, 10, 15, 9),
        ends_at=_at(2026, 10, 15, 15),
        place="Union Scene, Drammen",
        capacity=120,
        questions=DRAMMEN_QUESTIONS,
    )
    _agenda(facilitator, workshop, WORKSHOP_AGENDA)
    questions = list(workshop.questions.all())
    role_weights = [
        (ParticipantRoleLabel.SERVICE_USER, 30),
        (ParticipantRoleLabel.RELATIVE, 15),
        (ParticipantRoleLabel.STAFF, 35),
        (ParticipantRoleLabel.PARTNER, 15),
        (ParticipantRoleLabel.OTHER, 5),
    ]
    labels = [label for label, weight in role_weights for _ in range(weight)]
    consents = list(ConsentText.objects.filter(language="nb", purpose__in=["participation", "use_in_reports"]))
    first_names = ["Kari", "Ola", "Mona", "Ali", "Siri", "Geir", "Hanne", "Omar", "Liv", "Tor", "Eva", "Knut"]
    seated: dict[int, list[Participant]] = {}
    for number in range(1, 11):
        question = questions[(number - 1) % len(questions)]
        table = dialogue_table_create(
            actor=facilitator, event=workshop, number=number, question=question, host=hosts[number - 1]
        )
        # Table 1 gets the fixed code from the README; the rest get random ones.
        join_code = join_code_create(
            actor=facilitator, organisation=drammen, target=table, code=DEMO_JOIN_CODE if number == 1 else None
        )
        # Each text once per table: people at one table do not write the same words.
        unwritten = rng.sample(DRAMMEN_SNIPPETS[question.position - 1], k=len(DRAMMEN_SNIPPETS[question.position - 1]))
        for seat in range(10):
            named = rng.random() < 0.4
            participant = participant_join(
                join_code=join_code,
                display_name=f"{rng.choice(first_names)}" if named else "",
                role_label=rng.choice(labels) if rng.random() < 0.85 else "",
                consents=consents,
            )
            seated.setdefault(number, []).append(participant)
            for _written in range(rng.randint(2, 3)):
                if unwritten:
                    contribution_create(table=table, text=unwritten.pop(), participant=participant)
            if seat == 0:
                contribution_create(
                    table=table,
                    text="Notert av bordvert: Det trengs et sted å ringe når man er bekymret for en pårørende.",
                    entered_by=hosts[number - 1],
                    role_label=ParticipantRoleLabel.RELATIVE,
                )

    demo_events.load_table_work(facilitator=facilitator, hosts=hosts, workshop=workshop, seated=seated, rng=rng)
    demo_events.load_evaluation(facilitator=facilitator, workshop=workshop, seated=seated)
    opinion_map = load_opinion_map(
        facilitator=facilitator, process=strategy, event=workshop, consents=consents, rng=rng
    )
    demo_processes.load_drammen(
        owner=owner, facilitator=facilitator, process=strategy, workshop=workshop, opinion_map=opinion_map
    )
    demo_processes.load_drammen_ideas(owner=owner, facilitator=facilitator, process=strategy, workshop=workshop)
    demo_processes.load_drammen_benefits(owner=owner, process=strategy)
    demo_insight.load_drammen_insight(owner=owner, facilitator=facilitator, process=strategy)
    demo_statistics.load_drammen_statistics(owner=owner, process=strategy)
    demo_reports.load_drammen_note(owner=owner, process=strategy)
    demo_processes.link_activities_to_records(actor=owner, process=strategy)

    # Case 1: an innovation hub's programme with a 48-hour hybrid camp.
    hub = organisation_create(
        actor=None,
        slug="impact-hub-bergen",
        name="Impact Hub Bergen",
        kind=OrganisationKind.INNOVATION_HUB,
        country="NO",
        default_language="nb",
        brand_colour="#8a1c4a",
    )
    membership_grant(actor=None, organisation=hub, user=facilitator, role=Role.OWNER)
    challenge = process_create(
        actor=facilitator,
        organisation=hub,
        title="Impact Challenge: De vi ikke når",
        kind=ProcessKind.INNOVATION_PROGRAMME,
        template=_template("impact-challenge"),
        summary="Innsikt fra hundrevis av intervjuer, en 48-timers hybrid innovasjonscamp, og inkubasjon for de beste løsningene.",
    )
    camp = event_create(
        actor=facilitator,
        process=challenge,
        title="Innovasjonscamp: De vi ikke når",
        kind=EventKind.INNOVATION_CAMP,
        mode=EventMode.HYBRID,
        starts_at=_at(2026, 11, 6, 16),
        ends_at=_at(2026, 11, 8, 16),
        place="Impact Hub Bergen, Kong Oscars gate",
        video_url="https://video.impacthub.demo/camp",
        capacity=80,
    )
    webinar = event_create(
        actor=facilitator,
        process=challenge,
        title="Dypdykk-webinar: Unge voksne utenfor tjenestene",
        kind=EventKind.WEBINAR,
        mode=EventMode.DIGITAL,
        starts_at=_at(2026, 9, 10, 12),
        ends_at=_at(2026, 9, 10, 13),
        video_url="https://video.impacthub.demo/dypdykk",
    )
    _agenda(facilitator, camp, CAMP_AGENDA)
    demo_events.load_camp_registrations(facilitator=facilitator, camp=camp, rng=rng)
    demo_processes.load_impact_challenge(actor=facilitator, process=challenge, camp=camp, webinar=webinar)
    membership_grant(actor=facilitator, organisation=hub, user=owner, role=Role.VIEWER)  # on the jury
    demo_processes.load_camp_ideas(facilitator=facilitator, jury=owner, process=challenge, camp=camp)

    # Case 3: a learning network of 11 municipalities (in Nynorsk).
    network = organisation_create(
        actor=None,
        slug="gode-pasientforlop-vestland",
        name="Læringsnettverk Gode pasientforløp – Vestland",
        kind=OrganisationKind.LEARNING_NETWORK,
        country="NO",
        default_language="nn",
        brand_colour="#2f6b3a",
    )
    membership_grant(actor=None, organisation=network, user=network_owner, role=Role.OWNER)
    membership_grant(actor=None, organisation=network, user=auditor, role=Role.AUDITOR)
    members = []
    for name in [
        "Bergen",
        "Askøy",
        "Øygarden",
        "Bjørnafjorden",
        "Alver",
        "Voss",
        "Kvinnherad",
        "Stord",
        "Sunnfjord",
        "Kinn",
        "Stad",
    ]:
        members.append(
            organisation_create(
                actor=network_owner,
                slug=f"{name.lower().replace('ø', 'o').replace('å', 'a')}-kommune",
                name=f"{name} kommune",
                kind=OrganisationKind.MUNICIPALITY,
                country="NO",
                org_number="964338531" if name == "Bergen" else "",
                default_language="nn" if name not in ("Bergen", "Askøy") else "nb",
                parent=network,
            )
        )
    network_process = process_create(
        actor=network_owner,
        organisation=network,
        partners=members,
        title="Gode pasientforløp for psykisk helse og rus",
        kind=ProcessKind.LEARNING_NETWORK,
        template=_template("forbedringsmodellen"),
        summary="Elleve kommunar forbetrar tenestene med forbetringsmodellen og PDSA, frå prosjekt til drift.",
    )
    for number, (month, place) in enumerate([(2, "Bergen"), (5, "Voss"), (9, "Førde")], start=1):
        event_create(
            actor=network_owner,
            process=network_process,
            title=f"Nettverkssamling {number}",
            kind=EventKind.NETWORK_GATHERING,
            mode=EventMode.HYBRID,
            starts_at=_at(2026, month, 12, 9),
            ends_at=_at(2026, month, 13, 15),
            place=place,
        )
    load_learning_network(rng, network_process, members, network_owner)
    network_process.refresh_from_db()
    demo_processes.load_network(actor=network_owner, process=network_process)
    demo_reports.load_network_note(actor=network_owner, process=network_process)

    # Case 2: a Swedish service-design pre-study across four agencies.
    hudiksvall = organisation_create(
        actor=None,
        slug="hudiksvall",
        name="Hudiksvalls kommun",
        kind=OrganisationKind.MUNICIPALITY,
        country="SE",
        default_language="sv",
        brand_colour="#004c97",
    )
    membership_grant(actor=None, organisation=hudiksvall, user=swedish_owner, role=Role.OWNER)
    partners = [
        organisation_create(
            actor=swedish_owner,
            slug="region-gavleborg",
            name="Region Gävleborg",
            kind=OrganisationKind.REGION,
            country="SE",
            default_language="sv",
        ),
        organisation_create(
            actor=swedish_owner,
            slug="arbetsformedlingen",
            name="Arbetsförmedlingen",
            kind=OrganisationKind.AGENCY,
            country="SE",
            org_number="202100-2114",
            default_language="sv",
        ),
        organisation_create(
            actor=swedish_owner,
            slug="forsakringskassan",
            name="Försäkringskassan",
            kind=OrganisationKind.AGENCY,
            country="SE",
            org_number="202100-5521",
            default_language="sv",
        ),
    ]
    # The agencies agreed to partner outside Samskap; the demo sets the process up as the system.
    prestudy = process_create(
        actor=None,
        organisation=hudiksvall,
        partners=partners,
        title="Förstudie: Egenmakt i vård och stöd vid psykisk ohälsa och beroende",
        kind=ProcessKind.SERVICE_DESIGN,
        template=_template("triple-diamond"),
        summary="Djupintervjuer, observationsstudier och användarresor ger utvecklingsspår som styrgruppen följer upp.",
    )
    idea_workshop = event_create(
        actor=swedish_owner,
        process=prestudy,
        title="Idéverkstad: utvecklingsspår",
        kind=EventKind.WORKSHOP,
        mode=EventMode.HYBRID,
        starts_at=_at(2026, 12, 3, 9, STOCKHOLM),
        ends_at=_at(2026, 12, 3, 16, STOCKHOLM),
        place="Kulturhuset Hudik",
        questions=["Var tappar vi personen i övergången mellan verksamheterna?", "Hur ser egenmakt ut i praktiken?"],
    )
    demo_processes.load_prestudy(actor=swedish_owner, process=prestudy, workshop=idea_workshop)
    demo_insight.load_prestudy_insight(actor=swedish_owner, process=prestudy)
    demo_statistics.load_hudiksvall_statistics(actor=swedish_owner, process=prestudy)
    demo_reports.load_hudiksvall_note(actor=swedish_owner, process=prestudy)
    demo_processes.link_activities_to_records(actor=swedish_owner, process=prestudy)
    demo_processes.load_prestudy_ideas(actor=swedish_owner, process=prestudy, workshop=idea_workshop)
    demo_processes.load_prestudy_governance(actor=swedish_owner, process=prestudy)

    # Case 4: a health-cluster workshop series where groups choose perspectives.
    alrek = organisation_create(
        actor=None,
        slug="alrek-helseklynge",
        name="Alrek helseklynge",
        kind=OrganisationKind.HEALTH_CLUSTER,
        country="NO",
        default_language="nb",
        brand_colour="#5b3f8c",
    )
    membership_grant(actor=None, organisation=alrek, user=facilitator, role=Role.FACILITATOR)
    membership_grant(actor=None, organisation=alrek, user=owner, role=Role.OWNER)
    series = process_create(
        actor=owner,
        organisation=alrek,
        title="Felles introduksjonsprogram til helse- og omsorgssektoren",
        kind=ProcessKind.WORKSHOP_SERIES,
        template=_template("double-diamond"),
        summary="Universitet, høgskole, kommune, næringsliv, brukere og studenter i grupper med hvert sitt perspektiv.",
    )
    perspectives = [
        "Studentens perspektiv",
        "Brukerens perspektiv",
        "Arbeidsgiverens perspektiv",
        "Utdanningens perspektiv",
    ]
    series_events = []
    for number in range(1, 4):
        event = event_create(
            actor=facilitator,
            process=series,
            title=f"Verksted {number}: Introduksjonsprogrammet",
            kind=EventKind.WORKSHOP,
            mode=EventMode.PHYSICAL,
            starts_at=_at(2026, 8 + number, 20, 12),
            ends_at=_at(2026, 8 + number, 20, 16),
            place="Alrek helseklynge, Årstadveien 17",
            questions=perspectives,
        )
        series_events.append(event)
        for table_number, question in enumerate(event.questions.all(), start=1):
            dialogue_table_create(actor=facilitator, event=event, number=table_number, question=question)
    demo_processes.load_series(actor=owner, process=series, events=series_events)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m samskap demo")
    parser.add_argument("--if-empty", action="store_true", help="do nothing when organisations already exist")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if Organisation.objects.exists():
        if args.if_empty:
            if not args.quiet:
                print_logins()
            return 0
        print("The database already holds organisations; the demo loads into an empty database only.")
        return 1
    with transaction.atomic():
        load_demo(random.Random(2026))
    if not args.quiet:
        print_logins()
    return 0


def print_logins() -> None:
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for login in DEMO_LOGINS:
        print(f"  {login.persona:<26} {login.email}")
    print(f"Participant join code: {DEMO_JOIN_CODE}  (table 1 of the Drammen workshop)")
    print(f"Opinion map join code: {DEMO_MAP_CODE}  (the Drammen workshop's challenge picture)")
    print(f"Workshop join code:    {demo_events.DEMO_EVENT_CODE}  (the Drammen workshop's plenary screen)")
