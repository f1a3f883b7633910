"""Core data: organisations, people, roles, participants, consent, audit log.

Models hold data and constraints. Writes go through `samskap.core.services`,
reads through `samskap.core.selectors`; who may do what is decided in
`samskap.core.permissions`.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, NoReturn

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("sv", "Svenska"), ("en", "English")]

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #1e5a8c."))


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    HEALTH_CLUSTER = "health_cluster", _("Health cluster")
    INNOVATION_HUB = "innovation_hub", _("Innovation hub")
    LEARNING_NETWORK = "learning_network", _("Learning network")
    AGENCY = "agency", _("Agency")


class Country(models.TextChoices):
    NORWAY = "NO", _("Norway")
    SWEDEN = "SE", _("Sweden")


class Organisation(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    # Norwegian organisasjonsnummer (9 digits) or Swedish organisationsnummer (NNNNNN-NNNN).
    org_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    default_language = models.CharField(_("default language"), max_length=2, choices=LANGUAGE_CHOICES)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    brand_colour = models.CharField(_("brand colour"), max_length=7, default="#1e5a8c", validators=[hex_colour])
    accessibility_statement_url = models.URLField(_("accessibility statement"), blank=True)
    feedback_email = models.EmailField(_("feedback address"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff account: adviser, facilitator, host, interviewer, auditor."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email


class IdentityProvider(models.Model):
    """An organisation's own OpenID Connect provider, through which its staff sign in."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="identity_provider")
    label = models.CharField(
        _("name on the button"), max_length=80, help_text=_("What your staff know it as, e.g. ID-porten or Entra ID.")
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_("The provider's address; its settings are read from /.well-known/openid-configuration there."),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    # Stored as given: the database is the configuration store for providers, and backups
    # of it are protected as the personal data in it are.
    client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile")
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identity provider")

    def __str__(self) -> str:
        return self.label


class ExternalIdentity(models.Model):
    """Which account a provider's subject identifier signs in as."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="identities")
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.subject}"


class TwoFactor(models.Model):
    """A staff member's authenticator app (time-based codes, RFC 6238). Optional; for
    password sign-in. Sign-in through an identity provider leaves second factors to it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(default=timezone.now)
    # The last time step whose code was accepted: a code works once.
    last_step = models.BigIntegerField(default=-1)

    def __str__(self) -> str:
        return f"two-factor for {self.user}"


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    FACILITATOR = "facilitator", _("Facilitator")
    INTERVIEWER = "interviewer", _("Interviewer")
    TABLE_HOST = "table_host", _("Table host")
    PARTICIPANT = "participant", _("Participant")
    VIEWER = "viewer", _("Viewer")
    AUDITOR = "auditor", _("Auditor")


class Membership(models.Model):
    """A role a user holds in an organisation. One user may hold several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.role}"


class ParticipantRoleLabel(models.TextChoices):
    SERVICE_USER = "service_user", _("Service user")
    RELATIVE = "relative", _("Relative")
    STAFF = "staff", _("Staff")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other")


# Join codes avoid characters that are easy to mix up: 0/O, 1/I/L, 5/S, 2/Z, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


class JoinCode(models.Model):
    """A short code or QR link that lets someone without an account join a space
    (an event, a dialogue table, an opinion map)."""

    code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="join_codes")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # Whether contributions show the display name or stay anonymous is the
    # facilitator's choice, per space.
    allow_names = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.code

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.is_active and (self.expires_at is None or self.expires_at > now)


class Participant(models.Model):
    """Someone who joined a space by code, without an account. Remembered on the
    device by a signed cookie holding `public_id`; the pseudonym is what the audit
    log and exports show."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pseudonym = models.CharField(max_length=12, unique=True)
    join_code = models.ForeignKey(JoinCode, on_delete=models.PROTECT, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    role_label = models.CharField(_("I take part as"), max_length=20, choices=ParticipantRoleLabel.choices, blank=True)
    # Participants entered by a table host for someone without a phone.
    entered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.display_name or self.pseudonym


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("Taking part")
    USE_IN_REPORTS = "use_in_reports", _("Quotes in reports")
    CONTACT = "contact", _("Being contacted later")


class ConsentText(models.Model):
    """A versioned consent text per purpose and language. Old versions are kept:
    a consent record points at the exact text the person saw."""

    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    text = models.TextField()
    required = models.BooleanField(default=False)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version", "language"], name="consent_text_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version} ({self.language})"


class ConsentRecord(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.participant} · {self.consent_text}"


class RateLimitCounter(models.Model):
    """Fixed-window counter shared by every app server (they share the database)."""

    key = models.CharField(max_length=200, unique=True)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key


class AuditChainHead(models.Model):
    """A single row that serialises audit writers: the writer locks it, reads
    the last hash and sequence number, appends, and moves it on."""

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    # Entries past the audit log's retention period are deleted from the start of the chain;
    # the last deleted entry's number and hash let the rest still be verified.
    pruned_through_seq = models.PositiveBigIntegerField(default=0)
    pruned_last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit head at {self.seq}"


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")


class AuditEntry(models.Model):
    """Append-only: each entry's hash covers its fields and the previous hash,
    so a changed or removed row breaks the chain (`python -m samskap audit verify`)."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)  # e-mail, participant pseudonym or "system"
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    organisation_id_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    process_id_ref = models.BigIntegerField(null=True, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be deleted.")
