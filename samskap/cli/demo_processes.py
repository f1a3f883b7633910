"""Demo: each of the five cases as a process on its phase template, with its phases
linked to real activities, and challenge pictures in two versions.

Drammen's strategy follows KS Veikart; its challenge picture was drawn from the knowledge
base (version 1), tested at the dialogue workshop with an opinion map, and rewritten after
it (version 2). The Swedish pre-study in Hudiksvall does the same in Swedish on StimuLab's
triple diamond. Drammen's public page is published.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from samskap.core.models import User
from samskap.events import services as event_services
from samskap.events.models import CampTeam, CheckInStatus, Contribution, Event, HelpRequest
from samskap.ideas import services as ideas
from samskap.ideas.models import IdeaOrigin
from samskap.opinions.models import OpinionMap
from samskap.processes import services
from samskap.processes.models import Activity, ChallengeItem, Process
from samskap.processes.services import ItemDraft

DRAMMEN_V1 = [
    ("problem", "Det offentlige griper for seint inn når noen begynner å slite."),
    ("problem", "Ventetiden på et første møte er for lang."),
    ("problem", "Overgangen fra sykehus til kommunen svikter for mange."),
    ("problem", "Mange vet ikke at lavterskeltilbudene finnes."),
    ("problem", "Fastlegen er for lite med i samarbeidet rundt brukeren."),
    ("target_group", "Ungdom mellom 16 og 25 år."),
    ("target_group", "Voksne med både rusproblemer og psykiske plager."),
]
HUDIKSVALL_V1 = [
    ("problem", "Personen tappas bort i övergången mellan regionen och kommunen."),
    ("problem", "Ingen har helhetsansvar när flera myndigheter är inblandade."),
    ("target_group", "Vuxna med samsjuklighet som står utanför arbetsmarknaden."),
]


def _move(process: Process, actor: User, position: int, reason: str = "") -> None:
    services.process_phase_move(
        actor=actor, process=process, phase=process.phases.get(position=position), reason=reason
    )


def _stakeholders(actor: User, process: Process, rows: list[tuple[str, str, str, str]]) -> None:
    """(name, kind, influence, interest) rows onto the stakeholder map."""
    for name, kind, influence, interest in rows:
        services.stakeholder_save(
            actor=actor, process=process, name=name, kind=kind, influence=influence, interest=interest
        )


def _picture(process: Process, actor: User, lines: list[tuple[str, str]]) -> dict[str, ChallengeItem]:
    version = services.challenge_picture_version_create(
        actor=actor, process=process, items=[ItemDraft(None, kind, text) for kind, text in lines]
    )
    return {item.text: item for item in version.items.all()}


def load_drammen(*, owner: User, facilitator: User, process: Process, workshop: Event, opinion_map: OpinionMap) -> None:
    phase1, phase2 = process.phases.get(position=1), process.phases.get(position=2)
    services.activity_add(
        actor=owner,
        phase=phase1,
        title="Intervjuer med brukere, ansatte og ledere",
        kind="interviews",
        influence_level="service",
        happened_on=date(2026, 4, 20),
        counts={"service_users": 14, "relatives": 3, "staff": 22},
    )
    services.activity_add(
        actor=owner,
        phase=phase1,
        title="Sammenligning med to nabokommuner",
        kind="statistics",
        influence_level="system",
        happened_on=date(2026, 6, 1),
    )
    services.activity_add(
        actor=owner,
        phase=phase1,
        title="Intervjuer med fastleger og spesialisthelsetjenesten",
        kind="interviews",
        happened_on=date(2026, 6, 15),
        counts={"partners": 9},
    )
    _move(process, owner, 2)
    services.activity_add(
        actor=facilitator,
        phase=phase2,
        title="Dialogverksted med ti bord",
        kind="event",
        influence_level="system",
        happened_on=date(2026, 10, 15),
        target=workshop,
        counts={"service_users": 30, "relatives": 15, "staff": 35, "partners": 15},
    )
    services.activity_add(
        actor=facilitator,
        phase=phase2,
        title="Meningskart: Har vi truffet?",
        kind="opinion_map",
        influence_level="system",
        happened_on=date(2026, 10, 15),
        target=opinion_map,
        counts={"service_users": 27, "relatives": 18, "staff": 36, "partners": 9},
    )
    items = _picture(process, owner, DRAMMEN_V1)
    first_version = process.challenge_pictures.get(number=1)
    first_version.tested_in_type = ContentType.objects.get_for_model(opinion_map)
    first_version.tested_in_id = opinion_map.pk
    first_version.save(update_fields=["tested_in_type", "tested_in_id"])
    late = items["Det offentlige griper for seint inn når noen begynner å slite."]
    services.evidence_link_add(actor=owner, item=late, target=workshop, note="Bord 1, 4 og 7")
    services.evidence_link_add(actor=owner, item=late, target=opinion_map, note="Stor enighet på tvers av gruppene")
    waiting = items["Ventetiden på et første møte er for lang."]
    services.evidence_link_add(actor=owner, item=waiting, target=opinion_map)
    drafts = [ItemDraft(item.key, item.kind, item.text) for item in first_version.items.all()]
    drafts = [d for d in drafts if d.text != "Fastlegen er for lite med i samarbeidet rundt brukeren."]
    drafts = [
        ItemDraft(d.key, d.kind, "Ungdom mellom 16 og 25 år faller mellom to stoler.")
        if d.text == "Ungdom mellom 16 og 25 år."
        else d
        for d in drafts
    ]
    drafts += [
        ItemDraft(None, "problem", "Pårørende blir ikke tatt med som en ressurs."),
        ItemDraft(None, "problem", "Arbeid og aktivitet mangler som del av tilbudet."),
        ItemDraft(None, "target_group", "De vi ikke når: folk som ikke oppsøker tjenestene selv."),
    ]
    services.challenge_picture_version_create(
        actor=owner,
        process=process,
        items=drafts,
        change_note=(
            "Testet på dialogverkstedet 15. oktober. Pårørende og arbeid lagt til etter innspill fra bordene "
            "og meningskartet; fastlegelinjen tas inn i overgangslinjen; ungdom presisert."
        ),
    )
    services.material_add(
        actor=owner,
        process=process,
        title="Oppsummering av kunnskapsgrunnlaget",
        kind="summary",
        text="Tre deler: intervjuer, sammenligning med nabokommunene og samtaler med fastleger og sykehuset.",
    )
    services.material_add(
        actor=owner,
        process=process,
        title="Opptak: oppstartsmøtet",
        kind="video",
        url="https://video.drammen.demo/start",
    )
    services.process_public_update(
        actor=owner,
        process=process,
        is_published=True,
        how_to_take_part="Vil du være med? Meld deg på neste verksted, eller svar på meningskartet med koden KART47.",
        results_so_far="Utfordringsbildet er testet med om lag hundre deltakere og skrevet om i versjon 2.",
    )


def load_impact_challenge(*, actor: User, process: Process, camp: Event, webinar: Event) -> None:
    phase1, phase2 = process.phases.get(position=1), process.phases.get(position=2)
    services.activity_add(
        actor=actor,
        phase=phase1,
        title="Dypdykk-webinar: Unge voksne utenfor tjenestene",
        kind="event",
        influence_level="system",
        target=webinar,
        happened_on=date(2026, 9, 10),
        counts={"service_users": 8, "relatives": 6, "staff": 40, "partners": 12},
    )
    services.activity_add(
        actor=actor,
        phase=phase1,
        title="Innsiktsintervjuer med brukere, pårørende og forskere",
        kind="interviews",
        influence_level="service",
        counts={"service_users": 120, "relatives": 60, "staff": 45, "partners": 20},
    )
    _move(process, actor, 2)
    services.activity_add(
        actor=actor,
        phase=phase2,
        title="Innovasjonscamp, 48 timer",
        kind="event",
        target=camp,
        happened_on=date(2026, 11, 27),
    )


def load_network(*, actor: User, process: Process) -> None:
    network = getattr(process, "network", None)
    _move(process, actor, 2)
    _move(process, actor, 3)
    services.activity_add(
        actor=actor,
        phase=process.phases.get(position=3),
        title="Forbetringsarbeid i elleve kommunar",
        kind="improvement",
        influence_level="service",
        target=network,
    )


def load_prestudy(*, actor: User, process: Process, workshop: Event) -> None:
    _move(process, actor, 2)
    services.activity_add(
        actor=actor,
        phase=process.phases.get(position=2),
        title="Djupintervjuer och observationsstudier",
        kind="interviews",
        influence_level="individual",
        counts={"service_users": 18, "relatives": 7, "staff": 25, "partners": 11},
    )
    _move(process, actor, 3)
    services.activity_add(
        actor=actor,
        phase=process.phases.get(position=3),
        title="Idéverkstad: utvecklingsspår",
        kind="event",
        influence_level="service",
        target=workshop,
    )
    items = _picture(process, actor, HUDIKSVALL_V1)
    first_version = process.challenge_pictures.get(number=1)
    first_item = next(iter(items.values()))
    services.evidence_link_add(actor=actor, item=first_item, target=workshop, note="Användarresor från förstudien")
    drafts = [ItemDraft(item.key, item.kind, item.text) for item in first_version.items.all()]
    drafts.append(ItemDraft(None, "target_group", "Anhöriga som bär samordningen själva."))
    services.challenge_picture_version_create(
        actor=actor,
        process=process,
        items=drafts,
        change_note="Styrgruppen 2 november: anhöriga lades till som målgrupp efter intervjuerna.",
    )


def load_series(*, actor: User, process: Process, events: list[Event]) -> None:
    for number, event in enumerate(events, start=1):
        if number > 1:
            _move(process, actor, min(number, 4))
        services.activity_add(
            actor=actor,
            phase=process.phases.get(position=min(number, 4)),
            title=event.title,
            kind="event",
            influence_level="service",
            target=event,
        )


def load_drammen_ideas(*, owner: User, facilitator: User, process: Process, workshop: Event) -> None:
    """Ideas from the workshop's tables, one of them from a contribution itself."""
    contribution = Contribution.objects.filter(table__event=workshop, entered_by__isnull=False).first()
    ideas.idea_create(
        actor=facilitator,
        process=process,
        origin=IdeaOrigin.TABLE_CONTRIBUTION,
        source=contribution,
        title="Én telefon for bekymrede pårørende",
        problem="Pårørende vet ikke hvor de skal ringe når de er bekymret.",
        for_whom="Pårørende til voksne med rus- eller psykiske plager",
        description="Et fast nummer, bemannet av erfaringskonsulent og sykepleier på dagtid og kveld.",
        value_for_person="Noen tar imot bekymringen med én gang.",
        what_it_takes="To årsverk fordelt på eksisterende team.",
        first_small_test="Åpne nummeret for ett bydelsteam i fire uker.",
    )
    ideas.idea_create(
        actor=owner,
        process=process,
        origin=IdeaOrigin.TABLE_CONTRIBUTION,
        source=workshop,
        title="Kveldsåpent lavterskeltilbud",
        description="Lavterskeltilbudet holder åpent til kl. 22 to kvelder i uken.",
        for_whom="Unge voksne som ikke oppsøker tjenestene på dagtid",
    )


CAMP_CANVASES = [
    (
        "Følgesvenn",
        "Unge voksne møter ikke opp til første time, og da lukkes saken.",
        "En erfaringskonsulent følger personen til de første timene.",
        "Jeg slipper å gå alene inn døra første gang.",
        "Fem personer i to måneder.",
    ),
    (
        "Chat om natta",
        "Natta er verst, og da er alt stengt.",
        "Anonym chat med likepersoner fra kl. 22 til 06.",
        "Noen å skrive med når tankene kverner.",
        "Åpen tre netter i uken i én måned.",
    ),
    (
        "Jobb først",
        "Arbeid kommer sist i forløpet, når motivasjonen er borte.",
        "Arbeidstrening fra første dag, med støtte på arbeidsplassen.",
        "En grunn til å stå opp.",
        "Tre plasser hos én arbeidsgiver.",
    ),
    (
        "Pårørendevakt",
        "Pårørende står alene om natta og i helgene.",
        "En fast pårørendekontakt med vakttelefon i helgene.",
        "Jeg vet hvem jeg kan ringe.",
        "Fire helger med vakttelefon i én bydel.",
    ),
    (
        "Hjem samme dag",
        "Etter utskriving går det dager før noen tar kontakt.",
        "Kommunen møter personen på avdelingen før utskriving og følger hjem.",
        "Jeg kommer hjem til noen som venter.",
        "Ti utskrivinger fra én post.",
    ),
]
# Each juror's score per canvas before the criteria's spread: the third and fourth teams
# are scored alike, so the ranking shows a tie.
CAMP_SCORE_LEVELS = [0, 1, 2, 2, 3]


def load_camp_ideas(*, facilitator: User, jury: User, process: Process, camp: Event) -> None:
    """Five camp teams' canvases (ideas in the ideas module), coaches' check-ins and the
    teams' questions, the pitch jury's scores, and the winner in incubation."""
    teams = list(CampTeam.objects.filter(event=camp).order_by("pk"))
    camp_ideas = []
    for team, (title, problem, description, value, test) in zip(teams, CAMP_CANVASES, strict=False):
        member = team.members.select_related("registration").first()
        assert member is not None
        camp_ideas.append(
            event_services.camp_team_canvas_save(
                team=team,
                member=member.registration,
                fields={
                    "title": title,
                    "problem": problem,
                    "for_whom": "Unge voksne som faller utenfor tjenestene",
                    "description": description,
                    "value_for_person": value,
                    "first_small_test": test,
                },
            )
        )
    for team, status, note in [
        (teams[0], CheckInStatus.ON_TRACK, "God flyt. Snakk med NAV om taushetsplikt før pitchen."),
        (teams[1], CheckInStatus.NEEDS_ATTENTION, "Mange ideer – velg én før lørdag kveld."),
        (teams[2], CheckInStatus.STUCK, "Uenige om målgruppen. Coach kommer tilbake kl. 14."),
    ]:
        event_services.coach_check_in_add(actor=facilitator, team=team, status=status, note=note)
    for team, text in [
        (teams[1], "Kan noen fra legevakten si hvordan natta ser ut?"),
        (teams[3], "Vi trenger hjelp med budsjettet for vakttelefonen."),
    ]:
        member = team.members.select_related("registration").first()
        assert member is not None
        event_services.help_request_create(team=team, member=member.registration, text=text)
    answered = HelpRequest.objects.filter(team=teams[1]).get()
    event_services.help_request_answer(
        actor=facilitator, help_request=answered, answer="Legevaktlegen er her kl. 11 – vi sender henne til dere."
    )
    selection = event_services.camp_jury_create(
        actor=facilitator,
        event=camp,
        criteria=[(str(name), weight) for name, weight in event_services.PITCH_CRITERIA],
        panel=[facilitator, jury],
    )
    criteria = list(selection.criteria.all())
    for panelist, bias in ((facilitator, 0), (jury, 1)):
        values = {
            (idea.pk, criterion.pk): max(1, min(5, 5 - level - (criterion.position + bias) % 2))
            for level, idea in zip(CAMP_SCORE_LEVELS, camp_ideas, strict=True)
            for criterion in criteria
        }
        ideas.scores_submit(actor=panelist, selection=selection, values=values)
    winner = camp_ideas[0]
    ideas.selection_decide(
        actor=facilitator,
        selection=selection,
        idea=winner,
        selected=True,
        reason="Høyest på verdi for brukerne og lett å prøve ut.",
    )
    ideas.selection_decide(
        actor=facilitator,
        selection=selection,
        idea=camp_ideas[2],
        selected=False,
        reason="God idé, men hører hjemme hos NAV; sendes dit.",
    )
    stages = ideas.idea_stages_ensure(process)
    ideas.idea_move(actor=facilitator, idea=winner, stage=stages[4])
    incubation = ideas.incubation_start(actor=facilitator, idea=winner, mentor=jury, started_on=date(2026, 11, 16))
    ideas.milestone_add(
        actor=facilitator, incubation=incubation, title="Avtale med første kommune", due_on=date(2027, 1, 15)
    )
    ideas.milestone_add(actor=facilitator, incubation=incubation, title="Fem personer fulgt", due_on=date(2027, 3, 1))
    ideas.milestone_add(
        actor=facilitator, incubation=incubation, title="Pitch for kommunedirektøren", due_on=date(2027, 4, 20)
    )
    ideas.resource_grant_add(
        actor=facilitator, incubation=incubation, kind="course", description="Kurs i tjenestedesign"
    )
    ideas.resource_grant_add(
        actor=facilitator, incubation=incubation, kind="workplace", description="Plass i Impact Hub"
    )
    ideas.resource_grant_add(
        actor=facilitator, incubation=incubation, kind="funds", description="Såkornmidler", amount=Decimal("50000")
    )
    ideas.status_update_add(actor=facilitator, incubation=incubation, text="Teamet har møtt Bergen kommune.")


def load_prestudy_ideas(*, actor: User, process: Process, workshop: Event) -> None:
    for title, description in [
        ("En väg in", "En gemensam ingång för regionen, kommunen, Arbetsförmedlingen och Försäkringskassan."),
        (
            "Samordnad individuell plan från dag ett",
            "SIP upprättas vid första kontakten, med personen själv som ägare.",
        ),
    ]:
        ideas.idea_create(
            actor=actor,
            process=process,
            origin=IdeaOrigin.TABLE_CONTRIBUTION,
            source=workshop,
            title=title,
            description=description,
        )


def load_prestudy_governance(*, actor: User, process: Process) -> None:
    """The pre-study's steering group across four organisations, its decisions, and the
    development tracks it follows up."""
    steering = services.process_group_create(actor=actor, process=process, kind="steering", name="Styrgrupp")
    for name, role, represents in [
        ("", "Ordförande", "Hudiksvalls kommun"),
        ("Anna Lind", "Verksamhetschef psykiatri", "Region Gävleborg"),
        ("Erik Nord", "Sektionschef", "Arbetsförmedlingen"),
        ("Maria Ek", "Samverkansansvarig", "Försäkringskassan"),
        ("Jonas Berg", "Brukarrepresentant", "RSMH Hudiksvall"),
    ]:
        services.group_member_add(
            actor=actor,
            group=steering,
            user=actor if not name else None,
            name=name,
            role_title=role,
            represents=represents,
        )
    meeting = services.meeting_add(
        actor=actor, group=steering, held_on=date(2026, 11, 2), summary="Genomgång av intervjuerna."
    )
    services.decision_record(
        actor=actor,
        process=process,
        meeting=meeting,
        decided_on=date(2026, 11, 2),
        what="Anhöriga läggs till som målgrupp i problembilden.",
        decided_by="Styrgruppen",
        why="Intervjuerna visar att anhöriga ofta bär samordningen själva.",
    )
    services.decision_record(
        actor=actor,
        process=process,
        meeting=meeting,
        decided_on=date(2026, 11, 2),
        what="Idéverkstaden den 3 december tar fram utvecklingsspår.",
        decided_by="Styrgruppen",
        why="Förstudien ska lämna förslag som kan genomföras i befintliga verksamheter.",
    )
    _stakeholders(
        actor,
        process,
        [
            ("Socialnämnden", "politicians", "high", "medium"),
            ("Brukare med samsjuklighet", "service_users", "low", "high"),
            ("RSMH och Attention", "user_organisations", "medium", "high"),
            ("Primärvården", "partners", "high", "low"),
        ],
    )
    track_ideas = list(process.ideas.order_by("pk"))
    track = ideas.development_track_create(
        actor=actor,
        process=process,
        ideas=track_ideas[:1],
        title="En väg in",
        description="En gemensam ingång där personen berättar sin historia en gång.",
        service="Socialpsykiatri och beroendeenheten",
        owner="Enhetschef socialpsykiatri",
        partners="Region Gävleborg, Arbetsförmedlingen, Försäkringskassan",
    )
    ideas.follow_up_add(actor=actor, track=track, due_on=date(2027, 3, 1), note="Styrgruppen följer upp startdatum")
    ideas.follow_up_add(actor=actor, track=track, due_on=date(2027, 9, 1), note="Första utvärdering")


def load_drammen_benefits(*, owner: User, process: Process) -> None:
    services.benefit_add(
        actor=owner,
        process=process,
        description="Kortere ventetid på første samtale",
        indicator="Dager fra henvendelse til første samtale (median)",
        baseline="31 dager",
        baseline_on=date(2026, 1, 5),
        target="14 dager",
        target_on=date(2027, 12, 31),
        owner="Virksomhetsleder psykisk helse og rus",
    )
    services.benefit_add(
        actor=owner,
        process=process,
        description="Flere pårørende får oppfølging",
        indicator="Pårørende med minst én samtale per kvartal",
        baseline="40 per kvartal",
        baseline_on=date(2026, 3, 31),
        target="120 per kvartal",
        owner="Pårørendekoordinator",
    )
    _stakeholders(
        owner,
        process,
        [
            ("Helse- og sosialutvalget", "politicians", "high", "medium"),
            ("Brukerrådet", "user_organisations", "medium", "high"),
            ("Fastlegene", "partners", "medium", "low"),
            ("Ansatte i bydelsteamene", "staff", "medium", "high"),
        ],
    )


def link_activities_to_records(*, actor: User, process: Process) -> None:
    """Once the interviews, comparisons and notes exist, the phases point at them: each
    interview series, statistics comparison and note activity that has no target yet is
    written again with the process's own record as its target (kept in its phase)."""
    from samskap.comparison.models import Comparison
    from samskap.insight.models import InterviewGuide
    from samskap.reports.models import Note

    records = {
        "interviews": InterviewGuide.objects.filter(organisation=process.organisation, source__process=process)
        .distinct()
        .order_by("pk")
        .first(),
        "statistics": Comparison.objects.filter(process=process).order_by("pk").first(),
        "note": Note.objects.filter(process=process).order_by("pk").first(),
    }
    activities = Activity.objects.filter(phase__process=process, target_id__isnull=True, kind__in=list(records))
    for activity in activities.select_related("phase").order_by("pk"):
        target = records[activity.kind]
        if target is None:
            continue
        services.activity_remove(actor=actor, activity=activity)
        services.activity_add(
            actor=actor,
            phase=activity.phase,
            title=activity.title,
            kind=activity.kind,
            influence_level=activity.influence_level,
            happened_on=activity.happened_on,
            target=target,
            counts={field: getattr(activity, field) for field in ("service_users", "relatives", "staff", "partners")},
        )
    note = records["note"]
    if note is not None and not Activity.objects.filter(phase__process=process, kind="note").exists():
        last = process.phases.order_by("-position").first()
        if last is not None:
            services.activity_add(
                actor=actor, phase=last, title=str(note), kind="note", influence_level="system", target=note
            )
