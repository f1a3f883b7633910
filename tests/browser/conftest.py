"""Browser tests: Playwright driving Debian's Chromium against the live test server,
with axe-core checking every page for WCAG 2.2 AA."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import PASSWORD, World, build_world

# Playwright's sync API runs an event loop in the test thread; the test code
# itself still talks to the database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SAMSKAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}; `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class BrowserPage:
    """A page plus the errors it produced: script errors, CSP violations, and
    stylesheets, scripts, fonts or images that failed to load. (Pages that
    answer 400 or 404 on purpose are the test's business.)"""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", self._on_response)

    def _on_console(self, message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _on_response(self, response: Any) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.errors.append(f"{response.status} {response.url}")

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def login(self, email: str) -> None:
        self.goto("/login/")
        self.page.get_by_label("E-mail").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(self.base_url + "/")


@pytest.fixture
def live_world(live_server: Any, transactional_db: None) -> World:
    return build_world()


def _new_page(browser: Browser, live_server: Any, **context: Any) -> Iterator[BrowserPage]:
    ctx = browser.new_context(locale="en-GB", **context)
    # The person has chosen English (pages of an organisation otherwise speak its language).
    ctx.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    wrapped = BrowserPage(ctx.new_page(), live_server.url)
    yield wrapped
    ctx.close()
    assert not wrapped.errors, f"errors in the browser: {wrapped.errors}"


@pytest.fixture
def web(browser: Browser, live_server: Any) -> Iterator[BrowserPage]:
    yield from _new_page(browser, live_server, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser: Browser, live_server: Any) -> Iterator[BrowserPage]:
    yield from _new_page(browser, live_server, viewport={"width": 320, "height": 640}, has_touch=True, is_mobile=True)


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Zero axe violations for the WCAG 2.0–2.2 A and AA rules."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def assert_image_drawn(page: Page, selector: str) -> None:
    """The image has loaded and the browser drew it (an SVG it cannot read loads with no size)."""
    image = page.locator(selector)
    image.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done, {once: true}))")
    assert image.evaluate("img => img.naturalWidth") > 0, f"{selector} was not drawn"


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def tab_to(web: BrowserPage, text: str, limit: int = 300) -> None:
    """Press Tab until the focused element's text is `text`, as a keyboard user would."""
    for _ in range(limit):
        web.page.keyboard.press("Tab")
        if web.page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} is not reachable by Tab")
