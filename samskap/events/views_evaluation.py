"""The evaluation after an event: participants answer a few short questions
anonymously (from their phone space or their registration link), the organiser
sees a summary, and the events of a process are compared.

Kept apart from views.py, which is long already; the participant's helpers are
shared with it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samskap.core.http import staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.models import Organisation
from samskap.core.permissions import Capability
from samskap.events import services
from samskap.events.forms import EvaluationForm
from samskap.events.models import Event, RegistrationStatus
from samskap.events.selectors import (
    EVALUATION_MIN_GROUP,
    evaluation_answered,
    evaluation_comparison,
    evaluation_summary,
    get_event_for_user,
    get_registration_by_token,
)
from samskap.events.views import _audit_read, _back, _joined
from samskap.processes.selectors import get_process_for_user


def _answer(
    request: HttpRequest,
    *,
    event: Event,
    organisation: Organisation,
    respondent_id: str,
    role_label: str,
    here: str,
    back: str,
) -> HttpResponse:
    """The answer page, for both ways in. `here` is the page's own address, `back` the
    space the person came from."""
    context = {"event": event, "organisation": organisation, "back": back, "form": None, "answered": False}
    if not event.evaluation_open:
        return render(request, "events/evaluation.html", context, status=404)
    answered = evaluation_answered(event, services.evaluation_respondent_key(event, respondent_id))
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and answered:
        form.full_clean()
        form.add_error(None, _("You have already answered this evaluation. Thank you!"))
    elif form.is_bound and form.is_valid():
        try:
            services.evaluation_submit(
                event=event, respondent_id=respondent_id, role_label=role_label, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you! Your answers were sent."))
            return redirect(here)
    context.update(form=form, answered=answered)
    return render(request, "events/evaluation.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def participant_evaluation(request: HttpRequest, code: str) -> HttpResponse:
    """The evaluation from a participant's phone space (joined by a code)."""
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    join_code, participant, event, _table = joined
    return _answer(
        request,
        event=event,
        organisation=join_code.organisation,
        respondent_id=str(participant.public_id),
        role_label=participant.role_label,
        here=reverse("events:participant_evaluation", args=[join_code.code]),
        back=reverse("events:participant_space", args=[join_code.code]),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def registration_evaluation(request: HttpRequest, token: str) -> HttpResponse:
    """The evaluation from one's registration link (people with a place only)."""
    registration = get_registration_by_token(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    event = registration.event
    use_organisation_language(request, event.process.organisation)
    response = _answer(
        request,
        event=event,
        organisation=event.process.organisation,
        respondent_id=registration.token,
        role_label=registration.role,
        here=reverse("events:registration_evaluation", args=[registration.token]),
        back=reverse("events:registration", args=[registration.token]),
    )
    # The address is the secret: it must not leave for another site.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_evaluation(request: HttpRequest, event_id: int) -> HttpResponse:
    """The organiser's summary of the evaluation, and the switch that opens and closes it."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("open", "close"):
            raise Http404
        services.event_evaluation_open(actor=staff_user(request), event=event, is_open=action == "open")
        if action == "open":
            messages.success(request, _("The evaluation is open. Participants find it in their space."))
        else:
            messages.success(request, _("The evaluation is closed."))
        return _back(request, reverse("events:evaluation", args=[event.pk]))
    _audit_read(request, "event.evaluation.read", event, event)
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "summary": evaluation_summary(event),
        "min_group": EVALUATION_MIN_GROUP,
    }
    return render(request, "events/evaluation_summary.html", context)


@login_required
@require_safe
def process_evaluations(request: HttpRequest, process_id: int) -> HttpResponse:
    """The evaluations of a process's events side by side."""
    process = get_process_for_user(request.user, process_id, Capability.RUN_EVENT)
    use_organisation_language(request, process.organisation)
    context = {
        "process": process,
        "organisation": process.organisation,
        "rows": evaluation_comparison(process),
        "min_group": EVALUATION_MIN_GROUP,
    }
    return render(request, "events/evaluation_comparison.html", context)
