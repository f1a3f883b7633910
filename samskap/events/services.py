from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samskap.core.audit import audit_record
from samskap.core.models import Participant, User
from samskap.events.models import CONTRIBUTION_MAX_LENGTH, Contribution, DialogueTable, Event, ThemedQuestion
from samskap.processes.models import Process


def contribution_create(
    *,
    table: DialogueTable,
    text: str,
    participant: Participant | None = None,
    entered_by: User | None = None,
    role_label: str = "",
) -> Contribution:
    """A contribution from a participant's own device, or typed in by a host
    for someone without one (then `entered_by` is the host)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write something before you send."))
    if len(text) > CONTRIBUTION_MAX_LENGTH:
        raise ValidationError(_("Keep it under %(limit)d characters.") % {"limit": CONTRIBUTION_MAX_LENGTH})
    contribution = Contribution(
        table=table,
        text=text,
        participant=participant,
        entered_by=entered_by,
        role_label=role_label or (participant.role_label if participant else ""),
    )
    with transaction.atomic():
        contribution.save()
        audit_record(
            action="contribution.create",
            actor=entered_by,
            actor_label=participant.pseudonym if participant and not entered_by else "",
            obj=contribution,
            organisation_id=table.event.process.organisation_id,
            process_id=table.event.process_id,
        )
    return contribution


def event_create(*, actor: User | None, process: Process, questions: Sequence[str] = (), **fields: Any) -> Event:
    event = Event(process=process, **fields)
    event.full_clean()
    with transaction.atomic():
        event.save()
        ThemedQuestion.objects.bulk_create(
            [ThemedQuestion(event=event, position=i, text=text) for i, text in enumerate(questions, start=1)]
        )
        audit_record(
            action="event.create",
            actor=actor,
            obj=event,
            organisation_id=process.organisation_id,
            process_id=process.pk,
        )
    return event


def dialogue_table_create(
    *, actor: User | None, event: Event, number: int, question: ThemedQuestion | None, host: User | None = None
) -> DialogueTable:
    table = DialogueTable(event=event, number=number, question=question, host=host)
    table.full_clean()
    with transaction.atomic():
        table.save()
        audit_record(
            action="dialogue_table.create",
            actor=actor,
            obj=table,
            organisation_id=event.process.organisation_id,
            process_id=event.process_id,
        )
    return table
