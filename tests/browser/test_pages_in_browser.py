"""Every page type in Chromium: axe finds nothing, keyboard alone is enough."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BrowserPage, assert_accessible, screenshot
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_front_page_passes_axe_and_the_skip_link_works(web: BrowserPage, live_world: World) -> None:
    web.goto("/")
    assert_accessible(web.page)
    web.page.keyboard.press("Tab")
    focused = web.page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    web.page.keyboard.press("Enter")
    assert web.page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/login/", "/join/", "/accessibility/", "/help/", "/no-such-page/"])
def test_public_pages_pass_axe(web: BrowserPage, live_world: World, path: str) -> None:
    web.goto(path)
    assert_accessible(web.page)


def test_login_errors_are_announced_and_accessible(web: BrowserPage, live_world: World) -> None:
    web.goto("/login/")
    web.page.get_by_label("E-mail").fill("owner@test.example")
    web.page.get_by_label("Password").fill("wrong password")
    web.page.get_by_label("Password").press("Enter")
    alert = web.page.get_by_role("alert")
    assert "The e-mail address or the password is wrong." in alert.inner_text()
    assert_accessible(web.page)


@pytest.mark.parametrize(
    ("persona_email", "path_of"),
    [
        ("owner@test.example", lambda w: f"/o/{w.organisation.slug}/"),
        ("facilitator@test.example", lambda w: f"/events/{w.event.pk}/"),
        ("host@test.example", lambda w: f"/tables/{w.table.pk}/"),
        ("auditor@test.example", lambda w: f"/o/{w.organisation.slug}/audit/"),
        ("auditor@test.example", lambda w: f"/o/{w.organisation.slug}/audit/?action=join&since=2020-01-01"),
        ("auditor@test.example", lambda w: f"/o/{w.organisation.slug}/access-review/"),
        ("owner@test.example", lambda w: "/"),
        ("owner@test.example", lambda w: f"/o/{w.organisation.slug}/settings/"),
        ("owner@test.example", lambda w: f"/o/{w.organisation.slug}/people/"),
    ],
    ids=[
        "organisation",
        "event",
        "table-host",
        "audit-log",
        "audit-search",
        "access-review",
        "dashboard",
        "settings",
        "people",
    ],
)
def test_staff_pages_pass_axe(web: BrowserPage, live_world: World, persona_email: str, path_of: object) -> None:
    web.login(persona_email)
    assert callable(path_of)
    web.goto(path_of(live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)


def test_a_host_types_in_a_contribution_with_the_keyboard_only(web: BrowserPage, live_world: World) -> None:
    web.login("host@test.example")
    web.goto(f"/tables/{live_world.table.pk}/")
    textbox = web.page.get_by_label("Your contribution")
    textbox.focus()
    web.page.keyboard.type("Noen å ringe til når man er bekymret")
    web.page.keyboard.press("Tab")  # to the role select
    web.page.keyboard.press("Tab")  # to the button
    assert web.page.evaluate("document.activeElement.textContent.trim()") == "Add contribution"
    with web.page.expect_navigation():
        web.page.keyboard.press("Enter")
    assert web.page.get_by_text("Noen å ringe til når man er bekymret").is_visible()
    assert_accessible(web.page)


def test_a_participant_joins_by_code_on_a_phone(phone: BrowserPage, live_world: World) -> None:
    page = phone.page
    phone.goto("/")
    page.get_by_label("Code").fill("kt4mwx")
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/join/KT4MWX/")
    assert_accessible(page)
    screenshot(page, "join-form-320")
    page.get_by_label("Name to show").fill("Mona")
    consent = page.get_by_role("checkbox").first
    consent.focus()
    page.keyboard.press("Space")
    assert consent.is_checked()
    page.get_by_role("button", name="Take part").click()
    page.wait_for_url("**/join/KT4MWX/here/")
    assert "Griper det offentlige for seint inn?" in page.content()
    page.get_by_label("Your contribution").fill("Flere lavterskeltilbud uten henvisning")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#own-contributions")).to_contain_text("Flere lavterskeltilbud uten henvisning")
    assert_accessible(page)
    screenshot(page, "participant-space-320")
    # Nothing spills sideways on a 320 px screen (WCAG 1.4.10 reflow).
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_wrong_code_on_a_phone_gets_a_clear_message(phone: BrowserPage, live_world: World) -> None:
    phone.goto("/join/")
    phone.page.get_by_label("Code").fill("AAAAAA")
    phone.page.get_by_role("button", name="Join").click()
    assert phone.page.get_by_text("We found no event or table with this code").is_visible()
    assert_accessible(phone.page)
    screenshot(phone.page, "wrong-code-320")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize(
    ("language", "lang_name", "expected"),
    [("sv", "Svenska", "Delta med kod"), ("nn", "Norsk nynorsk", "Logg inn"), ("nb", "Norsk bokmål", "Logg inn")],
)
def test_the_language_switch_changes_the_page(
    web: BrowserPage, live_world: World, language: str, lang_name: str, expected: str
) -> None:
    web.goto("/help/")
    web.page.get_by_label("Language").select_option(language)
    web.page.get_by_role("button", name="Change").click()
    web.page.wait_for_url("**/help/")
    assert web.page.locator("html").get_attribute("lang") == language
    assert expected in web.page.content()
    assert_accessible(web.page)
