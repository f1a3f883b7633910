"""Innovation and improvement processes, and the roles people hold in them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.models import Organisation, Role, User


class ProcessKind(models.TextChoices):
    STRATEGY = "strategy", _("Strategy")
    INNOVATION_PROGRAMME = "innovation_programme", _("Innovation programme")
    SERVICE_DESIGN = "service_design", _("Service design pre-study")
    LEARNING_NETWORK = "learning_network", _("Learning network")
    WORKSHOP_SERIES = "workshop_series", _("Workshop series")


class Process(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="processes")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_processes")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ProcessKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

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
