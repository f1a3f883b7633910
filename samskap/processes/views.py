from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskap.core.forms import form_errors_text
from samskap.core.http import staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.permissions import Capability, can_in_organisation, can_in_process
from samskap.core.selectors import get_organisation_for_user
from samskap.improvement.models import Measure
from samskap.processes import services
from samskap.processes.forms import (
    ActivityForm,
    BenefitForm,
    ChallengeVersionForm,
    DecisionForm,
    EvidenceForm,
    GroupForm,
    MaterialForm,
    MeetingForm,
    MemberForm,
    PhaseMoveForm,
    PhaseTemplateForm,
    ProcessForm,
    PublicPageForm,
    StakeholderForm,
)
from samskap.processes.links import describe, link_choices, resolve_link
from samskap.processes.models import Activity, EvidenceLink, GroupMember, Material, Meeting, Process
from samskap.processes.selectors import (
    challenge_diff,
    challenge_version_items,
    challenge_versions,
    get_challenge_item_for_user,
    get_phase_template,
    get_process_for_user,
    get_public_process,
    governance_groups,
    participation_totals,
    people_with_roles,
    phase_history,
    phase_templates_for,
    phases_with_activities,
    stakeholder_grid,
)

# --- Processes ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def process_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_PROCESS)
    use_organisation_language(request, organisation)
    form = ProcessForm(request.POST if request.method == "POST" else None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            process = services.process_create(
                actor=staff_user(request),
                organisation=organisation,
                partners=list(data["partners"]),
                template=data["template"],
                title=data["title"],
                kind=data["kind"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The process was created."))
            return redirect("processes:detail", process_id=process.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "processes/process_form.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    use_organisation_language(request, process.organisation)
    can_manage = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    phases = phases_with_activities(process)
    activity_links = {a.pk: describe(a.target) for phase in phases for a in phase.activities.all()}
    versions = challenge_versions(process)
    context = {
        "process": process,
        "organisation": process.organisation,
        "phases": phases,
        "activity_links": activity_links,
        "history": phase_history(process),
        "totals": participation_totals(process),
        "latest_version": versions[-1] if versions else None,
        "can_manage": can_manage,
        "can_run_events": can_in_process(request.user, process, Capability.RUN_EVENT),
        "move_form": PhaseMoveForm(process=process) if can_manage and phases else None,
        "events": process.events.order_by("starts_at"),
        "opinion_maps": process.opinion_maps.order_by("created_at"),
        "network": getattr(process, "network", None),
        "idea_count": process.ideas.count(),
    }
    return render(request, "processes/process_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def process_edit(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    initial = {
        "title": process.title,
        "kind": process.kind,
        "summary": process.summary,
        "partners": list(process.partners.all()),
    }
    form = ProcessForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisation=process.organisation,
        user=request.user,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.process_update(
                actor=staff_user(request),
                process=process,
                title=data["title"],
                kind=data["kind"],
                summary=data["summary"],
                partners=list(data["partners"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The process was saved."))
            return redirect("processes:detail", process_id=process.pk)
    context = {"form": form, "organisation": process.organisation, "process": process}
    return render(request, "processes/process_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def process_phase_move_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    form = PhaseMoveForm(request.POST, process=process)
    if form.is_valid():
        phase = process.phases.get(pk=form.cleaned_data["phase"])
        try:
            services.process_phase_move(
                actor=staff_user(request), process=process, phase=phase, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The process moved to another phase."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("processes:detail", process_id=process.pk)


# --- Activities -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    form = ActivityForm(request.POST if request.method == "POST" else None, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = resolve_link(process, data["link"]) if data["link"] else None
        if data["link"] and target is None:
            form.add_error("link", _("Choose something in this process."))
        else:
            try:
                services.activity_add(
                    actor=staff_user(request),
                    phase=process.phases.get(pk=data["phase"]),
                    title=data["title"],
                    kind=data["kind"],
                    influence_level=data["influence_level"],
                    happened_on=data["happened_on"],
                    target=target,
                    counts=form.counts(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The activity was added."))
                return redirect("processes:detail", process_id=process.pk)
    context = {"form": form, "organisation": process.organisation, "process": process}
    return render(request, "processes/activity_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def activity_remove_view(request: HttpRequest, process_id: int, activity_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    activity = Activity.objects.filter(pk=activity_id, phase__process=process).select_related("phase").first()
    if activity is not None:
        services.activity_remove(actor=staff_user(request), activity=activity)
        messages.success(request, _("The activity was removed."))
    return redirect("processes:detail", process_id=process.pk)


# --- The public page ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def process_public_settings(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    initial = {
        "is_published": process.is_published,
        "how_to_take_part": process.how_to_take_part,
        "results_so_far": process.results_so_far,
    }
    form = PublicPageForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.process_public_update(actor=staff_user(request), process=process, **form.cleaned_data)
        messages.success(
            request,
            _("The public page is published.") if process.is_published else _("The public page is not published."),
        )
        return redirect("processes:public_settings", process_id=process.pk)
    context = {
        "form": form,
        "material_form": MaterialForm(),
        "materials": process.materials.all(),
        "organisation": process.organisation,
        "process": process,
    }
    return render(request, "processes/public_settings.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def material_add_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    form = MaterialForm(request.POST)
    if form.is_valid():
        try:
            services.material_add(actor=staff_user(request), process=process, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The material was added."))
            return redirect("processes:public_settings", process_id=process.pk)
    context = {
        "form": PublicPageForm(
            initial={
                "is_published": process.is_published,
                "how_to_take_part": process.how_to_take_part,
                "results_so_far": process.results_so_far,
            }
        ),
        "material_form": form,
        "materials": process.materials.all(),
        "organisation": process.organisation,
        "process": process,
    }
    return render(request, "processes/public_settings.html", context, status=400)


@login_required
@require_POST
def material_remove_view(request: HttpRequest, process_id: int, material_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    material = Material.objects.filter(pk=material_id, process=process).first()
    if material is not None:
        services.material_remove(actor=staff_user(request), material=material)
        messages.success(request, _("The material was removed."))
    return redirect("processes:public_settings", process_id=process.pk)


@require_safe
def public_process(request: HttpRequest, process_id: int) -> HttpResponse:
    """What the process is about, where it stands, how to take part: no personal data,
    counts of people only in aggregate with small numbers folded."""
    process = get_public_process(request.user, process_id)
    use_organisation_language(request, process.organisation)
    versions = challenge_versions(process)
    context = {
        "process": process,
        "organisation": process.organisation,
        "phases": list(process.phases.all()),
        "materials": process.materials.all(),
        "totals": participation_totals(process),
        "latest_items": challenge_version_items(versions[-1]) if versions else [],
        "latest_version": versions[-1] if versions else None,
    }
    return render(request, "processes/public.html", context)


# --- The challenge picture ------------------------------------------------------------------


@login_required
@require_safe
def challenge_picture(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    use_organisation_language(request, process.organisation)
    versions = challenge_versions(process)
    shown = versions[-1] if versions else None
    requested = request.GET.get("version", "")
    if requested.isdigit():
        shown = next((v for v in versions if v.number == int(requested)), shown)
    items = challenge_version_items(shown) if shown else []
    earlier = next((v for v in versions if shown and v.number == shown.number - 1), None)
    can_manage = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    is_latest = bool(shown and versions and shown.pk == versions[-1].pk)
    evidence_links = {e.pk: describe(e.target) for item in items for e in item.evidence.all()}
    context = {
        "process": process,
        "organisation": process.organisation,
        "versions": versions,
        "shown": shown,
        "items": items,
        "evidence_links": evidence_links,
        "changes": challenge_diff(challenge_version_items(earlier), items) if earlier else None,
        "earlier": earlier,
        "tested_in": describe(shown.tested_in) if shown and shown.tested_in_id else None,
        "can_manage": can_manage,
        "is_latest": is_latest,
        "evidence_form": EvidenceForm(process=process) if can_manage and is_latest else None,
        "evidence_groups": link_choices(process) if can_manage and is_latest else [],
    }
    return render(request, "processes/challenge_picture.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def challenge_version_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    versions = challenge_versions(process)
    earlier = challenge_version_items(versions[-1]) if versions else []
    form = ChallengeVersionForm(request.POST if request.method == "POST" else None, earlier=earlier)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.challenge_picture_version_create(
                actor=staff_user(request),
                process=process,
                items=form.drafts(),
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Version %(number)d of the challenge picture was saved.") % {"number": version.number}
            )
            return redirect("processes:challenge", process_id=process.pk)
    context = {
        "form": form,
        "organisation": process.organisation,
        "process": process,
        "next_number": (versions[-1].number + 1) if versions else 1,
    }
    return render(request, "processes/challenge_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def evidence_add_view(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_challenge_item_for_user(request.user, item_id, Capability.MANAGE_PROCESS)
    process = item.version.process
    use_organisation_language(request, process.organisation)
    form = EvidenceForm(request.POST, process=process)
    target = resolve_link(process, form.data.get("link", "")) if form.is_valid() else None
    if (form.is_valid() and target is None) or "link" in form.errors:
        messages.error(request, _("Choose evidence from this process."))
    elif target is None:
        messages.error(request, form_errors_text(form))
    else:
        try:
            services.evidence_link_add(
                actor=staff_user(request), item=item, target=target, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The evidence was linked."))
    return redirect("processes:challenge", process_id=process.pk)


@login_required
@require_POST
def evidence_remove_view(request: HttpRequest, evidence_id: int) -> HttpResponse:
    link = EvidenceLink.objects.select_related("item__version__process").filter(pk=evidence_id).first()
    item = get_challenge_item_for_user(request.user, link.item_id if link else 0, Capability.MANAGE_PROCESS)
    assert link is not None
    use_organisation_language(request, item.version.process.organisation)
    try:
        services.evidence_link_remove(actor=staff_user(request), link=link)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The evidence link was removed."))
    return redirect("processes:challenge", process_id=item.version.process_id)


@login_required
@require_POST
def challenge_test_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    versions = challenge_versions(process)
    if not versions:
        messages.error(request, _("Write the challenge picture first."))
        return redirect("processes:challenge", process_id=process.pk)
    try:
        opinion_map = services.challenge_picture_test_in_opinion_map(
            actor=staff_user(request), version=versions[-1], language=(get_language() or "nb")[:2]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("processes:challenge", process_id=process.pk)
    messages.success(request, _("An opinion map with the challenge picture's items is ready."))
    return redirect("opinions:console", map_id=opinion_map.pk)


# --- Phase templates ------------------------------------------------------------------------


@login_required
@require_safe
def phase_templates(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    context = {
        "organisation": organisation,
        "templates": phase_templates_for(organisation),
        "can_manage": can_in_organisation(request.user, organisation, Capability.MANAGE_PROCESS),
    }
    return render(request, "processes/phase_templates.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def phase_template_edit(request: HttpRequest, slug: str, template_id: int | None = None) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_PROCESS)
    use_organisation_language(request, organisation)
    template = get_phase_template(organisation, template_id, own=True) if template_id else None
    initial = PhaseTemplateForm.initial_for(template) if template else None
    form = PhaseTemplateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_template_save(
                actor=staff_user(request),
                organisation=organisation,
                names=form.names(),
                phases=form.phases(),
                template=template,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The phase template was saved."))
            return redirect("processes:phase_templates", slug=organisation.slug)
    context = {"form": form, "organisation": organisation, "template": template}
    return render(request, "processes/phase_template_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def phase_template_copy_view(request: HttpRequest, slug: str, template_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_PROCESS)
    use_organisation_language(request, organisation)
    template = get_phase_template(organisation, template_id)
    copy = services.phase_template_copy(actor=staff_user(request), organisation=organisation, template=template)
    messages.success(request, _("A copy was made. Change it as you need."))
    return redirect("processes:phase_template_edit", slug=organisation.slug, template_id=copy.pk)


# --- Governance -----------------------------------------------------------------------------


def _governance_forms(process: Process, data: QueryDict | None = None, action: str = "") -> dict[str, Any]:
    people = people_with_roles(process)
    return {
        # Six forms on one page: each gets its own id prefix, so labels and error links stay unique.
        "group_form": GroupForm(data if action == "group" else None, auto_id="group-%s"),
        "member_form": MemberForm(
            data if action == "member" else None, process=process, people=people, auto_id="member-%s"
        ),
        "meeting_form": MeetingForm(data if action == "meeting" else None, process=process, auto_id="meeting-%s"),
        "decision_form": DecisionForm(data if action == "decision" else None, process=process, auto_id="decision-%s"),
        "stakeholder_form": StakeholderForm(data if action == "stakeholder" else None, auto_id="stakeholder-%s"),
        "benefit_form": BenefitForm(data if action == "benefit" else None, process=process, auto_id="benefit-%s"),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def process_governance(request: HttpRequest, process_id: int) -> HttpResponse:
    """Steering and working groups with their meetings, the decision log, the stakeholder map
    and the benefits plan. Everyone with a role reads it; those who run the process add to it.
    A POST names its `action`; a form with errors is shown again with them."""
    capability = Capability.MANAGE_PROCESS if request.method == "POST" else Capability.VIEW_PROCESS
    process = get_process_for_user(request.user, process_id, capability)
    use_organisation_language(request, process.organisation)
    can_manage = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms_by_name = _governance_forms(process, request.POST if action else None, action)
    if action:
        try:
            _governance_action(request, process, action, forms_by_name)
        except _FormInvalid:
            pass  # the form shows its own errors
        except ValidationError as exc:
            form = forms_by_name.get(f"{action}_form")
            if form is None:
                messages.error(request, " ".join(exc.messages))
            else:
                form.add_error(None, exc)
        else:
            return redirect(f"{reverse('processes:governance', args=[process.pk])}#{action}")
    context = {
        "process": process,
        "organisation": process.organisation,
        "can_manage": can_manage,
        "groups": governance_groups(process),
        "decisions": process.decisions.select_related("meeting__group", "recorded_by"),
        "stakeholder_grid": stakeholder_grid(process),
        "stakeholders": process.stakeholders.all(),
        "benefits": process.benefits.select_related("measure"),
        "failed": action,
        **(forms_by_name if can_manage else {}),
    }
    return render(request, "processes/governance.html", context, status=400 if action else 200)


class _FormInvalid(Exception):
    """A governance form did not validate; its errors are on the form."""


def _governance_action(request: HttpRequest, process: Process, action: str, forms_by_name: dict[str, Any]) -> None:
    actor = staff_user(request)
    if action == "remove_member":
        raw = request.POST.get("member", "")
        member = GroupMember.objects.filter(pk=int(raw) if raw.isdigit() else 0, group__process=process).first()
        if member is not None:
            services.group_member_remove(actor=actor, member=member)
        return
    if action == "remove_stakeholder":
        raw = request.POST.get("stakeholder", "")
        stakeholder = process.stakeholders.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if stakeholder is not None:
            services.stakeholder_remove(actor=actor, stakeholder=stakeholder)
        return
    form = forms_by_name.get(f"{action}_form")
    if form is None:
        raise ValidationError(_("Unknown action."))
    if not form.is_valid():
        raise _FormInvalid
    data = dict(form.cleaned_data)
    if action == "group":
        services.process_group_create(actor=actor, process=process, **data)
    elif action == "member":
        group = process.groups.get(pk=data.pop("group"))
        services.group_member_add(actor=actor, group=group, **data)
    elif action == "meeting":
        group = process.groups.get(pk=data.pop("group"))
        services.meeting_add(actor=actor, group=group, **data)
    elif action == "decision":
        meeting_id = data.pop("meeting")
        meeting = Meeting.objects.filter(pk=meeting_id, group__process=process).first() if meeting_id else None
        services.decision_record(actor=actor, process=process, meeting=meeting, **data)
    elif action == "stakeholder":
        services.stakeholder_save(actor=actor, process=process, **data)
    elif action == "benefit":
        raw = data.pop("measure")
        measure: Measure | None = None
        if raw:
            found = resolve_link(process, raw)
            if not isinstance(found, Measure):
                raise ValidationError(_("Choose a measure in this process."))
            measure = found
        services.benefit_add(actor=actor, process=process, measure=measure, **data)
    messages.success(request, _("Saved."))
