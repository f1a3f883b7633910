"""Dialogue tables in Chromium: every event page passes axe; a participant writes and
gives a dot from a phone by keyboard while the plenary screen updates by itself; the
facilitator runs a round and hides a contribution with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from samskap.events.models import Contribution
from samskap.events.services import contribution_create, theme_create
from tests.browser.conftest import BrowserPage, _new_page, assert_accessible, screenshot
from tests.conftest import World

pytestmark = pytest.mark.browser

STAFF_PAGES: dict[str, Callable[[World], str]] = {
    "detail": lambda w: f"/events/{w.event.pk}/",
    "new": lambda w: f"/processes/{w.process.pk}/events/new/",
    "setup": lambda w: f"/events/{w.event.pk}/setup/",
    "agenda": lambda w: f"/events/{w.event.pk}/agenda/",
    "console": lambda w: f"/events/{w.event.pk}/console/",
    "screen": lambda w: f"/events/{w.event.pk}/screen/",
    "screen-by-theme": lambda w: f"/events/{w.event.pk}/screen/?by=theme",
    "themes": lambda w: f"/events/{w.event.pk}/themes/?suggest=1",
    "report": lambda w: f"/events/{w.event.pk}/report/",
    "table": lambda w: f"/tables/{w.table.pk}/",
    "checkin": lambda w: f"/events/{w.event.pk}/checkin/",
}

TEXTS = [
    "Bolig først for alle",
    "Trygg bolig etter behandling",
    "Ventetiden er for lang",
    "For lang ventetid hos DPS",
    "Pårørende trenger en kontaktperson",
]


def _fill(world: World) -> None:
    for i, text in enumerate(TEXTS):
        contribution = contribution_create(table=world.table, text=text, participant=world.participant)
        if i == 0:
            contribution.is_key_point = True
            contribution.save()
    theme = theme_create(actor=world.facilitator, event=world.event, name="Bolig")
    Contribution.objects.filter(text__startswith="Bolig").update(theme=theme)
    world.table.summary = "Bordet var enig om bolig."
    world.table.save()


def _tab_to(page: Page, name: str, limit: int = 200) -> None:
    for _ in range(limit):
        label = page.evaluate(
            "(document.activeElement.getAttribute('aria-label') || document.activeElement.textContent || '').trim()"
        )
        if label.startswith(name):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {name!r}")


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_event_pages_pass_axe(web: BrowserPage, live_world: World, name: str) -> None:
    _fill(live_world)
    web.login("facilitator@test.example")
    web.goto(STAFF_PAGES[name](live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)
    if name in ("console", "screen"):
        screenshot(web.page, f"event-{name}")


def test_a_participant_writes_and_gives_a_dot_by_keyboard_while_the_screen_updates(
    phone: BrowserPage, browser: Browser, live_server: Any, live_world: World
) -> None:
    contribution_create(table=live_world.table, text="Et sted å ringe om natta", entered_by=live_world.host)
    screens = _new_page(browser, live_server, viewport={"width": 1600, "height": 900})
    screen = next(screens)
    screen.login("facilitator@test.example")
    screen.goto(f"/events/{live_world.event.pk}/screen/")
    expect(screen.page.get_by_text("Et sted å ringe om natta")).to_be_visible()

    page = phone.page
    phone.goto("/")
    page.get_by_label("Code").fill("kt4mwx")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Take part").click()
    expect(page.get_by_text("You have 3 of 3 dots left")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.get_by_label("Your contribution").focus()
    page.keyboard.type("Oppfølging samme dag etter utskriving")
    _tab_to(page, "Send")
    page.keyboard.press("Enter")
    # Sent with htmx: the thanks said in the status line, the form emptied with focus where it
    # was, the contribution in the participant's own list; no page load.
    expect(page.locator("#contribution-status")).to_have_text("Thank you! Contribution number 1 was sent.")
    expect(page.get_by_label("Your contribution")).to_have_value("")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    expect(page.locator("#own-contributions")).to_contain_text("Oppfølging samme dag etter utskriving")
    # The next thanks differs from the last, so that a screen reader says it again.
    page.get_by_label("Your contribution").focus()
    page.keyboard.type("Noen som ringer etter en uke")
    _tab_to(page, "Send")
    page.keyboard.press("Enter")
    expect(page.locator("#contribution-status")).to_have_text("Thank you! Contribution number 2 was sent.")
    expect(page.locator("#own-contributions li")).to_have_count(2)

    _tab_to(page, "Dot")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have 2 of 3 dots left")).to_be_visible()
    expect(page.get_by_role("button", name="Dot (1)", pressed=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "event-participant-320")

    # The plenary screen picks up the new contribution and the dot without a reload.
    expect(screen.page.get_by_text("Oppfølging samme dag etter utskriving")).to_be_visible(timeout=10_000)
    expect(screen.page.get_by_text("1 dot")).to_be_visible(timeout=10_000)
    assert_accessible(screen.page)
    with pytest.raises(StopIteration):
        next(screens)


def test_a_host_marks_a_key_point_by_keyboard_and_goes_on_from_its_card(web: BrowserPage, live_world: World) -> None:
    _fill(live_world)
    web.login("host@test.example")
    web.goto(f"/tables/{live_world.table.pk}/")
    page = web.page
    _tab_to(page, "Mark as key point")
    marked = page.evaluate("document.activeElement.id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Marked as a key point.")).to_be_visible()
    # Back at the card: the next Tab reaches the card's own button, now saying the opposite.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == marked
    expect(page.locator(f"#{marked}")).to_have_text("Not a key point")
    assert_accessible(page)


def test_the_facilitator_runs_a_round_and_hides_a_contribution_by_keyboard(web: BrowserPage, live_world: World) -> None:
    _fill(live_world)
    web.login("facilitator@test.example")
    web.goto(f"/events/{live_world.event.pk}/console/")
    page = web.page
    page.get_by_label("Minutes").fill("12")
    _tab_to(page, "Open the first round")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Round 1 is open").first).to_be_visible()
    timer = page.locator("time.samskap-timer").first.inner_text()
    assert timer.startswith(("11:", "12:"))

    # "Hide…" opens with Enter; the reason is required.
    _tab_to(page, "Hide…")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Navngir en person")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("The contribution is hidden.")).to_be_visible()
    assert Contribution.objects.filter(hidden_reason="Navngir en person").count() == 1
    assert_accessible(page)


def test_a_person_registers_on_a_phone_by_keyboard_and_is_checked_in(
    phone: BrowserPage, web: BrowserPage, live_world: World
) -> None:
    from samskap.events.models import Registration
    from samskap.events.services import event_registration_update

    event_registration_update(
        actor=live_world.facilitator,
        event=live_world.event,
        registration_open=True,
        capacity=50,
        asks_role=True,
        asks_mode=True,
        asks_interpreting=False,
        asks_accessibility=True,
        asks_dietary=True,
    )
    page = phone.page
    phone.goto(f"/events/{live_world.event.pk}/register/")
    assert_accessible(page)
    page.get_by_label("Name").focus()
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Tab")
    page.keyboard.type("kari@example.no")
    page.get_by_label("I take part as").select_option("relative")
    page.get_by_label("Online").check()
    page.get_by_label("Accessibility needs").fill("Teleslynge")
    _tab_to(page, "Register")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("You have a place, Kari Nordmann.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    code = Registration.objects.get().checkin_code
    expect(page.get_by_text(code)).to_be_visible()

    web.login("facilitator@test.example")
    web.goto(f"/events/{live_world.event.pk}/checkin/?code={code}")
    web.page.get_by_role("button", name="Check in").click()
    expect(web.page.get_by_text("Kari Nordmann is checked in.")).to_be_visible()
    expect(web.page.get_by_text("1 of 1 checked in · 0 waiting")).to_be_visible()
    assert_accessible(web.page)


def test_camp_teams_pass_axe_and_move_by_keyboard(web: BrowserPage, live_world: World) -> None:
    from samskap.events.models import CampTeamMember
    from tests.test_events import _camp

    event = _camp(live_world)
    web.login("facilitator@test.example")
    web.goto(f"/events/{event.pk}/camp/")
    page = web.page
    page.get_by_label("People per team").fill("4")
    page.get_by_role("button", name="Form teams").click()
    expect(page.get_by_text("teams were formed")).to_be_visible()
    expect(page.get_by_text("Quality of the teams")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "event-camp-teams")
    first_select = page.locator("select[name=team]").first
    first_select.focus()
    page.keyboard.press("ArrowDown")
    _tab_to(page, "Move")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("moved to")).to_be_visible()
    assert CampTeamMember.objects.filter(team__event=event).count() == 12
