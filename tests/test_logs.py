"""No personal or health data in logs or error pages."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from tests.conftest import World

NAME = "Kari Nordmann-Testesen"


def _broken_join(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the database went away")


def test_a_server_error_shows_and_logs_no_personal_data(
    world: World, settings: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = False
    monkeypatch.setattr("samskap.core.views.participant_join", _broken_join)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.post(
            f"/join/{world.join_code.code}/",
            {"display_name": NAME, "role_label": "service_user", "consent_participation": "on"},
        )
    assert response.status_code == 500
    assert NAME not in response.content.decode()
    assert "the database went away" not in response.content.decode()
    logged = caplog.text + "".join(str(getattr(record, "exc_text", "") or "") for record in caplog.records)
    assert "Internal Server Error" in logged  # the error itself is logged …
    assert NAME not in logged  # … without what the person typed


def test_a_not_found_page_shows_no_internals(world: World, settings: Any) -> None:
    settings.DEBUG = False
    response = world.client_for("owner").get(f"/sources/{world.source.pk + 1000}/review/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "matches the given query" not in page
    assert "Traceback" not in page


def test_no_log_handler_mails_or_prints_requests(settings: Any) -> None:
    handlers = settings.LOGGING["handlers"].values()
    assert all(handler["class"] == "logging.StreamHandler" for handler in handlers)
    assert not settings.ADMINS


def test_a_tool_run_inside_a_running_process_leaves_the_log_handlers_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from samskap.cli import _setup_django

    streams_before = [getattr(handler, "stream", None) for handler in logging.getLogger().handlers]
    _setup_django()  # what every tool calls first; the tests run tools in-process
    streams_after = [getattr(handler, "stream", None) for handler in logging.getLogger().handlers]
    # Rebinding the console handler to this test's captured stream would break logging for
    # every later test once the stream is closed ("I/O operation on closed file").
    assert streams_after == streams_before
    assert streams_before
