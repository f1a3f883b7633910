from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.comparison.models import TITLE_MAX, Dataset, DatasetKind, PerInhabitants, SourceKind
from samskap.comparison.services import MAX_FILE_BYTES
from samskap.processes.models import ChallengeItem


class DatasetImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("JSON-stat 2 or CSV from SSB, SCB or FHI, JSON from Kolada. At most 10 MB."),
    )
    kind = forms.ChoiceField(
        label=_("What the table holds"), choices=DatasetKind.choices, initial=DatasetKind.INDICATOR
    )
    counts_people = forms.BooleanField(
        label=_("The figures are counts of people"),
        help_text=_("Then counts of 5 or fewer are never shown outside the organisation."),
        required=False,
    )
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX, required=False, help_text=_("Leave empty to use the table's own.")
    )
    source = forms.CharField(
        label=_("Source"), max_length=100, required=False, help_text=_("For example SSB, SCB, FHI or Kolada.")
    )
    table_id = forms.CharField(label=_("Table id"), max_length=100, required=False)
    query = forms.CharField(
        label=_("Query or address"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was asked for, so others can fetch the same table again."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class ComparisonStartForm(forms.Form):
    dataset = forms.ModelChoiceField(label=_("Table"), queryset=Dataset.objects.none(), empty_label=_("Choose…"))

    def __init__(self, *args: Any, datasets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dataset"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = datasets


class ComparisonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    series = forms.ChoiceField(label=_("Series"))
    home = forms.ChoiceField(label=_("Your municipality"))
    peers = forms.MultipleChoiceField(
        label=_("Municipalities to compare with"), widget=forms.CheckboxSelectMultiple, required=False
    )
    national = forms.ChoiceField(label=_("National figure for reference"), required=False)
    per = forms.TypedChoiceField(
        label=_("Figures"), choices=PerInhabitants.choices, coerce=int, initial=PerInhabitants.AS_PUBLISHED
    )
    population = forms.ModelChoiceField(
        label=_("Population table"),
        queryset=Dataset.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Needed for figures per inhabitants."),
    )
    note = forms.CharField(
        label=_("What it shows"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        series: list[tuple[str, str]],
        regions: list[tuple[str, str]],
        populations: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("series", series)
        self._set_choices("home", regions)
        self._set_choices("peers", regions)
        self._set_choices("national", [("", str(_("None"))), *regions])
        population = self.fields["population"]
        assert isinstance(population, forms.ModelChoiceField)
        population.queryset = populations

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class MatrixForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    columns = forms.CharField(
        label=_("Municipalities"),
        help_text=_("One per line, your own first."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
    rows = forms.CharField(
        label=_("Dimensions"),
        help_text=_("One per line. You can add more later."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=6000,
        required=False,
    )


def default_dimensions() -> str:
    return "\n".join(
        str(text)
        for text in (
            _("Intake and allocation of services"),
            _("Coordination with specialist services and GPs"),
            _("User involvement"),
            _("Housing follow-up"),
            _("Waiting times"),
        )
    )


class NameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class MatrixCellForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A short description. Leave empty to clear the cell."),
    )
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices, initial=SourceKind.INTERVIEW)
    source_note = forms.CharField(
        label=_("Source reference"),
        max_length=300,
        required=False,
        help_text=_(
            "Which interview, document or statistic, for example “Interview with the head of services, March 2026”."
        ),
    )


class PinForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Item in the challenge picture"), queryset=ChallengeItem.objects.none(), empty_label=_("Choose…")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = items
