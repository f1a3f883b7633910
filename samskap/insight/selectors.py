"""Reads for insight work. Each `get_<thing>_for_user` raises 404 for what does not exist
and 403 for what the user may not see."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samskap.core.models import Organisation, User
from samskap.core.permissions import Capability, can_in_organisation, can_in_process, capabilities_of, process_roles
from samskap.insight.models import (
    Case,
    CaseVariable,
    Code,
    Coding,
    Insight,
    InterviewGuide,
    Journey,
    JourneyStage,
    Offer,
    PiiFinding,
    Source,
    SourceKind,
)
from samskap.processes.models import Process

AnyUser = User | AnonymousUser


SOURCE_READERS = frozenset({Capability.ANALYSE, Capability.INTERVIEW, Capability.READ_PERSONAL_DATA})


def capabilities_in(user: AnyUser, process: Process) -> frozenset[Capability]:
    """Everything the user may do in the process, from one look at their roles: for pages
    that ask several questions at once."""
    return capabilities_of(process_roles(user, process))


def may_read_sources(user: AnyUser, process: Process) -> bool:
    """Released (pseudonymised) texts and their codings: people who analyse, interview
    or read personal data (the data protection officer)."""
    return bool(capabilities_in(user, process) & SOURCE_READERS)


def get_source_for_user(user: AnyUser, source_id: int, capability: Capability | None = None) -> Source:
    source = Source.objects.select_related("process__organisation", "interviewer", "guide").filter(pk=source_id).first()
    if source is None:
        raise Http404
    capabilities = capabilities_in(user, source.process)
    allowed = capabilities & SOURCE_READERS if capability is None else capability in capabilities
    if Capability.VIEW_PROCESS not in capabilities or not allowed:
        raise PermissionDenied
    return source


def get_guide_for_user(user: AnyUser, guide_id: int) -> InterviewGuide:
    guide = InterviewGuide.objects.select_related("organisation").filter(pk=guide_id).first()
    if guide is None:
        raise Http404
    if not can_in_organisation(user, guide.organisation, Capability.VIEW_ORGANISATION):
        raise PermissionDenied
    return guide


def get_insight_for_user(user: AnyUser, insight_id: int) -> Insight:
    insight = Insight.objects.select_related("process__organisation").filter(pk=insight_id).first()
    if insight is None:
        raise Http404
    if not can_in_process(user, insight.process, Capability.VIEW_PROCESS):
        raise PermissionDenied
    return insight


def guides_for(organisation: Organisation) -> QuerySet[InterviewGuide]:
    return organisation.interview_guides.annotate(question_count=Count("sections__questions"))


def sources_of(process: Process, kind: str | None = None) -> QuerySet[Source]:
    sources = process.sources.annotate(
        pending=Count("findings", filter=Q(findings__decision="pending")),
        coding_count=Count("codings", distinct=True),
    ).defer("original_text", "released_text")
    if kind:
        sources = sources.filter(kind=kind)
    return sources.order_by("kind", "-held_on", "pk")


def desk_research_of(process: Process) -> QuerySet[Source]:
    return sources_of(process, SourceKind.DESK)


@dataclass
class CodeNode:
    code: Code
    depth: int
    count: int = 0
    children: list[CodeNode] = field(default_factory=list)


def codebook(process: Process) -> list[CodeNode]:
    """The process's codes depth first (children after their parent, by name), each with
    how many codings it has."""
    codes = list(process.codes.annotate(n=Count("codings")).order_by("name", "pk"))
    by_parent: dict[int | None, list[Code]] = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    nodes: list[CodeNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for code in by_parent.get(parent_id, []):
            nodes.append(CodeNode(code=code, depth=depth, count=code.n))  # type: ignore[attr-defined]
            walk(code.pk, depth + 1)

    walk(None, 0)
    return nodes


@dataclass
class Segment:
    """A sentence (or line) of a released text, with the codings on it."""

    number: int
    start: int
    end: int
    text: str
    codings: list[Coding] = field(default_factory=list)


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|\n+")


def segments(text: str) -> list[Segment]:
    """The text cut into sentences and lines with their offsets, so a coder can choose
    what to code with checkboxes instead of dragging a selection."""
    result: list[Segment] = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            start = position + (len(piece) - len(piece.lstrip()))
            result.append(Segment(len(result) + 1, start, start + len(stripped), stripped))
        if match:
            position = match.end()
    return result


def coding_spans(text: str, parts: list[Segment], numbers: list[int], words: str) -> list[tuple[int, int]]:
    """What a coder chose: the ticked sentences (neighbours joined into one span), or, when
    words are given, those words alone, looked for in the ticked sentences (or the whole
    text) and required to stand there once. ValidationError when they cannot be placed."""
    chosen = [parts[n - 1] for n in sorted(numbers)]
    sentences: list[tuple[int, int]] = []
    for index, part in enumerate(chosen):
        if index and chosen[index - 1].number == part.number - 1:
            sentences[-1] = (sentences[-1][0], part.end)
        else:
            sentences.append((part.start, part.end))
    words = words.strip()
    if not words:
        return sentences
    within = sentences or [(0, len(text))]
    starts = [a + m.start() for a, b in within for m in re.finditer(re.escape(words), text[a:b])]
    if not starts:
        raise ValidationError(_("These words are not in the text. Copy them exactly as they stand."))
    if len(starts) > 1:
        raise ValidationError(_("These words stand %(n)d times: tick the sentence you mean.") % {"n": len(starts)})
    return [(starts[0], starts[0] + len(words))]


def segments_with_codings(source: Source) -> list[Segment]:
    parts = segments(source.released_text)
    codings = list(source.codings.select_related("code", "coder"))
    for part in parts:
        part.codings = [c for c in codings if c.start < part.end and part.start < c.end]
    return parts


def findings_in_context(source: Source, width: int = 50) -> list[tuple[PiiFinding, str, str]]:
    """Each finding with the text just before and after it, for the reviewer."""
    text = source.original_text
    return [(f, text[max(0, f.start - width) : f.start], text[f.end : f.end + width]) for f in source.findings.all()]


def insights_of(process: Process) -> QuerySet[Insight]:
    return process.insights.prefetch_related("codes", "quotes__source")


def coders_of(process: Process) -> list[User]:
    ids = Coding.objects.filter(source__process=process).values_list("coder_id", flat=True).distinct()
    return list(User.objects.filter(pk__in=ids).order_by("full_name", "pk"))


@dataclass
class CodeAgreement:
    code: Code
    alpha: float | None
    kappa: float | None  # of the first pair of coders, when there are exactly two


@dataclass
class DisagreementRow:
    source: Source
    code: Code
    text: str
    applied_by: list[User]
    not_applied_by: list[User]


@dataclass
class AgreementSummary:
    coders: list[User]
    sources: int  # released sources coded by at least two coders
    alpha: float | None
    kappa: float | None  # pooled over codes; only with exactly two coders
    per_code: list[CodeAgreement]
    disagreements: list[DisagreementRow]
    more_disagreements: int


def agreement_of(process: Process, limit: int = 200) -> AgreementSummary:
    """Agreement between the coders of the process's released sources. A coder counts for
    a source when they coded something in it; their not applying a code there is a "no"."""
    from samskap.analysis import agreement

    codings = list(Coding.objects.filter(source__process=process, source__status="released"))
    coders_of: dict[int, set[int]] = {}
    for coding in codings:
        coders_of.setdefault(coding.source_id, set()).add(coding.coder_id)
    shared = {sid for sid, coders in coders_of.items() if len(coders) >= 2}
    sources = {s.pk: s for s in Source.objects.filter(pk__in=shared)}
    coder_ids = sorted({c for sid in shared for c in coders_of[sid]})
    users = {u.pk: u for u in User.objects.filter(pk__in=coder_ids)}
    codes = {c.pk: c for c in process.codes.filter(codable=True)}
    segments = [
        agreement.Segment(str(c.coder_id), str(c.code_id), str(c.source_id), c.start, c.end)
        for c in codings
        if c.source_id in shared
    ]
    scope = [
        agreement.Source(str(sid), len(sources[sid].released_text), tuple(str(c) for c in sorted(coders_of[sid])))
        for sid in sorted(shared)
    ]
    code_keys = [str(pk) for pk in codes]
    alpha = agreement.krippendorff_alpha(segments, scope, codes=code_keys) if scope else None
    kappa = (
        agreement.cohen_kappa(segments, scope, str(coder_ids[0]), str(coder_ids[1]), codes=code_keys)
        if scope and len(coder_ids) == 2
        else None
    )
    per_code = [
        CodeAgreement(
            code=code,
            alpha=alpha.per_code.get(str(pk)) if alpha else None,
            kappa=kappa.per_code[str(pk)].kappa if kappa and str(pk) in kappa.per_code else None,
        )
        for pk, code in sorted(codes.items(), key=lambda item: item[1].name)
        if alpha is not None and str(pk) in alpha.per_code
    ]
    found = agreement.disagreements(segments, scope, codes=code_keys) if scope else []
    rows = [
        DisagreementRow(
            source=sources[int(d.source)],
            code=codes[int(d.code)],
            text=sources[int(d.source)].released_text[d.start : d.end],
            applied_by=[users[int(c)] for c in d.applied_by],
            not_applied_by=[users[int(c)] for c in d.not_applied_by],
        )
        for d in found[:limit]
    ]
    return AgreementSummary(
        coders=[users[c] for c in coder_ids],
        sources=len(shared),
        alpha=alpha.overall if alpha else None,
        kappa=kappa.overall.kappa if kappa else None,
        per_code=per_code,
        disagreements=rows,
        more_disagreements=max(0, len(found) - limit),
    )


def offers_matching(organisation: Organisation, query: str = "", kind: str = "") -> QuerySet[Offer]:
    """The directory, searched in name, target group, description, area and tags (every word
    must match somewhere), optionally of one kind."""
    offers = organisation.offers.all()
    if kind:
        offers = offers.filter(kind=kind)
    for word in query.split()[:10]:
        offers = offers.filter(
            Q(name__icontains=word)
            | Q(target_group__icontains=word)
            | Q(description__icontains=word)
            | Q(area__icontains=word)
            | Q(tags__icontains=word)
        )
    return offers.order_by("name", "pk")


def get_offer_for_user(user: AnyUser, offer_id: int) -> Offer:
    offer = Offer.objects.select_related("organisation").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    if not can_in_organisation(user, offer.organisation, Capability.VIEW_ORGANISATION):
        raise PermissionDenied
    return offer


def get_journey_for_user(user: AnyUser, journey_id: int) -> Journey:
    journey = Journey.objects.select_related("process__organisation").filter(pk=journey_id).first()
    if journey is None:
        raise Http404
    if not can_in_process(user, journey.process, Capability.VIEW_PROCESS):
        raise PermissionDenied
    return journey


@dataclass
class JourneyPoint:
    x: int
    y: int
    stage: JourneyStage


def journey_drawing(stages: list[JourneyStage], width: int = 720, height: int = 220) -> dict[str, object]:
    """Coordinates for the drawing of how the journey feels, stage by stage: +2 at the top,
    −2 at the bottom. The table beside it carries the same content for those who cannot see it."""
    left, right, top, bottom = 40, 20, 20, 40
    usable_w, usable_h = width - left - right, height - top - bottom
    step = usable_w / max(1, len(stages) - 1)
    points = [
        JourneyPoint(
            x=round(left + index * step) if len(stages) > 1 else left + usable_w // 2,
            y=round(top + (2 - stage.experience) * usable_h / 4),
            stage=stage,
        )
        for index, stage in enumerate(stages)
    ]
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
        "zero": round(top + usable_h / 2),
        "top": top,
        "bottom": height - bottom,
        "left": left,
        "right": width - right,
    }


def get_case_for_user(user: AnyUser, case_id: int) -> Case:
    case = Case.objects.select_related("process__organisation").filter(pk=case_id).first()
    if case is None:
        raise Http404
    if not may_read_sources(user, case.process):
        raise PermissionDenied
    return case


@dataclass
class CaseTable:
    variables: list[CaseVariable]
    rows: list[tuple[Case, list[str]]]  # each case with its values in the variables' order


def case_table(process: Process) -> CaseTable:
    variables = list(process.case_variables.all())
    cases = list(process.cases.prefetch_related("values", "sources"))
    rows = []
    for case in cases:
        values = {v.variable_id: v.value for v in case.values.all()}
        rows.append((case, [values.get(v.pk, "") for v in variables]))
    return CaseTable(variables=variables, rows=rows)
