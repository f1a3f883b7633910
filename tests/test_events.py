"""Events with dialogue tables, through the pages people use: a facilitator sets
up an event and runs rounds; participants write from their phones, agree and give
dots; hosts mark key points and write the summary; the facilitator moves, themes
and hides contributions; boards update; the event is exported."""

from __future__ import annotations

import csv
import io
import re
import uuid
from typing import Any

import pytest
from django.core.signing import get_cookie_signer
from django.test import Client

from samskap.core.models import AuditEntry, ConsentText, JoinCode, Participant
from samskap.core.participants import COOKIE_NAME, COOKIE_SALT
from samskap.core.services import participant_join
from samskap.events import services
from samskap.events.models import Contribution, DialogueTable, Event, Reaction, Registration, Round, Theme
from samskap.events.selectors import live_fingerprint
from samskap.events.services import contribution_create, theme_create
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _event_form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Dialogverksted om ettervern",
        "kind": "workshop",
        "mode": "hybrid",
        "starts_at": "2026-12-01T09:00",
        "ends_at": "2026-12-01T15:00",
        "place": "Kulturhuset",
        "video_url": "https://video.example/rom",
        "capacity": "100",
        "questions": "Hva mangler?\n\nHvem når vi ikke?\n",
        "tables": "3",
        "online_tables": "1",
    }
    data.update(overrides)
    return data


def _client(world: World, persona: str) -> Client:
    """A persona's client that has chosen English, so messages can be matched."""
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


def _participant_client(world: World, join_code: JoinCode | None = None, name: str = "") -> tuple[Client, Participant]:
    consents = list(ConsentText.objects.filter(language="nb", purpose="participation"))
    participant = participant_join(join_code=join_code or world.join_code, display_name=name, consents=consents)
    client = Client()
    client.cookies["django_language"] = "en"
    signer = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT)
    client.cookies[COOKIE_NAME] = signer.sign(str(participant.public_id))
    return client, participant


# Setting up ---------------------------------------------------------------------


def test_a_facilitator_creates_an_event_with_tables_and_join_codes(world: World) -> None:
    client = _client(world, "facilitator")
    response = client.post(f"/processes/{world.process.pk}/events/new/", _event_form())
    event = Event.objects.get(title="Dialogverksted om ettervern")
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/"
    assert [q.text for q in event.questions.all()] == ["Hva mangler?", "Hvem når vi ikke?"]
    tables = list(event.tables.order_by("number"))
    assert [(t.number, t.is_online) for t in tables] == [(1, False), (2, False), (3, False), (4, True)]
    assert [t.question.text for t in tables if t.question] == ["Hva mangler?", "Hvem når vi ikke?"] * 2
    assert JoinCode.objects.filter(target_id__in=[t.pk for t in tables], is_active=True).count() == 4
    page = client.get(f"/events/{event.pk}/")
    assert "Facilitator console" in page.content.decode()
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_at", "2026-12-01T08:00", "The event must end after it starts."),
        ("title", "", "This field is required."),
        ("tables", "101", "less than or equal to 100"),
        ("video_url", "javascript:alert(1)", "Enter a valid URL."),
        ("questions", "x" * 301, "Keep each question under 300 characters."),
    ],
)
def test_a_bad_event_form_says_what_is_wrong_and_saves_nothing(
    world: World, field: str, value: str, message: str
) -> None:
    before = Event.objects.count()
    response = _client(world, "facilitator").post(
        f"/processes/{world.process.pk}/events/new/", _event_form(**{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Event.objects.count() == before


def test_hosts_cannot_create_events_or_run_them(world: World) -> None:
    host = _client(world, "host")
    assert host.post(f"/processes/{world.process.pk}/events/new/", _event_form()).status_code == 403
    assert host.post(f"/events/{world.event.pk}/rounds/", {"action": "open", "round-minutes": "10"}).status_code == 403
    assert not Round.objects.exists()


def test_setup_changes_settings_tables_and_hosts(world: World) -> None:
    client = _client(world, "facilitator")
    url = f"/events/{world.event.pk}/setup/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"action": "settings", "settings-dot_budget": "5", "settings-contributions_visible": "on"}
    )
    assert response.status_code == 302
    world.event.refresh_from_db()
    assert (world.event.dot_budget, world.event.names_shown, world.event.contributions_visible) == (5, False, True)

    assert client.post(url, {"action": "add_tables", "add-count": "2", "add-online": "on"}).status_code == 302
    assert list(world.event.tables.order_by("number").values_list("number", "is_online")) == [
        (1, False),
        (2, False),
        (3, True),
        (4, True),
    ]
    table2 = world.event.tables.get(number=2)
    prefix = f"table-{table2.pk}"
    response = client.post(
        url,
        {
            "action": "table",
            "table": str(table2.pk),
            f"{prefix}-host": str(world.host.pk),
            f"{prefix}-perspective": "relative",
        },
    )
    assert response.status_code == 302
    table2.refresh_from_db()
    assert (table2.host, table2.question, table2.perspective) == (world.host, None, "relative")


def test_setup_refuses_bad_values(world: World) -> None:
    client = _client(world, "facilitator")
    url = f"/events/{world.event.pk}/setup/"
    response = client.post(url, {"action": "settings", "settings-dot_budget": "99"})
    assert response.status_code == 400
    assert "less than or equal to 20" in response.content.decode()
    other_question = world.other_table.event.questions.first()
    assert other_question is not None
    prefix = f"table-{world.table.pk}"
    response = client.post(
        url, {"action": "table", "table": str(world.table.pk), f"{prefix}-question": str(other_question.pk)}
    )
    assert response.status_code == 400
    world.table.refresh_from_db()
    assert world.table.question != other_question
    assert client.post(url, {"action": "nonsense"}).status_code == 404


# Rounds -------------------------------------------------------------------------


def test_rounds_open_extend_and_close_and_contributions_belong_to_the_open_round(world: World) -> None:
    client = _client(world, "facilitator")
    url = f"/events/{world.event.pk}/rounds/"
    client.post(url, {"action": "open", "round-minutes": "15"})
    first = Round.objects.get(event=world.event)
    assert (first.number, first.minutes, first.is_open) == (1, 15, True)
    participant_client, _participant = _participant_client(world)
    participant_client.post(f"/join/{world.join_code.code}/here/", {"text": "Mer tid med fastlegen"})
    assert Contribution.objects.get(text="Mer tid med fastlegen").round == first
    client.post(url, {"action": "extend", "round-minutes": "5"})
    first.refresh_from_db()
    assert first.minutes == 20
    client.post(url, {"action": "open", "round-minutes": "10"})
    first.refresh_from_db()
    second = Round.objects.get(event=world.event, number=2)
    assert not first.is_open and second.is_open
    client.post(url, {"action": "close"})
    assert not Round.objects.get(pk=second.pk).is_open
    response = client.post(url, {"action": "close"}, follow=True)
    assert "No round is open." in response.content.decode()
    response = client.post(url, {"action": "open", "round-minutes": "0"}, follow=True)
    assert "Minutes" in response.content.decode()
    assert Round.objects.filter(event=world.event).count() == 2
    assert AuditEntry.objects.filter(action="round.open").count() == 2


# Contributions and reactions ----------------------------------------------------------


def test_a_form_sent_twice_makes_one_contribution(world: World) -> None:
    client, _participant = _participant_client(world)
    key = str(uuid.uuid4())
    url = f"/join/{world.join_code.code}/here/"
    for _ in range(3):
        assert client.post(url, {"text": "Samme bidrag", "client_key": key}).status_code == 302
    assert Contribution.objects.filter(text="Samme bidrag").count() == 1


def test_another_device_cannot_reuse_a_key(world: World) -> None:
    first, _ = _participant_client(world)
    second, _ = _participant_client(world)
    key = str(uuid.uuid4())
    url = f"/join/{world.join_code.code}/here/"
    first.post(url, {"text": "Mitt bidrag", "client_key": key})
    response = second.post(url, {"text": "Noe annet", "client_key": key})
    assert response.status_code == 400
    assert "This form was already used" in response.content.decode()
    assert not Contribution.objects.filter(text="Noe annet").exists()


def test_a_host_types_in_once_even_when_sent_twice(world: World) -> None:
    client = _client(world, "host")
    key = str(uuid.uuid4())
    for _ in range(2):
        client.post(f"/tables/{world.table.pk}/", {"action": "contribute", "text": "Notert", "client_key": key})
    assert Contribution.objects.filter(text="Notert", entered_by=world.host).count() == 1


def test_participants_agree_and_give_dots_within_their_budget(world: World) -> None:
    world.event.dot_budget = 2
    world.event.save()
    author = world.participant
    texts = ["En", "To", "Tre"]
    contributions = [contribution_create(table=world.table, text=t, participant=author) for t in texts]
    client, participant = _participant_client(world)
    react = f"/join/{world.join_code.code}/here/react/"
    page = client.get(f"/join/{world.join_code.code}/here/").content.decode()
    assert "You have 2 of 2 dots left" in page
    for _ in range(2):  # a tap sent twice sets, it does not toggle
        client.post(react, {"contribution": contributions[0].pk, "kind": "agree", "on": "1"})
    assert Reaction.objects.filter(participant=participant, kind="agree").count() == 1
    client.post(react, {"contribution": contributions[0].pk, "kind": "dot", "on": "1"})
    client.post(react, {"contribution": contributions[1].pk, "kind": "dot", "on": "1"})
    response = client.post(react, {"contribution": contributions[2].pk, "kind": "dot", "on": "1"}, follow=True)
    assert "You have used all your 2 dots" in response.content.decode()
    assert Reaction.objects.filter(participant=participant, kind="dot").count() == 2
    client.post(react, {"contribution": contributions[0].pk, "kind": "dot", "on": "0"})
    client.post(react, {"contribution": contributions[2].pk, "kind": "dot", "on": "1"})
    assert set(Reaction.objects.filter(participant=participant, kind="dot").values_list("contribution", flat=True)) == {
        contributions[1].pk,
        contributions[2].pk,
    }


def test_a_reaction_by_htmx_redraws_the_list_with_the_error_inside(world: World) -> None:
    world.event.dot_budget = 0
    world.event.save()
    contribution = contribution_create(table=world.table, text="Bolig", participant=world.participant)
    client, _participant = _participant_client(world)
    response = client.post(
        f"/join/{world.join_code.code}/here/react/",
        {"contribution": contribution.pk, "kind": "dot", "on": "1"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="table-board"')
    assert "Dot voting is off at this event." in body


def test_reactions_only_reach_contributions_at_ones_own_table(world: World) -> None:
    table2 = world.event.tables.get(number=2)
    elsewhere = contribution_create(table=table2, text="Annet bord", entered_by=world.host)
    other_org = contribution_create(table=world.other_table, text="Annan kommun", entered_by=world.outsider)
    client, _participant = _participant_client(world)
    react = f"/join/{world.join_code.code}/here/react/"
    for contribution in (elsewhere, other_org):
        assert client.post(react, {"contribution": contribution.pk, "kind": "agree", "on": "1"}).status_code == 404
    assert client.post(react, {"contribution": "x", "kind": "agree", "on": "1"}).status_code == 404
    mine = contribution_create(table=world.table, text="Her", entered_by=world.host)
    response = client.post(react, {"contribution": mine.pk, "kind": "love", "on": "1"}, follow=True)
    assert "Unknown reaction." in response.content.decode()
    assert not Reaction.objects.exists()


def test_participants_see_others_without_names_unless_the_facilitator_shows_names(world: World) -> None:
    named_client, _named = _participant_client(world, name="Kari")
    named_client.post(f"/join/{world.join_code.code}/here/", {"text": "Kari skriver"})
    reader, _ = _participant_client(world)
    page = reader.get(f"/join/{world.join_code.code}/here/").content.decode()
    assert "Kari skriver" in page and ">Kari<" not in page
    world.event.names_shown = True
    world.event.save()
    page = reader.get(f"/join/{world.join_code.code}/here/").content.decode()
    assert ">Kari<" in page
    world.event.contributions_visible = False
    world.event.save()
    assert "Kari skriver" not in reader.get(f"/join/{world.join_code.code}/here/").content.decode()


# Moderation -------------------------------------------------------------------------


def test_the_facilitator_hides_moves_and_themes_contributions(world: World) -> None:
    client = _client(world, "facilitator")
    contribution = contribution_create(table=world.table, text="Navnet på en nabo", participant=world.participant)
    url = f"/contributions/{contribution.pk}/"
    response = client.post(url, {"action": "hide", "reason": ""}, follow=True)
    assert "Say why the contribution is hidden." in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.hidden_at is None
    client.post(url, {"action": "hide", "reason": "Navngir en person"})
    contribution.refresh_from_db()
    assert contribution.hidden_reason == "Navngir en person"
    assert "Navnet på en nabo" not in client.get(f"/events/{world.event.pk}/screen/").content.decode()
    assert (
        "Navnet på en nabo"
        not in _client(world, "participant").get(f"/join/{world.join_code.code}/here/").content.decode()
    )
    hidden_list = client.get(f"/events/{world.event.pk}/console/?show=hidden").content.decode()
    assert "Navnet på en nabo" in hidden_list and "Navngir en person" in hidden_list
    client.post(url, {"action": "show"})
    contribution.refresh_from_db()
    assert contribution.hidden_at is None

    table2 = world.event.tables.get(number=2)
    client.post(url, {"action": "move", "table": table2.pk})
    contribution.refresh_from_db()
    assert contribution.table == table2
    client.post(url, {"action": "move", "table": world.other_table.pk})
    contribution.refresh_from_db()
    assert contribution.table == table2

    theme = theme_create(actor=world.facilitator, event=world.event, name="Bolig")
    client.post(url, {"action": "theme", "theme": theme.pk})
    contribution.refresh_from_db()
    assert contribution.theme == theme
    other_theme = theme_create(actor=world.outsider, event=world.other_table.event, name="Boende")
    assert client.post(url, {"action": "theme", "theme": other_theme.pk}).status_code == 404
    client.post(url, {"action": "theme", "theme": ""})
    assert Contribution.objects.get(pk=contribution.pk).theme is None
    actions = set(AuditEntry.objects.filter(object_id=str(contribution.pk)).values_list("action", flat=True))
    assert {"contribution.hide", "contribution.show", "contribution.move", "contribution.theme"} <= actions


def test_a_host_marks_key_points_at_their_own_table_only(world: World) -> None:
    host = _client(world, "host")
    mine = contribution_create(table=world.table, text="Viktig", participant=world.participant)
    table2 = world.event.tables.get(number=2)
    theirs = contribution_create(table=table2, text="Annet", entered_by=world.facilitator)
    assert host.post(f"/contributions/{mine.pk}/", {"action": "key_point"}).status_code == 302
    mine.refresh_from_db()
    assert mine.is_key_point
    assert host.post(f"/contributions/{theirs.pk}/", {"action": "key_point"}).status_code == 403
    assert host.post(f"/contributions/{mine.pk}/", {"action": "hide", "reason": "x"}).status_code == 403
    assert _client(world, "outsider").post(f"/contributions/{mine.pk}/", {"action": "key_point"}).status_code == 403
    assert _client(world, "owner").post("/contributions/999999/", {"action": "key_point"}).status_code == 404
    mine.refresh_from_db()
    assert mine.hidden_at is None


def test_a_hosts_cards_say_who_wrote_what_and_how_the_table_reacted(world: World) -> None:
    event = world.event
    named_client, named = _participant_client(world, name="Kari")
    contribution_create(table=world.table, text="Ettervern & bolig", participant=named, role_label="relative")
    typed = contribution_create(table=world.table, text="Skrevet inn", entered_by=world.host)
    anonymous = contribution_create(table=world.table, text="Uten navn", participant=world.participant)
    for client, kind in ((named_client, "agree"), (_participant_client(world)[0], "agree"), (named_client, "dot")):
        client.post(f"/join/{world.join_code.code}/here/react/", {"contribution": typed.pk, "kind": kind, "on": "1"})
    services.contribution_mark_key_point(actor=world.host, contribution=anonymous, is_key_point=True)
    host = Client(enforce_csrf_checks=True)
    host.force_login(world.host)
    host.cookies["django_language"] = "en"

    def cards() -> list[str]:
        block = host.get(f"/tables/{world.table.pk}/live/").content.decode()
        words = (re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", "<li" + c)).strip() for c in block.split("<li")[1:])
        return [card for card in words if not card.startswith("Bolig først!")]  # the world's own

    event.names_shown = False
    event.save(update_fields=["names_shown"])
    assert cards() == [
        "Ettervern &amp; bolig anonymous · Relative Mark as key point Make an idea of this",
        "Skrevet inn typed in by the host · 2 agree · 1 dot Mark as key point Make an idea of this",
        "Uten navn anonymous · Service user · key point Not a key point Make an idea of this",
    ]
    event.names_shown = True
    event.save(update_fields=["names_shown"])
    assert cards()[0].startswith("Ettervern &amp; bolig Kari · Relative")
    # The card's own form carries a token Django takes.
    block = host.get(f"/tables/{world.table.pk}/live/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', block)
    assert token is not None
    response = host.post(f"/contributions/{typed.pk}/", {"action": "key_point", "csrfmiddlewaretoken": token[1]})
    assert response.status_code == 302
    typed.refresh_from_db()
    assert typed.is_key_point


def test_a_next_address_outside_the_site_is_ignored(world: World) -> None:
    contribution = contribution_create(table=world.table, text="Viktig", participant=world.participant)
    response = _client(world, "facilitator").post(
        f"/contributions/{contribution.pk}/", {"action": "key_point", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/tables/{world.table.pk}/#contribution-{contribution.pk}"


def test_a_key_point_is_said_and_the_page_comes_back_at_its_card(world: World) -> None:
    contribution = contribution_create(table=world.table, text="Viktig", participant=world.participant)
    host = _client(world, "host")
    url = f"/tables/{world.table.pk}/"
    response = host.post(f"/contributions/{contribution.pk}/", {"action": "key_point", "next": f"{url}#top"})
    assert response["Location"] == f"{url}#contribution-{contribution.pk}"
    assert "Marked as a key point." in host.get(url).content.decode()
    host.post(f"/contributions/{contribution.pk}/", {"action": "not_key_point", "next": url})
    assert "No longer a key point." in host.get(url).content.decode()


def test_the_host_writes_the_tables_summary(world: World) -> None:
    client = _client(world, "host")
    url = f"/tables/{world.table.pk}/"
    response = client.post(url, {"action": "summary", "summary": "x" * 4001})
    assert response.status_code == 400
    client.post(url, {"action": "summary", "summary": "Vi var enige om bolig først."})
    world.table.refresh_from_db()
    assert world.table.summary == "Vi var enige om bolig først."
    report = _client(world, "facilitator").get(f"/events/{world.event.pk}/report/").content.decode()
    assert "Vi var enige om bolig først." in report


# Themes ---------------------------------------------------------------------------


HOUSING = ["Bolig først for alle", "Trygg bolig etter behandling", "Boligen må komme før behandling"]
WAITING = ["Ventetiden er for lang", "For lang ventetid på hjelp", "Ventetid hos DPS er lang"]


def test_suggested_themes_are_confirmed_renamed_merged_and_removed(world: World) -> None:
    for text in HOUSING + WAITING:
        contribution_create(table=world.table, text=text, entered_by=world.host)
    client = _client(world, "facilitator")
    url = f"/events/{world.event.pk}/themes/"
    page = client.get(url + "?suggest=1").content.decode()
    assert "Suggestion 1" in page and "Suggestion 2" in page
    housing_ids = ",".join(str(c.pk) for c in Contribution.objects.filter(text__in=HOUSING))
    waiting_ids = ",".join(str(c.pk) for c in Contribution.objects.filter(text__in=WAITING))
    client.post(
        url,
        {
            "action": "confirm",
            "keep": ["0", "1"],
            "name-0": "Bolig",
            "members-0": housing_ids,
            "name-1": "Ventetid",
            "members-1": waiting_ids + f",{world.other_table.pk},x",
        },
    )
    bolig = Theme.objects.get(event=world.event, name="Bolig")
    ventetid = Theme.objects.get(event=world.event, name="Ventetid")
    assert set(bolig.contributions.values_list("text", flat=True)) == set(HOUSING)
    assert set(ventetid.contributions.values_list("text", flat=True)) == set(WAITING)

    response = client.post(url, {"action": "rename", "theme": ventetid.pk, "name": "bolig"}, follow=True)
    assert "There is already a theme called “bolig”." in response.content.decode()
    client.post(url, {"action": "rename", "theme": ventetid.pk, "name": "Ventetid og tilgang"})
    ventetid.refresh_from_db()
    assert ventetid.name == "Ventetid og tilgang"
    client.post(url, {"action": "merge", "theme": ventetid.pk, "into": bolig.pk})
    assert not Theme.objects.filter(pk=ventetid.pk).exists()
    assert bolig.contributions.count() == 6
    client.post(url, {"action": "delete", "theme": bolig.pk})
    assert not Theme.objects.filter(event=world.event).exists()
    assert not Contribution.objects.filter(theme__isnull=False).exists()
    response = client.post(url, {"action": "confirm"}, follow=True)
    assert "Tick at least one suggestion to keep." in response.content.decode()


def test_themes_of_another_event_cannot_be_touched(world: World) -> None:
    other_theme = theme_create(actor=world.outsider, event=world.other_table.event, name="Boende")
    client = _client(world, "facilitator")
    url = f"/events/{world.event.pk}/themes/"
    assert client.post(url, {"action": "delete", "theme": other_theme.pk}).status_code == 404
    assert client.post(url, {"action": "rename", "theme": other_theme.pk, "name": "X"}).status_code == 404
    assert Theme.objects.filter(pk=other_theme.pk, name="Boende").exists()
    assert _client(world, "host").post(url, {"action": "create", "name": "Bolig"}).status_code == 403


# Live boards -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("facilitator", "/events/{event}/screen/board/"),
        ("facilitator", "/events/{event}/console/live/"),
        ("host", "/tables/{table}/live/"),
        ("participant", "/join/{code}/here/board/"),
    ],
)
def test_live_blocks_answer_no_content_until_something_changes(world: World, persona: str, path: str) -> None:
    client = _client(world, persona)
    url = path.format(event=world.event.pk, table=world.table.pk, code=world.join_code.code)
    first = client.get(url)
    assert first.status_code == 200
    fingerprint = first.content.decode().split("?v=")[1].split('"')[0].split("&")[0]
    assert client.get(f"{url}?v={fingerprint}").status_code == 204
    contribution_create(table=world.table, text="Nytt bidrag", entered_by=world.host)
    changed = client.get(f"{url}?v={fingerprint}")
    assert changed.status_code == 200
    if persona != "facilitator" or "screen" in path:
        assert "Nytt bidrag" in changed.content.decode()


def test_the_plenary_screen_shows_contributions_by_table_and_by_theme(world: World) -> None:
    contribution = contribution_create(table=world.table, text="Bolig først", entered_by=world.host)
    theme = theme_create(actor=world.facilitator, event=world.event, name="Bolig")
    contribution.theme = theme
    contribution.save()
    client = _client(world, "facilitator")
    by_table = client.get(f"/events/{world.event.pk}/screen/").content.decode()
    assert "Table 1" in by_table and "Bolig først" in by_table
    by_theme = client.get(f"/events/{world.event.pk}/screen/?by=theme").content.decode()
    assert ">Bolig <" in by_theme or "Bolig <span" in by_theme
    assert "No theme yet" in by_theme  # the world's own contribution has none


def test_the_plenary_screens_cards_follow_counts_names_and_key_points(world: World) -> None:
    event = world.event
    named_client, named = _participant_client(world, name="Kari")
    contribution = contribution_create(table=world.table, text="Bolig & arbeid", participant=named)
    screen = _client(world, "facilitator")

    def card() -> str:
        board = screen.get(f"/events/{event.pk}/screen/board/").content.decode()
        drawn = next(c for c in board.split("<li")[1:] if "Bolig &amp; arbeid" in c)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", "<li" + drawn.split("</li>")[0])).strip()

    assert card() == "Bolig &amp; arbeid"
    react = f"/join/{world.join_code.code}/here/react/"
    named_client.post(react, {"contribution": contribution.pk, "kind": "agree", "on": "1"})
    assert card() == "Bolig &amp; arbeid 1 agrees"
    _participant_client(world)[0].post(react, {"contribution": contribution.pk, "kind": "agree", "on": "1"})
    named_client.post(react, {"contribution": contribution.pk, "kind": "dot", "on": "1"})
    assert card() == "Bolig &amp; arbeid 2 agree · 1 dot"
    event.names_shown = True
    event.save(update_fields=["names_shown"])
    assert card() == "Bolig &amp; arbeid Kari · 2 agree · 1 dot"
    services.contribution_mark_key_point(actor=world.host, contribution=contribution, is_key_point=True)
    assert card() == "Key point: Bolig &amp; arbeid Kari · 2 agree · 1 dot"
    named_client.post(react, {"contribution": contribution.pk, "kind": "agree", "on": "0"})
    assert card() == "Key point: Bolig &amp; arbeid Kari · 1 agrees · 1 dot"


# Export -----------------------------------------------------------------------------


def test_the_csv_export_has_every_contribution_and_no_formulas(world: World) -> None:
    contribution_create(table=world.table, text='=HYPERLINK("http://x")', entered_by=world.host)
    hidden = contribution_create(table=world.table, text="Skjult", entered_by=world.host)
    _client(world, "facilitator").post(f"/contributions/{hidden.pk}/", {"action": "hide", "reason": "Duplikat"})
    response = _client(world, "facilitator").get(f"/events/{world.event.pk}/contributions.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    texts = [row[5] for row in rows[1:]]
    assert "Bolig først!" in texts
    assert '\'=HYPERLINK("http://x")' in texts
    hidden_row = next(row for row in rows if row[5] == "Skjult")
    assert hidden_row[11] == "yes" and hidden_row[12] == "Duplikat"
    assert AuditEntry.objects.filter(action="event.export").exists()


def test_the_report_leaves_out_hidden_contributions(world: World) -> None:
    hidden = contribution_create(table=world.table, text="Skjult tekst", entered_by=world.host)
    _client(world, "facilitator").post(f"/contributions/{hidden.pk}/", {"action": "hide", "reason": "Navn"})
    report = _client(world, "facilitator").get(f"/events/{world.event.pk}/report/").content.decode()
    assert "Bolig først!" in report
    assert "Skjult tekst" not in report
    assert "1 hidden by the facilitator is left out" in report


def test_a_table_of_another_event_is_not_a_target(world: World) -> None:
    assert isinstance(world.other_table, DialogueTable)
    response = _client(world, "facilitator").get(f"/events/{world.other_table.event.pk}/console/")
    assert response.status_code == 403


def test_a_phone_is_not_redrawn_for_words_written_at_another_table(world: World) -> None:
    client = _client(world, "participant")
    url = f"/join/{world.join_code.code}/here/board/"
    fingerprint = client.get(url).content.decode().split("?v=")[1].split('"')[0]
    contribution_create(table=world.event.tables.get(number=2), text="Annet bord", entered_by=world.host)
    assert client.get(f"{url}?v={fingerprint}").status_code == 204
    screen = _client(world, "facilitator").get(f"/events/{world.event.pk}/screen/board/?v={fingerprint}")
    assert screen.status_code == 200  # the plenary screen shows every table


def test_the_live_fingerprint_changes_with_everything_a_board_shows(world: World) -> None:
    event, table, actor = world.event, world.table, world.facilitator
    other_table = event.tables.get(number=2)
    host = _client(world, "host")

    def host_print() -> str:
        block = host.get(f"/tables/{table.pk}/live/").content.decode()
        return block.split("?v=")[1].split('"')[0]

    prints = {"event": live_fingerprint(event), "host": host_print()}

    def changed() -> set[str]:
        now = {"event": live_fingerprint(event), "host": host_print()}
        differs = {name for name in now if now[name] != prints[name]}
        prints.update(now)
        return differs

    assert changed() == set()  # asked again, nothing happened
    contribution = contribution_create(table=table, text="Ettervern", entered_by=world.host)
    assert changed() == {"event", "host"}
    contribution_create(table=other_table, text="Annet bord", entered_by=world.host)
    assert changed() == {"event"}  # table 1's host is not redrawn for table 2
    participant = _participant_client(world)[1]
    services.reaction_set(participant=participant, event=event, contribution=contribution, kind="agree", on=True)
    assert changed() == {"event", "host"}
    services.reaction_set(participant=participant, event=event, contribution=contribution, kind="agree", on=False)
    assert changed() == {"event", "host"}
    services.contribution_mark_key_point(actor=actor, contribution=contribution, is_key_point=True)
    assert changed() == {"event", "host"}
    services.contribution_hide(actor=actor, contribution=contribution, reason="Feil bord")
    assert changed() == {"event", "host"}
    services.round_open(actor=actor, event=event, minutes=10)
    assert changed() == {"event", "host"}
    services.round_extend(actor=actor, event=event, minutes=5)
    assert changed() == {"event", "host"}
    services.round_close(actor=actor, event=event)
    assert changed() == {"event", "host"}
    theme = services.theme_create(actor=actor, event=event, name="Bolig")
    assert changed() == {"event"}  # the host's block shows no themes
    services.theme_rename(actor=actor, theme=theme, name="Bustad")
    assert changed() == {"event"}
    services.table_summary_save(actor=actor, table=other_table, summary="Vi snakket om bolig.")
    assert changed() == {"event"}
    event.names_shown = not event.names_shown
    event.save(update_fields=["names_shown"])
    assert changed() == {"event", "host"}


def test_a_phones_poll_when_nothing_changed_costs_four_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    # Hundreds of phones ask every few seconds: the participant with their join code, the
    # table with its event, and the table's board (its cards and its round); nothing else.
    client = _client(world, "participant")
    url = f"/join/{world.join_code.code}/here/board/"
    fingerprint = client.get(url).content.decode().split("?v=")[1].split('"')[0]
    with django_assert_max_num_queries(4):
        assert client.get(f"{url}?v={fingerprint}", headers={"HX-Request": "true"}).status_code == 204


def _card(board: str, contribution_id: int, kind: str) -> str:
    """The button of `kind` on the card of `contribution_id`, as the board drew it."""
    found = re.search(f'<button[^>]*id="{kind}-{contribution_id}"[^>]*>[^<]*</button>', board)
    assert found, f"no {kind} button on card {contribution_id}"
    return found.group(0)


def test_each_phone_sees_its_own_reactions_on_cards_drawn_once_for_all(world: World) -> None:
    world.event.dot_budget = 2
    world.event.save()
    first = contribution_create(table=world.table, text="Bolig <først>", entered_by=world.host)
    second = contribution_create(table=world.table, text="Arbeid & aktivitet", entered_by=world.host)
    agreeing, _one = _participant_client(world)
    other, _two = _participant_client(world)
    react = f"/join/{world.join_code.code}/here/react/"
    htmx = {"HX-Request": "true"}
    board = agreeing.post(react, {"contribution": first.pk, "kind": "agree", "on": "1"}, headers=htmx).content.decode()
    assert 'aria-pressed="true"' in _card(board, first.pk, "agree") and "(1)" in _card(board, first.pk, "agree")
    assert 'aria-pressed="false"' in _card(board, second.pk, "agree")
    # The other phone gets the same cards, drawn before, with its own state and counts as they are now.
    board = other.get(f"/join/{world.join_code.code}/here/board/", headers=htmx).content.decode()
    assert 'aria-pressed="false"' in _card(board, first.pk, "agree") and "(1)" in _card(board, first.pk, "agree")
    assert 'data-variant="secondary"' in _card(board, first.pk, "agree")
    assert "Bolig &lt;først&gt;" in board and "Arbeid &amp; aktivitet" in board and "<først>" not in board
    # A pressed button takes the reaction back; an unpressed one gives it.
    assert 'name="on" value="0"' not in board
    board = agreeing.get(f"/join/{world.join_code.code}/here/board/", headers=htmx).content.decode()
    assert board.count('name="on" value="0"') == 1


def test_a_cards_token_is_the_phones_own_and_works(world: World) -> None:
    contribution = contribution_create(table=world.table, text="Ettervern", entered_by=world.host)
    _plain, participant = _participant_client(world)
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    client.cookies[COOKIE_NAME] = get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign(str(participant.public_id))
    page = client.get(f"/join/{world.join_code.code}/here/").content.decode()
    card = page[page.index(f'id="text-{contribution.pk}"') :]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card)
    assert found, "the card carries no token"
    token = found.group(1)
    react = f"/join/{world.join_code.code}/here/react/"
    data = {"contribution": contribution.pk, "kind": "agree", "on": "1"}
    assert client.post(react, data).status_code == 403
    assert client.post(react, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert Reaction.objects.filter(participant=participant, kind="agree").count() == 1


def test_cards_are_drawn_in_each_phones_language(world: World) -> None:
    contribution_create(table=world.table, text="Ettervern", entered_by=world.host)
    english, _one = _participant_client(world)
    norwegian, _two = _participant_client(world)
    norwegian.cookies["django_language"] = "nb"
    url = f"/join/{world.join_code.code}/here/board/"
    assert ">Agree (0)<" in english.get(url).content.decode()
    assert ">Enig (0)<" in norwegian.get(url).content.decode()
    assert ">Agree (0)<" in english.get(url).content.decode()


def test_dots_on_a_contribution_hidden_since_are_given_back(world: World) -> None:
    world.event.dot_budget = 1
    world.event.save()
    first = contribution_create(table=world.table, text="Første", entered_by=world.host)
    second = contribution_create(table=world.table, text="Andre", entered_by=world.host)
    client, participant = _participant_client(world)
    react = f"/join/{world.join_code.code}/here/react/"
    client.post(react, {"contribution": first.pk, "kind": "dot", "on": "1"})
    _client(world, "facilitator").post(f"/contributions/{first.pk}/", {"action": "hide", "reason": "Duplikat"})
    assert "You have 1 of 1 dots left" in client.get(f"/join/{world.join_code.code}/here/").content.decode()
    client.post(react, {"contribution": second.pk, "kind": "dot", "on": "1"})
    client.post(react, {"contribution": first.pk, "kind": "dot", "on": "0"})  # taking back still works
    assert list(Reaction.objects.filter(participant=participant).values_list("contribution", flat=True)) == [second.pk]


def test_each_thanks_names_a_new_number_even_after_a_contribution_was_hidden(world: World) -> None:
    client, participant = _participant_client(world)
    url, htmx = f"/join/{world.join_code.code}/here/", {"HX-Request": "true"}

    def send(text: str) -> str:
        return client.post(url, {"client_key": uuid.uuid4(), "text": text}, headers=htmx).content.decode()

    assert "Thank you! Contribution number 1 was sent." in send("Første")
    first = Contribution.objects.get(participant=participant)
    _client(world, "facilitator").post(f"/contributions/{first.pk}/", {"action": "hide", "reason": "Navn"})
    answer = send("Andre")
    # A screen reader says a status line again only when its words changed.
    assert "Thank you! Contribution number 2 was sent." in answer
    assert "Andre" in answer and "Første" not in answer  # the own list shows what is not hidden


def test_a_hosts_cards_are_drawn_in_the_hosts_language_escaped_with_the_hosts_own_token(world: World) -> None:
    _phone, named = _participant_client(world, name="<b>Kari</b>")
    contribution_create(table=world.table, text="Bolig <først>", participant=named, role_label="relative")
    world.event.names_shown = True
    world.event.save(update_fields=["names_shown"])
    url = f"/tables/{world.table.pk}/live/"
    english, norwegian = _client(world, "host"), _client(world, "host")
    norwegian.cookies["django_language"] = "nb"
    in_english, in_norwegian = english.get(url).content.decode(), norwegian.get(url).content.decode()
    assert "&lt;b&gt;Kari&lt;/b&gt; · Relative" in in_english and "<b>Kari" not in in_english
    assert "Bolig &lt;først&gt;" in in_english and "<først>" not in in_english
    assert "&lt;b&gt;Kari&lt;/b&gt; · Pårørende" in in_norwegian and ">Merk som nøkkelpunkt<" in in_norwegian
    assert "&lt;b&gt;Kari&lt;/b&gt; · Relative" in english.get(url).content.decode()  # each its own language

    def tokens(block: str) -> set[str]:
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', block))

    # The same drawn card, a fresh mask of each host's own secret in it.
    assert len(tokens(in_english)) == 1 and tokens(in_english) != tokens(english.get(url).content.decode())


def test_a_table_host_must_have_a_role_in_the_process(world: World) -> None:
    prefix = f"table-{world.table.pk}"
    response = _client(world, "facilitator").post(
        f"/events/{world.event.pk}/setup/",
        {"action": "table", "table": str(world.table.pk), f"{prefix}-host": str(world.outsider.pk)},
    )
    assert response.status_code == 400
    world.table.refresh_from_db()
    assert world.table.host == world.host


# Registration and check-in ------------------------------------------------------------


def _open_registration(world: World, capacity: int | None = 2, **asks: bool) -> None:
    data = {"action": "registration", "registration-registration_open": "on"}
    if capacity is not None:
        data["registration-capacity"] = str(capacity)
    for name, on in asks.items():
        if on:
            data[f"registration-{name}"] = "on"
    response = _client(world, "facilitator").post(f"/events/{world.event.pk}/setup/", data)
    assert response.status_code == 302


def _register(email: str, event: Event, **extra: str) -> str:
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post(f"/events/{event.pk}/register/", {"name": "Kari Nordmann", "email": email, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_registration_confirms_within_capacity_then_waits_and_moves_up(world: World) -> None:
    _open_registration(world, capacity=2)
    first = _register("a@example.no", world.event)
    _register("b@example.no", world.event)
    third = _register("c@example.no", world.event)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"a@example.no": "confirmed", "b@example.no": "confirmed", "c@example.no": "waiting"}
    client = Client()
    client.cookies["django_language"] = "en"
    assert "You are number 1 on the waiting list." in client.get(third).content.decode()
    page = client.get(first)
    assert page["Referrer-Policy"] == "same-origin"
    assert "Check-in code" in page.content.decode()
    client.post(first, {"action": "cancel"})
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["a@example.no"] == "cancelled" and statuses["c@example.no"] == "confirmed"
    assert "You have a place" in client.get(third).content.decode()
    assert AuditEntry.objects.filter(action="registration.promote").count() == 1


def test_a_larger_capacity_moves_people_up(world: World) -> None:
    _open_registration(world, capacity=1)
    _register("a@example.no", world.event)
    _register("b@example.no", world.event)
    _open_registration(world, capacity=2)
    assert not Registration.objects.filter(status="waiting").exists()


def test_registration_asks_only_what_the_organiser_switched_on(world: World) -> None:
    _open_registration(world, capacity=None, asks_role=False)
    client = Client()
    page = client.get(f"/events/{world.event.pk}/register/").content.decode()
    assert 'name="role"' not in page and 'name="dietary"' not in page
    _register("a@example.no", world.event, role="service_user", dietary="Glutenfri")
    registration = Registration.objects.get()
    assert (registration.role, registration.dietary) == ("", "")
    _open_registration(world, capacity=None, asks_role=True, asks_mode=True, asks_dietary=True)
    response = client.post(f"/events/{world.event.pk}/register/", {"name": "Ola", "email": "o@example.no"})
    assert response.status_code == 400
    _register("b@example.no", world.event, role="relative", mode="online", dietary="Vegetar")
    registration = Registration.objects.get(email="b@example.no")
    assert (registration.role, registration.mode, registration.dietary) == ("relative", "online", "Vegetar")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@example.no"}, "This field is required."),
        ({"name": "Kari", "email": "not-an-address"}, "Enter a valid email address."),
        ({"name": "K" * 121, "email": "a@example.no"}, "at most 120 characters"),
    ],
)
def test_a_bad_registration_says_what_is_wrong(world: World, data: dict[str, str], message: str) -> None:
    _open_registration(world, capacity=None, asks_role=False)
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post(f"/events/{world.event.pk}/register/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_the_same_email_registers_once(world: World) -> None:
    _open_registration(world, capacity=None, asks_role=False)
    _register("a@example.no", world.event)
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post(f"/events/{world.event.pk}/register/", {"name": "Kari", "email": "A@Example.no"})
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


def test_check_in_by_code_and_attendance_by_role(world: World) -> None:
    _open_registration(world, capacity=1, asks_role=True)
    first = _register("a@example.no", world.event, role="service_user")
    _register("b@example.no", world.event, role="staff")
    registration = Registration.objects.get(email="a@example.no")
    waiting = Registration.objects.get(email="b@example.no")
    facilitator = _client(world, "facilitator")
    url = f"/events/{world.event.pk}/checkin/"
    page = facilitator.get(f"{url}?code={registration.checkin_code}").content.decode()
    assert f'value="{registration.checkin_code}"' in page
    facilitator.post(url, {"code": registration.checkin_code.lower()})
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    response = facilitator.post(url, {"code": waiting.checkin_code})
    assert "still on the waiting list" in response.content.decode()
    response = facilitator.post(url, {"code": "ZZZZZZ"})
    assert "No registration has the code ZZZZZZ." in response.content.decode()
    page = facilitator.get(url).content.decode()
    assert "1 of 1 checked in · 1 waiting" in page
    assert first  # the participant's own page is tested above
    assert _client(world, "host").post(url, {"code": registration.checkin_code}).status_code == 403


def test_registration_is_closed_until_opened_and_tokens_do_not_leak(world: World) -> None:
    client = Client()
    assert client.get(f"/events/{world.event.pk}/register/").status_code == 404
    assert client.post(f"/events/{world.event.pk}/register/", {"name": "X", "email": "x@example.no"}).status_code == 404
    _open_registration(world, capacity=None, asks_role=False)
    location = _register("a@example.no", world.event)
    assert client.get(location.rstrip("/") + "x/").status_code == 404
    assert client.post(location, {"action": "delete"}).status_code == 404


# Innovation camps ----------------------------------------------------------------------


def _camp(world: World, people: int = 12) -> Event:
    from samskap.events.services import camp_challenge_create, event_registration_update, registration_create

    event = world.event
    event.kind = "innovation_camp"
    event.save()
    event_registration_update(
        actor=world.facilitator,
        event=event,
        registration_open=True,
        capacity=None,
        asks_role=True,
        asks_mode=True,
        asks_interpreting=False,
        asks_accessibility=False,
        asks_dietary=False,
    )
    first = camp_challenge_create(actor=world.facilitator, event=event, title="Unge voksne")
    second = camp_challenge_create(actor=world.facilitator, event=event, title="Pårørende")
    roles = ["service_user", "relative", "staff", "researcher", "entrepreneur", "staff"]
    for number in range(people):
        registration_create(
            event=event,
            name=f"Person {number}",
            email=f"p{number}@example.no",
            role=roles[number % len(roles)],
            mode="online" if number >= people - 4 else "room",
            team_name="Sammen" if number in (0, 1) else "",
            challenge_choices=[first.pk] if number % 3 else [second.pk, first.pk],
        )
    return event


def test_a_camp_registration_asks_for_a_team_and_challenge_choices(world: World) -> None:
    event = _camp(world, people=0)
    page = Client().get(f"/events/{event.pk}/register/").content.decode()
    assert 'name="team_name"' in page and 'name="first_choice"' in page
    first, second = event.challenges.all()
    response = Client().post(
        f"/events/{event.pk}/register/",
        {
            "name": "Kari",
            "email": "k@example.no",
            "role": "relative",
            "mode": "room",
            "first_choice": second.pk,
            "second_choice": first.pk,
            "team_name": "Sammen",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="k@example.no")
    assert (registration.challenge_choices, registration.team_name) == ([second.pk, first.pk], "Sammen")
    response = Client().post(
        f"/events/{event.pk}/register/",
        {
            "name": "Ola",
            "email": "o@example.no",
            "role": "staff",
            "mode": "room",
            "first_choice": first.pk,
            "second_choice": first.pk,
        },
    )
    assert response.status_code == 400
    other = world.other_table.event
    from samskap.events.services import camp_challenge_create

    foreign = camp_challenge_create(actor=world.outsider, event=other, title="Annan")
    response = Client().post(
        f"/events/{event.pk}/register/",
        {"name": "Ola", "email": "o@example.no", "role": "staff", "mode": "room", "first_choice": foreign.pk},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(email="o@example.no").exists()


def test_the_facilitator_forms_teams_and_adjusts_them_by_hand(world: World) -> None:
    from samskap.events.models import CampTeam, CampTeamMember

    event = _camp(world)
    client = _client(world, "facilitator")
    url = f"/events/{event.pk}/camp/"
    response = client.post(url, {"action": "form_teams", "teams-team_size": "4"})
    assert response.status_code == 302
    teams = list(CampTeam.objects.filter(event=event))
    assert sum(team.members.count() for team in teams) == 12
    assert {team.mode for team in teams} == {"room", "online"}
    together = set(CampTeamMember.objects.filter(registration__team_name="Sammen").values_list("team", flat=True))
    assert len(together) == 1
    page = client.get(url).content.decode()
    assert "Quality of the teams" in page

    member = CampTeamMember.objects.filter(team__mode="room").first()
    assert member is not None
    target = CampTeam.objects.filter(event=event).exclude(pk=member.team_id).first()
    assert target is not None
    client.post(url, {"action": "move", "member": member.pk, "team": target.pk})
    member.refresh_from_db()
    assert member.team == target
    client.post(url, {"action": "team", "team": target.pk, "name": "Brobyggerne", "challenge": ""})
    target.refresh_from_db()
    assert (target.name, target.challenge) == ("Brobyggerne", None)
    assert AuditEntry.objects.filter(action="camp_team.move").exists()

    # Ids from another event are not reachable.
    assert client.post(url, {"action": "move", "member": member.pk, "team": 999999}).status_code == 404
    assert (
        client.post(url, {"action": "team", "team": target.pk, "name": "X", "challenge": "999999"}).status_code == 404
    )
    assert _client(world, "host").post(url, {"action": "form_teams", "teams-team_size": "4"}).status_code == 403
    response = client.post(url, {"action": "form_teams", "teams-team_size": "11"})
    assert response.status_code == 400


def test_a_cancelled_place_leaves_its_team_and_a_late_one_is_added_by_hand(world: World) -> None:
    from samskap.events.models import CampTeam, CampTeamMember
    from samskap.events.services import registration_create

    event = _camp(world, people=8)
    client = _client(world, "facilitator")
    url = f"/events/{event.pk}/camp/"
    client.post(url, {"action": "form_teams", "teams-team_size": "4"})
    leaving = Registration.objects.get(email="p3@example.no")
    Client().post(f"/registrations/{leaving.token}/", {"action": "cancel"})
    assert not CampTeamMember.objects.filter(registration=leaving).exists()
    late = registration_create(event=event, name="Sen", email="late@example.no", role="relative", mode="room")
    assert "Sen" in client.get(url).content.decode()
    team = CampTeam.objects.filter(event=event, mode="room").first()
    assert team is not None
    client.post(url, {"action": "move", "registration": late.pk, "team": team.pk})
    assert CampTeamMember.objects.get(registration=late).team == team
