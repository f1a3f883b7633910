"""Seats at the tables, through the pages people use: the facilitator assigns seats from the
console to everyone who joined by the event's code, sees the quality and the people per table,
and moves one person; a seated participant sees their table, writes and reacts there; a second
round rotates people; others may not touch the seats."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.signing import get_cookie_signer
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from samskap.core.models import AuditEntry, ConsentText, JoinCode, Participant
from samskap.core.participants import COOKIE_NAME, COOKIE_SALT
from samskap.core.services import join_code_create, participant_join
from samskap.events.models import Contribution, DialogueTable, Reaction, SeatAssignment
from samskap.events.selectors import seated_table
from samskap.events.services import contribution_create, seats_overview
from tests.conftest import World

pytestmark = pytest.mark.django_db

# Two service users, two relatives and four staff join by the event's code; tables 1 and 2.
ROLES = ["service_user", "service_user", "relative", "relative", "staff", "staff", "staff", "staff"]


def _client(world: World, persona: str) -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


def _event_code(world: World) -> JoinCode:
    return join_code_create(actor=world.facilitator, organisation=world.organisation, target=world.event)


def _join(code: JoinCode, role: str = "", name: str = "") -> tuple[Client, Participant]:
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    participant = participant_join(join_code=code, display_name=name, role_label=role, consents=consents)
    client = Client()
    client.cookies["django_language"] = "en"
    client.cookies[COOKIE_NAME] = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign(str(participant.public_id))
    return client, participant


def _crowd(world: World) -> tuple[JoinCode, list[tuple[Client, Participant]]]:
    code = _event_code(world)
    return code, [_join(code, role, f"P{k}") for k, role in enumerate(ROLES)]


def _assign(world: World) -> str:
    response = _client(world, "facilitator").post(f"/events/{world.event.pk}/seats/", {"action": "assign"}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _seats(world: World, round_number: int) -> dict[int, int]:
    rows = SeatAssignment.objects.filter(event=world.event, round_number=round_number)
    return dict(rows.values_list("participant_id", "table_id"))


def test_the_facilitator_assigns_seats_balancing_roles(world: World) -> None:
    _code, crowd = _crowd(world)
    page = _assign(world)
    assert "Seats are assigned for round 1." in page
    seats = _seats(world, 1)
    # Everyone who joined by the event's code, and nobody who joined by a table's code.
    assert sorted(seats) == sorted(p.pk for _c, p in crowd)
    assert world.participant.pk not in seats
    by_table: dict[int, Counter[str]] = {}
    for _client, participant in crowd:
        by_table.setdefault(seats[participant.pk], Counter())[participant.role_label] += 1
    assert sorted(by_table) == sorted(DialogueTable.objects.filter(event=world.event).values_list("pk", flat=True))
    assert all(roles == {"service_user": 1, "relative": 1, "staff": 2} for roles in by_table.values())
    # The console shows the quality and the people per table, in aggregate.
    assert "Seats in round 1" in page
    assert "Roles spread as evenly as the numbers allow: 100 %" in page
    assert "A service user at 2 of the 2 tables that could have one" in page
    assert "Relative: 1, Service user: 1, Staff: 2" in page
    entry = AuditEntry.objects.get(action="seats.assign")
    assert entry.detail == {"round": 1, "people": 8, "repeated_tables": 0, "repeated_pairs": 0}


def test_a_seated_participant_sees_their_table_and_writes_and_reacts_there(world: World) -> None:
    code, crowd = _crowd(world)
    client, participant = crowd[0]
    page = client.get(f"/join/{code.code}/here/").content.decode()
    assert "You sit at table" not in page  # not seated yet: no table, nothing to write in
    assert client.post(f"/join/{code.code}/here/", {"text": "For tidlig"}).status_code == 404
    _assign(world)
    table = DialogueTable.objects.get(pk=_seats(world, 1)[participant.pk])
    page = client.get(f"/join/{code.code}/here/").content.decode()
    assert f"You sit at table {table.number}" in page
    assert table.question is not None and table.question.text in page
    response = client.post(f"/join/{code.code}/here/", {"text": "Mer tid med fastlegen"})
    assert response.status_code == 302
    contribution = Contribution.objects.get(text="Mer tid med fastlegen")
    assert (contribution.table_id, contribution.participant_id) == (table.pk, participant.pk)
    # A tablemate agrees with it; a contribution at the other table is out of reach.
    neighbour_client, neighbour = next((c, p) for c, p in crowd[1:] if _seats(world, 1)[p.pk] == table.pk)
    react = f"/join/{code.code}/here/react/"
    neighbour_client.post(react, {"contribution": contribution.pk, "kind": "agree", "on": "1"})
    assert Reaction.objects.filter(contribution=contribution, participant=neighbour, kind="agree").exists()
    other_table = DialogueTable.objects.filter(event=world.event).exclude(pk=table.pk).first()
    assert other_table is not None
    elsewhere = contribution_create(table=other_table, text="Andre steder", participant=world.participant)
    assert client.post(react, {"contribution": elsewhere.pk, "kind": "agree", "on": "1"}).status_code == 404
    # The table-code path is unchanged: the world's participant still writes at table 1.
    world_client = _client(world, "participant")
    world_page = world_client.get(f"/join/{world.join_code.code}/here/").content.decode()
    assert "You sit at table" not in world_page and "Table 1" in world_page


def test_a_second_round_rotates_people(world: World) -> None:
    code, crowd = _crowd(world)
    facilitator = _client(world, "facilitator")
    facilitator.post(f"/events/{world.event.pk}/rounds/", {"action": "open", "round-minutes": "15"})
    _assign(world)
    first = _seats(world, 1)
    facilitator.post(f"/events/{world.event.pk}/rounds/", {"action": "close"})
    page = _assign(world)
    assert "Seats are assigned for round 2." in page
    second = _seats(world, 2)
    assert sorted(second) == sorted(first)
    # Two tables: avoiding the table one sat at means everyone changes table.
    assert all(second[p] != first[p] for p in first)
    assert "0 people sit at a table they sat at before" in page
    client, participant = crowd[0]
    table = DialogueTable.objects.get(pk=second[participant.pk])
    assert f"You sit at table {table.number}" in client.get(f"/join/{code.code}/here/").content.decode()
    # Assigning again replaces that round's seats instead of adding to them.
    _assign(world)
    assert SeatAssignment.objects.filter(event=world.event, round_number=2).count() == len(crowd)


def test_the_facilitator_moves_one_person(world: World) -> None:
    _code, crowd = _crowd(world)
    _assign(world)
    participant = crowd[0][1]
    seat = SeatAssignment.objects.get(event=world.event, participant=participant)
    target = DialogueTable.objects.filter(event=world.event).exclude(pk=seat.table_id).get()
    response = _client(world, "facilitator").post(
        f"/events/{world.event.pk}/seats/", {"action": "move", "seat": seat.pk, "table": target.pk}, follow=True
    )
    page = response.content.decode()
    assert "The person was moved." in page
    seat.refresh_from_db()
    assert seat.table_id == target.pk
    # The summary is rescored: the moved service user leaves their table without one.
    assert "A service user at 1 of the 2 tables that could have one" in page
    overview = seats_overview(world.event)
    assert overview is not None and overview["quality"].role_spread < 1.0
    entry = AuditEntry.objects.get(action="seat.move")
    assert entry.detail is not None and entry.detail["to_table"] == target.number


def test_a_table_of_another_event_is_refused(world: World) -> None:
    _crowd(world)
    _assign(world)
    seat = SeatAssignment.objects.filter(event=world.event).first()
    assert seat is not None
    before = seat.table_id
    response = _client(world, "facilitator").post(
        f"/events/{world.event.pk}/seats/",
        {"action": "move", "seat": seat.pk, "table": world.other_table.pk},
        follow=True,
    )
    assert "Choose a table at the same event." in response.content.decode()
    seat.refresh_from_db()
    assert seat.table_id == before
    assert not AuditEntry.objects.filter(action="seat.move").exists()


def test_outsiders_and_anonymous_cannot_touch_the_seats(world: World) -> None:
    _crowd(world)
    url = f"/events/{world.event.pk}/seats/"
    assert _client(world, "outsider").post(url, {"action": "assign"}).status_code == 403
    assert _client(world, "host").post(url, {"action": "assign"}).status_code == 403
    anonymous = _client(world, "anonymous").post(url, {"action": "assign"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not SeatAssignment.objects.exists()
    # The other organisation's facilitator cannot reach this event's seats either.
    assert _client(world, "outsider").post(url, {"action": "move", "seat": "1", "table": "1"}).status_code == 403


def test_nobody_to_seat_and_no_event_code_say_so(world: World) -> None:
    page = _assign(world)
    assert "The event has no open join code" in page
    _event_code(world)
    assert "Nobody has joined by the event&#x27;s code yet." in _assign(world)
    assert not SeatAssignment.objects.exists()


def test_the_seated_table_costs_one_query(world: World, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    _code, crowd = _crowd(world)
    _assign(world)
    participant = crowd[0][1]
    with django_assert_num_queries(1):
        table = seated_table(world.event, participant)
        assert table is not None and table.question is not None
