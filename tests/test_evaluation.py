"""The evaluation after an event, through the pages people use: the organiser opens
it; participants answer once, anonymously, from their phone space or their
registration link; the organiser reads the summary (roles only in groups of five
or more) and compares the events of the process."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from samskap.core.models import AuditEntry
from samskap.events.models import EvaluationResponse, Event, Registration
from samskap.events.services import (
    evaluation_submit,
    event_create,
    event_evaluation_open,
    event_registration_update,
    registration_create,
)
from tests.conftest import World
from tests.test_events import _client, _participant_client

pytestmark = pytest.mark.django_db

GOOD = {"useful": "4", "heard": "5", "accessible": "3", "best": "Bordverten slapp alle til.", "improve": ""}


def _open(world: World, event: Event | None = None) -> None:
    event = event or world.event
    response = _client(world, "facilitator").post(f"/events/{event.pk}/evaluation/", {"action": "open"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.evaluation_open


def _answers(event: Event, count: int, role: str, start: int = 0, useful: int = 4) -> None:
    for i in range(start, start + count):
        evaluation_submit(event=event, respondent_id=f"person-{i}", role_label=role, useful=useful, heard=3)


# Answering ------------------------------------------------------------------------


def test_a_participant_answers_once_and_a_second_answer_is_refused(world: World) -> None:
    client, participant = _participant_client(world)
    assert "Tell us how it went" not in client.get(f"/join/{world.join_code.code}/here/").content.decode()
    _open(world)
    space = client.get(f"/join/{world.join_code.code}/here/").content.decode()
    assert f'href="/join/{world.join_code.code}/evaluation/"' in space
    url = f"/join/{world.join_code.code}/evaluation/"
    page = client.get(url).content.decode()
    assert 'type="radio"' in page and "1 – not at all" in page and "5 – very much" in page
    assert "<legend" in page

    response = client.post(url, GOOD)
    assert response.status_code == 302 and response["Location"] == url
    answer = EvaluationResponse.objects.get()
    assert (answer.useful, answer.heard, answer.accessible, answer.best) == (4, 5, 3, "Bordverten slapp alle til.")
    assert answer.role_label == participant.role_label
    # Only a keyed hash of who answered is kept, never the participant's id.
    assert str(participant.public_id) not in answer.respondent_key
    assert len(answer.respondent_key) == 64
    assert "You have answered this evaluation" in client.get(url).content.decode()

    again = client.post(url, {**GOOD, "useful": "1"})
    assert again.status_code == 400
    assert "You have already answered this evaluation" in again.content.decode()
    assert EvaluationResponse.objects.count() == 1
    entry = AuditEntry.objects.get(action="evaluation.submit")
    assert participant.pseudonym not in entry.actor_label and str(participant.public_id) not in str(entry.detail)


def test_the_service_refuses_a_second_answer_and_a_closed_evaluation(world: World) -> None:
    with pytest.raises(ValidationError, match="not open"):
        evaluation_submit(event=world.event, respondent_id="x", useful=3)
    event_evaluation_open(actor=world.facilitator, event=world.event, is_open=True)
    evaluation_submit(event=world.event, respondent_id="x", useful=3)
    with pytest.raises(ValidationError, match="already answered"):
        evaluation_submit(event=world.event, respondent_id="x", useful=5)
    assert EvaluationResponse.objects.count() == 1


def test_a_confirmed_registration_answers_from_its_link(world: World) -> None:
    event_registration_update(
        actor=world.facilitator,
        event=world.event,
        registration_open=True,
        capacity=1,
        asks_role=True,
        asks_mode=False,
        asks_interpreting=False,
        asks_accessibility=False,
        asks_dietary=False,
    )
    confirmed = registration_create(event=world.event, name="Kari", email="kari@example.no", role="relative")
    waiting = registration_create(event=world.event, name="Ola", email="ola@example.no")
    assert waiting.status == "waiting"
    client = Client()
    client.cookies["django_language"] = "en"
    url = f"/registrations/{confirmed.token}/evaluation/"
    assert client.get(url).status_code == 404  # not open yet
    _open(world)
    assert f'href="{url}"' in client.get(f"/registrations/{confirmed.token}/").content.decode()
    response = client.post(url, {"heard": "2", "improve": "Mer tid."})
    assert response.status_code == 302
    answer = EvaluationResponse.objects.get()
    assert (answer.useful, answer.heard, answer.improve, answer.role_label) == (None, 2, "Mer tid.", "relative")
    assert confirmed.token not in answer.respondent_key
    assert client.post(url, {"heard": "4"}).status_code == 400
    assert client.get(f"/registrations/{waiting.token}/evaluation/").status_code == 404
    assert EvaluationResponse.objects.count() == 1
    assert Registration.objects.get(pk=confirmed.pk).status == "confirmed"


def test_a_closed_evaluation_says_so_with_404(world: World) -> None:
    client, _participant = _participant_client(world)
    url = f"/join/{world.join_code.code}/evaluation/"
    response = client.get(url)
    assert response.status_code == 404
    assert "The evaluation of this event is not open" in response.content.decode()
    assert client.post(url, GOOD).status_code == 404
    _open(world)
    _client(world, "facilitator").post(f"/events/{world.event.pk}/evaluation/", {"action": "close"})
    assert client.post(url, GOOD).status_code == 404
    assert not EvaluationResponse.objects.exists()
    assert list(
        AuditEntry.objects.filter(action="event.evaluation").order_by("pk").values_list("detail", flat=True)
    ) == [{"is_open": True}, {"is_open": False}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"useful": "0"}, "Select a valid choice. 0 is not one of the available choices."),
        ({"heard": "6"}, "Select a valid choice. 6 is not one of the available choices."),
        ({"accessible": "x"}, "Select a valid choice. x is not one of the available choices."),
        ({"useful": "3", "best": "a" * 1001}, "Ensure this value has at most 1000 characters (it has 1001)."),
        ({"useful": "3", "improve": "b" * 1001}, "Ensure this value has at most 1000 characters (it has 1001)."),
        ({"best": "   "}, "Answer at least one question before you send."),
        ({}, "Answer at least one question before you send."),
    ],
)
def test_a_bad_answer_says_what_is_wrong_and_saves_nothing(world: World, data: dict[str, str], message: str) -> None:
    _open(world)
    client, _participant = _participant_client(world)
    response = client.post(f"/join/{world.join_code.code}/evaluation/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvaluationResponse.objects.exists()
    assert not AuditEntry.objects.filter(action="evaluation.submit").exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"useful": 0}, "scale from 1 to 5"),
        ({"heard": 6}, "scale from 1 to 5"),
        ({"best": "a" * 1001}, "under 1000 characters"),
        ({"best": "  ", "improve": ""}, "at least one question"),
    ],
)
def test_the_service_checks_its_input(world: World, values: dict[str, object], message: str) -> None:
    event_evaluation_open(actor=world.facilitator, event=world.event, is_open=True)
    with pytest.raises(ValidationError, match=message):
        evaluation_submit(event=world.event, respondent_id="x", **values)  # type: ignore[arg-type]
    assert not EvaluationResponse.objects.exists()


# The organiser ------------------------------------------------------------------------


def test_the_organiser_sees_the_summary_with_means_distribution_and_texts(world: World) -> None:
    _open(world)
    evaluation_submit(event=world.event, respondent_id="a", role_label="staff", useful=5, heard=4, best="Kaffen.")
    evaluation_submit(event=world.event, respondent_id="b", role_label="staff", useful=2, improve="Mer tid.")
    page = _client(world, "owner").get(f"/events/{world.event.pk}/evaluation/").content.decode()
    assert "2 answers" in page
    assert "How useful was the event for you?" in page
    assert "<td>3.5</td>" in page  # the mean of 5 and 2
    assert "Kaffen." in page and "Mer tid." in page
    assert "Close the evaluation" in page
    assert AuditEntry.objects.filter(action="event.evaluation.read").exists()
    detail = _client(world, "facilitator").get(f"/events/{world.event.pk}/").content.decode()
    assert "Close the evaluation" in detail and f'href="/events/{world.event.pk}/evaluation/"' in detail
    report = _client(world, "facilitator").get(f"/events/{world.event.pk}/report/").content.decode()
    assert "2 people answered the evaluation" in report


def test_the_role_breakdown_shows_only_groups_of_five_or_more(world: World) -> None:
    _open(world)
    _answers(world.event, 5, "staff")
    _answers(world.event, 4, "relative", start=10)
    page = _client(world, "owner").get(f"/events/{world.event.pk}/evaluation/").content.decode()
    assert '<th scope="row">Staff</th>' in page
    assert '<th scope="row">Relative</th>' not in page
    assert "4 answers from smaller groups are counted only in the totals." in page
    assert "9 answers" in page


def test_the_comparison_shows_means_only_from_five_answers(world: World) -> None:
    start = world.event.starts_at + timedelta(days=30)
    later = event_create(
        actor=world.facilitator,
        process=world.process,
        title="Oppfølgingsverksted",
        kind="workshop",
        mode="digital",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    event_evaluation_open(actor=world.facilitator, event=world.event, is_open=True)
    event_evaluation_open(actor=world.facilitator, event=later, is_open=True)
    _answers(world.event, 5, "staff", useful=4)
    _answers(later, 3, "staff", useful=2)
    page = _client(world, "facilitator").get(f"/processes/{world.process.pk}/evaluations/").content.decode()
    assert page.index("Dialogverksted") < page.index("Oppfølgingsverksted")
    assert "<td>4.0</td>" in page
    assert "<td>2.0</td>" not in page
    assert page.count("Too few answers to show") == 1


@pytest.mark.parametrize("persona", ["outsider", "host", "auditor", "participant", "anonymous"])
def test_only_those_who_run_events_see_the_summary_and_the_comparison(world: World, persona: str) -> None:
    expected = 302 if persona in ("participant", "anonymous") else 403
    client = world.client_for(persona)
    assert client.get(f"/events/{world.event.pk}/evaluation/").status_code == expected
    assert client.get(f"/processes/{world.process.pk}/evaluations/").status_code == expected
    assert client.post(f"/events/{world.event.pk}/evaluation/", {"action": "open"}).status_code == expected
    world.event.refresh_from_db()
    assert not world.event.evaluation_open


def test_an_unknown_switch_action_is_404(world: World) -> None:
    response = _client(world, "facilitator").post(f"/events/{world.event.pk}/evaluation/", {"action": "toggle"})
    assert response.status_code == 404
