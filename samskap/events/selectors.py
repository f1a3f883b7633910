from __future__ import annotations

import functools
import hashlib
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Avg, Count, Field, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from samskap.core.models import JoinCode, Organisation, Participant, ParticipantRoleLabel, User
from samskap.core.participants import public_ids_of
from samskap.core.permissions import Capability, can_in_process, capabilities_of, process_roles
from samskap.core.selectors import normalise_join_code
from samskap.core.sql import in_list, quoted
from samskap.events.models import (
    CampTeam,
    CampTeamMember,
    CoachCheckIn,
    Contribution,
    DialogueTable,
    EvaluationResponse,
    Event,
    HelpRequest,
    Reaction,
    ReactionKind,
    Registration,
    RegistrationRole,
    RegistrationStatus,
    Round,
    SeatAssignment,
    Theme,
)
from samskap.ideas.models import SelectionRound
from samskap.processes.models import Process


def get_event_for_user(
    user: User | AnonymousUser, event_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Event:
    try:
        event = Event.objects.select_related("process__organisation").get(pk=event_id)
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    if not can_in_process(user, event.process, capability):
        raise PermissionDenied
    return event


def get_table_for_user(user: User | AnonymousUser, table_id: int) -> DialogueTable:
    """Hosts see their own table; facilitators and owners see every table."""
    try:
        table = DialogueTable.objects.select_related("event__process__organisation", "question", "host").get(
            pk=table_id
        )
    except DialogueTable.DoesNotExist as exc:
        raise Http404 from exc
    # The roles once for both checks: a host's table page asks every few seconds.
    capabilities = capabilities_of(process_roles(user, table.event.process))
    if Capability.RUN_EVENT in capabilities:
        return table
    if table.host_id is not None and table.host_id == user.pk and Capability.HOST_TABLE in capabilities:
        return table
    raise PermissionDenied


def tables_of(event: Event) -> QuerySet[DialogueTable]:
    return (
        DialogueTable.objects.filter(event=event)
        .select_related("question", "host")
        .annotate(contribution_count=Count("contributions", filter=Q(contributions__hidden_at__isnull=True)))
    )


def join_codes_for(objects: list[DialogueTable]) -> dict[int, JoinCode]:
    """The newest open join code per table, in one query."""
    content_type = ContentType.objects.get_for_model(DialogueTable)
    codes: dict[int, JoinCode] = {}
    for code in JoinCode.objects.filter(
        target_type=content_type, target_id__in=[o.pk for o in objects], is_active=True
    ).order_by("created_at"):
        codes[code.target_id] = code
    return codes


def get_contribution_for_user(user: User | AnonymousUser, contribution_id: int) -> Contribution:
    """A contribution whose table the user may see (facilitators: every table of
    the event; hosts: their own table)."""
    table_id = Contribution.objects.filter(pk=contribution_id).values_list("table_id", flat=True).first()
    if table_id is None:
        raise Http404
    table = get_table_for_user(user, table_id)
    contribution = Contribution.objects.select_related("theme", "round").get(pk=contribution_id)
    contribution.table = table
    return contribution


def get_theme_for_event(event: Event, theme_id: str | None) -> Theme | None:
    """A theme of this event, or None for an empty choice; any other id is a 404."""
    if not theme_id:
        return None
    try:
        return Theme.objects.get(pk=int(theme_id), event=event)
    except (Theme.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def event_contributions(event: Event, *, include_hidden: bool = False) -> QuerySet[Contribution]:
    contributions = (
        Contribution.objects.filter(table__event=event)
        .select_related("table", "theme", "participant", "entered_by", "round")
        .annotate(
            agree_count=Count("reactions", filter=Q(reactions__kind=ReactionKind.AGREE)),
            dot_count=Count("reactions", filter=Q(reactions__kind=ReactionKind.DOT)),
        )
        .order_by("created_at", "pk")
    )
    if not include_hidden:
        contributions = contributions.filter(hidden_at__isnull=True)
    return contributions


class BoardCard(NamedTuple):
    """A visible contribution as a phone's board shows it."""

    pk: int
    text: str
    participant_id: int | None
    display_name: str
    agree_count: int
    dot_count: int


@functools.cache
def _board_cards_sql(tables: str) -> str:
    """`tables` is the SQL of `in_list` for `c.table_id`: one statement for one table or many."""
    contribution, reaction = quoted(Contribution._meta.db_table), quoted(Reaction._meta.db_table)
    participant = quoted(Participant._meta.db_table)
    return f"""
        SELECT c.table_id, c.id, c.text, c.participant_id, p.display_name,
            COALESCE(SUM(CASE WHEN r.kind = %s THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN r.kind = %s THEN 1 ELSE 0 END), 0)
        FROM {contribution} c
        LEFT JOIN {participant} p ON p.id = c.participant_id
        LEFT JOIN {reaction} r ON r.contribution_id = c.id
        WHERE {tables} AND c.hidden_at IS NULL
        GROUP BY c.table_id, c.id, c.text, c.participant_id, p.display_name, c.created_at
        ORDER BY c.table_id, c.created_at, c.id
    """  # noqa: S608 (names from the models; values are parameters)


class HostCard(NamedTuple):
    """A visible contribution as its table's host sees it."""

    pk: int
    text: str
    display_name: str
    typed_in: bool  # typed in by the host for someone without a phone
    role_label: str
    agree_count: int
    dot_count: int
    is_key_point: bool


def host_cards(table: DialogueTable) -> list[HostCard]:
    """The table's visible contributions for its host's live block, oldest first, as plain
    values: the host's page asks every few seconds while the table writes. One query, written
    once."""
    with connection.cursor() as cursor:
        cursor.execute(_host_cards_sql(), [ReactionKind.AGREE.value, ReactionKind.DOT.value, table.pk])
        return [
            HostCard(pk, text, name or "", bool(typed_in), role_label, agree, dots, bool(key_point))
            for pk, text, name, typed_in, role_label, agree, dots, key_point in cursor
        ]


class HostLive(NamedTuple):
    """What a host's live block shows, and its fingerprint made from that."""

    cards: list[HostCard]
    current_round: Round | None
    fingerprint: str


def host_live(table: DialogueTable) -> HostLive:
    event = table.event
    cards, the_round = host_cards(table), current_round(event)
    # A host sees every card whether or not the phones do.
    fingerprint = board_fingerprint(cards, the_round, event.names_shown, contributions_visible=True)
    return HostLive(cards, the_round, fingerprint)


@functools.cache
def _host_cards_sql() -> str:
    contribution, reaction = quoted(Contribution._meta.db_table), quoted(Reaction._meta.db_table)
    participant = quoted(Participant._meta.db_table)
    return f"""
        SELECT c.id, c.text, p.display_name,
            CASE WHEN c.entered_by_id IS NOT NULL AND c.participant_id IS NULL THEN 1 ELSE 0 END,
            c.role_label,
            COALESCE(SUM(CASE WHEN r.kind = %s THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN r.kind = %s THEN 1 ELSE 0 END), 0),
            c.is_key_point
        FROM {contribution} c
        LEFT JOIN {participant} p ON p.id = c.participant_id
        LEFT JOIN {reaction} r ON r.contribution_id = c.id
        WHERE c.table_id = %s AND c.hidden_at IS NULL
        GROUP BY c.id, c.text, p.display_name, c.entered_by_id, c.participant_id, c.role_label, c.is_key_point,
            c.created_at
        ORDER BY c.created_at, c.id
    """  # noqa: S608 (names from the models; values are parameters)


@dataclass(frozen=True)
class BoardColumn:
    """One column of a live board: a table, or a theme (or "no theme yet")."""

    key: str
    title: str
    subtitle: str
    contributions: list[Any]  # Contributions with their counts, or PlenaryCards on the plenary screen


class PlenaryCard(NamedTuple):
    """A visible contribution as the plenary screen shows it."""

    pk: int
    table_id: int
    theme_id: int | None
    text: str
    is_key_point: bool
    display_name: str
    agree_count: int
    dot_count: int
    created_at: Any


def plenary_cards(event: Event) -> list[PlenaryCard]:
    """The event's visible contributions for the plenary screen, oldest first, as plain values:
    at a large workshop that is thousands of cards every few seconds, and making a model of each
    cost more than the rest of the screen. One query, written once."""
    with connection.cursor() as cursor:
        cursor.execute(_plenary_cards_sql(), [ReactionKind.AGREE.value, ReactionKind.DOT.value, event.pk])
        return [
            PlenaryCard(pk, table_id, theme_id, text, bool(key_point), name or "", agree, dots, created_at)
            for pk, table_id, theme_id, text, key_point, name, agree, dots, created_at in cursor
        ]


@functools.cache
def _plenary_cards_sql() -> str:
    contribution, reaction = quoted(Contribution._meta.db_table), quoted(Reaction._meta.db_table)
    participant, tables = quoted(Participant._meta.db_table), quoted(DialogueTable._meta.db_table)
    return f"""
        SELECT c.id, c.table_id, c.theme_id, c.text, c.is_key_point, p.display_name,
            COALESCE(SUM(CASE WHEN r.kind = %s THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN r.kind = %s THEN 1 ELSE 0 END), 0),
            c.created_at
        FROM {contribution} c
        JOIN {tables} t ON t.id = c.table_id
        LEFT JOIN {participant} p ON p.id = c.participant_id
        LEFT JOIN {reaction} r ON r.contribution_id = c.id
        WHERE t.event_id = %s AND c.hidden_at IS NULL
        GROUP BY c.id, c.table_id, c.theme_id, c.text, c.is_key_point, p.display_name, c.created_at
        ORDER BY c.created_at, c.id
    """  # noqa: S608 (names from the models; values are parameters)


def board_columns(event: Event, by: str, contributions: Sequence[Any]) -> list[BoardColumn]:
    """Visible contributions (Contributions with their counts, or PlenaryCards) grouped by table
    or by theme, key points first."""
    ordered = sorted(contributions, key=lambda c: (not c.is_key_point, -getattr(c, "dot_count", 0), c.created_at))
    grouped: defaultdict[int | None, list[Any]] = defaultdict(list)
    for contribution in ordered:
        grouped[contribution.theme_id if by == "theme" else contribution.table_id].append(contribution)
    if by == "theme":
        columns = [BoardColumn(f"theme-{t.pk}", t.name, "", grouped[t.pk]) for t in Theme.objects.filter(event=event)]
        if grouped[None]:
            columns.append(BoardColumn("theme-none", gettext("No theme yet"), "", grouped[None]))
        return columns
    return [
        BoardColumn(
            f"table-{table.pk}",
            gettext("Table %(number)d") % {"number": table.number},
            table.question.text if table.question else table.get_perspective_display(),
            grouped[table.pk],
        )
        for table in DialogueTable.objects.filter(event=event).select_related("question")
    ]


def live_fingerprint(event: Event) -> str:
    """Changes whenever anything the event's live boards show changes: a new or edited
    contribution, a reaction, a round opened, extended or closed, a theme renamed, a summary.
    One query, as every screen asks it every few seconds and most answers are "nothing
    changed". (A phone's and a host's boards have their own, made from what they show.)"""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(connection.vendor), [event.pk] * 5)
        state = cursor.fetchall()
    raw = repr((state, event.names_shown, event.contributions_visible))
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


@functools.cache
def _fingerprint_sql(vendor: str) -> str:
    """The fingerprint's query, written once per process (the ORM would compile five on every
    call, which cost more than running them): each part's rows as (part, text, text), in one
    order. `vendor` is in the key only so that a process never mixes two databases' text."""
    contribution, reaction = quoted(Contribution._meta.db_table), quoted(Reaction._meta.db_table)
    tables, rounds, themes = (quoted(m._meta.db_table) for m in (DialogueTable, Round, Theme))
    where = f"JOIN {tables} t ON t.id = c.table_id WHERE t.event_id = %s"
    return f"""
        SELECT 'c', CAST(COUNT(c.id) AS TEXT), CAST(MAX(c.updated_at) AS TEXT) FROM {contribution} c {where}
        UNION ALL
        SELECT 'r', CAST(COUNT(r.id) AS TEXT), CAST(MAX(r.id) AS TEXT)
        FROM {reaction} r JOIN {contribution} c ON c.id = r.contribution_id {where}
        UNION ALL
        SELECT 'o', CAST(id AS TEXT), CAST(minutes AS TEXT) || ' ' || COALESCE(CAST(closed_at AS TEXT), '')
        FROM {rounds} WHERE event_id = %s
        UNION ALL
        SELECT 't', CAST(id AS TEXT), CAST(name AS TEXT) FROM {themes} WHERE event_id = %s
        UNION ALL
        SELECT 's', CAST(id AS TEXT), COALESCE(CAST(summary_updated_at AS TEXT), '') FROM {tables} WHERE event_id = %s
        ORDER BY 1, 2, 3
    """  # noqa: S608 (names from the models; values are parameters)


def current_round(event: Event) -> Round | None:
    return Round.objects.filter(event=event).order_by("-number").first()


class ReactionRow(NamedTuple):
    """A participant's reaction at an event, and whether its contribution is hidden now."""

    participant_id: int
    contribution_id: int
    kind: str
    hidden: bool
    pk: int


def reaction_rows(participant_ids: Sequence[int], event_ids: Sequence[int]) -> list[ReactionRow]:
    """The reactions of these participants at these events: one query, written once, as every
    board a phone draws and every batch of reactions reads them."""
    among, params = in_list("r.participant_id", participant_ids)
    events, event_params = in_list("t.event_id", event_ids)
    with connection.cursor() as cursor:
        cursor.execute(_reactions_of_sql(among, events), [*params, *event_params])
        return [ReactionRow(p, c, kind, bool(hidden), pk) for p, c, kind, hidden, pk in cursor]


@functools.cache
def _reactions_of_sql(participants: str, events: str) -> str:
    """`participants` and `events`: the SQL of `in_list` for `r.participant_id` and `t.event_id`."""
    contribution, reaction = quoted(Contribution._meta.db_table), quoted(Reaction._meta.db_table)
    tables = quoted(DialogueTable._meta.db_table)
    return f"""
        SELECT r.participant_id, r.contribution_id, r.kind, c.hidden_at IS NOT NULL, r.id
        FROM {reaction} r
        JOIN {contribution} c ON c.id = r.contribution_id
        JOIN {tables} t ON t.id = c.table_id
        WHERE {participants} AND {events}
    """  # noqa: S608 (names from the models; values are parameters)


def themes_with_counts(event: Event) -> QuerySet[Theme]:
    return Theme.objects.filter(event=event).annotate(
        contribution_count=Count("contributions", filter=Q(contributions__hidden_at__isnull=True))
    )


def event_join_code(event: Event) -> JoinCode | None:
    """The event's own open join code (for the plenary screen), if it has one."""
    content_type = ContentType.objects.get_for_model(Event)
    return (
        JoinCode.objects.filter(target_type=content_type, target_id=event.pk, is_active=True)
        .order_by("-created_at")
        .first()
    )


def seated_table(event: Event, participant: Participant) -> DialogueTable | None:
    """The table the facilitator seated `participant` at in their latest round with a seat,
    with its question. One query, on the seat's participant index: every phone of someone who
    joined by the event's code asks it on every page and every live-board refresh."""
    seat = (
        SeatAssignment.objects.filter(participant=participant, event=event)
        .select_related("table__question")
        .order_by("-round_number")
        .first()
    )
    return seat.table if seat else None


def get_registration_by_token(token: str) -> Registration:
    registration = Registration.objects.select_related("event__process__organisation").filter(token=token).first()
    if registration is None:
        raise Http404
    return registration


def registrations_of(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event).order_by("status", "created_at", "pk")


@dataclass(frozen=True)
class AttendanceRow:
    label: str
    confirmed: int
    waiting: int
    checked_in: int


def attendance_by_role(event: Event) -> list[AttendanceRow]:
    """Counts per role, never names: what the organiser reports on who took part."""
    rows = []
    counts = (
        Registration.objects.filter(event=event)
        .values("role")
        .annotate(
            confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False, status=RegistrationStatus.CONFIRMED)),
        )
    )
    by_role = {row["role"]: row for row in counts}
    labels = [("", gettext("Not asked"))] if "" in by_role else []
    for value, label in [*RegistrationRole.choices, *labels]:
        row = by_role.get(value)
        if row and (row["confirmed"] or row["waiting"]):
            rows.append(AttendanceRow(str(label), row["confirmed"], row["waiting"], row["checked_in"]))
    return rows


def camp_teams(event: Event) -> list[CampTeam]:
    """The camp's teams with their members, and each team's latest coach check-in and
    unanswered help requests, for the facilitator's overview."""
    teams: list[CampTeam] = list(
        CampTeam.objects.filter(event=event)
        .select_related("challenge", "idea")
        .prefetch_related("members__registration")
        .annotate(open_help=Count("help_requests", filter=Q(help_requests__answered_at__isnull=True)))
    )
    latest: dict[int, CoachCheckIn] = {}
    for check_in in CoachCheckIn.objects.filter(team__event=event).order_by("team_id", "-created_at", "-pk"):
        latest.setdefault(check_in.team_id, check_in)
    for team in teams:
        team.latest_check_in = latest.get(team.pk)  # type: ignore[attr-defined]
    return teams


def open_help_requests(event: Event) -> list[HelpRequest]:
    return list(
        HelpRequest.objects.filter(team__event=event, answered_at__isnull=True)
        .select_related("team")
        .order_by("created_at", "pk")
    )


def get_camp_team_for_user(user: User | AnonymousUser, team_id: int) -> CampTeam:
    """Coaches are the process's table hosts and facilitators: they may visit any team."""
    team = (
        CampTeam.objects.select_related("event__process__organisation", "challenge", "idea").filter(pk=team_id).first()
    )
    if team is None:
        raise Http404
    if not can_in_process(user, team.event.process, Capability.HOST_TABLE):
        raise PermissionDenied
    return team


def team_of_registration(registration: Registration) -> CampTeam | None:
    membership = (
        CampTeamMember.objects.select_related("team__challenge", "team__idea").filter(registration=registration).first()
    )
    return membership.team if membership else None


def camp_jury_rounds(event: Event) -> list[SelectionRound]:
    """The selection rounds in the ideas module that score this camp's teams."""
    return list(SelectionRound.objects.filter(ideas__camp_team__event=event).distinct().order_by("created_at"))


def registrations_without_team(event: Event) -> list[Registration]:
    return list(
        Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED, team_membership__isnull=True
        ).order_by("name")
    )


# The evaluation after an event -------------------------------------------------------

# Means by role, and the means of an event in the comparison, are shown only for at
# least this many answers, so that no one's answer can be picked out.
EVALUATION_MIN_GROUP = 5
EVALUATION_QUESTIONS = ("useful", "heard", "accessible")


@dataclass(frozen=True)
class EvaluationQuestion:
    field: str
    label: str
    answered: int
    mean: float | None
    distribution: list[tuple[int, int]]  # (1–5, how many), for every value on the scale


@dataclass(frozen=True)
class EvaluationRole:
    label: str
    answers: int
    means: list[float | None]  # in the order of EVALUATION_QUESTIONS


@dataclass(frozen=True)
class EvaluationSummary:
    answers: int
    questions: list[EvaluationQuestion]
    best: list[str]
    improve: list[str]
    roles: list[EvaluationRole]  # only roles with at least EVALUATION_MIN_GROUP answers
    roles_withheld: int  # answers from roles too small to show


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _role_name(role: str) -> str:
    labels = {**dict(RegistrationRole.choices), **dict(ParticipantRoleLabel.choices)}
    return str(labels[role]) if role in labels else gettext("Not given")


def evaluation_summary(event: Event) -> EvaluationSummary:
    """The event's evaluation for the organiser: per question the mean and how many gave
    each value; the free texts without who wrote them (sorted, so their order tells
    nothing); and means by role only for roles with enough answers."""
    rows = list(
        EvaluationResponse.objects.filter(event=event).values(*EVALUATION_QUESTIONS, "best", "improve", "role_label")
    )
    questions = []
    for field in EVALUATION_QUESTIONS:
        values = [row[field] for row in rows if row[field] is not None]
        model_field = EvaluationResponse._meta.get_field(field)
        assert isinstance(model_field, Field)
        questions.append(
            EvaluationQuestion(
                field=field,
                label=str(model_field.verbose_name),
                answered=len(values),
                mean=_mean(values),
                distribution=[(value, values.count(value)) for value in range(1, 6)],
            )
        )
    by_role: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        by_role[row["role_label"] or ""].append(row)
    roles, withheld = [], 0
    for role, answers in sorted(by_role.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(answers) < EVALUATION_MIN_GROUP:
            withheld += len(answers)
            continue
        means = [_mean([int(str(a[f])) for a in answers if a[f] is not None]) for f in EVALUATION_QUESTIONS]
        roles.append(EvaluationRole(label=_role_name(role), answers=len(answers), means=means))
    return EvaluationSummary(
        answers=len(rows),
        questions=questions,
        best=sorted((row["best"] for row in rows if row["best"]), key=str.casefold),
        improve=sorted((row["improve"] for row in rows if row["improve"]), key=str.casefold),
        roles=roles,
        roles_withheld=withheld,
    )


@dataclass(frozen=True)
class EvaluationComparisonRow:
    event: Event
    answers: int
    means: list[float | None] | None  # None when there are too few answers to show


def evaluation_comparison(process: Process) -> list[EvaluationComparisonRow]:
    """One row per event of the process, in time order: the number of answers and,
    from EVALUATION_MIN_GROUP answers, the three means. One query."""
    # Explicit order: Django leaves Meta.ordering out of a query with GROUP BY, and
    # PostgreSQL then returns the rows in any order.
    events = (
        Event.objects.filter(process=process)
        .annotate(
            answers=Count("evaluations"),
            **{f"mean_{field}": Avg(f"evaluations__{field}") for field in EVALUATION_QUESTIONS},
        )
        .order_by("starts_at", "pk")
    )
    return [
        EvaluationComparisonRow(
            event=event,
            answers=event.answers,  # type: ignore[attr-defined]
            means=(
                [getattr(event, f"mean_{field}") for field in EVALUATION_QUESTIONS]
                if event.answers >= EVALUATION_MIN_GROUP  # type: ignore[attr-defined]
                else None
            ),
        )
        for event in events
    ]


def evaluation_answered(event: Event, respondent_key: str) -> bool:
    return EvaluationResponse.objects.filter(event=event, respondent_key=respondent_key).exists()


# Phones at their tables, many at once ----------------------------------------------------------
# The table lane (samskap/events/lane.py) answers the reactions, contributions and board polls
# that phones send within the same moment together: the lookups below are shared by a batch,
# a few queries however many phones, and written in SQL where the ORM's compiling of a query
# cost more than running it.


@dataclass(frozen=True)
class PhoneAsk:
    """Who a phone says it is: the code in the page's address and the participants its signed
    cookie remembers."""

    code: str
    remembered_ids: Sequence[str]


@dataclass(frozen=True)
class BoardEvent:
    """What a phone's board needs of its event."""

    pk: int
    process_id: int
    organisation_id: int
    names_shown: bool
    contributions_visible: bool
    dot_budget: int


def board_event_of(event: Event) -> BoardEvent:
    """`event` as a board reads it; its process must be loaded."""
    return BoardEvent(
        event.pk,
        event.process_id,
        event.process.organisation_id,
        event.names_shown,
        event.contributions_visible,
        event.dot_budget,
    )


@dataclass(frozen=True)
class PhoneSeat:
    """A participant at the table whose code they joined with, as `joined_participant` finds
    them for the table's pages (a device that joined twice is its first participant)."""

    code: str
    language: str
    participant_id: int
    pseudonym: str
    role_label: str
    table_id: int
    event: BoardEvent


def phone_seats(asks: Sequence[PhoneAsk]) -> list[PhoneSeat | None]:
    """For each ask, the participant at the table its open table code opens, or None: an
    unknown or closed code, a code for another kind of space (an event's own code), a device
    that has not joined. Two queries, however many asks."""
    codes = sorted({normalise_join_code(ask.code) for ask in asks})
    native = connection.features.has_native_uuid_field
    wanted: dict[object, uuid.UUID] = {}
    for ask in asks:
        for public_id in public_ids_of(ask.remembered_ids):
            wanted[public_id if native else public_id.hex] = public_id
    among_codes, code_params = in_list("jc.code", codes)
    among_ids, id_params = in_list("p.public_id", list(wanted))
    table_type = ContentType.objects.get_for_model(DialogueTable).pk
    spaces: dict[str, tuple[int, str, int, BoardEvent]] = {}
    participants: dict[tuple[int, uuid.UUID], tuple[int, str, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_spaces_sql() + among_codes, [table_type, timezone.now(), *code_params])
        for join_code_id, code, language, table_id, *event_row in cursor:
            spaces[code] = (join_code_id, language, table_id, BoardEvent(*event_row))
        if spaces and wanted:
            in_codes, params = in_list("p.join_code_id", [space[0] for space in spaces.values()])
            cursor.execute(_participants_sql() + f"{in_codes} AND {among_ids}", [*params, *id_params])
            for join_code_id, stored, participant_id, pseudonym, role_label in cursor:
                participants[(join_code_id, wanted[stored])] = (participant_id, pseudonym, role_label)
    seats: list[PhoneSeat | None] = []
    for ask in asks:
        code = normalise_join_code(ask.code)
        space = spaces.get(code)
        joined = (
            sorted(found for i in public_ids_of(ask.remembered_ids) if (found := participants.get((space[0], i))))
            if space
            else []
        )
        if space is None or not joined:
            seats.append(None)
            continue
        _join_code_id, language, table_id, board_event = space
        participant_id, pseudonym, role_label = joined[0]
        seats.append(PhoneSeat(code, language, participant_id, pseudonym, role_label, table_id, board_event))
    return seats


@functools.cache
def _spaces_sql() -> str:
    join_code, table, event = (quoted(m._meta.db_table) for m in (JoinCode, DialogueTable, Event))
    process, organisation = quoted(Process._meta.db_table), quoted(Organisation._meta.db_table)
    return f"""
        SELECT jc.id, jc.code, o.default_language, t.id,
            e.id, e.process_id, pr.organisation_id, e.names_shown, e.contributions_visible, e.dot_budget
        FROM {join_code} jc
        JOIN {organisation} o ON o.id = jc.organisation_id
        JOIN {table} t ON t.id = jc.target_id
        JOIN {event} e ON e.id = t.event_id
        JOIN {process} pr ON pr.id = e.process_id AND pr.organisation_id = jc.organisation_id
        WHERE jc.target_type_id = %s AND jc.is_active AND (jc.expires_at IS NULL OR jc.expires_at > %s) AND
    """  # noqa: S608 (names from the models; values are parameters)


@functools.cache
def _participants_sql() -> str:
    participant = quoted(Participant._meta.db_table)
    return f"SELECT p.join_code_id, p.public_id, p.id, p.pseudonym, p.role_label FROM {participant} p WHERE "  # noqa: S608 (as above)


@dataclass(frozen=True)
class PhoneBoard:
    """What one phone's board shows: the table's visible cards (its own among them; the board
    leaves those out), the event's current round, what this phone reacted to and how many dots
    it has left, and the fingerprint the board polls with."""

    cards: list[BoardCard]
    current_round: Round | None
    reacted: set[tuple[int, str]]
    dots_left: int
    fingerprint: str


@dataclass(frozen=True)
class TableBoard:
    """What every phone's board at a table shows: the visible cards, the event's current round,
    and the fingerprint the boards poll with."""

    cards: list[BoardCard]
    current_round: Round | None
    fingerprint: str


def table_boards(tables: Sequence[tuple[int, BoardEvent]]) -> dict[int, TableBoard]:
    """The boards of the tables given as (table id, its event), by table id: two queries."""
    table_ids = sorted({table_id for table_id, _event in tables})
    event_ids = sorted({event.pk for _table_id, event in tables})
    cards: dict[int, list[BoardCard]] = {table_id: [] for table_id in table_ids}
    among, params = in_list("c.table_id", table_ids)
    with connection.cursor() as cursor:
        cursor.execute(_board_cards_sql(among), [ReactionKind.AGREE.value, ReactionKind.DOT.value, *params])
        for table_id, pk, text, pid, name, agree, dot_count in cursor:
            cards[table_id].append(BoardCard(pk, text, pid, name or "", agree, dot_count))
    rounds: dict[int, Round] = {}
    for a_round in Round.objects.filter(event_id__in=event_ids).order_by("number"):
        rounds[a_round.event_id] = a_round  # the latest, as current_round
    boards = {}
    for table_id, event in tables:
        the_round = rounds.get(event.pk)
        fingerprint = board_fingerprint(cards[table_id], the_round, event.names_shown, event.contributions_visible)
        boards[table_id] = TableBoard(cards[table_id], the_round, fingerprint)
    return boards


def phone_boards(seats: Sequence[PhoneSeat], tables: Mapping[int, TableBoard] | None = None) -> list[PhoneBoard]:
    """The board of each seat: three queries, however many phones and tables; one when the
    tables' boards (`table_boards`) were read already."""
    if tables is None:
        tables = table_boards([(seat.table_id, seat.event) for seat in seats])
    participant_ids = sorted({seat.participant_id for seat in seats})
    reacted: dict[int, set[tuple[int, str]]] = {pk: set() for pk in participant_ids}
    dots: dict[int, int] = dict.fromkeys(participant_ids, 0)
    for row in reaction_rows(participant_ids, sorted({seat.event.pk for seat in seats})):
        reacted[row.participant_id].add((row.contribution_id, row.kind))
        dots[row.participant_id] += row.kind == ReactionKind.DOT and not row.hidden
    boards = []
    for seat in seats:
        table = tables[seat.table_id]
        dots_left = max(0, seat.event.dot_budget - dots[seat.participant_id])
        boards.append(
            PhoneBoard(table.cards, table.current_round, reacted[seat.participant_id], dots_left, table.fingerprint)
        )
    return boards


def board_fingerprint(
    cards: Sequence[BoardCard] | Sequence[HostCard],
    the_round: Round | None,
    names_shown: bool,
    contributions_visible: bool,
) -> str:
    """Changes whenever what a board made of `cards` shows changes (a phone's, the same for every
    phone at the table, or a host's): a card written, edited, moved, hidden, marked or reacted
    to, the round opened, extended or closed, names shown or hidden. Made from what the board
    shows, so the board's own reading gives it."""
    round_state = (
        (the_round.pk, the_round.minutes, the_round.opened_at.isoformat(), bool(the_round.closed_at))
        if the_round
        else None
    )
    raw = repr((cards, round_state, names_shown, contributions_visible))
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


class OwnContributions(NamedTuple):
    """What a participant has sent, as their page shows it."""

    texts: list[str]  # not hidden, oldest first
    sent: int  # every one sent, hidden ones too: the thanks' number only goes up


def own_contributions_of(participant_ids: Sequence[int]) -> dict[int, OwnContributions]:
    """Each participant's own contributions, by participant id (none sent: not in it)."""
    texts: dict[int, list[str]] = {}
    sent: Counter[int] = Counter()
    found = (
        Contribution.objects.filter(participant_id__in=sorted(set(participant_ids)))
        .order_by("created_at", "pk")
        .values_list("participant_id", "text", "hidden_at")
    )
    for participant_id, text, hidden_at in found:
        sent[participant_id] += 1
        if hidden_at is None:
            texts.setdefault(participant_id, []).append(text)
    return {participant_id: OwnContributions(texts.get(participant_id, []), n) for participant_id, n in sent.items()}


@dataclass(frozen=True)
class BoardPoll:
    """A phone's board asked for with the fingerprint it shows: `board` is None when nothing
    changed."""

    seat: PhoneSeat
    board: PhoneBoard | None


def phone_board_polls(polls: Sequence[tuple[PhoneAsk, str]]) -> list[BoardPoll | None]:
    """For each (ask, fingerprint shown), what `participant_board` answers: nothing new, or the
    board; None for a device the table's pages do not know (the view answers those)."""
    seats = phone_seats([ask for ask, _shown in polls])
    found = [(index, seat) for index, seat in enumerate(seats) if seat is not None]
    tables = table_boards([(seat.table_id, seat.event) for _index, seat in found])
    changed = [(index, seat) for index, seat in found if tables[seat.table_id].fingerprint != polls[index][1]]
    answers: list[BoardPoll | None] = [None] * len(polls)
    for index, seat in found:
        answers[index] = BoardPoll(seat, None)
    if changed:
        boards = phone_boards([seat for _index, seat in changed], tables)
        for (index, seat), board in zip(changed, boards, strict=True):
            answers[index] = BoardPoll(seat, board)
    return answers
