"""The Drammen workshop's table work in the demo: two rounds, agreement and dots,
key points, each table's summary, and four confirmed themes across the tables
(some contributions left without a theme, for the suggestions to work on)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db.models import Count, Q

from samskap.core.models import Participant, User
from samskap.core.services import join_code_create
from samskap.events import services
from samskap.events.models import CampChallenge, Contribution, DialogueTable, Event, ReactionKind, Round

DEMO_EVENT_CODE = "DRAMVK"

# Theme → words that put a contribution in it. A person confirmed these at the event.
DRAMMEN_THEMES = {
    "Bolig og trygghet": ("bolig", "sted å bo"),
    "Hjelp før det blir krise": ("tidlig", "lavterskel", "uten time", "ambulant", "seint", "galt"),
    "Pårørende": ("pårørende",),
    "Brukernes stemme i tjenestene": ("viktig for meg", "erfaringskonsulent", "brukerråd", "individuell plan"),
}

SUMMARIES = {
    1: "Bordet mener bildet mangler bolig og pårørende. Stor enighet om at rus og psykisk helse må ses sammen.",
    2: (
        "For sein hjelp er regelen, ikke unntaket. Skolehelsetjenesten og NAV ser folk først – "
        "de trenger et sted å henvise."
    ),
    3: "Brukerne vil bli spurt om hva som er viktig for dem. Uenighet om brukerråd: noen mener de er pynt.",
    4: "Lavterskel og ambulant oppfølging samme dag etter utskriving var det bordet ga flest prikker.",
}


def load_table_work(
    *,
    facilitator: User,
    hosts: list[User],
    workshop: Event,
    seated: dict[int, list[Participant]],
    rng: random.Random,
) -> None:
    """`seated` maps each table's number to the participants who joined it."""
    first_round = services.round_open(actor=facilitator, event=workshop, minutes=25)
    Contribution.objects.filter(table__event=workshop).update(round=first_round)
    services.round_close(actor=facilitator, event=workshop)
    # The rounds happened on the day of the workshop, not when the demo was loaded.
    Round.objects.filter(pk=first_round.pk).update(
        opened_at=workshop.starts_at + timedelta(minutes=30),
        closed_at=workshop.starts_at + timedelta(minutes=55),
    )
    second = services.round_open(actor=facilitator, event=workshop, minutes=20)
    services.round_close(actor=facilitator, event=workshop)
    Round.objects.filter(pk=second.pk).update(
        opened_at=workshop.starts_at + timedelta(minutes=65),
        closed_at=workshop.starts_at + timedelta(minutes=85),
    )
    services.event_settings_update(
        actor=facilitator, event=workshop, names_shown=False, contributions_visible=True, dot_budget=3
    )
    join_code_create(
        actor=facilitator, organisation=workshop.process.organisation, target=workshop, code=DEMO_EVENT_CODE
    )

    for table in DialogueTable.objects.filter(event=workshop).order_by("number"):
        contributions = list(table.contributions.all())
        for participant in seated.get(table.number, []):
            for contribution in rng.sample(contributions, k=min(len(contributions), rng.randint(1, 3))):
                if contribution.participant_id != participant.pk:
                    services.reaction_set(
                        participant=participant,
                        event=workshop,
                        contribution=contribution,
                        kind=ReactionKind.AGREE,
                        on=True,
                    )
            for contribution in rng.sample(contributions, k=min(len(contributions), rng.randint(0, 3))):
                services.reaction_set(
                    participant=participant, event=workshop, contribution=contribution, kind=ReactionKind.DOT, on=True
                )
        host = hosts[table.number - 1]
        dots = dict(
            table.contributions.annotate(
                dots=Count("reactions", filter=Q(reactions__kind=ReactionKind.DOT))
            ).values_list("pk", "dots")
        )
        most_dots = max(contributions, key=lambda c: (dots[c.pk], -c.pk))
        services.contribution_mark_key_point(actor=host, contribution=most_dots, is_key_point=True)
        summary = SUMMARIES.get(table.number)
        if summary:
            services.table_summary_save(actor=host, table=table, summary=summary)

    chosen = []
    for name, words in DRAMMEN_THEMES.items():
        ids = [
            c.pk
            for c in Contribution.objects.filter(table__event=workshop)
            if any(word in c.text.lower() for word in words)
        ]
        chosen.append((name, ids))
    services.themes_confirm(actor=facilitator, event=workshop, chosen=chosen)


EVALUATION_BEST = [
    "At brukere og ansatte satt ved samme bord.",
    "Jeg ble hørt, og ingen avbrøt.",
    "Bordverten var god til å slippe alle til.",
    "Å se alle innspillene på storskjermen etterpå.",
    "Konkrete eksempler fra folk som har stått i det.",
    "Prikkene gjorde det lett å se hva som var viktigst.",
    "Godt å møte andre pårørende.",
    "At kommunen faktisk spør oss før planen er ferdig.",
    "Korte runder, høyt tempo.",
    "Kaffen og pausene – der kom de beste samtalene.",
]
EVALUATION_IMPROVE = [
    "Mer tid i hver runde.",
    "Send spørsmålene på forhånd, så kan vi forberede oss.",
    "Tolk burde vært på plass fra start.",
    "Lyden i salen var dårlig ved bordene bakerst.",
    "Si tydeligere hva som skjer med innspillene etterpå.",
    "Flere unge voksne rundt bordene.",
    "Litt vanskelig å skrive på mobilen, fint med penn og papir også.",
    "Start senere, det er tungt å komme seg hit kl. 9.",
    "Færre spørsmål, mer dybde.",
]


def load_evaluation(*, facilitator: User, workshop: Event, seated: dict[int, list[Participant]]) -> None:
    """40 of the workshop's participants answered the evaluation from their phones;
    most gave good marks, some skipped a question, about half wrote something. Its own
    seed, so the rest of the demo draws the same numbers as without it."""
    rng = random.Random(20261115)  # noqa: S311 - reproducible demo data, not a secret
    services.event_evaluation_open(actor=facilitator, event=workshop, is_open=True)
    everyone = [participant for number in sorted(seated) for participant in seated[number]]
    for participant in rng.sample(everyone, k=min(40, len(everyone))):

        def mark(low: int) -> int | None:
            return None if rng.random() < 0.08 else rng.choices(range(low, 6), k=1)[0]

        services.evaluation_submit(
            event=workshop,
            respondent_id=str(participant.public_id),
            role_label=participant.role_label,
            useful=mark(2),
            heard=mark(3),
            accessible=mark(1),
            best=rng.choice(EVALUATION_BEST) if rng.random() < 0.5 else "",
            improve=rng.choice(EVALUATION_IMPROVE) if rng.random() < 0.45 else "",
        )


CAMP_FIRST_NAMES = ["Amina", "Bjørn", "Camilla", "David", "Elin", "Farah", "Gunnar", "Hilde", "Ivar", "Jenny"]
CAMP_LAST_NAMES = ["Berg", "Dahl", "Eide", "Haugen", "Johansen", "Kvam", "Lunde", "Moe", "Nilsen", "Vik"]
CAMP_ROLES = [
    ("service_user", 9),
    ("relative", 6),
    ("staff", 12),
    ("specialist_service", 5),
    ("researcher", 5),
    ("entrepreneur", 7),
    ("other", 2),
]


CAMP_CHALLENGES = [
    ("Unge voksne som faller ut", "Hvordan når vi unge voksne (18–25) som ikke tar imot hjelp før det blir krise?"),
    ("Pårørende uten pause", "Hvordan kan pårørende få avlastning og en fast kontakt, også om natta?"),
    ("Fra døgn til hjem", "Hva skal til for at oppfølgingen starter samme dag som utskrivingen?"),
    ("Arbeid som behandling", "Hvordan kan arbeid og aktivitet komme tidlig i forløpet, ikke til slutt?"),
]
CAMP_GROUPS = {4: "Team Vårsol", 11: "Team Vårsol", 20: "Team Vårsol", 8: "Brobyggerne", 30: "Brobyggerne"}


def load_camp_registrations(*, facilitator: User, camp: Event, rng: random.Random) -> None:
    """46 people registered for the hybrid camp, most alone, two small teams together,
    some online, each with their choice of challenge and needs where the form asked; the
    camp holds 42, so four wait. The facilitator has formed teams of five."""
    challenges = [
        services.camp_challenge_create(actor=facilitator, event=camp, title=title, brief=brief)
        for title, brief in CAMP_CHALLENGES
    ]
    weights = [5, 3, 2, 1]  # most people want to work on young adults
    services.event_registration_update(
        actor=facilitator,
        event=camp,
        registration_open=True,
        capacity=42,
        asks_role=True,
        asks_mode=True,
        asks_interpreting=True,
        asks_accessibility=True,
        asks_dietary=True,
    )
    roles = [role for role, count in CAMP_ROLES for _ in range(count)]
    for number, role in enumerate(roles):
        first = CAMP_FIRST_NAMES[number % len(CAMP_FIRST_NAMES)]
        last = CAMP_LAST_NAMES[(number * 7) % len(CAMP_LAST_NAMES)]
        services.registration_create(
            event=camp,
            name=f"{first} {last}",
            email=f"{first}.{last}.{number}@deltaker.demo".lower().replace("ø", "o"),
            role=role,
            mode="room" if number in CAMP_GROUPS else ("online" if rng.random() < 0.3 else "room"),
            interpreting="Tegnspråktolk" if number == 3 else "",
            accessibility="Trinnfri adkomst" if number in (5, 17) else "",
            dietary=rng.choice(["", "", "", "Vegetar", "Glutenfri"]),
            team_name=CAMP_GROUPS.get(number, ""),
            challenge_choices=_choices(challenges, weights, rng),
        )
    services.camp_teams_form(actor=facilitator, event=camp, team_size=5)


def _choices(challenges: list[CampChallenge], weights: list[int], rng: random.Random) -> list[int]:
    remaining = list(zip(challenges, weights, strict=True))
    picked: list[int] = []
    for _choice in range(rng.choice([0, 1, 2, 3, 3])):
        challenge, _weight = rng.choices(remaining, weights=[w for _c, w in remaining])[0]
        picked.append(challenge.pk)
        remaining = [(c, w) for c, w in remaining if c.pk != challenge.pk]
    return picked
