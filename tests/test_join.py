from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from samskap.core.models import ConsentRecord, JoinCode, Participant
from samskap.core.participants import COOKIE_NAME
from samskap.core.selectors import normalise_join_code
from samskap.core.services import random_join_code
from samskap.events.models import Contribution
from tests.conftest import World


def english() -> Client:
    """A device whose person chose English with the language switcher."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_participant_joins_with_a_code_and_contributes(world: World) -> None:
    client = english()
    response = client.post("/join/", {"code": "kt4 mwx"})
    assert response["Location"] == "/join/KT4MWX/"
    page = client.get("/join/KT4MWX/")
    assert "You are joining" in page.content.decode()

    before = Participant.objects.count()
    response = client.post(
        "/join/KT4MWX/",
        {"display_name": "Nils", "role_label": "relative", "consent_participation": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/join/KT4MWX/here/"
    assert COOKIE_NAME in response.cookies
    assert Participant.objects.count() == before + 1
    participant = Participant.objects.latest("joined_at")
    assert participant.display_name == "Nils"
    assert participant.role_label == "relative"
    consent = ConsentRecord.objects.get(participant=participant)
    assert (consent.consent_text.purpose, consent.consent_text.version) == ("participation", 1)

    space = client.get("/join/KT4MWX/here/")
    assert "Griper det offentlige for seint inn?" in space.content.decode()
    client.post("/join/KT4MWX/here/", {"text": "Flere lavterskeltilbud"})
    assert Contribution.objects.filter(participant=participant, text="Flere lavterskeltilbud").exists()

    # The same device is remembered: the join page sends it straight in.
    assert client.get("/join/KT4MWX/")["Location"] == "/join/KT4MWX/here/"


def test_a_device_that_joined_is_sent_to_the_join_page_once_its_code_closes(world: World) -> None:
    client = english()
    client.post("/join/KT4MWX/", {"consent_participation": "on"})
    assert client.get("/join/kt4-mwx/here/").status_code == 200  # as typed, too
    assert client.get("/join/KT4MWX/map/")["Location"] == "/join/KT4MWX/"  # not an opinion map's code
    JoinCode.objects.filter(code="KT4MWX").update(is_active=False)
    assert client.get("/join/KT4MWX/here/")["Location"] == "/join/KT4MWX/"
    assert english().get("/join/KT4MWX/here/")["Location"] == "/join/KT4MWX/"  # never joined


def test_a_device_is_remembered_for_a_week_and_a_forged_cookie_never(world: World, time_machine: Any) -> None:
    client = english()
    client.post("/join/KT4MWX/", {"consent_participation": "on"})
    assert client.get("/join/KT4MWX/here/").status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=6, hours=23))
    assert client.get("/join/KT4MWX/here/").status_code == 200  # the signature was checked before: still in
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert client.get("/join/KT4MWX/here/")["Location"] == "/join/KT4MWX/"  # a week has passed
    forged = english()
    signed = client.cookies[COOKIE_NAME].value
    forged.cookies[COOKIE_NAME] = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    assert forged.get("/join/KT4MWX/here/")["Location"] == "/join/KT4MWX/"


def test_joining_anonymously_is_the_default(world: World) -> None:
    client = english()
    client.post("/join/KT4MWX/", {"consent_participation": "on"})
    participant = Participant.objects.latest("joined_at")
    assert participant.display_name == ""
    assert participant.pseudonym.startswith("P-")


def test_without_the_required_consent_nothing_is_saved(world: World) -> None:
    before = (Participant.objects.count(), ConsentRecord.objects.count())
    response = english().post("/join/KT4MWX/", {"display_name": "Nils"})
    assert response.status_code == 400
    assert "You must agree to this to take part." in response.content.decode()
    assert (Participant.objects.count(), ConsentRecord.objects.count()) == before


def test_a_too_long_name_is_refused_with_a_message(world: World) -> None:
    response = english().post("/join/KT4MWX/", {"display_name": "x" * 500, "consent_participation": "on"})
    assert response.status_code == 400
    assert "Ensure this value has at most 60 characters" in response.content.decode()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ABC", "A code has six letters and digits"),
        ("OOOOOO", "A code has six letters and digits"),  # O never occurs in codes
        ("AAAAAA", "We found no event or table with this code"),
    ],
)
def test_wrong_codes_get_a_clear_message(world: World, code: str, message: str) -> None:
    response = english().post("/join/", {"code": code})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_expired_code_is_refused(world: World) -> None:
    JoinCode.objects.filter(pk=world.join_code.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = english()
    response = client.post("/join/", {"code": "KT4MWX"})
    assert "no longer open" in response.content.decode()
    assert client.get("/join/KT4MWX/").status_code == 404


def test_code_guessing_is_rate_limited(world: World) -> None:
    client = english()
    for _ in range(20):
        client.post("/join/", {"code": "AAAAAA"})
    response = client.post("/join/", {"code": "KT4MWX"})
    assert response.status_code == 400
    assert "Too many tries" in response.content.decode()


def test_a_host_types_in_for_someone_without_a_phone(world: World) -> None:
    client = world.client_for("host")
    response = client.post(f"/tables/{world.table.pk}/", {"text": "Trenger noen å ringe til", "role_label": "relative"})
    assert response.status_code == 302
    contribution = Contribution.objects.get(text="Trenger noen å ringe til")
    assert contribution.entered_by == world.host
    assert contribution.participant is None
    assert contribution.role_label == "relative"


def test_an_empty_contribution_is_refused(world: World) -> None:
    client = world.client_for("host")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = Contribution.objects.count()
    response = client.post(f"/tables/{world.table.pk}/", {"text": "   "})
    assert response.status_code == 400
    assert "Write something before you send." in response.content.decode()
    assert Contribution.objects.count() == before


def test_codes_use_only_unambiguous_characters() -> None:
    for _ in range(200):
        code = random_join_code()
        assert len(code) == 6
        assert not set(code) & set("0O1IL5S2Z8B")


def test_typed_codes_are_normalised() -> None:
    assert normalise_join_code(" kt4-mwx ") == "KT4MWX"


def test_the_qr_code_carries_the_join_link(world: World) -> None:
    response = Client().get("/join/KT4MWX/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    # Served as a file, the SVG must declare its namespace, or a browser draws nothing.
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own answer, not untrusted)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.findtext("{http://www.w3.org/2000/svg}title") == "QR-kode for å delta"  # the organisation speaks nb


def test_pages_of_an_organisation_speak_its_language_until_someone_chooses(world: World) -> None:
    """Solby kommun is Swedish: a phone set to English still gets Swedish, until the switcher says otherwise."""
    phone = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="sv"' in phone.get(f"/join/{world.other_join_code.code}/").content.decode()
    assert 'lang="en"' in english().get(f"/join/{world.other_join_code.code}/").content.decode()
    # Pages that belong to no organisation follow the browser.
    assert 'lang="en"' in phone.get("/help/").content.decode()
