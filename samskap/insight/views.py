from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskap.analysis import pii
from samskap.core.forms import form_errors_text
from samskap.core.http import posted, staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.permissions import Capability, can_in_organisation, can_in_process
from samskap.core.selectors import get_organisation_for_user
from samskap.insight import exchange, selectors, services
from samskap.insight.forms import (
    CaseForm,
    CaseVariableForm,
    CodeForm,
    CodingForm,
    FindingAddForm,
    GuideForm,
    GuideQuestionForm,
    GuideSectionForm,
    ImportForm,
    InsightForm,
    JourneyForm,
    JourneyStageForm,
    LegalHoldForm,
    MemoForm,
    OfferForm,
    OfferSearchForm,
    ProcessMemoForm,
    QuoteForm,
    SourceForm,
    WithdrawForm,
)
from samskap.insight.models import Coding, InsightQuote, PiiDecision, PseudonymKey, SourceKind
from samskap.processes.selectors import get_process_for_user, people_with_roles


def _is_id(value: str) -> bool:
    """A database id as a form sends it: ASCII digits, not absurdly long."""
    return value.isascii() and value.isdigit() and len(value) <= 18


# --- Overview -------------------------------------------------------------------------------


@login_required
@require_safe
def overview(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    use_organisation_language(request, process.organisation)
    capabilities = selectors.capabilities_in(request.user, process)
    may_read = bool(capabilities & selectors.SOURCE_READERS)
    context = {
        "process": process,
        "organisation": process.organisation,
        "may_read_sources": may_read,
        "sources": list(selectors.sources_of(process)) if may_read else [],
        "insights": selectors.insights_of(process),
        "codebook": selectors.codebook(process) if may_read else [],
        "may_interview": Capability.INTERVIEW in capabilities,
        "may_analyse": Capability.ANALYSE in capabilities,
        "may_read_key": Capability.READ_PSEUDONYM_KEY in capabilities,
        "journeys": process.journeys.all(),
        "may_hold": can_in_organisation(request.user, process.organisation, Capability.MANAGE_ORGANISATION),
        "kinds": SourceKind,
    }
    return render(request, "insight/overview.html", context)


# --- Interview guides -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def guides(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    user = staff_user(request)
    may_edit = services.may_edit_organisation_material(user, organisation)
    form = GuideForm(posted(request), initial={"language": organisation.default_language})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                guide = services.interview_guide_create(actor=user, organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("insight:guide", guide_id=guide.pk)
    context = {
        "organisation": organisation,
        "guides": selectors.guides_for(organisation),
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "insight/guides.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def guide_detail(request: HttpRequest, guide_id: int) -> HttpResponse:
    guide = selectors.get_guide_for_user(request.user, guide_id)
    use_organisation_language(request, guide.organisation)
    user = staff_user(request)
    may_edit = services.may_edit_organisation_material(user, guide.organisation)
    action = request.POST.get("action") if request.method == "POST" else None
    section_form = GuideSectionForm(request.POST if action == "section" else None)
    question_form = GuideQuestionForm(request.POST if action == "question" else None, guide=guide)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = section_form if action == "section" else question_form
        if form.is_valid():
            try:
                if action == "section":
                    services.guide_section_add(actor=user, guide=guide, title=form.cleaned_data["title"])
                else:
                    services.guide_question_add(
                        actor=user,
                        section=form.cleaned_data["section"],
                        text=form.cleaned_data["text"],
                        kind=form.cleaned_data["kind"],
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("insight:guide", guide_id=guide.pk)
    context = {
        "guide": guide,
        "organisation": guide.organisation,
        "sections": guide.sections.prefetch_related("questions"),
        "section_form": section_form,
        "question_form": question_form,
        "may_edit": may_edit,
        "form": section_form if action == "section" else question_form,
    }
    failed = section_form.errors or question_form.errors
    return render(request, "insight/guide.html", context, status=400 if failed else 200)


# --- The directory of offers ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offers(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    user = staff_user(request)
    may_edit = services.may_edit_organisation_material(user, organisation)
    search = OfferSearchForm(request.GET)
    query, kind = ("", "")
    if search.is_valid():
        query, kind = search.cleaned_data["q"], search.cleaned_data["kind"]
    form = OfferForm(posted(request))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                offer = services.offer_save(actor=user, organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("“%(name)s” is in the directory.") % {"name": offer.name})
                return redirect("insight:offers", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "offers": selectors.offers_matching(organisation, query, kind),
        "search": search,
        "searched": bool(query or kind),
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "insight/offers.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = selectors.get_offer_for_user(request.user, offer_id)
    organisation = offer.organisation
    use_organisation_language(request, organisation)
    user = staff_user(request)
    may_edit = services.may_edit_organisation_material(user, organisation)
    form = OfferForm(posted(request), instance=offer)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.offer_save(actor=user, organisation=organisation, offer=offer, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("insight:offer", offer_id=offer.pk)
        offer.refresh_from_db()
    context = {"organisation": organisation, "offer": offer, "form": form, "may_edit": may_edit}
    return render(request, "insight/offer.html", context, status=400 if form.errors else 200)


# --- Sources --------------------------------------------------------------------------------


@sensitive_post_parameters("text", "upload")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.INTERVIEW)
    use_organisation_language(request, process.organisation)
    kind = request.GET.get("kind", SourceKind.INTERVIEW)
    if kind not in (SourceKind.INTERVIEW, SourceKind.OBSERVATION, SourceKind.DESK):
        raise Http404
    user = staff_user(request)
    people = list(people_with_roles(process))
    form = SourceForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        kind=kind,
        people=people,
        guides=selectors.guides_for(process.organisation),
        initial={"language": process.organisation.default_language, "interviewer": user.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            source = services.source_create(actor=user, process=process, kind=kind, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = source.findings.count()
            messages.success(
                request,
                _("Saved. %(n)d possible pieces of personal data were found: review them before the text is released.")
                % {"n": count},
            )
            return redirect("insight:review", source_id=source.pk)
    context = {"process": process, "organisation": process.organisation, "form": form, "kind": SourceKind(kind)}
    return render(request, "insight/source_new.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = selectors.get_source_for_user(request.user, source_id)
    process = source.process
    use_organisation_language(request, process.organisation)
    capabilities = selectors.capabilities_in(request.user, process)
    may_analyse = Capability.ANALYSE in capabilities
    codes = process.codes.filter(codable=True)
    parts = selectors.segments_with_codings(source) if source.is_released else []
    context = {
        "source": source,
        "process": process,
        "organisation": process.organisation,
        "segments": parts,
        "coding_form": CodingForm(codes=codes, segment_count=len(parts)),
        "memo_form": MemoForm(source=source),
        "memos": source.memos.select_related("author", "coding__code"),
        "may_analyse": may_analyse and source.is_released,
        "may_review": {Capability.INTERVIEW, Capability.READ_PERSONAL_DATA} <= capabilities,
        "may_read_original": Capability.READ_PERSONAL_DATA in capabilities,
        "has_codes": codes.exists(),
    }
    return render(request, "insight/source.html", context)


@login_required
@require_safe
def source_original(request: HttpRequest, source_id: int) -> HttpResponse:
    source = selectors.get_source_for_user(request.user, source_id, Capability.READ_PERSONAL_DATA)
    process = source.process
    use_organisation_language(request, process.organisation)
    services.source_original_viewed(actor=staff_user(request), source=source, purpose="original")
    response = render(
        request, "insight/original.html", {"source": source, "process": process, "organisation": process.organisation}
    )
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("words")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_review(request: HttpRequest, source_id: int) -> HttpResponse:
    source = selectors.get_source_for_user(request.user, source_id, Capability.READ_PERSONAL_DATA)
    process = source.process
    use_organisation_language(request, process.organisation)
    user = staff_user(request)
    may_review = can_in_process(user, process, Capability.INTERVIEW)
    add_form = FindingAddForm(request.POST if request.POST.get("action") == "add" else None)
    errors: list[str] = []
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "add":
                if add_form.is_valid():
                    added, left_out = services.pii_finding_add(actor=user, source=source, **add_form.cleaned_data)
                    messages.success(request, _("Marked in %(n)d places.") % {"n": added})
                    if left_out:
                        messages.warning(
                            request,
                            _("%(n)d places cross words already marked: look at those decisions.") % {"n": left_out},
                        )
                    return redirect("insight:review", source_id=source.pk)
            else:
                decisions = {
                    int(key.removeprefix("finding-")): str(value)
                    for key, value in request.POST.items()
                    if key.startswith("finding-") and _is_id(key.removeprefix("finding-"))
                }
                services.pii_findings_decide(actor=user, source=source, decisions=decisions)
                if request.POST.get("action") == "release":
                    services.source_release(actor=user, source=source)
                    messages.success(request, _("The text is pseudonymised and released for coding."))
                    return redirect("insight:source", source_id=source.pk)
                messages.success(request, _("Your decisions are saved."))
                return redirect("insight:review", source_id=source.pk)
        except ValidationError as error:
            errors.extend(error.messages)
    findings = selectors.findings_in_context(source)
    if not source.is_released or source.original_text:
        services.source_original_viewed(actor=user, source=source, purpose="review")
    context = {
        "source": source,
        "process": process,
        "organisation": process.organisation,
        "findings": findings,
        "pending": sum(1 for f, _b, _a in findings if f.decision == PiiDecision.PENDING),
        "add_form": add_form,
        "may_review": may_review and not source.is_released,
        "decisions": PiiDecision,
        "form": add_form,
        "errors": errors,
    }
    response = render(request, "insight/review.html", context, status=400 if add_form.errors or errors else 200)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_withdraw(request: HttpRequest, source_id: int) -> HttpResponse:
    source = selectors.get_source_for_user(request.user, source_id, Capability.INTERVIEW)
    process = source.process
    use_organisation_language(request, process.organisation)
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.source_withdraw_consent(
            actor=staff_user(request), source=source, withdrawn_on=form.cleaned_data["withdrawn_on"]
        )
        messages.success(request, _("The source and everything made from it are deleted."))
        return redirect("insight:overview", process_id=process.pk)
    context = {"source": source, "process": process, "organisation": process.organisation, "form": form}
    return render(request, "insight/withdraw.html", context, status=400 if form.errors else 200)


# --- Coding ---------------------------------------------------------------------------------


@login_required
@require_POST
def coding_add_view(request: HttpRequest, source_id: int) -> HttpResponse:
    source = selectors.get_source_for_user(request.user, source_id, Capability.ANALYSE)
    process = source.process
    user = staff_user(request)
    if not source.is_released:
        messages.error(request, _("Only a released text can be coded."))
        return redirect("insight:source", source_id=source.pk)
    parts = selectors.segments(source.released_text)
    form = CodingForm(request.POST, codes=process.codes.filter(codable=True), segment_count=len(parts))
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("insight:source", source_id=source.pk)
    code = form.cleaned_data["code"]
    numbers = [int(n) for n in form.cleaned_data["segments"]]
    try:
        spans = selectors.coding_spans(source.released_text, parts, numbers, form.cleaned_data["words"])
        services.codings_add(actor=user, source=source, code=code, spans=spans)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Coded with “%(code)s”.") % {"code": code.name})
    return redirect("insight:source", source_id=source.pk)


@login_required
@require_POST
def coding_remove_view(request: HttpRequest, coding_id: int) -> HttpResponse:
    coding = Coding.objects.select_related("source__process").filter(pk=coding_id).first()
    if coding is None:
        raise Http404
    source = selectors.get_source_for_user(request.user, coding.source_id, Capability.ANALYSE)
    services.coding_remove(actor=staff_user(request), coding=coding)
    messages.success(request, _("The coding is removed."))
    return redirect("insight:source", source_id=source.pk)


@login_required
@require_POST
def memo_add_view(request: HttpRequest, source_id: int) -> HttpResponse:
    source = selectors.get_source_for_user(request.user, source_id, Capability.ANALYSE)
    form = MemoForm(request.POST, source=source)
    if form.is_valid():
        services.memo_add(
            actor=staff_user(request),
            process=source.process,
            source=source,
            coding=form.cleaned_data["coding"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("The memo is saved."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("insight:source", source_id=source.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def codebook_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    if not selectors.may_read_sources(request.user, process):
        raise PermissionDenied
    use_organisation_language(request, process.organisation)
    may_analyse = can_in_process(request.user, process, Capability.ANALYSE)
    is_memo = request.POST.get("action") == "memo"
    form = CodeForm(request.POST if request.method == "POST" and not is_memo else None, codes=process.codes.all())
    memo_form = ProcessMemoForm(request.POST if is_memo else None, codes=process.codes.all())
    if request.method == "POST" and is_memo:
        if not may_analyse:
            raise PermissionDenied
        if memo_form.is_valid():
            services.memo_add(actor=staff_user(request), process=process, **memo_form.cleaned_data)
            messages.success(request, _("The memo is saved."))
            return redirect("insight:codebook", process_id=process.pk)
    elif request.method == "POST":
        if not may_analyse:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.code_create(actor=staff_user(request), process=process, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The code is added."))
                return redirect("insight:codebook", process_id=process.pk)
    context = {
        "process": process,
        "organisation": process.organisation,
        "codebook": selectors.codebook(process),
        "form": form,
        "memo_form": memo_form,
        "memos": process.memos.filter(source__isnull=True, coding__isnull=True).select_related("code", "author"),
        "may_analyse": may_analyse,
    }
    failed = form.errors or memo_form.errors
    return render(request, "insight/codebook.html", context, status=400 if failed else 200)


@login_required
@require_safe
def agreement_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    if not selectors.may_read_sources(request.user, process):
        raise PermissionDenied
    use_organisation_language(request, process.organisation)
    context = {"process": process, "organisation": process.organisation, "summary": selectors.agreement_of(process)}
    return render(request, "insight/agreement.html", context)


# --- Cases -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cases(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    if not selectors.may_read_sources(request.user, process):
        raise PermissionDenied
    use_organisation_language(request, process.organisation)
    may_analyse = can_in_process(request.user, process, Capability.ANALYSE)
    action = request.POST.get("action") if request.method == "POST" else None
    variable_form = CaseVariableForm(request.POST if action == "variable" else None)
    case_form = CaseForm(request.POST if action == "case" else None, process=process)
    if request.method == "POST":
        if not may_analyse:
            raise PermissionDenied
        user = staff_user(request)
        try:
            if action == "variable" and variable_form.is_valid():
                services.case_variable_create(actor=user, process=process, **variable_form.cleaned_data)
                messages.success(request, _("The variable is added."))
                return redirect("insight:cases", process_id=process.pk)
            if action == "case" and case_form.is_valid():
                data = case_form.cleaned_data
                case = services.case_save(
                    actor=user,
                    process=process,
                    label=data["label"],
                    person_category=data["person_category"],
                    sources=list(data["sources"]),
                    values=case_form.values(),
                )
                messages.success(request, _("The case is saved."))
                return redirect("insight:case", case_id=case.pk)
        except ValidationError as error:
            (variable_form if action == "variable" else case_form).add_error(None, error)
    context = {
        "process": process,
        "organisation": process.organisation,
        "table": selectors.case_table(process),
        "variable_form": variable_form,
        "case_form": case_form,
        "may_analyse": may_analyse,
    }
    failed = variable_form.errors or case_form.errors
    return render(request, "insight/cases.html", context, status=400 if failed else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, case_id)
    process = case.process
    use_organisation_language(request, process.organisation)
    may_analyse = can_in_process(request.user, process, Capability.ANALYSE)
    initial = {
        "label": case.label,
        "person_category": case.person_category,
        "sources": list(case.sources.all()),
        **{f"variable_{v.variable_id}": v.value for v in case.values.all()},
    }
    form = CaseForm(posted(request), process=process, initial=initial)
    if request.method == "POST":
        if not may_analyse:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.case_save(
                    actor=staff_user(request),
                    process=process,
                    case=case,
                    label=data["label"],
                    person_category=data["person_category"],
                    sources=list(data["sources"]),
                    values=form.values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The case is saved."))
                return redirect("insight:case", case_id=case.pk)
    context = {
        "case": case,
        "process": process,
        "organisation": process.organisation,
        "form": form,
        "may_analyse": may_analyse,
    }
    return render(request, "insight/case.html", context, status=400 if form.errors else 200)


# --- User journeys ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def journey_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.ANALYSE)
    use_organisation_language(request, process.organisation)
    form = JourneyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            journey = services.journey_create(actor=staff_user(request), process=process, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The journey is created. Add its stages in order."))
            return redirect("insight:journey", journey_id=journey.pk)
    context = {"process": process, "organisation": process.organisation, "form": form}
    return render(request, "insight/journey_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def journey_detail(request: HttpRequest, journey_id: int) -> HttpResponse:
    journey = selectors.get_journey_for_user(request.user, journey_id)
    process = journey.process
    use_organisation_language(request, process.organisation)
    may_analyse = can_in_process(request.user, process, Capability.ANALYSE)
    form = JourneyStageForm(posted(request), insights=process.insights.all())
    if request.method == "POST":
        if not may_analyse:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.journey_stage_add(actor=staff_user(request), journey=journey, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The stage is added."))
                return redirect("insight:journey", journey_id=journey.pk)
    stages = list(journey.stages.prefetch_related("insights"))
    context = {
        "journey": journey,
        "process": process,
        "organisation": process.organisation,
        "stages": stages,
        "drawing": selectors.journey_drawing(stages) if stages else None,
        "form": form,
        "may_analyse": may_analyse,
    }
    return render(request, "insight/journey.html", context, status=400 if form.errors else 200)


# --- REFI-QDA exchange ---------------------------------------------------------------------


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def export_project(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.ANALYSE)
    data = exchange.project_export_qdpx(actor=staff_user(request), process=process)
    return _download(data, f"samskap-{process.pk}.qdpx", "application/zip")


@login_required
@require_safe
def export_codebook(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.ANALYSE)
    data = exchange.codebook_export_qdc(actor=staff_user(request), process=process)
    return _download(data, f"samskap-{process.pk}-codebook.qdc", "application/xml")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_view(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.ANALYSE)
    use_organisation_language(request, process.organisation)
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = exchange.refiqda_import(
                actor=staff_user(request),
                process=process,
                data=upload.read(exchange.MAX_IMPORT_BYTES + 1),
                filename=upload.name or "",
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _(
                    "Imported %(codes)d new codes (%(existing)d were there already) and %(sources)d texts, "
                    "which wait for the personal-data review; their %(waiting)d codings are applied when "
                    "each text is released. %(left)d codings were left out (of a whole source, or with a "
                    "code that groups others)."
                )
                % {
                    "codes": result.codes,
                    "existing": result.codes_existing,
                    "sources": result.sources,
                    "waiting": result.codings_waiting,
                    "left": result.codings_left_out,
                },
            )
            return redirect("insight:overview", process_id=process.pk)
    context = {"process": process, "organisation": process.organisation, "form": form}
    return render(request, "insight/import.html", context, status=400 if form.errors else 200)


# --- Insights -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def insight_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.ANALYSE)
    use_organisation_language(request, process.organisation)
    form = InsightForm(posted(request), codes=process.codes.all())
    if request.method == "POST" and form.is_valid():
        try:
            insight = services.insight_create(actor=staff_user(request), process=process, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The insight is saved. Add the quotes that support it."))
            return redirect("insight:insight", insight_id=insight.pk)
    context = {"process": process, "organisation": process.organisation, "form": form}
    return render(request, "insight/insight_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def insight_detail(request: HttpRequest, insight_id: int) -> HttpResponse:
    insight = selectors.get_insight_for_user(request.user, insight_id)
    process = insight.process
    use_organisation_language(request, process.organisation)
    may_analyse = can_in_process(request.user, process, Capability.ANALYSE)
    if request.method == "POST":
        if not may_analyse:
            raise PermissionDenied
        user = staff_user(request)
        if "remove" in request.POST:
            remove = request.POST.get("remove", "")
            quote = InsightQuote.objects.filter(pk=int(remove), insight=insight).first() if _is_id(remove) else None
            if quote is None:
                raise Http404
            services.insight_quote_remove(actor=user, quote=quote)
            messages.success(request, _("The quote is removed."))
        else:
            form = QuoteForm(request.POST)
            coding = None
            if form.is_valid():
                coding = Coding.objects.filter(pk=form.cleaned_data["coding"], source__process=process).first()
            if coding is None:
                raise Http404
            try:
                services.insight_quote_add(
                    actor=user, insight=insight, source=coding.source, start=coding.start, end=coding.end
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The quote is added."))
        return redirect("insight:insight", insight_id=insight.pk)
    candidates = (
        Coding.objects.filter(code__in=insight.codes.all(), source__process=process)
        .select_related("code", "source")
        .order_by("source_id", "start")
        if may_analyse
        else Coding.objects.none()
    )
    quoted = {(q.source_id, q.start, q.end) for q in insight.quotes.all()}
    context = {
        "insight": insight,
        "process": process,
        "organisation": process.organisation,
        "quotes": insight.quotes.select_related("source"),
        "candidates": [
            (c, c.source.released_text[c.start : c.end])
            for c in candidates
            if (c.source_id, c.start, c.end) not in quoted
        ],
        "may_analyse": may_analyse,
        "may_propose_idea": can_in_process(request.user, process, Capability.PROPOSE_IDEAS),
    }
    return render(request, "insight/insight.html", context)


@login_required
@require_POST
def legal_hold(request: HttpRequest, process_id: int) -> HttpResponse:
    from samskap.processes.services import process_legal_hold_set

    process = get_process_for_user(request.user, process_id)
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        try:
            process_legal_hold_set(actor=staff_user(request), process=process, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The legal hold is changed."))
    return redirect("insight:overview", process_id=process.pk)


@login_required
@require_safe
def pseudonym_key(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.READ_PSEUDONYM_KEY)
    use_organisation_language(request, process.organisation)
    key = PseudonymKey.objects.filter(process=process).first()
    rows: list[tuple[str, str]] = []
    if key is not None and key.mapping:
        names = pii.PseudonymMap.from_dict(key.mapping).names
        rows = sorted(((label, name) for name, label in names.items()), key=lambda r: (len(r[0]), r[0], r[1]))
    services.pseudonym_key_viewed(actor=staff_user(request), process=process)
    response = render(
        request, "insight/key.html", {"process": process, "organisation": process.organisation, "rows": rows}
    )
    response["Cache-Control"] = "no-store"
    return response
