"""Innovation and improvement processes: their phases (from a phase template),
the activities in each phase, the roles people hold, the public page, and the
challenge picture with its versions and evidence."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TypeVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samskap.core.models import Organisation, Role, User

NAME_MAX_LENGTH = 200
T = TypeVar("T")


def localised_value(texts: Mapping[str, T], language: str, default: T) -> T:
    """The value in `language`, else the first of bokmål, Swedish, English, nynorsk that
    exists, else any. Phase names, template names and method guides are stored in every
    language someone has written them in."""
    for lang in (language, "nb", "sv", "en", "nn"):
        if texts.get(lang):
            return texts[lang]
    return next((value for value in texts.values() if value), default)


def localised(texts: Mapping[str, str], language: str) -> str:
    return localised_value(texts, language, "")


class ProcessKind(models.TextChoices):
    STRATEGY = "strategy", _("Strategy")
    INNOVATION_PROGRAMME = "innovation_programme", _("Innovation programme")
    SERVICE_DESIGN = "service_design", _("Service design pre-study")
    LEARNING_NETWORK = "learning_network", _("Learning network")
    WORKSHOP_SERIES = "workshop_series", _("Workshop series")


class PhaseTemplate(models.Model):
    """A named sequence of phases. Built-in templates (no organisation) ship with
    Samskap; an organisation copies one or writes its own."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="phase_templates"
    )
    key = models.SlugField(max_length=60)
    names = models.JSONField(default=dict)  # {"nb": "...", "nn": "...", "sv": "...", "en": "..."}
    descriptions = models.JSONField(default=dict, blank=True)
    source_url = models.URLField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="phase_template_unique_key"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(organisation__isnull=True), name="phase_template_unique_builtin"
            ),
        ]

    def __str__(self) -> str:
        return localised(self.names, "en")

    @property
    def is_builtin(self) -> bool:
        return self.organisation_id is None


class TemplatePhase(models.Model):
    template = models.ForeignKey(PhaseTemplate, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    names = models.JSONField(default=dict)
    purposes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["template_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="template_phase_unique_position"),
        ]

    def __str__(self) -> str:
        return localised(self.names, "en")


class Process(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="processes")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_processes")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ProcessKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    template = models.ForeignKey(
        PhaseTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="processes"
    )
    current_phase = models.ForeignKey("Phase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    # Texts for the public page; they must hold no personal data.
    how_to_take_part = models.TextField(_("how to take part"), blank=True)
    results_so_far = models.TextField(_("results so far"), blank=True)
    # A legal hold (a complaint, an inspection, a court case) stops every deletion by retention.
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    legal_hold_reason = models.CharField(_("reason for the legal hold"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    """One phase of one process, copied from its template so that the process can
    rename or add phases without touching the template."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    names = models.JSONField(default=dict)
    purposes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["process_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="phase_unique_position"),
        ]

    def __str__(self) -> str:
        return localised(self.names, "en")


class PhaseChange(models.Model):
    """The process moved to another phase: forwards, or back (with a reason)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.process} → {self.to_phase}"


class ActivityKind(models.TextChoices):
    INTERVIEWS = "interviews", _("Interview series")
    OBSERVATION = "observation", _("Observation study")
    EVENT = "event", _("Workshop or event")
    OPINION_MAP = "opinion_map", _("Opinion map")
    IMPROVEMENT = "improvement", _("Improvement work")
    STATISTICS = "statistics", _("Statistics comparison")
    NOTE = "note", _("Note to politicians")
    DESK_RESEARCH = "desk_research", _("Desk research")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")


class InfluenceLevel(models.TextChoices):
    """The Swedish brukarinflytande levels (NSPH): influence over one's own care,
    over a service, or over the system."""

    INDIVIDUAL = "individual", _("Individual level")
    SERVICE = "service", _("Service level")
    SYSTEM = "system", _("System level")


class Activity(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    influence_level = models.CharField(
        _("level of user influence"), max_length=12, choices=InfluenceLevel.choices, blank=True
    )
    happened_on = models.DateField(_("date"), null=True, blank=True)
    # The real object in another module: an event, an opinion map, a learning network…
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # Who took part, in aggregate only.
    service_users = models.PositiveIntegerField(_("service users"), null=True, blank=True)
    relatives = models.PositiveIntegerField(_("relatives"), null=True, blank=True)
    staff = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    partners = models.PositiveIntegerField(_("partners"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phase__position", "happened_on", "pk"]
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.title


class MaterialKind(models.TextChoices):
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    SUMMARY = "summary", _("Summary")


class Material(models.Model):
    """Something a newcomer reads or watches to catch up; shown on the public page."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    url = models.URLField(_("link"), blank=True)
    text = models.TextField(_("text"), blank=True, max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ProcessMembership(models.Model):
    """A role a user holds in one process, on top of any organisation role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="process_memberships")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "process", "role"], name="process_membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.process} · {self.role}"


# --- The challenge picture ---------------------------------------------------------------


class ChallengePicture(models.Model):
    """One version of a process's challenge picture. A new version copies the last
    one's items (keeping their keys) so the next version can show what changed."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="challenge_pictures")
    number = models.PositiveIntegerField()
    change_note = models.TextField(_("what changed and why"), blank=True, max_length=3000)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Where this version was put to the test, e.g. the opinion map of a workshop.
    tested_in_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tested_in_id = models.PositiveBigIntegerField(null=True, blank=True)
    tested_in = GenericForeignKey("tested_in_type", "tested_in_id")

    class Meta:
        ordering = ["process_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="challenge_picture_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.process} v{self.number}"


class ChallengeItemKind(models.TextChoices):
    PROBLEM = "problem", _("Problem statement")
    TARGET_GROUP = "target_group", _("Target group")


class ChallengeItem(models.Model):
    version = models.ForeignKey(ChallengePicture, on_delete=models.CASCADE, related_name="items")
    # The same key in two versions means the same item, perhaps reworded.
    key = models.UUIDField(default=uuid.uuid4)
    kind = models.CharField(max_length=12, choices=ChallengeItemKind.choices)
    text = models.CharField(_("text"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version_id", "kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="challenge_item_unique_key"),
        ]

    def __str__(self) -> str:
        return self.text


class EvidenceLink(models.Model):
    """Why an item is in the picture: an insight, a statistic, a workshop's
    contributions, an opinion map's result…"""

    item = models.ForeignKey(ChallengeItem, on_delete=models.CASCADE, related_name="evidence")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "target_type", "target_id"], name="evidence_link_unique_target"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ← {self.target_type}:{self.target_id}"


# --- Governance: groups, meetings, decisions, stakeholders, benefits ------------------------


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    WORKING = "working", _("Working group")


class ProcessGroup(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["process_id", "kind", "pk"]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class GroupMember(models.Model):
    """A member of a steering or working group: a user, or someone named who has no account
    (a user representative, a GP, a partner's leader)."""

    group = models.ForeignKey(ProcessGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=150, blank=True)
    role_title = models.CharField(_("role in the group"), max_length=150, blank=True)
    represents = models.CharField(_("represents"), max_length=200, blank=True)

    class Meta:
        ordering = ["group_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""), name="group_member_has_someone"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user else self.name


class Meeting(models.Model):
    group = models.ForeignKey(ProcessGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=5000, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on}"


class Decision(models.Model):
    """One line of the decision log: what was decided, by whom, when, and why. The log is
    kept as it was written: decisions are added, never edited or removed."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    decided_on = models.DateField(_("date"))
    what = models.TextField(_("what was decided"), max_length=2000)
    decided_by = models.CharField(_("decided by"), max_length=200)
    why = models.TextField(_("why"), max_length=2000)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.what[:60]


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class StakeholderKind(models.TextChoices):
    SERVICE_USERS = "service_users", _("Service users")
    RELATIVES = "relatives", _("Relatives")
    STAFF = "staff", pgettext_lazy("people, plural", "Staff")
    LEADERS = "leaders", _("Leaders")
    POLITICIANS = "politicians", _("Politicians")
    PARTNERS = "partners", _("Partners")
    USER_ORGANISATIONS = "user_organisations", _("User organisations")
    OTHER = "other", _("Other")


class Stakeholder(models.Model):
    """A group or organisation with a stake in the process, placed by influence and interest."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("who"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=StakeholderKind.choices)
    influence = models.CharField(pgettext_lazy("stakeholder map", "influence"), max_length=6, choices=Level.choices)
    interest = models.CharField(_("interest"), max_length=6, choices=Level.choices)
    how_to_involve = models.CharField(_("how we involve them"), max_length=500, blank=True)

    class Meta:
        ordering = ["process_id", "name"]

    def __str__(self) -> str:
        return self.name


class Benefit(models.Model):
    """A line of the benefits plan (gevinstrealiseringsplan): what should get better, how it
    is measured, where it stands at the start, and the target."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="benefits")
    description = models.CharField(_("benefit"), max_length=300)
    indicator = models.CharField(_("how it is measured"), max_length=300)
    baseline = models.CharField(_("baseline"), max_length=100)
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    owner = models.CharField(_("responsible"), max_length=200, blank=True)
    # When the benefit is followed as a measure with a run chart in the improvement module.
    measure = models.ForeignKey(
        "improvement.Measure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["process_id", "pk"]

    def __str__(self) -> str:
        return self.description
