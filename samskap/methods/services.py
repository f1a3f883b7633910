"""An organisation's own method guides and courses: written in one language at a time,
so a guide can be given a second language later without touching the first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samskap.core.audit import audit_record
from samskap.core.models import LANGUAGE_CHOICES, Organisation, User
from samskap.methods.models import Course, CourseStep, MethodGuide, Place

LANGUAGES = {code for code, _name in LANGUAGE_CHOICES}
MAX_STEPS = 12


def method_guide_save(
    *,
    actor: User,
    organisation: Organisation,
    language: str,
    name: str,
    summary: str,
    when: str,
    how: Sequence[str],
    duration: str,
    place: str = "",
    guide: MethodGuide | None = None,
) -> MethodGuide:
    if language not in LANGUAGES:
        raise ValidationError(_("Choose one of the offered languages."))
    if place and place not in Place.values:
        raise ValidationError(_("Unknown place in Samskap."))
    steps = [" ".join(step.split()) for step in how if step.strip()]
    if not name.strip() or not steps:
        raise ValidationError(_("A method needs a name and at least one step."))
    if len(steps) > MAX_STEPS:
        raise ValidationError(_("At most %(limit)d steps.") % {"limit": MAX_STEPS})
    if guide is not None and guide.organisation_id != organisation.pk:
        raise ValidationError(_("Only the organisation's own methods can be changed."))
    with transaction.atomic():
        if guide is None:
            guide = MethodGuide(organisation=organisation, key=f"own-{uuid.uuid4().hex[:12]}")
        guide.names = {**guide.names, language: name.strip()}
        guide.summary = {**guide.summary, language: summary.strip()}
        guide.when = {**guide.when, language: when.strip()}
        guide.how = {**guide.how, language: steps}
        guide.duration = {**guide.duration, language: duration.strip()}
        guide.place = place
        guide.save()
        audit_record(
            action="method_guide.save",
            actor=actor,
            obj=guide,
            organisation_id=organisation.pk,
            detail={"language": language},
        )
    return guide


def course_save(
    *,
    actor: User,
    organisation: Organisation,
    language: str,
    name: str,
    description: str,
    steps: Sequence[tuple[MethodGuide, str]],
) -> Course:
    if language not in LANGUAGES:
        raise ValidationError(_("Choose one of the offered languages."))
    if not name.strip() or not steps:
        raise ValidationError(_("A course needs a name and at least one method."))
    if len(steps) > MAX_STEPS:
        raise ValidationError(_("At most %(limit)d steps.") % {"limit": MAX_STEPS})
    if any(guide.organisation_id not in (None, organisation.pk) for guide, _exercise in steps):
        raise ValidationError(_("A method belongs to another organisation."))
    with transaction.atomic():
        course = Course.objects.create(
            organisation=organisation,
            key=f"own-{uuid.uuid4().hex[:12]}",
            names={language: name.strip()},
            description={language: description.strip()},
        )
        CourseStep.objects.bulk_create(
            CourseStep(course=course, method=guide, position=position, exercise={language: exercise.strip()})
            for position, (guide, exercise) in enumerate(steps, start=1)
        )
        audit_record(
            action="course.create",
            actor=actor,
            obj=course,
            organisation_id=organisation.pk,
            detail={"steps": len(steps)},
        )
    return course
