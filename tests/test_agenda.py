"""An event's agenda: the facilitator adds and removes sessions; participants see it on
the event page, the registration form and their own registration."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from samskap.core.models import AuditEntry
from samskap.events.models import AgendaSession
from tests.conftest import World
from tests.test_events import _client


def _local(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_the_facilitator_builds_the_agenda_and_participants_see_it(world: World) -> None:
    from samskap.events.services import event_registration_update, registration_create

    event = world.event
    client = _client(world, "facilitator")
    url = f"/events/{event.pk}/agenda/"
    assert "No sessions yet." in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "add",
            "starts_at": _local(event.starts_at + timedelta(hours=1)),
            "ends_at": _local(event.starts_at + timedelta(hours=2)),
            "title": "Dialogbord, runde 1",
            "place": "Sal A",
            "description": "Fire spørsmål, ti bord.",
        },
    )
    assert response.status_code == 302
    client.post(url, {"action": "add", "starts_at": _local(event.starts_at), "title": "Velkommen"})
    assert [s.title for s in event.agenda.all()] == ["Velkommen", "Dialogbord, runde 1"]
    assert AuditEntry.objects.filter(action="agenda.add").count() == 2

    detail = client.get(f"/events/{event.pk}/").content.decode()
    assert detail.index("Velkommen") < detail.index("Dialogbord, runde 1")
    event_registration_update(
        actor=world.facilitator,
        event=event,
        registration_open=True,
        capacity=None,
        asks_role=False,
        asks_mode=False,
        asks_interpreting=False,
        asks_accessibility=False,
        asks_dietary=False,
    )
    assert "Dialogbord, runde 1" in Client().get(f"/events/{event.pk}/register/").content.decode()
    registration = registration_create(event=event, name="Kari", email="k@example.no")
    assert "Sal A" in Client().get(f"/registrations/{registration.token}/").content.decode()

    session = event.agenda.get(title="Velkommen")
    assert client.post(url, {"action": "remove", "session": session.pk}).status_code == 302
    assert not AgendaSession.objects.filter(pk=session.pk).exists()
    assert AuditEntry.objects.filter(action="agenda.remove").exists()


def test_a_session_outside_the_event_or_ending_before_it_starts_is_refused(world: World) -> None:
    event = world.event
    client = _client(world, "facilitator")
    url = f"/events/{event.pk}/agenda/"
    before = client.post(url, {"action": "add", "starts_at": _local(event.starts_at - timedelta(days=1)), "title": "X"})
    assert before.status_code == 400
    assert "within the event" in before.content.decode()
    backwards = client.post(
        url,
        {
            "action": "add",
            "starts_at": _local(event.starts_at + timedelta(hours=2)),
            "ends_at": _local(event.starts_at + timedelta(hours=1)),
            "title": "Baklengs",
        },
    )
    assert backwards.status_code == 400
    assert client.post(url, {"action": "add", "starts_at": "i morgen", "title": "X"}).status_code == 400
    long_title = {"action": "add", "starts_at": _local(event.starts_at), "title": "x" * 201}
    assert client.post(url, long_title).status_code == 400
    assert not AgendaSession.objects.exists()
    assert client.post(url, {"action": "remove", "session": "999999"}).status_code == 404
    assert client.post(url, {"action": "explode"}).status_code == 404


def test_only_those_who_run_the_event_edit_its_agenda(world: World) -> None:
    other_event = world.other_table.event
    session = AgendaSession.objects.create(event=other_event, starts_at=other_event.starts_at, title="Annan")
    url = f"/events/{world.event.pk}/agenda/"
    for persona in ("host", "auditor", "outsider"):
        response = _client(world, persona).post(url, {"action": "add", "starts_at": "", "title": "X"})
        assert response.status_code == 403, persona
    assert _client(world, "anonymous").post(url, {"action": "add"}).status_code == 302
    # Another event's session cannot be removed through this event's page.
    response = _client(world, "facilitator").post(url, {"action": "remove", "session": session.pk})
    assert response.status_code == 404
    assert AgendaSession.objects.filter(pk=session.pk).exists()
    assert _client(world, "outsider").get(f"/events/{other_event.pk}/agenda/").status_code == 200
