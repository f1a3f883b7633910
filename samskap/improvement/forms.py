from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import DateInput
from samskap.core.models import Organisation, OrganisationKind, User
from samskap.improvement.charts import CHARTS_FOR_VALUE_KIND
from samskap.improvement.csv_import import MAX_BYTES
from samskap.improvement.models import (
    PROGRESS_SCORES,
    BreakKind,
    ChangeIdea,
    ChartType,
    Driver,
    Gathering,
    Measure,
    Network,
    PdsaCycle,
    Project,
    TeamRole,
)


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Project
        fields = ["title", "aim", "aim_how_much", "aim_by_when", "aim_for_whom", "phase"]
        widgets = {"aim": forms.Textarea(attrs={"rows": 3}), "aim_by_when": DateInput()}
        help_texts = {
            "aim_how_much": _("For example: from 40 % to 80 %."),
            "aim_for_whom": _("For example: adults who receive services for substance use."),
        }


def progress_score_choices() -> list[tuple[str, str]]:
    """Built when the form is, so the labels and decimals follow the reader's language."""
    return [(str(value), f"{number_format(value, 1)} – {label}") for value, label in PROGRESS_SCORES]


class ProgressScoreForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Progress score"), choices=progress_score_choices, coerce=str)
    recorded_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ParentDriverField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(_("Secondary driver under “%(driver)s”") % {"driver": obj.text})


class DriverForm(forms.Form):
    text = forms.CharField(label=_("Driver"), max_length=300)
    parent = ParentDriverField(
        label=_("Level"),
        queryset=Driver.objects.none(),
        required=False,
        empty_label=_("Primary driver"),
        help_text=_("Choose a primary driver to add a secondary driver under it."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = project.drivers.filter(parent__isnull=True)  # type: ignore[attr-defined]


class ChangeIdeaForm(forms.Form):
    text = forms.CharField(label=_("Change idea"), max_length=300)
    driver = forms.ModelChoiceField(
        label=_("Driver it acts on"), queryset=Driver.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = project.drivers.all()  # type: ignore[attr-defined]


class PdsaForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PdsaCycle
        fields = [
            "title",
            "change_idea",
            "previous",
            "scale",
            "started_on",
            "ended_on",
            "question",
            "prediction",
            "plan",
            "do_notes",
            "study_notes",
            "act",
            "act_notes",
            "measures",
        ]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "question": forms.Textarea(attrs={"rows": 2}),
            "prediction": forms.Textarea(attrs={"rows": 2}),
            "plan": forms.Textarea(attrs={"rows": 3}),
            "do_notes": forms.Textarea(attrs={"rows": 3}),
            "study_notes": forms.Textarea(attrs={"rows": 3}),
            "act_notes": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].queryset = ChangeIdea.objects.filter(project=project)  # type: ignore[attr-defined]
        previous = PdsaCycle.objects.filter(project=project)
        if self.instance.pk:
            previous = previous.exclude(pk=self.instance.pk)
        self.fields["previous"].queryset = previous  # type: ignore[attr-defined]
        self.fields["measures"].queryset = Measure.objects.filter(project=project)  # type: ignore[attr-defined]
        self.fields["act"].choices = [("", _("Not decided yet")), *self.fields["act"].choices[1:]]  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["started_on"].initial = timezone.localdate


class MeasureForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Measure
        fields = [
            "title",
            "kind",
            "value_kind",
            "definition",
            "numerator",
            "denominator",
            "unit",
            "improvement",
            "target",
            "frequency",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "definition": _("Exactly what is counted, from where, and who collects it."),
            "denominator": _("Only for shares and rates."),
            "target": _("In the unit shown on the chart (percent for shares)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["improvement"].choices = [("", _("Neither")), *self.fields["improvement"].choices[1:]]  # type: ignore[attr-defined]


class AdoptMeasureForm(forms.Form):
    shared = forms.ModelChoiceField(label=_("Shared measure"), queryset=Measure.objects.none())

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared"].queryset = Measure.objects.filter(network=project.team.network).exclude(  # type: ignore[attr-defined]
            adoptions__project=project
        )


class ChartSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Measure
        fields = ["chart", "rules", "screen_mr", "multiply", "target"]
        help_texts = {
            "screen_mr": _("Leave out very large moving ranges before the limits are computed (recommended)."),
            "multiply": _("100 shows shares as percent; 1000 gives a rate per 1,000."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = CHARTS_FOR_VALUE_KIND[self.instance.value_kind]
        self.fields["chart"].choices = [  # type: ignore[attr-defined]
            ("", _("Suggested by Samskap")),
            *[(value, label) for value, label in ChartType.choices if value in allowed],
        ]

    def clean_multiply(self) -> float:
        value: float = self.cleaned_data["multiply"]
        if not value or value <= 0:
            raise forms.ValidationError(_("Use a number greater than 0."))
        return value


class ObservationForm(forms.Form):
    period = forms.DateField(label=_("Period"), widget=DateInput(), help_text=_("The first day of the week or month."))
    value = forms.FloatField(label=_("Value"))
    denominator = forms.FloatField(label=_("Denominator"), required=False, min_value=0)
    excluded = forms.BooleanField(label=_("Leave out of the calculations"), required=False)
    exclude_reason = forms.CharField(label=_("Reason for leaving it out"), max_length=300, required=False)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if measure.has_denominator:
            self.fields["value"].label = _("Numerator")
            self.fields["denominator"].required = True
        else:
            del self.fields["denominator"]

    def clean_period(self) -> dt.date:
        period: dt.date = self.cleaned_data["period"]
        if period > timezone.localdate() + dt.timedelta(days=366):
            raise forms.ValidationError(_("The period is more than a year ahead."))
        return period


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: period and value (and denominator for shares and rates). "
            "Separated by semicolons or commas; periods as 2026-03-15, 15.03.2026, 2026-03 or 2026-W05."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB. Split it into smaller files."))
        return upload


class ChartBreakForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=BreakKind.choices)
    period = forms.DateField(
        label=_("Period"),
        widget=DateInput(),
        help_text=_("A baseline ends at this period; a new phase starts at it."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
    pdsa = forms.ModelChoiceField(
        label=_("PDSA cycle"), queryset=PdsaCycle.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pdsa"].queryset = PdsaCycle.objects.filter(project=measure.project)  # type: ignore[attr-defined]


class AnnotationForm(forms.Form):
    period = forms.DateField(label=_("Period"), widget=DateInput())
    text = forms.CharField(label=_("Note"), max_length=200)


class GatheringForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Gathering
        fields = ["number", "title", "held_on", "place", "action_period_focus"]
        widgets = {"held_on": DateInput(), "action_period_focus": forms.Textarea(attrs={"rows": 2})}


class TeamForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Member organisation"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Team name"), max_length=200)

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        process = network.process
        # Teams belong to the members, not to a network's own coordinating organisation.
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(models.Q(pk=process.organisation_id) | models.Q(partner_processes=process))
            .exclude(kind=OrganisationKind.LEARNING_NETWORK)
            .distinct()
        )


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)
    email = forms.EmailField(
        label=_("E-mail of their Samskap account"),
        required=False,
        help_text=_("Team members with an account can record the team's work. Leave empty for someone without one."),
    )

    def clean_email(self) -> User | None:
        email: str = self.cleaned_data["email"].lower()
        if not email:
            return None
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No one has an account with this e-mail address."))
        return user
