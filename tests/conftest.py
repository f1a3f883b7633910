"""Shared test personas.

`world` builds one organisation with a process, an event and two dialogue
tables, and one person per persona:
  owner        – owns the organisation
  facilitator  – runs its events
  host         – hosts table 1 (and only table 1)
  interviewer  – interviews and analyses in the organisation's processes
  auditor      – the data protection officer, read-only
  participant  – joined table 1 by code, no account
  outsider     – owner of another organisation, no role here
  anonymous    – nobody logged in

It also holds a learning network run by the organisation, with one team, a
project, a measure with 20 weekly observations and a phase, and a PDSA cycle.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from samskap.core.models import ConsentText, JoinCode, Organisation, Participant, Role, User
from samskap.core.participants import COOKIE_NAME, COOKIE_SALT
from samskap.core.services import join_code_create, membership_grant, organisation_create, participant_join, user_create
from samskap.events.models import DialogueTable, Event
from samskap.events.services import contribution_create, dialogue_table_create, event_create
from samskap.ideas import services as ideas
from samskap.ideas.models import Idea, SelectionRound
from samskap.improvement import services as improvement
from samskap.improvement.csv_import import ParsedRow
from samskap.improvement.models import ChartBreak, Measure, Network, PdsaCycle, Project, Team
from samskap.insight import services as insight
from samskap.insight.models import Coding, Insight, InterviewGuide, Source
from samskap.methods.builtin import install_builtin_methods
from samskap.opinions.models import OpinionMap
from samskap.opinions.services import opinion_map_create
from samskap.processes import services as processes
from samskap.processes.models import ChallengeItem, Material, PhaseTemplate, Process
from samskap.processes.phase_templates import install_builtin_templates
from samskap.processes.services import ItemDraft, process_create

PASSWORD = "correct horse battery staple"
OIDC_OWNER_EMAIL = "kari.owner@tromvik.example"


@dataclass
class World:
    organisation: Organisation
    other_organisation: Organisation
    process: Process
    other_process: Process
    event: Event
    table: DialogueTable
    other_table: DialogueTable
    join_code: JoinCode
    other_join_code: JoinCode
    owner: User
    facilitator: User
    host: User
    auditor: User
    interviewer: User
    outsider: User
    participant: Participant
    network: Network
    team: Team
    project: Project
    measure: Measure
    shared_measure: Measure
    pdsa: PdsaCycle
    chart_break: ChartBreak
    opinion_map: OpinionMap
    other_opinion_map: OpinionMap
    challenge_item: ChallengeItem  # in version 1 of the process's challenge picture, with evidence
    material: Material
    idea: Idea  # put forward by the owner from the contribution at table 1
    selection: SelectionRound  # open; panel: owner and facilitator; scores: none yet
    guide: InterviewGuide  # the organisation's, one section with the "what matters" question
    source: Source  # an interview, reviewed and released, coded once by the facilitator
    coding: Coding
    insight: Insight  # with the coding's code and one quote

    def client_for(self, persona: str) -> Client:
        """A test client acting as `persona` (see the module docstring)."""
        client = Client()
        if persona in ("owner", "facilitator", "host", "interviewer", "auditor", "outsider"):
            client.force_login(getattr(self, persona))
        elif persona == "participant":
            from django.core.signing import get_cookie_signer

            signer = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT)
            client.cookies[COOKIE_NAME] = signer.sign(str(self.participant.public_id))
        elif persona != "anonymous":
            raise ValueError(persona)
        return client


def make_organisation(slug: str, name: str, country: str = "NO", language: str = "nb") -> Organisation:
    return organisation_create(
        actor=None, slug=slug, name=name, kind="municipality", country=country, default_language=language
    )


def make_user(email: str, name: str) -> User:
    return user_create(email=email, full_name=name, password=PASSWORD)


def ensure_consent_texts() -> None:
    """Transactional tests flush the data migrations' rows; put the consent texts back
    with the migration's own function."""
    import importlib

    from django.apps import apps

    importlib.import_module("samskap.core.migrations.0002_default_consent_texts").add_texts(apps, None)
    install_builtin_templates(apps, None)
    install_builtin_methods(apps, None)


def build_world() -> World:
    ensure_consent_texts()
    organisation = make_organisation("tromvik", "Tromvik kommune")
    other = make_organisation("solby", "Solby kommun", country="SE", language="sv")
    owner = make_user("owner@test.example", "Olga Owner")
    facilitator = make_user("facilitator@test.example", "Fredrik Facilitator")
    host = make_user("host@test.example", "Hanna Host")
    auditor = make_user("auditor@test.example", "Aud Auditor")
    outsider = make_user("outsider@test.example", "Otto Outsider")
    membership_grant(actor=None, organisation=organisation, user=owner, role=Role.OWNER)
    membership_grant(actor=None, organisation=organisation, user=facilitator, role=Role.FACILITATOR)
    membership_grant(actor=None, organisation=organisation, user=host, role=Role.TABLE_HOST)
    membership_grant(actor=None, organisation=organisation, user=auditor, role=Role.AUDITOR)
    interviewer = make_user("interviewer@test.example", "Ivar Interviewer")
    membership_grant(actor=None, organisation=organisation, user=interviewer, role=Role.INTERVIEWER)
    membership_grant(actor=None, organisation=other, user=outsider, role=Role.OWNER)

    process = process_create(
        actor=owner,
        organisation=organisation,
        title="Strategi for rus og psykisk helse",
        kind="strategy",
        template=PhaseTemplate.objects.get(organisation__isnull=True, key="ks-veikart"),
    )
    other_process = process_create(actor=outsider, organisation=other, title="Förstudie", kind="service_design")
    start = timezone.now() + timedelta(days=1)
    event = event_create(
        actor=facilitator,
        process=process,
        title="Dialogverksted",
        kind="workshop",
        mode="physical",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        questions=["Griper det offentlige for seint inn?", "Hva mangler i utfordringsbildet?"],
    )
    q1, q2 = event.questions.all()
    table = dialogue_table_create(actor=facilitator, event=event, number=1, question=q1, host=host)
    table2 = dialogue_table_create(actor=facilitator, event=event, number=2, question=q2)
    other_event = event_create(
        actor=outsider,
        process=other_process,
        title="Verkstad",
        kind="workshop",
        mode="hybrid",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        questions=["Var tappar vi personen?"],
    )
    other_table = dialogue_table_create(
        actor=outsider, event=other_event, number=1, question=other_event.questions.first()
    )
    join_code = join_code_create(actor=facilitator, organisation=organisation, target=table, code="KT4MWX")
    join_code_create(actor=facilitator, organisation=organisation, target=table2)
    other_join_code = join_code_create(actor=outsider, organisation=other, target=other_table, code="QRV7PA")
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    participant = participant_join(
        join_code=join_code, display_name="Mona", role_label="service_user", consents=consents
    )
    contribution_create(table=table, text="Bolig først!", participant=participant)
    network, team, project, measure, shared, pdsa, chart_break = build_improvement(owner, organisation)
    opinion_map = opinion_map_create(
        actor=facilitator,
        process=process,
        event=event,
        title="Har vi truffet?",
        question="Har vi truffet med utfordringsbildet, eller har vi glemt noe?",
        seed_statements=SEED_STATEMENTS,
        code="MAPK7W",
    )
    other_opinion_map = opinion_map_create(
        actor=outsider, process=other_process, title="Karta", question="Har vi träffat rätt?", seed_statements=["Ett"]
    )
    challenge_item, material = build_process_content(owner, process, event)
    idea, selection = build_ideas(owner, facilitator, process, table)
    guide, source, coding, an_insight = build_insight(owner, facilitator, process)
    return World(
        guide=guide,
        source=source,
        coding=coding,
        insight=an_insight,
        idea=idea,
        selection=selection,
        challenge_item=challenge_item,
        material=material,
        opinion_map=opinion_map,
        other_opinion_map=other_opinion_map,
        network=network,
        team=team,
        project=project,
        measure=measure,
        shared_measure=shared,
        pdsa=pdsa,
        chart_break=chart_break,
        organisation=organisation,
        other_organisation=other,
        process=process,
        other_process=other_process,
        event=event,
        table=table,
        other_table=other_table,
        join_code=join_code,
        other_join_code=other_join_code,
        owner=owner,
        facilitator=facilitator,
        host=host,
        auditor=auditor,
        interviewer=interviewer,
        outsider=outsider,
        participant=participant,
    )


def build_process_content(owner: User, process: Process, event: Event) -> tuple[ChallengeItem, Material]:
    """An activity in the first phase, a challenge picture (version 1) whose first
    problem statement has the workshop as evidence, and one material."""
    first_phase = process.phases.get(position=1)
    processes.activity_add(
        actor=owner,
        phase=first_phase,
        title="Dialogverksted om utfordringsbildet",
        kind="event",
        influence_level="system",
        target=event,
        counts={"service_users": 12, "relatives": 4, "staff": 30, "partners": 6},
    )
    version = processes.challenge_picture_version_create(
        actor=owner,
        process=process,
        items=[
            ItemDraft(None, "problem", "Det offentlige griper for seint inn."),
            ItemDraft(None, "target_group", "De vi ikke når: unge voksne uten fastlege."),
        ],
    )
    item = version.items.get(kind="problem")
    processes.evidence_link_add(actor=owner, item=item, target=event, note="Bord 1 og 2")
    material = processes.material_add(
        actor=owner, process=process, title="Opptak fra oppstartsmøtet", kind="video", url="https://example.org/v"
    )
    return item, material


def build_ideas(owner: User, facilitator: User, process: Process, table: DialogueTable) -> tuple[Idea, SelectionRound]:
    contribution = table.contributions.get()
    idea = ideas.idea_create(
        actor=owner,
        process=process,
        origin="table_contribution",
        source=contribution,
        title="Bolig først",
        description="Bolig først, før krav om behandling.",
        value_for_person="En trygg plass å bo gjør resten mulig.",
        first_small_test="Tre leiligheter i ett år.",
        for_whom="Voksne med rusproblemer uten bolig",
    )
    other = ideas.idea_create(
        actor=facilitator,
        process=process,
        origin="staff",
        title="Kveldsåpent lavterskeltilbud",
        description="Åpent til 22.",
    )
    selection = ideas.selection_round_create(
        actor=owner,
        process=process,
        title="Utvelgelse høst",
        criteria=[("Verdi for brukerne", 3), ("Gjennomførbarhet", 2)],
        panel=[owner, facilitator],
        ideas=[idea, other],
    )
    return idea, selection


INTERVIEW_NOTES = (
    "Kari Nordmann forteller at hun ventet fire måneder på time. "
    "Hun sier at det viktigste er å bli trodd. Ring meg på 912 34 567 om noe er uklart."
)


def build_insight(owner: User, facilitator: User, process: Process) -> tuple[InterviewGuide, Source, Coding, Insight]:
    guide = insight.interview_guide_create(actor=owner, organisation=process.organisation, title="Guide", language="nb")
    section = insight.guide_section_add(actor=owner, guide=guide, title="Hverdagen")
    insight.guide_question_add(actor=owner, section=section, text="", kind="what_matters")
    source = insight.source_create(
        actor=owner,
        process=process,
        kind="interview",
        title="Intervju 1, bruker",
        language="nb",
        text=INTERVIEW_NOTES,
        person_category="service_user",
        consent_given_on=date(2026, 9, 1),
        guide=guide,
    )
    insight.pii_findings_decide(actor=owner, source=source, decisions={f.pk: "accepted" for f in source.findings.all()})
    source = insight.source_release(actor=owner, source=source)
    code = insight.code_create(actor=facilitator, process=process, name="Ventetid")
    sentence = source.released_text.index("Hun sier")
    coding = insight.coding_add(
        actor=facilitator, source=source, code=code, start=sentence, end=source.released_text.index(".", sentence) + 1
    )
    an_insight = insight.insight_create(
        actor=facilitator,
        process=process,
        statement="Å bli trodd betyr mest.",
        codes=[code],
        life_areas=["mental_health"],
    )
    insight.insight_quote_add(actor=facilitator, insight=an_insight, source=source, start=coding.start, end=coding.end)
    return guide, source, coding, an_insight


SEED_STATEMENTS = [
    "Det offentlige griper for seint inn.",
    "Pårørende blir ikke hørt.",
    "Ventetiden på tjenester er for lang.",
    "Overgangen fra sykehus til kommune svikter.",
    "Bolig er første steg i behandlingen.",
    "Brukerne kjenner ikke til lavterskeltilbudene.",
    "Fastlegen er for lite med i samarbeidet.",
    "Ungdom faller mellom to stoler.",
]

WEEKS = [date(2026, 1, 5) + timedelta(weeks=k) for k in range(20)]
#: 20 weekly shares: about 40 % for ten weeks, then about 75 % after the change.
NUMERATORS = [8, 9, 7, 10, 8, 9, 8, 7, 9, 8, 15, 16, 14, 15, 16, 15, 14, 16, 15, 15]


def build_improvement(
    owner: User, organisation: Organisation
) -> tuple[Network, Team, Project, Measure, Measure, PdsaCycle, ChartBreak]:
    process = process_create(
        actor=owner, organisation=organisation, title="Gode pasientforløp", kind="learning_network"
    )
    network = improvement.network_create(actor=owner, process=process)
    improvement.gathering_create(actor=owner, network=network, number=1, title="Samling 1", held_on=WEEKS[0])
    team = improvement.team_create(
        actor=owner,
        network=network,
        organisation=organisation,
        name="Forbedringsteam Tromvik",
        members=[{"name": "Mona (brukerrepresentant)", "role": "user_representative"}],
    )
    project = improvement.project_create(
        actor=owner, team=team, title="Hva er viktig for deg?", aim="Fra 40 % til 80 % innen desember."
    )
    shared = improvement.measure_create(
        actor=owner,
        network=network,
        title="Andel med samtale",
        kind="process",
        value_kind="proportion",
        improvement="increase",
        target=80.0,
    )
    measure = improvement.measure_adopt(actor=owner, project=project, shared=shared)
    improvement.observations_import(
        actor=owner,
        measure=measure,
        rows=[
            ParsedRow(k + 2, week, float(v), 20.0) for k, (week, v) in enumerate(zip(WEEKS, NUMERATORS, strict=True))
        ],
    )
    pdsa = improvement.pdsa_create(
        actor=owner,
        project=project,
        title="Samtaleguide med én bruker",
        question="Virker guiden?",
        prediction="Under 15 minutter.",
        started_on=WEEKS[9],
        measures=[measure],
    )
    primary = improvement.driver_add(actor=owner, project=project, text="Erfaringskonsulentkompetanse i mottaket")
    improvement.change_idea_add(actor=owner, project=project, text="Erfaringskonsulentsamtale", driver=primary)
    chart_break = improvement.chart_break_add(
        actor=owner, measure=measure, kind="phase", period=WEEKS[10], reason="Guiden tatt i bruk", pdsa=pdsa
    )
    return network, team, project, measure, shared, pdsa, chart_break


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One world for a whole module of read-mostly tests, built inside a transaction that is
    rolled back at the end. Each test still runs in its own savepoint (through `db`), so
    what a test writes is gone before the next one. Building the world takes about a second
    on PostgreSQL; the access matrix alone has well over a thousand cases."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


PERSONAS = ["owner", "facilitator", "host", "interviewer", "auditor", "participant", "outsider", "anonymous"]


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """Tests always see the current .po files, compiled."""
    from samskap.cli.messages import run

    run([])


@pytest.fixture(scope="module")
def oidc_provider_server() -> Iterator[str]:
    """A local OpenID provider (oidc-provider-mock) with two people: one who is a member
    here (`kari-sub`) and one who is not (`stranger-sub`). Its address is the issuer."""
    with warnings.catch_warnings():
        # It is built on authlib APIs authlib is retiring; that is the mock's business.
        # authlib turns its own warnings on as it loads, so load that first, then quieten.
        import authlib.deprecate

        warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
        import oidc_provider_mock

    users = [
        oidc_provider_mock.User(sub="kari-sub", claims={"email": OIDC_OWNER_EMAIL, "email_verified": True}),
        oidc_provider_mock.User(sub="stranger-sub", claims={"email": "nobody@elsewhere.example"}),
    ]
    with oidc_provider_mock.run_server_in_thread(require_nonce=True, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"
