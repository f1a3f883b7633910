"""Server-rendered pages: what each persona sees, CSP, no inline script or style."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import World


def test_the_front_page_invites_to_join_and_log_in(db: None) -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    assert 'action="/join/"' in html
    assert 'href="/login/"' in html


def test_every_page_has_landmarks_skip_link_and_footer_links(world: World) -> None:
    html = world.client_for("owner").get(f"/o/{world.organisation.slug}/").content.decode()
    for needle in ['class="ds-skip-link" href="#main"', '<main id="main"', "<header", "<footer", "<nav"]:
        assert needle in html
    assert 'href="/accessibility/"' in html
    assert "mailto:" in html
    assert 'href="/help/"' in html


def test_the_footer_uses_the_organisations_own_statement(world: World) -> None:
    world.organisation.accessibility_statement_url = "https://uustatus.no/nb/erklaringer/publisert/tromvik"
    world.organisation.feedback_email = "post@tromvik.example"
    world.organisation.save()
    html = world.client_for("owner").get(f"/o/{world.organisation.slug}/").content.decode()
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/tromvik"' in html
    assert "mailto:post@tromvik.example" in html


def test_the_organisation_page_lists_processes_events_and_members(world: World) -> None:
    html = world.client_for("owner").get(f"/o/{world.organisation.slug}/").content.decode()
    assert "Strategi for rus og psykisk helse" in html
    assert "Dialogverksted" in html
    assert "host@test.example" in html  # owners see who holds which role
    facilitator_html = world.client_for("facilitator").get(f"/o/{world.organisation.slug}/").content.decode()
    assert "host@test.example" not in facilitator_html


def test_organisation_colour_tokens_come_as_a_stylesheet(world: World) -> None:
    world.organisation.brand_colour = "#ffdd00"
    world.organisation.save()
    response = Client().get(f"/o/{world.organisation.slug}/theme.css")
    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert "--samskap-brand: #ffdd00" in css
    assert "--samskap-brand-contrast: #000000" in css  # dark text on yellow


@pytest.mark.parametrize("persona", ["owner", "host", "participant", "anonymous"])
def test_pages_carry_a_strict_csp_and_no_inline_code(world: World, persona: str) -> None:
    client = world.client_for(persona)
    urls = [
        "/",
        "/join/",
        "/login/",
        f"/join/{world.join_code.code}/here/",
        f"/o/{world.organisation.slug}/",
        f"/events/{world.event.pk}/",
        f"/tables/{world.table.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html, url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_the_event_page_shows_tables_and_codes_to_facilitators_only(world: World) -> None:
    html = world.client_for("facilitator").get(f"/events/{world.event.pk}/").content.decode()
    assert "KT4MWX" in html
    host_html = world.client_for("host").get(f"/events/{world.event.pk}/").content.decode()
    assert "KT4MWX" not in host_html


def test_the_not_found_page_is_translated(db: None) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_head_requests_are_answered(db: None) -> None:
    """Monitoring and proxies send HEAD; it must not be refused."""
    assert Client().head("/").status_code == 200
    assert Client().head("/join/").status_code == 200
