"""Installs the built-in method guides and courses from `library.py` (a data migration's
function, also called by the test fixtures). It only adds what is missing."""

from __future__ import annotations

from typing import Any

from samskap.methods.library import COURSES, METHODS, Texts


def _steps_by_language(steps: list[Texts]) -> dict[str, list[str]]:
    languages = {lang for step in steps for lang in step}
    return {lang: [step[lang] for step in steps if step.get(lang)] for lang in sorted(languages)}


def install_builtin_methods(apps: Any, schema_editor: Any) -> None:
    MethodGuide = apps.get_model("methods", "MethodGuide")
    Course = apps.get_model("methods", "Course")
    CourseStep = apps.get_model("methods", "CourseStep")
    guides = {}
    for spec in METHODS:
        guide = MethodGuide.objects.filter(organisation__isnull=True, key=spec["key"]).first()
        if guide is None:
            guide = MethodGuide.objects.create(
                key=spec["key"],
                names=spec["names"],
                summary=spec["summary"],
                when=spec["when"],
                how=_steps_by_language(spec["how"]),
                duration=spec["duration"],
                place=spec["place"],
            )
        guides[spec["key"]] = guide
    for course_spec in COURSES:
        if Course.objects.filter(organisation__isnull=True, key=course_spec["key"]).exists():
            continue
        course = Course.objects.create(
            key=course_spec["key"], names=course_spec["names"], description=course_spec["description"]
        )
        CourseStep.objects.bulk_create(
            CourseStep(course=course, method=guides[step["method"]], position=position, exercise=step["exercise"])
            for position, step in enumerate(course_spec["steps"], start=1)
        )
