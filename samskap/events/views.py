from __future__ import annotations

import uuid
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskap.analysis.themes import suggest_themes
from samskap.core.audit import audit_record
from samskap.core.forms import form_errors_text
from samskap.core.http import csv_download, spreadsheet_safe, staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.models import JoinCode, Participant
from samskap.core.participants import joined_participant
from samskap.core.permissions import Capability, can_in_process
from samskap.core.ratelimit import client_address, ratelimit_hit
from samskap.core.services import join_code_create
from samskap.events import services
from samskap.events.board import (
    LIVE_POLL_SECONDS,
    contribution_sent_html,
    host_cards_html,
    phone_board_html,
    plenary_cards_html,
)
from samskap.events.forms import (
    AddTablesForm,
    AgendaSessionForm,
    CampChallengeForm,
    CheckInForm,
    CoachCheckInForm,
    ContributionForm,
    EventForm,
    EventSettingsForm,
    FormTeamsForm,
    HelpAnswerForm,
    HelpRequestForm,
    HideForm,
    HostContributionForm,
    JuryForm,
    MoveForm,
    RegistrationForm,
    RegistrationSettingsForm,
    RoundForm,
    SummaryForm,
    TableForm,
    TeamCanvasForm,
    ThemeMergeForm,
    ThemeNameForm,
)
from samskap.events.models import (
    CampChallenge,
    CampTeam,
    CampTeamMember,
    Contribution,
    DialogueTable,
    Event,
    HelpRequest,
    RegistrationStatus,
    SeatAssignment,
    Theme,
)
from samskap.events.selectors import (
    HostLive,
    OwnContributions,
    PhoneBoard,
    PhoneSeat,
    TableBoard,
    attendance_by_role,
    board_columns,
    board_event_of,
    camp_jury_rounds,
    camp_teams,
    current_round,
    evaluation_summary,
    event_contributions,
    event_join_code,
    get_camp_team_for_user,
    get_contribution_for_user,
    get_event_for_user,
    get_registration_by_token,
    get_table_for_user,
    get_theme_for_event,
    host_live,
    join_codes_for,
    live_fingerprint,
    open_help_requests,
    own_contributions_of,
    phone_boards,
    plenary_cards,
    registrations_of,
    registrations_without_team,
    seated_table,
    table_boards,
    tables_of,
    team_of_registration,
    themes_with_counts,
)
from samskap.opinions.models import OpinionMap
from samskap.processes.selectors import get_process_for_user, people_with_roles


def _audit_read(request: HttpRequest, action: str, obj: Any, event: Event) -> None:
    """Contributions may reveal health information: reading them in bulk is logged."""
    audit_record(
        action=action,
        actor=staff_user(request),
        obj=obj,
        organisation_id=event.process.organisation_id,
        process_id=event.process_id,
    )


def _unchanged(request: HttpRequest, fingerprint: str) -> bool:
    """A live block asks with the fingerprint it shows; the same one means nothing to redraw."""
    return request.GET.get("v") == fingerprint


def _back(request: HttpRequest, default: str, fragment: str = "") -> HttpResponse:
    """To the page the form was on (`next`, when it is on this site), else to `default`; with
    `fragment`, at that element, where the browser's Tab goes on from."""
    target = request.POST.get("next", "")
    if not (target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
        target = default
    return redirect(f"{target.split('#')[0]}#{fragment}" if fragment else target)


def _round_context(event: Event) -> dict[str, Any]:
    the_round = current_round(event)
    now = timezone.now()
    return {
        "round": the_round,
        "seconds_left": the_round.seconds_left(now) if the_round else 0,
    }


# Setting up -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.RUN_EVENT)
    use_organisation_language(request, process.organisation)
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        questions = data.pop("questions")
        tables = data.pop("tables") or 0
        online_tables = data.pop("online_tables") or 0
        try:
            event = services.event_create_with_tables(
                actor=staff_user(request),
                process=process,
                questions=questions,
                tables=tables,
                online_tables=online_tables,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The event was created."))
            return redirect("events:event_detail", event_id=event.pk)
    context = {"process": process, "organisation": process.organisation, "form": form}
    return render(request, "events/event_new.html", context, status=400 if form.errors else 200)


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
        "event_code": event_join_code(event) if can_run else None,
        "can_run": can_run,
        "opinion_maps": list(OpinionMap.objects.filter(event=event)),
        **_round_context(event),
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agenda(request: HttpRequest, event_id: int) -> HttpResponse:
    """The event's agenda: sessions added one at a time and removed with a button."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    action = request.POST.get("action") if request.method == "POST" else None
    form = AgendaSessionForm(
        request.POST if action == "add" else None,
        initial={"starts_at": timezone.localtime(event.starts_at).replace(tzinfo=None)},
    )
    if action == "add" and form.is_valid():
        try:
            services.agenda_session_add(actor=staff_user(request), event=event, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The session was added to the agenda."))
            return redirect("events:agenda", event_id=event.pk)
    elif action == "remove":
        session = event.agenda.filter(pk=_int(request.POST.get("session"))).first()
        if session is None:
            raise Http404
        services.agenda_session_remove(actor=staff_user(request), session=session)
        messages.success(request, _("The session was removed from the agenda."))
        return redirect("events:agenda", event_id=event.pk)
    elif action not in (None, "add"):
        raise Http404
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "form": form,
        "sessions": list(event.agenda.all()),
    }
    return render(request, "events/agenda.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_setup(request: HttpRequest, event_id: int) -> HttpResponse:
    """How the tables work, which tables there are, and who hosts them."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    hosts = people_with_roles(event.process)
    tables = list(tables_of(event))
    action = request.POST.get("action") if request.method == "POST" else None
    settings_form = EventSettingsForm(request.POST if action == "settings" else None, instance=event, prefix="settings")
    add_form = AddTablesForm(request.POST if action == "add_tables" else None, prefix="add")
    registration_form = RegistrationSettingsForm(
        request.POST if action == "registration" else None, instance=event, prefix="registration"
    )
    table_forms = []
    for table in tables:
        bound = action == "table" and request.POST.get("table") == str(table.pk)
        table_forms.append(
            (
                table,
                TableForm(
                    request.POST if bound else None,
                    hosts=hosts,
                    event=event,
                    prefix=f"table-{table.pk}",
                    initial={
                        "host": table.host_id,
                        "question": table.question_id,
                        "perspective": table.perspective,
                        "is_online": table.is_online,
                    },
                ),
            )
        )
    if request.method == "POST":
        try:
            if action == "settings" and settings_form.is_valid():
                services.event_settings_update(actor=user, event=event, **settings_form.cleaned_data)
                messages.success(request, _("The settings were saved."))
                return redirect("events:setup", event_id=event.pk)
            if action == "registration" and registration_form.is_valid():
                services.event_registration_update(actor=user, event=event, **registration_form.cleaned_data)
                messages.success(request, _("The registration settings were saved."))
                return redirect("events:setup", event_id=event.pk)
            if action == "add_tables" and add_form.is_valid():
                services.dialogue_tables_add(actor=user, event=event, **add_form.cleaned_data)
                messages.success(request, _("The tables were added."))
                return redirect("events:setup", event_id=event.pk)
            if action == "table":
                for table, form in table_forms:
                    if form.is_bound and form.is_valid():
                        services.dialogue_table_update(actor=user, table=table, **form.cleaned_data)
                        messages.success(request, _("Table %(number)d was saved.") % {"number": table.number})
                        return redirect("events:setup", event_id=event.pk)
                if not any(form.is_bound for _table, form in table_forms):
                    raise Http404
            if action == "event_code":
                if event_join_code(event) is None:
                    join_code_create(actor=user, organisation=event.process.organisation, target=event)
                messages.success(request, _("The event has a join code."))
                return redirect("events:setup", event_id=event.pk)
            if action not in ("settings", "add_tables", "table", "registration"):
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "settings_form": settings_form,
        "add_form": add_form,
        "registration_form": registration_form,
        "table_forms": table_forms,
        "join_codes": join_codes_for(tables),
        "event_code": event_join_code(event),
    }
    bound_errors = (
        settings_form.errors or add_form.errors or registration_form.errors or any(f.errors for _t, f in table_forms)
    )
    return render(request, "events/event_setup.html", context, status=400 if bound_errors else 200)


# The facilitator's console ----------------------------------------------------


def _console_live_context(event: Event) -> dict[str, Any]:
    tables = list(tables_of(event))
    return {
        "event": event,
        "tables": tables,
        "total": sum(t.contribution_count for t in tables),  # type: ignore[attr-defined]
        "fingerprint": live_fingerprint(event),
        "poll_seconds": LIVE_POLL_SECONDS,
        **_round_context(event),
    }


@login_required
@require_safe
def console(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    _audit_read(request, "event.contributions.read", event, event)
    show = request.GET.get("show", "visible")
    contributions = list(event_contributions(event, include_hidden=show == "hidden"))
    if show == "hidden":
        contributions = [c for c in contributions if c.hidden_at is not None]
    table_filter = request.GET.get("table", "")
    if table_filter.isdigit():
        contributions = [c for c in contributions if c.table.number == int(table_filter)]
    contributions.reverse()  # newest first: the facilitator watches what just came in
    context = {
        **_console_live_context(event),
        "organisation": event.process.organisation,
        "contributions": contributions,
        "show": show,
        "table_filter": table_filter,
        "round_form": RoundForm(prefix="round"),
        "themes": list(Theme.objects.filter(event=event)),
        "seats": services.seats_overview(event),
        "seats_round": services.seats_round_number(event),
        # Only the unfiltered list can tell that new contributions arrived after it loaded.
        "loaded_count": len(contributions) if show != "hidden" and not table_filter else None,
    }
    return render(request, "events/console.html", context)


@login_required
@require_safe
def console_live(request: HttpRequest, event_id: int) -> HttpResponse:
    """The round, timer and counts alone, for htmx to refresh. Holds no forms, so a
    facilitator working in the list below is never interrupted."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    context = _console_live_context(event)
    if _unchanged(request, context["fingerprint"]):
        return HttpResponse(status=204)
    loaded = request.GET.get("loaded", "")
    context["loaded_count"] = int(loaded) if loaded.isdigit() else None
    return render(request, "events/console.html#live", context)


@login_required
@require_POST
def round_action(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    action = request.POST.get("action")
    form = RoundForm(request.POST, prefix="round")
    try:
        if action == "open":
            if not form.is_valid():
                raise ValidationError(form_errors_text(form))
            opened = services.round_open(actor=user, event=event, minutes=form.cleaned_data["minutes"])
            messages.success(request, _("Round %(number)d is open.") % {"number": opened.number})
        elif action == "extend":
            if not form.is_valid():
                raise ValidationError(form_errors_text(form))
            services.round_extend(actor=user, event=event, minutes=form.cleaned_data["minutes"])
            messages.success(request, _("The round was extended."))
        elif action == "close":
            closed = services.round_close(actor=user, event=event)
            messages.success(request, _("Round %(number)d is closed.") % {"number": closed.number})
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, reverse("events:console", args=[event.pk]))


@login_required
@require_POST
def seats_action(request: HttpRequest, event_id: int) -> HttpResponse:
    """Assign seats for the open (or next) round, or move one seated person to another table."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    action = request.POST.get("action")
    try:
        if action == "assign":
            number, _seating = services.seats_assign(actor=user, event=event)
            messages.success(request, _("Seats are assigned for round %(number)d.") % {"number": number})
        elif action == "move":
            seat_id, table_id = request.POST.get("seat", ""), request.POST.get("table", "")
            seat = SeatAssignment.objects.filter(event=event, pk=int(seat_id)).first() if seat_id.isdigit() else None
            table = DialogueTable.objects.filter(pk=int(table_id)).first() if table_id.isdigit() else None
            if seat is None or table is None:
                raise ValidationError(_("Choose a person and a table."))
            services.seat_move(actor=user, seat=seat, table=table)
            messages.success(request, _("The person was moved."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, reverse("events:console", args=[event.pk]) + "#seats-heading")


@login_required
@require_POST
def contribution_action(request: HttpRequest, contribution_id: int) -> HttpResponse:
    """Moderation of one contribution. Hosts mark key points at their own table;
    facilitators also move, theme, hide and show again."""
    contribution = get_contribution_for_user(request.user, contribution_id)
    event = contribution.table.event
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    action = request.POST.get("action")
    can_run = can_in_process(user, event.process, Capability.RUN_EVENT)
    if action not in ("key_point", "not_key_point") and not can_run:
        raise PermissionDenied
    try:
        if action in ("key_point", "not_key_point"):
            services.contribution_mark_key_point(
                actor=user, contribution=contribution, is_key_point=action == "key_point"
            )
            messages.success(
                request, _("Marked as a key point.") if action == "key_point" else _("No longer a key point.")
            )
        elif action == "hide":
            hide_form = HideForm(request.POST)
            if not hide_form.is_valid():
                raise ValidationError(form_errors_text(hide_form))
            services.contribution_hide(actor=user, contribution=contribution, reason=hide_form.cleaned_data["reason"])
            messages.success(request, _("The contribution is hidden."))
        elif action == "show":
            services.contribution_show(actor=user, contribution=contribution)
            messages.success(request, _("The contribution is shown again."))
        elif action == "move":
            move_form = MoveForm(request.POST, event=event)
            if not move_form.is_valid():
                raise ValidationError(form_errors_text(move_form))
            services.contribution_move(actor=user, contribution=contribution, table=move_form.cleaned_data["table"])
            messages.success(request, _("The contribution was moved."))
        elif action == "theme":
            theme = get_theme_for_event(event, request.POST.get("theme"))
            services.contribution_set_theme(actor=user, contribution=contribution, theme=theme)
            messages.success(request, _("The theme was set."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    # Back at the card (its text has this id on the host's page and the console), so that a
    # keyboard goes on from there rather than from the top of the page.
    default = reverse("events:table_host", args=[contribution.table_id])
    return _back(request, default, fragment=f"contribution-{contribution.pk}")


# The plenary screen -----------------------------------------------------------


def _board_context(request: HttpRequest, event: Event, fingerprint: str) -> dict[str, Any]:
    by = "theme" if request.GET.get("by") == "theme" else "table"
    cards = plenary_cards(event)
    return {
        "event": event,
        "by": by,
        "columns": plenary_cards_html(board_columns(event, by, cards), names_shown=event.names_shown),
        "fingerprint": fingerprint,
        "poll_seconds": LIVE_POLL_SECONDS,
        "total": len(cards),
        **_round_context(event),
    }


@login_required
@require_safe
def plenary_screen(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    _audit_read(request, "event.screen.read", event, event)
    context = {
        **_board_context(request, event, live_fingerprint(event)),
        "organisation": event.process.organisation,
        "event_code": event_join_code(event),
        "summaries": [t for t in tables_of(event) if t.summary],
    }
    return render(request, "events/screen.html", context)


@login_required
@require_safe
def plenary_board(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    fingerprint = live_fingerprint(event)
    if _unchanged(request, fingerprint):
        return HttpResponse(status=204)
    return render(request, "events/screen.html#board", _board_context(request, event, fingerprint))


# Themes -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_themes(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                name_form = ThemeNameForm(request.POST)
                if not name_form.is_valid():
                    raise ValidationError(form_errors_text(name_form))
                services.theme_create(actor=user, event=event, name=name_form.cleaned_data["name"])
                messages.success(request, _("The theme was added."))
            elif action == "confirm":
                chosen = _chosen_suggestions(request)
                if not chosen:
                    raise ValidationError(_("Tick at least one suggestion to keep."))
                services.themes_confirm(actor=user, event=event, chosen=chosen)
                messages.success(request, _("The themes were saved."))
            elif action in ("rename", "merge", "delete"):
                theme = get_theme_for_event(event, request.POST.get("theme"))
                if theme is None:
                    raise Http404
                if action == "rename":
                    name_form = ThemeNameForm(request.POST)
                    if not name_form.is_valid():
                        raise ValidationError(form_errors_text(name_form))
                    services.theme_rename(actor=user, theme=theme, name=name_form.cleaned_data["name"])
                    messages.success(request, _("The theme was renamed."))
                elif action == "merge":
                    merge_form = ThemeMergeForm(request.POST, theme=theme)
                    if not merge_form.is_valid():
                        raise ValidationError(form_errors_text(merge_form))
                    services.theme_merge(actor=user, theme=theme, into=merge_form.cleaned_data["into"])
                    messages.success(request, _("The themes were merged."))
                else:
                    services.theme_delete(actor=user, theme=theme)
                    messages.success(request, _("The theme was removed; its contributions have no theme now."))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("events:themes", event_id=event.pk)
    themes = list(themes_with_counts(event))
    without_theme = [c for c in event_contributions(event) if c.theme_id is None]
    suggestions = None
    if request.GET.get("suggest"):
        _audit_read(request, "event.contributions.read", event, event)
        result = suggest_themes([c.text for c in without_theme], [c.pk for c in without_theme])
        by_id = {c.pk: c for c in without_theme}
        suggestions = [
            {"index": i, "theme": theme, "contributions": [by_id[m] for m in theme.members]}
            for i, theme in enumerate(result.themes)
        ]
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "themes": [(t, ThemeMergeForm(theme=t, prefix=f"merge-{t.pk}")) for t in themes],
        "without_theme_count": len(without_theme),
        "suggestions": suggestions,
        "name_form": ThemeNameForm(),
    }
    return render(request, "events/themes.html", context)


def _chosen_suggestions(request: HttpRequest) -> list[tuple[str, list[int]]]:
    chosen = []
    for index in request.POST.getlist("keep"):
        if not index.isdigit():
            continue
        name = request.POST.get(f"name-{index}", "")
        ids = [int(x) for x in request.POST.get(f"members-{index}", "").split(",") if x.strip().isdigit()]
        chosen.append((name, ids))
    return chosen


# A table ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def table_host(request: HttpRequest, table_id: int) -> HttpResponse:
    table = get_table_for_user(request.user, table_id)
    user = staff_user(request)
    event = table.event
    use_organisation_language(request, event.process.organisation)
    action = request.POST.get("action", "contribute") if request.method == "POST" else None
    form = HostContributionForm(request.POST if action == "contribute" else None, initial={"client_key": uuid.uuid4()})
    summary_form = SummaryForm(request.POST if action == "summary" else None, initial={"summary": table.summary})
    if action == "contribute" and form.is_valid():
        try:
            services.contribution_create(
                table=table,
                text=form.cleaned_data["text"],
                entered_by=user,
                role_label=form.cleaned_data["role_label"],
                client_key=form.cleaned_data["client_key"],
            )
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            messages.success(request, _("The contribution was added."))
            return redirect("events:table_host", table_id=table.pk)
    elif action == "summary" and summary_form.is_valid():
        try:
            services.table_summary_save(actor=user, table=table, summary=summary_form.cleaned_data["summary"])
        except ValidationError as exc:
            summary_form.add_error("summary", exc)
        else:
            messages.success(request, _("The summary was saved."))
            return redirect("events:table_host", table_id=table.pk)
    elif action not in (None, "contribute", "summary"):
        raise Http404
    if request.method != "POST":
        _audit_read(request, "table.contributions.read", table, event)
    context = {
        **_table_live_context(request, table, host_live(table)),
        "organisation": event.process.organisation,
        "form": form,
        "summary_form": summary_form,
        "can_run": can_in_process(user, event.process, Capability.RUN_EVENT),
    }
    has_errors = form.errors or summary_form.errors
    return render(request, "events/table_host.html", context, status=400 if has_errors else 200)


def _table_live_context(request: HttpRequest, table: DialogueTable, live: HostLive) -> dict[str, Any]:
    event = table.event
    cards_html = host_cards_html(
        live.cards,
        names_shown=event.names_shown,
        table_id=table.pk,
        process_id=event.process_id,
        csrf_token=get_token(request),
    )
    return {
        "table": table,
        "event": event,
        "cards_html": cards_html,
        "fingerprint": live.fingerprint,
        "poll_seconds": LIVE_POLL_SECONDS,
        "round": live.current_round,
        "seconds_left": live.current_round.seconds_left(timezone.now()) if live.current_round else 0,
    }


@login_required
@require_safe
def table_live(request: HttpRequest, table_id: int) -> HttpResponse:
    table = get_table_for_user(request.user, table_id)
    use_organisation_language(request, table.event.process.organisation)
    live = host_live(table)
    if _unchanged(request, live.fingerprint):
        return HttpResponse(status=204)
    return render(request, "events/table_host.html#live", _table_live_context(request, table, live))


# Exports ----------------------------------------------------------------------


@login_required
@require_safe
def event_export_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    """Every contribution with its table, round, theme, reactions and moderation,
    one row each. Names only when the event shows names."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    _audit_read(request, "event.export", event, event)
    response, writer = csv_download(
        f"event-{event.pk}-contributions.csv",
        [
            "id",
            _("table"),
            _("question or perspective"),
            _("round"),
            _("theme"),
            _("text"),
            _("takes part as"),
            _("name"),
            _("agree"),
            _("dots"),
            _("key point"),
            _("hidden"),
            _("reason for hiding"),
            _("typed in by host"),
            _("created"),
        ],
    )
    for c in event_contributions(event, include_hidden=True):
        table = c.table
        writer.writerow(
            [
                c.pk,
                table.number,
                spreadsheet_safe(table.question.text if table.question else table.get_perspective_display()),
                c.round.number if c.round else "",
                spreadsheet_safe(c.theme.name if c.theme else ""),
                spreadsheet_safe(c.text),
                c.get_role_label_display() if c.role_label else "",
                spreadsheet_safe(c.participant.display_name if event.names_shown and c.participant else ""),
                c.agree_count,  # type: ignore[attr-defined]
                c.dot_count,  # type: ignore[attr-defined]
                _("yes") if c.is_key_point else "",
                _("yes") if c.hidden_at else "",
                spreadsheet_safe(c.hidden_reason),
                _("yes") if c.entered_by_id else "",
                timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


@login_required
@require_safe
def event_report(request: HttpRequest, event_id: int) -> HttpResponse:
    """A readable report of the event: summaries, themes, key points and every
    contribution by table, for the process documentation and the political note."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    _audit_read(request, "event.report.read", event, event)
    contributions = list(event_contributions(event))
    tables = list(tables_of(event))
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "tables": tables,
        "by_table": board_columns(event, "table", contributions),
        "by_theme": board_columns(event, "theme", contributions),
        "key_points": [c for c in contributions if c.is_key_point],
        "total": len(contributions),
        "hidden_count": event_contributions(event, include_hidden=True).filter(hidden_at__isnull=False).count(),
        "rounds": list(event.rounds.all()),
        "generated_at": timezone.now(),
        "evaluation": evaluation_summary(event),
    }
    return render(request, "events/report.html", context)


# The participant's phone -------------------------------------------------------


def _phone_board(
    event: Event, table: DialogueTable, participant: Participant, code: str, tables: dict[int, TableBoard] | None = None
) -> PhoneBoard:
    """The participant's board, read as the table lane reads a batch of them."""
    seat = PhoneSeat(
        code, "", participant.pk, participant.pseudonym, participant.role_label, table.pk, board_event_of(event)
    )
    [board] = phone_boards([seat], tables)
    return board


def _board_html(
    request: HttpRequest,
    join_code: JoinCode,
    event: Event,
    table: DialogueTable,
    participant: Participant,
    error: str = "",
) -> str:
    board = _phone_board(event, table, participant, join_code.code)
    return phone_board_html(
        code=join_code.code,
        event=board_event_of(event),
        board=board,
        participant_id=participant.pk,
        csrf_token=get_token(request),
        error=error,
    )


def _own_contributions(participant: Participant) -> OwnContributions:
    return own_contributions_of([participant.pk]).get(participant.pk, OwnContributions([], 0))


def _joined(
    request: HttpRequest, code: str
) -> tuple[JoinCode, Participant, Event, DialogueTable | None] | HttpResponse:
    # With the process, which the services read for the audit log and the reaction check, and
    # the table's question, which its page shows.
    joined = joined_participant(request, code, {Event: ("process",), DialogueTable: ("event__process", "question")})
    if isinstance(joined, HttpResponse):
        return joined
    join_code, participant = joined
    target = join_code.target
    table = target if isinstance(target, DialogueTable) else None
    event = table.event if table else target
    assert isinstance(event, Event)
    if table is None:
        # Joined by the event's code: the table the facilitator seated them at, if any.
        table = seated_table(event, participant)
    return join_code, participant, event, table


@require_http_methods(["GET", "HEAD", "POST"])
def participant_space(request: HttpRequest, code: str) -> HttpResponse:
    """What a participant sees after joining: the question, a box to answer, and
    what others at the table wrote, to agree with or give a dot. A contribution sent with htmx
    (as the page sends it) is answered with an empty form, the thanks and the participant's own
    list; under ASGI the table lane (samskap/events/lane.py) answers it the same way."""
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    join_code, participant, event, table = joined
    form = (
        ContributionForm(request.POST if request.method == "POST" else None, initial={"client_key": uuid.uuid4()})
        if table
        else None
    )
    if request.method == "POST" and (table is None or form is None):
        raise Http404
    if table and form is not None and request.method == "POST" and form.is_valid():
        try:
            services.contribution_create(
                table=table,
                text=form.cleaned_data["text"],
                participant=participant,
                client_key=form.cleaned_data["client_key"],
            )
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            if getattr(request, "htmx", False):
                html = contribution_sent_html(
                    code=join_code.code,
                    own=_own_contributions(participant),
                    client_key=str(uuid.uuid4()),
                    csrf_token=get_token(request),
                )
                return HttpResponse(html)
            messages.success(request, _("Thank you! Your contribution was sent."))
            return redirect("events:participant_space", code=join_code.code)
    if form is not None and form.errors and getattr(request, "htmx", False):
        # The form again with what was wrong, in place (htmx swaps only answers of 2xx).
        return render(
            request, "events/participant_space.html#contribution_form", {"join_code_text": join_code.code, "form": form}
        )
    context = {
        "event": event,
        "table": table,
        "participant": participant,
        "join_code": join_code,
        "join_code_text": join_code.code,
        "organisation": join_code.organisation,
        "form": form,
        "seated": table is not None and not isinstance(join_code.target, DialogueTable),
        "own_texts": _own_contributions(participant).texts if table else [],
        "board": mark_safe(_board_html(request, join_code, event, table, participant)) if table else "",  # noqa: S308 - drawn by the template
        **_round_context(event),
    }
    return render(request, "events/participant_space.html", context, status=400 if form and form.errors else 200)


@require_safe
def participant_board(request: HttpRequest, code: str) -> HttpResponse:
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return HttpResponse(status=204)  # a closed code: the page stops changing, nothing breaks
    join_code, participant, event, table = joined
    if table is None:
        return HttpResponse(status=204)  # no table, no board
    # Most asks find nothing new: the table's board answers that, before this phone's reactions.
    tables = table_boards([(table.pk, board_event_of(event))])
    if _unchanged(request, tables[table.pk].fingerprint):
        return HttpResponse(status=204)
    board = _phone_board(event, table, participant, join_code.code, tables)
    html = phone_board_html(
        code=join_code.code,
        event=board_event_of(event),
        board=board,
        participant_id=participant.pk,
        csrf_token=get_token(request),
    )
    return HttpResponse(html)


@require_POST
def participant_react(request: HttpRequest, code: str) -> HttpResponse:
    """Agree with, or put a dot on, a contribution. Sets rather than toggles, so a
    phone that sends the same tap twice changes nothing the second time."""
    joined = _joined(request, code)
    if isinstance(joined, HttpResponse):
        return joined
    join_code, participant, event, table = joined
    contribution_id = request.POST.get("contribution", "")
    contribution = (
        Contribution.objects.select_related("table__event").filter(pk=int(contribution_id)).first()
        if contribution_id.isdigit()
        else None
    )
    if contribution is None or table is None or contribution.table_id != table.pk:
        raise Http404
    error = ""
    try:
        services.reaction_set(
            participant=participant,
            event=event,
            contribution=contribution,
            kind=request.POST.get("kind", ""),
            on=request.POST.get("on") == "1",
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if getattr(request, "htmx", False):
        # The list is redrawn in place; the error is said inside it, where focus is.
        return HttpResponse(_board_html(request, join_code, event, table, participant, error))
    if error:
        messages.error(request, error)
    return redirect("events:participant_space", code=join_code.code)


# Registration and check-in -------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    """The public registration form; there is none while registration is closed."""
    event = Event.objects.select_related("process__organisation").filter(pk=event_id).first()
    if event is None or not event.registration_open:
        raise Http404
    use_organisation_language(request, event.process.organisation)
    form = RegistrationForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST":
        if not ratelimit_hit(
            key=f"register:{client_address(request.META.get('REMOTE_ADDR'))}", limit=30, window_seconds=3600
        ):
            form.add_error(None, _("Too many registrations from this network. Try again in an hour."))
        elif form.is_valid():
            try:
                registration = services.registration_create(event=event, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("events:registration", token=registration.token)
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "form": form,
        "confirmed": event.registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
    }
    return render(request, "events/register.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """One's own registration, by the secret link: status, the check-in code and QR code
    to show at the door, and cancelling."""
    registration = get_registration_by_token(token)
    event = registration.event
    use_organisation_language(request, event.process.organisation)
    if request.method == "POST":
        if request.POST.get("action") != "cancel":
            raise Http404
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your registration is cancelled."))
        return redirect("events:registration", token=registration.token)
    checkin_url = request.build_absolute_uri(
        reverse("events:checkin", args=[event.pk]) + f"?code={registration.checkin_code}"
    )
    qr = segno.make(checkin_url, error="m").svg_data_uri(scale=6)
    context = {
        "registration": registration,
        "event": event,
        "organisation": event.process.organisation,
        "qr": qr,
        "waiting_position": (
            event.registrations.filter(
                status=RegistrationStatus.WAITING, created_at__lte=registration.created_at
            ).count()
            if registration.status == RegistrationStatus.WAITING
            else None
        ),
        "team": team_of_registration(registration) if registration.status == RegistrationStatus.CONFIRMED else None,
    }
    response = render(request, "events/registration.html", context)
    # The address is the secret: it must not leave for another site. (Not "no-referrer":
    # Chromium then sends "Origin: null" with the page's own forms, and CSRF refuses them.)
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request: HttpRequest, event_id: int) -> HttpResponse:
    """At the door: check people in by code or QR; attendance by role in numbers; the list
    of who registered, for the organisers."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    form = CheckInForm(
        request.POST if request.method == "POST" else None, initial={"code": request.GET.get("code", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_check_in(actor=user, event=event, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
            return redirect("events:checkin", event_id=event.pk)
    if request.method != "POST":
        _audit_read(request, "event.registrations.read", event, event)
    registrations = list(registrations_of(event))
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "form": form,
        "attendance": attendance_by_role(event),
        "registrations": registrations,
        "checked_in": sum(1 for r in registrations if r.checked_in_at),
        "confirmed": sum(1 for r in registrations if r.status == RegistrationStatus.CONFIRMED),
        "waiting": sum(1 for r in registrations if r.status == RegistrationStatus.WAITING),
    }
    return render(request, "events/checkin.html", context, status=400 if form.errors else 200)


# Innovation camps -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def camp(request: HttpRequest, event_id: int) -> HttpResponse:
    """Challenge briefs, teams formed by the matching, and hand adjustments with the
    quality score of the teams as they stand."""
    event = get_event_for_user(request.user, event_id, Capability.RUN_EVENT)
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    action = request.POST.get("action") if request.method == "POST" else None
    challenge_form = CampChallengeForm(request.POST if action == "challenge" else None, prefix="challenge")
    teams_form = FormTeamsForm(
        request.POST if action == "form_teams" else None, prefix="teams", initial={"team_size": event.team_size}
    )
    jury_form = JuryForm(
        request.POST if action == "jury" else None, prefix="jury", people=people_with_roles(event.process)
    )
    if request.method == "POST":
        try:
            if action == "jury":
                if jury_form.is_valid():
                    selection = services.camp_jury_create(
                        actor=user,
                        event=event,
                        criteria=jury_form.cleaned_data["criteria"],
                        panel=list(jury_form.cleaned_data["panel"]),
                    )
                    messages.success(request, _("The jury is set up. Each juror scores the teams on their own."))
                    return redirect("ideas:selection", selection_id=selection.pk)
            elif action == "challenge":
                if challenge_form.is_valid():
                    services.camp_challenge_create(actor=user, event=event, **challenge_form.cleaned_data)
                    messages.success(request, _("The challenge was added."))
                    return redirect("events:camp", event_id=event.pk)
            elif action == "form_teams":
                if teams_form.is_valid():
                    result = services.camp_teams_form(
                        actor=user, event=event, team_size=teams_form.cleaned_data["team_size"]
                    )
                    messages.success(request, _("%(count)d teams were formed.") % {"count": len(result.teams)})
                    return redirect("events:camp", event_id=event.pk)
            elif action == "move":
                team = CampTeam.objects.filter(pk=_int(request.POST.get("team")), event=event).first()
                if team is None:
                    raise Http404
                if request.POST.get("registration"):
                    registration = event.registrations.filter(pk=_int(request.POST.get("registration"))).first()
                    if registration is None:
                        raise Http404
                    services.camp_team_member_add(actor=user, registration=registration, team=team)
                    name = registration.name
                else:
                    member = (
                        CampTeamMember.objects.select_related("team", "registration")
                        .filter(pk=_int(request.POST.get("member")), team__event=event)
                        .first()
                    )
                    if member is None:
                        raise Http404
                    services.camp_team_member_move(actor=user, member=member, team=team)
                    name = member.registration.name
                messages.success(request, _("%(name)s moved to %(team)s.") % {"name": name, "team": team.name})
                return redirect("events:camp", event_id=event.pk)
            elif action == "team":
                team = CampTeam.objects.filter(pk=_int(request.POST.get("team")), event=event).first()
                if team is None:
                    raise Http404
                challenge_id = request.POST.get("challenge", "")
                challenge = (
                    CampChallenge.objects.filter(pk=_int(challenge_id), event=event).first() if challenge_id else None
                )
                if challenge_id and challenge is None:
                    raise Http404
                services.camp_team_update(actor=user, team=team, name=request.POST.get("name", ""), challenge=challenge)
                messages.success(request, _("The team was saved."))
                return redirect("events:camp", event_id=event.pk)
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    teams = camp_teams(event)
    context = {
        "event": event,
        "organisation": event.process.organisation,
        "challenges": list(CampChallenge.objects.filter(event=event)),
        "challenge_form": challenge_form,
        "teams_form": teams_form,
        "teams": teams,
        "quality": services.camp_quality(event),
        "without_team": registrations_without_team(event),
        "confirmed": event.registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
        "help_requests": open_help_requests(event),
        "jury_form": jury_form,
        "jury_rounds": camp_jury_rounds(event),
        "teams_with_canvas": sum(1 for team in teams if team.idea_id),
    }
    has_errors = challenge_form.errors or teams_form.errors or jury_form.errors
    return render(request, "events/camp.html", context, status=400 if has_errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def team_space(request: HttpRequest, token: str) -> HttpResponse:
    """A camp team's own space, reached by a member's registration link: the challenge,
    the team, the idea canvas, what the coaches said, and asking for help."""
    registration = get_registration_by_token(token)
    event = registration.event
    use_organisation_language(request, event.process.organisation)
    team = team_of_registration(registration)
    if team is None or registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    canvas_form = TeamCanvasForm(
        request.POST if action == "canvas" else None,
        instance=team.idea,
        initial={} if team.idea else {"title": team.challenge.title if team.challenge else team.name},
        prefix="canvas",
    )
    help_form = HelpRequestForm(request.POST if action == "help" else None, prefix="help")
    if action not in (None, "canvas", "help"):
        raise Http404
    if action == "canvas" and canvas_form.is_valid():
        try:
            services.camp_team_canvas_save(team=team, member=registration, fields=canvas_form.canvas_fields())
        except ValidationError as exc:
            canvas_form.add_error(None, exc)
        else:
            messages.success(request, _("The canvas was saved."))
            return redirect("events:team_space", token=registration.token)
    if action == "help" and help_form.is_valid():
        try:
            services.help_request_create(team=team, member=registration, text=help_form.cleaned_data["text"])
        except ValidationError as exc:
            help_form.add_error("text", exc)
        else:
            messages.success(request, _("Your question was sent to the coaches and facilitators."))
            return redirect("events:team_space", token=registration.token)
    context = {
        "registration": registration,
        "event": event,
        "organisation": event.process.organisation,
        "team": team,
        "members": [m.registration for m in team.members.select_related("registration")],
        "canvas_form": canvas_form,
        "help_form": help_form,
        "check_ins": list(team.check_ins.all()[:5]),
        "help_requests": list(team.help_requests.all()),
    }
    response = render(
        request, "events/team_space.html", context, status=400 if canvas_form.errors or help_form.errors else 200
    )
    # The address is the secret: it must not leave for another site. (Not "no-referrer":
    # Chromium then sends "Origin: null" with the page's own forms, and CSRF refuses them.)
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def camp_team(request: HttpRequest, team_id: int) -> HttpResponse:
    """A coach's view of one team: its canvas, a check-in, and answers to its questions."""
    team = get_camp_team_for_user(request.user, team_id)
    event = team.event
    use_organisation_language(request, event.process.organisation)
    user = staff_user(request)
    action = request.POST.get("action") if request.method == "POST" else None
    check_in_form = CoachCheckInForm(request.POST if action == "check_in" else None, prefix="check_in")
    answer_form = HelpAnswerForm(request.POST if action == "answer" else None, prefix="answer")
    if action == "check_in" and check_in_form.is_valid():
        try:
            services.coach_check_in_add(actor=user, team=team, **check_in_form.cleaned_data)
        except ValidationError as exc:
            check_in_form.add_error(None, exc)
        else:
            messages.success(request, _("The check-in was saved."))
            return redirect("events:camp_team", team_id=team.pk)
    elif action == "answer":
        help_request = HelpRequest.objects.filter(pk=_int(request.POST.get("help_request")), team=team).first()
        if help_request is None:
            raise Http404
        if answer_form.is_valid():
            services.help_request_answer(
                actor=user, help_request=help_request, answer=answer_form.cleaned_data["answer"]
            )
            messages.success(request, _("The team sees your answer."))
            return redirect("events:camp_team", team_id=team.pk)
    elif action not in (None, "check_in"):
        raise Http404
    context = {
        "team": team,
        "event": event,
        "organisation": event.process.organisation,
        "members": [m.registration for m in team.members.select_related("registration")],
        "check_in_form": check_in_form,
        "answer_form": answer_form,
        "check_ins": list(team.check_ins.select_related("coach")),
        "help_requests": list(team.help_requests.select_related("answered_by")),
        "may_run_event": can_in_process(user, event.process, Capability.RUN_EVENT),
    }
    has_errors = check_in_form.errors or answer_form.errors
    return render(request, "events/camp_team.html", context, status=400 if has_errors else 200)


def _int(value: str | None) -> int:
    """An id from a form, or -1 (which matches nothing) when it is not a number."""
    return int(value) if value and value.isdigit() else -1
