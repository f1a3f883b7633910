"""Statistics in Chromium: every page passes axe; a facilitator imports a table, builds a
comparison and fills a matrix cell with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from samskap.comparison import services
from samskap.comparison.models import Comparison, Dataset, MatrixCell, PerInhabitants
from samskap.comparison.selectors import series_choices
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot, tab_to
from tests.conftest import World

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parent.parent.parent / "samskap" / "cli" / "data" / "statistics"


def _import(world: World, name: str, **kwargs: object) -> Dataset:
    return services.dataset_import(
        actor=world.owner,
        organisation=world.organisation,
        data=(DEMO / name).read_bytes(),
        file_name=name,
        **kwargs,  # type: ignore[arg-type]
    )


def _comparison(world: World) -> int:
    population = _import(world, "ssb_07459_befolkning_drammen.jsonstat2.json", kind="population")
    housing = _import(world, "ssb_12228_midlertidig_botilbud.jsonstat2.json", counts_people=True)
    return services.comparison_create(
        actor=world.owner,
        process=world.process,
        title="Personer i midlertidig botilbud",
        dataset=housing,
        series=series_choices(housing)[0][0],
        regions=["3301", "3312", "3314"],
        national_region="0",
        per=PerInhabitants.PER_10000,
        population=population,
    ).pk


def _break_comparison(world: World) -> int:
    staffing = _import(world, "hdir_aarsverk_psykisk_helse_rus.jsonstat2.json")
    return services.comparison_create(
        actor=world.owner,
        process=world.process,
        title="Årsverk per 1 000 innbyggere",
        dataset=staffing,
        series=series_choices(staffing)[0][0],
        regions=["3301", "3312", "3314"],
        national_region="0",
    ).pk


def _matrix(world: World) -> int:
    matrix = services.matrix_create(
        actor=world.owner,
        process=world.process,
        title="Organisering",
        columns=["Drammen", "Lier"],
        rows=["Inntak", "Ventetid"],
    )
    services.matrix_cell_save(
        actor=world.owner,
        row=matrix.rows.get(name="Inntak"),
        column=matrix.columns.get(name="Lier"),
        text="Lavterskel inntak uten henvisning",
        source_kind="interview",
        source_note="Intervju med enhetsleder",
    )
    return matrix.pk


def _cell(world: World) -> str:
    matrix_id = _matrix(world)
    cell = MatrixCell.objects.get(row__matrix_id=matrix_id)
    return f"/matrices/{matrix_id}/cells/{cell.row_id}/{cell.column_id}/"


PAGES: dict[str, Callable[[World], str]] = {
    "library": lambda w: f"/o/{w.organisation.slug}/statistics/",
    "table": lambda w: f"/statistics/tables/{_import(w, 'hdir_aarsverk_psykisk_helse_rus.jsonstat2.json').pk}/",
    "process": lambda w: f"/processes/{w.process.pk}/statistics/",
    "comparison-new": lambda w: f"/processes/{w.process.pk}/statistics/comparisons/new/",
    "comparison-new-step-2": lambda w: (
        f"/processes/{w.process.pk}/statistics/comparisons/new/"
        f"?dataset={_import(w, 'ssb_12228_midlertidig_botilbud.jsonstat2.json').pk}"
    ),
    "comparison": lambda w: f"/comparisons/{_comparison(w)}/",
    "comparison-break": lambda w: f"/comparisons/{_break_comparison(w)}/",
    "matrix-new": lambda w: f"/processes/{w.process.pk}/statistics/matrices/new/",
    "matrix": lambda w: f"/matrices/{_matrix(w)}/",
    "matrix-cell": _cell,
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_statistics_pages_pass_axe(web: BrowserPage, live_world: World, name: str) -> None:
    web.login("owner@test.example")
    web.goto(PAGES[name](live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)
    if name.startswith("comparison") and "new" not in name:
        screenshot(web.page, f"statistics-{name}")


def test_a_facilitator_imports_and_compares_by_keyboard(web: BrowserPage, live_world: World) -> None:
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/o/{live_world.organisation.slug}/statistics/")
    page.get_by_label("File").set_input_files(str(DEMO / "hdir_aarsverk_psykisk_helse_rus.jsonstat2.json"))
    page.get_by_label("Table id").focus()
    page.keyboard.type("IS-24/8")
    tab_to(web, "Import")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    dataset = Dataset.objects.get()
    assert dataset.table_id == "IS-24/8"
    assert page.get_by_text("A new series from 2024").is_visible()

    web.goto(f"/processes/{live_world.process.pk}/statistics/comparisons/new/")
    page.get_by_label("Table").focus()
    page.keyboard.press("ArrowDown")
    tab_to(web, "Next")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Your municipality").select_option("3301")
    page.get_by_label("Lier (3312)").focus()
    page.keyboard.press("Space")
    page.get_by_label("National figure for reference").select_option("0")
    tab_to(web, "Save the comparison")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    comparison = Comparison.objects.get()
    assert comparison.regions == ["3301", "3312"] and comparison.national_region == "0"
    description = page.locator("svg[role=img] desc").text_content() or ""
    assert description.startswith("årsverk per 1 000 innbyggere") and "Drammen: 2.9 in 2024." in description
    assert page.get_by_role("row", name="Hele landet (national)").is_visible()
    assert_accessible(page)
    screenshot(page, "statistics-comparison-made")


def test_a_matrix_cell_is_filled_by_keyboard(web: BrowserPage, live_world: World) -> None:
    page = web.page
    matrix_id = _matrix(live_world)
    web.login("facilitator@test.example")
    web.goto(f"/matrices/{matrix_id}/")
    tab_to(web, "Fill in: Ventetid, Lier")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.get_by_label("Text").focus()
    page.keyboard.type("Første samtale innen en uke")
    tab_to(web, "Save the cell")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert MatrixCell.objects.filter(text="Første samtale innen en uke").exists()
    assert page.get_by_text("Første samtale innen en uke").is_visible()
    assert_accessible(page)
