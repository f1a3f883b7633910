from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samskap.comparison.selectors import comparisons_of, matrices_of
from samskap.core.audit import audit_record
from samskap.core.http import posted, staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.permissions import Capability, can_in_process
from samskap.processes.selectors import get_process_for_user
from samskap.reports import render as documents
from samskap.reports import selectors, services
from samskap.reports.assembly import publishable_measures
from samskap.reports.formats import FORMATS
from samskap.reports.forms import NoteCreateForm, NoteEditForm
from samskap.reports.models import Note, NoteVersion


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notes(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    use_organisation_language(request, process.organisation)
    may_edit = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    default = "tjansteskrivelse_sv" if process.organisation.country == "SE" else "saksframlegg_nb"
    if process.organisation.default_language == "nn":
        default = "saksframlegg_nn"
    form = NoteCreateForm(posted(request), initial={"format": default})
    if request.method == "POST":
        if not may_edit:
            return HttpResponse(status=403)
        if form.is_valid():
            note = services.note_create(
                actor=staff_user(request), process=process, format_key=form.cleaned_data["format"]
            )
            messages.success(
                request, _("The note is assembled from the process. Read it through and edit every section.")
            )
            return redirect("reports:edit", note_id=note.pk)
    context = {
        "process": process,
        "organisation": process.organisation,
        "notes": selectors.notes_of(process),
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "reports/notes.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = selectors.get_note_for_user(request.user, note_id)
    process = note.process
    use_organisation_language(request, process.organisation)
    version = selectors.version_of(note, request.GET.get("version"))
    context = {
        "process": process,
        "organisation": process.organisation,
        "note": note,
        "version": version,
        "doc": documents.document_for(version),
        "versions": selectors.versions_of(note),
        "may_edit": can_in_process(request.user, process, Capability.MANAGE_PROCESS),
    }
    return render(request, "reports/note.html", context)


def _choices(note: Note) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    process = note.process
    comparisons = [(c.pk, c.title) for c in comparisons_of(process)]
    matrices = [(m.pk, m.title) for m in matrices_of(process)]
    measures = [(m.pk, m.title) for m in publishable_measures(process)]
    return comparisons, matrices, measures


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def note_edit(request: HttpRequest, note_id: int) -> HttpResponse:
    note = selectors.get_note_for_user(request.user, note_id, Capability.MANAGE_PROCESS)
    process = note.process
    use_organisation_language(request, process.organisation)
    latest = selectors.version_of(note)
    comparisons, matrices, measures = _choices(note)
    form = NoteEditForm(
        posted(request),
        note_format=FORMATS[note.format],
        comparisons=comparisons,
        matrices=matrices,
        measures=measures,
        initial=NoteEditForm.initial_from(latest),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.note_version_save(
                actor=staff_user(request),
                note=note,
                title=data["title"],
                header=form.header(),
                proposal=data["proposal"].splitlines(),
                sections=form.sections(),
                comparisons=data.get("comparisons", []),
                matrices=data.get("matrices", []),
                measures=data.get("measures", []),
                change_note=data["change_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Version %(number)s is saved.") % {"number": version.number})
            return redirect("reports:note", note_id=note.pk)
    context = {
        "process": process,
        "organisation": process.organisation,
        "note": note,
        "version": latest,
        "form": form,
        "header_fields": [form[name] for name in form.header_fields],
        "section_fields": [form[name] for name in form.section_fields],
        "language": FORMATS[note.format].language,
    }
    return render(request, "reports/note_form.html", context, status=400 if form.errors else 200)


def _filename(version: NoteVersion, extension: str) -> str:
    return f"{slugify(version.title)[:60] or 'note'}-v{version.number}.{extension}"


def _export(request: HttpRequest, note_id: int, kind: str) -> HttpResponse:
    note = selectors.get_note_for_user(request.user, note_id)
    version = selectors.version_of(note, request.GET.get("version"))
    document = documents.document_for(version)
    if kind == "html":
        body: bytes = documents.document_html(document).encode()
        content_type = "text/html; charset=utf-8"
    elif kind == "pdf":
        body = documents.document_pdf(document)
        content_type = "application/pdf"
    else:
        body = documents.document_docx(document)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    audit_record(
        action="note.export",
        actor=staff_user(request),
        obj=note,
        organisation_id=note.process.organisation_id,
        process_id=note.process_id,
        detail={"version": version.number, "format": kind},
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(version, kind)}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def export_html(request: HttpRequest, note_id: int) -> HttpResponse:
    return _export(request, note_id, "html")


@login_required
@require_http_methods(["GET", "HEAD"])
def export_pdf(request: HttpRequest, note_id: int) -> HttpResponse:
    return _export(request, note_id, "pdf")


@login_required
@require_http_methods(["GET", "HEAD"])
def export_docx(request: HttpRequest, note_id: int) -> HttpResponse:
    return _export(request, note_id, "docx")


@login_required
@require_POST
def note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    note = selectors.get_note_for_user(request.user, note_id, Capability.MANAGE_PROCESS)
    process = note.process
    use_organisation_language(request, process.organisation)
    services.note_delete(actor=staff_user(request), note=note)
    messages.success(request, _("The note is deleted."))
    return redirect("reports:notes", process_id=process.pk)
