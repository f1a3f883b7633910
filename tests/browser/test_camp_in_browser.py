"""A camp team's space on a phone and the coach's and jury's pages in Chromium: each
passes axe and is used by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from samskap.events.models import CampTeam, CampTeamMember, CoachCheckIn, HelpRequest
from samskap.events.services import camp_teams_form
from samskap.ideas.models import SelectionRound
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot
from tests.conftest import World
from tests.test_events import _camp

pytestmark = pytest.mark.browser


def _press(page: Page, name: str) -> None:
    """Focus the button by keyboard focus and press Enter, as a keyboard user does."""
    page.get_by_role("button", name=name).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_team_member_writes_the_canvas_and_asks_for_help_on_a_phone(phone: BrowserPage, live_world: World) -> None:
    event = _camp(live_world)
    camp_teams_form(actor=live_world.facilitator, event=event, team_size=4)
    member = CampTeamMember.objects.select_related("registration", "team").filter(team__event=event).first()
    assert member is not None
    page = phone.page
    phone.goto(f"/registrations/{member.registration.token}/")
    page.get_by_role("link", name="Go to your team’s space").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your idea canvas")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("What do you need help with?").fill("Vi trenger en fra NAV.")
    _press(page, "Send the question")
    expect(page.get_by_text("Your question was sent")).to_be_visible()

    _press(page, "Save the canvas")  # empty: the form says what is missing
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The idea", exact=True).fill("En fast kontakt for unge voksne.")
    _press(page, "Save the canvas")
    expect(page.get_by_text("The canvas was saved.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    screenshot(page, "camp-team-space-phone")
    team = CampTeam.objects.get(pk=member.team_id)
    assert team.idea is not None and team.idea.description == "En fast kontakt for unge voksne."
    assert HelpRequest.objects.filter(team=team).count() == 1


def test_a_coach_answers_and_checks_in_and_the_jury_is_set_up_by_keyboard(web: BrowserPage, live_world: World) -> None:
    from samskap.events.services import camp_team_canvas_save, help_request_create

    event = _camp(live_world)
    camp_teams_form(actor=live_world.facilitator, event=event, team_size=4)
    team = CampTeam.objects.filter(event=event).first()
    assert team is not None
    member = team.members.select_related("registration").first()
    assert member is not None
    camp_team_canvas_save(team=team, member=member.registration, fields={"title": "Ung inn", "description": "Kontakt"})
    help_request_create(team=team, member=member.registration, text="Hvem kan vi spørre om taushetsplikt?")

    page = web.page
    web.login("facilitator@test.example")  # facilitators coach too
    web.goto(f"/camp/teams/{team.pk}/")
    assert_accessible(page)
    page.get_by_label("Answer").fill("Jeg kommer.")
    _press(page, "Send the answer")
    expect(page.get_by_text("The team sees your answer.")).to_be_visible()
    page.get_by_label("Stuck").focus()
    page.keyboard.press("Space")
    page.get_by_label("Note").fill("Dere trenger en avklaring med DPS.")
    _press(page, "Save the check-in")
    expect(page.get_by_text("The check-in was saved.")).to_be_visible()
    assert_accessible(page)
    assert CoachCheckIn.objects.get(team=team).status == "stuck"

    web.goto(f"/events/{event.pk}/camp/")
    expect(page.get_by_text("Stuck").first).to_be_visible()
    page.get_by_text("Set up the jury").first.focus()
    page.keyboard.press("Enter")  # opens the details
    page.get_by_label("Olga Owner").check()
    page.get_by_label("Fredrik Facilitator").check()
    assert_accessible(page)
    page.locator("form:has(input[value=jury]) button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("The jury is set up.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "camp-jury-score-sheet")
    assert SelectionRound.objects.get(title__startswith="Pitch jury").ideas.count() == 1


def test_a_person_cancels_from_the_registration_page_in_the_browser(phone: BrowserPage, live_world: World) -> None:
    """The registration's address is its secret; the page's own form must still post
    (a "no-referrer" policy made Chromium send "Origin: null", which CSRF refused)."""
    from samskap.events.models import Registration

    event = _camp(live_world, people=1)
    registration = Registration.objects.get(event=event)
    page = phone.page
    response = phone.goto(f"/registrations/{registration.token}/")
    assert response.headers["referrer-policy"] == "same-origin"
    _press(page, "Cancel my registration")
    expect(page.get_by_text("Your registration is cancelled.").first).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
