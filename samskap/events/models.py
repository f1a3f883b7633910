"""Events (workshops, camps), their themed questions, dialogue tables and the
contributions made at them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.core.models import Participant, ParticipantRoleLabel, User
from samskap.processes.models import Process

CONTRIBUTION_MAX_LENGTH = 1000
SUMMARY_MAX_LENGTH = 4000
THEME_NAME_MAX_LENGTH = 120
HIDE_REASON_MAX_LENGTH = 300
ROUND_MAX_MINUTES = 180
DOT_BUDGET_MAX = 20


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
    # How the tables work, as the facilitator sets it.
    names_shown = models.BooleanField(
        _("show participants' names with their contributions"),
        default=False,
        help_text=_("Off: every contribution is shown without a name, even when the person gave one."),
    )
    contributions_visible = models.BooleanField(
        _("participants see what others at their table have written"), default=True
    )
    # Registration, and which questions it asks (only what the organiser switches on).
    registration_open = models.BooleanField(_("registration is open"), default=False)
    asks_role = models.BooleanField(_("ask how the person takes part (service user, relative, staff …)"), default=True)
    asks_mode = models.BooleanField(_("ask whether the person comes to the room or takes part online"), default=False)
    asks_interpreting = models.BooleanField(_("ask about interpreting"), default=False)
    asks_accessibility = models.BooleanField(_("ask about accessibility needs"), default=False)
    asks_dietary = models.BooleanField(_("ask about dietary needs"), default=False)
    # At a camp: the size of the teams the matching forms.
    team_size = models.PositiveSmallIntegerField(
        _("team size"), default=5, validators=[MinValueValidator(3), MaxValueValidator(10)]
    )
    # After the event: whether participants are asked the short evaluation.
    evaluation_open = models.BooleanField(_("the evaluation is open"), default=False)
    dot_budget = models.PositiveSmallIntegerField(
        _("dots per person"),
        default=3,
        validators=[MaxValueValidator(DOT_BUDGET_MAX)],
        help_text=_("How many contributions each participant may give a dot to. 0 turns dot voting off."),
    )

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


AGENDA_DESCRIPTION_MAX_LENGTH = 1000


class AgendaSession(models.Model):
    """One session on an event's agenda: a talk, table work, lunch, the pitches."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=AGENDA_DESCRIPTION_MAX_LENGTH, blank=True)
    place = models.CharField(_("room or place"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="agenda_session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Perspective(models.TextChoices):
    """Groups may work from a perspective instead of a themed question."""

    SERVICE_USER = "service_user", _("The service user's perspective")
    RELATIVE = "relative", _("The relative's perspective")
    STAFF = "staff", _("The staff's perspective")
    PARTNER = "partner", _("A partner's perspective")


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
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices, blank=True)
    summary = models.TextField(_("the table's summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    summary_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="table_unique_number")]

    def __str__(self) -> str:
        return gettext("Table %(number)d, %(event)s") % {"number": self.number, "event": self.event}

    def participant_url(self, code: str) -> str:
        return reverse("events:participant_space", args=[code])


class Round(models.Model):
    """A timed round of table work. At most one round of an event is open; between
    rounds people move to another table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(ROUND_MAX_MINUTES)]
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="round_unique_number")]

    def __str__(self) -> str:
        return gettext("Round %(number)d") % {"number": self.number}

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def ends_at(self) -> datetime:
        return self.opened_at + timedelta(minutes=self.minutes)

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.ends_at - now).total_seconds())) if self.is_open else 0


class Theme(models.Model):
    """A theme that groups contributions across tables, confirmed by a person
    (the app only suggests)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=THEME_NAME_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="theme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    table = models.ForeignKey(DialogueTable, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Set when a host typed this in for someone without a phone.
    entered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("contribution"), max_length=CONTRIBUTION_MAX_LENGTH)
    # Kept on the contribution so counts by role survive a participant's erasure.
    role_label = models.CharField(max_length=20, choices=ParticipantRoleLabel.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Changes on every edit (move, theme, hide, key point): live boards compare it.
    updated_at = models.DateTimeField(default=timezone.now)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions")
    is_key_point = models.BooleanField(_("key point"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=HIDE_REASON_MAX_LENGTH, blank=True)
    # Sent with the form by the device: a phone on a flaky network that sends the
    # same form twice gets the first contribution back instead of a copy.
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participant__isnull=False) | models.Q(entered_by__isnull=False),
                name="contribution_has_author",
            ),
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | ~models.Q(hidden_reason=""),
                name="contribution_hidden_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ReactionKind(models.TextChoices):
    AGREE = "agree", _("Agree")
    DOT = "dot", _("Dot")


class Reaction(models.Model):
    """A participant's agreement with, or dot vote on, a contribution. One of each
    kind per person and contribution; dots are limited by the event's budget."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reactions")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "participant", "kind"], name="reaction_once_per_kind"),
        ]
        indexes = [models.Index(fields=["participant", "kind"], name="reaction_by_participant")]

    def __str__(self) -> str:
        return f"{self.kind} {self.contribution_id}"


class RegistrationRole(models.TextChoices):
    SERVICE_USER = "service_user", _("Service user")
    RELATIVE = "relative", _("Relative")
    STAFF = "staff", _("Staff in the municipality")
    SPECIALIST_SERVICE = "specialist_service", _("Specialist health service")
    RESEARCHER = "researcher", _("Researcher")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    OTHER = "other", _("Other")


class AttendanceMode(models.TextChoices):
    ROOM = "room", _("In the room")
    ONLINE = "online", _("Online")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


REGISTRATION_NEED_MAX_LENGTH = 300


class Registration(models.Model):
    """Someone's place at an event. Within capacity it is confirmed; beyond, it waits and
    moves up by itself when someone cancels. `token` is the secret in the link to one's
    own registration (to see it, cancel it, and show the check-in code at the door)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("I take part as"), max_length=20, choices=RegistrationRole.choices, blank=True)
    mode = models.CharField(_("I take part"), max_length=10, choices=AttendanceMode.choices, blank=True)
    interpreting = models.CharField(_("interpreting"), max_length=REGISTRATION_NEED_MAX_LENGTH, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=REGISTRATION_NEED_MAX_LENGTH, blank=True)
    dietary = models.CharField(_("dietary needs"), max_length=REGISTRATION_NEED_MAX_LENGTH, blank=True)
    # At a camp: the team one registered together with (kept together by the matching),
    # and the challenges one wants, most wanted first (CampChallenge ids).
    team_name = models.CharField(_("team"), max_length=80, blank=True)
    challenge_choices = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    token = models.CharField(max_length=43, unique=True, editable=False)
    checkin_code = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "checkin_code"], name="registration_unique_checkin_code"),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="registration_once_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


# Innovation camps --------------------------------------------------------------------

CHALLENGE_BRIEF_MAX_LENGTH = 2000
TEAM_NAME_MAX_LENGTH = 80
MAX_CHALLENGE_CHOICES = 3


class CampChallenge(models.Model):
    """A challenge brief the camp's teams choose from."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), max_length=CHALLENGE_BRIEF_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CampTeam(models.Model):
    """A team at a camp: in the room or online, working on one challenge."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="camp_teams")
    name = models.CharField(_("name"), max_length=TEAM_NAME_MAX_LENGTH)
    challenge = models.ForeignKey(CampChallenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams")
    mode = models.CharField(_("mode"), max_length=10, choices=AttendanceMode.choices)
    # The team's idea canvas is an idea in the ideas module, so that it goes on to the
    # jury, selection and incubation as any other idea does.
    idea = models.OneToOneField(
        "ideas.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="camp_team"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["mode", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class CampTeamMember(models.Model):
    team = models.ForeignKey(CampTeam, on_delete=models.CASCADE, related_name="members")
    # One team per registration: the database refuses a person in two teams.
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="team_membership")

    class Meta:
        ordering = ["registration__name", "pk"]

    def __str__(self) -> str:
        return f"{self.registration.name} → {self.team.name}"


CHECK_IN_NOTE_MAX_LENGTH = 2000
HELP_REQUEST_MAX_LENGTH = 500


class CheckInStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    STUCK = "stuck", _("Stuck")


class CoachCheckIn(models.Model):
    """A coach's visit to a team during the camp: how it is going, and a note the
    team sees too."""

    team = models.ForeignKey(CampTeam, on_delete=models.CASCADE, related_name="check_ins")
    coach = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("how it is going"), max_length=20, choices=CheckInStatus.choices)
    note = models.TextField(_("note"), max_length=CHECK_IN_NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.team.name}: {self.get_status_display()}"


class HelpRequest(models.Model):
    """A team asks the facilitators and coaches for help; one of them answers."""

    team = models.ForeignKey(CampTeam, on_delete=models.CASCADE, related_name="help_requests")
    text = models.TextField(_("what do you need help with?"), max_length=HELP_REQUEST_MAX_LENGTH)
    asked_by = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), max_length=CHECK_IN_NOTE_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# Seats and rotation ------------------------------------------------------------------


class SeatAssignment(models.Model):
    """Where the facilitator seated a participant (who joined by the event's code) for
    one round. A new round's seats rotate people so they meet others."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="seats")
    round_number = models.PositiveSmallIntegerField()
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    table = models.ForeignKey(DialogueTable, on_delete=models.CASCADE, related_name="seats")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "round_number", "table__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "round_number", "participant"], name="seat_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.table} ({self.round_number})"


# The evaluation after an event -------------------------------------------------------

EVALUATION_TEXT_MAX_LENGTH = 1000


class EvaluationResponse(models.Model):
    """One anonymous answer to an event's evaluation. The same questions at every
    event, so events can be compared. `respondent_key` is a keyed hash of who
    answered, only to refuse a second answer: it cannot be turned back into a person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evaluations")
    respondent_key = models.CharField(max_length=64, editable=False)
    useful = models.PositiveSmallIntegerField(
        _("How useful was the event for you?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    heard = models.PositiveSmallIntegerField(
        _("Did you get to say what mattered to you?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    accessible = models.PositiveSmallIntegerField(
        _("Was it easy to take part (place, language, pace)?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    best = models.TextField(_("What was best?"), max_length=EVALUATION_TEXT_MAX_LENGTH, blank=True)
    improve = models.TextField(
        _("What should we do differently next time?"), max_length=EVALUATION_TEXT_MAX_LENGTH, blank=True
    )
    # How the person took part (service user, relative, staff …), for counts by role only.
    role_label = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "respondent_key"], name="evaluation_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.pk}"
