from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.reports.formats import LIST, Format
from samskap.reports.models import NoteFormat, NoteVersion
from samskap.reports.services import SECTION_MAX


class NoteCreateForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=NoteFormat.choices,
        help_text=_("The note is written in the committee's language."),
    )


class NoteEditForm(forms.Form):
    """One field per header line and per section of the note's format, labelled with the
    document's own headings."""

    title = forms.CharField(label=_("Case title"), max_length=300)
    proposal = forms.CharField(
        label=_("Proposal for decision"),
        help_text=_("One point per line; they are numbered in the note."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=6000,
        required=False,
    )
    comparisons = forms.TypedMultipleChoiceField(
        label=_("Comparisons shown as figures"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    matrices = forms.TypedMultipleChoiceField(
        label=_("Comparison matrices shown as tables"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    measures = forms.TypedMultipleChoiceField(
        label=_("Improvement charts shown"),
        help_text=_("Only measures with no count of 5 or fewer in any period can be shown."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        note_format: Format,
        comparisons: list[tuple[int, str]],
        matrices: list[tuple[int, str]],
        measures: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.note_format = note_format
        self.header_fields = []
        self.section_fields = []
        for key, label in note_format.header:
            name = f"header_{key}"
            self.fields[name] = forms.CharField(label=label, max_length=200, required=False)
            self.header_fields.append(name)
        for section in note_format.sections:
            name = f"section_{section.key}"
            help_text = (
                _("One per line.")
                if section.kind == LIST
                else _("Blank lines separate paragraphs; lines starting with “- ” make a list.")
            )
            self.fields[name] = forms.CharField(
                label=section.heading,
                help_text=help_text,
                required=False,
                max_length=SECTION_MAX,
                widget=forms.Textarea(attrs={"rows": 8 if section.kind != LIST else 3}),
            )
            self.section_fields.append(name)
        comparison_field = self.fields["comparisons"]
        assert isinstance(comparison_field, forms.ChoiceField)
        comparison_field.choices = comparisons
        matrix_field = self.fields["matrices"]
        assert isinstance(matrix_field, forms.ChoiceField)
        matrix_field.choices = matrices
        measure_field = self.fields["measures"]
        assert isinstance(measure_field, forms.ChoiceField)
        measure_field.choices = measures
        if not measures:
            del self.fields["measures"]
        if not comparisons:
            del self.fields["comparisons"]
        if not matrices:
            del self.fields["matrices"]

    @staticmethod
    def initial_from(version: NoteVersion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": version.title,
            "proposal": "\n".join(version.proposal),
            "comparisons": version.comparisons,
            "matrices": version.matrices,
            "measures": version.measures,
        }
        initial.update({f"header_{k}": v for k, v in version.header.items()})
        initial.update({f"section_{k}": v for k, v in version.sections.items()})
        return initial

    def header(self) -> dict[str, str]:
        return {name.removeprefix("header_"): self.cleaned_data[name] for name in self.header_fields}

    def sections(self) -> dict[str, str]:
        return {name.removeprefix("section_"): self.cleaned_data[name] for name in self.section_fields}
