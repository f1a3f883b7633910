"""Demo data for the learning network: teams in eleven municipalities, projects with
driver diagrams, PDSA chains, shared measures with weekly data, phases and a measure
monitored in operations. Texts in Nynorsk, as the network works in it."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from samskap.core.models import Organisation, User
from samskap.improvement import services
from samskap.improvement.csv_import import ParsedRow
from samskap.improvement.models import BreakKind, Measure, MeasureKind, PdsaAct, ProjectPhase, TeamRole, ValueKind
from samskap.processes.models import Process

FIRST_WEEK = dt.date(2026, 1, 5)  # a Monday
WEEKS = 46  # up to the week before the demo's "today"

PROJECTS = [
    ("Kva er viktig for deg? i alle første samtalar", ProjectPhase.EVALUATE),
    ("Raskare frå tilvising til første samtale", ProjectPhase.DO),
    ("Brukarmedverknad i individuell plan", ProjectPhase.DO),
    ("Lågterskeltilbod utan vedtak", ProjectPhase.PLAN),
    ("Trygg overgang frå sjukehus til kommune", ProjectPhase.DO),
    ("Bustad først – oppfølging i heimen", ProjectPhase.FOLLOW_UP),
    ("Samhandling med fastlegen", ProjectPhase.PLAN),
    ("Erfaringskonsulent i mottaket", ProjectPhase.DO),
    ("Arbeid og aktivitet tidleg", ProjectPhase.PREPARE),
    ("Felles kartlegging med NAV", ProjectPhase.PLAN),
    ("Pårørande som ressurs", ProjectPhase.DO),
]
SCORE_PATHS = {
    ProjectPhase.PREPARE: ["0.5", "1.0"],
    ProjectPhase.PLAN: ["1.0", "1.5", "2.0"],
    ProjectPhase.DO: ["1.0", "2.0", "2.5", "3.0"],
    ProjectPhase.EVALUATE: ["1.0", "2.0", "3.0", "3.5", "4.0"],
    ProjectPhase.FOLLOW_UP: ["1.5", "2.5", "3.5", "4.0", "4.5"],
}


def _weeks() -> list[dt.date]:
    return [FIRST_WEEK + dt.timedelta(weeks=k) for k in range(WEEKS)]


def load_learning_network(rng: random.Random, process: Process, members: list[Organisation], owner: User) -> None:
    network = services.network_create(actor=owner, process=process)
    for number, (held_on, place, focus) in enumerate(
        [
            (dt.date(2026, 2, 12), "Bergen", "Kartlegg dagens praksis og set eit mål som er målbart."),
            (dt.date(2026, 5, 12), "Voss", "Test endringar i små PDSA-syklusar og mål kvar veke."),
            (dt.date(2026, 9, 12), "Førde", "Spreie det som verkar, og gjer det til ein del av drifta."),
        ],
        start=1,
    ):
        services.gathering_create(
            actor=owner,
            network=network,
            number=number,
            title=f"Nettverkssamling {number}",
            held_on=held_on,
            place=place,
            action_period_focus=focus,
        )

    shared_what_matters = services.measure_create(
        actor=owner,
        network=network,
        title="Del nye brukarar med «Kva er viktig for deg?»-samtale",
        kind=MeasureKind.PROCESS,
        value_kind=ValueKind.PROPORTION,
        definition="Nye brukarar denne veka som har hatt ein samtale om kva som er viktig for dei, "
        "dokumentert i journal, delt på alle nye brukarar denne veka.",
        numerator="Nye brukarar med samtalen dokumentert",
        denominator="Alle nye brukarar",
        unit="%",
        improvement="increase",
        target=80.0,
        frequency="weekly",
    )
    shared_waiting = services.measure_create(
        actor=owner,
        network=network,
        title="Dagar frå tilvising til første samtale",
        kind=MeasureKind.OUTCOME,
        value_kind=ValueKind.MEASUREMENT,
        definition="Gjennomsnittleg tal på kalenderdagar frå tilvisinga kom til første samtale, for dei som "
        "hadde første samtale denne veka.",
        unit="dagar",
        improvement="decrease",
        target=14.0,
        frequency="weekly",
    )
    shared_admissions = services.measure_create(
        actor=owner,
        network=network,
        title="Akutte innleggingar",
        kind=MeasureKind.BALANCING,
        value_kind=ValueKind.COUNT,
        definition="Akutte innleggingar i psykisk helsevern eller rusbehandling for brukarar av tenesta, per veke.",
        unit="innleggingar",
        improvement="decrease",
        frequency="weekly",
    )

    weeks = _weeks()
    for index, (organisation, (title, phase)) in enumerate(zip(members, PROJECTS, strict=True)):
        place = organisation.name.removesuffix(" kommune")
        team = services.team_create(
            actor=owner,
            network=network,
            organisation=organisation,
            name=f"Forbetringsteam {place}",
            members=[
                {"name": f"Leiar for psykisk helse og rus, {place}", "role": TeamRole.LEADER},
                {"name": f"Måleansvarleg, {place}", "role": TeamRole.MEASUREMENT_LEAD},
                {"name": "Brukarrepresentant (Mental Helse)", "role": TeamRole.USER_REPRESENTATIVE},
                {"name": "Rettleiar frå KS", "role": TeamRole.COACH},
                {"name": f"Kommunalsjef helse, {place}", "role": TeamRole.SPONSOR},
            ],
        )
        project = services.project_create(
            actor=owner,
            team=team,
            title=title,
            aim=f"{place} kommune aukar delen nye brukarar som får ein samtale om kva som er viktig for dei, "
            "frå om lag 40 % til 80 % innan 1. desember 2026.",
            aim_how_much="Frå 40 % til 80 %",
            aim_by_when=dt.date(2026, 12, 1),
            aim_for_whom="Vaksne som får tenester for psykisk helse og rus",
            phase=phase,
        )
        for step, score in enumerate(SCORE_PATHS[phase]):
            services.progress_score_record(
                actor=owner,
                project=project,
                score=Decimal(score),
                recorded_on=dt.date(2026, 2, 12) + dt.timedelta(days=60 * step),
            )
        # Teams that got going improve after a change around week 18–24; the rest stay put.
        improves = phase in (ProjectPhase.DO, ProjectPhase.EVALUATE, ProjectPhase.FOLLOW_UP)
        change_week = 18 + index % 7
        what_matters = services.measure_adopt(actor=owner, project=project, shared=shared_what_matters)
        rows = []
        for k, week in enumerate(weeks):
            n = rng.randint(14, 40)
            p = 0.38 + (0.36 if improves and k >= change_week else 0.0)
            rows.append(ParsedRow(k + 2, week, float(sum(rng.random() < p for _ in range(n))), float(n)))
        services.observations_import(actor=owner, measure=what_matters, rows=rows)
        waiting = services.measure_adopt(actor=owner, project=project, shared=shared_waiting)
        rows = []
        for k, week in enumerate(weeks):
            mean = 29.0 - (11.0 if improves and k >= change_week + 2 else 0.0)
            rows.append(ParsedRow(k + 2, week, round(max(2.0, rng.gauss(mean, 4.0)), 1), None))
        services.observations_import(actor=owner, measure=waiting, rows=rows)
        if index % 3 == 0:
            admissions = services.measure_adopt(actor=owner, project=project, shared=shared_admissions)
            rows = [ParsedRow(k + 2, week, float(_poisson(rng, 3.0)), None) for k, week in enumerate(weeks)]
            services.observations_import(actor=owner, measure=admissions, rows=rows)
        if improves:
            _change_work(project, owner, what_matters, waiting, weeks[change_week], place)
        if phase == ProjectPhase.FOLLOW_UP:
            services.measure_move_to_operations(actor=owner, measure=waiting, since=dt.date(2026, 10, 1))


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: fine for small means, and reproducible from the seeded generator.
    limit, k, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _change_work(
    project: object, owner: User, what_matters: Measure, waiting: Measure, change_start: dt.date, place: str
) -> None:
    """Driver diagram, a chain of PDSA cycles from one user to the whole service, and the
    phase on the charts where the change was made."""
    from samskap.improvement.models import Project

    assert isinstance(project, Project)
    primary_1 = services.driver_add(actor=owner, project=project, text="Brukaren sine mål styrer tenesta")
    primary_2 = services.driver_add(actor=owner, project=project, text="Rask og føreseieleg oppstart")
    secondary_1 = services.driver_add(
        actor=owner, project=project, text="Tilsette kan føre ein «Kva er viktig for deg?»-samtale", parent=primary_1
    )
    secondary_2 = services.driver_add(
        actor=owner, project=project, text="Måla står i journalen og blir følgde opp", parent=primary_1
    )
    secondary_3 = services.driver_add(
        actor=owner, project=project, text="Inntaksmøte kvar veke i staden for kvar månad", parent=primary_2
    )
    idea_1 = services.change_idea_add(
        actor=owner, project=project, text="Samtaleguide med tre opne spørsmål", driver=secondary_1
    )
    services.change_idea_add(
        actor=owner, project=project, text="Erfaringskonsulent på første samtale", driver=secondary_1
    )
    services.change_idea_add(actor=owner, project=project, text="Fast felt for mål i journalmalen", driver=secondary_2)
    idea_4 = services.change_idea_add(
        actor=owner, project=project, text="Inntaksteam som møtest kvar tysdag", driver=secondary_3
    )
    services.change_idea_add(actor=owner, project=project, text="Tilbod om første samtale heime", driver=primary_2)

    start = change_start - dt.timedelta(weeks=5)
    first = services.pdsa_create(
        actor=owner,
        project=project,
        measures=[what_matters],
        title="Samtaleguiden med éin brukar",
        change_idea=idea_1,
        scale="Éin tilsett, éin brukar",
        question="Fungerer dei tre spørsmåla i ein første samtale?",
        prediction="Brukaren svarar på alle tre, og samtalen tek under 15 minutt.",
        plan="Kari prøver guiden på måndag med den første nye brukaren.",
        do_notes="Samtalen tok 25 minutt. Brukaren ville snakke mest om bustad.",
        study_notes="Lengre enn venta; spørsmål 2 var uklart. Det viktigaste kom fram.",
        act=PdsaAct.ADAPT,
        act_notes="Omformuler spørsmål 2 og prøv med tre brukarar.",
        started_on=start,
        ended_on=start + dt.timedelta(days=2),
    )
    second = services.pdsa_create(
        actor=owner,
        project=project,
        measures=[what_matters],
        title="Justert guide med tre brukarar",
        change_idea=idea_1,
        previous=first,
        scale="To tilsette, tre brukarar",
        question="Blir samtalen kortare og like god med det nye spørsmål 2?",
        prediction="Under 20 minutt, og alle tre brukarane seier at samtalen var nyttig.",
        do_notes="18, 22 og 16 minutt. Alle tre syntest samtalen var nyttig.",
        study_notes="Prediksjonen heldt for tid og nytte.",
        act=PdsaAct.ADOPT,
        act_notes="Heile teamet brukar guiden frå neste veke.",
        started_on=start + dt.timedelta(weeks=1),
        ended_on=start + dt.timedelta(weeks=2),
    )
    whole = services.pdsa_create(
        actor=owner,
        project=project,
        measures=[what_matters, waiting],
        title="Guide og inntaksteam for heile tenesta",
        change_idea=idea_4,
        previous=second,
        scale="Heile tenesta, fire veker",
        question="Held delen seg over 70 % når alle bruker guiden og inntaket er kvar veke?",
        prediction="Over 70 % kvar veke, og ventetida går ned mot 20 dagar.",
        do_notes="Alle tilsette fekk ein halv dag opplæring. Inntaksteamet møttest kvar tysdag.",
        started_on=change_start,
    )
    services.chart_break_add(
        actor=owner,
        measure=what_matters,
        kind=BreakKind.PHASE,
        period=change_start,
        reason="Samtaleguiden teken i bruk i heile tenesta",
        pdsa=whole,
    )
    services.chart_break_add(
        actor=owner,
        measure=waiting,
        kind=BreakKind.PHASE,
        period=change_start + dt.timedelta(weeks=2),
        reason="Inntaksmøte kvar veke",
        pdsa=whole,
    )
    services.annotation_add(actor=owner, measure=what_matters, period=dt.date(2026, 7, 6), text="Sommarferie, vikarar")
    services.annotation_add(
        actor=owner,
        measure=waiting,
        period=dt.date(2026, 7, 6),
        text=f"Sommarferie, {place} har stengt inntak to veker",
    )
