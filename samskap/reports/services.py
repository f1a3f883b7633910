"""Every change to notes goes through here: permission, validation, one transaction, one
audit entry. A note is never overwritten: each save is a new version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samskap.comparison.selectors import comparisons_of, matrices_of
from samskap.core.audit import audit_record
from samskap.core.models import User
from samskap.core.permissions import Capability, can_in_process
from samskap.processes.models import Process
from samskap.reports.assembly import draft_from_process, publishable_measures
from samskap.reports.formats import FORMATS, HEADER_KEYS
from samskap.reports.models import Note, NoteVersion

SECTION_MAX = 20_000
PROPOSAL_MAX_POINTS = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def note_create(*, actor: User, process: Process, format_key: str, header: Mapping[str, str] | None = None) -> Note:
    """A new note with a first version assembled from the process, for a person to edit."""
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    if format_key not in FORMATS:
        raise ValidationError(_("Choose a note format."))
    note = Note.objects.create(process=process, format=format_key, created_by=actor)
    draft = draft_from_process(process, format_key)
    NoteVersion.objects.create(
        note=note,
        number=1,
        title=draft.title,
        header={k: v for k, v in (header or {}).items() if k in HEADER_KEYS and v},
        proposal=draft.proposal,
        sections=draft.sections,
        comparisons=draft.comparisons,
        matrices=draft.matrices,
        measures=draft.measures,
        change_note=_("Assembled from the process"),
        created_by=actor,
    )
    audit_record(
        action="note.create", actor=actor, obj=note, organisation_id=process.organisation_id, process_id=process.pk
    )
    return note


@transaction.atomic
def note_version_save(
    *,
    actor: User,
    note: Note,
    title: str,
    header: Mapping[str, str],
    proposal: Sequence[str],
    sections: Mapping[str, str],
    comparisons: Sequence[int],
    matrices: Sequence[int],
    measures: Sequence[int] = (),
    change_note: str = "",
) -> NoteVersion:
    process = note.process
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    fmt = FORMATS[note.format]
    keys = {section.key for section in fmt.sections}
    points = [p.strip() for p in proposal if p.strip()]
    if len(points) > PROPOSAL_MAX_POINTS:
        raise ValidationError(_("The proposal has at most %(count)s points.") % {"count": PROPOSAL_MAX_POINTS})
    if any(len(text) > SECTION_MAX for text in sections.values()):
        raise ValidationError(_("Keep each section under %(count)s characters.") % {"count": f"{SECTION_MAX:,}"})
    own_comparisons = set(comparisons_of(process).values_list("pk", flat=True))
    own_matrices = set(matrices_of(process).values_list("pk", flat=True))
    if not set(comparisons) <= own_comparisons or not set(matrices) <= own_matrices:
        raise ValidationError(_("Choose comparisons from this process."))
    if not set(measures) <= {m.pk for m in publishable_measures(process)}:
        raise ValidationError(_("Choose measures from this process whose charts show no small numbers."))
    number = (note.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = NoteVersion(
        note=note,
        number=number,
        title=title.strip(),
        header={k: str(v).strip() for k, v in header.items() if k in HEADER_KEYS and str(v).strip()},
        proposal=points,
        sections={k: v.strip() for k, v in sections.items() if k in keys},
        comparisons=list(comparisons),
        matrices=list(matrices),
        measures=list(measures),
        change_note=change_note.strip(),
        created_by=actor,
    )
    version.full_clean()
    version.save()
    audit_record(
        action="note.version",
        actor=actor,
        obj=note,
        organisation_id=process.organisation_id,
        process_id=process.pk,
        detail={"version": number},
    )
    return version


@transaction.atomic
def note_delete(*, actor: User, note: Note) -> None:
    process = note.process
    _require(can_in_process(actor, process, Capability.MANAGE_PROCESS))
    audit_record(
        action="note.delete", actor=actor, obj=note, organisation_id=process.organisation_id, process_id=process.pk
    )
    note.delete()
