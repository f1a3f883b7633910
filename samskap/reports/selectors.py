from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samskap.core.models import User
from samskap.core.permissions import Capability, can_in_process
from samskap.processes.models import Process
from samskap.reports.models import Note, NoteVersion


def get_note_for_user(
    user: User | AnonymousUser, note_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Note:
    note = Note.objects.select_related("process__organisation").filter(pk=note_id).first()
    if note is None:
        raise Http404
    if not can_in_process(user, note.process, capability):
        raise PermissionDenied
    return note


def notes_of(process: Process) -> QuerySet[Note]:
    return Note.objects.filter(process=process).prefetch_related("versions").order_by("-created_at", "-pk")


def version_of(note: Note, number: str | int | None = None) -> NoteVersion:
    """The version asked for, or the newest; 404 for a number the note does not have."""
    versions = note.versions.select_related("created_by")
    if number in (None, ""):
        version = versions.order_by("-number").first()
    elif str(number).isdigit():
        version = versions.filter(number=int(str(number))).first()
    else:
        version = None
    if version is None:
        raise Http404
    return version


def versions_of(note: Note) -> QuerySet[NoteVersion]:
    return note.versions.select_related("created_by").order_by("-number")
