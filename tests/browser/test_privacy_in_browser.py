"""One person's data in Chromium: the owner finds a participant, reads what is held and
erases it, by keyboard, on pages that pass axe."""

from __future__ import annotations

import pytest

from samskap.core.models import Participant
from tests.browser.conftest import BrowserPage, assert_accessible
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_an_owner_finds_shows_and_erases_a_participants_data(web: BrowserPage, live_world: World) -> None:
    web.login("owner@test.example")
    web.goto(f"/o/{live_world.organisation.slug}/personal-data/")
    assert_accessible(web.page)
    web.page.get_by_label("Pseudonym, shown name or e-mail address").fill(live_world.participant.pseudonym)
    web.page.keyboard.press("Enter")
    web.page.get_by_role("heading", name="Records found").wait_for()
    assert_accessible(web.page)
    web.page.get_by_role("button", name="Show what is held").click()
    web.page.get_by_role("heading", name="Contributions at dialogue tables").wait_for()
    assert web.page.get_by_text("Bolig først!").count() >= 1
    assert_accessible(web.page)
    web.page.get_by_label("Erase: delete everything the person gave", exact=False).check()
    web.page.get_by_label("I have checked that these records are the person's, and only theirs.").check()
    web.page.get_by_role("button", name="Carry out").focus()
    web.page.keyboard.press("Enter")
    web.page.get_by_text("Erased:").wait_for()
    assert not Participant.objects.filter(pk=live_world.participant.pk).exists()
    assert_accessible(web.page)
