"""Insight in Chromium: every page passes axe; a reviewer decides on personal data and
releases a text, and a coder codes sentences, with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from samskap.insight import services
from samskap.insight.models import Coding, Source
from tests.browser.conftest import BrowserPage, assert_accessible, screenshot, tab_to
from tests.conftest import World

pytestmark = pytest.mark.browser


def _in_review(world: World) -> Source:
    return services.source_create(
        actor=world.owner,
        process=world.process,
        kind="interview",
        title="Intervju 9, pårørende",
        language="nb",
        text="Per Olsen sier at ingen ringte tilbake. Ring 912 34 567.",
        person_category="relative",
        consent_given_on=date(2026, 10, 1),
    )


def _journey(world: World) -> int:
    journey = services.journey_create(
        actor=world.owner, process=world.process, title="Veien til hjelp", person_category="service_user"
    )
    for name, experience in (("Ber fastlegen om hjelp", 0), ("Venter på time", -2), ("Får fast kontakt", 2)):
        services.journey_stage_add(
            actor=world.owner,
            journey=journey,
            name=name,
            touchpoint="Fastlege",
            hurts="Ingen ringer" if experience < 0 else "",
            experience=experience,
            insights=[world.insight] if experience > 0 else [],
        )
    return journey.pk


def _case(world: World) -> int:
    variable = services.case_variable_create(
        actor=world.owner, process=world.process, name="Aldersgruppe", kind="choice", choices="16–25, 26–40"
    )
    return services.case_save(
        actor=world.owner,
        process=world.process,
        label="Case 1",
        sources=[world.source],
        values={variable.pk: "16–25"},
    ).pk


def _offer(world: World) -> int:
    return services.offer_save(
        actor=world.owner,
        organisation=world.organisation,
        name="Mental Helse Tromvik",
        kind="user_organisation",
        area="Tromvik",
        target_group="Alle som strever psykisk, og pårørende",
        contact="https://example.org",
    ).pk


PAGES: dict[str, Callable[[World], str]] = {
    "overview": lambda w: f"/processes/{w.process.pk}/insight/",
    "new-interview": lambda w: f"/processes/{w.process.pk}/insight/sources/new/?kind=interview",
    "new-observation": lambda w: f"/processes/{w.process.pk}/insight/sources/new/?kind=observation",
    "new-desk": lambda w: f"/processes/{w.process.pk}/insight/sources/new/?kind=desk",
    "source": lambda w: f"/sources/{w.source.pk}/",
    "original": lambda w: f"/sources/{w.source.pk}/original/",
    "review": lambda w: f"/sources/{_in_review(w).pk}/review/",
    "withdraw": lambda w: f"/sources/{w.source.pk}/withdraw/",
    "codebook": lambda w: f"/processes/{w.process.pk}/insight/codes/",
    "agreement": lambda w: f"/processes/{w.process.pk}/insight/agreement/",
    "insight-new": lambda w: f"/processes/{w.process.pk}/insight/insights/new/",
    "insight": lambda w: f"/insights/{w.insight.pk}/",
    "key": lambda w: f"/processes/{w.process.pk}/insight/key/",
    "import": lambda w: f"/processes/{w.process.pk}/insight/import/",
    "guides": lambda w: f"/o/{w.organisation.slug}/interview-guides/",
    "guide": lambda w: f"/interview-guides/{w.guide.pk}/",
    "offers": lambda w: f"/o/{w.organisation.slug}/offers/",
    "cases": lambda w: f"/processes/{w.process.pk}/insight/cases/",
    "case": lambda w: f"/cases/{_case(w)}/",
    "journey-new": lambda w: f"/processes/{w.process.pk}/insight/journeys/new/",
    "journey": lambda w: f"/journeys/{_journey(w)}/",
    "offer": lambda w: f"/offers/{_offer(w)}/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_insight_pages_pass_axe(web: BrowserPage, live_world: World, name: str) -> None:
    # A second coder, so that the agreement page has figures and disagreements to show.
    services.coding_add(actor=live_world.owner, source=live_world.source, code=live_world.coding.code, start=0, end=20)
    web.login("owner@test.example")
    web.goto(PAGES[name](live_world))
    assert web.page.locator("h1").count() == 1
    assert_accessible(web.page)


def test_a_reviewer_decides_and_releases_by_keyboard(web: BrowserPage, live_world: World) -> None:
    source = _in_review(live_world)
    page = web.page
    web.login("owner@test.example")
    web.goto(f"/sources/{source.pk}/review/")
    radios = page.locator("input[type=radio][value=accepted]")
    assert radios.count() == source.findings.count() >= 2
    for index in range(radios.count()):
        radios.nth(index).focus()
        page.keyboard.press("Space")
    tab_to(web, "Save and release the text")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    source.refresh_from_db()
    assert source.is_released and "Per Olsen" not in source.released_text
    assert page.get_by_text("The text is pseudonymised and released for coding.").is_visible()
    assert_accessible(page)
    screenshot(page, "insight-released")


def test_a_coder_codes_two_sentences_by_keyboard(web: BrowserPage, live_world: World) -> None:
    page = web.page
    web.login("facilitator@test.example")
    web.goto(f"/sources/{live_world.source.pk}/")
    page.locator("#segment-1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # segment 2
    page.get_by_label("Code", exact=True).focus()
    page.keyboard.press("ArrowDown")
    tab_to(web, "Code the chosen text")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    coding = Coding.objects.filter(coder=live_world.facilitator).order_by("start").first()
    assert coding is not None and coding.start == 0
    assert page.get_by_text("Coded with “Ventetid”.").is_visible()
    assert_accessible(page)
    screenshot(page, "insight-coding")
