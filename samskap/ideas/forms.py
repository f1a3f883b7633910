from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.forms import DateInput
from samskap.core.models import User
from samskap.ideas.models import SCORE_MAX, SCORE_MIN, EndState, Idea, IdeaOrigin, ResourceKind, SelectionRound
from samskap.ideas.services import DEFAULT_CRITERIA
from samskap.improvement.models import Team
from samskap.processes.models import Process


class PeopleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class IdeaForm(forms.ModelForm):  # type: ignore[type-arg]
    co_authors = PeopleField(label=_("Co-authors"), queryset=User.objects.none(), required=False)

    class Meta:
        model = Idea
        fields = [
            "title",
            "problem",
            "for_whom",
            "description",
            "value_for_person",
            "what_it_takes",
            "first_small_test",
            "origin",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("problem", "description", "value_for_person", "what_it_takes", "first_small_test")
        }
        help_texts = {
            "problem": _("What does not work today, and for whom does it matter?"),
            "description": _("What would you do?"),
            "value_for_person": _("What gets better for the person, in their own words if you can."),
            "what_it_takes": _("People, money, time, partners."),
            "first_small_test": _("The smallest test that would teach you something next week."),
        }

    def __init__(self, *args: Any, people: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people_field = self.fields["co_authors"]
        assert isinstance(people_field, forms.ModelMultipleChoiceField)
        people_field.queryset = people
        if editing:
            del self.fields["origin"]
        else:
            self.fields["origin"].initial = IdeaOrigin.STAFF

    def template_fields(self) -> dict[str, str]:
        from samskap.ideas.services import IDEA_FIELDS

        return {name: self.cleaned_data[name] for name in IDEA_FIELDS}


class StageMoveForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("Move to stage"), coerce=int)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage_field = self.fields["stage"]
        assert isinstance(stage_field, forms.ChoiceField)
        stage_field.choices = [(s.pk, s.name) for s in process.idea_stages.all()]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("PDF, PNG or JPEG image, Word, Excel, PowerPoint, OpenDocument or text; at most 10 MB."),
    )


class StagesForm(forms.Form):
    names = forms.CharField(
        label=_("Stages"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=2000,
        help_text=_("One per line, in order. Ideas in a stage you take away move to the last stage."),
    )

    def stage_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class SelectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    criteria = forms.CharField(
        label=_("Criteria and weights"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text=_("One per line: the criterion, a semicolon, and its weight from 1 to 10."),
    )
    panel = PeopleField(label=_("Panel"), queryset=User.objects.none())
    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas to score"), queryset=Idea.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, process: Process, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].initial = "\n".join(f"{name}; {weight}" for name, weight in DEFAULT_CRITERIA)
        panel_field = self.fields["panel"]
        assert isinstance(panel_field, forms.ModelMultipleChoiceField)
        panel_field.queryset = people
        ideas_field = self.fields["ideas"]
        assert isinstance(ideas_field, forms.ModelMultipleChoiceField)
        ideas_field.queryset = process.ideas.filter(end_state="").order_by("title")

    def clean_criteria(self) -> list[tuple[str, int]]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, weight = line.rpartition(";")
            if not name.strip() or not weight.strip().isdigit():
                raise forms.ValidationError(
                    _("Line %(number)d: write the criterion, a semicolon and a weight, e.g. “Cost; 2”.")
                    % {"number": number}
                )
            parsed.append((name.strip(), int(weight)))
        return parsed


SCORE_CHOICES = [("", "–")] + [(str(v), str(v)) for v in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreSheetForm(forms.Form):
    """One select per idea and criterion, named score_<idea>_<criterion>."""

    def __init__(self, *args: Any, selection: SelectionRound, ideas: list[Idea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(selection.criteria.all())
        self.ideas = ideas
        for idea in ideas:
            for criterion in self.criteria:
                name = f"score_{idea.pk}_{criterion.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{idea.title}: {criterion.name}",
                    choices=SCORE_CHOICES,
                    coerce=int,
                    required=True,
                    error_messages={"required": _("Give a score from 1 to 5.")},
                )

    def rows(self) -> list[tuple[Idea, list[forms.BoundField]]]:
        return [(idea, [self[f"score_{idea.pk}_{c.pk}"] for c in self.criteria]) for idea in self.ideas]

    def values(self) -> dict[tuple[int, int], int]:
        return {
            (idea.pk, criterion.pk): self.cleaned_data[f"score_{idea.pk}_{criterion.pk}"]
            for idea in self.ideas
            for criterion in self.criteria
        }


class DecisionForm(forms.Form):
    selected = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Selected")), ("0", _("Not selected"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class IncubationForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=User.objects.none(), required=False)
    mentor_name = forms.CharField(label=_("Or a mentor from outside, by name"), max_length=150, required=False)
    started_on = forms.DateField(label=_("Started"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentor_field = self.fields["mentor"]
        assert isinstance(mentor_field, forms.ModelChoiceField)
        mentor_field.queryset = people
        mentor_field.empty_label = _("Nobody in Samskap")


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=DateInput())


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    description = forms.CharField(label=_("What"), max_length=300)
    amount = forms.DecimalField(
        label=_("Amount (NOK or SEK)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )


class StatusForm(forms.Form):
    text = forms.CharField(label=_("Status update"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EndForm(forms.Form):
    end_state = forms.ChoiceField(label=_("How it ended"), choices=EndState.choices)
    team = forms.ModelChoiceField(
        label=_("Improvement team (for an improvement project)"), queryset=Team.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=3000, required=False)
    lessons = forms.CharField(
        label=_("What was learned"), widget=forms.Textarea(attrs={"rows": 2}), max_length=3000, required=False
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = teams
        team_field.empty_label = _("Not an improvement project")


class TrackForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000, required=False
    )
    service = forms.CharField(label=_("In which service"), max_length=200, required=False)
    owner = forms.CharField(label=_("Owner"), max_length=200, help_text=_("Who is responsible for carrying it out."))
    partners = forms.CharField(label=_("Partners"), max_length=500, required=False)
    ideas = forms.ModelMultipleChoiceField(
        label=_("Ideas in the track"), queryset=Idea.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    first_follow_up = forms.DateField(label=_("First follow-up"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ideas_field = self.fields["ideas"]
        assert isinstance(ideas_field, forms.ModelMultipleChoiceField)
        ideas_field.queryset = process.ideas.order_by("title")


class FollowUpForm(forms.Form):
    due_on = forms.DateField(label=_("Follow-up date"), widget=DateInput())
    note = forms.CharField(label=_("What to follow up"), max_length=300, required=False)


class FollowUpDoneForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
