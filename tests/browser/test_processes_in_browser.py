"""Processes in Chromium: every page passes axe in English, bokmål and Swedish; a facilitator
moves a process back a phase and writes the next version of the challenge picture with the
keyboard alone; anyone reads the published public page on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser

from samskap.methods.models import Course, MethodGuide
from samskap.processes import services
from tests.browser.conftest import BrowserPage, _new_page, assert_accessible, screenshot, tab_to
from tests.conftest import World

pytestmark = pytest.mark.browser

STAFF_PAGES: dict[str, Callable[[World], str]] = {
    "detail": lambda w: f"/processes/{w.process.pk}/",
    "new": lambda w: f"/o/{w.organisation.slug}/processes/new/",
    "edit": lambda w: f"/processes/{w.process.pk}/edit/",
    "activity": lambda w: f"/processes/{w.process.pk}/activities/new/",
    "public-settings": lambda w: f"/processes/{w.process.pk}/public/",
    "public-preview": lambda w: f"/p/{w.process.pk}/",
    "challenge": lambda w: f"/processes/{w.process.pk}/challenge/",
    "challenge-new": lambda w: f"/processes/{w.process.pk}/challenge/new/",
    "templates": lambda w: f"/o/{w.organisation.slug}/phase-templates/",
    "template-new": lambda w: f"/o/{w.organisation.slug}/phase-templates/new/",
    "governance": lambda w: f"/processes/{w.process.pk}/governance/",
    "method-library": lambda w: f"/o/{w.organisation.slug}/methods/",
    "method-guide": lambda w: f"/o/{w.organisation.slug}/methods/{_guide('what-matters-to-you')}/",
    "method-new": lambda w: f"/o/{w.organisation.slug}/methods/new/",
    "course": lambda w: f"/o/{w.organisation.slug}/courses/{_course('health-care-introduction')}/",
    "course-new": lambda w: f"/o/{w.organisation.slug}/courses/new/",
}


def _guide(key: str) -> int:
    return MethodGuide.objects.get(organisation__isnull=True, key=key).pk


def _course(key: str) -> int:
    return Course.objects.get(organisation__isnull=True, key=key).pk


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_process_pages_pass_axe(web: BrowserPage, live_world: World, name: str) -> None:
    web.login("facilitator@test.example")
    web.goto(STAFF_PAGES[name](live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)


@pytest.mark.parametrize("language", ["nb", "sv"])
@pytest.mark.parametrize("name", ["detail", "challenge", "templates", "new", "method-guide", "governance"])
def test_process_pages_pass_axe_in_norwegian_and_swedish(
    browser: Browser, live_server: Any, live_world: World, language: str, name: str
) -> None:
    for web in _new_page(browser, live_server, viewport={"width": 1280, "height": 900}):
        web.login("facilitator@test.example")
        web.page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        web.goto(STAFF_PAGES[name](live_world))
        assert web.page.locator("html").get_attribute("lang") == language
        assert_accessible(web.page)


def test_a_facilitator_moves_back_a_phase_and_writes_version_two_by_keyboard(
    web: BrowserPage, live_world: World
) -> None:
    process = live_world.process
    services.process_phase_move(actor=live_world.facilitator, process=process, phase=process.phases.get(position=2))
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/processes/{process.pk}/")
    page.get_by_label("Move to phase").focus()
    page.keyboard.press("Home")  # the first phase
    page.get_by_label("Why").focus()
    page.keyboard.type("The workshop showed we must test the picture again")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    current = page.locator('[aria-current="step"]')
    assert current.count() == 1
    assert "1." in current.locator("h3").inner_text()
    assert page.get_by_text("The workshop showed we must test the picture again").count() == 1
    assert_accessible(page)

    web.goto(f"/processes/{process.pk}/challenge/")
    page.get_by_role("link", name="Make the next version").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Problem statement 1").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Det offentlige griper for seint inn, særlig for unge voksne.")
    page.get_by_label("New target groups").focus()
    page.keyboard.type("Pårørende")
    page.get_by_label("What changed and why").focus()
    page.keyboard.type("Tested at the workshop")
    tab_to(web, "Save the version")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "version 2" in page.locator("h1").inner_text()
    assert page.get_by_role("table", name="Changes item by item").is_visible()
    assert_accessible(page)

    # Evidence is linked with a native select inside a disclosure: no dragging anywhere.
    summary = page.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    select = page.locator("select[name=link]").first
    select.select_option(label="Har vi truffet?")
    select.press("Tab")
    tab_to(web, "Link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("The evidence was linked.").is_visible()
    screenshot(page, "challenge-picture-v2")


def test_the_published_public_page_reads_well_on_a_phone(phone: BrowserPage, live_world: World) -> None:
    services.process_public_update(
        actor=live_world.owner,
        process=live_world.process,
        is_published=True,
        how_to_take_part="Come to the workshop.",
        results_so_far="The picture was tested.",
    )
    phone.goto(f"/p/{live_world.process.pk}/")
    page = phone.page
    assert page.locator("h1").inner_text() == live_world.process.title
    assert page.locator('[aria-current="step"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "Mona" not in page.content()
    assert_accessible(page)
    screenshot(page, "public-process-phone")


def test_a_filled_governance_page_passes_axe_and_a_decision_is_recorded_by_keyboard(
    web: BrowserPage, live_world: World
) -> None:
    from datetime import date

    process, owner = live_world.process, live_world.owner
    group = services.process_group_create(actor=owner, process=process, kind="steering")
    services.group_member_add(actor=owner, group=group, name="Kari", role_title="Brukerrepresentant")
    services.meeting_add(actor=owner, group=group, held_on=date(2026, 11, 2))
    services.stakeholder_save(
        actor=owner, process=process, name="Brukerrådet", kind="user_organisations", influence="medium", interest="high"
    )
    services.benefit_add(actor=owner, process=process, description="Kortere ventetid", indicator="Dager", baseline="31")
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/processes/{process.pk}/governance/")
    assert_accessible(page)
    page.locator("#decision-decided_on").fill("2026-11-02")
    page.get_by_label("What was decided").focus()
    page.keyboard.type("Test the challenge picture at the workshop")
    page.get_by_label("Decided by").focus()
    page.keyboard.type("The steering group")
    page.get_by_label("Why", exact=True).last.focus()
    page.keyboard.type("Users must say whether we hit the mark")
    tab_to(web, "Record")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("cell", name="Test the challenge picture at the workshop").is_visible()
    assert_accessible(page)
