"""Every change to ideas, selection rounds and incubation goes through here:
validation, one transaction, one audit entry."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.core.audit import audit_record
from samskap.core.models import User
from samskap.core.permissions import Capability, can_edit_team, can_in_process
from samskap.events.models import CampTeam, Contribution, Theme
from samskap.ideas.attachments import AttachmentRefused, attachment_kind
from samskap.ideas.models import (
    SCORE_MAX,
    SCORE_MIN,
    Criterion,
    DevelopmentTrack,
    EndState,
    FollowUp,
    Idea,
    IdeaAttachment,
    IdeaComment,
    IdeaStage,
    Incubation,
    Milestone,
    ResourceGrant,
    Score,
    SelectionDecision,
    SelectionRound,
    StatusUpdate,
)
from samskap.improvement.models import Project, Team
from samskap.processes.models import Process

DEFAULT_STAGES = [
    gettext_lazy("New"),
    gettext_lazy("Being developed"),
    gettext_lazy("Being tested"),
    gettext_lazy("Selected"),
    gettext_lazy("In incubation"),
    gettext_lazy("Finished"),
]
DEFAULT_CRITERIA = [
    (gettext_lazy("Value for users"), 3),
    (gettext_lazy("Feasibility"), 2),
    (gettext_lazy("Innovation"), 1),
    (gettext_lazy("Low cost"), 1),
    (gettext_lazy("Fit with strategy"), 2),
]
MAX_STAGES = 12
MAX_CRITERIA = 10
IDEA_FIELDS = ("title", "problem", "for_whom", "description", "value_for_person", "what_it_takes", "first_small_test")


def _audit(action: str, actor: User | None, obj: Any, process: Process, actor_label: str = "", **detail: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        actor_label=actor_label,
        obj=obj,
        organisation_id=process.organisation_id,
        process_id=process.pk,
        detail=detail or None,
    )


# --- Stages ---------------------------------------------------------------------------------


def idea_stages_ensure(process: Process) -> list[IdeaStage]:
    """The process's stages; the default six, in the organisation's language, when it has none."""
    stages = list(process.idea_stages.all())
    if stages:
        return stages
    with translation.override(process.organisation.default_language):
        names = [str(name) for name in DEFAULT_STAGES]
    IdeaStage.objects.bulk_create(
        IdeaStage(process=process, name=name, position=position) for position, name in enumerate(names, start=1)
    )
    return list(process.idea_stages.all())


def idea_stages_set(*, actor: User, process: Process, names: Sequence[str]) -> list[IdeaStage]:
    """Rename, add or remove stages by position. Ideas in a removed stage move to the
    last remaining one, so no idea is lost."""
    names = [" ".join(n.split()) for n in names if n.strip()]
    if not names:
        raise ValidationError(_("Name at least one stage."))
    if len(names) > MAX_STAGES:
        raise ValidationError(_("At most %(limit)d stages.") % {"limit": MAX_STAGES})
    if any(len(n) > 100 for n in names):
        raise ValidationError(_("A stage name can be at most 100 characters."))
    with transaction.atomic():
        stages = idea_stages_ensure(process)
        for position, name in enumerate(names, start=1):
            if position <= len(stages):
                stage = stages[position - 1]
                if stage.name != name:
                    stage.name = name
                    stage.save(update_fields=["name"])
            else:
                stages.append(IdeaStage.objects.create(process=process, name=name, position=position))
        kept, removed = stages[: len(names)], stages[len(names) :]
        if removed:
            Idea.objects.filter(stage__in=removed).update(stage=kept[-1])
            IdeaStage.objects.filter(pk__in=[s.pk for s in removed]).delete()
        _audit("idea_stages.set", actor, process, process, stages=len(names))
    return kept


# --- Ideas ----------------------------------------------------------------------------------


def _check_source(process: Process, source: Model | None, actor: User | None) -> None:
    from samskap.ideas.selectors import may_see_contribution

    if source is None:
        return
    if isinstance(source, CampTeam | Theme):
        if source.event.process_id != process.pk:
            raise ValidationError(_("The source belongs to another process."))
        return
    if isinstance(source, Contribution):
        if actor is None:
            raise ValidationError(_("Only the table's host and those who run the event use its contributions."))
        if source.table.event.process_id != process.pk:
            raise ValidationError(_("That contribution belongs to another process."))
        if not may_see_contribution(actor, source):
            raise ValidationError(_("Only the table's host and those who run the event use its contributions."))
        return
    if getattr(source, "process_id", None) != process.pk:
        raise ValidationError(_("The source belongs to another process."))


def _check_people(process: Process, people: Sequence[User]) -> None:
    for person in people:
        if not can_in_process(person, process, Capability.VIEW_PROCESS):
            raise ValidationError(_("%(name)s has no role in this process.") % {"name": person.full_name})


def idea_create(
    *,
    actor: User | None,
    process: Process,
    origin: str,
    source: Model | None = None,
    co_authors: Sequence[User] = (),
    actor_label: str = "",
    **fields: str,
) -> Idea:
    """`actor` is None only for an idea written by people without an account, such as a
    camp team on its canvas; `actor_label` then says who in the audit log."""
    _check_source(process, source, actor)
    _check_people(process, co_authors)
    with transaction.atomic():
        stage = idea_stages_ensure(process)[0]
        idea = Idea(process=process, stage=stage, origin=origin, created_by=actor, **fields)
        if source is not None:
            idea.source = source
        idea.full_clean()
        idea.save()
        idea.co_authors.set([person for person in co_authors if actor is None or person.pk != actor.pk])
        _audit("idea.create", actor, idea, process, actor_label=actor_label, origin=origin)
    return idea


def idea_update(
    *, actor: User | None, idea: Idea, co_authors: Sequence[User] | None, actor_label: str = "", **fields: str
) -> Idea:
    """`co_authors` None leaves them as they are (a camp team's canvas has none to set)."""
    if co_authors is not None:
        _check_people(idea.process, co_authors)
    for name, value in fields.items():
        if name not in IDEA_FIELDS:
            raise ValueError(name)
        setattr(idea, name, value)
    idea.full_clean()
    with transaction.atomic():
        idea.save()
        if co_authors is not None:
            idea.co_authors.set(co_authors)
        _audit("idea.update", actor, idea, idea.process, actor_label=actor_label, fields=sorted(fields))
    return idea


def idea_move(*, actor: User, idea: Idea, stage: IdeaStage) -> Idea:
    if stage.process_id != idea.process_id:
        raise ValidationError(_("That stage belongs to another process."))
    with transaction.atomic():
        idea.stage = stage
        idea.save(update_fields=["stage"])
        _audit("idea.move", actor, idea, idea.process, stage=stage.pk)
    return idea


def idea_comment_add(*, actor: User, idea: Idea, text: str) -> IdeaComment:
    comment = IdeaComment(idea=idea, author=actor, text=text.strip())
    comment.full_clean()
    with transaction.atomic():
        comment.save()
        _audit("idea.comment", actor, comment, idea.process)
    return comment


MAX_ATTACHMENTS_PER_IDEA = 20


def idea_attachment_add(*, actor: User, idea: Idea, name: str, data: bytes) -> IdeaAttachment:
    """Attach a file after reading its kind from its bytes; stored under a random name with
    the right extension, the person's file name kept only for display and download."""
    if not can_in_process(actor, idea.process, Capability.PROPOSE_IDEAS):
        raise PermissionDenied
    try:
        kind = attachment_kind(data)
    except AttachmentRefused as refused:
        raise ValidationError(str(refused)) from None
    if idea.attachments.count() >= MAX_ATTACHMENTS_PER_IDEA:
        raise ValidationError(_("An idea holds at most 20 files. Remove one first."))
    shown = get_valid_filename(PurePath(name.replace("\\", "/")).name)[:150] or f"file{kind.extension}"
    attachment = IdeaAttachment(
        idea=idea, name=shown, content_type=kind.content_type, size=len(data), uploaded_by=actor
    )
    with transaction.atomic():
        attachment.file.save(f"{uuid.uuid4().hex}{kind.extension}", ContentFile(data), save=False)
        try:
            attachment.save()
            _audit("idea.attachment_add", actor, attachment, idea.process, size=len(data), kind=kind.extension)
        except Exception:
            attachment.file.delete(save=False)  # nothing half-saved: no file without its row
            raise
    return attachment


def idea_attachment_delete(*, actor: User, attachment: IdeaAttachment) -> None:
    """The uploader or someone who manages the process removes a file; the bytes go once the
    row is gone."""
    process = attachment.idea.process
    if attachment.uploaded_by_id != actor.pk and not can_in_process(actor, process, Capability.MANAGE_PROCESS):
        raise PermissionDenied
    storage, path = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        _audit("idea.attachment_delete", actor, attachment, process)
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(path))


def idea_end(
    *,
    actor: User,
    idea: Idea,
    end_state: str,
    reason: str = "",
    lessons: str = "",
    team: Team | None = None,
) -> Idea:
    """Record how the idea ended. Turning it into an improvement project creates the
    project in `team` with the idea's content: its title, its value for the person as
    the aim, for whom, and the idea itself as the first change idea."""
    from samskap.improvement import services as improvement

    if idea.end_state:
        raise ValidationError(_("The idea has already ended."))
    if end_state not in EndState.values:
        raise ValidationError(_("Choose how the idea ended."))
    reason, lessons = reason.strip(), lessons.strip()
    if end_state == EndState.STOPPED and not (reason and lessons):
        raise ValidationError(_("Say why the idea stopped and what was learned."))
    if end_state == EndState.IMPROVEMENT_PROJECT:
        if team is None:
            raise ValidationError(_("Choose the improvement team that takes it on."))
        if team.organisation_id != idea.process.organisation_id and team.network.process_id != idea.process_id:
            raise ValidationError(_("That team belongs to another organisation."))
        if not can_edit_team(actor, team):
            raise ValidationError(_("You cannot record work for that team."))
    with transaction.atomic():
        if end_state == EndState.IMPROVEMENT_PROJECT:
            assert team is not None
            project: Project = improvement.project_create(
                actor=actor,
                team=team,
                title=idea.title,
                aim=(idea.value_for_person or idea.description)[:2000],
                aim_for_whom=idea.for_whom[:200],
            )
            improvement.change_idea_add(actor=actor, project=project, text=idea.description[:300])
            if idea.first_small_test:
                improvement.change_idea_add(actor=actor, project=project, text=idea.first_small_test[:300])
            idea.improvement_project = project
        idea.end_state, idea.end_reason, idea.lessons, idea.ended_at = end_state, reason, lessons, timezone.now()
        idea.full_clean()
        idea.save()
        _audit("idea.end", actor, idea, idea.process, end_state=end_state)
    return idea


# --- Selection ------------------------------------------------------------------------------


def selection_round_create(
    *,
    actor: User,
    process: Process,
    title: str,
    criteria: Sequence[tuple[str, int]],
    panel: Sequence[User],
    ideas: Sequence[Idea],
) -> SelectionRound:
    criteria = [(" ".join(name.split()), weight) for name, weight in criteria if name.strip()]
    if not criteria:
        raise ValidationError(_("Name at least one criterion."))
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(_("At most %(limit)d criteria.") % {"limit": MAX_CRITERIA})
    if any(not 1 <= weight <= 10 for _name, weight in criteria):
        raise ValidationError(_("Weights go from 1 to 10."))
    if any(len(name) > 100 for name, _weight in criteria):
        raise ValidationError(_("A criterion can be at most 100 characters."))
    if not panel:
        raise ValidationError(_("Choose the panel."))
    if not ideas:
        raise ValidationError(_("Choose the ideas to score."))
    if any(idea.process_id != process.pk for idea in ideas):
        raise ValidationError(_("An idea belongs to another process."))
    _check_people(process, panel)
    selection = SelectionRound(process=process, title=title.strip())
    selection.full_clean()
    with transaction.atomic():
        selection.save()
        selection.panel.set(panel)
        selection.ideas.set(ideas)
        Criterion.objects.bulk_create(
            Criterion(round=selection, name=name, weight=weight, position=position)
            for position, (name, weight) in enumerate(criteria, start=1)
        )
        _audit("selection.create", actor, selection, process, panel=len(panel), ideas=len(ideas))
    return selection


def scores_submit(*, actor: User, selection: SelectionRound, values: Mapping[tuple[int, int], int]) -> int:
    """A panellist's scores for every idea on every criterion, all at once: a score
    sheet with gaps is refused, so nobody sees the others' scores half-way."""
    if not selection.is_open:
        raise ValidationError(_("The selection round is closed."))
    if not selection.panel.filter(pk=actor.pk).exists():
        raise ValidationError(_("Only the panel scores."))
    if Score.objects.filter(round=selection, panelist=actor).exists():
        # Handing in shows the ranking; changing scores after seeing it would not be independent.
        raise ValidationError(_("You have already handed in your scores."))
    idea_ids = set(selection.ideas.values_list("pk", flat=True))
    criteria = {c.pk: c for c in selection.criteria.all()}
    wanted = {(i, c) for i in idea_ids for c in criteria}
    if set(values) != wanted:
        raise ValidationError(_("Score every idea on every criterion."))
    if any(not SCORE_MIN <= v <= SCORE_MAX for v in values.values()):
        raise ValidationError(_("Scores go from %(low)d to %(high)d.") % {"low": SCORE_MIN, "high": SCORE_MAX})
    with transaction.atomic():
        Score.objects.bulk_create(
            Score(round=selection, idea_id=idea_id, criterion_id=criterion_id, panelist=actor, value=value)
            for (idea_id, criterion_id), value in values.items()
        )
        _audit("selection.score", actor, selection, selection.process, scores=len(values))
    return len(values)


def selection_decide(
    *, actor: User, selection: SelectionRound, idea: Idea, selected: bool, reason: str
) -> SelectionDecision:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the decision."))
    if not selection.ideas.filter(pk=idea.pk).exists():
        raise ValidationError(_("That idea is not in this round."))
    with transaction.atomic():
        decision, _created = SelectionDecision.objects.update_or_create(
            round=selection,
            idea=idea,
            defaults={"selected": selected, "reason": reason, "decided_by": actor, "decided_at": timezone.now()},
        )
        decision.full_clean()
        _audit("selection.decide", actor, decision, selection.process, idea=idea.pk, selected=selected)
    return decision


def selection_round_close(*, actor: User, selection: SelectionRound) -> SelectionRound:
    with transaction.atomic():
        selection.is_open = False
        selection.save(update_fields=["is_open"])
        _audit("selection.close", actor, selection, selection.process)
    return selection


# --- Incubation -----------------------------------------------------------------------------


def incubation_start(
    *,
    actor: User,
    idea: Idea,
    mentor: User | None = None,
    mentor_name: str = "",
    started_on: dt.date | None = None,
) -> Incubation:
    if hasattr(idea, "incubation"):
        raise ValidationError(_("The idea is already in incubation."))
    if idea.end_state:
        raise ValidationError(_("The idea has already ended."))
    if mentor is not None:
        _check_people(idea.process, [mentor])
    incubation = Incubation(
        idea=idea, mentor=mentor, mentor_name=mentor_name.strip(), started_on=started_on or timezone.localdate()
    )
    incubation.full_clean()
    with transaction.atomic():
        incubation.save()
        _audit("incubation.start", actor, incubation, idea.process, idea=idea.pk)
    return incubation


def milestone_add(*, actor: User, incubation: Incubation, title: str, due_on: dt.date) -> Milestone:
    milestone = Milestone(incubation=incubation, title=title.strip(), due_on=due_on)
    milestone.full_clean()
    with transaction.atomic():
        milestone.save()
        _audit("milestone.add", actor, milestone, incubation.idea.process)
    return milestone


def milestone_done(*, actor: User, milestone: Milestone, done_on: dt.date | None = None) -> Milestone:
    with transaction.atomic():
        milestone.done_on = done_on or timezone.localdate()
        milestone.save(update_fields=["done_on"])
        _audit("milestone.done", actor, milestone, milestone.incubation.idea.process)
    return milestone


def resource_grant_add(
    *, actor: User, incubation: Incubation, kind: str, description: str, amount: Decimal | None = None
) -> ResourceGrant:
    grant = ResourceGrant(incubation=incubation, kind=kind, description=description.strip(), amount=amount)
    grant.full_clean()
    with transaction.atomic():
        grant.save()
        _audit("resource.grant", actor, grant, incubation.idea.process, kind=kind)
    return grant


def status_update_add(*, actor: User, incubation: Incubation, text: str) -> StatusUpdate:
    update = StatusUpdate(incubation=incubation, text=text.strip(), author=actor)
    update.full_clean()
    with transaction.atomic():
        update.save()
        _audit("incubation.status", actor, update, incubation.idea.process)
    return update


# --- Development tracks ---------------------------------------------------------------------


def development_track_create(
    *,
    actor: User,
    process: Process,
    ideas: Sequence[Idea] = (),
    first_follow_up: dt.date | None = None,
    **fields: str,
) -> DevelopmentTrack:
    if any(idea.process_id != process.pk for idea in ideas):
        raise ValidationError(_("An idea belongs to another process."))
    track = DevelopmentTrack(process=process, **{name: value.strip() for name, value in fields.items()})
    track.full_clean()
    with transaction.atomic():
        track.save()
        track.ideas.set(ideas)
        if first_follow_up is not None:
            FollowUp.objects.create(track=track, due_on=first_follow_up)
        _audit("development_track.create", actor, track, process, ideas=len(ideas))
    return track


def follow_up_add(*, actor: User, track: DevelopmentTrack, due_on: dt.date, note: str = "") -> FollowUp:
    follow_up = FollowUp(track=track, due_on=due_on, note=note.strip())
    follow_up.full_clean()
    with transaction.atomic():
        follow_up.save()
        _audit("follow_up.add", actor, follow_up, track.process, track=track.pk)
    return follow_up


def follow_up_done(*, actor: User, follow_up: FollowUp, outcome: str, done_on: dt.date | None = None) -> FollowUp:
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError(_("Say what the follow-up found."))
    follow_up.outcome, follow_up.done_on = outcome, done_on or timezone.localdate()
    follow_up.full_clean()
    with transaction.atomic():
        follow_up.save()
        _audit("follow_up.done", actor, follow_up, follow_up.track.process, track=follow_up.track_id)
    return follow_up
