"""What events hold about one person: registrations (by e-mail address), and what a
participant did at dialogue tables. See `samskap.core.personal_data`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from samskap.core.personal_data import Subject
from samskap.events.models import (
    CampTeamMember,
    Contribution,
    Reaction,
    Registration,
    RegistrationStatus,
    SeatAssignment,
)
from samskap.events.services import registration_anonymise, registration_cancel

MODELS = (Registration, CampTeamMember, Contribution, Reaction, SeatAssignment)


def _registrations(subject: Subject) -> QuerySet[Registration]:
    if not subject.emails:
        return Registration.objects.none()
    return Registration.objects.filter(
        event__process__organisation=subject.organisation, email__in=subject.emails
    ).select_related("event")


def collect(subject: Subject) -> dict[str, list[dict[str, Any]]]:
    registrations = _registrations(subject).select_related("team_membership__team")
    contributions = Contribution.objects.filter(participant_id__in=subject.participant_ids).select_related(
        "table__event", "participant"
    )
    reactions = Reaction.objects.filter(participant_id__in=subject.participant_ids).select_related(
        "participant", "contribution"
    )
    seats = SeatAssignment.objects.filter(participant_id__in=subject.participant_ids).select_related(
        "event", "table", "participant"
    )
    return {
        "registrations": [
            {
                "event": r.event.title,
                "name": r.name,
                "email": r.email,
                "role": r.role,
                "mode": r.mode,
                "interpreting": r.interpreting,
                "accessibility": r.accessibility,
                "dietary": r.dietary,
                "team_name": r.team_name,
                "camp_team": r.team_membership.team.name if hasattr(r, "team_membership") else "",
                "status": r.status,
                "created_at": r.created_at.isoformat(),
                "cancelled_at": r.cancelled_at.isoformat() if r.cancelled_at else None,
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
            }
            for r in registrations.order_by("created_at", "pk")
        ],
        "contributions": [
            {
                "participant": c.participant.pseudonym if c.participant else "",
                "event": c.table.event.title,
                "table": c.table.number,
                "text": c.text,
                "created_at": c.created_at.isoformat(),
                "hidden": c.hidden_at is not None,
            }
            for c in contributions.order_by("created_at", "pk")
        ],
        "reactions": [
            {
                "participant": r.participant.pseudonym,
                "kind": r.kind,
                "contribution": r.contribution.text,
                "created_at": r.created_at.isoformat(),
            }
            for r in reactions.order_by("created_at", "pk")
        ],
        "seats": [
            {
                "participant": s.participant.pseudonym,
                "event": s.event.title,
                "round": s.round_number,
                "table": s.table.number,
            }
            for s in seats.order_by("round_number", "pk")
        ],
    }


def anonymise(subject: Subject) -> dict[str, int]:
    """Registrations keep role, mode and status (attendance counts by role stay right);
    name, address, needs and team wishes go. Contributions stay with the participant row,
    which core strips of name and device."""
    count = 0
    for registration in _registrations(subject):
        registration_anonymise(registration)
        count += 1
    return {"registrations": count}


def erase(subject: Subject) -> dict[str, int]:
    ids = subject.participant_ids
    reactions = Reaction.objects.filter(participant_id__in=ids).delete()[0]
    # The reactions of others on the person's contributions go with them.
    contributions = Contribution.objects.filter(participant_id__in=ids).delete()[1].get("events.Contribution", 0)
    seats = SeatAssignment.objects.filter(participant_id__in=ids).delete()[0]
    for registration in _registrations(subject).exclude(status=RegistrationStatus.CANCELLED):
        registration_cancel(registration=registration)  # the waiting list moves up into the place
    registrations = _registrations(subject).delete()[1].get("events.Registration", 0)
    return {"reactions": reactions, "contributions": contributions, "seats": seats, "registrations": registrations}
