"""The append-only audit log: writing entries and verifying the hash chain.

Each entry's hash is SHA-256 over the previous entry's hash and a canonical
JSON of its own fields. Writers serialise on `AuditChainHead` (a row lock on
PostgreSQL; SQLite's IMMEDIATE transactions serialise all writers anyway), so
sequence numbers have no gaps and a missing row shows as a gap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from samskap.core.models import AuditChainHead, AuditEntry, User

GENESIS_HASH = "0" * 64


def entry_hash(*, prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    at = entry.at.astimezone(UTC).isoformat(timespec="microseconds")
    return {
        "seq": entry.seq,
        "at": at,
        "actor_user": entry.actor_user_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "organisation": entry.organisation_id_ref,
        "process": entry.process_id_ref,
        "purpose": entry.purpose,
        "detail": entry.detail,
    }


@dataclass(frozen=True)
class AuditRecord:
    """One entry to append, as `audit_record` takes it."""

    action: str
    actor: User | None = None
    actor_label: str = ""
    obj: Any = None
    organisation_id: int | None = None
    process_id: int | None = None
    purpose: str = ""
    detail: dict[str, Any] | None = None


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    actor_label: str = "",
    obj: Any = None,
    organisation_id: int | None = None,
    process_id: int | None = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records,
    so the entry and the change commit or roll back together."""
    record = AuditRecord(action, actor, actor_label, obj, organisation_id, process_id, purpose, detail)
    [entry] = audit_record_many([record])
    return entry


def audit_record_many(records: Sequence[AuditRecord]) -> list[AuditEntry]:
    """Append entries in the order given, chained one to the next, with one lock of the chain
    and one insert: a batch of contributions from phones is audited together. Call inside the
    transaction of the changes they record."""
    with transaction.atomic():
        head = audit_chain_lock()
        seq, prev_hash, at = head.seq, head.last_hash or GENESIS_HASH, timezone.now()
        entries = []
        for record in records:
            actor = record.actor
            obj = record.obj
            seq += 1
            entry = AuditEntry(
                seq=seq,
                at=at,
                actor_user=actor,
                actor_label=record.actor_label or (actor.email if actor else "system"),
                action=record.action,
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                organisation_id_ref=record.organisation_id,
                process_id_ref=record.process_id,
                purpose=record.purpose,
                detail=record.detail or {},
                prev_hash=prev_hash,
            )
            entry.hash = prev_hash = entry_hash(prev_hash=prev_hash, fields=_hashed_fields(entry))
            entries.append(entry)
        if entries:
            if len(entries) == 1:
                entries[0].save()
            else:
                AuditEntry.objects.bulk_create(entries)
            AuditChainHead.objects.filter(pk=head.pk).update(seq=seq, last_hash=prev_hash)
    return entries


def audit_chain_lock() -> AuditChainHead:
    """Lock the chain's head until the transaction ends (call inside one). A write that takes
    other locks too takes this one first, so that two writers never wait for each other."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return head


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def _entries_in_order(batch: int = 2000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def audit_verify() -> VerifyResult:
    """Walk the chain from the start (or from the last entry retention removed); report the
    first entry that does not fit."""
    head = AuditChainHead.objects.filter(pk=1).first()
    pruned = head.pruned_through_seq if head else 0
    expected_seq = pruned + 1
    prev_hash = (head.pruned_last_hash if head and pruned else "") or GENESIS_HASH
    checked = 0
    for entry in _entries_in_order():
        if entry.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.seq, "does not follow the entry before it")
        if entry_hash(prev_hash=prev_hash, fields=_hashed_fields(entry)) != entry.hash:
            return VerifyResult(False, checked, entry.seq, "its contents were changed")
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    if head is not None and head.seq != pruned + checked:
        first_missing = pruned + checked + 1
        return VerifyResult(False, checked, first_missing, f"entries {first_missing}–{head.seq} are missing")
    return VerifyResult(True, checked)


def audit_prune(*, before: datetime, dry_run: bool = False) -> int:
    """Delete the entries written before `before` (the audit log's retention period), from
    the start of the chain only, remember where the chain now starts, and log the pruning."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        due = AuditEntry.objects.filter(at__lt=before).order_by("seq")
        # Only a gapless run from the start: an entry with a wrong clock must not make a hole.
        last = None
        expected = head.pruned_through_seq + 1
        count = 0
        for entry in due.only("seq", "hash").iterator(chunk_size=2000):
            if entry.seq != expected:
                break
            last, expected, count = entry, expected + 1, count + 1
        if dry_run or last is None:
            return count
        # The append-only guard is lifted here, and only here, through the base queryset.
        models.QuerySet.delete(AuditEntry.objects.filter(seq__lte=last.seq))
        AuditChainHead.objects.filter(pk=head.pk).update(pruned_through_seq=last.seq, pruned_last_hash=last.hash)
        audit_record(
            action="audit_log.prune",
            actor_label="retention",
            detail={"deleted": count, "through_seq": last.seq, "before": before.isoformat()},
        )
    return count
