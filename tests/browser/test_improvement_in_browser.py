"""Improvement work in Chromium: every page passes axe, and a facilitator adds a measure,
uploads a CSV, sets a baseline and sees the chart change — with the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from samskap.improvement.models import Network, Project
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot
from tests.conftest import World, ensure_consent_texts

pytestmark = pytest.mark.browser

PAGES: dict[str, Callable[[World], str]] = {
    "network": lambda w: f"/improvement/networks/{w.network.pk}/",
    "network-charts": lambda w: f"/improvement/networks/{w.network.pk}/charts/",
    "team": lambda w: f"/improvement/teams/{w.team.pk}/",
    "project": lambda w: f"/improvement/projects/{w.project.pk}/",
    "project-edit": lambda w: f"/improvement/projects/{w.project.pk}/edit/",
    "pdsa": lambda w: f"/improvement/pdsa/{w.pdsa.pk}/",
    "pdsa-new": lambda w: f"/improvement/projects/{w.project.pk}/pdsa/new/",
    "measure": lambda w: f"/improvement/measures/{w.measure.pk}/",
    "measure-new": lambda w: f"/improvement/projects/{w.project.pk}/measures/new/",
    "shared-measure": lambda w: f"/improvement/measures/{w.shared_measure.pk}/",
    "upload": lambda w: f"/improvement/measures/{w.measure.pk}/upload/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_improvement_pages_pass_axe(web: BrowserPage, live_world: World, name: str) -> None:
    web.login("facilitator@test.example")
    web.goto(PAGES[name](live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)


def test_the_measure_page_reads_on_a_phone(phone: BrowserPage, live_world: World) -> None:
    phone.login("host@test.example")
    phone.goto(f"/improvement/measures/{live_world.measure.pk}/")
    page = phone.page
    page.get_by_text("Data table (20 points)").click()
    # Designsystemet animates the opening: wait for the table rather than glance at it.
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "measure-320")
    # The wide data table scrolls inside its own box; the page does not (WCAG 1.4.10).
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_facilitator_adds_a_measure_uploads_data_and_sets_a_baseline(
    web: BrowserPage, live_world: World, tmp_path: Path
) -> None:
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/improvement/projects/{live_world.project.pk}/")
    page.get_by_role("link", name="Add a measure").click()
    page.get_by_label("Title").fill("Days to first conversation")
    page.get_by_label("Kind of measure").select_option("outcome")
    page.get_by_label("Kind of value").select_option("measurement")
    page.get_by_label("Direction of improvement").select_option("decrease")
    page.get_by_label("Frequency").select_option("weekly")
    page.get_by_label("Frequency").press("Tab")
    # Keyboard on: Tab to the submit button, Enter.
    while page.evaluate("document.activeElement.textContent.trim()") != "Add measure":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Days to first conversation"
    assert_accessible(page)

    csv = tmp_path / "ventetid.csv"
    rows = [
        f"{d:02d}.{m:02d}.2026;{v}"
        for (m, d), v in zip(
            _weeks(24),
            [30, 31, 29, 32, 30, 28, 31, 30, 29, 33, 30, 31, 18, 17, 19, 16, 18, 17, 19, 18, 16, 17, 18, 19],
            strict=True,
        )
    ]
    csv.write_text("dato;verdi\n" + "\n".join(rows) + "\nikke-en-dato;3\n", encoding="utf-8")
    page.get_by_role("link", name="Upload observations from a CSV file").click()
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Check the file").click()
    alert = page.get_by_role("alert")
    assert "Line 26" in alert.inner_text() and "is not a period" in alert.inner_text()
    assert_accessible(page)

    csv.write_text("dato;verdi\n" + "\n".join(rows) + "\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_text("24 observations are ready to be saved.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save 24 observations").click()
    page.wait_for_url("**/improvement/measures/*/")
    assert page.get_by_text("Saved: 24 new observations, 0 updated.").is_visible()
    findings_before = page.locator("#chart-heading ~ ul").last.inner_text()
    assert "outside the control limits" in findings_before
    screenshot(page, "measure-before-baseline")

    page.get_by_label("What").select_option("baseline")
    page.locator("#id_break-period").fill("2026-03-23")
    page.locator("#id_break-reason").fill("Before the weekly intake meeting")
    page.locator("#id_break-reason").press("Enter")
    page.wait_for_url("**/improvement/measures/*/")
    assert page.get_by_text("The chart was recalculated.").is_visible()
    assert page.get_by_text("Before the weekly intake meeting").is_visible()
    description = page.locator("svg.samskap-chart desc").inner_html()
    assert "Centre line now 30" in description
    assert page.locator("svg.samskap-chart .samskap-chart__baseline").count() == 1
    assert_accessible(page)
    screenshot(page, "measure-after-baseline")


def _weeks(count: int) -> list[tuple[int, int]]:
    import datetime as dt

    first = dt.date(2026, 1, 5)
    days = [first + dt.timedelta(weeks=k) for k in range(count)]
    return [(d.month, d.day) for d in days]


@pytest.fixture
def demo_network(live_server: Any, transactional_db: None) -> Network:
    from samskap.cli.demo import run

    ensure_consent_texts()
    assert run(["--quiet"]) == 0
    return Network.objects.get(process__organisation__slug="gode-pasientforlop-vestland")


def test_the_demo_network_shows_projects_pdsa_chains_and_signals(web: BrowserPage, demo_network: Network) -> None:
    page = web.page
    web.goto("/login/")
    page.get_by_label("E-mail").fill("nettverk@samskap.demo")
    page.get_by_label("Password").fill("samskap-demo-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(web.base_url + "/")

    web.goto(f"/improvement/networks/{demo_network.pk}/charts/")
    assert page.locator("svg.samskap-chart").count() >= 25
    assert page.locator(".samskap-chart__signal").count() > 0  # some municipality's chart signals
    assert_accessible(page)
    screenshot(page, "demo-network-charts")

    project = Project.objects.filter(team__network=demo_network, pdsa_cycles__previous__isnull=False).first()
    assert project is not None
    web.goto(f"/improvement/projects/{project.pk}/")
    chain = page.locator("ol.samskap-chain").first
    assert chain.locator("li").count() == 3  # one user → three users → the whole service
    assert page.locator("svg.samskap-driver-diagram").count() == 1
    assert_accessible(page)

    measure = project.measures.get(shared__title__startswith="Del nye brukarar")
    web.goto(f"/improvement/measures/{measure.pk}/")
    assert page.locator(".samskap-chart__phase").count() == 1
    assert page.locator(".samskap-chart__pdsa").count() == 3
    assert_accessible(page)
    screenshot(page, "demo-measure")


@pytest.mark.parametrize("name", ["project", "pdsa", "network", "team"])
def test_pages_that_edit_fit_a_phone(phone: BrowserPage, live_world: World, name: str) -> None:
    phone.login("facilitator@test.example")
    phone.goto(PAGES[name](live_world))
    assert_accessible(phone.page)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 320
