"""Insight work: interview guides, sources (interviews, observation notes, desk research),
the personal-data review that releases a source for coding, the pseudonym key kept apart,
a codebook with each coder's codings, memos, and insights backed by quotes.

Offsets (`start`, `end`) are 0-based code-point offsets, end exclusive: the original text's
for personal-data findings, the released (pseudonymised) text's for codings and quotes.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.models import LANGUAGE_CHOICES, Organisation, User
from samskap.processes.models import Process


def comma_list(value: str) -> list[str]:
    """ "a, b,, c " → ["a", "b", "c"]: tags and choices as people type them."""
    return [part.strip() for part in value.split(",") if part.strip()]


TEXT_MAX = 400_000  # a long transcript: ~60,000 words
SUMMARY_MAX = 3000


class GuideQuestionKind(models.TextChoices):
    OPEN = "open", _("Open question")
    WHAT_MATTERS = "what_matters", _("What matters to you?")


class InterviewGuide(models.Model):
    """A guide belongs to an organisation, so every process there can reuse it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="interview_guides")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=SUMMARY_MAX, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class GuideSection(models.Model):
    guide = models.ForeignKey(InterviewGuide, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("section"), max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["guide_id", "position"]
        constraints = [models.UniqueConstraint(fields=["guide", "position"], name="guide_section_unique_position")]

    def __str__(self) -> str:
        return self.title


class GuideQuestion(models.Model):
    section = models.ForeignKey(GuideSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=GuideQuestionKind.choices, default=GuideQuestionKind.OPEN)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["section_id", "position"]
        constraints = [models.UniqueConstraint(fields=["section", "position"], name="guide_question_unique_position")]

    def __str__(self) -> str:
        return self.text


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation notes")
    DESK = "desk", _("Desk research")
    IMPORTED = "imported", _("Imported text")


class PersonCategory(models.TextChoices):
    """Who was interviewed or observed, as a category only."""

    SERVICE_USER = "service_user", _("Service user")
    RELATIVE = "relative", _("Relative")
    EXPERIENCE_CONSULTANT = "experience_consultant", _("Experience consultant")
    STAFF = "staff", _("Staff")
    LEADER = "leader", _("Leader")
    GP = "gp", _("General practitioner")
    SPECIALIST = "specialist", _("Specialist service")
    AGENCY = "agency", _("Employment or social-insurance agency")
    RESEARCHER = "researcher", _("Researcher")
    OTHER = "other", _("Other")


class SourceStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("Personal data being reviewed")
    RELEASED = "released", _("Released for coding")


# How long each kind of text is kept (days). The original, with personal data, is kept
# briefly after release so a reviewer can correct a mistake; the pseudonymised text is what
# the analysis stands on and is kept with the project's material.
RETENTION_DAYS = {
    SourceKind.INTERVIEW: {"original_after_release": 30, "released": 5 * 365},
    SourceKind.OBSERVATION: {"original_after_release": 30, "released": 5 * 365},
    SourceKind.DESK: {"original_after_release": 0, "released": 10 * 365},
    SourceKind.IMPORTED: {"original_after_release": 30, "released": 5 * 365},
}


class Source(models.Model):
    """An interview, an observation or a piece of desk research in one process.

    `original_text` holds what was typed or uploaded and may contain personal data: only
    people who may read personal data see it. `released_text` is the reviewed,
    pseudonymised text that coders, quotes and exports use; it is empty until release.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    person_category = models.CharField(
        _("who was interviewed or observed"), max_length=30, choices=PersonCategory.choices, blank=True
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    held_on = models.DateField(_("date"), null=True, blank=True)
    interviewer = models.ForeignKey(
        User, verbose_name=_("interviewer"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guide = models.ForeignKey(
        InterviewGuide, verbose_name=_("interview guide"), on_delete=models.SET_NULL, null=True, blank=True
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    # Consent of the person interviewed or observed (not asked for desk research).
    consent_purpose = models.CharField(_("purpose the person consented to"), max_length=300, blank=True)
    consent_version = models.CharField(_("version of the consent text"), max_length=40, blank=True)
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    # Desk research: what it is and where it is found.
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    reference = models.CharField(_("reference or link"), max_length=500, blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    original_text = models.TextField(blank=True)
    released_text = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=SourceStatus.choices, default=SourceStatus.IN_REVIEW)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    original_deleted_at = models.DateTimeField(null=True, blank=True)
    # Codings that came with an imported text, on the original's offsets: applied at release,
    # moved through the pseudonymisation. [{"code": id, "coder": id, "start": int, "end": int}]
    imported_codings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["process_id", "-held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in_review") | Q(released_at__isnull=False), name="source_released_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_released(self) -> bool:
        return self.status == SourceStatus.RELEASED

    @property
    def original_kept_until(self) -> date | None:
        if self.released_at is None or self.original_deleted_at is not None:
            return None
        days = RETENTION_DAYS[SourceKind(self.kind)]["original_after_release"]
        return (self.released_at + timedelta(days=days)).date()

    @property
    def released_kept_until(self) -> date:
        days = RETENTION_DAYS[SourceKind(self.kind)]["released"]
        return ((self.released_at or self.created_at) + timedelta(days=days)).date()

    @property
    def tag_list(self) -> list[str]:
        return comma_list(self.tags)


class PiiDecision(models.TextChoices):
    PENDING = "pending", _("Not reviewed")
    ACCEPTED = "accepted", _("Personal data: replace it")
    REJECTED = "rejected", _("Not personal data: keep it")


class PiiKind(models.TextChoices):
    NATIONAL_ID_NO = "national_id_no", _("Norwegian national identity number")
    D_NUMBER_NO = "d_number_no", _("D number")
    PERSONNUMMER_SE = "personnummer_se", _("Swedish personal identity number")
    SAMORDNINGSNUMMER_SE = "samordningsnummer_se", _("Swedish co-ordination number")
    EMAIL = "email", _("E-mail address")
    PHONE = "phone", _("Phone number")
    ADDRESS = "address", _("Street address")
    PERSON_NAME = "person_name", _("Person's name")


class PiiFinding(models.Model):
    """A span of the original text that may be personal data, found by the detector or
    added by the reviewer, with the reviewer's decision."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=PiiKind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    confidence = models.FloatField(default=1.0)
    added_by_reviewer = models.BooleanField(default=False)
    decision = models.CharField(max_length=20, choices=PiiDecision.choices, default=PiiDecision.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["source_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="pii_finding_nonempty"),
            models.UniqueConstraint(fields=["source", "start", "end"], name="pii_finding_unique_span"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}–{self.end}"


class PseudonymKey(models.Model):
    """The key from real names to pseudonyms for one process's sources: a table of its
    own, read only by people with the pseudonym-key permission."""

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="pseudonym_key")
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"key · {self.process_id}"


class Code(models.Model):
    """A code in the process's codebook; a code that is not codable only groups others."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", verbose_name=_("under"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), max_length=SUMMARY_MAX, blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1E6BB8")
    codable = models.BooleanField(_("text can be coded with it"), default=True)
    guid = models.UUIDField(unique=True)

    class Meta:
        ordering = ["process_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "parent", "name"], name="code_unique_name_under_parent"),
            models.UniqueConstraint(
                fields=["process", "name"], condition=Q(parent__isnull=True), name="code_unique_top_level_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Coding(models.Model):
    """One coder's code on one segment of a released text."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(User, on_delete=models.CASCADE, related_name="codings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source_id", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="coding_nonempty"),
            models.UniqueConstraint(fields=["source", "code", "coder", "start", "end"], name="coding_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.start}–{self.end}"


class Memo(models.Model):
    """A note on the project, a source, a code or a coded segment."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="memos")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    coding = models.ForeignKey(Coding, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("memo"), max_length=SUMMARY_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class LifeArea(models.TextChoices):
    """BrukerPlan's eight functional areas, as optional tags on insights."""

    SUBSTANCE_USE = "substance_use", _("Substance use")
    FINANCES = "finances", _("Finances")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    HOUSING = "housing", _("Housing")
    SOCIAL_SKILLS = "social_skills", _("Social skills")
    NETWORK = "network", _("Network")
    WORK_ACTIVITY = "work_activity", _("Work and activity")


class Insight(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="insights")
    statement = models.CharField(_("insight"), max_length=500)
    explanation = models.TextField(_("what lies behind it"), max_length=SUMMARY_MAX, blank=True)
    codes = models.ManyToManyField(Code, verbose_name=_("codes behind it"), blank=True, related_name="insights")
    life_areas = models.JSONField(_("life areas"), default=list, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["process_id", "created_at", "pk"]

    def __str__(self) -> str:
        return self.statement

    @property
    def life_area_labels(self) -> list[str]:
        return [str(LifeArea(a).label) for a in self.life_areas if a in LifeArea.values]


class InsightQuote(models.Model):
    """A quote behind an insight: a span of a released text, its words copied at the time."""

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="quotes")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(max_length=SUMMARY_MAX)

    class Meta:
        ordering = ["insight_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="insight_quote_nonempty"),
            models.UniqueConstraint(fields=["insight", "source", "start", "end"], name="insight_quote_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class OfferKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal service")
    SPECIALIST = "specialist", _("Specialist service")
    USER_ORGANISATION = "user_organisation", _("User organisation")
    SELF_HELP = "self_help", _("Self-help group")
    PEER_SUPPORT = "peer_support", _("Peer support")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    OTHER = "other", _("Other")


class Offer(models.Model):
    """A service or a peer-support offer in an area, in the organisation's directory. Contact
    details are the offer's own (a switchboard, a web page), not a person's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offers")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OfferKind.choices)
    area = models.CharField(_("area"), max_length=200, help_text=_("Municipality, district or region."))
    target_group = models.CharField(_("for whom"), max_length=300)
    description = models.TextField(_("what it offers"), max_length=SUMMARY_MAX, blank=True)
    how_to_get_in = models.TextField(
        _("how to get in"), max_length=SUMMARY_MAX, blank=True, help_text=_("Referral, drop-in, phone first…")
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True, help_text=_("Phone, e-mail or web page."))
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name", "area"], name="offer_unique_name_in_area")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tag_list(self) -> list[str]:
        return comma_list(self.tags)


class Journey(models.Model):
    """A user journey (användarresa): one person's way through the services, as a category,
    stage by stage."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="journeys")
    title = models.CharField(
        _("title"), max_length=200, help_text=_("No names: for example “A young adult's way to help”.")
    )
    person_category = models.CharField(_("whose journey"), max_length=30, choices=PersonCategory.choices)
    description = models.TextField(_("description"), max_length=SUMMARY_MAX, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["process_id", "title", "pk"]

    def __str__(self) -> str:
        return self.title


EXPERIENCE_CHOICES = [
    (2, _("Very good")),
    (1, _("Good")),
    (0, _("Neither good nor bad")),
    (-1, _("Bad")),
    (-2, _("Very bad")),
]


class JourneyStage(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("stage"), max_length=200)
    touchpoint = models.CharField(
        _("touchpoint"), max_length=200, blank=True, help_text=_("Which service or agency the person meets.")
    )
    works = models.TextField(_("what works"), max_length=SUMMARY_MAX, blank=True)
    hurts = models.TextField(_("what hurts"), max_length=SUMMARY_MAX, blank=True)
    experience = models.SmallIntegerField(_("how it feels"), choices=EXPERIENCE_CHOICES, default=0)
    insights = models.ManyToManyField(Insight, verbose_name=_("insights"), blank=True, related_name="journey_stages")

    class Meta:
        ordering = ["journey_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="journey_stage_unique_position"),
            models.CheckConstraint(condition=Q(experience__gte=-2, experience__lte=2), name="journey_stage_experience"),
        ]

    def __str__(self) -> str:
        return self.name


class VariableKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Whole number")
    CHOICE = "choice", _("One of a list")
    DATE = "date", _("Date")


class CaseVariable(models.Model):
    """A typed attribute the process records for each case (age group, municipality,
    services received…), to compare what different kinds of people said."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="case_variables")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=VariableKind.choices, default=VariableKind.TEXT)
    choices = models.CharField(
        _("choices"), max_length=500, blank=True, help_text=_("For “one of a list”: the values, separated by commas.")
    )

    class Meta:
        ordering = ["process_id", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "name"], name="case_variable_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def choice_list(self) -> list[str]:
        return comma_list(self.choices)


class Case(models.Model):
    """A person (or a group) behind one or more sources, under a label without their name."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="cases")
    label = models.CharField(_("label"), max_length=100, help_text=_("No names: for example “Case 4”."))
    person_category = models.CharField(_("who"), max_length=30, choices=PersonCategory.choices, blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="cases")

    class Meta:
        ordering = ["process_id", "label", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "label"], name="case_unique_label")]

    def __str__(self) -> str:
        return self.label


class CaseValue(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="values")
    variable = models.ForeignKey(CaseVariable, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "variable"], name="case_value_unique")]

    def __str__(self) -> str:
        return f"{self.variable}: {self.value}"
