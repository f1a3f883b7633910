"""Reads of core data, each scoped to what the asking user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from samskap.core.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    AuditEntry,
    ConsentText,
    IdentityProvider,
    JoinCode,
    Membership,
    Organisation,
    Participant,
    User,
)
from samskap.core.permissions import Capability, can_in_organisation


def get_organisation_for_user(
    user: User | AnonymousUser, slug: str, capability: Capability = Capability.VIEW_ORGANISATION
) -> Organisation:
    """404 when no such organisation; 403 when the user holds no role granting `capability`."""
    try:
        organisation = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    if not can_in_organisation(user, organisation, capability):
        raise PermissionDenied
    return organisation


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__full_name")


def normalise_join_code(raw: str) -> str:
    """Accept what people type: lower case, spaces, dashes. `0`/`O` and `1`/`I`/`L`
    never occur in codes, so a typed look-alike simply fails to match."""
    return re.sub(r"[\s\-]", "", raw).upper()


@dataclass(frozen=True)
class JoinCodeLookup:
    join_code: JoinCode | None
    problem: str  # "", "malformed", "unknown", "closed"


def join_code_lookup(raw: str) -> JoinCodeLookup:
    code = normalise_join_code(raw)
    if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in code):
        return JoinCodeLookup(None, "malformed")
    join_code = JoinCode.objects.select_related("organisation").filter(code=code).first()
    if join_code is None:
        return JoinCodeLookup(None, "unknown")
    if not join_code.is_open(timezone.now()):
        return JoinCodeLookup(None, "closed")
    return JoinCodeLookup(join_code, "")


def consent_texts_current(language: str) -> list[ConsentText]:
    """The newest version of each purpose's text in `language` (English if missing)."""
    texts: dict[str, ConsentText] = {}
    for lang in ("en", language):
        for text in ConsentText.objects.filter(language=lang).order_by("purpose", "version"):
            texts[text.purpose] = text
    return sorted(texts.values(), key=lambda t: (not t.required, t.purpose))


def participant_for_code(public_ids: list[str], join_code: JoinCode) -> Participant | None:
    if not public_ids:
        return None
    participant = Participant.objects.filter(public_id__in=public_ids, join_code=join_code).first()
    if participant is not None:
        participant.join_code = join_code  # the code it was found by: no second query for it
    return participant


def participant_joined_by(public_ids: list[str], raw_code: str) -> Participant | None:
    """The participant among `public_ids` who joined by the code `raw_code` names, with the
    join code and its organisation: one query where `join_code_lookup` and
    `participant_for_code` take two, as every request from a phone asks it. Says nothing of
    why there is none (see those two for that)."""
    if not public_ids:
        return None
    return (
        Participant.objects.select_related("join_code__organisation")
        .filter(public_id__in=public_ids, join_code__code=normalise_join_code(raw_code))
        .first()
    )


def identity_providers_for_login() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(is_active=True).select_related("organisation").order_by("organisation__name")


def audit_entries_for_organisation(organisation: Organisation, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The organisation's entries (its own and its processes'), newest first, narrowed by
    the audit search form's cleaned data."""
    from samskap.processes.models import Process

    process_ids = Process.objects.filter(organisation=organisation).values("pk")
    entries = AuditEntry.objects.filter(
        Q(organisation_id_ref=organisation.pk) | Q(process_id_ref__in=process_ids)
    ).select_related("actor_user")
    if filters.get("action"):
        entries = entries.filter(action__icontains=filters["action"])
    if filters.get("who"):
        entries = entries.filter(actor_label__icontains=filters["who"])
    if filters.get("object_type"):
        entries = entries.filter(object_type__icontains=filters["object_type"])
    zone = timezone.get_current_timezone()
    if filters.get("since"):
        entries = entries.filter(at__gte=datetime.combine(filters["since"], time.min, tzinfo=zone))
    if filters.get("until"):
        entries = entries.filter(at__lt=datetime.combine(filters["until"] + timedelta(days=1), time.min, tzinfo=zone))
    return entries.order_by("-seq")


@dataclass(frozen=True)
class AccessRow:
    person: str
    email: str
    where: str
    role: str
    granted_at: datetime
    last_used_at: datetime | None


def access_review(organisation: Organisation) -> list[AccessRow]:
    """Who holds which role in the organisation and in each of its processes, and when
    they last used it (for a role in a process: the person's last login)."""
    from samskap.processes.models import ProcessMembership

    rows = [
        AccessRow(
            person=m.user.full_name,
            email=m.user.email,
            where=organisation.name,
            role=m.get_role_display(),
            granted_at=m.created_at,
            last_used_at=m.last_used_at,
        )
        for m in Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "role")
    ]
    rows += [
        AccessRow(
            person=m.user.full_name,
            email=m.user.email,
            where=m.process.title,
            role=m.get_role_display(),
            granted_at=m.created_at,
            last_used_at=m.user.last_login,
        )
        for m in ProcessMembership.objects.filter(process__organisation=organisation)
        .select_related("user", "process")
        .order_by("process__title", "user__full_name", "role")
    ]
    return rows
