from __future__ import annotations

import io
import json
import logging
import time
from datetime import timedelta
from pathlib import PurePath
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samskap.core import oidc, totp
from samskap.core.audit import audit_record
from samskap.core.forms import (
    AuditSearchForm,
    IdentityProviderForm,
    JoinCodeForm,
    JoinForm,
    LoginForm,
    MembershipGrantForm,
    OrganisationSettingsForm,
    PersonalDataEraseForm,
    PersonalDataSearchForm,
    TwoFactorCodeForm,
    form_errors_text,
)
from samskap.core.http import csv_download, spreadsheet_safe, staff_user
from samskap.core.i18n import use_organisation_language
from samskap.core.models import (
    LANGUAGE_CHOICES,
    AuditEntry,
    IdentityProvider,
    Membership,
    Organisation,
    TwoFactor,
    User,
)
from samskap.core.participants import remember_participant, remembered_participant_ids
from samskap.core.permissions import Capability, can_in_organisation
from samskap.core.personal_data import Subject, subject_erase, subject_export, subject_find, subject_from_ids
from samskap.core.ratelimit import client_address, ratelimit_hit, ratelimit_reset
from samskap.core.selectors import (
    access_review as access_review_rows,
)
from samskap.core.selectors import (
    audit_entries_for_organisation,
    consent_texts_current,
    get_organisation_for_user,
    identity_providers_for_login,
    join_code_lookup,
    memberships_of,
    organisations_for_user,
    participant_for_code,
)
from samskap.core.services import (
    ExternalSignInRefused,
    external_identity_sign_in,
    identity_provider_save,
    membership_grant,
    membership_revoke,
    membership_touch,
    organisation_update,
    participant_join,
    two_factor_check,
    two_factor_disable,
    two_factor_enable,
)
from samskap.processes.selectors import processes_for_organisation

logger = logging.getLogger(__name__)

LOGIN_ATTEMPTS_PER_ACCOUNT = 10
LOGIN_ATTEMPTS_PER_ADDRESS = 50
LOGIN_WINDOW_SECONDS = 15 * 60
JOIN_ATTEMPTS_PER_ADDRESS = 20
JOIN_WINDOW_SECONDS = 10 * 60


# Pages for everyone


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        organisations = organisations_for_user(request.user)
        return render(request, "core/dashboard.html", {"organisations": organisations})
    return render(request, "core/front.html", {"join_form": JoinCodeForm()})


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help.html")


# Staff login


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        address = client_address(request.META.get("REMOTE_ADDR"))
        account_ok = ratelimit_hit(
            key=f"login:acct:{email}", limit=LOGIN_ATTEMPTS_PER_ACCOUNT, window_seconds=LOGIN_WINDOW_SECONDS
        )
        address_ok = ratelimit_hit(
            key=f"login:addr:{address}", limit=LOGIN_ATTEMPTS_PER_ADDRESS, window_seconds=LOGIN_WINDOW_SECONDS
        )
        if not (account_ok and address_ok):
            form.add_error(None, _("Too many attempts. Wait 15 minutes and try again."))
        else:
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            if user is None:
                form.add_error(None, _("The e-mail address or the password is wrong."))
            else:
                assert isinstance(user, User)
                ratelimit_reset(key=f"login:acct:{email}")
                if TwoFactor.objects.filter(user=user).exists():
                    # The password was right; the session starts only after the code.
                    request.session[TWO_FACTOR_SESSION_KEY] = {
                        "user": user.pk,
                        "next": next_url,
                        "started": int(time.time()),
                    }
                    return redirect("core:login_code")
                return _logged_in(request, user, next_url, method="password")
    status = 400 if form.errors else 200
    return _login_page(request, form, next_url, status=status)


def _login_page(
    request: HttpRequest, form: LoginForm, next_url: str, *, status: int = 200, error: str = ""
) -> HttpResponse:
    context = {"form": form, "next": next_url, "providers": identity_providers_for_login(), "sign_in_error": error}
    return render(request, "core/login.html", context, status=status)


def _logged_in(
    request: HttpRequest, user: User, next_url: str, *, method: str, provider: int | None = None
) -> HttpResponse:
    """Start the session (a new session id: no fixation), note the roles as used, and go on."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    membership_touch(user=user)
    detail: dict[str, object] = {"method": method}
    if provider is not None:
        detail["provider"] = provider
    audit_record(action="user.login", actor=user, obj=user, detail=detail)
    response: HttpResponse
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        response = HttpResponseRedirect(next_url)
    else:
        response = redirect("core:home")
    if user.language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
    return response


# The second step of password sign-in, for people who turned on an authenticator app

TWO_FACTOR_SESSION_KEY = "samskap_two_factor"
TWO_FACTOR_PENDING_SECONDS = 5 * 60
TWO_FACTOR_ATTEMPTS = 5


@require_http_methods(["GET", "HEAD", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(TWO_FACTOR_SESSION_KEY)
    if not pending or int(time.time()) - pending["started"] >= TWO_FACTOR_PENDING_SECONDS:
        request.session.pop(TWO_FACTOR_SESSION_KEY, None)
        messages.error(request, _("Log in again: the code must follow the password within five minutes."))
        return redirect("core:login")
    user = get_object_or_404(User, pk=pending["user"], is_active=True)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit_hit(key=f"totp:{user.pk}", limit=TWO_FACTOR_ATTEMPTS, window_seconds=LOGIN_WINDOW_SECONDS):
            form.add_error("code", _("Too many attempts. Wait 15 minutes and try again."))
        elif not two_factor_check(user=user, code=form.cleaned_data["code"], at=time.time()):
            form.add_error("code", _("That code is not right. Type the six digits the app shows now."))
        else:
            del request.session[TWO_FACTOR_SESSION_KEY]
            ratelimit_reset(key=f"totp:{user.pk}")
            return _logged_in(request, user, pending["next"], method="password+totp")
    return render(request, "core/login_code.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_two_factor(request: HttpRequest) -> HttpResponse:
    """Turn codes from an authenticator app on (scan, then show a code) or off (show a code)."""
    assert isinstance(request.user, User)
    user = request.user
    device = TwoFactor.objects.filter(user=user).first()
    form = TwoFactorCodeForm(request.POST or None)
    # The new secret waits in the session until a code from it proves the app has it; with
    # an app already set up there is nothing to offer, and the session is left alone.
    secret = ""
    if device is None:
        secret = request.session.get("samskap_two_factor_new") or totp.new_secret()
        request.session["samskap_two_factor_new"] = secret
    if request.method == "POST" and form.is_valid():
        try:
            if device is None:
                two_factor_enable(user=user, secret=secret, code=form.cleaned_data["code"], at=time.time())
                del request.session["samskap_two_factor_new"]
                messages.success(request, _("Codes from your authenticator app are now needed when you log in."))
            else:
                two_factor_disable(user=user, code=form.cleaned_data["code"], at=time.time())
                messages.success(request, _("Codes are no longer needed when you log in."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("core:account_two_factor")
    context: dict[str, Any] = {"form": form, "device": device}
    if secret:
        uri = totp.provisioning_uri(secret, user.email, "Samskap")
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(
            scale=4, title=_("QR code for your authenticator app")
        )
    return render(request, "core/account_two_factor.html", context, status=400 if form.errors else 200)


# Sign-in through the organisation's identity provider (OpenID Connect)

OIDC_SESSION_KEY = "samskap_oidc"
OIDC_PENDING_SECONDS = 10 * 60
OIDC_MAX_PENDING = 5


@require_safe
def oidc_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the browser to the organisation's provider, with state, nonce and a PKCE
    challenge; the secrets that check the answer stay in this browser's session."""
    provider = get_object_or_404(IdentityProvider, organisation__slug=slug, is_active=True)
    next_url = request.GET.get("next", "")
    try:
        metadata = oidc.discover(provider.issuer)
    except oidc.OidcError as error:
        logger.warning("OpenID provider %s: discovery failed: %s", provider.pk, error)
        return _login_page(
            request,
            LoginForm(),
            next_url,
            status=502,
            error=_("%(provider)s cannot be reached just now. Try again in a while.") % {"provider": provider.label},
        )
    auth = oidc.authorisation_request(
        metadata,
        client_id=provider.client_id,
        redirect_uri=request.build_absolute_uri(reverse("core:oidc_callback")),
        scopes=provider.scopes,
        language=get_language() or "",
    )
    now = int(time.time())
    pending = {
        state: entry
        for state, entry in request.session.get(OIDC_SESSION_KEY, {}).items()
        if now - entry["started"] < OIDC_PENDING_SECONDS
    }
    pending[auth.state] = {
        "provider": provider.pk,
        "nonce": auth.nonce,
        "verifier": auth.code_verifier,
        "next": next_url,
        "started": now,
    }
    # A few sign-ins may be open in different tabs; older ones give way.
    request.session[OIDC_SESSION_KEY] = dict(
        sorted(pending.items(), key=lambda item: item[1]["started"])[-OIDC_MAX_PENDING:]
    )
    return HttpResponseRedirect(auth.url)


@require_safe
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back: check the state, trade the code for
    an ID token, check the token, and sign the person in if they have an account here."""
    pending = request.session.get(OIDC_SESSION_KEY, {})
    entry = pending.pop(request.GET.get("state", ""), None)
    request.session[OIDC_SESSION_KEY] = pending
    if entry is None or int(time.time()) - entry["started"] >= OIDC_PENDING_SECONDS:
        return _login_page(
            request,
            LoginForm(),
            "",
            status=400,
            error=_("This sign-in was started too long ago or in another browser. Start it again."),
        )
    provider = IdentityProvider.objects.filter(pk=entry["provider"], is_active=True).first()
    if provider is None:
        raise Http404
    if "error" in request.GET or "code" not in request.GET:
        return _login_page(
            request,
            LoginForm(),
            entry["next"],
            status=400,
            error=_("%(provider)s did not sign you in. You can try again.") % {"provider": provider.label},
        )
    try:
        metadata = oidc.discover(provider.issuer)
        id_token = oidc.exchange_code(
            metadata,
            code=request.GET["code"],
            code_verifier=entry["verifier"],
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            redirect_uri=request.build_absolute_uri(reverse("core:oidc_callback")),
        )
        claims = oidc.verify_id_token(
            id_token,
            keys=oidc.fetch_keys(metadata),
            issuer=provider.issuer,
            client_id=provider.client_id,
            nonce=entry["nonce"],
        )
    except oidc.OidcError as error:
        # The reason names the check that failed, never a token or a claim's value.
        logger.warning("OpenID provider %s: sign-in refused: %s", provider.pk, error)
        return _login_page(
            request,
            LoginForm(),
            entry["next"],
            status=400,
            error=_("We could not confirm the sign-in from %(provider)s, so nobody was signed in. Try again.")
            % {"provider": provider.label},
        )
    try:
        user = external_identity_sign_in(provider=provider, subject=claims["sub"], email=oidc.email_from_claims(claims))
    except ExternalSignInRefused:
        return _login_page(
            request,
            LoginForm(),
            entry["next"],
            status=403,
            error=_(
                "%(provider)s knows you, but you have no account in %(organisation)s here. "
                "Ask one of its owners to add you with the e-mail address you sign in with."
            )
            % {"provider": provider.label, "organisation": provider.organisation.name},
        )
    return _logged_in(request, user, entry["next"], method="oidc", provider=provider.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_sign_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Owners connect the organisation's identity provider."""
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_ORGANISATION)
    use_organisation_language(request, organisation)
    assert isinstance(request.user, User)
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    form = IdentityProviderForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            identity_provider_save(
                actor=request.user, organisation=organisation, provider=provider, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The sign-in settings were saved."))
            return redirect("core:organisation_sign_in", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "form": form,
        "provider": provider,
        "has_secret": bool(provider and provider.client_secret),
        "redirect_uri": request.build_absolute_uri(reverse("core:oidc_callback")),
        "start_url": request.build_absolute_uri(reverse("core:oidc_start", args=[organisation.slug])),
    }
    return render(request, "core/organisation_sign_in.html", context, status=400 if form.errors else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:home")


# Organisations


@login_required
@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    use_organisation_language(request, organisation)
    show_members = can_in_organisation(request.user, organisation, Capability.MANAGE_MEMBERS) or can_in_organisation(
        request.user, organisation, Capability.READ_AUDIT_LOG
    )
    context = {
        "organisation": organisation,
        "processes": processes_for_organisation(organisation),
        "memberships": memberships_of(organisation) if show_members else None,
        "can_read_audit": can_in_organisation(request.user, organisation, Capability.READ_AUDIT_LOG),
        "can_read_personal_data": can_in_organisation(request.user, organisation, Capability.READ_PERSONAL_DATA),
        "can_manage": can_in_organisation(request.user, organisation, Capability.MANAGE_ORGANISATION),
        "can_manage_people": can_in_organisation(request.user, organisation, Capability.MANAGE_MEMBERS),
        "can_manage_processes": can_in_organisation(request.user, organisation, Capability.MANAGE_PROCESS),
    }
    return render(request, "core/organisation.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_settings(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_ORGANISATION)
    use_organisation_language(request, organisation)
    assert isinstance(request.user, User)
    form = OrganisationSettingsForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation_update(actor=request.user, organisation=form.instance, changed=form.changed_data)
        messages.success(request, _("The settings were saved."))
        return redirect("core:organisation", slug=organisation.slug)
    if form.is_bound:
        # The form changed the instance while validating; show the saved values around it.
        organisation.refresh_from_db()
    status = 400 if form.errors else 200
    return render(
        request, "core/organisation_settings.html", {"organisation": organisation, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_people(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_MEMBERS)
    use_organisation_language(request, organisation)
    assert isinstance(request.user, User)
    form = MembershipGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.get(email=form.cleaned_data["email"])
        membership_grant(actor=request.user, organisation=organisation, user=user, role=form.cleaned_data["role"])
        messages.success(request, _("%(name)s now has the role.") % {"name": user.full_name})
        return redirect("core:organisation_people", slug=organisation.slug)
    context = {"organisation": organisation, "memberships": memberships_of(organisation), "form": form}
    return render(request, "core/organisation_people.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def membership_revoke_view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_MEMBERS)
    use_organisation_language(request, organisation)
    assert isinstance(request.user, User)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    try:
        membership_revoke(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The role was removed."))
    return redirect("core:organisation_people", slug=organisation.slug)


LOGO_CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}


@require_safe
def organisation_logo(request: HttpRequest, slug: str) -> FileResponse:
    """The organisation's logo, public like its name. Served by the app so that
    uploads need no separate web server and keep a fixed, safe content type."""
    organisation = Organisation.objects.filter(slug=slug).only("logo").first()
    if organisation is None or not organisation.logo:
        raise Http404
    content_type = LOGO_CONTENT_TYPES.get(PurePath(organisation.logo.name).suffix)
    if content_type is None:
        raise Http404
    response = FileResponse(organisation.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def organisation_theme_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's colour tokens as a stylesheet (no inline styles under our CSP)."""
    organisation = Organisation.objects.filter(slug=slug).only("brand_colour").first()
    colour = organisation.brand_colour if organisation else "#1e5a8c"
    css = f":root {{ --samskap-brand: {colour}; --samskap-brand-contrast: {contrast_text_colour(colour)}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def contrast_text_colour(hex_colour: str) -> str:
    """Black or white, whichever has the higher WCAG contrast against `hex_colour`."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


AUDIT_PAGE_SIZE = 200


@login_required
@require_safe
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The auditor searches the organisation's log; the search itself is logged."""
    organisation, form, entries = _audit_search(request, slug, "audit_log.read")
    context = {
        "organisation": organisation,
        "form": form,
        "entries": entries[:AUDIT_PAGE_SIZE],
        "count": entries.count(),
        "page_size": AUDIT_PAGE_SIZE,
        "query": request.GET.urlencode(),
    }
    return render(request, "core/audit_log.html", context, status=400 if form.errors else 200)


def _audit_search(
    request: HttpRequest, slug: str, action: str
) -> tuple[Organisation, AuditSearchForm, QuerySet[AuditEntry]]:
    """The organisation's entries matching the search in the query string; the search is
    itself logged, with its filters."""
    organisation = get_organisation_for_user(request.user, slug, Capability.READ_AUDIT_LOG)
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    audit_record(
        action=action,
        actor=staff_user(request),
        organisation_id=organisation.pk,
        detail={"filters": {key: str(value) for key, value in filters.items() if value}},
    )
    return organisation, form, audit_entries_for_organisation(organisation, filters)


@login_required
@require_safe
def audit_log_export(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _form, entries = _audit_search(request, slug, "audit_log.export")
    response, writer = csv_download(
        f"audit-{organisation.slug}.csv",
        ["seq", "at", "who", "action", "object_type", "object_id", "process", "purpose", "detail", "hash"],
    )
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(
            [
                entry.seq,
                entry.at.isoformat(),
                spreadsheet_safe(entry.actor_label),
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.process_id_ref or "",
                spreadsheet_safe(entry.purpose),
                spreadsheet_safe(json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)),
                entry.hash,
            ]
        )
    return response


# Unused roles are a risk: the review shows every role and when it was last used.
STALE_AFTER_DAYS = 90


@login_required
@require_safe
def access_review(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.READ_AUDIT_LOG)
    use_organisation_language(request, organisation)
    rows = access_review_rows(organisation)
    audit_record(action="access_review.read", actor=staff_user(request), organisation_id=organisation.pk)
    if request.GET.get("format") == "csv":
        response, writer = csv_download(
            f"access-review-{organisation.slug}.csv",
            ["person", "email", "where", "role", "granted_at", "last_used_at"],
        )
        for row in rows:
            writer.writerow(
                [
                    spreadsheet_safe(row.person),
                    spreadsheet_safe(row.email),
                    spreadsheet_safe(row.where),
                    row.role,
                    row.granted_at.isoformat(),
                    row.last_used_at.isoformat() if row.last_used_at else "",
                ]
            )
        return response
    stale_before = timezone.now() - timedelta(days=STALE_AFTER_DAYS)
    context = {
        "organisation": organisation,
        "rows": rows,
        "stale_before": stale_before,
        "stale_days": STALE_AFTER_DAYS,
        "stale_count": sum(1 for row in rows if row.last_used_at is None or row.last_used_at < stale_before),
    }
    return render(request, "core/access_review.html", context)


# One person's data: find, show, export, anonymise or erase


def _posted_subject(request: HttpRequest, organisation: Organisation) -> Subject:
    return subject_from_ids(
        organisation,
        request.POST.getlist("participant"),
        request.POST.getlist("email"),
        request.POST.getlist("mention"),
        staff_user(request),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def personal_data(request: HttpRequest, slug: str) -> HttpResponse:
    """Search by pseudonym, name or address; then show what is held, or download it as JSON.
    Everything goes by POST, so names and addresses stay out of addresses and server logs."""
    organisation = get_organisation_for_user(request.user, slug, Capability.READ_PERSONAL_DATA)
    use_organisation_language(request, organisation)
    action = request.POST.get("action", "search")
    form = PersonalDataSearchForm(request.POST if action == "search" and request.method == "POST" else None)
    context: dict[str, Any] = {
        "organisation": organisation,
        "form": form,
        "can_erase": can_in_organisation(request.user, organisation, Capability.MANAGE_ORGANISATION),
        "erase_form": PersonalDataEraseForm(),
    }
    if request.method == "POST" and action == "search":
        if form.is_valid():
            subject = subject_find(organisation, form.cleaned_data["query"], staff_user(request))
            audit_record(
                action="personal_data.search",
                actor=staff_user(request),
                organisation_id=organisation.pk,
                detail={"found": len(subject.participant_ids) + len(subject.emails) + len(subject.mentions)},
            )
            context["subject"] = subject
            context["mentions"] = _mention_rows(subject)
        return render(request, "core/personal_data.html", context, status=400 if form.errors else 200)
    if request.method == "POST" and action in ("show", "json", "html"):
        subject = _posted_subject(request, organisation)
        if subject.is_empty:
            messages.error(request, _("Choose at least one record."))
            return redirect("core:personal_data", slug=organisation.slug)
        data = subject_export(actor=staff_user(request), subject=subject)
        if action == "json":
            response = JsonResponse(
                {"organisation": organisation.name, "exported_at": timezone.now().isoformat(), **data},
                json_dumps_params={"ensure_ascii": False, "indent": 2},
            )
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            return response
        context.update(subject=subject, mentions=_mention_rows(subject), sections=_readable_sections(data), shown=True)
        if action == "html":
            document = render(request, "core/personal_data_document.html", context)
            document["Content-Disposition"] = 'attachment; filename="personal-data.html"'
            return document
        return render(request, "core/personal_data.html", context)
    return render(request, "core/personal_data.html", context)


SECTION_LABELS = {
    "participants": gettext_lazy("Taking part by code"),
    "consents": gettext_lazy("Consents"),
    "registrations": gettext_lazy("Registrations for events"),
    "contributions": gettext_lazy("Contributions at dialogue tables"),
    "reactions": gettext_lazy("Reactions and dots"),
    "seats": gettext_lazy("Seats at tables"),
    "statements": gettext_lazy("Statements in opinion maps"),
    "votes": gettext_lazy("Votes in opinion maps"),
    "interviews": gettext_lazy("Named in interviews"),
}
FIELD_LABELS = {
    "pseudonym": gettext_lazy("Pseudonym"),
    "display_name": gettext_lazy("Name shown"),
    "role": gettext_lazy("Role"),
    "joined_at": gettext_lazy("Joined"),
    "joined": gettext_lazy("Where"),
    "participant": gettext_lazy("Pseudonym"),
    "purpose": gettext_lazy("Purpose"),
    "version": gettext_lazy("Version"),
    "language": gettext_lazy("Language"),
    "text": gettext_lazy("Text"),
    "given_at": gettext_lazy("Given"),
    "withdrawn_at": gettext_lazy("Withdrawn"),
    "event": gettext_lazy("Event"),
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail"),
    "mode": gettext_lazy("Takes part"),
    "interpreting": gettext_lazy("Interpreting"),
    "accessibility": gettext_lazy("Accessibility needs"),
    "dietary": gettext_lazy("Dietary needs"),
    "team_name": gettext_lazy("Team"),
    "camp_team": gettext_lazy("Camp team"),
    "status": gettext_lazy("Status"),
    "created_at": gettext_lazy("Created"),
    "cancelled_at": gettext_lazy("Cancelled"),
    "checked_in_at": gettext_lazy("Checked in"),
    "table": gettext_lazy("Table"),
    "hidden": gettext_lazy("Hidden"),
    "kind": gettext_lazy("Kind"),
    "contribution": gettext_lazy("Contribution"),
    "round": gettext_lazy("Round"),
    "opinion_map": gettext_lazy("Opinion map"),
    "statement": gettext_lazy("Statement"),
    "vote": gettext_lazy("Vote"),
    "cast_at": gettext_lazy("Cast"),
    "process": gettext_lazy("Process"),
    "source": gettext_lazy("Source"),
    "held_on": gettext_lazy("Date"),
    "consent_given_on": gettext_lazy("Consent given"),
    "passages": gettext_lazy("Where the pseudonym stands"),
}


def _mention_rows(subject: Subject) -> list[tuple[str, str, str]]:
    """(form value, name, process title) for each name found in a pseudonym key."""
    from samskap.processes.models import Process

    titles = dict(Process.objects.filter(pk__in=[p for p, _ in subject.mentions]).values_list("pk", "title"))
    return [(f"{process_id}:{name}", name, titles.get(process_id, "")) for process_id, name in subject.mentions]


def _value_labels() -> dict[str, dict[Any, Any]]:
    """Codes in the export (kept as codes in JSON) and the words a person reads for them."""
    from samskap.core.models import ConsentPurpose, ParticipantRoleLabel
    from samskap.events.models import AttendanceMode, ReactionKind, RegistrationRole, RegistrationStatus
    from samskap.insight.models import SourceKind
    from samskap.opinions.models import StatementStatus, VoteValue

    return {
        "purpose": dict(ConsentPurpose.choices),
        "role": {**dict(RegistrationRole.choices), **dict(ParticipantRoleLabel.choices)},
        "mode": dict(AttendanceMode.choices),
        "status": {**dict(RegistrationStatus.choices), **dict(StatementStatus.choices)},
        "kind": {**dict(ReactionKind.choices), **dict(SourceKind.choices)},
        "vote": dict(VoteValue.choices),
        "language": dict(LANGUAGE_CHOICES),
    }


def _readable(column: str, value: Any, labels: dict[str, dict[Any, Any]]) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if column in labels and value in labels[column]:
        return labels[column][value]
    if isinstance(value, str) and (column.endswith("_at") or column.endswith("_on")):
        moment = parse_datetime(value)
        if moment is not None:
            return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        day = parse_date(value)
        if day is not None:
            return date_format(day, "SHORT_DATE_FORMAT")
    return value


def _readable_sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The export as headed tables for people to read: labels, dates and words in their
    language rather than the codes the JSON keeps."""
    labels = _value_labels()
    sections = []
    for key, records in data.items():
        columns = list(records[0]) if records else []
        sections.append(
            {
                "title": SECTION_LABELS.get(key, key),
                "columns": [FIELD_LABELS.get(column, column) for column in columns],
                "rows": [[_readable(c, record[c], labels) for c in columns] for record in records],
            }
        )
    return sections


@login_required
@require_POST
def personal_data_erase(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, Capability.MANAGE_ORGANISATION)
    use_organisation_language(request, organisation)
    subject = _posted_subject(request, organisation)
    form = PersonalDataEraseForm(request.POST)
    if subject.is_empty or not form.is_valid():
        messages.error(request, form_errors_text(form) if form.errors else _("Choose at least one record."))
        return redirect("core:personal_data", slug=organisation.slug)
    counts = subject_erase(
        actor=staff_user(request), subject=subject, anonymise=form.cleaned_data["how"] == "anonymise"
    )
    total = sum(counts.values())
    if form.cleaned_data["how"] == "anonymise":
        messages.success(request, _("Anonymised: %(count)s records changed.") % {"count": total})
    else:
        messages.success(request, _("Erased: %(count)s records deleted.") % {"count": total})
    return redirect("core:personal_data", slug=organisation.slug)


# Joining without an account


@require_http_methods(["GET", "HEAD", "POST"])
def join_enter(request: HttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        address = client_address(request.META.get("REMOTE_ADDR"))
        if not ratelimit_hit(
            key=f"join:{address}", limit=JOIN_ATTEMPTS_PER_ADDRESS, window_seconds=JOIN_WINDOW_SECONDS
        ):
            form.add_error("code", _("Too many tries with wrong codes. Wait ten minutes and try again."))
        else:
            lookup = join_code_lookup(form.cleaned_data["code"])
            if lookup.join_code is not None:
                return redirect("core:join_code", code=lookup.join_code.code)
            form.add_error("code", JOIN_PROBLEM_MESSAGES[lookup.problem]())
    status = 400 if form.errors else 200
    return render(request, "core/join_enter.html", {"form": form}, status=status)


JOIN_PROBLEM_MESSAGES = {
    "malformed": lambda: _("A code has six letters and digits. Check what you typed."),
    "unknown": lambda: _("We found no event or table with this code. Check the code and try again."),
    "closed": lambda: _("This code is no longer open. Ask the host for a new one."),
}


@require_http_methods(["GET", "HEAD", "POST"])
def join_with_code(request: HttpRequest, code: str) -> HttpResponse:
    lookup = join_code_lookup(code)
    if lookup.join_code is None or lookup.join_code.target is None:
        code_form = JoinCodeForm(data={"code": code})
        code_form.is_valid()
        code_form.add_error("code", JOIN_PROBLEM_MESSAGES[lookup.problem or "unknown"]())
        return render(request, "core/join_enter.html", {"form": code_form}, status=404)
    join_code = lookup.join_code
    use_organisation_language(request, join_code.organisation)
    target = join_code.target
    assert target is not None
    existing = participant_for_code(remembered_participant_ids(request), join_code)
    if existing is not None:
        return redirect(target.participant_url(join_code.code))

    consent_texts = consent_texts_current(get_language() or "en")
    form = JoinForm(request.POST or None, consent_texts=consent_texts, allow_names=join_code.allow_names)
    if request.method == "POST" and form.is_valid():
        participant = participant_join(
            join_code=join_code,
            display_name=form.cleaned_data.get("display_name", ""),
            role_label=form.cleaned_data["role_label"],
            consents=form.given_consents(),
        )
        response = redirect(target.participant_url(join_code.code))
        remember_participant(request, response, participant)
        messages.success(request, _("Welcome! You have joined."))
        return response
    status = 400 if form.errors else 200
    context = {"form": form, "join_code": join_code, "target": target, "organisation": join_code.organisation}
    return render(request, "core/join_form.html", context, status=status)


@require_safe
def join_qr_svg(request: HttpRequest, code: str) -> HttpResponse:
    """A QR code for the join link. It carries only the public link, which the
    screen shows in plain text anyway."""
    lookup = join_code_lookup(code)
    if lookup.join_code is None:
        return HttpResponse(status=404)
    url = request.build_absolute_uri(reverse("core:join_code", args=[lookup.join_code.code]))
    # A file of its own, not markup for inside a page: a browser draws an SVG loaded as an image
    # only with the SVG namespace declared, which segno's inline form leaves out.
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, title=_("QR code for joining"), xmldecl=False)
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")
