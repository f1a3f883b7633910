from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.models import ParticipantRoleLabel
from samskap.events.models import CONTRIBUTION_MAX_LENGTH


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=CONTRIBUTION_MAX_LENGTH,
        error_messages={"required": _("Write something before you send.")},
    )


class HostContributionForm(ContributionForm):
    role_label = forms.ChoiceField(
        label=_("The person takes part as"),
        choices=[("", _("Not stated")), *ParticipantRoleLabel.choices],
        required=False,
    )
