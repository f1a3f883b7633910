"""One person's data across every module: find it, hand it over (GDPR Art. 15 and 20),
anonymise or erase it (Art. 17), in one transaction, logged.

A person is known here as the participants they joined as (found by pseudonym or by the
name they showed) and the e-mail address they registered with. Each module that holds data
about such a person lists itself in `HOLDERS` with a module that offers:

    MODELS     the models holding it (a test checks every model pointing at a participant is named)
    collect(subject)    → {section: [record, …]}   plain JSON values
    anonymise(subject)  → {what: count}            cut the link to the person, keep the content
    erase(subject)      → {what: count}            delete what the person gave

People named in interviews are found by the name in a process's pseudonym key, and only by
those who may read that key (the owner): `mentions` are (process id, name) pairs. An
interviewee's own interview is deleted by withdrawing consent on the source
(`samskap.insight.services.source_withdraw_consent`).
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.db import transaction
from django.db.models import Model, Q

from samskap.core.audit import audit_record
from samskap.core.models import ConsentRecord, Organisation, Participant, User

HOLDERS = (
    "samskap.core.personal_data",
    "samskap.events.personal_data",
    "samskap.opinions.personal_data",
    "samskap.insight.personal_data",
)

MODELS: tuple[type[Model], ...] = (Participant, ConsentRecord)


@dataclass(frozen=True)
class Subject:
    organisation: Organisation
    participant_ids: tuple[int, ...] = ()
    emails: tuple[str, ...] = ()
    mentions: tuple[tuple[int, str], ...] = ()  # (process id, name as the key holds it)
    # Filled by `subject_find` for the page; holders read the ids and addresses.
    participants: tuple[Participant, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not self.participant_ids and not self.emails and not self.mentions


def holders() -> list[ModuleType]:
    return [importlib.import_module(name) for name in HOLDERS]


def _mentions(
    organisation: Organisation, user: User, names: list[tuple[int | None, str]]
) -> tuple[tuple[int, str], ...]:
    """The (process, name) pairs among `names` that a pseudonym key of the organisation holds
    and `user` may read. A process of None means any of the organisation's processes."""
    from samskap.analysis.pii import name_key
    from samskap.core.permissions import Capability, can_in_process
    from samskap.insight.models import PseudonymKey

    found: list[tuple[int, str]] = []
    for key in PseudonymKey.objects.filter(process__organisation=organisation).select_related("process"):
        held = key.mapping.get("names", {}) if isinstance(key.mapping, dict) else {}
        wanted = [name_key(name) for process_id, name in names if process_id in (None, key.process_id)]
        hits = [name for name in wanted if name in held]
        if hits and can_in_process(user, key.process, Capability.READ_PSEUDONYM_KEY):
            found += [(key.process_id, name) for name in hits]
    return tuple(sorted(set(found)))


def subject_find(organisation: Organisation, query: str, user: User | None = None) -> Subject:
    """Participants of the organisation whose pseudonym or shown name is `query` (any
    case), the address itself when it is an e-mail address someone registered with, and —
    for someone who may read a process's pseudonym key — the name where a key holds it."""
    query = query.strip()
    if not query:
        return Subject(organisation)
    participants = tuple(
        Participant.objects.filter(organisation=organisation)
        .filter(Q(pseudonym__iexact=query) | Q(display_name__iexact=query))
        .select_related("join_code")
        .order_by("joined_at")[:50]
    )
    emails: tuple[str, ...] = ()
    if "@" in query:
        from samskap.events.models import Registration

        address = query.lower()
        if Registration.objects.filter(event__process__organisation=organisation, email__iexact=address).exists():
            emails = (address,)
    mentions = _mentions(organisation, user, [(None, query)]) if user is not None else ()
    return Subject(organisation, tuple(p.pk for p in participants), emails, mentions, participants)


def subject_from_ids(
    organisation: Organisation,
    participant_ids: list[str],
    emails: list[str],
    mentions: Sequence[str] = (),
    user: User | None = None,
) -> Subject:
    """The subject a form posted back, limited to what belongs to `organisation` (and, for
    names in pseudonym keys, to what `user` may read)."""
    pairs: list[tuple[int | None, str]] = []
    for value in mentions:
        process_id, _, name = value.partition(":")
        if process_id.isdigit() and name:
            pairs.append((int(process_id), name))
    ids = [int(value) for value in participant_ids if value.isdigit()]
    participants = tuple(Participant.objects.filter(organisation=organisation, pk__in=ids).order_by("joined_at"))
    return Subject(
        organisation,
        tuple(p.pk for p in participants),
        tuple(sorted({e.strip().lower() for e in emails if "@" in e})),
        _mentions(organisation, user, pairs) if user is not None and pairs else (),
        participants,
    )


def subject_collect(subject: Subject) -> dict[str, Any]:
    """Everything held about the subject, as plain JSON values, by module."""
    data: dict[str, Any] = {}
    for holder in holders():
        data.update(holder.collect(subject))
    return data


def subject_export(*, actor: User, subject: Subject) -> dict[str, Any]:
    """The export handed to the person, and an audit entry saying it was made (counts only)."""
    data = subject_collect(subject)
    audit_record(
        action="personal_data.export",
        actor=actor,
        organisation_id=subject.organisation.pk,
        detail={"participants": len(subject.participant_ids), "counts": _counts(data)},
    )
    return data


def _counts(data: dict[str, Any]) -> dict[str, int]:
    return {key: len(value) for key, value in data.items() if isinstance(value, list)}


def subject_erase(*, actor: User, subject: Subject, anonymise: bool) -> dict[str, int]:
    """Anonymise (keep what was said, cut every link to the person) or erase (delete what
    the person gave) across every module, all or nothing. The audit entry keeps counts
    and pseudonyms, never a name or an address."""
    pseudonyms = sorted(Participant.objects.filter(pk__in=subject.participant_ids).values_list("pseudonym", flat=True))
    counts: dict[str, int] = {}
    with transaction.atomic():
        # Core last: the other modules' rows point at the participants.
        for holder in reversed(holders()):
            done = holder.anonymise(subject) if anonymise else holder.erase(subject)
            for key, value in done.items():
                counts[key] = counts.get(key, 0) + value
        audit_record(
            action="personal_data.anonymise" if anonymise else "personal_data.erase",
            actor=actor,
            organisation_id=subject.organisation.pk,
            detail={
                "participants": pseudonyms,
                "emails": len(subject.emails),
                "mentions": len(subject.mentions),
                "counts": counts,
            },
        )
    return counts


# This module is also the holder of core's own data: the participant and their consents.


def collect(subject: Subject) -> dict[str, list[dict[str, Any]]]:
    participants = Participant.objects.filter(pk__in=subject.participant_ids).select_related("join_code")
    consents = ConsentRecord.objects.filter(participant_id__in=subject.participant_ids).select_related(
        "consent_text", "participant"
    )
    return {
        "participants": [
            {
                "pseudonym": p.pseudonym,
                "display_name": p.display_name,
                "role": p.role_label,
                "joined_at": p.joined_at.isoformat(),
                "joined": str(p.join_code.target or ""),
            }
            for p in participants
        ],
        "consents": [
            {
                "participant": c.participant.pseudonym,
                "purpose": c.consent_text.purpose,
                "version": c.consent_text.version,
                "language": c.consent_text.language,
                "text": c.consent_text.text,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in consents.order_by("given_at", "pk")
        ],
    }


def anonymise(subject: Subject) -> dict[str, int]:
    """The participant row stays (what they said points at it) without a name or a role,
    and with a new device id, so the phone that joined no longer leads to it."""
    participants = Participant.objects.filter(pk__in=subject.participant_ids)
    for participant in participants:
        participant.display_name = ""
        participant.role_label = ""
        participant.public_id = uuid.uuid4()
        participant.save(update_fields=["display_name", "role_label", "public_id"])
    consents = ConsentRecord.objects.filter(participant_id__in=subject.participant_ids).delete()[0]
    return {"participants": len(subject.participant_ids), "consents": consents}


def erase(subject: Subject) -> dict[str, int]:
    consents = ConsentRecord.objects.filter(participant_id__in=subject.participant_ids).delete()[0]
    removed = Participant.objects.filter(pk__in=subject.participant_ids).delete()[1].get("core.Participant", 0)
    return {"participants": removed, "consents": consents}
