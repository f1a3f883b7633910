"""Improvement work in learning networks: networks with gatherings, teams per
municipality, projects (the Model for Improvement's three questions, a driver
diagram, PDSA cycles), measures with their observations, and the user-made
objects that shape a chart (baselines, phases, annotations).

No patient-level data lives here: observations are team-level aggregates
(counts, proportions, averages) per period.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

from samskap.core.models import Organisation, User
from samskap.processes.models import Process

TEXT_MAX_LENGTH = 4000


class Network(models.Model):
    """A learning network (læringsnettverk, genombrottsprogram) run as a process.

    Its member organisations are the process's owner and partners."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="network")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")

    def __str__(self) -> str:
        return self.process.title


class Gathering(models.Model):
    """A network gathering (samling, lärandeseminarium). The action period after it runs
    until the next gathering."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="gatherings")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    action_period_focus = models.TextField(_("focus of the action period after it"), blank=True, max_length=2000)

    class Meta:
        ordering = ["held_on", "number"]
        constraints = [models.UniqueConstraint(fields=["network", "number"], name="gathering_unique_number")]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    MEASUREMENT_LEAD = "measurement_lead", _("Measurement lead")
    USER_REPRESENTATIVE = "user_representative", _("User representative")
    COACH = "coach", _("Coach")
    SPONSOR = "sponsor", _("Sponsor")
    MEMBER = "member", _("Team member")


class Team(models.Model):
    """An improvement team of one member organisation in a network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="teams")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="improvement_teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "organisation", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """Someone on a team. Staff have an account (`user`); a user representative may not,
    and is then named only."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="team_memberships")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=30, choices=TeamRole.choices)

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_role_display()}"


class ProjectPhase(models.TextChoices):
    """The five phases of Modell for kvalitetsforbedring (FHI)."""

    PREPARE = "prepare", _("Prepare")
    PLAN = "plan", _("Plan")
    DO = "do", _("Carry out")
    EVALUATE = "evaluate", _("Evaluate")
    FOLLOW_UP = "follow_up", _("Follow up")


class Project(models.Model):
    """An improvement project: what are we trying to accomplish (aim), how will we know
    a change is an improvement (measures), what changes can we make (change ideas)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=200)
    aim = models.TextField(_("aim"), max_length=2000, help_text=_("What are we trying to accomplish?"))
    aim_how_much = models.CharField(_("how much"), max_length=200, blank=True)
    aim_by_when = models.DateField(_("by when"), null=True, blank=True)
    aim_for_whom = models.CharField(_("for whom"), max_length=200, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=ProjectPhase.choices, default=ProjectPhase.PREPARE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def latest_progress(self) -> ProgressScore | None:
        """The newest progress score (from prefetched scores when there are)."""
        scores = sorted(self.progress_scores.all(), key=lambda s: (s.recorded_on, s.pk))
        return scores[-1] if scores else None


PROGRESS_SCORES: list[tuple[Decimal, StrOrPromise]] = [
    (Decimal("0.5"), _("Intent to participate")),
    (Decimal("1.0"), _("Charter and team established")),
    (Decimal("1.5"), _("Planning for the project has begun")),
    (Decimal("2.0"), _("Activity, but no changes")),
    (Decimal("2.5"), _("Changes tested, but no improvement")),
    (Decimal("3.0"), _("Modest improvement")),
    (Decimal("3.5"), _("Improvement")),
    (Decimal("4.0"), _("Significant improvement")),
    (Decimal("4.5"), _("Sustainable improvement")),
    (Decimal("5.0"), _("Outstanding sustainable results")),
]


class ProgressScore(models.Model):
    """The IHI progress score (0.5–5.0), set by the team itself; its history is kept."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_scores")
    score = models.DecimalField(_("progress score"), max_digits=2, decimal_places=1, choices=PROGRESS_SCORES)
    recorded_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=Decimal("0.5"), score__lte=Decimal("5.0")),
                name="progress_score_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} ({self.recorded_on:%Y-%m-%d})"


class Driver(models.Model):
    """A driver in the project's driver diagram: primary when it has no parent,
    secondary under a primary driver."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="drivers")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    text = models.CharField(_("driver"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ChangeIdea(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    driver = models.ForeignKey(Driver, on_delete=models.SET_NULL, null=True, blank=True, related_name="change_ideas")
    text = models.CharField(_("change idea"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome measure")
    PROCESS = "process", _("Process measure")
    BALANCING = "balancing", _("Balancing measure")


class ValueKind(models.TextChoices):
    """What one observation is; it decides which charts make sense."""

    MEASUREMENT = "measurement", _("A measured value (average, score, time)")
    PROPORTION = "proportion", _("A share: numerator out of denominator")
    RATE = "rate", _("A rate: count per exposure (e.g. per 1,000 bed days)")
    COUNT = "count", _("A count of events per period")
    CASES_BETWEEN = "cases_between", _("Cases between rare events")
    DAYS_BETWEEN = "days_between", _("Days between rare events")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class ChartType(models.TextChoices):
    """Chart types offered for a measure (one value per period; Xbar and S need
    subgroups and are available from the command line)."""

    RUN = "run", _("Run chart (median)")
    I = "i", _("I chart (XmR)")  # noqa: E741 - the chart's name
    MR = "mr", _("MR chart")
    P = "p", _("P chart")
    PP = "pp", _("P′ chart (Laney)")
    U = "u", _("U chart")
    UP = "up", _("U′ chart (Laney)")
    C = "c", _("C chart")
    G = "g", _("G chart")
    T = "t", _("T chart")


class RuleSet(models.TextChoices):
    ANHOEJ = "anhoej", _("Anhøj rules and 3σ limits")
    MDC = "mdc", _("Making Data Count (NHS)")


class Measure(models.Model):
    """A measure: either a network's shared definition (`network` set) or a team's own,
    in a project (`project` set), possibly adopted from a shared one (`shared`)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="shared_measures"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="measures")
    shared = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions", verbose_name=_("shared")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of measure"), max_length=20, choices=MeasureKind.choices)
    definition = models.TextField(_("operational definition"), max_length=TEXT_MAX_LENGTH, blank=True)
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    value_kind = models.CharField(_("kind of value"), max_length=20, choices=ValueKind.choices)
    improvement = models.CharField(_("direction of improvement"), max_length=10, choices=Direction.choices, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    chart = models.CharField(
        _("chart"), max_length=4, choices=ChartType.choices, blank=True, help_text=_("Empty: let Samskap suggest one.")
    )
    rules = models.CharField(_("rules"), max_length=10, choices=RuleSet.choices, default=RuleSet.ANHOEJ)
    screen_mr = models.BooleanField(_("screen large moving ranges"), default=True)
    multiply = models.FloatField(_("multiply by"), default=1.0)
    in_operations_since = models.DateField(_("monitored in operations since"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(network__isnull=False, project__isnull=True))
                | (models.Q(network__isnull=True, project__isnull=False)),
                name="measure_in_network_or_project",
            ),
            models.CheckConstraint(condition=models.Q(multiply__gt=0), name="measure_multiply_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_denominator(self) -> bool:
        return self.value_kind in (ValueKind.PROPORTION, ValueKind.RATE)


class Observation(models.Model):
    """One period's aggregate value: the numerator (or the value) and, for shares and
    rates, the denominator."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="observations")
    period = models.DateField(_("period"))
    value = models.FloatField(_("value"))
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    excluded = models.BooleanField(_("left out of the calculations"), default=False)
    exclude_reason = models.CharField(_("reason for leaving it out"), max_length=300, blank=True)

    class Meta:
        ordering = ["period"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="observation_unique_period")]

    def __str__(self) -> str:
        return f"{self.measure_id} · {self.period:%Y-%m-%d}"


class BreakKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline: freeze the limits")
    PHASE = "phase", _("New phase: recalculate from here")


class ChartBreak(models.Model):
    """A user-made change to how a chart is calculated, always with a reason:
    a baseline freezes the centre line and limits on the points up to and including
    `period`; a phase starts new calculations at `period` (after a change was made)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="breaks")
    kind = models.CharField(_("kind"), max_length=10, choices=BreakKind.choices)
    period = models.DateField(_("period"))
    reason = models.CharField(_("reason"), max_length=500)
    pdsa = models.ForeignKey(
        "PdsaCycle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("PDSA cycle")
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "kind", "period"], name="chart_break_unique"),
            models.UniqueConstraint(
                fields=["measure"], condition=models.Q(kind="baseline"), name="chart_break_one_baseline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.period:%Y-%m-%d}"


class Annotation(models.Model):
    """A note on a chart's time axis ("new intake routine", "summer holidays")."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    period = models.DateField(_("period"))
    text = models.CharField(_("note"), max_length=200)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["period", "pk"]

    def __str__(self) -> str:
        return self.text


class PdsaAct(models.TextChoices):
    ADOPT = "adopt", _("Adopt")
    ADAPT = "adapt", _("Adapt")
    ABANDON = "abandon", _("Abandon")


class PdsaCycle(models.Model):
    """A Plan–Do–Study–Act cycle. `previous` chains cycles from small tests to larger
    scale; the prediction made in Plan is what Study compares against."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    change_idea = models.ForeignKey(
        ChangeIdea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pdsa_cycles",
        verbose_name=_("change idea"),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_cycles",
        verbose_name=_("builds on"),
    )
    title = models.CharField(_("title"), max_length=200)
    scale = models.CharField(_("scale"), max_length=200, blank=True, help_text=_("For example: one user, one week."))
    question = models.TextField(_("question"), max_length=TEXT_MAX_LENGTH, help_text=_("What do we want to learn?"))
    prediction = models.TextField(
        _("prediction"), max_length=TEXT_MAX_LENGTH, help_text=_("What do we think will happen?")
    )
    plan = models.TextField(_("plan"), max_length=TEXT_MAX_LENGTH, blank=True, help_text=_("Who, what, when, where."))
    do_notes = models.TextField(_("do"), max_length=TEXT_MAX_LENGTH, blank=True, help_text=_("What happened?"))
    study_notes = models.TextField(
        _("study"), max_length=TEXT_MAX_LENGTH, blank=True, help_text=_("How did it go, compared with the prediction?")
    )
    act = models.CharField(_("act"), max_length=10, choices=PdsaAct.choices, blank=True)
    act_notes = models.TextField(_("next step"), max_length=TEXT_MAX_LENGTH, blank=True)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    measures = models.ManyToManyField(Measure, blank=True, related_name="pdsa_cycles", verbose_name=_("measures"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def stage(self) -> str:
        """How far the cycle has come: plan, do, study or act."""
        if self.act:
            return "act"
        if self.study_notes:
            return "study"
        if self.do_notes:
            return "do"
        return "plan"
