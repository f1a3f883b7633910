"""The note to the political committee: a Norwegian saksframlegg (bokmål or nynorsk) or a
Swedish tjänsteskrivelse, assembled from a process and edited by a person. Every save is a new
`NoteVersion`; nothing is overwritten, so the committee's version can always be found again."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.core.models import User
from samskap.processes.models import Process


class NoteFormat(models.TextChoices):
    SAKSFRAMLEGG_NB = "saksframlegg_nb", _("Saksframlegg (Norwegian, bokmål)")
    SAKSFRAMLEGG_NN = "saksframlegg_nn", _("Saksframlegg (Norwegian, nynorsk)")
    TJANSTESKRIVELSE_SV = "tjansteskrivelse_sv", _("Tjänsteskrivelse (Swedish)")


class Note(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="notes")
    format = models.CharField(_("format"), max_length=24, choices=NoteFormat.choices)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        latest = self.versions.order_by("-number").first()
        return latest.title if latest else str(self.pk)


class NoteVersion(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("case title"), max_length=300)
    # Case officer, archive code, case numbers, committee, meeting date, date: see formats.HEADER_FIELDS.
    header = models.JSONField(default=dict, blank=True)
    proposal = models.JSONField(default=list, blank=True)  # the proposal for decision, one point each
    sections = models.JSONField(default=dict, blank=True)  # section key → text
    comparisons = models.JSONField(default=list, blank=True)  # ids of comparisons shown as figures
    matrices = models.JSONField(default=list, blank=True)  # ids of comparison matrices shown as tables
    measures = models.JSONField(default=list, blank=True)  # ids of improvement measures shown as charts
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["note_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["note", "number"], name="note_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"
