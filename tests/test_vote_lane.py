"""The vote lane (samskap/opinions/lane.py) through the ASGI application production serves:
a phone's htmx vote is answered by the lane as the view would answer it, votes arriving
together are written together, and everything the lane does not take reaches Django unchanged.

The lane writes on a thread of its own, so these tests commit (transactional_db)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from django.core.signing import get_cookie_signer
from django.db import connection

from samskap.asgi import application
from samskap.core.models import ConsentText
from samskap.core.participants import COOKIE_NAME, COOKIE_SALT
from samskap.core.services import participant_join
from samskap.opinions import lane
from samskap.opinions.models import OpinionMap, Statement, StatementStatus, Vote
from samskap.opinions.selectors import join_code_of
from tests.conftest import World, build_world

pytestmark = pytest.mark.django_db(transaction=True)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SHOWN_STATEMENT = re.compile(r'name="statement" value="(\d+)"')


@pytest.fixture
def lane_world(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> World:
    # The lane's thread and Django's ASGI threads close their connections after each batch
    # and request, as production's pool has them do, so none outlives the test database.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    return build_world()


def phone_cookies(world: World) -> tuple[dict[str, str], str]:
    join_code = join_code_of(world.opinion_map)
    assert join_code is not None
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    participant = participant_join(join_code=join_code, role_label="relative", consents=consents)
    signed = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign(str(participant.public_id))
    return {COOKIE_NAME: signed, "django_language": "en"}, join_code.code


def run_phones(world: World, phones: int, body: Callable[..., Awaitable[Any]]) -> list[Any]:
    """Open `phones` phones on the ASGI application, each with the vote page loaded (its CSRF
    cookie and token), and run `body(client, code, token)` for each at once."""
    devices = [phone_cookies(world) for _ in range(phones)]

    async def one(cookies: dict[str, str], code: str) -> Any:
        transport = httpx.ASGITransport(app=application)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=cookies) as client:
            page = await client.get(f"/join/{code}/map/")
            assert page.status_code == 200
            token = CSRF_FIELD.search(page.text)
            assert token is not None
            return await body(client, code, token.group(1))

    async def all_phones() -> list[Any]:
        return list(await asyncio.gather(*(one(cookies, code) for cookies, code in devices)))

    # In a thread of its own: browser tests earlier in the run leave an event loop running here.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, all_phones()).result()


def batches_taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the batches the lane writes, as they are written."""
    taken: list[int] = []
    cast_together = lane.phone_votes_cast  # type: ignore[attr-defined]

    def counted(votes: Any) -> Any:
        taken.append(len(votes))
        return cast_together(votes)

    monkeypatch.setattr(lane, "phone_votes_cast", counted)
    return taken


def htmx(token: str) -> dict[str, str]:
    return {"HX-Request": "true", "X-CSRFToken": token}


def first_statement() -> Statement:
    return Statement.objects.filter(status=StatementStatus.ACCEPTED).order_by("pk").first()  # type: ignore[return-value]


def test_the_lane_answers_a_vote_as_the_view_does(lane_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = batches_taken(monkeypatch)
    statement = first_statement()

    async def vote_twice(client: httpx.AsyncClient, code: str, token: str) -> tuple[httpx.Response, httpx.Response]:
        form = {"statement": str(statement.pk), "value": "-1"}
        first = await client.post(f"/join/{code}/map/", data=form, headers=htmx(token))
        # The page's next vote carries the token of the area it was answered with, in the form.
        fresh = CSRF_FIELD.search(first.text)
        assert fresh is not None and fresh.group(1) != token
        form = {"statement": str(statement.pk), "value": "1", "csrfmiddlewaretoken": fresh.group(1)}
        return first, await client.post(f"/join/{code}/map/", data=form, headers={"HX-Request": "true"})

    [(response, again)] = run_phones(lane_world, 1, vote_twice)
    assert taken == [1, 1]  # the lane took both, not Django
    assert again.status_code == 200
    assert response.status_code == 200
    shown = SHOWN_STATEMENT.search(response.text)
    assert shown is not None and int(shown.group(1)) != statement.pk
    assert "<html" not in response.text and "Statement 2 of 8" in response.text
    assert 'id="vote-announcement" hx-swap-oob="innerHTML"' in response.text
    assert "Vote saved. Statement 2 of 8:" in response.text
    # A fresh CSRF token for the next vote, and the headers Django's middleware sets.
    token = CSRF_FIELD.search(response.text)
    assert token is not None and "csrf-token-slot" not in response.text
    assert response.headers["Content-Security-Policy"] and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Language"] == "en"  # the phone's own choice
    assert "Cookie" in response.headers["Vary"] and "Strict-Transport-Security" not in response.headers
    assert Vote.objects.get(statement=statement).value == 1


def test_votes_arriving_together_are_written_together_and_none_is_lost(
    lane_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = batches_taken(monkeypatch)
    statements = list(Statement.objects.filter(status=StatementStatus.ACCEPTED).order_by("pk")[:3])

    async def three_votes(client: httpx.AsyncClient, code: str, token: str) -> list[int]:
        statuses = []
        for statement in statements:
            form = {"statement": str(statement.pk), "value": "-1"}
            response = await client.post(f"/join/{code}/map/", data=form, headers=htmx(token))
            statuses.append(response.status_code)
        return statuses

    results = run_phones(lane_world, 12, three_votes)
    assert all(statuses == [200, 200, 200] for statuses in results)
    assert Vote.objects.filter(opinion_map=lane_world.opinion_map).count() == 36
    assert sum(taken) == 36 and max(taken) > 1  # some went in together


def test_what_the_lane_does_not_take_reaches_django(lane_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = batches_taken(monkeypatch)
    statement = first_statement()

    async def odd_requests(client: httpx.AsyncClient, code: str, token: str) -> dict[str, httpx.Response]:
        url, form = f"/join/{code}/map/", {"statement": str(statement.pk), "value": "1"}
        return {
            # Without a CSRF token: Django's 403, nothing stored.
            "no_token": await client.post(url, data=form, headers={"HX-Request": "true"}),
            # A value the page never sends: the view's form refuses it and the page says why.
            "bad_value": await client.post(url, data={**form, "value": "2"}, headers=htmx(token)),
            # Without htmx: the plain form's redirect.
            "plain": await client.post(url, data={**form, "csrfmiddlewaretoken": token}),
            # A participant's own statement.
            "text": await client.post(url, data={"text": "Ny påstand", "csrfmiddlewaretoken": token}),
        }

    [answers] = run_phones(lane_world, 1, odd_requests)
    assert answers["no_token"].status_code == 403
    assert answers["bad_value"].headers.get("HX-Refresh") == "true"
    assert answers["plain"].status_code == 302
    assert answers["text"].status_code == 302
    assert Statement.objects.filter(text="Ny påstand", status=StatementStatus.PENDING).exists()
    assert Vote.objects.get(statement=statement).value == 1  # from the plain form alone
    assert taken == []


def close_map(world: World) -> None:
    world.opinion_map.is_open = False
    world.opinion_map.save()
    connection.close()  # this thread's: it would outlive the test database


def test_a_device_that_has_not_joined_or_a_closed_map_gets_the_pages_answer(
    lane_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = first_statement()

    async def vote(client: httpx.AsyncClient, code: str, token: str) -> tuple[httpx.Response, httpx.Response]:
        url, form = f"/join/{code}/map/", {"statement": str(statement.pk), "value": "1"}
        await asyncio.to_thread(close_map, lane_world)
        closed = await client.post(url, data=form, headers=htmx(token))
        client.cookies.delete(COOKIE_NAME)
        stranger = await client.post(url, data=form, headers=htmx(token))
        return closed, stranger

    [(closed, stranger)] = run_phones(lane_world, 1, vote)
    assert closed.headers.get("HX-Refresh") == "true"  # the page then shows "The opinion map is closed."
    assert stranger.status_code == 302 and not stranger.headers["Location"].endswith("/map/")  # to the join page
    assert not Vote.objects.filter(statement=statement).exists()


class RecordingTask:
    def __init__(self) -> None:
        self.queued: list[int] = []

    def enqueue(self, map_id: int) -> None:
        self.queued.append(map_id)


def clear_recompute_flag(world: World) -> None:
    OpinionMap.objects.filter(pk=world.opinion_map.pk).update(recompute_requested_at=None)
    connection.close()  # this thread's: it would outlive the test database


def test_a_repeat_vote_written_without_a_transaction_still_queues_a_recomputation(
    lane_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = RecordingTask()
    monkeypatch.setattr("samskap.opinions.tasks.opinion_map_recompute_task", task)
    statements = list(Statement.objects.filter(status=StatementStatus.ACCEPTED).order_by("pk")[:2])

    async def vote_twice(client: httpx.AsyncClient, code: str, token: str) -> list[int]:
        statuses = []
        for statement in statements:  # the first makes the voter, in a transaction; the second does not
            await asyncio.to_thread(clear_recompute_flag, lane_world)
            form = {"statement": str(statement.pk), "value": "1"}
            statuses.append((await client.post(f"/join/{code}/map/", data=form, headers=htmx(token))).status_code)
        return statuses

    [statuses] = run_phones(lane_world, 1, vote_twice)
    assert statuses == [200, 200]
    assert task.queued == [lane_world.opinion_map.pk] * 2
