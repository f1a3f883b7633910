"""Every change to insight work goes through here: validation, one transaction, one audit
entry. Audit details never carry personal data: offsets and kinds, not the words."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.analysis import pii
from samskap.core.audit import audit_record
from samskap.core.models import Organisation, User
from samskap.core.permissions import Capability, can_in_organisation, can_in_process
from samskap.insight.models import (
    TEXT_MAX,
    Case,
    CaseValue,
    CaseVariable,
    Code,
    Coding,
    GuideQuestion,
    GuideQuestionKind,
    GuideSection,
    Insight,
    InsightQuote,
    InterviewGuide,
    Journey,
    JourneyStage,
    LifeArea,
    Memo,
    Offer,
    PiiDecision,
    PiiFinding,
    PiiKind,
    PseudonymKey,
    Source,
    SourceKind,
    SourceStatus,
    VariableKind,
)
from samskap.processes.models import Process

MAX_GUIDE_SECTIONS = 30
MAX_QUESTIONS_PER_SECTION = 40
MAX_CODES = 500
MAX_FINDING_TEXT = 300


def _audit(action: str, actor: User | None, obj: Any, process: Process, **detail: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        obj=obj,
        organisation_id=process.organisation_id,
        process_id=process.pk,
        detail=detail or None,
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Interview guides -----------------------------------------------------------------------


def may_edit_organisation_material(user: User, organisation: Organisation) -> bool:
    """Interview guides and the directory of offers belong to the organisation, not one
    process: those who interview or run processes there keep them."""
    return can_in_organisation(user, organisation, Capability.INTERVIEW) or can_in_organisation(
        user, organisation, Capability.MANAGE_PROCESS
    )


def interview_guide_create(
    *, actor: User, organisation: Organisation, title: str, language: str, purpose: str = ""
) -> InterviewGuide:
    _require(may_edit_organisation_material(actor, organisation))
    guide = InterviewGuide(
        organisation=organisation, title=title.strip(), language=language, purpose=purpose.strip(), created_by=actor
    )
    guide.full_clean()
    with transaction.atomic():
        guide.save()
        audit_record(action="interview_guide.create", actor=actor, obj=guide, organisation_id=organisation.pk)
    return guide


def guide_section_add(*, actor: User, guide: InterviewGuide, title: str) -> GuideSection:
    _require(may_edit_organisation_material(actor, guide.organisation))
    with transaction.atomic():
        InterviewGuide.objects.select_for_update().get(pk=guide.pk)
        if guide.sections.count() >= MAX_GUIDE_SECTIONS:
            raise ValidationError(_("A guide has at most %(n)d sections.") % {"n": MAX_GUIDE_SECTIONS})
        last = guide.sections.aggregate(m=Max("position"))["m"] or 0
        section = GuideSection(guide=guide, title=title.strip(), position=last + 1)
        section.full_clean()
        section.save()
        audit_record(
            action="interview_guide.section_add", actor=actor, obj=guide, organisation_id=guide.organisation_id
        )
    return section


def guide_question_add(*, actor: User, section: GuideSection, text: str, kind: str) -> GuideQuestion:
    guide = section.guide
    _require(may_edit_organisation_material(actor, guide.organisation))
    if kind == GuideQuestionKind.WHAT_MATTERS and not text.strip():
        text = str(WHAT_MATTERS_QUESTION.get(guide.language, WHAT_MATTERS_QUESTION["en"]))
    with transaction.atomic():
        GuideSection.objects.select_for_update().get(pk=section.pk)
        if section.questions.count() >= MAX_QUESTIONS_PER_SECTION:
            raise ValidationError(_("A section has at most %(n)d questions.") % {"n": MAX_QUESTIONS_PER_SECTION})
        last = section.questions.aggregate(m=Max("position"))["m"] or 0
        question = GuideQuestion(section=section, text=text.strip(), kind=kind, position=last + 1)
        question.full_clean()
        question.save()
        audit_record(
            action="interview_guide.question_add", actor=actor, obj=guide, organisation_id=guide.organisation_id
        )
    return question


# The ready question, in the guide's own language whatever the interviewer's page is in.
WHAT_MATTERS_QUESTION = {
    "nb": "Hva er viktig for deg?",
    "nn": "Kva er viktig for deg?",
    "sv": "Vad är viktigt för dig?",
    "en": "What matters to you?",
}


# --- Sources and the personal-data review ---------------------------------------------------


def _known_names(process: Process) -> list[str]:
    """Names the project already knows: those in its pseudonym key, and its staff."""
    key = PseudonymKey.objects.filter(process=process).first()
    names: list[str] = []
    if key is not None and key.mapping:
        names.extend(pii.PseudonymMap.from_dict(key.mapping).names)
    names.extend(n for n in process.organisation.memberships.values_list("user__full_name", flat=True) if n)
    return names


def refuse_personal_data(value: str, what: str) -> None:
    """Titles and labels are shown to people who may not read personal data, and exported:
    refuse one that holds a name, an id number, a phone number or an address."""
    found = [f for f in pii.find_pii(value) if f.confidence >= 0.5]
    if found:
        raise ValidationError(
            _("%(what)s seems to hold personal data (“%(text)s”): use a label without it.")
            % {"what": what, "text": found[0].text}
        )


def _joined_names(text: str, findings: list[pii.Finding]) -> list[pii.Finding]:
    """Name findings that touch across one space ("Kari" "Hansen") are one person's full
    name: one finding, so the person gets one pseudonym, not two."""
    joined: list[pii.Finding] = []
    for finding in findings:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == finding.kind == "person_name"
            and text[previous.end : finding.start] == " "
            and len(previous.text.split()) + len(finding.text.split()) <= 3
            and finding.end - previous.start <= 80
        ):
            joined[-1] = pii.Finding(
                kind="person_name",
                start=previous.start,
                end=finding.end,
                text=text[previous.start : finding.end],
                confidence=min(previous.confidence, finding.confidence),
                reason=previous.reason,
            )
        else:
            joined.append(finding)
    return joined


def source_create(
    *,
    actor: User,
    process: Process,
    kind: str,
    title: str,
    language: str,
    text: str = "",
    **fields: Any,
) -> Source:
    """A new source with its text, which is searched for personal data at once: the
    source waits for review and nobody codes it until it is released."""
    _require(can_in_process(actor, process, Capability.INTERVIEW))
    if len(text) > TEXT_MAX:
        raise ValidationError(_("The text is longer than 400,000 characters: split it into several sources."))
    refuse_personal_data(title, _("The title"))
    if kind != SourceKind.DESK and not text.strip():
        raise ValidationError(_("Type in the notes or upload the transcript."))
    if kind == SourceKind.DESK and not (text.strip() or fields.get("summary", "").strip()):
        raise ValidationError(_("Write a summary of the report or article."))
    if kind == SourceKind.INTERVIEW and not fields.get("consent_given_on"):
        raise ValidationError(_("Record when the person gave consent: an interview needs it."))
    if fields.get("interviewer") is not None and not can_in_process(
        fields["interviewer"], process, Capability.INTERVIEW
    ):
        raise ValidationError(_("The interviewer does not interview in this process."))
    if fields.get("guide") is not None and fields["guide"].organisation_id != process.organisation_id:
        raise ValidationError(_("The interview guide belongs to another organisation."))
    source = Source(process=process, kind=kind, title=title.strip(), language=language, created_by=actor, **fields)
    source.original_text = text.strip()
    source.full_clean()
    findings = _joined_names(
        source.original_text, pii.find_pii(source.original_text, known_names=_known_names(process), language=language)
    )
    with transaction.atomic():
        source.save()
        PiiFinding.objects.bulk_create(
            [
                PiiFinding(
                    source=source,
                    kind=f.kind,
                    start=f.start,
                    end=f.end,
                    text=f.text[:MAX_FINDING_TEXT],
                    confidence=f.confidence,
                )
                for f in findings
            ]
        )
        _audit("source.create", actor, source, process, kind=kind, findings=len(findings))
    return source


def _may_review(actor: User, source: Source) -> bool:
    process = source.process
    return can_in_process(actor, process, Capability.INTERVIEW) and can_in_process(
        actor, process, Capability.READ_PERSONAL_DATA
    )


def pii_findings_decide(*, actor: User, source: Source, decisions: Mapping[int, str]) -> int:
    """Record the reviewer's decision on findings (by id); returns how many changed."""
    _require(_may_review(actor, source))
    valid = {PiiDecision.ACCEPTED, PiiDecision.REJECTED, PiiDecision.PENDING}
    changed = 0
    with transaction.atomic():
        _open_for_review(source)
        findings = {f.pk: f for f in PiiFinding.objects.select_for_update().filter(source=source)}
        for finding_id, decision in decisions.items():
            finding = findings.get(finding_id)
            if finding is None or decision not in valid:
                raise ValidationError(_("A decision does not belong to this source."))
            if finding.decision != decision:
                finding.decision = decision
                finding.decided_by = actor
                finding.save(update_fields=["decision", "decided_by"])
                changed += 1
        _audit("source.review", actor, source, source.process, changed=changed)
    return changed


def _open_for_review(source: Source) -> Source:
    """The source, row-locked, still in review: decisions and release never cross."""
    locked = Source.objects.select_for_update().get(pk=source.pk)
    if locked.is_released:
        raise ValidationError(_("This source is already released; its review is closed."))
    return locked


def pii_finding_add(*, actor: User, source: Source, words: str, kind: str) -> tuple[int, int]:
    """A span the detector missed: every whole-word occurrence of `words` in the original
    (any case, and before a genitive s: "Kari" also in "Karis") is added, accepted. Findings
    there that were not accepted give way: those inside are replaced, those around or across
    are rejected, since the reviewer now says exactly which words are personal data. Places
    that cross an accepted finding are left for the reviewer. Returns (added, left out)."""
    _require(_may_review(actor, source))
    words = words.strip()
    if not words:
        raise ValidationError(_("Write the words exactly as they stand in the text."))
    if len(words) > MAX_FINDING_TEXT:
        raise ValidationError(_("At most %(n)d characters.") % {"n": MAX_FINDING_TEXT})
    if kind not in PiiKind.values:
        raise ValidationError(_("Choose what kind of personal data it is."))
    text = source.original_text
    pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?=s?(?!\w))", re.IGNORECASE)
    with transaction.atomic():
        _open_for_review(source)
        existing = list(PiiFinding.objects.select_for_update().filter(source=source))
        added: list[PiiFinding] = []
        matched = left_out = 0
        for match in pattern.finditer(text):
            matched += 1
            start, end = match.span()
            overlapping = [f for f in existing if f.start < end and start < f.end]
            accepted = [f for f in overlapping if f.decision == PiiDecision.ACCEPTED]
            if any(f.start <= start and end <= f.end for f in accepted):
                continue  # already replaced
            if accepted:
                left_out += 1
                continue
            for f in overlapping:
                existing.remove(f)
                if start <= f.start and f.end <= end:
                    f.delete()
                else:
                    f.decision, f.decided_by = PiiDecision.REJECTED, actor
                    f.save(update_fields=["decision", "decided_by"])
            finding = PiiFinding(
                source=source,
                kind=kind,
                start=start,
                end=end,
                text=text[start:end],
                added_by_reviewer=True,
                decision=PiiDecision.ACCEPTED,
                decided_by=actor,
            )
            added.append(finding)
            existing.append(finding)
        if not added:
            if not matched:
                raise ValidationError(_("These words are not in the text. Copy them exactly as they stand."))
            if left_out:
                raise ValidationError(_("These words cross words already marked: change those decisions first."))
            raise ValidationError(_("These words are already marked."))
        PiiFinding.objects.bulk_create(added)
        _audit("source.review_add", actor, source, source.process, kind=kind, added=len(added), left_out=left_out)
    return len(added), left_out


def source_release(*, actor: User, source: Source) -> Source:
    """Replace every accepted finding (names by their pseudonym from the process's key,
    which learns new names; other kinds by a label) and release the text for coding.
    Every finding must have been decided first: nothing leaves unreviewed."""
    _require(_may_review(actor, source))
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        if source.is_released:
            raise ValidationError(_("This source is already released."))
        findings = list(PiiFinding.objects.select_for_update().filter(source=source))
        if any(f.decision == PiiDecision.PENDING for f in findings):
            raise ValidationError(_("Decide on every finding before the text is released."))
        key, _created = PseudonymKey.objects.select_for_update().get_or_create(process=source.process)
        mapping = pii.PseudonymMap.from_dict(key.mapping) if key.mapping else pii.PseudonymMap()
        accepted = [
            pii.Finding(
                kind=f.kind,
                start=f.start,
                end=f.end,
                text=source.original_text[f.start : f.end],
                confidence=f.confidence,
                reason="review",
            )
            for f in findings
            if f.decision == PiiDecision.ACCEPTED
        ]
        try:
            source.released_text = pii.pseudonymise(source.original_text, accepted, mapping, language=source.language)
        except ValueError as exc:
            raise ValidationError(
                _("Two findings to replace overlap: keep one of them, then release the text.")
            ) from exc
        source.status = SourceStatus.RELEASED
        source.released_at = timezone.now()
        source.released_by = actor
        pending, source.imported_codings = source.imported_codings, []
        source.save(update_fields=["released_text", "status", "released_at", "released_by", "imported_codings"])
        if pending:
            _apply_imported_codings(source, pending, _replacements(accepted, mapping, source.language))
        key.mapping = mapping.to_dict()
        key.updated_at = timezone.now()
        key.save(update_fields=["mapping", "updated_at"])
        _audit("source.release", actor, source, source.process, replaced=len(accepted))
    return source


def _replacements(
    accepted: Sequence[pii.Finding], mapping: pii.PseudonymMap, language: str
) -> list[tuple[int, int, int]]:
    """(start, end, length of what replaced it) for each replaced span, in order."""
    result = []
    for f in sorted(accepted, key=lambda f: f.start):
        alone = pii.Finding(kind=f.kind, start=0, end=len(f.text), text=f.text, confidence=1.0, reason="review")
        result.append((f.start, f.end, len(pii.pseudonymise(f.text, [alone], mapping, language=language))))
    return result


def _moved(position: int, replacements: Sequence[tuple[int, int, int]], *, is_end: bool) -> int:
    """Where an offset in the original lands in the released text: shifted by what was
    replaced before it; inside a replaced span, to that replacement's start or end."""
    shift = 0
    for start, end, length in replacements:
        if position >= end:
            shift += length - (end - start)
        elif position > start:
            return start + shift + (length if is_end else 0)
        else:
            break
    return position + shift


def _apply_imported_codings(
    source: Source, pending: list[dict[str, int]], replacements: list[tuple[int, int, int]]
) -> None:
    codes = {c.pk: c for c in source.process.codes.filter(codable=True)}
    coders = {u.pk: u for u in User.objects.filter(pk__in={p["coder"] for p in pending})}
    for item in pending:
        code, coder = codes.get(item["code"]), coders.get(item["coder"])
        start = _moved(item["start"], replacements, is_end=False)
        end = _moved(item["end"], replacements, is_end=True)
        if code is None or coder is None or not 0 <= start < end <= len(source.released_text):
            continue
        Coding.objects.get_or_create(source=source, code=code, coder=coder, start=start, end=end)


def source_withdraw_consent(*, actor: User, source: Source, withdrawn_on: date) -> None:
    """The person withdrew consent: the source and everything made from it (findings,
    codings, memos on it, quotes in insights, the names in the pseudonym key that no other
    source has, cases that had no other source) are deleted. The audit entry keeps only
    that it happened."""
    process = source.process
    _require(can_in_process(actor, process, Capability.INTERVIEW))
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        detail = {"kind": source.kind, "withdrawn_on": withdrawn_on.isoformat(), "source_id": source.pk}
        _source_delete(source)
        audit_record(
            action="source.consent_withdrawn",
            actor=actor,
            organisation_id=process.organisation_id,
            process_id=process.pk,
            detail=detail,
        )


def _forget_names_of(source: Source) -> None:
    """Take out of the process's key the names that only this source had."""
    key = PseudonymKey.objects.select_for_update().filter(process=source.process).first()
    if key is None or not key.mapping:
        return
    accepted = PiiFinding.objects.filter(kind="person_name", decision=PiiDecision.ACCEPTED)
    own = {pii.name_key(text) for text in accepted.filter(source=source).values_list("text", flat=True)}
    elsewhere = accepted.filter(source__process=source.process).exclude(source=source)
    others = {pii.name_key(text) for text in elsewhere.values_list("text", flat=True)}
    mapping = pii.PseudonymMap.from_dict(key.mapping)
    for name in own - others:
        mapping.forget(name)
    key.mapping = mapping.to_dict()
    key.updated_at = timezone.now()
    key.save(update_fields=["mapping", "updated_at"])


def _source_delete(source: Source) -> None:
    """A source and everything made from it: findings, codings, memos and quotes go with it
    (the database cascades), its names that no other source has leave the key, and cases
    that had no other source go too. Call inside the caller's transaction."""
    _forget_names_of(source)
    Case.objects.filter(pk__in=[c.pk for c in source.cases.all() if c.sources.count() == 1]).delete()
    source.delete()


def pseudonym_key_viewed(*, actor: User, process: Process) -> None:
    """Reading the key is itself logged, so the data protection officer sees who did."""
    _require(can_in_process(actor, process, Capability.READ_PSEUDONYM_KEY))
    with transaction.atomic():
        audit_record(
            action="pseudonym_key.view",
            actor=actor,
            organisation_id=process.organisation_id,
            process_id=process.pk,
            purpose="pseudonym key",
        )


# --- The codebook and coding ----------------------------------------------------------------


def code_create(
    *,
    actor: User,
    process: Process,
    name: str,
    parent: Code | None = None,
    description: str = "",
    colour: str = "#1E6BB8",
    codable: bool = True,
    guid: uuid.UUID | None = None,
) -> Code:
    _require(can_in_process(actor, process, Capability.ANALYSE))
    if parent is not None and parent.process_id != process.pk:
        raise ValidationError(_("The code above it belongs to another process."))
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
        raise ValidationError(_("A colour is written #RRGGBB."))
    code = Code(
        process=process,
        parent=parent,
        name=name.strip(),
        description=description.strip(),
        colour=colour.upper(),
        codable=codable,
        guid=guid or uuid.uuid4(),
    )
    code.full_clean()
    with transaction.atomic():
        if Code.objects.filter(process=process).count() >= MAX_CODES:
            raise ValidationError(_("A codebook has at most %(n)d codes.") % {"n": MAX_CODES})
        code.save()
        _audit("code.create", actor, code, process)
    return code


def coding_add(*, actor: User, source: Source, code: Code, start: int, end: int) -> Coding:
    """The actor's own coding of [start, end) of the released text."""
    process = source.process
    _require(can_in_process(actor, process, Capability.ANALYSE))
    if not source.is_released:
        raise ValidationError(_("Only a released text can be coded."))
    if code.process_id != process.pk:
        raise ValidationError(_("The code belongs to another process."))
    if not code.codable:
        raise ValidationError(_("This code only groups other codes; choose one under it."))
    if not 0 <= start < end <= len(source.released_text):
        raise ValidationError(_("The segment is outside the text."))
    with transaction.atomic():
        coding, created = Coding.objects.get_or_create(source=source, code=code, coder=actor, start=start, end=end)
        if created:
            _audit("coding.add", actor, coding, process, source=source.pk, code=code.pk, start=start, end=end)
    return coding


def codings_add(*, actor: User, source: Source, code: Code, spans: Sequence[tuple[int, int]]) -> list[Coding]:
    """Several segments coded at once, all or none."""
    with transaction.atomic():
        return [coding_add(actor=actor, source=source, code=code, start=a, end=b) for a, b in spans]


def source_original_viewed(*, actor: User, source: Source, purpose: str) -> None:
    """Reading an original with personal data is logged, as reading the key is."""
    _require(can_in_process(actor, source.process, Capability.READ_PERSONAL_DATA))
    with transaction.atomic():
        _audit("source.read_original", actor, source, source.process, page=purpose)


def coding_remove(*, actor: User, coding: Coding) -> None:
    process = coding.source.process
    _require(can_in_process(actor, process, Capability.ANALYSE) and coding.coder_id == actor.pk)
    with transaction.atomic():
        _audit("coding.remove", actor, coding, process, source=coding.source_id, code=coding.code_id)
        coding.delete()


def memo_add(
    *,
    actor: User,
    process: Process,
    text: str,
    source: Source | None = None,
    code: Code | None = None,
    coding: Coding | None = None,
) -> Memo:
    _require(can_in_process(actor, process, Capability.ANALYSE))
    for target in (source, code):
        if target is not None and target.process_id != process.pk:
            raise ValidationError(_("The memo's subject belongs to another process."))
    if coding is not None and coding.source.process_id != process.pk:
        raise ValidationError(_("The memo's subject belongs to another process."))
    memo = Memo(process=process, source=source, code=code, coding=coding, author=actor, text=text.strip())
    memo.full_clean()
    with transaction.atomic():
        memo.save()
        _audit("memo.add", actor, memo, process)
    return memo


# --- Insights -------------------------------------------------------------------------------


def insight_create(
    *,
    actor: User,
    process: Process,
    statement: str,
    explanation: str = "",
    codes: Sequence[Code] = (),
    life_areas: Sequence[str] = (),
) -> Insight:
    _require(can_in_process(actor, process, Capability.ANALYSE))
    if any(c.process_id != process.pk for c in codes):
        raise ValidationError(_("A code belongs to another process."))
    if any(a not in LifeArea.values for a in life_areas):
        raise ValidationError(_("Unknown life area."))
    insight = Insight(
        process=process,
        statement=statement.strip(),
        explanation=explanation.strip(),
        life_areas=list(dict.fromkeys(life_areas)),
        created_by=actor,
    )
    insight.full_clean()
    with transaction.atomic():
        insight.save()
        insight.codes.set(codes)
        _audit("insight.create", actor, insight, process)
    return insight


def insight_quote_add(*, actor: User, insight: Insight, source: Source, start: int, end: int) -> InsightQuote:
    """A quote from a released text only: never from an original or an unreviewed text."""
    process = insight.process
    _require(can_in_process(actor, process, Capability.ANALYSE))
    if source.process_id != process.pk:
        raise ValidationError(_("The source belongs to another process."))
    if not source.is_released:
        raise ValidationError(_("Quotes come from released texts only."))
    if not 0 <= start < end <= len(source.released_text):
        raise ValidationError(_("The quote is outside the text."))
    if end - start > 3000:
        raise ValidationError(_("A quote is at most 3,000 characters."))
    with transaction.atomic():
        quote, created = InsightQuote.objects.get_or_create(
            insight=insight, source=source, start=start, end=end, defaults={"text": source.released_text[start:end]}
        )
        if created:
            _audit("insight.quote_add", actor, insight, process, source=source.pk, start=start, end=end)
    return quote


def insight_quote_remove(*, actor: User, quote: InsightQuote) -> None:
    process = quote.insight.process
    _require(can_in_process(actor, process, Capability.ANALYSE))
    with transaction.atomic():
        _audit("insight.quote_remove", actor, quote.insight, process, source=quote.source_id)
        quote.delete()


# --- The directory of offers ----------------------------------------------------------------

OFFER_FIELDS = ("name", "kind", "area", "target_group", "description", "how_to_get_in", "contact", "tags")


def offer_save(*, actor: User, organisation: Organisation, offer: Offer | None = None, **fields: Any) -> Offer:
    """A new offer in the organisation's directory, or changes to one."""
    _require(may_edit_organisation_material(actor, organisation))
    if offer is not None and offer.organisation_id != organisation.pk:
        raise PermissionDenied
    offer = offer or Offer(organisation=organisation)
    for name in OFFER_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(offer, name, value.strip() if isinstance(value, str) else value)
    offer.updated_by = actor
    offer.updated_at = timezone.now()
    offer.full_clean()
    with transaction.atomic():
        created = offer.pk is None
        offer.save()
        audit_record(
            action="offer.create" if created else "offer.update",
            actor=actor,
            obj=offer,
            organisation_id=organisation.pk,
        )
    return offer


# --- User journeys ---------------------------------------------------------------------------

MAX_STAGES = 20


def journey_create(
    *, actor: User, process: Process, title: str, person_category: str, description: str = ""
) -> Journey:
    _require(can_in_process(actor, process, Capability.ANALYSE))
    journey = Journey(
        process=process,
        title=title.strip(),
        person_category=person_category,
        description=description.strip(),
        created_by=actor,
    )
    journey.full_clean()
    with transaction.atomic():
        journey.save()
        _audit("journey.create", actor, journey, process)
    return journey


def journey_stage_add(
    *,
    actor: User,
    journey: Journey,
    name: str,
    touchpoint: str = "",
    works: str = "",
    hurts: str = "",
    experience: int = 0,
    insights: Sequence[Insight] = (),
) -> JourneyStage:
    process = journey.process
    _require(can_in_process(actor, process, Capability.ANALYSE))
    if any(i.process_id != process.pk for i in insights):
        raise ValidationError(_("An insight belongs to another process."))
    with transaction.atomic():
        Journey.objects.select_for_update().get(pk=journey.pk)
        if journey.stages.count() >= MAX_STAGES:
            raise ValidationError(_("A journey has at most %(n)d stages.") % {"n": MAX_STAGES})
        last = journey.stages.aggregate(m=Max("position"))["m"] or 0
        stage = JourneyStage(
            journey=journey,
            position=last + 1,
            name=name.strip(),
            touchpoint=touchpoint.strip(),
            works=works.strip(),
            hurts=hurts.strip(),
            experience=experience,
        )
        stage.full_clean()
        stage.save()
        stage.insights.set(insights)
        _audit("journey.stage_add", actor, journey, process, stage=stage.position)
    return stage


# --- Cases and their variables -----------------------------------------------------------------


def case_variable_create(*, actor: User, process: Process, name: str, kind: str, choices: str = "") -> CaseVariable:
    _require(can_in_process(actor, process, Capability.ANALYSE))
    variable = CaseVariable(process=process, name=name.strip(), kind=kind, choices=choices.strip())
    variable.full_clean()
    if kind == VariableKind.CHOICE and len(variable.choice_list) < 2:
        raise ValidationError(_("Give at least two choices, separated by commas."))
    with transaction.atomic():
        variable.save()
        _audit("case_variable.create", actor, variable, process)
    return variable


def _checked_value(variable: CaseVariable, value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if variable.kind == VariableKind.NUMBER and not re.fullmatch(r"-?\d{1,9}", value):
        raise ValidationError(_("%(name)s is a whole number.") % {"name": variable.name})
    if variable.kind == VariableKind.CHOICE and value not in variable.choice_list:
        raise ValidationError(
            _("%(name)s is one of: %(choices)s.") % {"name": variable.name, "choices": variable.choices}
        )
    if variable.kind == VariableKind.DATE:
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(_("%(name)s is a date (YYYY-MM-DD).") % {"name": variable.name}) from exc
    return value


def case_save(
    *,
    actor: User,
    process: Process,
    label: str,
    person_category: str = "",
    sources: Sequence[Source] = (),
    values: Mapping[int, str] | None = None,
    case: Case | None = None,
) -> Case:
    """A new case or changes to one: its label, category, sources and variable values (by
    variable id; an empty value clears it). All or nothing."""
    _require(can_in_process(actor, process, Capability.ANALYSE))
    if case is not None and case.process_id != process.pk:
        raise PermissionDenied
    if any(s.process_id != process.pk for s in sources):
        raise ValidationError(_("A source belongs to another process."))
    variables = {v.pk: v for v in process.case_variables.all()}
    checked: dict[int, str] = {}
    for variable_id, value in (values or {}).items():
        if variable_id not in variables:
            raise ValidationError(_("A variable belongs to another process."))
        checked[variable_id] = _checked_value(variables[variable_id], value)
    case = case or Case(process=process)
    case.label = label.strip()
    case.person_category = person_category
    case.full_clean()
    with transaction.atomic():
        created = case.pk is None
        case.save()
        case.sources.set(sources)
        for variable_id, value in checked.items():
            if value:
                CaseValue.objects.update_or_create(case=case, variable_id=variable_id, defaults={"value": value})
            else:
                CaseValue.objects.filter(case=case, variable_id=variable_id).delete()
        _audit("case.create" if created else "case.update", actor, case, process)
    return case


# --- Retention ---------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    originals_deleted: int = 0
    sources_deleted: int = 0
    held: int = 0  # sources due for deletion but kept by a legal hold on their process
    dry_run: bool = False


def insight_retention_apply(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Delete what has passed its retention date (`RETENTION_DAYS`): the original text of a
    released source (and the words of its findings), then, later, the source itself with
    everything made from it. Processes on legal hold keep everything. Run daily; the report
    says what was deleted, and so does the audit log."""
    today = today or timezone.localdate()
    report = RetentionReport(dry_run=dry_run)
    released = Source.objects.filter(status=SourceStatus.RELEASED).select_related("process")
    with transaction.atomic():
        for source in released.select_for_update(of=("self",)).order_by("pk"):
            expired = source.released_kept_until < today
            original_due = source.original_deleted_at is None and (source.original_kept_until or today) < today
            if not (expired or original_due):
                continue
            if source.process.legal_hold:
                report.held += 1
                continue
            if dry_run:
                report.sources_deleted += int(expired)
                report.originals_deleted += int(original_due and not expired)
                continue
            if expired:
                _source_delete(source)
                report.sources_deleted += 1
            else:
                source.original_text = ""
                source.original_deleted_at = timezone.now()
                source.save(update_fields=["original_text", "original_deleted_at"])
                source.findings.update(text="")
                report.originals_deleted += 1
        if not dry_run and (report.originals_deleted or report.sources_deleted):
            audit_record(
                action="retention.apply",
                actor_label="retention",
                detail={"originals_deleted": report.originals_deleted, "sources_deleted": report.sources_deleted},
            )
    return report
