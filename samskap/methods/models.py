"""The method library: short guides to the methods of the field, in four languages, and
courses that string methods together with exercises. Built-in guides (no organisation)
ship with Samskap (`library.py`); an organisation adds its own."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.models import Organisation


class Place(models.TextChoices):
    """Where in Samskap a method is carried out."""

    INTERVIEWS = "interviews", _("Insight and interviews")
    EVENTS = "events", _("Events and dialogue tables")
    OPINION_MAPS = "opinion_maps", _("Opinion maps")
    IMPROVEMENT = "improvement", _("Improvement work")
    IDEAS = "ideas", _("Ideas")
    CHALLENGE_PICTURE = "challenge_picture", _("The challenge picture")


class MethodGuide(models.Model):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="method_guides"
    )
    key = models.SlugField(max_length=60)
    # Every text is {language: text}; `how` is {language: [step, step, …]}.
    names = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    when = models.JSONField(default=dict)
    how = models.JSONField(default=dict)
    duration = models.JSONField(default=dict)
    place = models.CharField(max_length=20, choices=Place.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="method_guide_unique_key"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(organisation__isnull=True), name="method_guide_unique_builtin"
            ),
        ]

    def __str__(self) -> str:
        return self.names.get("en") or next(iter(self.names.values()), self.key)


class Course(models.Model):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="courses"
    )
    key = models.SlugField(max_length=60)
    names = models.JSONField(default=dict)
    description = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="course_unique_key"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(organisation__isnull=True), name="course_unique_builtin"
            ),
        ]

    def __str__(self) -> str:
        return self.names.get("en") or next(iter(self.names.values()), self.key)


class CourseStep(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="steps")
    method = models.ForeignKey(MethodGuide, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    exercise = models.JSONField(default=dict)

    class Meta:
        ordering = ["course_id", "position"]
        constraints = [models.UniqueConstraint(fields=["course", "position"], name="course_step_unique_position")]

    def __str__(self) -> str:
        return f"{self.course} {self.position}"
