"""Opinion maps: statements, votes and the last computed map (Pol.is-style)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.models import Participant, User
from samskap.events.models import Event
from samskap.processes.models import Process

STATEMENT_MAX_LENGTH = 280
LANGUAGES = (("nb", "Bokmål"), ("nn", "Nynorsk"), ("sv", "Svenska"), ("en", "English"))


class OpinionMap(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="opinion_maps")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="opinion_maps")
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), max_length=1000)
    languages = models.JSONField(_("languages"), default=list)
    allow_statements = models.BooleanField(_("participants may add statements"), default=True)
    is_open = models.BooleanField(_("open for votes"), default=True)
    # Data brought in from Pol.is carries its licence's attribution wherever results are shown.
    attribution = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The last computed map: the engine's state for the next update and what pages show.
    math_state = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    votes_computed = models.PositiveIntegerField(default=0)
    # Set when a recomputation is queued; votes arriving meanwhile do not queue another.
    recompute_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def language_names(self) -> list[str]:
        names = dict(LANGUAGES)
        return [names[code] for code in self.languages if code in names]

    def participant_url(self, code: str) -> str:
        return reverse("opinions:vote", args=[code])


class StatementStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PENDING = "pending", _("Waiting for moderation")
    REJECTED = "rejected", _("Rejected")


class Statement(models.Model):
    opinion_map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=STATEMENT_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=StatementStatus.choices, default=StatementStatus.PENDING)
    is_seed = models.BooleanField(default=False)
    author = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    polis_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Votes on the statement at the last recomputation: orders what participants see next
    # (fewest first) without counting every vote of the map on every vote.
    votes_counted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class Voter(models.Model):
    """One person's place in one map: a participant who joined by code, or a voter brought
    in from a Pol.is export (then only Pol.is' number is known)."""

    opinion_map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="voters")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    polis_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opinion_map", "participant"], name="one_voter_per_participant_and_map")
        ]

    def __str__(self) -> str:
        return f"voter {self.pk}"


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class Vote(models.Model):
    """The current vote of a voter on a statement; a new vote replaces it."""

    opinion_map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "voter"], name="one_current_vote_per_voter_and_statement"),
            models.CheckConstraint(condition=models.Q(value__in=(-1, 0, 1)), name="vote_is_agree_disagree_or_pass"),
        ]
        indexes = [models.Index(fields=["opinion_map", "cast_at"])]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.statement_id}"
