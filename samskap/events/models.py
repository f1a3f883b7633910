"""Events (workshops, camps), their themed questions, dialogue tables and the
contributions made at them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.core.models import Participant, ParticipantRoleLabel, User
from samskap.processes.models import Process

CONTRIBUTION_MAX_LENGTH = 1000


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    INNOVATION_CAMP = "innovation_camp", _("Innovation camp")
    WEBINAR = "webinar", _("Deep-dive webinar")
    NETWORK_GATHERING = "network_gathering", _("Network gathering")


class EventMode(models.TextChoices):
    PHYSICAL = "physical", _("In the room")
    DIGITAL = "digital", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Event(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=EventMode.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video room"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def participant_url(self, code: str) -> str:
        return reverse("events:participant_space", args=[code])


class ThemedQuestion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class DialogueTable(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("table number"))
    question = models.ForeignKey(ThemedQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    host = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_tables")
    is_online = models.BooleanField(_("online table"), default=False)

    class Meta:
        ordering = ["event", "number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="table_unique_number")]

    def __str__(self) -> str:
        return gettext("Table %(number)d, %(event)s") % {"number": self.number, "event": self.event}

    def participant_url(self, code: str) -> str:
        return reverse("events:participant_space", args=[code])


class Contribution(models.Model):
    table = models.ForeignKey(DialogueTable, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Set when a host typed this in for someone without a phone.
    entered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("contribution"), max_length=CONTRIBUTION_MAX_LENGTH)
    # Kept on the contribution so counts by role survive a participant's erasure.
    role_label = models.CharField(max_length=20, choices=ParticipantRoleLabel.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participant__isnull=False) | models.Q(entered_by__isnull=False),
                name="contribution_has_author",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
