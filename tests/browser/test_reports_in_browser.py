"""The note to the committee in Chromium: its pages pass axe, and a facilitator assembles a
note and saves a new version with the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from samskap.comparison import services as comparison_services
from samskap.comparison.selectors import series_choices
from samskap.reports import services
from samskap.reports.models import Note
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot, tab_to
from tests.conftest import World

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parent.parent.parent / "samskap" / "cli" / "data" / "statistics"


def _note(world: World, format_key: str = "saksframlegg_nb") -> int:
    staffing = comparison_services.dataset_import(
        actor=world.owner,
        organisation=world.organisation,
        data=(DEMO / "hdir_aarsverk_psykisk_helse_rus.jsonstat2.json").read_bytes(),
    )
    comparison_services.comparison_create(
        actor=world.owner,
        process=world.process,
        title="Årsverk per 1 000 innbyggere",
        dataset=staffing,
        series=series_choices(staffing)[0][0],
        regions=["3301", "3312"],
        national_region="0",
    )
    comparison_services.matrix_create(
        actor=world.owner, process=world.process, title="Organisering", columns=["Drammen", "Lier"], rows=["Inntak"]
    )
    return services.note_create(actor=world.owner, process=world.process, format_key=format_key).pk


@pytest.mark.parametrize(
    "path",
    ["notes", "note", "note-sv", "edit"],
)
def test_note_pages_pass_axe(web: BrowserPage, live_world: World, path: str) -> None:
    web.login("owner@test.example")
    if path == "notes":
        _note(live_world)
        web.goto(f"/processes/{live_world.process.pk}/notes/")
    elif path == "note":
        web.goto(f"/notes/{_note(live_world)}/")
    elif path == "note-sv":
        web.goto(f"/notes/{_note(live_world, 'tjansteskrivelse_sv')}/")
    else:
        web.goto(f"/notes/{_note(live_world)}/edit/")
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)
    if path == "note":
        screenshot(web.page, "note-saksframlegg")


def test_a_facilitator_assembles_and_edits_a_note_by_keyboard(web: BrowserPage, live_world: World) -> None:
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/processes/{live_world.process.pk}/notes/")
    page.get_by_label("Format").focus()
    tab_to(web, "Assemble the note")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    note = Note.objects.get()
    page.get_by_label("Oppsummering").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Hjelpen kommer for seint.")
    page.get_by_label("What changed").focus()
    page.keyboard.type("Oppsummering skrevet")
    tab_to(web, "Save a new version")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert note.versions.count() == 2
    assert page.get_by_text("Hjelpen kommer for seint.").is_visible()
    assert page.locator("article[lang=nb] h1").count() == 1
    assert_accessible(page)
