"""Opinion maps through the interfaces people touch: facilitator pages, a participant's phone,
the results, Pol.is import and export, and votes that are never lost."""

from __future__ import annotations

import io
import re
import threading
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from samskap.analysis.opinion import read_polis_export
from samskap.core.models import AuditEntry, ConsentText
from samskap.core.participants import COOKIE_NAME, COOKIE_SALT
from samskap.core.services import participant_join
from samskap.opinions import services
from samskap.opinions.models import OpinionMap, Statement, StatementStatus, Vote, Voter
from samskap.opinions.selectors import SMALL_GROUP_MAX, join_code_of
from tests.conftest import World, build_world

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polis-open-data"


def staff(world: World, persona: str) -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


def map_participant(world: World, opinion_map: OpinionMap | None = None) -> tuple[Client, str]:
    """A phone that joined the map by its code (no account)."""
    opinion_map = opinion_map or world.opinion_map
    join_code = join_code_of(opinion_map)
    assert join_code is not None
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    participant = participant_join(join_code=join_code, role_label="relative", consents=consents)
    client = Client()
    from django.core.signing import get_cookie_signer

    client.cookies[COOKIE_NAME] = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign(str(participant.public_id))
    client.cookies["django_language"] = "en"
    return client, join_code.code


def test_a_facilitator_creates_a_map_with_seed_statements(world: World) -> None:
    client = staff(world, "facilitator")
    response = client.post(
        f"/opinions/processes/{world.process.pk}/new/",
        {
            "title": "Utfordringsbildet",
            "question": "Har vi truffet?",
            "seed_statements": "Første linje\n\n  Andre linje  \nFørste linje",
            "languages": ["nb", "sv"],
            "allow_statements": "on",
            "event": world.event.pk,
        },
    )
    assert response.status_code == 302
    opinion_map = OpinionMap.objects.get(title="Utfordringsbildet")
    assert list(opinion_map.statements.values_list("text", flat=True)) == ["Første linje", "Andre linje"]
    assert opinion_map.languages == ["nb", "sv"] and opinion_map.event == world.event
    assert join_code_of(opinion_map) is not None
    assert AuditEntry.objects.filter(action="opinion_map.create", object_id=str(opinion_map.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "How participants join" in page and "Andre linje" in page


def test_bad_map_form_saves_nothing(world: World) -> None:
    client = staff(world, "facilitator")
    before = OpinionMap.objects.count()
    too_long = "x" * 300
    response = client.post(
        f"/opinions/processes/{world.process.pk}/new/",
        {"title": "T", "question": "Q", "seed_statements": f"ok\n{too_long}", "languages": ["nb"]},
    )
    assert response.status_code == 400
    assert "Keep a statement under 280 characters." in response.content.decode()
    assert OpinionMap.objects.count() == before


def test_a_participant_votes_one_statement_at_a_time_and_can_change_a_vote(world: World) -> None:
    phone, code = map_participant(world)
    page = phone.get(f"/join/{code}/map/")
    assert page.status_code == 200
    first = page.context["current"]
    assert first is not None and "Statement 1 of 8" in page.content.decode()
    assert phone.post(f"/join/{code}/map/", {"statement": first.pk, "value": "1"}).status_code == 302
    second = phone.get(f"/join/{code}/map/").context["current"]
    assert second.pk != first.pk
    phone.post(f"/join/{code}/map/", {"statement": first.pk, "value": "-1"})  # change of mind
    votes = Vote.objects.filter(statement=first)
    assert votes.count() == 1 and votes.get().value == -1


def test_a_vote_sent_with_htmx_answers_with_the_next_statement_alone(world: World) -> None:
    phone, code = map_participant(world)
    first = phone.get(f"/join/{code}/map/").context["current"]
    response = phone.post(f"/join/{code}/map/", {"statement": first.pk, "value": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    shown = re.search(r'name="statement" value="(\d+)"', fragment)
    assert shown is not None
    second = Statement.objects.get(pk=int(shown.group(1)))
    assert second.pk != first.pk
    assert "<html" not in fragment and "Statement 2 of 8" in fragment and second.text in fragment
    # The buttons keep their ids (htmx puts the focus back on the one pressed) …
    assert 'id="vote-agree"' in fragment and 'id="vote-pass"' in fragment
    # … and a screen reader hears that the vote was saved and which statement came.
    assert 'id="vote-announcement" hx-swap-oob="innerHTML"' in fragment
    assert f"Vote saved. Statement 2 of 8: {second.text}" in fragment
    assert Vote.objects.get(statement=first).value == 1
    # The earlier votes come when their list is opened, with forms to change each.
    assert "?part=votes" in fragment and f'id="voted-{first.pk}"' not in fragment
    votes = phone.get(f"/join/{code}/map/?part=votes", headers={"HX-Request": "true"}).content.decode()
    assert f'id="voted-{first.pk}"' in votes and "<html" not in votes
    assert votes.count('aria-pressed="true"') == 1


def test_the_last_vote_sent_with_htmx_says_that_all_are_done(world: World) -> None:
    phone, code = map_participant(world)
    statements = list(world.opinion_map.statements.filter(status=StatementStatus.ACCEPTED))
    for statement in statements:
        response = phone.post(
            f"/join/{code}/map/", {"statement": statement.pk, "value": "0"}, headers={"HX-Request": "true"}
        )
    assert "Vote saved. You have voted on every statement." in response.content.decode()
    assert Vote.objects.filter(opinion_map=world.opinion_map).count() == len(statements)


def test_a_refused_vote_sent_with_htmx_reloads_the_page_with_the_reason(world: World) -> None:
    world.opinion_map.is_open = False
    world.opinion_map.save()
    phone, code = map_participant(world)
    statement = world.opinion_map.statements.first()
    assert statement is not None
    response = phone.post(
        f"/join/{code}/map/", {"statement": statement.pk, "value": "1"}, headers={"HX-Request": "true"}
    )
    assert response.headers["HX-Refresh"] == "true"
    assert "The opinion map is closed." in phone.get(f"/join/{code}/map/").content.decode()
    assert not Vote.objects.exists()


def test_a_vote_counts_only_from_a_device_that_joined_this_map_by_an_open_code(world: World) -> None:
    statement = world.opinion_map.statements.first()
    other_statement = world.other_opinion_map.statements.get()
    assert statement is not None
    phone, code = map_participant(world)
    other_phone, other_code = map_participant(world, world.other_opinion_map)
    for sent_as in ({}, {"HX-Request": "true"}):
        # A device that joined another map, with its own cookie: sent to the join page.
        response = other_phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": "1"}, headers=sent_as)
        assert response.status_code == 302 and response["Location"] == f"/join/{code}/"
        # A statement of another map, from a device that joined this one: refused.
        response = phone.post(f"/join/{code}/map/", {"statement": other_statement.pk, "value": "1"}, headers=sent_as)
        assert response.status_code in (400, 200) and not Vote.objects.exists()
        # A forged cookie: no participant.
        forged = Client()
        forged.cookies["samskap_participant"] = "not-a-uuid:forged"
        response = forged.post(f"/join/{code}/map/", {"statement": statement.pk, "value": "1"}, headers=sent_as)
        assert response.status_code == 302
    code_row = join_code_of(world.opinion_map)
    assert code_row is not None
    code_row.expires_at = timezone.now() - timedelta(minutes=1)
    code_row.save()
    response = phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": "1"})
    assert response.status_code == 302 and response["Location"] == f"/join/{code}/"
    assert not Vote.objects.exists()
    assert other_code != code


def test_the_next_statement_is_the_one_with_fewest_votes_at_the_last_recomputation(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    statements = list(world.opinion_map.statements.filter(status=StatementStatus.ACCEPTED).order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            phone, code = map_participant(world)
            phone.post(f"/join/{code}/map/", {"statement": statements[0].pk, "value": "1"})
    statements[0].refresh_from_db()
    assert statements[0].votes_counted == 2  # stored by the recomputation the votes queued
    phone, code = map_participant(world)
    first = phone.get(f"/join/{code}/map/").context["current"]
    assert first.pk == statements[1].pk  # the oldest of those with no votes
    response = phone.post(f"/join/{code}/map/", {"statement": first.pk, "value": "0"}, headers={"HX-Request": "true"})
    assert f'name="statement" value="{statements[2].pk}"' in response.content.decode()


def test_votes_stored_together_each_get_their_own_answer(world: World) -> None:
    """A batch as the vote lane hands it over, with everything a burst can hold."""
    join_code = join_code_of(world.opinion_map)
    assert join_code is not None
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    new, earlier = (str(participant_join(join_code=join_code, consents=consents).public_id) for _ in range(2))
    first, second = world.opinion_map.statements.filter(status=StatementStatus.ACCEPTED).order_by("pk")[:2]
    code = join_code.code
    services.phone_votes_cast([services.PhoneVote(code, [earlier], first.pk, 1)])
    batch = [
        services.PhoneVote(code, [new], first.pk, 1),  # a first vote: the voter is made
        services.PhoneVote(code, [new], first.pk, -1),  # the same again: the later one counts
        services.PhoneVote(code, [new], second.pk, 0),
        services.PhoneVote(code, [earlier], second.pk, 1),  # a voter from before
        services.PhoneVote(code, [str(uuid.uuid4())], first.pk, 1),  # a device that never joined
        services.PhoneVote(code, [earlier], 10**12, 1),  # no statement of this map
    ]
    answers = services.phone_votes_cast(batch)
    assert [answer is not None for answer in answers] == [True, True, True, True, False, False]
    assert Voter.objects.filter(opinion_map=world.opinion_map).count() == 2
    stored = {
        (str(public_id), statement_id): value
        for public_id, statement_id, value in Vote.objects.filter(opinion_map=world.opinion_map).values_list(
            "voter__participant__public_id", "statement_id", "value"
        )
    }
    assert stored == {(new, first.pk): -1, (new, second.pk): 0, (earlier, first.pk): 1, (earlier, second.pk): 1}
    total = world.opinion_map.statements.filter(status=StatementStatus.ACCEPTED).count()
    for answer in answers[:4]:
        assert answer is not None and answer.after.current is not None
        assert answer.after.current[0] not in (first.pk, second.pk)  # what they have not voted on
        assert (answer.after.voted_count, answer.after.total) == (2, total)


def test_bad_votes_are_refused_clearly(world: World) -> None:
    phone, code = map_participant(world)
    statement = world.opinion_map.statements.first()
    assert statement is not None
    other = world.other_opinion_map.statements.get()
    for data in ({"statement": statement.pk, "value": "5"}, {"statement": other.pk, "value": "1"}, {}):
        response = phone.post(f"/join/{code}/map/", data)
        assert response.status_code == 400
    assert not Vote.objects.exists()


def test_participant_statements_wait_for_moderation(world: World) -> None:
    phone, code = map_participant(world)
    phone.post(f"/join/{code}/map/", {"text": "Vi mangler et ord om rus og arbeid."})
    statement = Statement.objects.get(text="Vi mangler et ord om rus og arbeid.")
    assert statement.status == StatementStatus.PENDING
    assert statement.pk not in {s.pk for s in [phone.get(f"/join/{code}/map/").context["current"]]}
    client = staff(world, "facilitator")
    url = f"/opinions/{world.opinion_map.pk}/statements/{statement.pk}/moderate/"
    assert "1 statement waits for moderation" in client.get(f"/opinions/{world.opinion_map.pk}/").content.decode()
    response = client.post(url, {"decision": "reject"}, follow=True)
    assert "Give a reason when you reject a statement." in response.content.decode()
    client.post(url, {"decision": "reject", "reason": "Dekket av påstand 3"})
    statement.refresh_from_db()
    assert statement.status == StatementStatus.REJECTED and statement.moderation_reason == "Dekket av påstand 3"
    assert AuditEntry.objects.filter(action="statement.reject").exists()


def test_statements_can_be_switched_off(world: World) -> None:
    world.opinion_map.allow_statements = False
    world.opinion_map.save()
    phone, code = map_participant(world)
    assert "Add a statement" not in phone.get(f"/join/{code}/map/").content.decode()
    assert phone.post(f"/join/{code}/map/", {"text": "Ny"}).status_code == 400
    assert not Statement.objects.filter(text="Ny").exists()


def test_a_closed_map_takes_no_votes(world: World) -> None:
    client = staff(world, "facilitator")
    client.post(f"/opinions/{world.opinion_map.pk}/open/", {"open": "0"})
    phone, code = map_participant(world)
    statement = world.opinion_map.statements.first()
    assert statement is not None
    assert phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": "1"}).status_code == 400
    assert "closed" in phone.get(f"/join/{code}/map/").content.decode()


def _vote_in_camps(world: World, people: int) -> None:
    """`people` participants in two camps over the eight seed statements."""
    statements = list(world.opinion_map.statements.order_by("pk"))
    for i in range(people):
        phone, code = map_participant(world)
        camp = 1 if i % 2 else -1
        for j, statement in enumerate(statements):
            value = camp if j < 4 else 1
            phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": str(value)})


def test_results_update_as_votes_arrive_and_small_groups_are_folded_for_participants(
    world: World, django_capture_on_commit_callbacks
) -> None:
    # Tests run inside one transaction: run the queued recomputations as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        _vote_in_camps(world, 24)
    world.opinion_map.refresh_from_db()
    result = world.opinion_map.result
    assert result is not None and result["k"] == 2 and sorted(result["group_sizes"]) == [12, 12]
    assert world.opinion_map.votes_computed == 24 * 8
    live = staff(world, "host").get(f"/opinions/{world.opinion_map.pk}/live/")
    html = live.content.decode()
    assert live.status_code == 200 and 'id="opinion-results"' in html and "<svg" in html
    assert "Group A · 12 participants" in html and "What nearly everyone agrees on" in html
    # Outsiders (participants) never see groups of five or fewer separately.
    world.opinion_map.result = {**result, "group_sizes": [20, SMALL_GROUP_MAX]}
    world.opinion_map.save()
    phone, code = map_participant(world)
    page = phone.get(f"/join/{code}/map/results/").content.decode()
    assert "Group A · 20 participants" in page and "Group B" not in page
    assert "5 people in groups of five or fewer are not shown separately." in page
    staff_page = staff(world, "facilitator").get(f"/opinions/{world.opinion_map.pk}/").content.decode()
    assert "Group B · 5 participants" in staff_page


class RecordingTask:
    def __init__(self) -> None:
        self.queued: list[int] = []

    def enqueue(self, map_id: int) -> None:
        self.queued.append(map_id)


def test_a_burst_of_votes_queues_one_recomputation(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    task = RecordingTask()
    monkeypatch.setattr("samskap.opinions.tasks.opinion_map_recompute_task", task)
    phone, code = map_participant(world)
    statements = list(world.opinion_map.statements.all()[:3])
    with django_capture_on_commit_callbacks(execute=True):
        for statement in statements:
            phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": "1"})
    # The flag stays set until the task runs, so three votes queue a single task.
    assert task.queued == [world.opinion_map.pk]
    services.opinion_map_recompute(world.opinion_map.pk)
    world.opinion_map.refresh_from_db()
    assert world.opinion_map.votes_computed == 3 and world.opinion_map.recompute_requested_at is None
    with django_capture_on_commit_callbacks(execute=True):
        phone.post(f"/join/{code}/map/", {"statement": statements[0].pk, "value": "0"})
    assert len(task.queued) == 2


def test_a_lost_recomputation_is_queued_again(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    """A flag left behind by a worker that died does not stop the map from updating."""
    task = RecordingTask()
    monkeypatch.setattr("samskap.opinions.tasks.opinion_map_recompute_task", task)
    OpinionMap.objects.filter(pk=world.opinion_map.pk).update(
        recompute_requested_at=timezone.now() - timedelta(minutes=10)
    )
    phone, code = map_participant(world)
    statement = world.opinion_map.statements.first()
    assert statement is not None
    with django_capture_on_commit_callbacks(execute=True):
        phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": "1"})
    assert task.queued == [world.opinion_map.pk]


def test_closing_a_map_computes_it_once_more(world: World, django_capture_on_commit_callbacks) -> None:
    phone, code = map_participant(world)
    statement = world.opinion_map.statements.first()
    assert statement is not None
    phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": "1"})  # never committed: no task ran
    with django_capture_on_commit_callbacks(execute=True):
        staff(world, "facilitator").post(f"/opinions/{world.opinion_map.pk}/open/", {"open": "0"})
    world.opinion_map.refresh_from_db()
    assert world.opinion_map.votes_computed == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_are_never_lost() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the PostgreSQL run covers concurrency")
    world = build_world()
    statement = world.opinion_map.statements.first()
    assert statement is not None
    phones = [map_participant(world) for _ in range(12)]
    errors: list[BaseException] = []

    def vote(phone: Client, code: str, value: str) -> None:
        try:
            for _ in range(3):
                response = phone.post(f"/join/{code}/map/", {"statement": statement.pk, "value": value})
                assert response.status_code == 302
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection, or the test database stays in use

    threads = [threading.Thread(target=vote, args=(p, c, str(i % 3 - 1))) for i, (p, c) in enumerate(phones)]
    threads += [threading.Thread(target=vote, args=(phones[0][0], phones[0][1], "1")) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Vote.objects.filter(statement=statement).count() == 12


def test_pol_is_import_and_export_round_trip(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("comments.csv", "participants-votes.csv", "votes.csv", "summary.csv"):
            archive.write(DATA / "bg2050-volunteers" / name, f"bg2050/{name}")
    client = staff(world, "facilitator")
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "bg2050.zip"
    response = client.post(f"/opinions/processes/{world.process.pk}/import/", {"title": "BG2050", "archive": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    opinion_map = OpinionMap.objects.get(title="BG2050")
    assert opinion_map.votes.count() == 14283 and not opinion_map.is_open
    assert opinion_map.result is not None and opinion_map.result["k"] == 2
    assert sorted(opinion_map.result["group_sizes"]) == [8, 100]
    page = client.get(response["Location"]).content.decode()
    assert "The Computational Democracy Project" in page  # CC BY 4.0 attribution
    exported = client.get(f"/opinions/{opinion_map.pk}/export.zip")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive, __import__("tempfile").TemporaryDirectory() as tmp:
        archive.extractall(tmp)
        again = read_polis_export(Path(tmp))
    assert len(again.votes) == 14283
    assert len(again.statements) == opinion_map.statements.count()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"not a zip", "not a .zip file"),
        (b"PK\x05\x06" + b"\x00" * 18, "no comments.csv"),
    ],
)
def test_bad_imports_explain_and_save_nothing(world: World, payload: bytes, message: str) -> None:
    client = staff(world, "facilitator")
    upload = io.BytesIO(payload)
    upload.name = "export.zip"
    before = OpinionMap.objects.count()
    response = client.post(f"/opinions/processes/{world.process.pk}/import/", {"archive": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert OpinionMap.objects.count() == before


def test_import_ignores_paths_in_the_archive(world: World, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil/comments.csv", "comment-id,moderated,comment-body\n0,1,Hei\n")
        archive.writestr("participants-votes.csv", "participant,group-id,0\n0,,1\n")
    opinion_map = services.opinion_map_import(
        actor=world.facilitator, process=world.process, title="", upload=buffer.getvalue()
    )
    assert opinion_map.statements.get().text == "Hei"
    assert not (tmp_path.parent / "evil").exists()


def test_the_event_page_lists_its_maps(world: World) -> None:
    html = staff(world, "host").get(f"/events/{world.event.pk}/").content.decode()
    assert f'href="/opinions/{world.opinion_map.pk}/"' in html


def test_the_organisation_page_lists_maps(world: World) -> None:
    html = staff(world, "facilitator").get(f"/o/{world.organisation.slug}/").content.decode()
    assert "Har vi truffet?" in html and "New opinion map" in html
    host_html = staff(world, "host").get(f"/o/{world.organisation.slug}/").content.decode()
    assert "Har vi truffet?" in host_html and "New opinion map" not in host_html


def test_small_groups_are_shown_only_to_those_who_run_the_process(world: World) -> None:
    result = {
        "k": 2,
        "participants": 25,
        "clustered": 25,
        "group_sizes": [20, SMALL_GROUP_MAX],
        "repness": {"0": [], "1": []},
        "consensus": {"agree": [], "disagree": []},
        "base": [[0.0, 0.0, 20, 0], [1.0, 1.0, 5, 1]],
        "group_informed_consensus": {},
    }
    OpinionMap.objects.filter(pk=world.opinion_map.pk).update(result=result)
    url = f"/opinions/{world.opinion_map.pk}/"
    assert "Group B · 5 participants" in staff(world, "facilitator").get(url).content.decode()
    for persona in ("host", "auditor"):
        html = staff(world, persona).get(url).content.decode()
        assert "Group B" not in html and "not shown separately" in html


WRITE_ROUTES = {
    "statement_add": lambda w: (f"/opinions/{w.opinion_map.pk}/statements/", {"text": "Ny påstand fra stab"}),
    "moderate": lambda w: (
        f"/opinions/{w.opinion_map.pk}/statements/{w.opinion_map.statements.earliest('pk').pk}/moderate/",
        {"decision": "reject", "reason": "Test"},
    ),
    "open": lambda w: (f"/opinions/{w.opinion_map.pk}/open/", {"open": "0"}),
}
EXPECTED_POST = {"owner": 302, "facilitator": 302, "host": 403, "auditor": 403, "outsider": 403}


@pytest.mark.parametrize("route", sorted(WRITE_ROUTES))
@pytest.mark.parametrize("persona", [*EXPECTED_POST, "participant", "anonymous"])
def test_only_those_who_run_the_process_change_a_map(world: World, route: str, persona: str) -> None:
    url, data = WRITE_ROUTES[route](world)
    before = (
        list(world.opinion_map.statements.values_list("pk", "status")),
        OpinionMap.objects.get(pk=world.opinion_map.pk).is_open,
    )
    response = staff(world, persona).post(url, data)
    if persona in EXPECTED_POST:
        assert response.status_code == EXPECTED_POST[persona]
    else:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    after = (
        list(world.opinion_map.statements.values_list("pk", "status")),
        OpinionMap.objects.get(pk=world.opinion_map.pk).is_open,
    )
    assert (before != after) == (EXPECTED_POST.get(persona) == 302)


def test_a_participant_of_one_map_cannot_use_another(world: World) -> None:
    phone, _code = map_participant(world)
    other_code = join_code_of(world.other_opinion_map)
    assert other_code is not None
    response = phone.get(f"/join/{other_code.code}/map/")
    assert response.status_code == 302 and response["Location"] == f"/join/{other_code.code}/"
    other_statement = world.other_opinion_map.statements.get()
    phone.post(f"/join/{other_code.code}/map/", {"statement": other_statement.pk, "value": "1"})
    assert not Vote.objects.exists()


def test_a_too_long_statement_says_so(world: World) -> None:
    phone, code = map_participant(world)
    response = phone.post(f"/join/{code}/map/", {"text": "x" * 400}, follow=True)
    assert "280 characters" in response.content.decode()
    assert not Statement.objects.filter(text__startswith="xxx").exists()


def test_a_participant_cannot_flood_the_moderation_queue(world: World) -> None:
    phone, code = map_participant(world)
    for n in range(services.MAX_PENDING_PER_PARTICIPANT + 3):
        phone.post(f"/join/{code}/map/", {"text": f"Påstand nummer {n}"})
    assert Statement.objects.filter(status=StatementStatus.PENDING).count() == services.MAX_PENDING_PER_PARTICIPANT


def test_the_export_numbers_voters_within_the_map_and_keeps_held_back_texts_out(
    world: World, django_capture_on_commit_callbacks
) -> None:
    phone, code = map_participant(world)
    phone.post(f"/join/{code}/map/", {"text": '=HYPERLINK("http://x") og mer'})
    phone.post(f"/join/{code}/map/", {"text": "Navnet til naboen min"})
    formula = Statement.objects.get(text__startswith="=HYPERLINK")
    services.statement_moderate(actor=world.facilitator, statement=formula, accept=True)
    rejected = Statement.objects.get(text="Navnet til naboen min")
    services.statement_moderate(actor=world.facilitator, statement=rejected, accept=False, reason="Personopplysninger")
    with django_capture_on_commit_callbacks(execute=True):
        _vote_in_camps(world, 12)
    archive = staff(world, "facilitator").get(f"/opinions/{world.opinion_map.pk}/export.zip").content
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        comments = files.read("comments.csv").decode()
        participants = files.read("participants-votes.csv").decode()
    assert "Navnet til naboen min" not in comments
    assert "'=HYPERLINK" in comments
    voter_ids = sorted(int(line.split(",")[0]) for line in participants.splitlines()[1:])
    assert voter_ids == list(range(12))
    grouped = [line.split(",")[1] for line in participants.splitlines()[1:]]
    assert set(grouped) == {"0", "1"}
    assert AuditEntry.objects.filter(action="opinion_map.export").exists()


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_damaged_or_odd_archives_are_refused_clearly(world: World) -> None:
    good = {
        "comments.csv": (DATA / "bg2050-volunteers" / "comments.csv").read_bytes(),
        "participants-votes.csv": (DATA / "bg2050-volunteers" / "participants-votes.csv").read_bytes(),
    }
    damaged = bytearray(_zip(good, compression=zipfile.ZIP_DEFLATED))
    damaged[200:260] = b"\x00" * 60  # inside the first member's compressed data
    late = {
        **good,
        "votes.csv": b"timestamp,datetime,comment-id,voter-id,vote\n99999999999999999,x,2,0,1\n",
    }
    for payload, message in (
        (bytes(damaged), "cannot be unpacked"),
        (_zip(late), "is not a time in milliseconds"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.opinion_map_import(actor=world.facilitator, process=world.process, title="", upload=payload)
        assert message in str(caught.value)
    assert not OpinionMap.objects.filter(title__icontains="Bowling").exists()


def test_result_headings_follow_the_page_outline(world: World, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _vote_in_camps(world, 12)
    phone, code = map_participant(world)
    page = phone.get(f"/join/{code}/map/results/").content.decode()
    assert '<h2 class="ds-heading" data-size="sm">What sets each group apart</h2>' in page
    assert '<h3 class="ds-heading" data-size="xs" id="group-A">' in page
    console = staff(world, "facilitator").get(f"/opinions/{world.opinion_map.pk}/").content.decode()
    assert '<h3 class="ds-heading" data-size="sm">What sets each group apart</h3>' in console


def test_a_map_code_on_a_table_address_goes_to_the_join_page(world: World) -> None:
    """Regression: /join/<map code>/here/ once failed with a server error."""
    phone, code = map_participant(world)
    response = phone.get(f"/join/{code}/here/")
    assert response.status_code == 302 and response["Location"] == f"/join/{code}/"
