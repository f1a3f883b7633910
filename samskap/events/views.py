from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samskap.core.audit import audit_record
from samskap.core.i18n import use_organisation_language
from samskap.core.models import User
from samskap.core.participants import joined_participant
from samskap.core.permissions import Capability, can_in_process
from samskap.events.forms import ContributionForm, HostContributionForm
from samskap.events.models import Contribution, DialogueTable, Event
from samskap.events.selectors import contributions_at, get_event_for_user, get_table_for_user, join_codes_for, tables_of
from samskap.events.services import contribution_create
from samskap.opinions.models import OpinionMap


@login_required
@require_safe
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_event_for_user(request.user, event_id)
    use_organisation_language(request, event.process.organisation)
    tables = list(tables_of(event))
    can_run = can_in_process(request.user, event.process, Capability.RUN_EVENT)
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "tables": tables,
        "questions": event.questions.all(),
        "join_codes": join_codes_for(tables) if can_run else {},
        "can_run": can_run,
        "opinion_maps": list(OpinionMap.objects.filter(event=event)),
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def table_host(request: HttpRequest, table_id: int) -> HttpResponse:
    table = get_table_for_user(request.user, table_id)
    assert isinstance(request.user, User)
    use_organisation_language(request, table.event.process.organisation)
    form = HostContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contribution_create(
                table=table,
                text=form.cleaned_data["text"],
                entered_by=request.user,
                role_label=form.cleaned_data["role_label"],
            )
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            messages.success(request, _("The contribution was added."))
            return redirect("events:table_host", table_id=table.pk)
    if request.method != "POST":
        # Contributions may reveal health information: reading them is logged.
        audit_record(
            action="table.contributions.read",
            actor=request.user,
            obj=table,
            organisation_id=table.event.process.organisation_id,
            process_id=table.event.process_id,
        )
    context = {
        "table": table,
        "organisation": table.event.process.organisation,
        "contributions": contributions_at(table),
        "form": form,
    }
    return render(request, "events/table_host.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def participant_space(request: HttpRequest, code: str) -> HttpResponse:
    """What a participant sees after joining: the question and a box to answer."""
    joined = joined_participant(request, code, (Event, DialogueTable))
    if isinstance(joined, HttpResponse):
        return joined
    join_code, participant = joined
    target = join_code.target
    table = target if isinstance(target, DialogueTable) else None
    event = table.event if table else target
    assert isinstance(event, Event)
    form = ContributionForm(request.POST or None) if table else None
    if table and form is not None and request.method == "POST" and form.is_valid():
        try:
            contribution_create(table=table, text=form.cleaned_data["text"], participant=participant)
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            messages.success(request, _("Thank you! Your contribution was sent."))
            return redirect("events:participant_space", code=join_code.code)
    own = Contribution.objects.filter(participant=participant).order_by("-created_at") if table else []
    context = {
        "participant": participant,
        "join_code": join_code,
        "table": table,
        "event": event,
        "organisation": join_code.organisation,
        "form": form,
        "own_contributions": own,
    }
    return render(request, "events/participant_space.html", context, status=400 if form and form.errors else 200)
