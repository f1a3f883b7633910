"""Ideas in Chromium: every page passes axe; a facilitator moves a card on the board and a
panellist scores a selection round with the keyboard alone — nothing needs dragging."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import FilePayload

from samskap.ideas import services
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot, tab_to
from tests.conftest import World

pytestmark = pytest.mark.browser

PAGES: dict[str, Callable[[World], str]] = {
    "board": lambda w: f"/processes/{w.process.pk}/ideas/",
    "list": lambda w: f"/processes/{w.process.pk}/ideas/?view=list",
    "new-from-contribution": lambda w: (
        f"/processes/{w.process.pk}/ideas/new/?contribution={w.table.contributions.get().pk}"
    ),
    "new-from-insight": lambda w: f"/processes/{w.process.pk}/ideas/new/?insight={w.insight.pk}",
    "detail": lambda w: f"/ideas/{w.idea.pk}/",
    "edit": lambda w: f"/ideas/{w.idea.pk}/edit/",
    "stages": lambda w: f"/processes/{w.process.pk}/ideas/stages/",
    "selection-new": lambda w: f"/processes/{w.process.pk}/selection/new/",
    "selection": lambda w: f"/selection/{w.selection.pk}/",
    "tracks": lambda w: f"/processes/{w.process.pk}/tracks/",
}


def _incubate(world: World) -> None:
    incubation = services.incubation_start(actor=world.owner, idea=world.idea, mentor=world.host)
    services.milestone_add(
        actor=world.owner, incubation=incubation, title="Første leietaker", due_on=world.event.starts_at.date()
    )
    services.resource_grant_add(actor=world.owner, incubation=incubation, kind="funds", description="Husleie")
    services.status_update_add(actor=world.owner, incubation=incubation, text="I gang")
    track = services.development_track_create(
        actor=world.owner, process=world.process, ideas=[world.idea], title="Én vei inn", owner="Enhetsleder"
    )
    services.follow_up_add(actor=world.owner, track=track, due_on=world.event.starts_at.date(), note="Oppstart")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_idea_pages_pass_axe(web: BrowserPage, live_world: World, name: str) -> None:
    _incubate(live_world)
    web.login("facilitator@test.example")
    web.goto(PAGES[name](live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)


def test_a_card_moves_on_the_board_by_keyboard(web: BrowserPage, live_world: World) -> None:
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/processes/{live_world.process.pk}/ideas/")
    select = page.get_by_label("Move to stage: Bolig først")
    select.focus()
    page.keyboard.press("ArrowDown")  # the next stage
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Move: Bolig først"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    live_world.idea.refresh_from_db()
    assert live_world.idea.stage.position == 2
    column = page.locator(f"section[aria-labelledby='stage-{live_world.idea.stage_id}']")
    assert column.get_by_role("link", name="Bolig først").is_visible()
    assert_accessible(page)
    screenshot(page, "idea-board")


def test_a_panellist_scores_by_keyboard_and_then_sees_the_ranking(web: BrowserPage, live_world: World) -> None:
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/selection/{live_world.selection.pk}/")
    assert page.get_by_text("You see the panel's ranking once you have handed in your own scores.").is_visible()
    selects = page.locator("select[name^=score_]")
    assert selects.count() == 4
    for index in range(4):
        selects.nth(index).focus()
        page.keyboard.type("4")
    tab_to(web, "Hand in my scores")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("table", name="Ideas by weighted mean score").is_visible()
    assert page.get_by_text("Your scores were saved.").is_visible()
    assert_accessible(page)
    screenshot(page, "selection-ranking")


def test_an_insight_becomes_an_idea_with_a_file_attached(web: BrowserPage, live_world: World) -> None:
    web.login("facilitator@test.example")
    web.goto(f"/insights/{live_world.insight.pk}/")
    tab_to(web, "Make an idea of this insight")
    with web.page.expect_navigation():
        web.page.keyboard.press("Enter")
    assert web.page.get_by_text("From the insight").is_visible()
    web.page.get_by_label("Title").fill("Bli trodd fra første samtale")
    web.page.get_by_label("The idea", exact=True).fill("En erfaringskonsulent i første samtale.")
    with web.page.expect_navigation():
        web.page.get_by_role("button", name="Add the idea").click()
    assert web.page.get_by_text("Came from").is_visible()
    sketch: FilePayload = {"name": "skisse.txt", "mimeType": "text/plain", "buffer": b"Skisse"}
    web.page.get_by_label("Attach a file").set_input_files(files=[sketch])
    web.page.get_by_role("button", name="Attach", exact=True).focus()
    with web.page.expect_navigation():
        web.page.keyboard.press("Enter")
    assert web.page.get_by_role("link", name="skisse.txt").is_visible()
    assert_accessible(web.page)
