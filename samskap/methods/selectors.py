"""Reads of the method library: the built-in guides and courses plus the organisation's own."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from samskap.core.models import Organisation
from samskap.methods.models import Course, CourseStep, MethodGuide


def guides_for(organisation: Organisation) -> QuerySet[MethodGuide]:
    return MethodGuide.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation)).order_by(
        "organisation_id", "pk"
    )


def get_guide(organisation: Organisation, guide_id: int, *, own: bool = False) -> MethodGuide:
    guides = guides_for(organisation)
    if own:
        guides = guides.filter(organisation=organisation)
    guide = guides.filter(pk=guide_id).first()
    if guide is None:
        raise Http404
    return guide


def courses_for(organisation: Organisation) -> QuerySet[Course]:
    steps = CourseStep.objects.select_related("method").order_by("position")
    return (
        Course.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("organisation_id", "pk")
    )


def get_course(organisation: Organisation, course_id: int) -> Course:
    course = courses_for(organisation).filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def courses_using(guide: MethodGuide, organisation: Organisation) -> QuerySet[Course]:
    return courses_for(organisation).filter(steps__method=guide).distinct()
