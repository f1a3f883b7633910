"""The write paths of improvement work. Each service validates, writes in one
transaction, and leaves an entry in the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.core.audit import audit_record
from samskap.core.models import Organisation, User
from samskap.improvement.charts import CHARTS_FOR_VALUE_KIND
from samskap.improvement.csv_import import ParsedRow
from samskap.improvement.models import (
    Annotation,
    BreakKind,
    ChangeIdea,
    ChartBreak,
    Driver,
    Gathering,
    Measure,
    Network,
    Observation,
    PdsaCycle,
    ProgressScore,
    Project,
    ProjectPhase,
    Team,
    TeamMember,
    ValueKind,
)
from samskap.processes.models import Process


def _audit(action: str, actor: User | None, obj: models.Model, network: Network, **detail: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        obj=obj,
        organisation_id=network.process.organisation_id,
        process_id=network.process_id,
        detail=detail or None,
    )


def _network_of_measure(measure: Measure) -> Network:
    if measure.project is not None:
        return measure.project.team.network
    assert measure.network is not None
    return measure.network


def network_create(*, actor: User | None, process: Process) -> Network:
    if Network.objects.filter(process=process).exists():
        raise ValidationError(_("This process already runs a learning network."))
    with transaction.atomic():
        network = Network.objects.create(process=process)
        _audit("network.create", actor, network, network)
    return network


def gathering_create(*, actor: User | None, network: Network, **fields: Any) -> Gathering:
    gathering = Gathering(network=network, **fields)
    gathering.full_clean()
    with transaction.atomic():
        gathering.save()
        _audit("gathering.create", actor, gathering, network)
    return gathering


def team_create(
    *,
    actor: User | None,
    network: Network,
    organisation: Organisation,
    name: str,
    members: Sequence[dict[str, Any]] = (),
) -> Team:
    process = network.process
    if organisation.pk != process.organisation_id and not process.partners.filter(pk=organisation.pk).exists():
        raise ValidationError(_("Only member organisations of the network can have a team in it."))
    team = Team(network=network, organisation=organisation, name=name)
    team.full_clean()
    with transaction.atomic():
        team.save()
        for member in members:
            TeamMember.objects.create(team=team, **member)
        _audit("team.create", actor, team, network)
    return team


def team_member_add(*, actor: User | None, team: Team, name: str, role: str, user: User | None = None) -> TeamMember:
    member = TeamMember(team=team, name=name.strip(), role=role, user=user)
    member.full_clean(exclude=["team", "user"])
    with transaction.atomic():
        member.save()
        _audit("team_member.add", actor, member, team.network, role=role, user=user.pk if user else None)
    return member


def project_create(*, actor: User | None, team: Team, **fields: Any) -> Project:
    project = Project(team=team, **fields)
    project.full_clean()
    with transaction.atomic():
        project.save()
        _audit("project.create", actor, project, team.network)
    return project


def project_update(*, actor: User | None, project: Project, changed: Iterable[str]) -> Project:
    """Save fields a form has already set on `project`; `changed` names them for the log."""
    project.full_clean()
    with transaction.atomic():
        project.save()
        _audit("project.update", actor, project, project.team.network, changed=sorted(changed))
    return project


def progress_score_record(
    *, actor: User | None, project: Project, score: Decimal, recorded_on: dt.date, note: str = ""
) -> ProgressScore:
    entry = ProgressScore(project=project, score=score, recorded_on=recorded_on, note=note, recorded_by=actor)
    entry.full_clean(exclude=["project", "recorded_by"])
    with transaction.atomic():
        entry.save()
        _audit("progress_score.record", actor, entry, project.team.network, score=str(score))
    return entry


def driver_add(*, actor: User | None, project: Project, text: str, parent: Driver | None = None) -> Driver:
    if parent is not None and (parent.project_id != project.pk or parent.parent_id is not None):
        raise ValidationError(_("A secondary driver must sit under a primary driver of the same project."))
    driver = Driver(project=project, parent=parent, text=text.strip(), position=project.drivers.count())
    driver.full_clean(exclude=["project", "parent"])
    with transaction.atomic():
        driver.save()
        _audit("driver.add", actor, driver, project.team.network)
    return driver


def change_idea_add(*, actor: User | None, project: Project, text: str, driver: Driver | None = None) -> ChangeIdea:
    if driver is not None and driver.project_id != project.pk:
        raise ValidationError(_("The driver belongs to another project."))
    idea = ChangeIdea(project=project, driver=driver, text=text.strip(), position=project.change_ideas.count())
    idea.full_clean(exclude=["project", "driver"])
    with transaction.atomic():
        idea.save()
        _audit("change_idea.add", actor, idea, project.team.network)
    return idea


def _check_pdsa_links(cycle: PdsaCycle, measures: Iterable[Measure]) -> None:
    project_id = cycle.project_id
    if cycle.change_idea is not None and cycle.change_idea.project_id != project_id:
        raise ValidationError(_("The change idea belongs to another project."))
    if cycle.previous is not None:
        earlier: PdsaCycle | None = cycle.previous
        assert earlier is not None
        if earlier.project_id != project_id or earlier.started_on > cycle.started_on:
            raise ValidationError(_("A PDSA cycle can only build on an earlier cycle of the same project."))
        seen: set[int] = set()
        while earlier is not None and earlier.pk not in seen:  # a chain must never come back round
            if cycle.pk is not None and earlier.pk == cycle.pk:
                raise ValidationError(_("A PDSA cycle cannot build on a cycle that builds on it."))
            seen.add(earlier.pk)
            earlier = earlier.previous
    if any(m.project_id != project_id for m in measures):
        raise ValidationError(_("A PDSA cycle can only be linked to the project's own measures."))


def pdsa_create(*, actor: User | None, project: Project, measures: Sequence[Measure] = (), **fields: Any) -> PdsaCycle:
    cycle = PdsaCycle(project=project, **fields)
    _check_pdsa_links(cycle, measures)
    cycle.full_clean(exclude=["project"])
    with transaction.atomic():
        cycle.save()
        cycle.measures.set(measures)
        _audit("pdsa.create", actor, cycle, project.team.network)
    return cycle


def pdsa_update(
    *, actor: User | None, cycle: PdsaCycle, changed: Iterable[str], measures: Sequence[Measure] | None = None
) -> PdsaCycle:
    """Save a cycle whose fields a form has set (Plan, Do, Study, Act are filled in over time)."""
    _check_pdsa_links(cycle, measures or ())
    cycle.full_clean(exclude=["project"])
    with transaction.atomic():
        cycle.save()
        if measures is not None:
            cycle.measures.set(measures)
        _audit("pdsa.update", actor, cycle, cycle.project.team.network, changed=sorted(changed), stage=cycle.stage)
    return cycle


def _check_measure(measure: Measure) -> None:
    if measure.chart and measure.chart not in CHARTS_FOR_VALUE_KIND[measure.value_kind]:
        raise ValidationError(
            {"chart": _("This chart does not fit the kind of value. Leave it empty and Samskap suggests one.")}
        )
    if measure.rules == "mdc" and measure.chart in ("run", "mr"):
        raise ValidationError({"rules": _("The Making Data Count rules need a control chart (not a run or MR chart).")})


def measure_create(
    *, actor: User | None, project: Project | None = None, network: Network | None = None, **fields: Any
) -> Measure:
    """A team's measure (`project`) or a network's shared definition (`network`)."""
    if (project is None) == (network is None):
        raise ValueError("a measure belongs to a project or to a network, not both")
    if "multiply" not in fields and fields.get("value_kind") == ValueKind.PROPORTION:
        fields["multiply"] = 100.0  # shares are read as percentages
    measure = Measure(project=project, network=network, **fields)
    _check_measure(measure)
    measure.full_clean()
    owner = network if network is not None else project.team.network  # type: ignore[union-attr]
    with transaction.atomic():
        measure.save()
        _audit("measure.create", actor, measure, owner)
    return measure


SHARED_FIELDS = (
    "title",
    "kind",
    "definition",
    "numerator",
    "denominator",
    "unit",
    "value_kind",
    "improvement",
    "target",
    "frequency",
    "chart",
    "rules",
    "screen_mr",
    "multiply",
)


def measure_adopt(*, actor: User | None, project: Project, shared: Measure) -> Measure:
    """A team takes up a network's shared measure: its own copy of the definition, linked,
    so the network page can show every team's chart side by side."""
    if shared.network_id != project.team.network_id:
        raise ValidationError(_("This shared measure belongs to another network."))
    if project.measures.filter(shared=shared).exists():
        raise ValidationError(_("The project already uses this shared measure."))
    measure = Measure(project=project, shared=shared, **{f: getattr(shared, f) for f in SHARED_FIELDS})
    with transaction.atomic():
        measure.save()
        _audit("measure.adopt", actor, measure, project.team.network, shared=shared.pk)
    return measure


def measure_update(*, actor: User | None, measure: Measure, changed: Iterable[str]) -> Measure:
    """Save a measure whose fields (definition, chart settings) a form has set."""
    _check_measure(measure)
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        _audit("measure.update", actor, measure, _network_of_measure(measure), changed=sorted(changed))
    return measure


def _check_observation(measure: Measure, value: float, denominator: float | None) -> None:
    if measure.has_denominator:
        if denominator is None or denominator <= 0:
            raise ValidationError({"denominator": _("This measure needs a denominator greater than 0.")})
        if value < 0:
            raise ValidationError({"value": _("The value cannot be negative.")})
        if measure.value_kind == ValueKind.PROPORTION and value > denominator:
            raise ValidationError({"value": _("The numerator cannot be larger than the denominator.")})


def observation_record(
    *,
    actor: User | None,
    measure: Measure,
    period: dt.date,
    value: float,
    denominator: float | None = None,
    excluded: bool = False,
    exclude_reason: str = "",
) -> Observation:
    """Record one period's value, replacing what was there for that period."""
    if measure.project is None:
        raise ValidationError(_("Observations belong to a team's measure, not to the shared definition."))
    _check_observation(measure, value, denominator)
    if excluded and not exclude_reason.strip():
        raise ValidationError({"exclude_reason": _("Say why the point is left out of the calculations.")})
    with transaction.atomic():
        observation, created = Observation.objects.update_or_create(
            measure=measure,
            period=period,
            defaults={
                "value": value,
                "denominator": denominator if measure.has_denominator else None,
                "excluded": excluded,
                "exclude_reason": exclude_reason.strip() if excluded else "",
            },
        )
        _audit(
            "observation.record",
            actor,
            observation,
            _network_of_measure(measure),
            period=period.isoformat(),
            created=created,
        )
    return observation


def observations_import(*, actor: User | None, measure: Measure, rows: Sequence[ParsedRow]) -> tuple[int, int]:
    """Save checked rows from a CSV upload in one transaction: all or nothing.
    Returns (created, updated)."""
    if measure.project is None:
        raise ValidationError(_("Observations belong to a team's measure, not to the shared definition."))
    for row in rows:
        try:
            _check_observation(measure, row.value, row.denominator)
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(line)d: %(message)s") % {"line": row.line, "message": " ".join(exc.messages)}
            ) from exc
    with transaction.atomic():
        existing = {
            o.period: o for o in Observation.objects.filter(measure=measure, period__in=[r.period for r in rows])
        }
        new: list[Observation] = []
        changed: list[Observation] = []
        for row in rows:
            denominator = row.denominator if measure.has_denominator else None
            if row.period in existing:
                obs = existing[row.period]
                obs.value, obs.denominator = row.value, denominator
                changed.append(obs)
            else:
                new.append(Observation(measure=measure, period=row.period, value=row.value, denominator=denominator))
        Observation.objects.bulk_create(new)
        Observation.objects.bulk_update(changed, ["value", "denominator"])
        _audit(
            "observation.import",
            actor,
            measure,
            _network_of_measure(measure),
            created=len(new),
            updated=len(changed),
        )
    return len(new), len(changed)


def chart_break_add(
    *,
    actor: User | None,
    measure: Measure,
    kind: str,
    period: dt.date,
    reason: str,
    pdsa: PdsaCycle | None = None,
) -> ChartBreak:
    """Add a baseline (freeze the limits) or a new phase (recalculate), with its reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: a baseline or a new phase always needs a reason.")})
    if pdsa is not None and pdsa.project_id != measure.project_id:
        raise ValidationError({"pdsa": _("The PDSA cycle belongs to another project.")})
    if kind == BreakKind.BASELINE and measure.breaks.filter(kind=BreakKind.BASELINE).exists():
        raise ValidationError(_("The chart already has a baseline. Remove it first."))
    if measure.breaks.filter(kind=kind, period=period).exists():
        raise ValidationError(_("There is already one at this period."))
    chart_break = ChartBreak(measure=measure, kind=kind, period=period, reason=reason, pdsa=pdsa, created_by=actor)
    chart_break.full_clean(exclude=["measure", "created_by", "pdsa"])
    with transaction.atomic():
        chart_break.save()
        _audit("chart_break.add", actor, chart_break, _network_of_measure(measure), kind=kind, reason=reason)
    return chart_break


def chart_break_remove(*, actor: User | None, chart_break: ChartBreak) -> None:
    measure = chart_break.measure
    with transaction.atomic():
        _audit(
            "chart_break.remove",
            actor,
            chart_break,
            _network_of_measure(measure),
            kind=chart_break.kind,
            period=chart_break.period.isoformat(),
        )
        chart_break.delete()


def annotation_add(*, actor: User | None, measure: Measure, period: dt.date, text: str) -> Annotation:
    annotation = Annotation(measure=measure, period=period, text=text.strip(), created_by=actor)
    annotation.full_clean(exclude=["measure", "created_by"])
    with transaction.atomic():
        annotation.save()
        _audit("annotation.add", actor, annotation, _network_of_measure(measure))
    return annotation


def measure_move_to_operations(*, actor: User | None, measure: Measure, since: dt.date | None = None) -> Measure:
    """From project to operations: freeze the limits of the chart's last phase — the process
    after the change — at the latest observation, so every new point is judged against the
    improved process, and move the project into its follow-up phase.

    A baseline the team already set inside the last phase is kept (it is their choice of
    stable period); one before the last phase no longer applies and is replaced."""
    last = measure.observations.order_by("-period").first()
    if measure.project is None or last is None:
        raise ValidationError(_("A measure needs observations before it can be monitored in operations."))
    if measure.in_operations_since is not None:
        raise ValidationError(_("This measure is already monitored in operations."))
    phases = list(measure.breaks.filter(kind=BreakKind.PHASE).order_by("period"))
    if not phases:
        raise ValidationError(
            _(
                "First mark the new phase where the change took effect, so that the frozen limits "
                "come from the improved process and not from before the change."
            )
        )
    since = since or timezone.localdate()
    with transaction.atomic():
        baseline = measure.breaks.filter(kind=BreakKind.BASELINE).first()
        if baseline is not None and baseline.period < phases[-1].period:
            baseline.delete()
            baseline = None
        if baseline is None:
            ChartBreak.objects.create(
                measure=measure,
                kind=BreakKind.BASELINE,
                period=last.period,
                reason=_("Limits frozen when the measure moved to operations"),
                created_by=actor,
            )
        measure.in_operations_since = since
        measure.save(update_fields=["in_operations_since"])
        project = measure.project
        if project.phase != ProjectPhase.FOLLOW_UP:
            project.phase = ProjectPhase.FOLLOW_UP
            project.save(update_fields=["phase"])
        _audit("measure.to_operations", actor, measure, project.team.network, frozen_at=last.period.isoformat())
    return measure
