"""The evaluation after an event in Chromium: answered on a 320 px phone by keyboard
alone, and the organiser's summary; both pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from samskap.events.models import EvaluationResponse
from samskap.events.services import (
    evaluation_submit,
    event_evaluation_open,
    event_registration_update,
    registration_create,
)
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot
from tests.conftest import World

pytestmark = pytest.mark.browser


def _press(page: Page, name: str) -> None:
    """Focus the button and press Enter, as a keyboard user does."""
    page.get_by_role("button", name=name).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_person_answers_the_evaluation_on_a_phone_by_keyboard(phone: BrowserPage, live_world: World) -> None:
    event = live_world.event
    event_registration_update(
        actor=live_world.facilitator,
        event=event,
        registration_open=True,
        capacity=None,
        asks_role=True,
        asks_mode=False,
        asks_interpreting=False,
        asks_accessibility=False,
        asks_dietary=False,
    )
    registration = registration_create(event=event, name="Kari", email="kari@example.no", role="relative")
    event_evaluation_open(actor=live_world.facilitator, event=event, is_open=True)
    page = phone.page
    phone.goto(f"/registrations/{registration.token}/")
    page.get_by_role("link", name="Tell us how it went").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tell us how it went")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    _press(page, "Send my answers")  # nothing answered: the page says so
    expect(page.get_by_text("Answer at least one question before you send.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("group", name="How useful was the event for you?").get_by_label("4 – much").focus()
    page.keyboard.press("Space")
    page.get_by_role("group", name="Did you get to say what mattered to you?").get_by_label("5 – very much").focus()
    page.keyboard.press("Space")
    page.get_by_label("What was best?").focus()
    page.keyboard.type("Å bli hørt.")
    _press(page, "Send my answers")
    expect(page.get_by_text("Thank you! Your answers were sent.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    screenshot(page, "evaluation-answered-phone")
    answer = EvaluationResponse.objects.get()
    assert (answer.useful, answer.heard, answer.accessible, answer.best) == (4, 5, None, "Å bli hørt.")


def test_the_organiser_reads_the_summary_and_closes_it_by_keyboard(web: BrowserPage, live_world: World) -> None:
    event = live_world.event
    event_evaluation_open(actor=live_world.facilitator, event=event, is_open=True)
    for i in range(6):
        evaluation_submit(
            event=event,
            respondent_id=f"person-{i}",
            role_label="staff" if i < 5 else "relative",
            useful=1 + i % 5,
            heard=4,
            best="Gode samtaler." if i % 2 else "",
            improve="Mer tid." if i == 3 else "",
        )
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/events/{event.pk}/evaluation/")
    expect(page.get_by_role("heading", name="Evaluation: Dialogverksted")).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "evaluation-summary")
    _press(page, "Close the evaluation")
    expect(page.get_by_text("The evaluation is closed.").first).to_be_visible()
    assert_accessible(page)
    event.refresh_from_db()
    assert not event.evaluation_open

    web.goto(f"/processes/{event.process_id}/evaluations/")
    expect(page.get_by_role("heading", name="Evaluations compared")).to_be_visible()
    assert_accessible(page)
