"""Opinion maps in Chromium: every page passes axe; a participant joins by code on a phone,
votes with the keyboard alone and adds a statement, while the facilitator's page updates."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from samskap.core.models import ConsentText
from samskap.core.services import participant_join
from samskap.opinions import services
from samskap.opinions.models import OpinionMap
from samskap.opinions.selectors import ballot_of, join_code_of
from tests.browser.conftest import BrowserPage, _new_page, assert_accessible, assert_image_drawn, screenshot
from tests.conftest import World, ensure_consent_texts

pytestmark = pytest.mark.browser

STAFF_PAGES: dict[str, Callable[[World], str]] = {
    "console": lambda w: f"/opinions/{w.opinion_map.pk}/",
    "new": lambda w: f"/opinions/processes/{w.process.pk}/new/",
    "import": lambda w: f"/opinions/processes/{w.process.pk}/import/",
    "organisation": lambda w: f"/o/{w.organisation.slug}/",
}


def _votes_in_two_camps(opinion_map: OpinionMap, people: int = 20) -> None:
    join_code = join_code_of(opinion_map)
    assert join_code is not None
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    statements = list(opinion_map.statements.order_by("pk"))
    for i in range(people):
        participant = participant_join(join_code=join_code, consents=consents)
        for j, statement in enumerate(statements):
            value = (1 if i % 2 else -1) if j < len(statements) // 2 else 1
            services.vote_cast(ballot=ballot_of(opinion_map, participant, statement), value=value)
    services.statement_add(opinion_map=opinion_map, text="Arbeid mangler i bildet.", participant=participant)
    services.opinion_map_recompute(opinion_map.pk)


def _wait_for_htmx_to_settle(page: Page) -> None:
    """htmx wires up swapped-in forms when the swap settles (some 20 ms later); a key pressed
    before that posts the plain form instead, which works but is not what is under test."""
    expect(page.locator(".htmx-settling, .htmx-swapping, .htmx-request")).to_have_count(0)


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_opinion_pages_pass_axe(web: BrowserPage, live_world: World, name: str) -> None:
    _votes_in_two_camps(live_world.opinion_map)
    web.login("facilitator@test.example")
    web.goto(STAFF_PAGES[name](live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)
    if name == "console":
        expect(web.page.get_by_role("img", name="Opinion groups")).to_be_visible()
        screenshot(web.page, "opinion-console")


def test_a_participant_votes_by_keyboard_on_a_phone_and_the_facilitator_sees_it(
    phone: BrowserPage, browser: Browser, live_server: Any, live_world: World
) -> None:
    page = phone.page
    phone.goto("/")
    page.get_by_label("Code").fill("mapk7w")
    page.get_by_role("button", name="Join").click()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Take part").click()
    expect(page.get_by_text("Statement 1 of 8")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "opinion-vote-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    facilitator_pages = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    facilitator = next(facilitator_pages)
    facilitator.login("facilitator@test.example")
    facilitator.goto(f"/opinions/{live_world.opinion_map.pk}/")
    expect(facilitator.page.get_by_text("0 participants")).to_be_visible()
    assert_image_drawn(facilitator.page, "img[src$='/qr.svg']")

    # Keyboard only: Tab to "Agree" / "Disagree" and press Enter, three times. htmx swaps in
    # the next statement and keeps the focus on the button pressed; a screen reader hears it.
    for number, answer in ((2, "Agree"), (3, "Disagree"), (4, "Agree")):
        while page.evaluate("document.activeElement.textContent.trim()") != answer:
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.get_by_text(f"Statement {number} of 8", exact=True)).to_be_visible()
        expect(page.locator("#vote-announcement")).to_contain_text(f"Vote saved. Statement {number} of 8")
        assert page.evaluate("document.activeElement.textContent.trim()") == answer
        _wait_for_htmx_to_settle(page)
    assert page.url.endswith("/join/MAPK7W/map/")
    assert_accessible(page)

    page.get_by_label("Your statement").fill("Arbeid og aktivitet mangler i utfordringsbildet.")
    page.get_by_role("button", name="Send statement").click()
    expect(page.get_by_text("Your statement will be shown once the facilitator has read it")).to_be_visible()

    page.get_by_text("Your 3 votes").click()
    changed = page.get_by_role("button", name="Pass / unsure").nth(1)
    with page.expect_navigation():
        changed.click()
    page.get_by_text("Your 3 votes").click()
    expect(page.get_by_role("button", name="Pass / unsure", pressed=True)).to_have_count(1)

    # The facilitator's results refresh by themselves (htmx, every five seconds).
    expect(facilitator.page.get_by_text("1 participant ·")).to_be_visible(timeout=12_000)
    expect(facilitator.page.get_by_text("3 votes")).to_be_visible()
    facilitator.goto(f"/opinions/{live_world.opinion_map.pk}/")
    expect(facilitator.page.get_by_text("1 statement waits for moderation")).to_be_visible()
    assert_accessible(facilitator.page)
    with pytest.raises(StopIteration):
        next(facilitator_pages)

    phone.goto("/join/MAPK7W/map/results/")
    assert_accessible(page)


@pytest.fixture
def demo_map(live_server: Any, transactional_db: None) -> OpinionMap:
    from samskap.cli.demo import run

    ensure_consent_texts()
    assert run(["--quiet"]) == 0
    return OpinionMap.objects.get(title="Har vi truffet med utfordringsbildet?")


def test_the_demo_workshop_has_a_live_opinion_map(phone: BrowserPage, demo_map: OpinionMap) -> None:
    page = phone.page
    phone.goto("/join/KART47/")
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Take part").click()
    announcement = page.locator("#vote-announcement")
    while page.get_by_role("button", name="Agree", exact=True).count():
        before = announcement.text_content() or ""
        page.get_by_role("button", name="Agree", exact=True).click()
        expect(announcement).not_to_have_text(before)  # the next statement has been swapped in
        _wait_for_htmx_to_settle(page)
    expect(page.get_by_text("You have voted on every statement. Thank you!")).to_be_visible()
    page.get_by_role("link", name="See where opinions stand").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Group A · \d+ participants$"))).to_be_visible()
    expect(page.get_by_role("img", name="Opinion groups")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "opinion-demo-results-320")
