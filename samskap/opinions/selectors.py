from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from samskap.core.models import JoinCode, Participant, User
from samskap.core.permissions import Capability, can_in_process
from samskap.opinions.models import OpinionMap, Statement, StatementStatus, Vote

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
class VotingView:
    """What a participant's vote page shows: the statement to vote on next, their earlier votes
    in the map's order, and how many statements the map has."""

    current: Statement | None
    voted: list[tuple[Statement, int]]
    total: int


def voting_view(opinion_map: OpinionMap, participant: Participant) -> VotingView:
    """Two queries, whatever the map's size: the participant's votes, and the accepted
    statements with their vote counts. Next comes the unvoted statement with the fewest votes
    so far, so new statements get seen."""
    votes = votes_of(opinion_map, participant)
    statements = list(accepted_statements(opinion_map).annotate(vote_count=Count("votes")).order_by("pk"))
    unvoted = [s for s in statements if s.pk not in votes]
    current = min(unvoted, key=lambda s: (s.vote_count, s.pk), default=None) if opinion_map.is_open else None
    return VotingView(current, [(s, votes[s.pk]) for s in statements if s.pk in votes], len(statements))


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
