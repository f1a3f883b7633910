"""Every change to a process, its phases, activities, public page and challenge
picture goes through here: validation, one transaction, one audit entry."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.core.audit import audit_record
from samskap.core.models import LANGUAGE_CHOICES, Organisation, User
from samskap.core.permissions import Capability, can_in_organisation
from samskap.improvement.models import Measure
from samskap.processes.links import contains
from samskap.processes.models import (
    NAME_MAX_LENGTH,
    Activity,
    Benefit,
    ChallengeItem,
    ChallengeItemKind,
    ChallengePicture,
    Decision,
    EvidenceLink,
    GroupMember,
    Material,
    Meeting,
    Phase,
    PhaseChange,
    PhaseTemplate,
    Process,
    ProcessGroup,
    ProcessMembership,
    Stakeholder,
    TemplatePhase,
)

LANGUAGES = [code for code, _name in LANGUAGE_CHOICES]
MAX_PHASES = 12
MAX_CHALLENGE_ITEMS = 60


def _audit(action: str, actor: User | None, obj: Any, process: Process, **detail: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        obj=obj,
        organisation_id=process.organisation_id,
        process_id=process.pk,
        detail=detail or None,
    )


# --- Processes ------------------------------------------------------------------------------


def _check_partners(
    actor: User | None, organisation: Organisation, partners: Sequence[Organisation], already: set[int]
) -> None:
    """A partner organisation gets to see the process, so it must be one the acting person
    belongs to, one related to the owner (its parent or members), or already a partner."""
    from samskap.processes.selectors import partner_candidates

    if actor is None:
        return  # set up by the system (the demo, tests)
    allowed = set(partner_candidates(organisation, actor).values_list("pk", flat=True)) | already
    if any(p.pk not in allowed for p in partners):
        raise ValidationError(_("You can only add partner organisations you belong to or that are related to yours."))


def process_create(
    *,
    actor: User | None,
    organisation: Organisation,
    partners: Sequence[Organisation] = (),
    template: PhaseTemplate | None = None,
    **fields: Any,
) -> Process:
    """A new process; with a template, its phases are copied in and the first is current."""
    _check_partners(actor, organisation, partners, set())
    if template is not None and template.organisation_id not in (None, organisation.pk):
        raise ValidationError(_("That phase template belongs to another organisation."))
    process = Process(organisation=organisation, template=template, **fields)
    process.full_clean(exclude=["current_phase", "template"])
    with transaction.atomic():
        process.save()
        process.partners.set([p for p in partners if p.pk != organisation.pk])
        if template is not None:
            phases = Phase.objects.bulk_create(
                Phase(process=process, position=tp.position, names=tp.names, purposes=tp.purposes)
                for tp in template.phases.all()
            )
            if phases:
                process.current_phase = Phase.objects.get(process=process, position=phases[0].position)
                process.save(update_fields=["current_phase"])
        audit_record(
            action="process.create", actor=actor, obj=process, organisation_id=organisation.pk, process_id=process.pk
        )
    return process


def process_update(
    *,
    actor: User,
    process: Process,
    title: str,
    kind: str,
    summary: str,
    partners: Sequence[Organisation],
) -> Process:
    _check_partners(actor, process.organisation, partners, set(process.partners.values_list("pk", flat=True)))
    process.title, process.kind, process.summary = title.strip(), kind, summary.strip()
    process.full_clean(exclude=["current_phase", "template"])
    with transaction.atomic():
        process.save(update_fields=["title", "kind", "summary"])
        process.partners.set([p for p in partners if p.pk != process.organisation_id])
        _audit("process.update", actor, process, process, partners=sorted(p.pk for p in partners))
    return process


def process_legal_hold_set(*, actor: User, process: Process, on: bool, reason: str = "") -> Process:
    """Put the process on legal hold, which stops deletion by retention, or lift it. Only
    the organisation's owners decide this, and the reason is written down."""
    if not can_in_organisation(actor, process.organisation, Capability.MANAGE_ORGANISATION):
        raise PermissionDenied
    if on and not reason.strip():
        raise ValidationError(_("Write why the process is put on legal hold."))
    process.legal_hold, process.legal_hold_reason = on, reason.strip() if on else ""
    process.full_clean(exclude=["current_phase", "template"])
    with transaction.atomic():
        process.save(update_fields=["legal_hold", "legal_hold_reason"])
        _audit("process.legal_hold", actor, process, process, on=on)
    return process


def process_public_update(
    *, actor: User, process: Process, is_published: bool, how_to_take_part: str, results_so_far: str
) -> Process:
    """The public page's texts and whether it is published. The texts must hold no
    personal data; the form says so, and the page shows only aggregates besides them."""
    process.how_to_take_part = how_to_take_part.strip()
    process.results_so_far = results_so_far.strip()
    if is_published and not process.is_published:
        process.published_at = timezone.now()
    process.is_published = is_published
    process.full_clean(exclude=["current_phase", "template"])
    with transaction.atomic():
        process.save(update_fields=["how_to_take_part", "results_so_far", "is_published", "published_at"])
        _audit("process.public_update", actor, process, process, published=is_published)
    return process


def process_phase_move(*, actor: User, process: Process, phase: Phase, reason: str = "") -> PhaseChange:
    """Move the process to `phase`. Going back is allowed, and asks why: the next
    person reading the history should understand it."""
    if phase.process_id != process.pk:
        raise ValidationError(_("That phase belongs to another process."))
    current = process.current_phase
    if current is not None and current.pk == phase.pk:
        raise ValidationError(_("The process is already in that phase."))
    reason = reason.strip()
    if current is not None and phase.position < current.position and not reason:
        raise ValidationError(_("Say why the process goes back to an earlier phase."))
    with transaction.atomic():
        change = PhaseChange.objects.create(
            process=process, from_phase=current, to_phase=phase, reason=reason, changed_by=actor
        )
        process.current_phase = phase
        process.save(update_fields=["current_phase"])
        _audit("process.phase_move", actor, process, process, to_phase=phase.pk, back=bool(reason))
    return change


def process_membership_grant(*, actor: User | None, process: Process, user: User, role: str) -> ProcessMembership:
    with transaction.atomic():
        membership, created = ProcessMembership.objects.get_or_create(user=user, process=process, role=role)
        if created:
            _audit("process_membership.grant", actor, membership, process, user=user.pk, role=role)
    return membership


# --- Phase templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseText:
    names: dict[str, str]
    purposes: dict[str, str]


def _clean_texts(texts: dict[str, str]) -> dict[str, str]:
    cleaned = {lang: (texts.get(lang) or "").strip() for lang in LANGUAGES}
    return {lang: text for lang, text in cleaned.items() if text}


def phase_template_save(
    *,
    actor: User,
    organisation: Organisation,
    names: dict[str, str],
    phases: Sequence[PhaseText],
    template: PhaseTemplate | None = None,
) -> PhaseTemplate:
    """Create or replace an organisation's own template. Processes already started keep
    their copied phases; the template only shapes processes started after."""
    names = _clean_texts(names)
    if not names:
        raise ValidationError(_("Give the template a name in at least one language."))
    cleaned = [PhaseText(_clean_texts(p.names), _clean_texts(p.purposes)) for p in phases]
    cleaned = [p for p in cleaned if p.names]
    if not cleaned:
        raise ValidationError(_("A template needs at least one phase."))
    if len(cleaned) > MAX_PHASES:
        raise ValidationError(_("At most %(limit)d phases.") % {"limit": MAX_PHASES})
    too_long = [t for p in cleaned for t in p.names.values() if len(t) > NAME_MAX_LENGTH]
    if too_long or any(len(t) > NAME_MAX_LENGTH for t in names.values()):
        raise ValidationError(_("Names can be at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH})
    if template is not None and template.organisation_id != organisation.pk:
        raise ValidationError(_("Only the organisation's own templates can be changed; copy a built-in one first."))
    with transaction.atomic():
        if template is None:
            template = PhaseTemplate.objects.create(
                organisation=organisation, key=f"own-{uuid.uuid4().hex[:12]}", names=names
            )
        else:
            template.names = names
            template.save(update_fields=["names"])
            template.phases.all().delete()
        TemplatePhase.objects.bulk_create(
            TemplatePhase(template=template, position=position, names=p.names, purposes=p.purposes)
            for position, p in enumerate(cleaned, start=1)
        )
        audit_record(
            action="phase_template.save",
            actor=actor,
            obj=template,
            organisation_id=organisation.pk,
            detail={"phases": len(cleaned)},
        )
    return template


def phase_template_copy(*, actor: User, organisation: Organisation, template: PhaseTemplate) -> PhaseTemplate:
    """A copy the organisation can edit, of a built-in template or one of its own."""
    if template.organisation_id not in (None, organisation.pk):
        raise ValidationError(_("That phase template belongs to another organisation."))
    names = {lang: _("%(name)s (copy)") % {"name": text} for lang, text in template.names.items()}
    names = {lang: text[:NAME_MAX_LENGTH] for lang, text in names.items()}
    phases = [PhaseText(p.names, p.purposes) for p in template.phases.all()]
    return phase_template_save(actor=actor, organisation=organisation, names=names, phases=phases)


# --- Activities and materials ---------------------------------------------------------------


def activity_add(
    *,
    actor: User,
    phase: Phase,
    title: str,
    kind: str,
    influence_level: str = "",
    happened_on: Any = None,
    target: Model | None = None,
    counts: dict[str, int | None] | None = None,
) -> Activity:
    """An activity in a phase, optionally pointing at the real object in another module
    (the caller resolves it with `links.resolve_link`, which keeps it inside the process)."""
    if target is not None and not contains(phase.process, target):
        raise ValidationError(_("Choose something in this process."))
    activity = Activity(
        phase=phase,
        title=title.strip(),
        kind=kind,
        influence_level=influence_level,
        happened_on=happened_on,
        **(counts or {}),
    )
    if target is not None:
        activity.target_type = ContentType.objects.get_for_model(target)
        activity.target_id = target.pk
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        _audit("activity.add", actor, activity, phase.process, phase=phase.pk)
    return activity


def activity_remove(*, actor: User, activity: Activity) -> None:
    process = activity.phase.process
    with transaction.atomic():
        _audit("activity.remove", actor, activity, process, title=activity.title)
        activity.delete()


def material_add(*, actor: User, process: Process, title: str, kind: str, url: str = "", text: str = "") -> Material:
    material = Material(process=process, title=title.strip(), kind=kind, url=url.strip(), text=text.strip())
    if not material.url and not material.text:
        raise ValidationError(_("Give a link or a text."))
    material.full_clean()
    with transaction.atomic():
        material.save()
        _audit("material.add", actor, material, process)
    return material


def material_remove(*, actor: User, material: Material) -> None:
    with transaction.atomic():
        _audit("material.remove", actor, material, material.process, title=material.title)
        material.delete()


# --- The challenge picture ------------------------------------------------------------------


@dataclass(frozen=True)
class ItemDraft:
    key: uuid.UUID | None  # the key of the item it continues, or None for a new one
    kind: str
    text: str


def challenge_picture_version_create(
    *, actor: User, process: Process, items: Sequence[ItemDraft], change_note: str = ""
) -> ChallengePicture:
    """A new version. Items that continue an item of the last version keep its key and
    its evidence; the note says what changed and why (required after the first)."""
    drafts = [ItemDraft(d.key, d.kind, " ".join(d.text.split())) for d in items]
    drafts = [d for d in drafts if d.text]
    if not drafts:
        raise ValidationError(_("Write at least one problem statement or target group."))
    if len(drafts) > MAX_CHALLENGE_ITEMS:
        raise ValidationError(_("At most %(limit)d items.") % {"limit": MAX_CHALLENGE_ITEMS})
    if any(d.kind not in ChallengeItemKind.values for d in drafts):
        raise ValidationError(_("Unknown kind of item."))
    if any(len(d.text) > 500 for d in drafts):
        raise ValidationError(_("Each item can be at most 500 characters."))
    change_note = change_note.strip()
    with transaction.atomic():
        # Lock the process row: two editors saving at once get numbers one after the other.
        Process.objects.select_for_update().filter(pk=process.pk).first()
        previous = process.challenge_pictures.order_by("-number").first()
        if previous is not None and not change_note:
            raise ValidationError(_("Say what changed and why."))
        version = ChallengePicture.objects.create(
            process=process,
            number=(previous.number + 1) if previous else 1,
            change_note=change_note,
            created_by=actor,
        )
        earlier = {item.key: item for item in previous.items.all()} if previous else {}
        seen: set[uuid.UUID] = set()
        positions: dict[str, int] = {}
        for draft in drafts:
            key = draft.key if draft.key in earlier and draft.key not in seen else uuid.uuid4()
            seen.add(key)
            positions[draft.kind] = positions.get(draft.kind, 0) + 1
            item = ChallengeItem.objects.create(
                version=version, key=key, kind=draft.kind, text=draft.text, position=positions[draft.kind]
            )
            if key in earlier:
                EvidenceLink.objects.bulk_create(
                    EvidenceLink(
                        item=item,
                        target_type_id=link.target_type_id,
                        target_id=link.target_id,
                        note=link.note,
                        added_by=link.added_by,
                        added_at=link.added_at,
                    )
                    for link in earlier[key].evidence.all()
                )
        _audit("challenge_picture.version", actor, version, process, number=version.number, items=len(drafts))
    return version


def _latest_version(process: Process) -> ChallengePicture | None:
    return process.challenge_pictures.order_by("-number").first()


def evidence_link_add(*, actor: User, item: ChallengeItem, target: Model, note: str = "") -> EvidenceLink:
    """Evidence goes on the newest version only: older versions are the record."""
    process = item.version.process
    latest = _latest_version(process)
    if latest is None or latest.pk != item.version_id:
        raise ValidationError(_("Evidence can only be added to the newest version."))
    if not contains(process, target):
        raise ValidationError(_("Choose evidence from this process."))
    target_type = ContentType.objects.get_for_model(target)
    if EvidenceLink.objects.filter(item=item, target_type=target_type, target_id=target.pk).exists():
        raise ValidationError(_("That evidence is already linked."))
    link = EvidenceLink(item=item, target_type=target_type, target_id=target.pk, note=note.strip(), added_by=actor)
    link.full_clean()
    with transaction.atomic():
        link.save()
        _audit("evidence.add", actor, link, process, item=item.pk)
    return link


def evidence_link_remove(*, actor: User, link: EvidenceLink) -> None:
    process = link.item.version.process
    latest = _latest_version(process)
    if latest is None or latest.pk != link.item.version_id:
        raise ValidationError(_("Older versions are kept as they were."))
    with transaction.atomic():
        _audit("evidence.remove", actor, link, process, item=link.item_id)
        link.delete()


def challenge_picture_test_in_opinion_map(*, actor: User, version: ChallengePicture, language: str) -> Model:
    """Put a version to the test: an opinion map whose seed statements are its items,
    asking whether the picture hits the mark or leaves something out."""
    from samskap.opinions.services import opinion_map_create

    process = version.process
    latest = _latest_version(process)
    if latest is None or latest.pk != version.pk:
        raise ValidationError(_("Only the newest version can be tested."))
    texts = [item.text for item in version.items.all()]
    with transaction.atomic():
        opinion_map = opinion_map_create(
            actor=actor,
            process=process,
            title=_("Challenge picture, version %(number)d") % {"number": version.number},
            question=_("Have we hit the mark with the challenge picture, or have we left something out?"),
            seed_statements=texts,
            languages=[language],
            allow_statements=True,
        )
        version.tested_in_type = ContentType.objects.get_for_model(opinion_map)
        version.tested_in_id = opinion_map.pk
        version.save(update_fields=["tested_in_type", "tested_in_id"])
        _audit("challenge_picture.test", actor, version, process, opinion_map=opinion_map.pk)
    return opinion_map


# --- Governance -----------------------------------------------------------------------------


def process_group_create(*, actor: User, process: Process, kind: str, name: str = "") -> ProcessGroup:
    group = ProcessGroup(process=process, kind=kind, name=name.strip())
    group.full_clean()
    with transaction.atomic():
        group.save()
        _audit("process_group.create", actor, group, process, kind=kind)
    return group


def group_member_add(
    *,
    actor: User,
    group: ProcessGroup,
    user: User | None = None,
    name: str = "",
    role_title: str = "",
    represents: str = "",
) -> GroupMember:
    """A member with an account (who must hold a role in the process) or someone named."""
    from samskap.core.permissions import Capability, can_in_process

    if user is None and not name.strip():
        raise ValidationError(_("Choose a person or write a name."))
    if user is not None and not can_in_process(user, group.process, Capability.VIEW_PROCESS):
        raise ValidationError(_("%(name)s has no role in this process.") % {"name": user.full_name})
    member = GroupMember(
        group=group,
        user=user,
        name="" if user else name.strip(),
        role_title=role_title.strip(),
        represents=represents.strip(),
    )
    member.full_clean()
    with transaction.atomic():
        member.save()
        _audit("group_member.add", actor, member, group.process, group=group.pk)
    return member


def group_member_remove(*, actor: User, member: GroupMember) -> None:
    with transaction.atomic():
        _audit("group_member.remove", actor, member, member.group.process, group=member.group_id)
        member.delete()


def meeting_add(*, actor: User, group: ProcessGroup, held_on: Any, summary: str = "") -> Meeting:
    meeting = Meeting(group=group, held_on=held_on, summary=summary.strip())
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
        _audit("meeting.add", actor, meeting, group.process, group=group.pk)
    return meeting


def decision_record(
    *,
    actor: User,
    process: Process,
    decided_on: Any,
    what: str,
    decided_by: str,
    why: str,
    meeting: Meeting | None = None,
) -> Decision:
    if meeting is not None and meeting.group.process_id != process.pk:
        raise ValidationError(_("That meeting belongs to another process."))
    decision = Decision(
        process=process,
        meeting=meeting,
        decided_on=decided_on,
        what=what.strip(),
        decided_by=decided_by.strip(),
        why=why.strip(),
        recorded_by=actor,
    )
    decision.full_clean()
    with transaction.atomic():
        decision.save()
        _audit("decision.record", actor, decision, process)
    return decision


def stakeholder_save(
    *, actor: User, process: Process, stakeholder: Stakeholder | None = None, **fields: str
) -> Stakeholder:
    """Add a stakeholder, or place an existing one anew (influence, interest, how to involve)."""
    if stakeholder is None:
        stakeholder = Stakeholder(process=process)
    elif stakeholder.process_id != process.pk:
        raise ValidationError(_("That stakeholder belongs to another process."))
    for name, value in fields.items():
        setattr(stakeholder, name, value.strip())
    stakeholder.full_clean()
    with transaction.atomic():
        stakeholder.save()
        _audit("stakeholder.save", actor, stakeholder, process)
    return stakeholder


def stakeholder_remove(*, actor: User, stakeholder: Stakeholder) -> None:
    with transaction.atomic():
        _audit("stakeholder.remove", actor, stakeholder, stakeholder.process, name=stakeholder.name)
        stakeholder.delete()


def benefit_add(*, actor: User, process: Process, measure: Measure | None = None, **fields: Any) -> Benefit:
    """A line of the benefits plan; `measure` (resolved inside the process by the caller)
    ties it to a measure whose run chart shows whether the benefit comes."""
    if measure is not None and not contains(process, measure):
        raise ValidationError(_("Choose a measure in this process."))
    cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    benefit = Benefit(process=process, measure=measure, **cleaned)
    benefit.full_clean()
    with transaction.atomic():
        benefit.save()
        _audit("benefit.add", actor, benefit, process)
    return benefit
