"""Sign-in through the organisation's OpenID provider, end to end in Chromium: Samskap's
login page, the provider's own page (a local oidc-provider-mock), and back, signed in.
Samskap's pages pass axe and the way in works by keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from samskap.core.models import IdentityProvider, User
from samskap.core.services import membership_grant
from tests.browser.conftest import BrowserPage, assert_accessible, tab_to
from tests.conftest import OIDC_OWNER_EMAIL, PASSWORD, make_organisation

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
