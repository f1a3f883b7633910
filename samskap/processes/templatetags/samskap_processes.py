from __future__ import annotations

from django import template
from django.utils.translation import get_language

from samskap.processes.models import localised, localised_value

register = template.Library()


@register.filter
def in_language(texts: dict[str, str] | None) -> str:
    """A {language: text} dict (phase names, template names) in the page's language."""
    return localised(texts or {}, (get_language() or "nb")[:2])


@register.filter
def small_count(value: int | None) -> str:
    """Counts of people on pages that leave the organisation: 1–5 are shown as "≤ 5",
    so nobody is singled out by a small number."""
    if value is None:
        return "–"
    if 0 < value <= 5:
        return "≤ 5"
    return str(value)


@register.filter
def steps_in_language(steps: dict[str, list[str]] | None) -> list[str]:
    """A {language: [step, …]} dict (method guides' "how") in the page's language."""
    return localised_value(steps or {}, (get_language() or "nb")[:2], [])
