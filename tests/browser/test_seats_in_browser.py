"""Seats in Chromium: the facilitator assigns seats and moves a person from the console by
keyboard, and a participant who joined by the event's code sees their table on a phone;
both pages pass axe."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.signing import get_cookie_signer
from playwright.sync_api import expect

from samskap.core.models import ConsentText
from samskap.core.participants import COOKIE_NAME, COOKIE_SALT
from samskap.core.services import join_code_create, participant_join
from samskap.events.models import SeatAssignment
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_seats_are_assigned_by_keyboard_and_a_participant_finds_their_table(
    web: BrowserPage, phone: BrowserPage, live_world: World, live_server: Any
) -> None:
    code = join_code_create(actor=live_world.facilitator, organisation=live_world.organisation, target=live_world.event)
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    people = [
        participant_join(join_code=code, display_name=f"P{k}", role_label=role, consents=consents)
        for k, role in enumerate(["service_user", "service_user", "relative", "staff", "staff", "staff"])
    ]
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/events/{live_world.event.pk}/console/")
    assert_accessible(page)
    page.get_by_role("button", name="Assign seats for round 1").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Seats are assigned for round 1.")).to_be_visible()
    assert SeatAssignment.objects.filter(event=live_world.event).count() == len(people)
    assert_accessible(page)
    screenshot(page, "event-console-seats")

    seat = SeatAssignment.objects.filter(event=live_world.event).select_related("participant", "table").first()
    assert seat is not None
    other = live_world.event.tables.exclude(pk=seat.table_id).first()
    assert other is not None
    page.locator("#seat-person").select_option(str(seat.pk))
    page.locator("#seat-table").select_option(str(other.pk))
    page.locator("#seat-table").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("The person was moved.")).to_be_visible()
    seat.refresh_from_db()
    assert seat.table_id == other.pk

    signer = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT)
    phone.page.context.add_cookies(
        [{"name": COOKIE_NAME, "value": signer.sign(str(seat.participant.public_id)), "url": live_server.url}]
    )
    phone.goto(f"/join/{code.code}/here/")
    expect(phone.page.get_by_text(f"You sit at table {other.number}")).to_be_visible()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(phone.page)
