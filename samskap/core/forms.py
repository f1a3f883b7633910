from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from samskap.core.models import ConsentText, Participant, ParticipantRoleLabel


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="username")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("Six letters and digits, for example KT4MWX. You find it on the screen or the table."),
        max_length=20,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(autocomplete="off", autocapitalize="characters", spellcheck="false")


class JoinForm(forms.Form):
    """Display name, role label and one checkbox per consent purpose."""

    display_name = forms.CharField(
        label=_("Name to show"),
        help_text=_("Leave empty to take part anonymously."),
        max_length=Participant._meta.get_field("display_name").max_length,
        required=False,
    )
    role_label = forms.ChoiceField(
        label=_("I take part as"),
        choices=[("", _("Rather not say")), *ParticipantRoleLabel.choices],
        required=False,
    )

    def __init__(self, *args: Any, consent_texts: list[ConsentText], allow_names: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_names:
            del self.fields["display_name"]
        self.consent_texts = consent_texts
        for text in consent_texts:
            self.fields[f"consent_{text.purpose}"] = forms.BooleanField(
                label=text.text,
                required=text.required,
                error_messages={"required": _("You must agree to this to take part.")},
            )

    def consent_fields(self) -> list[forms.BoundField]:
        return [self[f"consent_{t.purpose}"] for t in self.consent_texts]

    def given_consents(self) -> list[ConsentText]:
        return [t for t in self.consent_texts if self.cleaned_data.get(f"consent_{t.purpose}")]


class SamskapFormRenderer(TemplatesSetting):
    """Renders `{{ field.as_field_group }}` with Designsystemet markup."""

    field_template_name = "forms/field.html"
