from __future__ import annotations

from django import template
from django.forms import BoundField
from django.forms.boundfield import BoundWidget
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def ds_widget(field: BoundField) -> SafeString:
    """Render the field's widget with Designsystemet's class and the ARIA
    attributes that tie it to its help text and error messages."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-help")
    for index, _error in enumerate(field.errors, start=1):
        described_by.append(f"{field.auto_id}-error" + ("" if index == 1 else f"-{index}"))
    attrs: dict[str, str | bool] = {"class": "ds-input"}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return SafeString(field.as_widget(attrs=attrs))


@register.simple_tag
def ds_choice(choice: BoundWidget, field: BoundField) -> SafeString:
    """One radio button or checkbox of a group, with Designsystemet's class and the ARIA attributes
    that tie it to the field's error messages."""
    attrs = dict(choice.data["attrs"])
    attrs["class"] = "ds-input"
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = " ".join(
            f"{field.auto_id}-error" + ("" if index == 1 else f"-{index}")
            for index, _error in enumerate(field.errors, start=1)
        )
    choice.data["attrs"] = attrs
    return SafeString(choice.tag(wrap_label=False))


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)
