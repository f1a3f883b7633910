"""Sign-in through the organisation's OpenID provider, end to end in Chromium: Samskap's
login page, the provider's own page (a local oidc-provider-mock), and back, signed in.
Samskap's pages pass axe and the way in works by keyboard."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest

from samskap.core import totp
from samskap.core.models import IdentityProvider, TwoFactor, User
from samskap.core.services import membership_grant
from tests.browser.conftest import BrowserPage, assert_accessible, tab_to
from tests.conftest import OIDC_OWNER_EMAIL, PASSWORD, World, make_organisation

pytestmark = pytest.mark.browser


@pytest.fixture
def sso_organisation(live_server: Any, transactional_db: None, oidc_provider_server: str) -> str:
    organisation = make_organisation("tromvik-sso", "Tromvik kommune")
    owner = User.objects.create_user(email=OIDC_OWNER_EMAIL, password=PASSWORD, full_name="Kari Owner")
    membership_grant(actor=None, organisation=organisation, user=owner, role="owner")
    IdentityProvider.objects.create(
        organisation=organisation,
        label="Tromvik ID",
        issuer=oidc_provider_server,
        client_id="samskap-browser",
        client_secret="browser-secret",
    )
    return organisation.slug


def test_staff_sign_in_through_their_provider_by_keyboard(web: BrowserPage, sso_organisation: str) -> None:
    web.goto("/login/")
    assert_accessible(web.page)
    tab_to(web, "Tromvik kommune: sign in with Tromvik ID")
    web.page.keyboard.press("Enter")
    # The provider's page: pick the person (the mock lists the people it knows).
    web.page.get_by_role("button", name="kari-sub").click()
    web.page.wait_for_url(web.base_url + "/")
    assert web.page.get_by_role("link", name="Tromvik kommune").count() >= 1
    web.goto(f"/o/{sso_organisation}/settings/sign-in/")
    assert web.page.get_by_role("heading", name="Sign-in through your identity provider").is_visible()
    assert_accessible(web.page)


def test_someone_the_provider_knows_but_samskap_does_not_is_told_why(web: BrowserPage, sso_organisation: str) -> None:
    web.goto("/login/")
    web.page.get_by_role("link", name="Tromvik kommune: sign in with Tromvik ID").click()
    web.page.get_by_role("button", name="stranger-sub").click()
    web.page.wait_for_url(web.base_url + "/login/sso/callback/**")
    assert "no account in Tromvik kommune" in web.page.get_by_role("alert").inner_text()
    assert_accessible(web.page)


def test_two_step_login_is_turned_on_and_used_by_keyboard(web: BrowserPage, live_world: World) -> None:
    web.login("owner@test.example")
    web.goto("/account/two-factor/")
    assert_accessible(web.page)
    secret = web.page.locator("code").inner_text().replace(" ", "")
    web.page.get_by_label("Code from your authenticator app").fill(_code_now(secret))
    web.page.keyboard.press("Enter")
    web.page.get_by_role("heading", name="Turn it off").wait_for()
    assert TwoFactor.objects.filter(user__email="owner@test.example").exists()
    # Next login: password, then the code.
    web.page.context.clear_cookies()
    web.page.context.add_cookies([{"name": "django_language", "value": "en", "url": web.base_url}])
    TwoFactor.objects.update(last_step=-1)
    web.goto("/login/")
    web.page.get_by_label("E-mail").fill("owner@test.example")
    web.page.get_by_label("Password").fill(PASSWORD)
    web.page.keyboard.press("Enter")
    web.page.wait_for_url(web.base_url + "/login/code/")
    assert_accessible(web.page)
    web.page.get_by_label("Code from your authenticator app").fill(_code_now(secret))
    web.page.keyboard.press("Enter")
    web.page.wait_for_url(web.base_url + "/")


def _code_now(secret: str) -> str:
    return totp.hotp(base64.b32decode(secret), totp.step_at(time.time()))
