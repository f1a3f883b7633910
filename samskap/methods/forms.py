from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samskap.core.models import LANGUAGE_CHOICES
from samskap.methods.models import MethodGuide, Place
from samskap.processes.models import localised

COURSE_ROWS = 6


class MethodGuideForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of these texts"), choices=LANGUAGE_CHOICES)
    name = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(label=_("In one sentence"), max_length=500)
    when = forms.CharField(label=_("When to use it"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    how = forms.CharField(
        label=_("How"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000, help_text=_("One step per line.")
    )
    duration = forms.CharField(label=_("How long it takes"), max_length=300)
    place = forms.ChoiceField(
        label=_("Where in Samskap"), choices=[("", _("Nowhere in particular")), *Place.choices], required=False
    )

    @staticmethod
    def initial_for(guide: MethodGuide, language: str) -> dict[str, str]:
        return {
            "language": language,
            "name": guide.names.get(language, ""),
            "summary": guide.summary.get(language, ""),
            "when": guide.when.get(language, ""),
            "how": "\n".join(guide.how.get(language, [])),
            "duration": guide.duration.get(language, ""),
            "place": guide.place,
        }

    def steps(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["how"].splitlines() if line.strip()]


class GuideChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: MethodGuide) -> str:
        return localised(obj.names, (get_language() or "nb")[:2])


class CourseForm(forms.Form):
    """A course's name and description, and up to six methods, each with an exercise."""

    language = forms.ChoiceField(label=_("Language of these texts"), choices=LANGUAGE_CHOICES)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, guides: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, COURSE_ROWS + 1):
            self.fields[f"method_{row}"] = GuideChoiceField(
                label=_("Method %(number)d") % {"number": row},
                queryset=guides,
                required=row == 1,
                empty_label=_("No method"),
            )
            self.fields[f"exercise_{row}"] = forms.CharField(
                label=_("Exercise %(number)d") % {"number": row},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=1000,
                required=False,
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"method_{row}"], self[f"exercise_{row}"]) for row in range(1, COURSE_ROWS + 1)]

    def steps(self) -> list[tuple[MethodGuide, str]]:
        return [
            (self.cleaned_data[f"method_{row}"], self.cleaned_data[f"exercise_{row}"])
            for row in range(1, COURSE_ROWS + 1)
            if self.cleaned_data.get(f"method_{row}")
        ]
