"""Ideas from any source, through the stages a process defines, a scored selection
and incubation, to an end state: ordinary operations, an improvement project, a
start-up or service, or stopped with what was learned."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.models import User
from samskap.processes.models import Process

TEXT_MAX = 3000


class IdeaStage(models.Model):
    """A development stage, defined by whoever runs the process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="idea_stages")
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["process_id", "position"]
        constraints = [models.UniqueConstraint(fields=["process", "position"], name="idea_stage_unique_position")]

    def __str__(self) -> str:
        return self.name


class IdeaOrigin(models.TextChoices):
    TABLE_CONTRIBUTION = "table_contribution", _("A dialogue-table contribution")
    CAMP_TEAM = "camp_team", _("A camp team")
    INSIGHT = "insight", _("An insight")
    STAFF = "staff", _("Staff")
    PARTICIPANT = "participant", _("A participant's suggestion")
    OTHER = "other", _("Other")


class EndState(models.TextChoices):
    OPERATIONS = "operations", _("Taken into ordinary operations")
    IMPROVEMENT_PROJECT = "improvement_project", _("Turned into an improvement project")
    STARTUP = "startup", _("Turned into a start-up or a service")
    STOPPED = "stopped", _("Stopped")


class Idea(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ideas")
    stage = models.ForeignKey(IdeaStage, on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(_("title"), max_length=200)
    # The structured template: the problem, for whom, the idea, the value for the person,
    # what it takes, the first small test.
    problem = models.TextField(_("the problem"), max_length=TEXT_MAX, blank=True)
    for_whom = models.CharField(_("for whom"), max_length=300, blank=True)
    description = models.TextField(_("the idea"), max_length=TEXT_MAX)
    value_for_person = models.TextField(_("the value for the person"), max_length=TEXT_MAX, blank=True)
    what_it_takes = models.TextField(_("what it takes"), max_length=TEXT_MAX, blank=True)
    first_small_test = models.TextField(_("the first small test"), max_length=TEXT_MAX, blank=True)
    origin = models.CharField(_("where it came from"), max_length=20, choices=IdeaOrigin.choices)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    co_authors = models.ManyToManyField(User, blank=True, related_name="co_authored_ideas")
    created_at = models.DateTimeField(default=timezone.now)
    end_state = models.CharField(_("end state"), max_length=20, choices=EndState.choices, blank=True)
    end_reason = models.TextField(_("why"), max_length=TEXT_MAX, blank=True)
    lessons = models.TextField(_("what was learned"), max_length=TEXT_MAX, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    improvement_project = models.ForeignKey(
        "improvement.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="from_ideas"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return self.title


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Selection ------------------------------------------------------------------------------


class SelectionRound(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="selection_rounds")
    title = models.CharField(_("title"), max_length=200)
    panel = models.ManyToManyField(User, related_name="selection_panels", verbose_name=_("panel"))
    ideas = models.ManyToManyField(Idea, related_name="selection_rounds", verbose_name=_("ideas"))
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight"))
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["round_id", "position"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=10), name="criterion_weight_1_10"),
        ]

    def __str__(self) -> str:
        return self.name


SCORE_MIN, SCORE_MAX = 1, 5


class Score(models.Model):
    """One panellist's score of one idea on one criterion, 1–5."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="scores")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    panelist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "idea", "panelist"], name="score_unique_per_panelist"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="score_value_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.idea} · {self.criterion} · {self.value}"


class SelectionDecision(models.Model):
    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="decisions")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="decisions")
    selected = models.BooleanField(_("selected"))
    reason = models.TextField(_("reason"), max_length=2000)
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "idea"], name="selection_decision_unique")]

    def __str__(self) -> str:
        return f"{self.idea}: {self.selected}"


# --- Incubation -----------------------------------------------------------------------------


class Incubation(models.Model):
    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="incubation")
    mentor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("mentor")
    )
    # A mentor from outside the organisation, by name only.
    mentor_name = models.CharField(_("mentor from outside"), max_length=150, blank=True)
    started_on = models.DateField(_("started"), default=timezone.localdate)

    def __str__(self) -> str:
        return f"{self.idea}"


class Milestone(models.Model):
    incubation = models.ForeignKey(Incubation, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ResourceKind(models.TextChoices):
    COURSE = "course", _("Course")
    WORKPLACE = "workplace", _("Workplace")
    FUNDS = "funds", _("Funds")
    OTHER = "other", _("Other")


class ResourceGrant(models.Model):
    incubation = models.ForeignKey(Incubation, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    description = models.CharField(_("what"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    granted_on = models.DateField(_("granted"), default=timezone.localdate)

    class Meta:
        ordering = ["granted_on", "pk"]

    def __str__(self) -> str:
        return self.description


class StatusUpdate(models.Model):
    incubation = models.ForeignKey(Incubation, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("status"), max_length=2000)
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Development tracks ---------------------------------------------------------------------


class DevelopmentTrack(models.Model):
    """An utvecklingsspår: a bundle of ideas (and, with them, the insights behind them)
    proposed for implementation within existing services, with an owner, partners and
    follow-up dates for the steering group."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="development_tracks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    service = models.CharField(_("in which service"), max_length=200, blank=True)
    owner = models.CharField(_("owner"), max_length=200)
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    ideas = models.ManyToManyField(Idea, blank=True, related_name="development_tracks", verbose_name=_("ideas"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["process_id", "pk"]

    def __str__(self) -> str:
        return self.title


class FollowUp(models.Model):
    track = models.ForeignKey(DevelopmentTrack, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("follow-up date"))
    note = models.CharField(_("what to follow up"), max_length=300, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.track} {self.due_on}"


class IdeaAttachment(models.Model):
    """A file that belongs to an idea: a sketch, a photo of a prototype, a one-pager. Its kind
    is read from its bytes when it arrives; it is stored under a random name and only served
    through a view that checks the reader's role in the process."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="ideas/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
