"""Reads for improvement work. `get_<thing>_for_user` raise 404 for unknown ids and 403
without a role: viewing needs VIEW_PROCESS on the network's process, editing
`can_edit_team` (or MANAGE_PROCESS for a network's shared measures)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from samskap.core.models import User
from samskap.core.permissions import Capability, can_edit_team, can_in_process
from samskap.improvement.charts import MeasureChart, ObservationRow, build_measure_chart
from samskap.improvement.models import (
    ChartBreak,
    Measure,
    Network,
    Observation,
    PdsaCycle,
    ProgressScore,
    Project,
    Team,
)


def get_network_for_user(
    user: User | AnonymousUser, network_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Network:
    try:
        network = Network.objects.select_related("process__organisation").get(pk=network_id)
    except Network.DoesNotExist as exc:
        raise Http404 from exc
    if not can_in_process(user, network.process, capability):
        raise PermissionDenied
    return network


def _check_team(user: User | AnonymousUser, team: Team, edit: bool) -> None:
    allowed = can_edit_team(user, team) if edit else can_in_process(user, team.network.process, Capability.VIEW_PROCESS)
    if not allowed:
        raise PermissionDenied


def get_team_for_user(user: User | AnonymousUser, team_id: int, *, edit: bool = False) -> Team:
    try:
        team = Team.objects.select_related("network__process__organisation", "organisation").get(pk=team_id)
    except Team.DoesNotExist as exc:
        raise Http404 from exc
    _check_team(user, team, edit)
    return team


def get_project_for_user(user: User | AnonymousUser, project_id: int, *, edit: bool = False) -> Project:
    try:
        project = Project.objects.select_related("team__network__process__organisation", "team__organisation").get(
            pk=project_id
        )
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    _check_team(user, project.team, edit)
    return project


def get_measure_for_user(user: User | AnonymousUser, measure_id: int, *, edit: bool = False) -> Measure:
    try:
        measure = Measure.objects.select_related(
            "project__team__network__process__organisation",
            "project__team__organisation",
            "network__process__organisation",
            "shared",
        ).get(pk=measure_id)
    except Measure.DoesNotExist as exc:
        raise Http404 from exc
    if measure.project is not None:
        _check_team(user, measure.project.team, edit)
    else:
        assert measure.network is not None
        capability = Capability.MANAGE_PROCESS if edit else Capability.VIEW_PROCESS
        if not can_in_process(user, measure.network.process, capability):
            raise PermissionDenied
    return measure


def get_pdsa_for_user(user: User | AnonymousUser, cycle_id: int, *, edit: bool = False) -> PdsaCycle:
    try:
        cycle = PdsaCycle.objects.select_related(
            "project__team__network__process__organisation", "project__team__organisation", "change_idea", "previous"
        ).get(pk=cycle_id)
    except PdsaCycle.DoesNotExist as exc:
        raise Http404 from exc
    _check_team(user, cycle.project.team, edit)
    return cycle


def network_of(measure: Measure) -> Network:
    if measure.project is not None:
        return measure.project.team.network
    assert measure.network is not None
    return measure.network


def teams_of(network: Network) -> QuerySet[Team]:
    """Teams with their members and projects; each project carries its scores, oldest first."""
    projects = Project.objects.prefetch_related(
        Prefetch("progress_scores", queryset=ProgressScore.objects.order_by("recorded_on", "pk"))
    )
    return (
        Team.objects.filter(network=network)
        .select_related("organisation")
        .prefetch_related("members", Prefetch("projects", queryset=projects))
    )


def measure_chart(measure: Measure) -> MeasureChart:
    """A measure's chart with everything drawn on it (four queries)."""
    return build_measure_chart(
        measure,
        list(measure.observations.all()),
        list(measure.breaks.all()),
        list(measure.annotations.all()),
        list(measure.pdsa_cycles.order_by("started_on", "pk")),
    )


@dataclass(frozen=True, slots=True)
class SmallMultiples:
    measure: Measure
    charts: list[tuple[Team, MeasureChart]]


def network_small_multiples(network: Network) -> list[SmallMultiples]:
    """Each shared measure across the teams that adopted it, computed in a fixed number of
    queries however many teams, measures and points there are."""
    shared = list(Measure.objects.filter(network=network))
    adoptions = list(
        Measure.objects.filter(shared__in=shared)
        .select_related("project__team__organisation")
        .order_by("project__team__organisation__name", "project__team__name", "pk")
    )
    ids = [m.pk for m in adoptions]
    # Plain rows straight from the cursor, not model instances: a network page reads ten
    # thousand of them. (SQLite hands dates back as text, PostgreSQL as dates.)
    observations: dict[int, list[ObservationRow]] = defaultdict(list)
    query = (
        Observation.objects.filter(measure_id__in=ids)
        .order_by("measure_id", "period")
        .values_list("measure_id", "period", "value", "denominator", "excluded")
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for measure_id, period, value, denominator, excluded in cursor.fetchall():
            day = period if isinstance(period, dt.date) else dt.date.fromisoformat(period)
            observations[measure_id].append(ObservationRow(day, value, denominator, bool(excluded)))
    breaks: dict[int, list[ChartBreak]] = defaultdict(list)
    for b in ChartBreak.objects.filter(measure_id__in=ids):
        breaks[b.measure_id].append(b)
    by_shared: dict[int, list[tuple[Team, MeasureChart]]] = defaultdict(list)
    for measure in adoptions:
        assert measure.project is not None and measure.shared_id is not None
        chart = build_measure_chart(measure, observations[measure.pk], breaks[measure.pk])
        by_shared[measure.shared_id].append((measure.project.team, chart))
    return [SmallMultiples(measure=m, charts=by_shared[m.pk]) for m in shared]
