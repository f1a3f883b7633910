"""Reads of ideas, selection rounds and incubation, scoped to what the user may see."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from samskap.core.models import User
from samskap.core.permissions import Capability, can_edit_team, can_in_process
from samskap.events.models import Contribution, Theme
from samskap.ideas.models import Idea, IdeaStage, SelectionRound
from samskap.improvement.models import Team
from samskap.insight.models import Insight
from samskap.processes.models import Process


def get_idea_for_user(
    user: User | AnonymousUser, idea_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Idea:
    idea = (
        Idea.objects.select_related("process__organisation", "stage", "created_by", "improvement_project")
        .filter(pk=idea_id)
        .first()
    )
    if idea is None:
        raise Http404
    if not can_in_process(user, idea.process, capability):
        raise PermissionDenied
    return idea


def get_selection_for_user(
    user: User | AnonymousUser, selection_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> SelectionRound:
    selection = SelectionRound.objects.select_related("process__organisation").filter(pk=selection_id).first()
    if selection is None:
        raise Http404
    if not can_in_process(user, selection.process, capability):
        raise PermissionDenied
    return selection


def stages_with_ideas(process: Process) -> list[IdeaStage]:
    ideas = Idea.objects.order_by("-created_at", "-pk")
    return list(process.idea_stages.prefetch_related(Prefetch("ideas", queryset=ideas)))


def ideas_of(process: Process) -> QuerySet[Idea]:
    return process.ideas.select_related("stage").order_by("stage__position", "-created_at")


def may_see_contribution(user: User | AnonymousUser, contribution: Contribution) -> bool:
    """The same rule as the table page: those who run the event, and the table's host."""
    if not user.is_authenticated:
        return False
    process = contribution.table.event.process
    return can_in_process(user, process, Capability.RUN_EVENT) or contribution.table.host_id == user.pk


def get_contribution_for_user(
    user: User | AnonymousUser, process: Process, contribution_id: int
) -> Contribution | None:
    """A contribution in `process` that `user` may read, or None."""
    contribution = (
        Contribution.objects.select_related("table__event__process")
        .filter(pk=contribution_id, table__event__process=process)
        .first()
    )
    if contribution is None or not may_see_contribution(user, contribution):
        return None
    return contribution


def get_insight_for_user(user: User | AnonymousUser, process: Process, insight_id: int) -> Insight | None:
    """An insight of `process`, for anyone with a role in it (insights carry released text only)."""
    insight = Insight.objects.filter(pk=insight_id, process=process).first()
    if insight is None or not can_in_process(user, process, Capability.VIEW_PROCESS):
        return None
    return insight


def get_theme_for_user(user: User | AnonymousUser, process: Process, theme_id: int) -> Theme | None:
    """A theme of an event in `process`, for those who run its events (they made it)."""
    theme = Theme.objects.select_related("event__process").filter(pk=theme_id, event__process=process).first()
    if theme is None or not can_in_process(user, process, Capability.RUN_EVENT):
        return None
    return theme


def theme_texts(theme: Theme, limit: int = 12) -> list[str]:
    """The texts of a theme's visible contributions, key points and most dotted first."""
    return list(
        Contribution.objects.filter(theme=theme, hidden_at__isnull=True)
        .annotate(dots=Count("reactions", filter=Q(reactions__kind="dot")))
        .order_by("-is_key_point", "-dots", "created_at")
        .values_list("text", flat=True)[:limit]
    )


def teams_for(process: Process, user: User | AnonymousUser) -> QuerySet[Team]:
    """Improvement teams that can take an idea on and whose work `user` may record: the
    organisation's own teams, and the teams of a learning network that is this process."""
    candidates = (
        Team.objects.filter(Q(organisation=process.organisation) | Q(network__process=process))
        .select_related("network__process", "organisation")
        .order_by("name")
    )
    allowed = [team.pk for team in candidates if can_edit_team(user, team)]
    return candidates.filter(pk__in=allowed)


def has_scored(selection: SelectionRound, user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    expected = selection.ideas.count() * selection.criteria.count()
    return expected > 0 and selection.scores.filter(panelist=user).count() >= expected


def may_see_scores(selection: SelectionRound, user: User | AnonymousUser) -> bool:
    """A panellist sees the others' scores only after handing in their own, or once the
    round is closed; people outside the panel who run the process see them any time."""
    if not selection.is_open:
        return True
    if user.is_authenticated and selection.panel.filter(pk=user.pk).exists():
        return has_scored(selection, user)
    return can_in_process(user, selection.process, Capability.MANAGE_PROCESS)


@dataclass(frozen=True)
class RankedIdea:
    idea: Idea
    weighted: float  # weighted mean score, 1–5
    by_criterion: list[float | None]  # mean per criterion, in criterion order
    panelists: int  # how many scored it
    rank: int = 0  # 1 for the best; ideas with the same score share a rank (1, 2, 2, 4)
    tied: bool = False  # shares its rank with another idea


def ranking(selection: SelectionRound) -> list[RankedIdea]:
    """Ideas by weighted mean score: each panellist's scores weighted by the criteria,
    averaged over the panellists who scored."""
    criteria = list(selection.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    total_weight = sum(weights.values())
    per_idea: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    panelists: dict[int, set[int]] = defaultdict(set)
    for idea_id, criterion_id, panelist_id, value in selection.scores.values_list(
        "idea_id", "criterion_id", "panelist_id", "value"
    ):
        per_idea[idea_id][criterion_id].append(value)
        panelists[idea_id].add(panelist_id)
    ranked = []
    for idea in selection.ideas.all():
        by_criterion: list[float | None] = []
        weighted = 0.0
        for criterion in criteria:
            values = per_idea[idea.pk][criterion.pk]
            mean = sum(values) / len(values) if values else None
            by_criterion.append(mean)
            weighted += (mean or 0.0) * weights[criterion.pk]
        ranked.append(
            RankedIdea(idea, weighted / total_weight if total_weight else 0.0, by_criterion, len(panelists[idea.pk]))
        )
    ranked.sort(key=lambda r: (-r.weighted, r.idea.title))
    return _with_ranks(ranked)


# Scores are means of small integers: a difference below this is rounding, not a gap.
_TIE_TOLERANCE = 1e-9


def _with_ranks(ranked: list[RankedIdea]) -> list[RankedIdea]:
    """Standard competition ranking: equal scores share a rank and the next rank skips,
    so a tie is shown rather than broken by the alphabet."""
    ranks: list[int] = []
    for position, row in enumerate(ranked):
        same_as_previous = position > 0 and abs(ranked[position - 1].weighted - row.weighted) <= _TIE_TOLERANCE
        ranks.append(ranks[-1] if same_as_previous else position + 1)
    counts = Counter(ranks)
    return [replace(row, rank=rank, tied=counts[rank] > 1) for row, rank in zip(ranked, ranks, strict=True)]
