"""Demo: the Drammen workshop tests its challenge picture with a live opinion map.

About ninety people at the workshop vote on the lines of the challenge picture; service users
and relatives lean one way on some lines, staff and partners the other, and nearly everyone
agrees on a few. Three statements from participants wait for the facilitator's moderation.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from samskap.core.models import ConsentText, ParticipantRoleLabel, User
from samskap.core.services import participant_join
from samskap.events.models import Event
from samskap.opinions import services
from samskap.opinions.models import OpinionMap
from samskap.opinions.selectors import ballot_of, join_code_of
from samskap.processes.models import Process

DEMO_MAP_CODE = "KART47"

# (statement, agree probability for service users and relatives, for staff and partners)
CHALLENGE_PICTURE: list[tuple[str, float, float]] = [
    ("Det offentlige griper for seint inn når noen begynner å slite.", 0.85, 0.55),
    ("Pårørende blir ikke tatt med som en ressurs.", 0.9, 0.25),
    ("Ventetiden på et første møte er for lang.", 0.85, 0.8),
    ("Overgangen fra sykehus til kommunen svikter for mange.", 0.8, 0.75),
    ("Bolig må komme først, før krav om behandling.", 0.85, 0.15),
    ("Mange vet ikke at lavterskeltilbudene finnes.", 0.8, 0.85),
    ("Fastlegen er for lite med i samarbeidet rundt brukeren.", 0.6, 0.7),
    ("Ungdom mellom 16 og 25 faller mellom to stoler.", 0.85, 0.85),
    ("Tjenestene er for lite tilgjengelige på kveldstid og i helger.", 0.9, 0.2),
    ("Erfaringskonsulenter bør være med i alle team.", 0.9, 0.2),
    ("Det er for mange ulike kontaktpersoner for én bruker.", 0.85, 0.65),
    ("Ansatte har for lite tid til oppfølging i hjemmet.", 0.2, 0.9),
]
PENDING = [
    "Arbeid og aktivitet mangler i utfordringsbildet.",
    "Rus og psykisk helse må sees sammen, ikke hver for seg.",
    "Mer penger til NAV løser dette.",
]


def load_opinion_map(
    *, facilitator: User, process: Process, event: Event, consents: Sequence[ConsentText], rng: random.Random
) -> OpinionMap:
    opinion_map = services.opinion_map_create(
        actor=facilitator,
        process=process,
        event=event,
        title="Har vi truffet med utfordringsbildet?",
        question="Er du enig i disse linjene fra utfordringsbildet? Mangler noe, kan du legge til en påstand.",
        seed_statements=[text for text, _users, _staff in CHALLENGE_PICTURE],
        languages=["nb", "nn", "en"],
        code=DEMO_MAP_CODE,
    )
    join_code = join_code_of(opinion_map)
    assert join_code is not None
    statements = list(opinion_map.statements.order_by("pk"))
    lived = (ParticipantRoleLabel.SERVICE_USER, ParticipantRoleLabel.RELATIVE)
    roles = [ParticipantRoleLabel.SERVICE_USER] * 3 + [ParticipantRoleLabel.RELATIVE] * 2
    roles += [ParticipantRoleLabel.STAFF] * 4 + [ParticipantRoleLabel.PARTNER]
    participants = []
    for _person in range(90):
        role = rng.choice(roles)
        participant = participant_join(join_code=join_code, role_label=role, consents=consents)
        participants.append(participant)
        seen = rng.sample(range(len(statements)), k=rng.randint(8, len(statements)))
        for index in seen:
            _text, users_agree, staff_agree = CHALLENGE_PICTURE[index]
            p_agree = users_agree if role in lived else staff_agree
            draw = rng.random()
            value = 1 if draw < p_agree else (0 if draw < p_agree + 0.08 else -1)
            services.vote_cast(ballot=ballot_of(opinion_map, participant, statements[index]), value=value)
    for author, text in zip(participants, PENDING, strict=False):
        services.statement_add(opinion_map=opinion_map, text=text, participant=author)
    services.opinion_map_recompute(opinion_map.pk)
    return opinion_map
