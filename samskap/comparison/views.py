from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samskap.comparison import selectors, services
from samskap.comparison.forms import (
    ComparisonForm,
    ComparisonStartForm,
    DatasetImportForm,
    MatrixCellForm,
    MatrixForm,
    NameForm,
    PinForm,
    default_dimensions,
)
from samskap.comparison.models import Dataset, DatasetKind, MatrixCell
from samskap.comparison.svg import comparison_svg
from samskap.core.forms import form_errors_text
from samskap.core.http import posted, staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.permissions import Capability, can_in_process
from samskap.core.selectors import get_organisation_for_user
from samskap.processes.models import ChallengeItem, Process
from samskap.processes.selectors import get_process_for_user
from samskap.processes.services import evidence_link_add

# --- The organisation's statistics library -------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def library(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    user = staff_user(request)
    may_import = services.may_import(user, organisation)
    form = DatasetImportForm(posted(request), request.FILES or None)
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                dataset = services.dataset_import(
                    actor=user,
                    organisation=organisation,
                    data=upload.read(),
                    file_name=upload.name or "",
                    kind=form.cleaned_data["kind"],
                    counts_people=form.cleaned_data["counts_people"],
                    title=form.cleaned_data["title"],
                    source=form.cleaned_data["source"],
                    table_id=form.cleaned_data["table_id"],
                    query=form.cleaned_data["query"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is imported with %(count)s figures.")
                    % {"title": dataset.title, "count": dataset.figures.count()},
                )
                return redirect("comparison:dataset", dataset_id=dataset.pk)
    context = {
        "organisation": organisation,
        "datasets": selectors.datasets_of(organisation),
        "form": form,
        "may_import": may_import,
    }
    return render(request, "comparison/library.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def dataset_detail(request: HttpRequest, dataset_id: int) -> HttpResponse:
    dataset = selectors.get_dataset_for_user(request.user, dataset_id)
    use_organisation_language(request, dataset.organisation)
    figures = dataset.figures.order_by("pk")
    context = {
        "organisation": dataset.organisation,
        "dataset": dataset,
        "series": selectors.series_choices(dataset),
        "figures": figures[:300],
        "figure_count": figures.count(),
        "may_import": services.may_import(staff_user(request), dataset.organisation),
    }
    return render(request, "comparison/dataset.html", context)


@login_required
@require_POST
def dataset_delete(request: HttpRequest, dataset_id: int) -> HttpResponse:
    dataset = selectors.get_dataset_for_user(request.user, dataset_id)
    use_organisation_language(request, dataset.organisation)
    organisation = dataset.organisation
    try:
        services.dataset_delete(actor=staff_user(request), dataset=dataset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("comparison:dataset", dataset_id=dataset.pk)
    messages.success(request, _("The table is deleted."))
    return redirect("comparison:library", slug=organisation.slug)


# --- A process's comparisons and matrices ------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def process_statistics(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id)
    use_organisation_language(request, process.organisation)
    context = {
        "process": process,
        "organisation": process.organisation,
        "comparisons": selectors.comparisons_of(process),
        "matrices": selectors.matrices_of(process),
        "may_edit": can_in_process(request.user, process, Capability.MANAGE_PROCESS),
    }
    return render(request, "comparison/process.html", context)


def _indicator_tables(process: Process) -> QuerySet[Dataset]:
    return selectors.datasets_of(process.organisation, DatasetKind.INDICATOR)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comparison_new(request: HttpRequest, process_id: int) -> HttpResponse:
    """Two steps on one page: choose a table (GET), then its series and municipalities."""
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    tables = _indicator_tables(process)
    start = ComparisonStartForm(request.GET if "dataset" in request.GET else None, datasets=tables)
    dataset = start.cleaned_data["dataset"] if start.is_bound and start.is_valid() else None
    if request.method == "POST":
        dataset = (
            tables.filter(pk=request.POST.get("dataset") or 0).first()
            if str(request.POST.get("dataset", "")).isdigit()
            else None
        )
        if dataset is None:
            raise Http404
    form = None
    if dataset is not None:
        series = selectors.series_choices(dataset)
        chosen_series = (request.POST.get("series") if request.method == "POST" else request.GET.get("series")) or (
            series[0][0] if series else ""
        )
        regions = selectors.region_choices(dataset, chosen_series) if chosen_series in dict(series) else []
        form = ComparisonForm(
            posted(request),
            series=series,
            regions=regions,
            populations=selectors.population_tables(process.organisation),
            initial={"series": chosen_series, "title": dataset.title},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                comparison = services.comparison_create(
                    actor=staff_user(request),
                    process=process,
                    title=data["title"],
                    dataset=dataset,
                    series=data["series"],
                    regions=[data["home"], *[p for p in data["peers"] if p != data["home"]]],
                    national_region=data["national"],
                    per=data["per"],
                    population=data["population"],
                    note=data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The comparison is saved."))
                return redirect("comparison:comparison", comparison_id=comparison.pk)
    context = {
        "process": process,
        "organisation": process.organisation,
        "start": start,
        "dataset": dataset,
        "form": form,
        "has_tables": tables.exists(),
    }
    return render(
        request, "comparison/comparison_form.html", context, status=400 if form is not None and form.errors else 200
    )


def _latest_items(process: Process) -> QuerySet[ChallengeItem]:
    latest = process.challenge_pictures.order_by("-number").first()
    if latest is None:
        return ChallengeItem.objects.none()
    return latest.items.all()


@login_required
@require_http_methods(["GET", "HEAD"])
def comparison_detail(request: HttpRequest, comparison_id: int) -> HttpResponse:
    comparison = selectors.get_comparison_for_user(request.user, comparison_id)
    process = comparison.process
    use_organisation_language(request, process.organisation)
    table = selectors.comparison_table(comparison)
    may_edit = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    context = {
        "process": process,
        "organisation": process.organisation,
        "comparison": comparison,
        "table": table,
        "chart": comparison_svg(table),
        "may_edit": may_edit,
        "pin_form": PinForm(items=_latest_items(process)) if may_edit else None,
        "pin_url": "comparison:comparison_pin",
        "pinned_object": comparison,
    }
    return render(request, "comparison/comparison.html", context)


def _pin(request: HttpRequest, process: Process, target: Model) -> None:
    form = PinForm(request.POST, items=_latest_items(process))
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return
    try:
        evidence_link_add(
            actor=staff_user(request), item=form.cleaned_data["item"], target=target, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pinned to the challenge picture as evidence."))


@login_required
@require_POST
def comparison_pin(request: HttpRequest, comparison_id: int) -> HttpResponse:
    comparison = selectors.get_comparison_for_user(request.user, comparison_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, comparison.process.organisation)
    _pin(request, comparison.process, comparison)
    return redirect("comparison:comparison", comparison_id=comparison.pk)


@login_required
@require_POST
def comparison_delete(request: HttpRequest, comparison_id: int) -> HttpResponse:
    comparison = selectors.get_comparison_for_user(request.user, comparison_id, Capability.MANAGE_PROCESS)
    process = comparison.process
    use_organisation_language(request, process.organisation)
    services.comparison_delete(actor=staff_user(request), comparison=comparison)
    messages.success(request, _("The comparison is deleted."))
    return redirect("comparison:process", process_id=process.pk)


# --- The comparison matrix ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def matrix_new(request: HttpRequest, process_id: int) -> HttpResponse:
    process = get_process_for_user(request.user, process_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, process.organisation)
    form = MatrixForm(posted(request), initial={"rows": default_dimensions()})
    if request.method == "POST" and form.is_valid():
        try:
            matrix = services.matrix_create(
                actor=staff_user(request),
                process=process,
                title=form.cleaned_data["title"],
                columns=form.cleaned_data["columns"].splitlines(),
                rows=form.cleaned_data["rows"].splitlines(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The matrix is created. Fill in its cells."))
            return redirect("comparison:matrix", matrix_id=matrix.pk)
    context = {"process": process, "organisation": process.organisation, "form": form}
    return render(request, "comparison/matrix_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def matrix_detail(request: HttpRequest, matrix_id: int) -> HttpResponse:
    matrix = selectors.get_matrix_for_user(request.user, matrix_id)
    process = matrix.process
    use_organisation_language(request, process.organisation)
    may_edit = can_in_process(request.user, process, Capability.MANAGE_PROCESS)
    row_form = NameForm(request.POST if request.POST.get("add") == "row" else None, prefix="row")
    column_form = NameForm(request.POST if request.POST.get("add") == "column" else None, prefix="column")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = row_form if request.POST.get("add") == "row" else column_form
        if form.is_bound and form.is_valid():
            add = services.matrix_row_add if form is row_form else services.matrix_column_add
            try:
                add(actor=staff_user(request), matrix=matrix, name=form.cleaned_data["name"])
            except ValidationError as error:
                form.add_error("name", error)
            else:
                messages.success(request, _("“%(name)s” is added.") % {"name": form.cleaned_data["name"]})
                return redirect("comparison:matrix", matrix_id=matrix.pk)
        elif not form.is_bound:
            raise Http404
    context = {
        "process": process,
        "organisation": process.organisation,
        "matrix": matrix,
        "grid": selectors.matrix_grid(matrix),
        "may_edit": may_edit,
        "row_form": row_form,
        "column_form": column_form,
        "pin_form": PinForm(items=_latest_items(process)) if may_edit else None,
        "pin_url": "comparison:matrix_pin",
        "pinned_object": matrix,
    }
    has_errors = bool(row_form.errors or column_form.errors)
    return render(request, "comparison/matrix.html", context, status=400 if has_errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def matrix_cell(request: HttpRequest, matrix_id: int, row_id: int, column_id: int) -> HttpResponse:
    matrix = selectors.get_matrix_for_user(request.user, matrix_id, Capability.MANAGE_PROCESS)
    process = matrix.process
    use_organisation_language(request, process.organisation)
    row = matrix.rows.filter(pk=row_id).first()
    column = matrix.columns.filter(pk=column_id).first()
    if row is None or column is None:
        raise Http404
    cell = MatrixCell.objects.filter(row=row, column=column).first()
    initial = {"text": cell.text, "source_kind": cell.source_kind, "source_note": cell.source_note} if cell else {}
    form = MatrixCellForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.matrix_cell_save(actor=staff_user(request), row=row, column=column, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cell is saved."))
            return redirect(f"{_matrix_url(matrix.pk)}#cell-{row.pk}-{column.pk}")
    context = {
        "process": process,
        "organisation": process.organisation,
        "matrix": matrix,
        "row": row,
        "column": column,
        "form": form,
    }
    return render(request, "comparison/matrix_cell.html", context, status=400 if form.errors else 200)


def _matrix_url(matrix_id: int) -> str:
    from django.urls import reverse

    return reverse("comparison:matrix", args=[matrix_id])


@login_required
@require_POST
def matrix_pin(request: HttpRequest, matrix_id: int) -> HttpResponse:
    matrix = selectors.get_matrix_for_user(request.user, matrix_id, Capability.MANAGE_PROCESS)
    use_organisation_language(request, matrix.process.organisation)
    _pin(request, matrix.process, matrix)
    return redirect("comparison:matrix", matrix_id=matrix.pk)


@login_required
@require_POST
def matrix_delete(request: HttpRequest, matrix_id: int) -> HttpResponse:
    matrix = selectors.get_matrix_for_user(request.user, matrix_id, Capability.MANAGE_PROCESS)
    process = matrix.process
    use_organisation_language(request, process.organisation)
    services.matrix_delete(actor=staff_user(request), matrix=matrix)
    messages.success(request, _("The matrix is deleted."))
    return redirect("comparison:process", process_id=process.pk)
