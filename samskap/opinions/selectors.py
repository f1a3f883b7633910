from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from samskap.core.models import JoinCode, Participant, User
from samskap.core.participants import public_ids_of
from samskap.core.permissions import Capability, can_in_process
from samskap.core.selectors import normalise_join_code
from samskap.core.sql import in_list, quoted
from samskap.opinions.models import OpinionMap, Statement, StatementStatus, Vote, Voter

# Groups this small are folded together for everyone but those who run the process, so that
# nobody's votes can be read off a tiny group.
SMALL_GROUP_MAX = 5


def get_map_for_user(
    user: User | AnonymousUser, map_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> OpinionMap:
    try:
        opinion_map = OpinionMap.objects.select_related("process__organisation", "event").get(pk=map_id)
    except OpinionMap.DoesNotExist as exc:
        raise Http404 from exc
    if not can_in_process(user, opinion_map.process, capability):
        raise PermissionDenied
    return opinion_map


def join_code_of(opinion_map: OpinionMap) -> JoinCode | None:
    return (
        JoinCode.objects.filter(target_type=ContentType.objects.get_for_model(OpinionMap), target_id=opinion_map.pk)
        .order_by("-created_at")
        .first()
    )


def accepted_statements(opinion_map: OpinionMap) -> QuerySet[Statement]:
    return opinion_map.statements.filter(status=StatementStatus.ACCEPTED)


def statement_on_map(opinion_map: OpinionMap, statement_id: int) -> Statement | None:
    return opinion_map.statements.filter(pk=statement_id).first()


def pending_statements(opinion_map: OpinionMap) -> QuerySet[Statement]:
    return opinion_map.statements.filter(status=StatementStatus.PENDING).select_related("author")


def votes_of(opinion_map: OpinionMap, participant: Participant) -> dict[int, int]:
    return dict(
        Vote.objects.filter(opinion_map=opinion_map, voter__participant=participant).values_list(
            "statement_id", "value"
        )
    )


@dataclass(frozen=True)
class Ballot:
    """What casting a vote needs to know: the map and whether it is open, the participant and
    their voter row (None before their first vote), and the statement when it is an accepted
    one on this map (None otherwise). Built from models with `ballot_of`, or found for a
    participant's device with `ballots_and_statements`."""

    opinion_map_id: int
    map_is_open: bool
    participant_id: int
    voter_id: int | None
    statement_id: int | None
    code: str = ""
    language: str = ""


def ballot_of(opinion_map: OpinionMap, participant: Participant, statement: Statement) -> Ballot:
    on_map = statement.opinion_map_id == opinion_map.pk and statement.status == StatementStatus.ACCEPTED
    return Ballot(opinion_map.pk, opinion_map.is_open, participant.pk, None, statement.pk if on_map else None)


@dataclass(frozen=True)
class BallotAsk:
    """A phone's vote as it arrives: the join code in the address, the participant ids its
    signed cookie remembers, and the statement it votes on."""

    code: str
    remembered_ids: Sequence[str]
    statement_id: int


# A map's accepted statements in order: (pk, votes at the last recomputation, text).
StatementRows = list[tuple[int, int, str]]


@dataclass(frozen=True)
class BallotsRead:
    ballots: list[Ballot | None]
    statements: dict[int, StatementRows]  # by map id, for `next_statements_for`


def ballots_and_statements(asks: Sequence[BallotAsk]) -> BallotsRead:
    """For each ask, the ballot of the device in the map that the open join code opens, or
    None when there is none (unknown or closed code, another kind of space, a device that has
    not joined); and the accepted statements of the maps found. Votes come in bursts on one
    map, so the lookups are shared: three queries per join code in `asks`, however many votes.
    The answer is the same as `joined_participant` + `ballot_of` (a device that joined twice
    votes as its first participant)."""
    ballots: list[Ballot | None] = [None] * len(asks)
    statements: dict[int, StatementRows] = {}
    by_code: dict[str, list[int]] = {}
    for index, ask in enumerate(asks):
        by_code.setdefault(normalise_join_code(ask.code), []).append(index)
    map_type = ContentType.objects.get_for_model(OpinionMap)
    now = timezone.now()
    for code, indexes in by_code.items():
        found = (
            JoinCode.objects.filter(code=code, target_type=map_type, is_active=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .annotate(map_is_open=Subquery(OpinionMap.objects.filter(pk=OuterRef("target_id")).values("is_open")))
            .values_list("pk", "code", "target_id", "organisation__default_language", "map_is_open")
            .first()
        )
        if found is None or found[4] is None:
            continue
        join_code_id, canonical_code, map_id, language, is_open = found
        remembered = {index: public_ids_of(asks[index].remembered_ids) for index in indexes}
        participants = _participants_and_voters(join_code_id, map_id, {i for ids in remembered.values() for i in ids})
        if map_id not in statements:
            statements[map_id] = list(
                Statement.objects.filter(opinion_map_id=map_id, status=StatementStatus.ACCEPTED)
                .order_by("pk")
                .values_list("pk", "votes_counted", "text")
            )
        accepted = {pk for pk, _counted, _text in statements[map_id]}
        for index in indexes:
            joined = [participants[i] for i in remembered[index] if i in participants]
            if not joined:
                continue
            participant_id, voter_id = min(joined)
            statement_id = asks[index].statement_id
            ballots[index] = Ballot(
                map_id,
                bool(is_open),
                participant_id,
                voter_id,
                statement_id if statement_id in accepted else None,
                canonical_code,
                language,
            )
    return BallotsRead(ballots, statements)


def _participants_and_voters(
    join_code_id: int, map_id: int, public_ids: set[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int | None]]:
    """Participant id and voter id in the map (None before their first vote) of each public id
    that joined with the join code. In SQL: a burst asks for hundreds at once, and the ORM's
    work per value in the IN list cost more than the query."""
    # As stored: a uuid on PostgreSQL, 32 hex digits where the database has no uuid type.
    native = connection.features.has_native_uuid_field
    by_stored: dict[object, uuid.UUID] = {i if native else i.hex: i for i in public_ids}
    among, params = in_list("p.public_id", list(by_stored))
    participant, voter = quoted(Participant._meta.db_table), quoted(Voter._meta.db_table)
    sql = (
        f"SELECT p.public_id, p.id, v.id FROM {participant} p LEFT JOIN {voter} v"  # noqa: S608 (names from the models, values as parameters)
        f" ON v.participant_id = p.id AND v.opinion_map_id = %s WHERE p.join_code_id = %s AND {among}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [map_id, join_code_id, *params])
        return {by_stored[stored]: (participant_id, voter_id) for stored, participant_id, voter_id in cursor}


@dataclass(frozen=True)
class VotingView:
    """What a participant's vote page shows: the statement to vote on next, their earlier votes
    in the map's order, and how many statements the map has."""

    current: Statement | None
    voted: list[tuple[Statement, int]]
    total: int


def _fewest_votes_first(unvoted: Iterable[tuple[int, int]]) -> int | None:
    """Of (votes at the last recomputation, pk) pairs of unvoted statements, the pk to show
    next: the fewest votes, so that new statements get seen; the oldest first among equals."""
    return min(unvoted, default=(0, None))[1]


def voting_view(opinion_map: OpinionMap, participant: Participant) -> VotingView:
    """Two queries, whatever the map's size: the participant's votes and the accepted statements."""
    votes = votes_of(opinion_map, participant)
    statements = list(accepted_statements(opinion_map).order_by("pk"))
    next_pk = _fewest_votes_first((s.votes_counted, s.pk) for s in statements if s.pk not in votes)
    current = next(s for s in statements if s.pk == next_pk) if opinion_map.is_open and next_pk else None
    return VotingView(current, [(s, votes[s.pk]) for s in statements if s.pk in votes], len(statements))


@dataclass(frozen=True)
class NextStatement:
    """After a vote: what comes next as (pk, text), how many the voter has voted on, and of how
    many."""

    current: tuple[int, str] | None
    voted_count: int
    total: int


def next_statements_for(
    cast: Sequence[tuple[Ballot, int]], statements: dict[int, StatementRows]
) -> list[NextStatement]:
    """After votes: for each (ballot, voter id), what that voter sees next, from the maps'
    accepted statements as `ballots_and_statements` read them. One query however many votes:
    the voters' votes."""
    voted: dict[int, set[int]] = {voter_id: set() for _ballot, voter_id in cast}
    among, params = in_list("voter_id", list(voted))
    with connection.cursor() as cursor:
        # In SQL for the same reason as `_participants_and_voters`.
        sql = f"SELECT voter_id, statement_id FROM {quoted(Vote._meta.db_table)} WHERE {among}"  # noqa: S608 (as above)
        cursor.execute(sql, params)
        for voter_id, statement_id in cursor:
            voted[voter_id].add(statement_id)
    after = []
    for ballot, voter_id in cast:
        rows = statements[ballot.opinion_map_id]
        unvoted = [(counted, pk) for pk, counted, _text in rows if pk not in voted[voter_id]]
        next_pk = _fewest_votes_first(unvoted) if ballot.map_is_open else None
        current = next((pk, text) for pk, _counted, text in rows if pk == next_pk) if next_pk else None
        after.append(NextStatement(current, len(rows) - len(unvoted), len(rows)))
    return after


@dataclass(frozen=True)
class MapCounts:
    participants: int
    votes: int
    statements: int
    pending: int


def map_counts(opinion_map: OpinionMap) -> MapCounts:
    statements = opinion_map.statements.aggregate(
        accepted=Count("pk", filter=Q(status=StatementStatus.ACCEPTED)),
        pending=Count("pk", filter=Q(status=StatementStatus.PENDING)),
    )
    votes = opinion_map.votes.aggregate(votes=Count("pk"), voters=Count("voter", distinct=True))
    return MapCounts(votes["voters"], votes["votes"], statements["accepted"], statements["pending"])


@dataclass(frozen=True)
class GroupView:
    letter: str
    size: int
    statements: list[dict[str, object]]


@dataclass(frozen=True)
class ResultView:
    """The stored result, with statement texts, ready for a template."""

    k: int
    groups: list[GroupView]
    hidden_small: int  # participants in small groups folded away for this reader
    consensus_agree: list[dict[str, object]]
    consensus_disagree: list[dict[str, object]]
    base: list[list[float]]
    clustered: int


def result_view(opinion_map: OpinionMap, *, full: bool) -> ResultView | None:
    """The last computed result; `full` (staff with a role) shows small groups too."""
    data = opinion_map.result
    if not data:
        return None
    # Only accepted statements are named: a rejected one stays out even before the next update.
    texts = dict(accepted_statements(opinion_map).values_list("pk", "text"))
    sizes: list[int] = data["group_sizes"]

    def with_text(item: dict[str, object]) -> dict[str, object]:
        statement = int(str(item["statement"]))
        row = {**item, "text": texts.get(statement, "")}
        seen = int(str(item.get("n_seen", 0)))
        if seen:
            success = item.get("n_agree") if item.get("repful", "agree") == "agree" else item.get("n_disagree")
            if success is None:
                success = item.get("n_success", 0)
            row["percent"] = round(100 * int(str(success)) / seen)
        return row

    groups: list[GroupView] = []
    hidden = 0
    for g, size in enumerate(sizes):
        if not full and size <= SMALL_GROUP_MAX:
            hidden += size
            continue
        reps = [with_text(r) for r in data["repness"].get(str(g), []) if int(r["statement"]) in texts]
        groups.append(GroupView(chr(ord("A") + g), size, reps))
    base = [row for row in data.get("base", []) if full or (row[3] >= 0 and sizes[row[3]] > SMALL_GROUP_MAX)]
    return ResultView(
        k=data["k"],
        groups=groups,
        hidden_small=hidden,
        consensus_agree=[with_text(c) for c in data["consensus"]["agree"] if int(c["statement"]) in texts],
        consensus_disagree=[with_text(c) for c in data["consensus"]["disagree"] if int(c["statement"]) in texts],
        base=base,
        clustered=data.get("clustered", 0),
    )
