from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from samskap.core.models import Organisation, User
from samskap.core.permissions import Capability, can_in_process
from samskap.events.models import Event
from samskap.processes.models import (
    Activity,
    ChallengeItem,
    ChallengePicture,
    EvidenceLink,
    GroupMember,
    Phase,
    PhaseChange,
    PhaseTemplate,
    Process,
    ProcessGroup,
    Stakeholder,
)


def processes_for_organisation(organisation: Organisation) -> QuerySet[Process]:
    """Processes the organisation owns or is a partner in, with their events."""
    events = Event.objects.annotate(table_count=Count("tables")).order_by("starts_at")
    return (
        Process.objects.filter(Q(organisation=organisation) | Q(partners=organisation))
        .distinct()
        .select_related("organisation", "network", "current_phase")
        .prefetch_related(Prefetch("events", queryset=events), "opinion_maps")
    )


def get_process_for_user(
    user: User | AnonymousUser, process_id: int, capability: Capability = Capability.VIEW_PROCESS
) -> Process:
    try:
        process = Process.objects.select_related("organisation", "current_phase", "template").get(pk=process_id)
    except Process.DoesNotExist as exc:
        raise Http404 from exc
    if not can_in_process(user, process, capability):
        raise PermissionDenied
    return process


def get_public_process(user: User | AnonymousUser, process_id: int) -> Process:
    """A published process for anyone; an unpublished one only as a preview for people
    with a role in it. Everyone else gets 404, so unpublished processes stay unseen."""
    process = Process.objects.select_related("organisation", "current_phase").filter(pk=process_id).first()
    if process is None:
        raise Http404
    if not process.is_published and not can_in_process(user, process, Capability.VIEW_PROCESS):
        raise Http404
    return process


def phases_with_activities(process: Process) -> list[Phase]:
    activities = Activity.objects.prefetch_related("target").order_by("happened_on", "pk")
    return list(process.phases.prefetch_related(Prefetch("activities", queryset=activities)))


def phase_history(process: Process, limit: int = 20) -> QuerySet[PhaseChange]:
    return process.phase_changes.select_related("from_phase", "to_phase", "changed_by")[:limit]


@dataclass(frozen=True)
class ParticipationTotals:
    service_users: int
    relatives: int
    staff: int
    partners: int
    activities: int


def participation_totals(process: Process) -> ParticipationTotals:
    """Who took part across every activity, in aggregate."""
    sums = Activity.objects.filter(phase__process=process).aggregate(
        service_users=Sum("service_users"),
        relatives=Sum("relatives"),
        staff=Sum("staff"),
        partners=Sum("partners"),
        activities=Count("pk"),
    )
    return ParticipationTotals(**{key: value or 0 for key, value in sums.items()})


def phase_templates_for(organisation: Organisation) -> QuerySet[PhaseTemplate]:
    """The built-in templates and the organisation's own."""
    return (
        PhaseTemplate.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
        .prefetch_related("phases")
        .order_by("organisation_id", "pk")
    )


def get_phase_template(organisation: Organisation, template_id: int, *, own: bool = False) -> PhaseTemplate:
    """A template the organisation may use (built-in or its own); with `own`, only its own.
    The view has already asked for the organisation-level capability."""
    templates = phase_templates_for(organisation)
    if own:
        templates = templates.filter(organisation=organisation)
    template = templates.filter(pk=template_id).first()
    if template is None:
        raise Http404
    return template


# --- The challenge picture ------------------------------------------------------------------


def challenge_versions(process: Process) -> list[ChallengePicture]:
    return list(process.challenge_pictures.select_related("created_by").order_by("number"))


def challenge_version_items(version: ChallengePicture) -> list[ChallengeItem]:
    evidence = EvidenceLink.objects.prefetch_related("target")
    return list(version.items.prefetch_related(Prefetch("evidence", queryset=evidence)))


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "added", "changed", "removed", "same"
    item_kind: str
    text: str
    earlier_text: str = ""
    evidence_added: int = 0


def challenge_diff(earlier: list[ChallengeItem], later: list[ChallengeItem]) -> list[ItemChange]:
    """What changed from one version to the next, item by item (matched by key)."""
    before = {item.key: item for item in earlier}
    changes: list[ItemChange] = []
    for item in later:
        old = before.pop(item.key, None)
        targets_now = {(e.target_type_id, e.target_id) for e in item.evidence.all()}
        if old is None:
            changes.append(ItemChange("added", item.kind, item.text, evidence_added=len(targets_now)))
            continue
        targets_then = {(e.target_type_id, e.target_id) for e in old.evidence.all()}
        added = len(targets_now - targets_then)
        kind = "changed" if old.text != item.text else "same"
        changes.append(ItemChange(kind, item.kind, item.text, old.text if kind == "changed" else "", added))
    changes.extend(ItemChange("removed", old.kind, old.text) for old in before.values())
    return changes


def get_challenge_item_for_user(user: User | AnonymousUser, item_id: int, capability: Capability) -> ChallengeItem:
    item = ChallengeItem.objects.select_related("version__process__organisation").filter(pk=item_id).first()
    if item is None:
        raise Http404
    if not can_in_process(user, item.version.process, capability):
        raise PermissionDenied
    return item


# --- Governance -----------------------------------------------------------------------------


def governance_groups(process: Process) -> list[ProcessGroup]:
    return list(
        process.groups.prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("user")), "meetings"
        )
    )


def people_with_roles(process: Process) -> QuerySet[User]:
    """Staff who hold a role in the process (through its organisation or the process itself)."""
    return (
        User.objects.filter(
            Q(memberships__organisation=process.organisation) | Q(process_memberships__process=process),
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


LEVELS = ("high", "medium", "low")


def stakeholder_grid(process: Process) -> list[tuple[str, list[list[Stakeholder]]]]:
    """Stakeholders by influence (rows, high first) and interest (columns, low first): the
    classic map, drawn as a table."""
    cells: dict[tuple[str, str], list[Stakeholder]] = {}
    for stakeholder in process.stakeholders.all():
        cells.setdefault((stakeholder.influence, stakeholder.interest), []).append(stakeholder)
    return [(row, [cells.get((row, column), []) for column in reversed(LEVELS)]) for row in LEVELS]


def partner_candidates(organisation: Organisation, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations a process of `organisation` may take as partners when `user` sets it up:
    those the user holds a role in, and the owner's parent and member organisations."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    related = Q(memberships__user=user) | Q(members=organisation) | Q(parent=organisation)
    if organisation.parent_id:
        related |= Q(pk=organisation.parent_id)
    return Organisation.objects.filter(related).exclude(pk=organisation.pk).distinct().order_by("name")
