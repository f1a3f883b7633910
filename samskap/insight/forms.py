from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import DateInput
from samskap.core.models import LANGUAGE_CHOICES, User
from samskap.insight.models import (
    EXPERIENCE_CHOICES,
    SUMMARY_MAX,
    Code,
    Coding,
    GuideQuestionKind,
    GuideSection,
    Insight,
    InterviewGuide,
    LifeArea,
    Offer,
    OfferKind,
    PersonCategory,
    PiiKind,
    Source,
    SourceKind,
    VariableKind,
)
from samskap.insight.uploads import MAX_UPLOAD_BYTES, UploadError, transcript_text

NOTES_MAX = 400_000


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the questions"), choices=LANGUAGE_CHOICES)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GuideSectionForm(forms.Form):
    title = forms.CharField(label=_("New section"), max_length=200)


class GuideQuestionForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=GuideSection.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=GuideQuestionKind.choices, widget=forms.RadioSelect, initial=GuideQuestionKind.OPEN
    )
    text = forms.CharField(
        label=_("Question"),
        max_length=500,
        required=False,
        help_text=_("For “What matters to you?” the question is filled in, in the guide's language."),
    )

    def __init__(self, *args: Any, guide: InterviewGuide, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = guide.sections.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == GuideQuestionKind.OPEN and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the question."))
        return data


class SourceForm(forms.Form):
    """An interview, an observation or a piece of desk research, with its text typed in
    or uploaded."""

    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("No names: for example “Interview 7, relative”.")
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGE_CHOICES)
    person_category = forms.ChoiceField(
        label=_("Who was interviewed or observed"), choices=[("", "—"), *PersonCategory.choices], required=False
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    held_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    interviewer = forms.ModelChoiceField(label=_("Interviewer"), queryset=User.objects.none(), required=False)
    guide = forms.ModelChoiceField(label=_("Interview guide"), queryset=InterviewGuide.objects.none(), required=False)
    consent_purpose = forms.CharField(
        label=_("Purpose the person consented to"),
        max_length=300,
        required=False,
        help_text=_("As on the consent form, for example “insight work for the strategy; quotes without names”."),
    )
    consent_version = forms.CharField(label=_("Version of the consent text"), max_length=40, required=False)
    consent_given_on = forms.DateField(label=_("Consent given on"), required=False, widget=DateInput())
    summary = forms.CharField(
        label=_("Summary"), max_length=SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reference = forms.CharField(label=_("Reference or link"), max_length=500, required=False)
    tags = forms.CharField(label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas."))
    text = forms.CharField(
        label=_("Notes or transcript"),
        max_length=NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Type or paste the text, or upload a file below. "
            "Personal data is found and reviewed before anyone codes it."
        ),
    )
    upload = forms.FileField(
        label=_("Or upload the transcript"),
        required=False,
        help_text=_("A .txt or .docx file, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".txt,.docx,text/plain,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args: Any, kind: str, people: list[User], guides: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["interviewer"].queryset = User.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
        self.fields["guide"].queryset = guides  # type: ignore[attr-defined]
        if kind == SourceKind.DESK:
            for name in (
                "person_category",
                "municipality",
                "interviewer",
                "guide",
                "consent_purpose",
                "consent_version",
                "consent_given_on",
                "upload",
            ):
                del self.fields[name]
            self.fields["text"].label = _("Text or excerpt (optional)")
            self.fields["held_on"].label = _("Published")
        else:
            for name in ("summary", "reference", "tags"):
                del self.fields[name]
            if kind == SourceKind.OBSERVATION:
                for name in ("guide",):
                    del self.fields[name]
                self.fields["interviewer"].label = _("Observer")
                self.fields["text"].label = _("Observation notes")
            else:
                self.fields["consent_given_on"].required = True

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return transcript_text(upload.read(MAX_UPLOAD_BYTES + 1))
        except UploadError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uploaded = data.pop("upload", None)
        if uploaded and (data.get("text") or "").strip():
            self.add_error("upload", _("Either type the text or upload a file, not both."))
        elif uploaded:
            data["text"] = uploaded
        return data


class FindingAddForm(forms.Form):
    words = forms.CharField(
        label=_("Words the search missed"),
        max_length=300,
        help_text=_("Exactly as they stand in the text. Every place they appear is marked."),
    )
    kind = forms.ChoiceField(label=_("Kind of personal data"), choices=PiiKind.choices, initial=PiiKind.PERSON_NAME)


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Consent withdrawn on"), widget=DateInput())
    confirm = forms.BooleanField(
        label=_("I understand that this source, its codings and the quotes from it are deleted for good."),
    )


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Under"), queryset=Code.objects.none(), required=False, empty_label=_("(top level)")
    )
    description = forms.CharField(
        label=_("Description"), max_length=SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    colour = forms.CharField(
        label=_("Colour"), max_length=7, initial="#1E6BB8", widget=forms.TextInput(attrs={"type": "color"})
    )
    codable = forms.BooleanField(
        label=_("Text can be coded with it (untick for a category that only groups codes)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = codes  # type: ignore[attr-defined]


class CodingForm(forms.Form):
    """Code the sentences ticked on the page, or exactly the words typed."""

    code = forms.ModelChoiceField(label=_("Code"), queryset=Code.objects.none())
    segments = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    words = forms.CharField(
        label=_("Or exactly these words"),
        max_length=3000,
        required=False,
        help_text=_("Copy a part of a sentence to code just that."),
    )

    def __init__(self, *args: Any, codes: Any, segment_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = codes  # type: ignore[attr-defined]
        choices = [(str(n), str(n)) for n in range(1, segment_count + 1)]
        self.fields["segments"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("segments") and not (data.get("words") or "").strip():
            raise forms.ValidationError(_("Tick one or more sentences, or write the words to code."))
        return data


class MemoForm(forms.Form):
    """A memo on a source, or on one coded segment of it."""

    coding = forms.ModelChoiceField(
        label=_("About"), queryset=Coding.objects.none(), required=False, empty_label=_("The whole source")
    )
    text = forms.CharField(label=_("Memo"), max_length=SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, source: Source, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codings = source.codings.select_related("code").order_by("start", "pk")
        field = self.fields["coding"]
        field.queryset = codings  # type: ignore[attr-defined]
        text = source.released_text
        field.label_from_instance = lambda c: f"{c.code.name}: “{text[c.start : c.end][:60]}”"  # type: ignore[attr-defined]


class InsightForm(forms.Form):
    statement = forms.CharField(
        label=_("The insight"),
        max_length=500,
        help_text=_("One sentence, in the words a service user would recognise."),
    )
    explanation = forms.CharField(
        label=_("What lies behind it"), max_length=SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    codes = forms.ModelMultipleChoiceField(
        label=_("Codes behind it"), queryset=Code.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    life_areas = forms.MultipleChoiceField(
        label=_("Life areas (BrukerPlan)"),
        choices=LifeArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codes"].queryset = codes  # type: ignore[attr-defined]


class QuoteForm(forms.Form):
    coding = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("REFI-QDA file"),
        help_text=_(
            "A codebook (.qdc) or a project (.qdpx) from NVivo, ATLAS.ti, MAXQDA or another QDA program, at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".qdc,.qdpx,.qde"}),
    )


class OfferForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Offer
        fields = ["name", "kind", "area", "target_group", "description", "how_to_get_in", "contact", "tags"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "how_to_get_in": forms.Textarea(attrs={"rows": 2}),
        }


class OfferSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *OfferKind.choices], required=False)


class JourneyForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("No names: for example “A young adult's way to help”.")
    )
    person_category = forms.ChoiceField(label=_("Whose journey"), choices=PersonCategory.choices)
    description = forms.CharField(
        label=_("Description"), max_length=SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class JourneyStageForm(forms.Form):
    name = forms.CharField(label=_("Stage"), max_length=200, help_text=_("For example “Asks the GP for help”."))
    touchpoint = forms.CharField(
        label=_("Touchpoint"), max_length=200, required=False, help_text=_("Which service or agency the person meets.")
    )
    works = forms.CharField(
        label=_("What works"), max_length=SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    hurts = forms.CharField(
        label=_("What hurts"), max_length=SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    experience = forms.TypedChoiceField(
        label=_("How it feels"), choices=EXPERIENCE_CHOICES, coerce=int, initial=0, widget=forms.RadioSelect
    )
    insights = forms.ModelMultipleChoiceField(
        label=_("Insights behind it"),
        queryset=Insight.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, insights: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["insights"].queryset = insights  # type: ignore[attr-defined]


class ProcessMemoForm(forms.Form):
    """A memo on the project as a whole or on one code."""

    code = forms.ModelChoiceField(
        label=_("About"), queryset=Code.objects.none(), required=False, empty_label=_("The project as a whole")
    )
    text = forms.CharField(label=_("Memo"), max_length=SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, codes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = codes  # type: ignore[attr-defined]


class CaseVariableForm(forms.Form):
    name = forms.CharField(label=_("Variable"), max_length=100, help_text=_("For example “Age group”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=VariableKind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        max_length=500,
        required=False,
        help_text=_("For “one of a list”: the values, separated by commas."),
    )


class CaseForm(forms.Form):
    """A case with its sources and one field per variable of the process, typed."""

    label = forms.CharField(label=_("Label"), max_length=100, help_text=_("No names: for example “Case 4”."))
    person_category = forms.ChoiceField(label=_("Who"), choices=[("", "—"), *PersonCategory.choices], required=False)
    sources = forms.ModelMultipleChoiceField(
        label=_("Sources"), queryset=Source.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = process.sources.order_by("title", "pk")  # type: ignore[attr-defined]
        self.variables = list(process.case_variables.all())
        for variable in self.variables:
            name = f"variable_{variable.pk}"
            if variable.kind == VariableKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=variable.name, choices=[("", "—"), *((c, c) for c in variable.choice_list)], required=False
                )
            elif variable.kind == VariableKind.NUMBER:
                self.fields[name] = forms.IntegerField(
                    label=variable.name, required=False, min_value=-999_999_999, max_value=999_999_999
                )
            elif variable.kind == VariableKind.DATE:
                self.fields[name] = forms.DateField(label=variable.name, required=False, widget=DateInput())
            else:
                self.fields[name] = forms.CharField(label=variable.name, max_length=200, required=False)

    def values(self) -> dict[int, str]:
        result: dict[int, str] = {}
        for variable in self.variables:
            value = self.cleaned_data.get(f"variable_{variable.pk}")
            result[variable.pk] = (
                "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
            )
        return result


class LegalHoldForm(forms.Form):
    on = forms.BooleanField(label=_("Legal hold"), required=False)
    reason = forms.CharField(label=_("Reason for the legal hold"), max_length=300, required=False)
