from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from samskap.core.models import (
    ConsentText,
    IdentityProvider,
    Organisation,
    Participant,
    ParticipantRoleLabel,
    Role,
    User,
)
from samskap.core.validators import validate_org_number


def form_errors_text(form: forms.Form) -> str:
    """A form's errors as one flash message, each led by its field's label, for POST-only
    views that redirect instead of showing the form again."""
    parts: list[str] = []
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in field_errors)
    return " ".join(parts)


class DateInput(forms.DateInput):
    """The browser's own date picker, which is keyboard- and screen-reader-friendly."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


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


class MembershipGrantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if not User.objects.filter(email=email, is_active=True).exists():
            raise forms.ValidationError(
                _("No one has an account with this e-mail address. Ask your Samskap administrator to create it.")
            )
        return email


class SamskapFormRenderer(TemplatesSetting):
    """Renders `{{ field.as_field_group }}` with Designsystemet markup."""

    field_template_name = "forms/field.html"


LOGO_MAX_BYTES = 512 * 1024
# Raster formats only: an SVG logo could carry script.
LOGO_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": ".png",
    b"\xff\xd8\xff": ".jpg",
}


def logo_extension(head: bytes) -> str | None:
    """The file extension for a PNG or JPEG by its first bytes, else None."""
    for signature, extension in LOGO_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    return None


class OrganisationSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    accessibility_statement_url = forms.URLField(
        label=_("accessibility statement"),
        help_text=_("Your published statement (uustatus.no or your own site)."),
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "org_number",
            "default_language",
            "brand_colour",
            "logo",
            "accessibility_statement_url",
            "feedback_email",
        ]
        help_texts = {
            "brand_colour": _("Used for the stripe at the top of your pages, e.g. #1e5a8c."),
            "logo": _("PNG, JPEG or WebP, at most 512 KB."),
            "feedback_email": _("Where people report accessibility problems."),
        }

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if not logo or logo == self.instance.logo:
            return logo
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is too large. Use a file of at most 512 KB."))
        head = logo.read(16)
        logo.seek(0)
        extension = logo_extension(head)
        if extension is None:
            raise forms.ValidationError(_("The logo must be a PNG, JPEG or WebP image."))
        logo.name = f"{self.instance.slug}{extension}"
        return logo

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        number = cleaned.get("org_number") or ""
        try:
            validate_org_number(self.instance.country, number)
        except forms.ValidationError as exc:
            self.add_error("org_number", exc)
        return cleaned


class IdentityProviderForm(forms.Form):
    """The organisation's OpenID Connect provider. The secret is never shown again:
    leaving it empty keeps the stored one."""

    label = forms.CharField(
        label=_("name on the button"),
        max_length=80,
        help_text=_("What your staff know it as, e.g. ID-porten or Entra ID."),
    )
    issuer = forms.URLField(
        label=_("issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=_("The provider's address; its settings are read from /.well-known/openid-configuration there."),
    )
    client_id = forms.CharField(label=_("client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("client secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the secret already saved."),
    )
    scopes = forms.CharField(label=_("scopes"), max_length=200, initial="openid email profile")
    is_active = forms.BooleanField(label=_("in use"), required=False, initial=True)

    def __init__(self, *args: Any, provider: IdentityProvider | None = None, **kwargs: Any) -> None:
        if provider is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(provider, name) for name in ("label", "issuer", "client_id", "scopes", "is_active")},
            )
        super().__init__(*args, **kwargs)
        self.fields["client_secret"].widget.attrs.update(autocomplete="off")

    def clean_issuer(self) -> str:
        from samskap.core.oidc import OidcError, check_endpoint

        issuer = str(self.cleaned_data["issuer"])
        try:
            return check_endpoint(issuer)
        except OidcError:
            raise forms.ValidationError(_("The issuer must be an https address.")) from None


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("Six digits. A new code shows every 30 seconds."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(autocomplete="one-time-code", inputmode="numeric", spellcheck="false")


class AuditSearchForm(forms.Form):
    """Filters for the audit log; every field may stay empty."""

    action = forms.CharField(
        label=_("Action"), max_length=60, required=False, help_text=_("Part of the action, e.g. login or source.")
    )
    who = forms.CharField(
        label=_("Who"), max_length=200, required=False, help_text=_("Part of an e-mail or pseudonym.")
    )
    object_type = forms.CharField(label=_("Object"), max_length=60, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            raise forms.ValidationError(_("The first date must come before the last."))
        return cleaned


class PersonalDataSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Pseudonym, shown name or e-mail address"),
        max_length=254,
        help_text=_("For example P-KT4MWX, the name a participant showed, or the address someone registered with."),
    )


class PersonalDataEraseForm(forms.Form):
    how = forms.ChoiceField(
        label=_("What to do"),
        widget=forms.RadioSelect,
        choices=[
            (
                "anonymise",
                _("Anonymise: keep what the person said and voted, remove name, address, needs and consents"),
            ),
            ("erase", _("Erase: delete everything the person gave, including contributions, statements and votes")),
        ],
    )
    confirm = forms.BooleanField(label=_("I have checked that these records are the person's, and only theirs."))
