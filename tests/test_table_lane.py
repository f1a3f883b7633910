"""The table lane (samskap/events/lane.py) through the ASGI application production serves: a
phone's reaction, contribution and board poll sent with htmx are answered by the lane as the
views answer them, requests arriving together are worked together, and everything the lane does
not take reaches Django unchanged.

The lane works on threads of its own, so these tests commit (transactional_db)."""

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

from samskap import asgi
from samskap.core.audit import audit_verify
from samskap.core.models import AuditEntry, ConsentText, JoinCode
from samskap.core.participants import COOKIE_NAME, COOKIE_SALT
from samskap.core.services import participant_join
from samskap.events import lane
from samskap.events.models import Contribution, Reaction, ReactionKind
from samskap.events.services import contribution_create
from tests.conftest import World, build_world

pytestmark = pytest.mark.django_db(transaction=True)

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_KEY = re.compile(r'name="client_key" value="([0-9a-f-]{36})"')
FINGERPRINT = re.compile(r'\?v=([0-9a-f]{16})"')


@pytest.fixture
def lane_world(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> World:
    # The lane's threads and Django's close their connections after each batch and request, as
    # production's pool has them do, so none outlives the test database.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    world = build_world()
    world.event.dot_budget = 2
    world.event.save()
    for text in ("Faste ansatte i hjemmetjenesten", "Kortere ventetid på avlastning", "Tolk på telefon"):
        contribution_create(table=world.table, text=text, entered_by=world.host)
    return world


def phone_cookies(join_code: JoinCode) -> dict[str, str]:
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    participant = participant_join(join_code=join_code, role_label="relative", consents=consents)
    signed = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign(str(participant.public_id))
    return {COOKIE_NAME: signed, "django_language": "en"}


Body = Callable[[httpx.AsyncClient, str, "Page"], Awaitable[Any]]


class Page:
    """What the table's page holds: its CSRF token, the form's key and the board's fingerprint."""

    def __init__(self, html: str) -> None:
        token, key, fingerprint = CSRF_FIELD.search(html), CLIENT_KEY.search(html), FINGERPRINT.search(html)
        assert token and key and fingerprint
        self.token, self.key, self.fingerprint = token.group(1), key.group(1), fingerprint.group(1)


def run_phones(world: World, phones: int, body: Body, app: Any = None) -> list[Any]:
    """Open `phones` phones at the world's table on the ASGI application (or `app`), each with
    the table's page loaded, and run `body(client, code, page)` for each at once."""
    devices = [phone_cookies(world.join_code) for _ in range(phones)]
    code = world.join_code.code

    async def one(cookies: dict[str, str]) -> Any:
        transport = httpx.ASGITransport(app=app or asgi.application)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=cookies) as client:
            page = await client.get(f"/join/{code}/here/")
            assert page.status_code == 200
            return await body(client, code, Page(page.text))

    async def all_phones() -> list[Any]:
        return list(await asyncio.gather(*(one(cookies) for cookies in devices)))

    # In a thread of its own: browser tests earlier in the run leave an event loop running here.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, all_phones()).result()


def batches_taken(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The sizes of the batches the lane works with `name` (a function lane.py calls), as they
    are worked."""
    taken: list[int] = []
    work = getattr(lane, name)

    def counted(items: Any) -> Any:
        taken.append(len(items))
        return work(items)

    monkeypatch.setattr(lane, name, counted)
    return taken


def htmx(token: str) -> dict[str, str]:
    return {"HX-Request": "true", "X-CSRFToken": token}


def without_tokens(html: str) -> str:
    """The answer with its CSRF tokens and form key put aside: they differ on every answer."""
    return CLIENT_KEY.sub('name="client_key" value="…"', CSRF_FIELD.sub('name="csrfmiddlewaretoken" value="…"', html))


def contributions_at_table(world: World) -> list[Contribution]:
    return list(Contribution.objects.filter(table=world.table, client_key__isnull=False).order_by("pk"))


def test_the_lane_answers_a_reaction_and_a_poll_as_the_views_do(
    lane_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    reacted = batches_taken(monkeypatch, "phone_reactions_set")
    polled = batches_taken(monkeypatch, "phone_board_polls")
    first = Contribution.objects.order_by("pk").first()
    assert first is not None

    async def react(client: httpx.AsyncClient, code: str, page: Page, app: str) -> dict[str, httpx.Response]:
        form = {"contribution": str(first.pk), "kind": "dot", "on": "1"}
        answer = await client.post(f"/join/{code}/here/react/", data=form, headers=htmx(page.token))
        shown = FINGERPRINT.search(answer.text)
        assert shown is not None
        board_url = f"/join/{code}/here/board/"
        return {
            "react": answer,
            "unchanged": await client.get(f"{board_url}?v={shown.group(1)}", headers=htmx(page.token)),
            "changed": await client.get(f"{board_url}?v={page.fingerprint}", headers=htmx(page.token)),
        }

    [by_lane] = run_phones(lane_world, 1, lambda c, code, page: react(c, code, page, "lane"))
    assert reacted == [1] and polled == [1, 1]
    # The same through Django alone, for another phone in the same state.
    Reaction.objects.all().delete()
    [by_django] = run_phones(
        lane_world, 1, lambda c, code, page: react(c, code, page, "django"), asgi.django_application
    )
    assert reacted == [1] and polled == [1, 1]
    for name in ("react", "changed"):
        assert by_lane[name].status_code == by_django[name].status_code == 200
        assert without_tokens(by_lane[name].text) == without_tokens(by_django[name].text)
    assert by_lane["unchanged"].status_code == by_django["unchanged"].status_code == 204
    react_answer = by_lane["react"]
    assert "You have 1 of 2 dots left" in react_answer.text and 'aria-pressed="true"' in react_answer.text
    assert react_answer.headers["Content-Language"] == "en"
    assert react_answer.headers["X-Frame-Options"] == "DENY" and react_answer.headers["Content-Security-Policy"]


def test_the_lane_answers_a_contribution_as_the_view_does(lane_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = batches_taken(monkeypatch, "phone_contributions_create")

    async def contribute(client: httpx.AsyncClient, code: str, page: Page) -> httpx.Response:
        form = {"client_key": page.key, "text": "  Ein fast kontaktperson i NAV  "}
        return await client.post(f"/join/{code}/here/", data=form, headers=htmx(page.token))

    [by_lane] = run_phones(lane_world, 1, contribute)
    [by_django] = run_phones(lane_world, 1, contribute, asgi.django_application)
    assert taken == [1]
    assert by_lane.status_code == by_django.status_code == 200
    assert without_tokens(by_lane.text) == without_tokens(by_django.text)
    assert "Thank you! Contribution number 1 was sent." in by_lane.text
    assert 'id="own-contributions" hx-swap-oob="outerHTML"' in by_lane.text
    new_key = CLIENT_KEY.search(by_lane.text)
    assert new_key is not None
    stored = contributions_at_table(lane_world)
    assert [c.text for c in stored] == ["Ein fast kontaktperson i NAV"] * 2
    assert str(new_key.group(1)) not in {str(c.client_key) for c in stored}  # a new key for the next one
    assert stored[0].round == stored[1].round and stored[0].role_label == "relative"
    audited = AuditEntry.objects.filter(action="contribution.create", object_id__in=[str(c.pk) for c in stored])
    assert sorted(e.actor_label for e in audited) == sorted(c.participant.pseudonym for c in stored)  # type: ignore[union-attr]
    assert audit_verify().ok


def test_contributions_arriving_together_are_stored_once_each_and_audited_in_a_chain(
    lane_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = batches_taken(monkeypatch, "phone_contributions_create")

    async def two_and_a_double_tap(client: httpx.AsyncClient, code: str, page: Page) -> list[int]:
        url, token = f"/join/{code}/here/", page.token
        form = {"client_key": page.key, "text": f"Fra telefon {page.key[:8]}"}
        # A double tap: the same form twice at once, answered alike, stored once.
        first, again = await asyncio.gather(
            client.post(url, data=form, headers=htmx(token)), client.post(url, data=form, headers=htmx(token))
        )
        key = CLIENT_KEY.search(first.text)
        assert key is not None
        second = await client.post(url, data={"client_key": key.group(1), "text": "Nummer to"}, headers=htmx(token))
        return [first.status_code, again.status_code, second.status_code]

    results = run_phones(lane_world, 10, two_and_a_double_tap)
    assert all(statuses == [200, 200, 200] for statuses in results)
    stored = contributions_at_table(lane_world)
    assert len(stored) == 20 and len({c.client_key for c in stored}) == 20
    assert sum(taken) == 30 and max(taken) > 1  # some went in together
    audited = AuditEntry.objects.filter(action="contribution.create", object_id__in=[str(c.pk) for c in stored])
    assert audited.count() == 20
    assert audit_verify().ok


def test_dots_sent_at_once_stay_within_the_budget(lane_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = batches_taken(monkeypatch, "phone_reactions_set")
    contributions = list(Contribution.objects.filter(table=lane_world.table, entered_by=lane_world.host))
    assert len(contributions) == 3

    async def three_dots(client: httpx.AsyncClient, code: str, page: Page) -> list[str]:
        url = f"/join/{code}/here/react/"
        answers = await asyncio.gather(
            *(
                client.post(url, data={"contribution": str(c.pk), "kind": "dot", "on": "1"}, headers=htmx(page.token))
                for c in contributions
            )
        )
        return [answer.text for answer in answers]

    [answers] = run_phones(lane_world, 1, three_dots)
    assert sum(taken) == 3
    assert Reaction.objects.filter(kind=ReactionKind.DOT).count() == 2
    refused = [text for text in answers if "You have used all your 2 dots" in text]
    assert len(refused) == 1 and 'role="alert"' in refused[0]


def test_what_the_lane_does_not_take_reaches_django(lane_world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    contributed = batches_taken(monkeypatch, "phone_contributions_create")
    reacted = batches_taken(monkeypatch, "phone_reactions_set")
    first = Contribution.objects.order_by("pk").first()
    assert first is not None

    async def odd_requests(client: httpx.AsyncClient, code: str, page: Page) -> dict[str, httpx.Response]:
        url, form = f"/join/{code}/here/", {"client_key": page.key, "text": "Noe"}
        react = {"contribution": str(first.pk), "kind": "agree", "on": "1"}
        answers = {
            # Without a CSRF token: Django's 403, nothing stored.
            "no_token": await client.post(url, data=form, headers={"HX-Request": "true"}),
            # Empty: the form again with the reason, in place.
            "empty": await client.post(url, data={**form, "text": "   "}, headers=htmx(page.token)),
            # A reaction kind the page never sends: the view's answer says so.
            "odd_kind": await client.post(f"{url}react/", data={**react, "kind": "love"}, headers=htmx(page.token)),
            # Without htmx: the plain form's redirect.
            "plain": await client.post(url, data={**form, "csrfmiddlewaretoken": page.token}),
        }
        client.cookies.delete(COOKIE_NAME)
        answers["stranger"] = await client.post(f"{url}react/", data=react, headers=htmx(page.token))
        return answers

    [answers] = run_phones(lane_world, 1, odd_requests)
    assert answers["no_token"].status_code == 403
    assert answers["empty"].status_code == 200 and "Write something before you send." in answers["empty"].text
    assert 'id="contribution-form"' in answers["empty"].text
    assert "Unknown reaction." in answers["odd_kind"].text
    assert answers["plain"].status_code == 302
    assert answers["stranger"].status_code == 302 and "/here/" not in answers["stranger"].headers["Location"]
    assert [c.text for c in contributions_at_table(lane_world)] == ["Noe"]  # from the plain form alone
    assert not Reaction.objects.exists()
    # Only the stranger's reaction was looked up by the lane (who it is needs the database); the
    # view answered it.
    assert contributed == [] and reacted == [1]


def test_a_form_key_from_another_device_is_refused_by_the_view(
    lane_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = batches_taken(monkeypatch, "phone_contributions_create")
    keys: list[str] = []

    async def reuse_a_key(client: httpx.AsyncClient, code: str, page: Page) -> httpx.Response:
        keys.append(page.key)
        await asyncio.sleep(0)  # both pages are loaded before either sends
        form = {"client_key": keys[0], "text": f"Med nøkkelen {keys[0][:8]}"}
        answer = await client.post(f"/join/{code}/here/", data=form, headers=htmx(page.token))
        await asyncio.sleep(0.2)
        return answer

    answers = run_phones(lane_world, 2, reuse_a_key)
    assert len(contributions_at_table(lane_world)) == 1
    assert sorted("This form was already used" in a.text for a in answers) == [False, True]
    assert sum(taken) == 2
