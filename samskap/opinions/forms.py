from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.events.models import Event
from samskap.opinions.models import LANGUAGES, STATEMENT_MAX_LENGTH, VoteValue
from samskap.processes.models import Process


class OpinionMapForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question to participants"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: Have we hit the mark with the challenge picture, or have we left something out?"),
    )
    seed_statements = forms.CharField(
        label=_("Seed statements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One statement per line, for example each line of the challenge picture."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple, initial=["nb"]
    )
    allow_statements = forms.BooleanField(
        label=_("Participants may add statements (you accept or reject them first)"), required=False, initial=True
    )
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none(), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_field = self.fields["event"]
        assert isinstance(event_field, forms.ModelChoiceField)
        event_field.queryset = process.events.all()
        event_field.empty_label = _("Not tied to an event")

    def seed_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("seed_statements", "").splitlines() if line.strip()]


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One short thought others can agree or disagree with."),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class VoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    value = forms.TypedChoiceField(choices=VoteValue.choices, coerce=int)


class ImportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    archive = forms.FileField(
        label=_("Pol.is export (.zip)"),
        help_text=_("A .zip with comments.csv and participants-votes.csv (votes.csv too, when you have it)."),
    )
