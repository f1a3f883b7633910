from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samskap.core.models import ParticipantRoleLabel, User
from samskap.events.models import (
    CHECK_IN_NOTE_MAX_LENGTH,
    CONTRIBUTION_MAX_LENGTH,
    DOT_BUDGET_MAX,
    EVALUATION_TEXT_MAX_LENGTH,
    HIDE_REASON_MAX_LENGTH,
    REGISTRATION_NEED_MAX_LENGTH,
    ROUND_MAX_MINUTES,
    SUMMARY_MAX_LENGTH,
    TEAM_NAME_MAX_LENGTH,
    THEME_NAME_MAX_LENGTH,
    AgendaSession,
    AttendanceMode,
    CampChallenge,
    CoachCheckIn,
    DialogueTable,
    Event,
    EventKind,
    HelpRequest,
    Perspective,
    RegistrationRole,
    Theme,
    ThemedQuestion,
)
from samskap.events.services import PITCH_CRITERIA
from samskap.ideas.forms import IdeaForm, PeopleField, SelectionForm
from samskap.ideas.models import Idea
from samskap.ideas.services import IDEA_FIELDS

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

QUESTION_MAX_LENGTH = 300
MAX_QUESTIONS = 20


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm[Event]):
    questions = forms.CharField(
        label=_("Themed questions"),
        help_text=_("One per line. Tables get them in turn; a table can also work from a perspective instead."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    tables = forms.IntegerField(
        label=_("Dialogue tables in the room"), min_value=0, max_value=100, initial=0, required=False
    )
    online_tables = forms.IntegerField(label=_("Online tables"), min_value=0, max_value=100, initial=0, required=False)
    video_url = forms.URLField(
        label=_("Video room"),
        help_text=_("A link to your own video room (Teams, Zoom, Whereby …). Samskap does not host video."),
        assume_scheme="https",
        required=False,
    )

    class Meta:
        model = Event
        fields = ["title", "kind", "mode", "starts_at", "ends_at", "place", "video_url", "capacity"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def clean_questions(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["questions"].splitlines()]
        questions = [line for line in lines if line]
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(_("At most %(limit)d questions.") % {"limit": MAX_QUESTIONS})
        for question in questions:
            if len(question) > QUESTION_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Keep each question under %(limit)d characters.") % {"limit": QUESTION_MAX_LENGTH}
                )
        return questions

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        return cleaned


class EventSettingsForm(forms.ModelForm[Event]):
    class Meta:
        model = Event
        fields = ["names_shown", "contributions_visible", "dot_budget"]
        widgets = {"dot_budget": forms.NumberInput(attrs={"min": 0, "max": DOT_BUDGET_MAX})}


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class TableChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: DialogueTable) -> str:
        return str(_("Table %(number)d") % {"number": obj.number})


class TableForm(forms.Form):
    host = PersonChoiceField(label=_("Host"), queryset=User.objects.none(), required=False)
    question = forms.ModelChoiceField(label=_("Question"), queryset=ThemedQuestion.objects.none(), required=False)
    perspective = forms.ChoiceField(
        label=_("Or a perspective"), choices=[("", _("None")), *Perspective.choices], required=False
    )
    is_online = forms.BooleanField(label=_("Online table"), required=False)

    def __init__(self, *args: Any, hosts: QuerySet[User], event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        host_field = self.fields["host"]
        assert isinstance(host_field, forms.ModelChoiceField)
        host_field.queryset = hosts
        question_field = self.fields["question"]
        assert isinstance(question_field, forms.ModelChoiceField)
        question_field.queryset = ThemedQuestion.objects.filter(event=event)


class AddTablesForm(forms.Form):
    count = forms.IntegerField(label=_("How many tables"), min_value=1, max_value=100, initial=1)
    online = forms.BooleanField(label=_("Online tables"), required=False)


class RoundForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=ROUND_MAX_MINUTES, initial=20)


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=CONTRIBUTION_MAX_LENGTH,
        error_messages={"required": _("Write something before you send.")},
    )
    # Made when the form is shown; a resubmission carries the same key.
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class HostContributionForm(ContributionForm):
    role_label = forms.ChoiceField(
        label=_("The person takes part as"),
        choices=[("", _("Not stated")), *ParticipantRoleLabel.choices],
        required=False,
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide it?"),
        max_length=HIDE_REASON_MAX_LENGTH,
        help_text=_("For example: names a person, off topic, a duplicate. Kept in the log."),
        error_messages={"required": _("Say why the contribution is hidden.")},
    )


class MoveForm(forms.Form):
    table = TableChoiceField(label=_("Move to table"), queryset=DialogueTable.objects.none())

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["table"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = DialogueTable.objects.filter(event=event)


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("The table's summary"),
        help_text=_("What the table agreed on, and where it disagreed. Shown on the plenary screen and in the report."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
    )


class ThemeNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=THEME_NAME_MAX_LENGTH)


class ThemeMergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Theme.objects.none())

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Theme.objects.filter(event_id=theme.event_id).exclude(pk=theme.pk)


class ChallengeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: CampChallenge) -> str:
        return obj.title


CHOICE_FIELDS = [
    ("first_choice", _("The challenge I want most")),
    ("second_choice", _("Second choice")),
    ("third_choice", _("Third choice")),
]


class RegistrationForm(forms.Form):
    """Asks only what the organiser switched on for the event."""

    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("I take part as"), choices=RegistrationRole.choices, required=False)
    mode = forms.ChoiceField(
        label=_("I take part"), choices=AttendanceMode.choices, widget=forms.RadioSelect, required=False
    )
    interpreting = forms.CharField(
        label=_("Interpreting"),
        help_text=_("For example sign language, or a spoken language."),
        max_length=REGISTRATION_NEED_MAX_LENGTH,
        required=False,
    )
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        help_text=_("For example step-free access, hearing loop, a quiet room."),
        max_length=REGISTRATION_NEED_MAX_LENGTH,
        required=False,
    )
    dietary = forms.CharField(label=_("Dietary needs"), max_length=REGISTRATION_NEED_MAX_LENGTH, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        asked = {
            "role": event.asks_role,
            "mode": event.asks_mode,
            "interpreting": event.asks_interpreting,
            "accessibility": event.asks_accessibility,
            "dietary": event.asks_dietary,
        }
        for name, is_asked in asked.items():
            if not is_asked:
                del self.fields[name]
        if "role" in self.fields:
            self.fields["role"].choices = [("", _("Choose …")), *RegistrationRole.choices]  # type: ignore[attr-defined]
            self.fields["role"].required = True
            self.fields["role"].error_messages["required"] = _("Choose how you take part.")
        if event.kind == EventKind.INNOVATION_CAMP:
            self.fields["team_name"] = forms.CharField(
                label=_("Team name, if you come as a team"),
                help_text=_(
                    "Everyone in the team writes the same name. Leave it empty if you come alone: "
                    "we put together teams that mix backgrounds."
                ),
                max_length=TEAM_NAME_MAX_LENGTH,
                required=False,
            )
            challenges = CampChallenge.objects.filter(event=event)
            if challenges.exists():
                for field_name, label in CHOICE_FIELDS:
                    self.fields[field_name] = ChallengeChoiceField(
                        label=label, queryset=challenges, required=False, empty_label=_("No preference")
                    )
        if "mode" in self.fields:
            self.fields["mode"].required = True
            self.fields["mode"].error_messages["required"] = _(
                "Choose whether you come to the room or take part online."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [cleaned.pop(name) for name, _label in CHOICE_FIELDS if name in cleaned]
        picked = [challenge.pk for challenge in chosen if challenge is not None]
        if len(set(picked)) != len(picked):
            raise forms.ValidationError(_("Choose each challenge once."))
        cleaned["challenge_choices"] = picked
        return cleaned


class RegistrationSettingsForm(forms.ModelForm[Event]):
    class Meta:
        model = Event
        fields = [
            "registration_open",
            "capacity",
            "asks_role",
            "asks_mode",
            "asks_interpreting",
            "asks_accessibility",
            "asks_dietary",
        ]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        help_text=_("Six letters and digits from the person's registration, or scan its QR code."),
        max_length=20,
    )


class CampChallengeForm(forms.ModelForm[CampChallenge]):
    class Meta:
        model = CampChallenge
        fields = ["title", "brief"]
        widgets = {"brief": forms.Textarea(attrs={"rows": 3})}


class FormTeamsForm(forms.Form):
    team_size = forms.IntegerField(label=_("People per team"), min_value=3, max_value=10, initial=5)


class TeamCanvasForm(forms.ModelForm[Idea]):
    """The team's idea canvas: the same fields as any idea, so it carries on to the jury
    and the ideas module as it is."""

    class Meta:
        model = Idea
        fields = list(IDEA_FIELDS)
        widgets = IdeaForm.Meta.widgets
        help_texts = IdeaForm.Meta.help_texts

    def canvas_fields(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in IDEA_FIELDS}


class CoachCheckInForm(forms.ModelForm[CoachCheckIn]):
    class Meta:
        model = CoachCheckIn
        fields = ["status", "note"]
        widgets = {"status": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("The team sees the note.")}


class HelpRequestForm(forms.ModelForm[HelpRequest]):
    class Meta:
        model = HelpRequest
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class HelpAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=CHECK_IN_NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class JuryForm(forms.Form):
    """The pitch rubric and the jurors; the teams' canvases are what is scored."""

    criteria = forms.CharField(
        label=_("Criteria and weights"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text=_("One per line: the criterion, a semicolon, and its weight from 1 to 10."),
    )
    panel = PeopleField(label=_("Jury"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].initial = "\n".join(f"{name}; {weight}" for name, weight in PITCH_CRITERIA)
        panel_field = self.fields["panel"]
        assert isinstance(panel_field, forms.ModelMultipleChoiceField)
        panel_field.queryset = people

    clean_criteria = SelectionForm.clean_criteria


class AgendaSessionForm(forms.ModelForm[AgendaSession]):
    class Meta:
        model = AgendaSession
        fields = ["starts_at", "ends_at", "title", "place", "description"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }


SCALE_CHOICES = [
    (1, _("1 – not at all")),
    (2, _("2 – a little")),
    (3, _("3 – somewhat")),
    (4, _("4 – much")),
    (5, _("5 – very much")),
]


def _scale(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=SCALE_CHOICES, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )


class EvaluationForm(forms.Form):
    """The same few questions after every event, so events can be compared. Every
    question may be skipped, but not all of them."""

    useful = _scale(_("How useful was the event for you?"))
    heard = _scale(_("Did you get to say what mattered to you?"))
    accessible = _scale(_("Was it easy to take part (place, language, pace)?"))
    best = forms.CharField(
        label=_("What was best?"),
        max_length=EVALUATION_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    improve = forms.CharField(
        label=_("What should we do differently next time?"),
        max_length=EVALUATION_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(name) not in (None, "") for name in self.fields):
            raise forms.ValidationError(_("Answer at least one question before you send."))
        return data
