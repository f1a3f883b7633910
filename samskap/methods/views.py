from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samskap.core.http import staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.permissions import Capability, can_in_organisation
from samskap.core.selectors import get_organisation_for_user
from samskap.methods import services
from samskap.methods.forms import CourseForm, MethodGuideForm
from samskap.methods.selectors import courses_for, courses_using, get_course, get_guide, guides_for


@login_required
@require_safe
def library(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    context = {
        "organisation": organisation,
        "guides": guides_for(organisation),
        "courses": courses_for(organisation),
        "can_manage": can_in_organisation(request.user, organisation, Capability.MANAGE_PROCESS),
    }
    return render(request, "methods/library.html", context)


@login_required
@require_safe
def guide_detail(request: HttpRequest, slug: str, guide_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    guide = get_guide(organisation, guide_id)
    context = {
        "organisation": organisation,
        "guide": guide,
        "courses": courses_using(guide, organisation),
        "can_edit": guide.organisation_id == organisation.pk
        and can_in_organisation(request.user, organisation, Capability.MANAGE_PROCESS),
    }
    return render(request, "methods/guide.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def guide_edit(request: HttpRequest, slug: str, guide_id: int | None = None) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_PROCESS)
    use_organisation_language(request, organisation)
    guide = get_guide(organisation, guide_id, own=True) if guide_id else None
    language = request.GET.get("language") or (get_language() or "nb")[:2]
    initial = MethodGuideForm.initial_for(guide, language) if guide else {"language": language}
    form = MethodGuideForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.method_guide_save(
                actor=staff_user(request),
                organisation=organisation,
                language=data["language"],
                name=data["name"],
                summary=data["summary"],
                when=data["when"],
                how=form.steps(),
                duration=data["duration"],
                place=data["place"],
                guide=guide,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The method was saved."))
            return redirect("methods:guide", slug=organisation.slug, guide_id=saved.pk)
    context = {"form": form, "organisation": organisation, "guide": guide}
    return render(request, "methods/guide_form.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def course_detail(request: HttpRequest, slug: str, course_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    context = {"organisation": organisation, "course": get_course(organisation, course_id)}
    return render(request, "methods/course.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def course_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_PROCESS)
    use_organisation_language(request, organisation)
    form = CourseForm(
        request.POST if request.method == "POST" else None,
        initial={"language": (get_language() or "nb")[:2]},
        guides=guides_for(organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_save(
                actor=staff_user(request),
                organisation=organisation,
                language=form.cleaned_data["language"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                steps=form.steps(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("methods:course", slug=organisation.slug, course_id=course.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "methods/course_form.html", context, status=400 if form.errors else 200)
