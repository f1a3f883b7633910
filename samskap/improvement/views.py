"""Pages for improvement work: network, team, project, PDSA cycle and measure.

Forms that change a project or a measure post to their own URL; when a form is invalid
the page is shown again with that form's errors (status 400), nothing saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskap.core.http import staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.permissions import Capability, can_edit_team, can_in_process
from samskap.improvement import services
from samskap.improvement.charts import MeasureChart
from samskap.improvement.csv_import import ParsedRow, parse_observations
from samskap.improvement.forms import (
    AdoptMeasureForm,
    AnnotationForm,
    ChangeIdeaForm,
    ChartBreakForm,
    ChartSettingsForm,
    DriverForm,
    GatheringForm,
    MeasureForm,
    ObservationForm,
    PdsaForm,
    ProgressScoreForm,
    ProjectForm,
    TeamForm,
    TeamMemberForm,
    UploadForm,
)
from samskap.improvement.models import (
    ChartBreak,
    Gathering,
    Measure,
    Network,
    PdsaCycle,
    Project,
    ProjectPhase,
    Team,
    ValueKind,
)
from samskap.improvement.selectors import (
    get_measure_for_user,
    get_network_for_user,
    get_pdsa_for_user,
    get_project_for_user,
    get_team_for_user,
    measure_chart,
    network_of,
    network_small_multiples,
    teams_of,
)
from samskap.improvement.svg import chart_svg, driver_diagram_svg
from samskap.processes.selectors import get_process_for_user

UPLOAD_SALT = "samskap.improvement.upload"


# Network -----------------------------------------------------------------------------------


def _network_page(request: HttpRequest, network: Network, status: int = 200, **bound: BaseForm) -> HttpResponse:
    gatherings = list(network.gatherings.all())
    periods = [
        {"after": g, "before": gatherings[k + 1] if k + 1 < len(gatherings) else None} for k, g in enumerate(gatherings)
    ]
    can_manage = can_in_process(request.user, network.process, Capability.MANAGE_PROCESS)
    forms: dict[str, BaseForm] = {}
    if can_manage:
        forms = {
            "gathering_form": GatheringForm(prefix="gathering", initial={"number": len(gatherings) + 1}),
            "team_form": TeamForm(prefix="team", network=network),
            "measure_form": MeasureForm(prefix="measure"),
        }
        forms.update(bound)
    context = {
        "network": network,
        "organisation": network.process.organisation,
        "periods": periods,
        "teams": teams_of(network),
        "shared_measures": network.shared_measures.all(),
        "can_manage": can_manage,
        **forms,
    }
    return render(request, "improvement/network.html", context, status=status)


@login_required
@require_safe
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    network = get_network_for_user(request.user, network_id)
    use_organisation_language(request, network.process.organisation)
    return _network_page(request, network)


@login_required
@require_POST
def network_start(request: HttpRequest, process_id: int) -> HttpResponse:
    """Run a process as a learning network: teams, projects and shared measures."""
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    try:
        network = services.network_create(actor=staff_user(request), process=process)
    except ValidationError:
        network = Network.objects.get(process=process)  # already running: go there
    return redirect("improvement:network", network_id=network.pk)


@login_required
@require_POST
def gathering_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = get_network_for_user(request.user, network_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, network.process.organisation)
    form = GatheringForm(request.POST, prefix="gathering", instance=Gathering(network=network))
    if form.is_valid():
        try:
            services.gathering_create(actor=staff_user(request), network=network, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The gathering was added."))
            return redirect("improvement:network", network_id=network.pk)
    return _network_page(request, network, status=400, gathering_form=form)


@login_required
@require_POST
def team_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = get_network_for_user(request.user, network_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, network.process.organisation)
    form = TeamForm(request.POST, prefix="team", network=network)
    if form.is_valid():
        try:
            team = services.team_create(actor=staff_user(request), network=network, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The team was added."))
            return redirect("improvement:team", team_id=team.pk)
    return _network_page(request, network, status=400, team_form=form)


@login_required
@require_POST
def shared_measure_add(request: HttpRequest, network_id: int) -> HttpResponse:
    network = get_network_for_user(request.user, network_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, network.process.organisation)
    form = MeasureForm(request.POST, prefix="measure")
    if form.is_valid():
        try:
            services.measure_create(actor=staff_user(request), network=network, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The shared measure was added. Teams can now take it up."))
            return redirect("improvement:network", network_id=network.pk)
    return _network_page(request, network, status=400, measure_form=form)


@login_required
@require_safe
def network_charts(request: HttpRequest, network_id: int) -> HttpResponse:
    """Small multiples: each shared measure across the municipalities, and the teams'
    progress scores side by side."""
    network = get_network_for_user(request.user, network_id)
    use_organisation_language(request, network.process.organisation)
    multiples = network_small_multiples(network)
    sections = [
        {
            "measure": group.measure,
            "charts": [
                {
                    "team": team,
                    "chart": chart,
                    "svg": chart_svg(chart, small=True, svg_id=f"m{chart.measure.pk}"),
                    "status": chart_status(chart),
                }
                for team, chart in group.charts
            ],
        }
        for group in multiples
    ]
    context = {
        "network": network,
        "organisation": network.process.organisation,
        "sections": sections,
        "teams": teams_of(network),
    }
    return render(request, "improvement/network_charts.html", context)


def chart_status(chart: MeasureChart) -> str:
    """One line under a small chart: points, signal, what the target looks like, and
    whether the measure is monitored in operations."""
    if chart.result is None:
        return _("Too few observations for a chart.")
    count = len(chart.observations)
    bits = [ngettext("%(count)d point", "%(count)d points", count) % {"count": count}]
    if not chart.has_signal:
        bits.append(_("no signal"))
    elif chart.variation.startswith("improvement"):
        bits.append(_("signal: improvement"))
    elif chart.variation.startswith("concern"):
        bits.append(_("signal: concern"))
    else:
        bits.append(_("signal"))
    if chart.phase_change:
        bits.append(_("new level: %(change)s") % {"change": CHANGE_TEXT[chart.phase_change]})
    if chart.assurance:
        bits.append(str(ASSURANCE_SHORT[chart.assurance]))
    if chart.measure.in_operations_since:
        bits.append(_("in operations"))
    return " · ".join(bits)


ASSURANCE_SHORT = {
    "consistent_pass": gettext_lazy("will meet the target"),
    "consistent_fail": gettext_lazy("will not meet the target"),
    "inconsistent": gettext_lazy("may or may not meet the target"),
}


# Team and project --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    use_organisation_language(request, team.organisation)
    can_edit = can_edit_team(request.user, team)
    form = ProjectForm(request.POST or None, prefix="project") if can_edit else None
    if request.method == "POST":
        team = get_team_for_user(request.user, team_id, edit=True)
        assert form is not None
        if form.is_valid():
            try:
                project = services.project_create(actor=staff_user(request), team=team, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The project was created."))
                return redirect("improvement:project", project_id=project.pk)
    return _team_page(request, team, form, can_edit)


def _team_page(
    request: HttpRequest,
    team: Team,
    form: BaseForm | None,
    can_edit: bool,
    member_form: BaseForm | None = None,
) -> HttpResponse:
    if can_edit and member_form is None:
        member_form = TeamMemberForm(prefix="member")
    context = {
        "team": team,
        "network": team.network,
        "organisation": team.organisation,
        "members": team.members.select_related("user"),
        "projects": team.projects.prefetch_related("progress_scores"),
        "form": form,
        "member_form": member_form if can_edit else None,
        "can_edit": can_edit,
    }
    errors = (form is not None and form.errors) or (member_form is not None and member_form.errors)
    return render(request, "improvement/team.html", context, status=400 if errors else 200)


@login_required
@require_POST
def team_member_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, edit=True)
    use_organisation_language(request, team.organisation)
    form = TeamMemberForm(request.POST, prefix="member")
    if form.is_valid():
        services.team_member_add(
            actor=staff_user(request),
            team=team,
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            user=form.cleaned_data["email"],
        )
        messages.success(request, _("%(name)s was added to the team.") % {"name": form.cleaned_data["name"]})
        return redirect("improvement:team", team_id=team.pk)
    return _team_page(request, team, ProjectForm(prefix="project"), True, member_form=form)


def _project_page(request: HttpRequest, project: Project, status: int = 200, **bound: BaseForm) -> HttpResponse:
    can_edit = can_edit_team(request.user, project.team)
    drivers = list(project.drivers.all())
    ideas = list(project.change_ideas.all())
    primary = [d for d in drivers if d.parent_id is None]
    tree = [
        {
            "driver": p,
            "ideas": [i for i in ideas if i.driver_id == p.pk],
            "children": [
                {"driver": s, "ideas": [i for i in ideas if i.driver_id == s.pk]}
                for s in drivers
                if s.parent_id == p.pk
            ],
        }
        for p in primary
    ]
    loose_ideas = [i for i in ideas if i.driver_id is None]
    cycles = list(project.pdsa_cycles.select_related("change_idea", "previous"))
    charts = []
    for measure in project.measures.all():
        chart = measure_chart(measure)
        charts.append(
            {
                "measure": measure,
                "chart": chart,
                "svg": chart_svg(chart, small=True, svg_id=f"m{measure.pk}"),
                "status": chart_status(chart),
            }
        )
    forms: dict[str, BaseForm | None] = {
        "progress_form": ProgressScoreForm(
            prefix="progress", initial={"score": str(latest.score)} if (latest := project.latest_progress) else None
        ),
        "driver_form": DriverForm(prefix="driver", project=project),
        "idea_form": ChangeIdeaForm(prefix="idea", project=project),
    }
    forms.update(bound)
    context = {
        "project": project,
        "team": project.team,
        "network": project.team.network,
        "organisation": project.team.organisation,
        "phases": ProjectPhase.choices,
        "scores": list(project.progress_scores.all()),
        "tree": tree,
        "loose_ideas": loose_ideas,
        "diagram": driver_diagram_svg(project, tree, loose_ideas) if drivers or ideas else "",
        "chains": _chains(cycles),
        "charts": charts,
        "can_edit": can_edit,
        **(forms if can_edit else {}),
    }
    return render(request, "improvement/project.html", context, status=status)


def _chains(cycles: list[PdsaCycle]) -> list[list[PdsaCycle]]:
    """PDSA cycles grouped into chains, each from its first small test to its latest ramp."""
    ids = {c.pk for c in cycles}
    children: dict[int | None, list[PdsaCycle]] = {}
    for c in cycles:
        key = c.previous_id if c.previous_id in ids else None
        children.setdefault(key, []).append(c)
    chains: list[list[PdsaCycle]] = []

    def walk(cycle: PdsaCycle, chain: list[PdsaCycle]) -> None:
        chain.append(cycle)
        for child in children.get(cycle.pk, []):
            walk(child, chain)

    for root in children.get(None, []):
        chain: list[PdsaCycle] = []
        walk(root, chain)
        chains.append(chain)
    return chains


@login_required
@require_safe
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    use_organisation_language(request, project.team.organisation)
    return _project_page(request, project)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, edit=True)
    use_organisation_language(request, project.team.organisation)
    form = ProjectForm(request.POST or None, instance=project, prefix="project")
    if request.method == "POST" and form.is_valid():
        services.project_update(actor=staff_user(request), project=form.instance, changed=form.changed_data)
        messages.success(request, _("The project was saved."))
        return redirect("improvement:project", project_id=project.pk)
    context = {"project": project, "team": project.team, "organisation": project.team.organisation, "form": form}
    return render(request, "improvement/project_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def project_progress(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, edit=True)
    use_organisation_language(request, project.team.organisation)
    form = ProgressScoreForm(request.POST, prefix="progress")
    if form.is_valid():
        services.progress_score_record(
            actor=staff_user(request),
            project=project,
            score=Decimal(form.cleaned_data["score"]),
            recorded_on=form.cleaned_data["recorded_on"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The progress score was recorded."))
        return redirect("improvement:project", project_id=project.pk)
    return _project_page(request, project, status=400, progress_form=form)


@login_required
@require_POST
def project_driver_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, edit=True)
    use_organisation_language(request, project.team.organisation)
    form = DriverForm(request.POST, prefix="driver", project=project)
    if form.is_valid():
        try:
            services.driver_add(
                actor=staff_user(request),
                project=project,
                text=form.cleaned_data["text"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The driver was added."))
            return redirect("improvement:project", project_id=project.pk)
    return _project_page(request, project, status=400, driver_form=form)


@login_required
@require_POST
def project_change_idea_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, edit=True)
    use_organisation_language(request, project.team.organisation)
    form = ChangeIdeaForm(request.POST, prefix="idea", project=project)
    if form.is_valid():
        try:
            services.change_idea_add(
                actor=staff_user(request),
                project=project,
                text=form.cleaned_data["text"],
                driver=form.cleaned_data["driver"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The change idea was added."))
            return redirect("improvement:project", project_id=project.pk)
    return _project_page(request, project, status=400, idea_form=form)


# PDSA --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pdsa_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, edit=True)
    use_organisation_language(request, project.team.organisation)
    initial: dict[str, Any] = {}
    if (previous := request.GET.get("after", "")).isdigit():
        initial["previous"] = project.pdsa_cycles.filter(pk=int(previous)).first()
    form = PdsaForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "measures"}
        try:
            cycle = services.pdsa_create(
                actor=staff_user(request), project=project, measures=list(form.cleaned_data["measures"]), **fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The PDSA cycle was saved."))
            return redirect("improvement:pdsa", cycle_id=cycle.pk)
    context = {"project": project, "team": project.team, "organisation": project.team.organisation, "form": form}
    return render(request, "improvement/pdsa_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pdsa_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_pdsa_for_user(request.user, cycle_id)
    project = cycle.project
    use_organisation_language(request, project.team.organisation)
    can_edit = can_edit_team(request.user, project.team)
    form = PdsaForm(request.POST or None, instance=cycle, project=project) if can_edit else None
    if request.method == "POST":
        cycle = get_pdsa_for_user(request.user, cycle_id, edit=True)
        assert form is not None
        if form.is_valid():
            try:
                services.pdsa_update(
                    actor=staff_user(request),
                    cycle=form.instance,
                    changed=form.changed_data,
                    measures=list(form.cleaned_data["measures"]),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The PDSA cycle was saved."))
                return redirect("improvement:pdsa", cycle_id=cycle.pk)
    context = {
        "cycle": cycle,
        "project": project,
        "team": project.team,
        "organisation": project.team.organisation,
        "next_cycles": cycle.next_cycles.all(),
        "measures": cycle.measures.all(),
        "form": form,
        "can_edit": can_edit,
    }
    return render(request, "improvement/pdsa.html", context, status=400 if form is not None and form.errors else 200)


# Measures ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def measure_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, edit=True)
    use_organisation_language(request, project.team.organisation)
    adopting = request.method == "POST" and "adopt" in request.POST
    form = MeasureForm(None if adopting else request.POST or None, prefix="measure")
    adopt_form = AdoptMeasureForm(request.POST if adopting else None, prefix="adopt", project=project)
    if request.method == "POST":
        active = adopt_form if adopting else form
        if active.is_valid():
            try:
                if adopting:
                    measure = services.measure_adopt(
                        actor=staff_user(request), project=project, shared=adopt_form.cleaned_data["shared"]
                    )
                else:
                    measure = services.measure_create(actor=staff_user(request), project=project, **form.cleaned_data)
            except ValidationError as exc:
                active.add_error(None, exc)
            else:
                messages.success(request, _("The measure was added."))
                return redirect("improvement:measure", measure_id=measure.pk)
    context = {
        "project": project,
        "team": project.team,
        "organisation": project.team.organisation,
        "form": form,
        "adopt_form": adopt_form if adopt_form.fields["shared"].queryset.exists() else None,  # type: ignore[attr-defined]
    }
    status = 400 if form.errors or adopt_form.errors else 200
    return render(request, "improvement/measure_form.html", context, status=status)


ADVICE_TEXT = {
    "few_points": gettext_lazy(
        "Start with a run chart: with fewer than 12 points, control limits are not yet reliable."
    ),
    "measurement": gettext_lazy("One measured value per period: an I chart (XmR) once there are 12 points or more."),
    "proportion": gettext_lazy("A share with its denominator: a P chart."),
    "proportion_large_n": gettext_lazy(
        "A share with large denominators: a P′ chart (Laney), since ordinary P limits would be too narrow."
    ),
    "rate": gettext_lazy("A rate with its exposure: a U chart."),
    "rate_large_n": gettext_lazy(
        "A rate with large exposures: a U′ chart (Laney), since ordinary U limits would be too narrow."
    ),
    "count": gettext_lazy("Counts of events with the same opportunity each period: a C chart."),
    "cases_between": gettext_lazy("Rare events counted as cases between them: a G chart."),
    "days_between": gettext_lazy("Rare events timed as days between them: a T chart."),
}

VARIATION_TEXT = {
    "common_cause": gettext_lazy("Common-cause variation: no signal."),
    "improvement_high": gettext_lazy("Special cause: improvement (higher)."),
    "improvement_low": gettext_lazy("Special cause: improvement (lower)."),
    "concern_high": gettext_lazy("Special cause: concern (higher)."),
    "concern_low": gettext_lazy("Special cause: concern (lower)."),
    "neutral_high": gettext_lazy("Special cause: higher."),
    "neutral_low": gettext_lazy("Special cause: lower."),
}

ASSURANCE_TEXT = {
    "consistent_pass": gettext_lazy("The process will meet the target as it runs now."),
    "consistent_fail": gettext_lazy("The process will not meet the target unless it changes."),
    "inconsistent": gettext_lazy("The process will sometimes meet the target and sometimes not."),
}

PROBLEM_TEXT = {
    "no_data": gettext_lazy("No observations yet. Add them one by one or upload a CSV file."),
    "too_few": gettext_lazy("Add at least two observations to draw the chart."),
    "baseline_before_phase": gettext_lazy(
        "The baseline lies before the last phase, so it is not used. Remove it or set one inside the last phase."
    ),
    "wrong_chart": gettext_lazy("This chart needs a denominator for every point."),
    "engine": gettext_lazy("The chart cannot be computed from these observations."),
}


def _measure_page(request: HttpRequest, measure: Measure, status: int = 200, **bound: BaseForm) -> HttpResponse:
    chart = measure_chart(measure)
    project = measure.project
    network = network_of(measure)
    if project is not None:
        can_edit = can_edit_team(request.user, project.team)
    else:
        can_edit = can_in_process(request.user, network.process, Capability.MANAGE_PROCESS)
    forms: dict[str, BaseForm] = {}
    if can_edit and project is not None:
        forms = {
            "observation_form": ObservationForm(prefix="obs", measure=measure),
            "break_form": ChartBreakForm(prefix="break", measure=measure),
            "annotation_form": AnnotationForm(prefix="note"),
            "settings_form": ChartSettingsForm(instance=measure, prefix="settings"),
        }
        forms.update(bound)
    context = {
        "measure": measure,
        "project": project,
        "team": project.team if project else None,
        "network": network,
        "organisation": project.team.organisation if project else network.process.organisation,
        "chart": chart,
        "svg": chart_svg(chart, svg_id="chart"),
        "rows": chart.rows(),
        "advice_text": ADVICE_TEXT[chart.advice.reason],
        "problem_text": PROBLEM_TEXT.get(chart.problem, ""),
        "summary": _summary(chart),
        "variation": (chart.variation, VARIATION_TEXT[chart.variation]),
        "assurance": (chart.assurance, ASSURANCE_TEXT[chart.assurance]) if chart.assurance else None,
        "breaks": list(measure.breaks.select_related("pdsa")),
        "annotations": [m for m in chart.markers if m.kind == "annotation"],
        "pdsa_markers": [m for m in chart.markers if m.kind == "pdsa"],
        "can_edit": can_edit and project is not None,
        **forms,
    }
    return render(request, "improvement/measure.html", context, status=status)


CHANGE_TEXT = {
    "improvement": gettext_lazy("an improvement"),
    "deterioration": gettext_lazy("a deterioration"),
    "higher": gettext_lazy("higher"),
    "lower": gettext_lazy("lower"),
}


def _summary(chart: MeasureChart) -> list[str]:
    """Plain-language findings, one sentence each, by the chart's own rule set."""
    result = chart.result
    if result is None:
        return []
    lines: list[str] = []
    several = len(result.parts) > 1

    def said(part_number: int, text: str) -> str:
        text = text[:1].upper() + text[1:]
        return _("Phase %(part)d: %(finding)s") % {"part": part_number, "finding": text} if several else text

    if result.mdc is not None:
        causes = [c for c in result.mdc.special_cause_type if c != "common_cause"]
        shifts = sum(c.startswith("shift") for c in causes)
        trends = sum(c.startswith("trend") for c in causes)
        near = sum(c.startswith("two_in_three") for c in causes)
        if shifts:
            lines.append(
                ngettext(
                    "%(n)d point is part of a run of 7 or more on one side of the mean.",
                    "%(n)d points are part of a run of 7 or more on one side of the mean.",
                    shifts,
                )
                % {"n": shifts}
            )
        if trends:
            lines.append(
                ngettext(
                    "%(n)d point is part of 7 or more rising or falling in a row.",
                    "%(n)d points are part of 7 or more rising or falling in a row.",
                    trends,
                )
                % {"n": trends}
            )
        if near:
            lines.append(
                ngettext(
                    "%(n)d point is one of two out of three close to a process limit.",
                    "%(n)d points are two out of three close to a process limit.",
                    near,
                )
                % {"n": near}
            )
    for part in result.parts:
        if result.mdc is None:
            if (
                part.longest_run is not None
                and part.longest_run_max is not None
                and part.longest_run > part.longest_run_max
            ):
                lines.append(
                    said(
                        part.part,
                        _("a run of %(run)d points on one side of the centre line (more than %(max)d): a shift.")
                        % {"run": part.longest_run, "max": part.longest_run_max},
                    )
                )
            if (
                part.n_crossings is not None
                and part.n_crossings_min is not None
                and part.n_crossings < part.n_crossings_min
            ):
                lines.append(
                    said(
                        part.part,
                        ngettext(
                            "the line crosses the centre line only %(n)d time (fewer than %(min)d): "
                            "the process has changed.",
                            "the line crosses the centre line only %(n)d times (fewer than %(min)d): "
                            "the process has changed.",
                            part.n_crossings,
                        )
                        % {"n": part.n_crossings, "min": part.n_crossings_min},
                    )
                )
        if part.trial_limits and chart.chart != "run":
            lines.append(said(part.part, _("limits from only %(n)d points are trial limits.") % {"n": part.n_baseline}))
    for part_number, old, new, change in chart.phase_changes():
        lines.append(
            _("Phase %(part)d's centre line is %(new)s, against %(old)s before: %(change)s.")
            % {
                "part": part_number,
                "new": number_format(new, 1),
                "old": number_format(old, 1),
                "change": CHANGE_TEXT[change],
            }
        )
    outside = int(result.sigma_signal.sum())
    if outside:
        lines.append(
            ngettext(
                "%(n)d point lies outside the control limits.", "%(n)d points lie outside the control limits.", outside
            )
            % {"n": outside}
        )
    if not lines:
        lines.append(_("Only common-cause variation: no signals of change."))
    return lines


@login_required
@require_safe
def measure_detail(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, measure_id)
    organisation = measure.project.team.organisation if measure.project else network_of(measure).process.organisation
    use_organisation_language(request, organisation)
    return _measure_page(request, measure)


def _team_measure(request: HttpRequest, measure_id: int) -> Measure | None:
    """The measure a POST changes (403/404 inside), in its organisation's language; None for
    a network's shared definition, which holds no observations or chart settings of its own."""
    measure = get_measure_for_user(request.user, measure_id, edit=True)
    if measure.project is None:
        return None
    use_organisation_language(request, measure.project.team.organisation)
    return measure


@login_required
@require_POST
def measure_settings(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = _team_measure(request, measure_id)
    if measure is None:
        return redirect("improvement:measure", measure_id=measure_id)
    form = ChartSettingsForm(request.POST, instance=measure, prefix="settings")
    if form.is_valid():
        try:
            services.measure_update(actor=staff_user(request), measure=form.instance, changed=form.changed_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The chart settings were saved."))
            return redirect("improvement:measure", measure_id=measure.pk)
    measure.refresh_from_db()
    return _measure_page(request, measure, status=400, settings_form=form)


@login_required
@require_POST
def observation_add(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = _team_measure(request, measure_id)
    if measure is None:
        return redirect("improvement:measure", measure_id=measure_id)
    form = ObservationForm(request.POST, prefix="obs", measure=measure)
    if form.is_valid():
        try:
            services.observation_record(actor=staff_user(request), measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)  # field errors go next to their fields
        else:
            messages.success(request, _("The observation was saved."))
            return redirect("improvement:measure", measure_id=measure.pk)
    return _measure_page(request, measure, status=400, observation_form=form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def observations_upload(request: HttpRequest, measure_id: int) -> HttpResponse:
    """Upload a CSV: first a preview with every row checked, then save all or nothing."""
    measure = _team_measure(request, measure_id)
    if measure is None:
        return redirect("improvement:measure", measure_id=measure_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    parsed = None
    token = ""
    status = 200
    if request.method == "POST" and "confirm" in request.POST:
        try:
            payload = signing.loads(request.POST.get("rows", ""), salt=UPLOAD_SALT, max_age=3600)
            if payload["measure"] != measure.pk:
                raise signing.BadSignature
            rows = [ParsedRow(r[0], dt.date.fromisoformat(r[1]), r[2], r[3]) for r in payload["rows"]]
        except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError):
            messages.error(request, _("The preview has expired or was changed. Upload the file again."))
            return redirect("improvement:observations_upload", measure_id=measure.pk)
        try:
            created, updated = services.observations_import(actor=staff_user(request), measure=measure, rows=rows)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("improvement:observations_upload", measure_id=measure.pk)
        messages.success(
            request,
            _("Saved: %(created)d new observations, %(updated)d updated.") % {"created": created, "updated": updated},
        )
        return redirect("improvement:measure", measure_id=measure.pk)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            parsed = parse_observations(
                upload.read(),
                needs_denominator=measure.has_denominator,
                is_proportion=measure.value_kind == ValueKind.PROPORTION,
            )
            if parsed.ok:
                token = signing.dumps(
                    {
                        "measure": measure.pk,
                        "rows": [[r.line, r.period.isoformat(), r.value, r.denominator] for r in parsed.rows],
                    },
                    salt=UPLOAD_SALT,
                    compress=True,
                )
            else:
                status = 400
        else:
            status = 400
    existing = set(measure.observations.values_list("period", flat=True)) if parsed else set()
    project = measure.project
    assert project is not None  # _team_measure returns team measures only
    context = {
        "measure": measure,
        "project": project,
        "team": project.team,
        "organisation": project.team.organisation,
        "form": form,
        "parsed": parsed,
        "token": token,
        "replaced": sum(r.period in existing for r in parsed.rows) if parsed else 0,
        "existing": existing,
    }
    return render(request, "improvement/upload.html", context, status=status)


@login_required
@require_POST
def chart_break_add(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = _team_measure(request, measure_id)
    if measure is None:
        return redirect("improvement:measure", measure_id=measure_id)
    form = ChartBreakForm(request.POST, prefix="break", measure=measure)
    if form.is_valid():
        try:
            services.chart_break_add(actor=staff_user(request), measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)  # field errors go next to their fields
        else:
            messages.success(request, _("The chart was recalculated."))
            return redirect("improvement:measure", measure_id=measure.pk)
    return _measure_page(request, measure, status=400, break_form=form)


@login_required
@require_POST
def chart_break_remove(request: HttpRequest, measure_id: int, break_id: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, measure_id, edit=True)
    chart_break = get_object_or_404(ChartBreak, pk=break_id, measure=measure)
    services.chart_break_remove(actor=staff_user(request), chart_break=chart_break)
    messages.success(request, _("Removed. The chart was recalculated."))
    return redirect("improvement:measure", measure_id=measure.pk)


@login_required
@require_POST
def annotation_add(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = _team_measure(request, measure_id)
    if measure is None:
        return redirect("improvement:measure", measure_id=measure_id)
    form = AnnotationForm(request.POST, prefix="note")
    if form.is_valid():
        services.annotation_add(actor=staff_user(request), measure=measure, **form.cleaned_data)
        messages.success(request, _("The note was added to the chart."))
        return redirect("improvement:measure", measure_id=measure.pk)
    return _measure_page(request, measure, status=400, annotation_form=form)


@login_required
@require_POST
def measure_to_operations(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = get_measure_for_user(request.user, measure_id, edit=True)
    try:
        services.measure_move_to_operations(actor=staff_user(request), measure=measure)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The measure is now monitored in operations, with limits frozen at the latest observation.")
        )
    return redirect("improvement:measure", measure_id=measure.pk)
