from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskap.core.forms import form_errors_text
from samskap.core.http import posted, staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.permissions import Capability, can_in_process
from samskap.events.models import Contribution
from samskap.ideas import services
from samskap.ideas.attachments import MAX_ATTACHMENT_BYTES
from samskap.ideas.forms import (
    AttachmentForm,
    CommentForm,
    DecisionForm,
    EndForm,
    FollowUpDoneForm,
    FollowUpForm,
    IdeaForm,
    IncubationForm,
    MilestoneForm,
    ResourceForm,
    ScoreSheetForm,
    SelectionForm,
    StageMoveForm,
    StagesForm,
    StatusForm,
    TrackForm,
)
from samskap.ideas.models import FollowUp, Idea, IdeaAttachment, IdeaOrigin, Milestone
from samskap.ideas.selectors import (
    get_contribution_for_user,
    get_idea_for_user,
    get_insight_for_user,
    get_selection_for_user,
    get_theme_for_user,
    has_scored,
    ideas_of,
    may_see_contribution,
    may_see_scores,
    ranking,
    stages_with_ideas,
    teams_for,
    theme_texts,
)
from samskap.processes.links import describe
from samskap.processes.models import Process
from samskap.processes.selectors import get_process_for_user, people_with_roles

# --- Ideas ----------------------------------------------------------------------------------


@login_required
@require_safe
def idea_board(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    use_organisation_language(request, process.organisation)
    as_list = request.GET.get("view") == "list"
    can_manage = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    stages = stages_with_ideas(process)
    context = {
        "process": process,
        "organisation": process.organisation,
        "stages": stages,
        "ideas": ideas_of(process) if as_list else None,
        "as_list": as_list,
        "can_manage": can_manage,
        "can_propose": can_in_process(request.user, process, Capability.PROPOSE_IDEAS),
        "selections": process.selection_rounds.all(),
    }
    return render(request, "ideas/board.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_new(request: HttpRequest, process_id: int) -> HttpResponse:
    """Any staff member with a role in the process may put an idea forward; from a
    table contribution (`?contribution=`), the idea starts from its text and links back."""
    process = get_process_for_user(request.user, process_id, Capability.PROPOSE_IDEAS)
    use_organisation_language(request, process.organisation)
    raw = request.GET.get("contribution") or request.POST.get("contribution") or ""
    contribution = get_contribution_for_user(request.user, process, int(raw)) if raw.isdigit() else None
    raw_theme = request.GET.get("theme") or request.POST.get("theme") or ""
    theme = get_theme_for_user(request.user, process, int(raw_theme)) if raw_theme.isdigit() else None
    raw_insight = request.GET.get("insight") or request.POST.get("insight") or ""
    insight = get_insight_for_user(request.user, process, int(raw_insight)) if raw_insight.isdigit() else None
    initial = {}
    if insight is not None:
        # The insight's statement, what lies behind it and its quotes are the problem the idea answers.
        quotes = [f"«{text}»" for text in insight.quotes.values_list("text", flat=True)[:6]]
        problem = "\n".join([insight.statement, insight.explanation, *quotes]).strip()
        initial = {
            "title": insight.statement[:80],
            "problem": problem[: Idea._meta.get_field("problem").max_length],
            "origin": IdeaOrigin.INSIGHT,
        }
    elif contribution is not None:
        initial = {
            "title": contribution.text[:80],
            "description": contribution.text,
            "origin": IdeaOrigin.TABLE_CONTRIBUTION,
        }
    elif theme is not None:
        # The theme's visible contributions, key points first, are where the idea starts.
        texts = theme_texts(theme)
        initial = {
            "title": theme.name,
            "problem": "\n".join(f"– {text}" for text in texts)[: Idea._meta.get_field("problem").max_length],
            "origin": IdeaOrigin.TABLE_CONTRIBUTION,
        }
    form = IdeaForm(posted(request), initial=initial, people=people_with_roles(process))
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_create(
                actor=staff_user(request),
                process=process,
                origin=form.cleaned_data["origin"],
                source=insight or contribution or theme,
                co_authors=list(form.cleaned_data["co_authors"]),
                **form.template_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The idea was added."))
            return redirect("ideas:detail", idea_id=idea.pk)
    context = {
        "form": form,
        "process": process,
        "organisation": process.organisation,
        "contribution": contribution,
        "theme": theme,
        "insight": insight,
    }
    return render(request, "ideas/idea_form.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def idea_detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = get_idea_for_user(request.user, idea_id)
    process = idea.process
    use_organisation_language(request, process.organisation)
    can_manage = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    incubation = getattr(idea, "incubation", None)
    people = people_with_roles(process)
    context = {
        "idea": idea,
        "process": process,
        "organisation": process.organisation,
        "source": describe(idea.source) if idea.source_id else None,
        "source_text": idea.source.text
        if isinstance(idea.source, Contribution) and may_see_contribution(request.user, idea.source)
        else "",
        "comments": idea.comments.select_related("author"),
        "attachments": idea.attachments.select_related("uploaded_by"),
        "attachment_form": AttachmentForm()
        if can_in_process(request.user, process, Capability.PROPOSE_IDEAS)
        else None,
        "comment_form": CommentForm() if can_in_process(request.user, process, Capability.PROPOSE_IDEAS) else None,
        "can_manage": can_manage,
        "is_author": idea.created_by_id == request.user.pk or idea.co_authors.filter(pk=request.user.pk).exists(),
        "incubation": incubation,
        "decisions": idea.decisions.select_related("round"),
    }
    if can_manage:
        context.update(
            move_form=StageMoveForm(process=process, initial={"stage": idea.stage_id}),
            incubation_form=IncubationForm(people=people) if incubation is None and not idea.end_state else None,
            milestone_form=MilestoneForm(auto_id="milestone-%s") if incubation else None,
            resource_form=ResourceForm(auto_id="resource-%s") if incubation else None,
            status_form=StatusForm(auto_id="status-%s") if incubation else None,
            end_form=EndForm(teams=teams_for(process, request.user)) if not idea.end_state else None,
        )
    return render(request, "ideas/idea_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_edit(request: HttpRequest, idea_id: int) -> HttpResponse:
    """The authors edit their idea; so do those who run the process."""
    idea = get_idea_for_user(request.user, idea_id)
    process = idea.process
    use_organisation_language(request, process.organisation)
    is_author = idea.created_by_id == request.user.pk or idea.co_authors.filter(pk=request.user.pk).exists()
    may_propose = can_in_process(request.user, process, Capability.PROPOSE_IDEAS)
    if not ((is_author and may_propose) or can_in_process(request.user, process, Capability.MANAGE_PROCESS)):
        raise PermissionDenied
    form = IdeaForm(posted(request), instance=idea, people=people_with_roles(process), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(
                actor=staff_user(request),
                idea=idea,
                co_authors=list(form.cleaned_data["co_authors"]),
                **form.template_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The idea was saved."))
            return redirect("ideas:detail", idea_id=idea.pk)
    if form.is_bound:
        idea.refresh_from_db()
    context = {"form": form, "process": process, "organisation": process.organisation, "idea": idea}
    return render(request, "ideas/idea_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def idea_move_view(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = get_idea_for_user(request.user, idea_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, idea.process.organisation)
    form = StageMoveForm(request.POST, process=idea.process)
    if form.is_valid():
        stage = idea.process.idea_stages.get(pk=form.cleaned_data["stage"])
        services.idea_move(actor=staff_user(request), idea=idea, stage=stage)
        messages.success(request, _("“%(idea)s” moved to %(stage)s.") % {"idea": idea.title, "stage": stage.name})
    else:
        messages.error(request, form_errors_text(form))
    if request.POST.get("back") == "board":
        return redirect("ideas:board", process_id=idea.process_id)
    return redirect("ideas:detail", idea_id=idea.pk)


@login_required
@require_POST
def idea_attachment_add_view(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = get_idea_for_user(request.user, idea_id, Capability.PROPOSE_IDEAS)
    use_organisation_language(request, idea.process.organisation)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.idea_attachment_add(
                actor=staff_user(request),
                idea=idea,
                name=upload.name or "",
                data=upload.read(MAX_ATTACHMENT_BYTES + 1),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file is attached."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("ideas:detail", idea_id=idea.pk)


@login_required
@require_safe
def idea_attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Only through here, for people with a role in the idea's process; always as a download."""
    attachment = get_object_or_404(IdeaAttachment.objects.select_related("idea"), pk=attachment_id)
    get_idea_for_user(request.user, attachment.idea_id)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    return response


@login_required
@require_POST
def idea_attachment_delete_view(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(IdeaAttachment.objects.select_related("idea__process"), pk=attachment_id)
    idea = get_idea_for_user(request.user, attachment.idea_id)
    services.idea_attachment_delete(actor=staff_user(request), attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect("ideas:detail", idea_id=idea.pk)


@login_required
@require_POST
def idea_comment_view(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = get_idea_for_user(request.user, idea_id, Capability.PROPOSE_IDEAS)
    use_organisation_language(request, idea.process.organisation)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.idea_comment_add(actor=staff_user(request), idea=idea, text=form.cleaned_data["text"])
        messages.success(request, _("The comment was added."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("ideas:detail", idea_id=idea.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_stages_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    current = "\n".join(stage.name for stage in process.idea_stages.all())
    form = StagesForm(posted(request), initial={"names": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_stages_set(actor=staff_user(request), process=process, names=form.stage_names())
        except ValidationError as exc:
            form.add_error("names", exc)
        else:
            messages.success(request, _("The stages were saved."))
            return redirect("ideas:board", process_id=process.pk)
    context = {"form": form, "process": process, "organisation": process.organisation}
    return render(request, "ideas/stages_form.html", context, status=400 if form.errors else 200)


# --- Incubation and the end -----------------------------------------------------------------


@login_required
@require_POST
def idea_incubation_view(request: HttpRequest, idea_id: int) -> HttpResponse:
    """One endpoint for the incubation's parts: `action` is start, milestone, done,
    resource or status."""
    idea = get_idea_for_user(request.user, idea_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, idea.process.organisation)
    actor = staff_user(request)
    action = request.POST.get("action", "")
    incubation = getattr(idea, "incubation", None)
    try:
        if action == "start":
            start_form = IncubationForm(request.POST, people=people_with_roles(idea.process))
            if not start_form.is_valid():
                raise ValidationError(form_errors_text(start_form))
            services.incubation_start(actor=actor, idea=idea, **start_form.cleaned_data)
            messages.success(request, _("The idea is in incubation."))
        elif incubation is None:
            raise ValidationError(_("Start the incubation first."))
        elif action == "milestone":
            milestone_form = MilestoneForm(request.POST)
            if not milestone_form.is_valid():
                raise ValidationError(form_errors_text(milestone_form))
            services.milestone_add(actor=actor, incubation=incubation, **milestone_form.cleaned_data)
            messages.success(request, _("The milestone was added."))
        elif action == "done":
            raw = request.POST.get("milestone", "")
            milestone = Milestone.objects.filter(pk=int(raw) if raw.isdigit() else 0, incubation=incubation).first()
            if milestone is None:
                raise ValidationError(_("No such milestone."))
            services.milestone_done(actor=actor, milestone=milestone)
            messages.success(request, _("The milestone is marked as done."))
        elif action == "resource":
            resource_form = ResourceForm(request.POST)
            if not resource_form.is_valid():
                raise ValidationError(form_errors_text(resource_form))
            services.resource_grant_add(actor=actor, incubation=incubation, **resource_form.cleaned_data)
            messages.success(request, _("The resource was recorded."))
        elif action == "status":
            status_form = StatusForm(request.POST)
            if not status_form.is_valid():
                raise ValidationError(form_errors_text(status_form))
            services.status_update_add(actor=actor, incubation=incubation, text=status_form.cleaned_data["text"])
            messages.success(request, _("The status update was added."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("ideas:detail", idea_id=idea.pk)


@login_required
@require_POST
def idea_end_view(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = get_idea_for_user(request.user, idea_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, idea.process.organisation)
    form = EndForm(request.POST, teams=teams_for(idea.process, request.user))
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("ideas:detail", idea_id=idea.pk)
    try:
        services.idea_end(actor=staff_user(request), idea=idea, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("ideas:detail", idea_id=idea.pk)
    if idea.improvement_project_id:
        messages.success(request, _("The improvement project was created from the idea."))
        return redirect("improvement:project", project_id=idea.improvement_project_id)
    messages.success(request, _("The end of the idea was recorded."))
    return redirect("ideas:detail", idea_id=idea.pk)


# --- Selection ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def selection_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    form = SelectionForm(posted(request), process=process, people=people_with_roles(process))
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_round_create(
                actor=staff_user(request),
                process=process,
                title=form.cleaned_data["title"],
                criteria=form.cleaned_data["criteria"],
                panel=list(form.cleaned_data["panel"]),
                ideas=list(form.cleaned_data["ideas"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The selection round is ready for the panel."))
            return redirect("ideas:selection", selection_id=selection.pk)
    context = {"form": form, "process": process, "organisation": process.organisation}
    return render(request, "ideas/selection_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def selection_detail(request: HttpRequest, selection_id: int) -> HttpResponse:
    """The panellist's own score sheet, and — once they have handed it in, or for those
    who run the process — the ranking and the decisions."""
    selection = get_selection_for_user(request.user, selection_id)
    process = selection.process
    use_organisation_language(request, process.organisation)
    user = request.user
    is_panelist = user.is_authenticated and selection.panel.filter(pk=user.pk).exists()
    scored = is_panelist and has_scored(selection, user)
    ideas = list(selection.ideas.order_by("title"))
    sheet = None
    status = 200
    if is_panelist and selection.is_open and not scored:
        sheet = ScoreSheetForm(posted(request), selection=selection, ideas=ideas)
        if request.method == "POST":
            if sheet.is_valid():
                try:
                    services.scores_submit(actor=staff_user(request), selection=selection, values=sheet.values())
                except ValidationError as exc:
                    sheet.add_error(None, exc)
                else:
                    messages.success(request, _("Your scores were saved. You can now see the panel's ranking."))
                    return redirect("ideas:selection", selection_id=selection.pk)
            status = 400
    elif request.method == "POST":
        if scored and selection.is_open:
            messages.error(request, _("You have already handed in your scores."))
        else:
            messages.error(request, _("Only the panel scores, while the round is open."))
        return redirect("ideas:selection", selection_id=selection.pk)
    can_manage = can_in_process(user, process, Capability.MANAGE_PROCESS)
    show_scores = may_see_scores(selection, user)
    decisions = {d.idea_id: d for d in selection.decisions.select_related("decided_by")}
    context = {
        "selection": selection,
        "process": process,
        "organisation": process.organisation,
        "criteria": list(selection.criteria.all()),
        "panel": list(selection.panel.order_by("full_name")),
        "ideas": ideas,
        "sheet": sheet,
        "is_panelist": is_panelist,
        "has_scored": scored,
        "ranking": ranking(selection) if show_scores else None,
        "decisions": decisions,
        "decision_form": DecisionForm() if can_manage and show_scores else None,
        "can_manage": can_manage,
    }
    return render(request, "ideas/selection.html", context, status=status)


@login_required
@require_POST
def selection_decide_view(request: HttpRequest, selection_id: int, idea_id: int) -> HttpResponse:
    selection = get_selection_for_user(request.user, selection_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, selection.process.organisation)
    idea = Idea.objects.filter(pk=idea_id, process=selection.process).first()
    form = DecisionForm(request.POST)
    if idea is None:
        messages.error(request, _("That idea is not in this round."))
    elif not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        try:
            services.selection_decide(actor=staff_user(request), selection=selection, idea=idea, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision was recorded."))
    return redirect("ideas:selection", selection_id=selection.pk)


@login_required
@require_POST
def selection_close_view(request: HttpRequest, selection_id: int) -> HttpResponse:
    selection = get_selection_for_user(request.user, selection_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, selection.process.organisation)
    services.selection_round_close(actor=staff_user(request), selection=selection)
    messages.success(request, _("The selection round is closed."))
    return redirect("ideas:selection", selection_id=selection.pk)


# --- Development tracks ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tracks(request: HttpRequest, process_id: int) -> HttpResponse:
    """The process's development tracks with their follow-ups; those who run the process
    add tracks, follow-ups and outcomes (`action`: track, follow_up, done)."""
    capability = Capability.MANAGE_PROCESS if request.method == "POST" else Capability.VIEW_PROCESS
    process = get_process_for_user(request.user, process_id, capability)
    use_organisation_language(request, process.organisation)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    track_form = TrackForm(request.POST if action == "track" else None, process=process)
    follow_up_form = FollowUpForm(request.POST if action == "follow_up" else None)
    done_form = FollowUpDoneForm(request.POST if action == "done" else None)
    if action:
        try:
            _track_action(request, process, action, track_form, follow_up_form, done_form)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("ideas:tracks", process_id=process.pk)
    context = {
        "process": process,
        "organisation": process.organisation,
        "tracks": process.development_tracks.prefetch_related("ideas", "follow_ups"),
        "can_manage": can_in_process(request.user, process, Capability.MANAGE_PROCESS),
        "track_form": track_form,
        "follow_up_form": follow_up_form,
        "done_form": done_form,
        "failed": action,
    }
    return render(request, "ideas/tracks.html", context, status=400 if action else 200)


def _track_action(
    request: HttpRequest,
    process: Process,
    action: str,
    track_form: TrackForm,
    follow_up_form: FollowUpForm,
    done_form: FollowUpDoneForm,
) -> None:
    actor = staff_user(request)
    if action == "track":
        if not track_form.is_valid():
            raise ValidationError(form_errors_text(track_form))
        data = dict(track_form.cleaned_data)
        chosen = list(data.pop("ideas"))
        services.development_track_create(actor=actor, process=process, ideas=chosen, **data)
        messages.success(request, _("The development track was added."))
        return
    raw = request.POST.get("track", "") if action == "follow_up" else request.POST.get("follow_up", "")
    pk = int(raw) if raw.isdigit() else 0
    if action == "follow_up":
        found = process.development_tracks.filter(pk=pk).first()
        if found is None or not follow_up_form.is_valid():
            raise ValidationError(form_errors_text(follow_up_form) or _("No such development track."))
        services.follow_up_add(actor=actor, track=found, **follow_up_form.cleaned_data)
        messages.success(request, _("The follow-up was added."))
    elif action == "done":
        follow_up = FollowUp.objects.filter(pk=pk, track__process=process).first()
        if follow_up is None or not done_form.is_valid():
            raise ValidationError(form_errors_text(done_form) or _("No such follow-up."))
        services.follow_up_done(actor=actor, follow_up=follow_up, outcome=done_form.cleaned_data["outcome"])
        messages.success(request, _("The follow-up was recorded."))
    else:
        raise ValidationError(_("Unknown action."))
