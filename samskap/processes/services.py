from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from samskap.core.audit import audit_record
from samskap.core.models import Organisation, User
from samskap.processes.models import Process, ProcessMembership


def process_create(
    *, actor: User | None, organisation: Organisation, partners: Sequence[Organisation] = (), **fields: Any
) -> Process:
    process = Process(organisation=organisation, **fields)
    process.full_clean()
    with transaction.atomic():
        process.save()
        process.partners.set(partners)
        audit_record(
            action="process.create", actor=actor, obj=process, organisation_id=organisation.pk, process_id=process.pk
        )
    return process


def process_membership_grant(*, actor: User | None, process: Process, user: User, role: str) -> ProcessMembership:
    with transaction.atomic():
        membership, created = ProcessMembership.objects.get_or_create(user=user, process=process, role=role)
        if created:
            audit_record(
                action="process_membership.grant",
                actor=actor,
                obj=membership,
                organisation_id=process.organisation_id,
                process_id=process.pk,
                detail={"user": user.pk, "role": role},
            )
    return membership
