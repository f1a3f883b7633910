from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from samskap.core.i18n import use_language, use_organisation_language
from samskap.core.models import Organisation, Participant, User
from samskap.core.participants import joined_participant, remembered_participant_ids
from samskap.core.permissions import Capability, can_in_process
from samskap.opinions import services
from samskap.opinions.forms import ImportForm, ModerationForm, OpinionMapForm, StatementForm, VoteForm
from samskap.opinions.models import OpinionMap, Statement
from samskap.opinions.selectors import (
    accepted_statements,
    ballot_of,
    get_map_for_user,
    join_code_of,
    map_counts,
    pending_statements,
    result_view,
    statement_on_map,
    voting_view,
)
from samskap.opinions.svg import opinion_map_svg
from samskap.processes.selectors import get_process_for_user

# --- staff --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def opinion_map_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    assert isinstance(request.user, User)
    use_organisation_language(request, process.organisation)
    form = OpinionMapForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            opinion_map = services.opinion_map_create(
                actor=request.user,
                process=process,
                title=form.cleaned_data["title"],
                question=form.cleaned_data["question"],
                seed_statements=form.seed_lines(),
                languages=form.cleaned_data["languages"],
                allow_statements=form.cleaned_data["allow_statements"],
                event=form.cleaned_data["event"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The opinion map is ready. Share the code with the participants."))
            return redirect("opinions:console", map_id=opinion_map.pk)
    context = {"form": form, "process": process, "organisation": process.organisation}
    return render(request, "opinions/map_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def opinion_map_import_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    assert isinstance(request.user, User)
    use_organisation_language(request, process.organisation)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            # Read at most one byte past the limit: the service refuses anything larger.
            opinion_map = services.opinion_map_import(
                actor=request.user,
                process=process,
                title=form.cleaned_data["title"],
                upload=upload.read(services.MAX_IMPORT_BYTES + 1),
            )
        except ValidationError as exc:
            form.add_error("archive", exc)
        else:
            messages.success(request, _("The Pol.is conversation was imported and its map computed."))
            return redirect("opinions:console", map_id=opinion_map.pk)
    context = {"form": form, "process": process, "organisation": process.organisation}
    return render(request, "opinions/import_form.html", context, status=400 if form.errors else 200)


def _console_context(request: HttpRequest, opinion_map: OpinionMap) -> dict[str, object]:
    can_manage = can_in_process(request.user, opinion_map.process, Capability.MANAGE_PROCESS)
    # Small groups are shown separately only to those who run the process.
    view = result_view(opinion_map, full=can_manage)
    return {
        "opinion_map": opinion_map,
        "organisation": opinion_map.process.organisation,
        "counts": map_counts(opinion_map),
        "view": view,
        "svg": opinion_map_svg(view, element_id="map") if view else "",
        "can_manage": can_manage,
    }


@login_required
@require_safe
def opinion_map_console(request: HttpRequest, map_id: int) -> HttpResponse:
    opinion_map = get_map_for_user(request.user, map_id)
    use_organisation_language(request, opinion_map.process.organisation)
    context = _console_context(request, opinion_map)
    if context["can_manage"]:
        context["join_code"] = join_code_of(opinion_map)
        context["pending"] = list(pending_statements(opinion_map))
        context["statement_form"] = StatementForm()
        context["statements"] = list(accepted_statements(opinion_map))
    return render(request, "opinions/console.html", context)


@login_required
@require_safe
def opinion_map_live(request: HttpRequest, map_id: int) -> HttpResponse:
    """The results block alone, for htmx to refresh while votes come in."""
    opinion_map = get_map_for_user(request.user, map_id)
    use_organisation_language(request, opinion_map.process.organisation)
    return render(request, "opinions/console.html#results", _console_context(request, opinion_map))


@login_required
@require_POST
def statement_add_view(request: HttpRequest, map_id: int) -> HttpResponse:
    opinion_map = get_map_for_user(request.user, map_id, Capability.MANAGE_PROCESS)
    assert isinstance(request.user, User)
    form = StatementForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["text"]))
        services.statement_add(opinion_map=opinion_map, text=form.cleaned_data["text"], actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The statement was added."))
    return redirect("opinions:console", map_id=opinion_map.pk)


@login_required
@require_POST
def statement_moderate_view(request: HttpRequest, map_id: int, statement_id: int) -> HttpResponse:
    opinion_map = get_map_for_user(request.user, map_id, Capability.MANAGE_PROCESS)
    assert isinstance(request.user, User)
    statement = statement_on_map(opinion_map, statement_id)
    if statement is None:
        raise Http404
    form = ModerationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([message for errors in form.errors.values() for message in errors])
        services.statement_moderate(
            actor=request.user,
            statement=statement,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The statement was moderated."))
    return redirect("opinions:console", map_id=opinion_map.pk)


@login_required
@require_POST
def opinion_map_open_view(request: HttpRequest, map_id: int) -> HttpResponse:
    opinion_map = get_map_for_user(request.user, map_id, Capability.MANAGE_PROCESS)
    assert isinstance(request.user, User)
    services.opinion_map_set_open(actor=request.user, opinion_map=opinion_map, is_open=request.POST.get("open") == "1")
    messages.success(request, _("The map is open for votes.") if opinion_map.is_open else _("The map is closed."))
    return redirect("opinions:console", map_id=opinion_map.pk)


@login_required
@require_safe
def opinion_map_export_view(request: HttpRequest, map_id: int) -> HttpResponse:
    """The map in Pol.is' open-data format: voters by number only, no names."""
    opinion_map = get_map_for_user(request.user, map_id, Capability.MANAGE_PROCESS)
    assert isinstance(request.user, User)
    archive = services.opinion_map_export(actor=request.user, opinion_map=opinion_map)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="opinion-map-{opinion_map.pk}.zip"'
    return response


# --- participants ---------------------------------------------------------------------------


def _participant_and_map(
    request: HttpRequest, code: str
) -> tuple[Participant, OpinionMap, str, Organisation] | HttpResponse:
    """The participant, their map, the code in its canonical form and the map's organisation
    (from the join code, which the lookup fetched with it)."""
    joined = joined_participant(request, code, {OpinionMap: ()})
    if isinstance(joined, HttpResponse):
        return joined
    join_code, participant = joined
    opinion_map = join_code.target
    assert isinstance(opinion_map, OpinionMap)
    return participant, opinion_map, join_code.code, join_code.organisation


@require_http_methods(["GET", "HEAD", "POST"])
def vote(request: HttpRequest, code: str) -> HttpResponse:
    """One statement at a time: agree, disagree or pass; earlier votes can be changed."""
    if request.method == "POST" and "text" not in request.POST:
        cast = _vote_in_one_lookup(request, code)
        if cast is not None:
            return cast
        # Anything else (a device that has not joined, a closed map, a bad vote) takes the
        # page's path below, which says why.
    found = _participant_and_map(request, code)
    if isinstance(found, HttpResponse):
        return found
    participant, opinion_map, code, organisation = found
    statement_form = StatementForm(request.POST if "text" in request.POST else None)
    status = 200
    if request.method == "POST":
        try:
            if "text" in request.POST:
                if not statement_form.is_valid():
                    raise ValidationError(list(statement_form.errors["text"]))
                services.statement_add(
                    opinion_map=opinion_map, text=statement_form.cleaned_data["text"], participant=participant
                )
                messages.success(
                    request, _("Thank you! Your statement will be shown once the facilitator has read it.")
                )
            else:
                form = VoteForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Choose agree, disagree or pass."))
                statement = statement_on_map(opinion_map, form.cleaned_data["statement"])
                if statement is None:
                    raise ValidationError(_("That statement is not on this map."))
                services.vote_cast(
                    ballot=ballot_of(opinion_map, participant, statement), value=form.cleaned_data["value"]
                )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            if getattr(request, "htmx", False):
                # Rare (the map closed meanwhile, say): the whole page shows the message.
                return HttpResponseClientRefresh()
            status = 400
        else:
            return redirect("opinions:vote", code=code)
    view = voting_view(opinion_map, participant)
    context = {
        "opinion_map": opinion_map,
        "organisation": organisation,
        "code": code,
        "map_is_open": opinion_map.is_open,
        "current": view.current,
        "voted": view.voted,
        "voted_count": len(view.voted),
        "total": view.total,
        "statement_form": statement_form,
        "participant": participant,
    }
    if request.method != "POST" and request.GET.get("part") == "votes":
        # The earlier votes, fetched when the list is opened after votes sent with htmx.
        return render(request, "opinions/vote.html#your_votes", context)
    return render(request, "opinions/vote.html", context, status=status)


def _vote_in_one_lookup(request: HttpRequest, code: str) -> HttpResponse | None:
    """A vote from a device that has joined, found and stored in a handful of queries: votes
    come in bursts. None when the vote cannot be stored; the caller then answers as the page.
    Under ASGI most such votes never get here: `samskap.opinions.lane` answers them."""
    form = VoteForm(request.POST)
    if not form.is_valid():
        return None
    phone_vote = services.PhoneVote(
        code, remembered_participant_ids(request), form.cleaned_data["statement"], form.cleaned_data["value"]
    )
    answer = services.phone_votes_cast([phone_vote])[0]
    if answer is None:
        return None
    if not getattr(request, "htmx", False):
        return redirect("opinions:vote", code=answer.ballot.code)
    # Sent with htmx: the answer is the vote area alone, with the next statement.
    use_language(request, answer.ballot.language)
    return HttpResponse(vote_area_html(answer, language=translation.get_language(), csrf_token=get_token(request)))


def vote_area_html(answer: services.VoteAnswer, *, language: str, csrf_token: str) -> str:
    """The vote area after a vote sent with htmx."""
    after = answer.after
    html = _vote_area_html(
        language,
        answer.ballot.code,
        answer.ballot.map_is_open,
        after.current,
        after.voted_count,
        after.total,
    )
    return html.replace(_CSRF_TOKEN_SLOT, csrf_token)


# Stands in for the token in the cached area; the token is masked anew for every answer.
_CSRF_TOKEN_SLOT = "csrf-token-slot-7c1f0b"  # noqa: S105 (a placeholder, not a secret)


@functools.lru_cache(maxsize=4096)
def _vote_area_html(
    language: str, code: str, map_is_open: bool, current: tuple[int, str] | None, voted_count: int, total: int
) -> str:
    """Drawn once per process for each of its inputs: in a burst, hundreds of voters see the
    same statement at the same count, and drawing the template costs more than the vote.
    Everything the area shows is in the arguments, so a cached one is never stale."""
    statement = Statement(pk=current[0], text=current[1]) if current else None
    with translation.override(language):
        context = {
            "code": code,
            "map_is_open": map_is_open,
            "current": statement,
            "voted_count": voted_count,
            "total": total,
            "announcement": _vote_announcement(statement, voted_count, total),
            "csrf_token": _CSRF_TOKEN_SLOT,
        }
        return render_to_string("opinions/vote.html#vote_area", context)


def _vote_announcement(current: Statement | None, voted_count: int, total: int) -> str:
    """What a screen reader hears after a vote: that it was saved, and what comes next."""
    if current is None:
        return _("Vote saved. You have voted on every statement.")
    return _("Vote saved. Statement %(number)s of %(total)s: %(text)s") % {
        "number": voted_count + 1,
        "total": total,
        "text": current.text,
    }


@require_safe
def participant_results(request: HttpRequest, code: str) -> HttpResponse:
    found = _participant_and_map(request, code)
    if isinstance(found, HttpResponse):
        return found
    _participant, opinion_map, code, organisation = found
    view = result_view(opinion_map, full=False)
    context = {
        "opinion_map": opinion_map,
        "organisation": organisation,
        "code": code,
        "view": view,
        "svg": opinion_map_svg(view, element_id="map") if view else "",
        "counts": map_counts(opinion_map),
    }
    return render(request, "opinions/participant_results.html", context)
