"""One person's data across every module: found, shown, handed over, anonymised or erased
in one transaction, logged without names."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.db.models import ForeignKey, OneToOneField

from samskap.core import personal_data
from samskap.core.models import AuditEntry, ConsentRecord, Participant
from samskap.events.models import Contribution, Event, Registration
from samskap.events.services import registration_create
from samskap.opinions.models import Statement, StatementStatus, Vote, Voter
from samskap.opinions.selectors import ballot_of
from samskap.opinions.services import vote_cast
from tests.conftest import World

EMAIL = "mona.hansen@example.no"


def test_every_model_pointing_at_a_participant_is_covered() -> None:
    covered = {model for holder in personal_data.holders() for model in holder.MODELS}
    pointing = {
        model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, ForeignKey | OneToOneField) and field.related_model is Participant
    }
    assert pointing <= covered, f"not covered by a personal-data holder: {pointing - covered}"


def _person(world: World) -> None:
    """Mona (the world's participant) also voted, wrote a statement and registered."""
    statement = world.opinion_map.statements.filter(status=StatementStatus.ACCEPTED).first()
    assert statement is not None
    vote_cast(ballot=ballot_of(world.opinion_map, world.participant, statement), value=1)
    Statement.objects.create(
        opinion_map=world.opinion_map, text="Ventetida er for lang", author=world.participant, status="accepted"
    )
    Event.objects.filter(pk=world.event.pk).update(registration_open=True)
    registration_create(event=world.event, name="Mona Hansen", email=EMAIL)
    Registration.objects.filter(email=EMAIL).update(dietary="Glutenfri")  # as if the organiser asked


def _client(world: World, persona: str = "owner") -> Any:
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


def _url(world: World, tail: str = "") -> str:
    return f"/o/{world.organisation.slug}/personal-data/{tail}"


def _subject_form(world: World, **extra: Any) -> dict[str, Any]:
    return {"participant": [str(world.participant.pk)], "email": [EMAIL], **extra}


def test_a_participant_is_found_by_pseudonym_name_or_address(world: World) -> None:
    _person(world)
    client = _client(world)
    for query in (world.participant.pseudonym.lower(), "mona", EMAIL.upper()):
        response = client.post(_url(world), {"action": "search", "query": query})
        subject = response.context["subject"]
        assert not subject.is_empty, query
    by_address = client.post(_url(world), {"action": "search", "query": EMAIL}).context["subject"]
    assert by_address.emails == (EMAIL,)
    nobody = client.post(_url(world), {"action": "search", "query": "Nobody"})
    assert "Nothing found" in nobody.content.decode()
    # The search leaves no name or address in the log.
    assert not any(EMAIL in str(e.detail) or "Mona" in str(e.detail) for e in AuditEntry.objects.all())


def test_the_export_holds_everything_from_every_module(world: World) -> None:
    _person(world)
    response = _client(world).post(_url(world), _subject_form(world, action="json"))
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    data = json.loads(response.content)
    assert data["participants"][0]["display_name"] == "Mona"
    assert data["consents"][0]["purpose"] == "participation"
    assert [c["text"] for c in data["contributions"]] == ["Bolig først!"]
    assert [s["text"] for s in data["statements"]] == ["Ventetida er for lang"]
    assert len(data["votes"]) == 1
    assert data["registrations"][0]["dietary"] == "Glutenfri"
    entry = AuditEntry.objects.filter(action="personal_data.export").last()
    assert entry is not None
    assert entry.detail["counts"]["contributions"] == 1
    assert "Mona" not in json.dumps(entry.detail)


def test_a_readable_copy_is_shown_and_can_be_downloaded(world: World) -> None:
    _person(world)
    client = _client(world)
    page = client.post(_url(world), _subject_form(world, action="show")).content.decode()
    assert "Contributions at dialogue tables" in page
    assert "Bolig først!" in page
    assert "Glutenfri" in page
    # Words and dates for people, not the export's codes.
    assert "Taking part" in page and ">participation<" not in page
    assert "+00:00" not in page
    document = client.post(_url(world), _subject_form(world, action="html"))
    assert document["Content-Disposition"] == 'attachment; filename="personal-data.html"'
    assert "Your data at Tromvik kommune" in document.content.decode()


def test_erasure_removes_the_person_from_every_module_and_nothing_else(world: World) -> None:
    _person(world)
    others = Contribution.objects.exclude(participant=world.participant).count()
    pseudonym = world.participant.pseudonym
    response = _client(world).post(_url(world, "erase/"), _subject_form(world, how="erase", confirm="on"))
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=world.participant.pk).exists()
    assert not ConsentRecord.objects.filter(participant_id=world.participant.pk).exists()
    assert not Contribution.objects.filter(text="Bolig først!").exists()
    assert not Statement.objects.filter(text="Ventetida er for lang").exists()
    assert not Voter.objects.filter(participant_id=world.participant.pk).exists()
    assert not Registration.objects.filter(email=EMAIL).exists()
    assert Contribution.objects.count() == others
    entry = AuditEntry.objects.get(action="personal_data.erase")
    assert entry.detail["participants"] == [pseudonym]
    assert EMAIL not in json.dumps(entry.detail)
    assert "Mona" not in json.dumps(entry.detail)


def test_anonymising_keeps_what_was_said_without_the_person(world: World) -> None:
    _person(world)
    old_device = world.participant.public_id
    votes = Vote.objects.count()
    _client(world).post(_url(world, "erase/"), _subject_form(world, how="anonymise", confirm="on"))
    participant = Participant.objects.get(pk=world.participant.pk)
    assert (participant.display_name, participant.role_label) == ("", "")
    assert participant.public_id != old_device
    assert Contribution.objects.filter(text="Bolig først!", participant=participant).exists()
    assert Vote.objects.count() == votes
    assert not ConsentRecord.objects.filter(participant=participant).exists()
    registration = Registration.objects.get(event=world.event, email__startswith="anonymised-")
    assert (registration.name, registration.dietary) == ("", "")
    # The phone that joined as Mona no longer opens her table.
    response = world.client_for("participant").get(f"/join/{world.join_code.code}/")
    assert response.status_code == 200  # the join form again, not her table


def test_erasure_is_all_or_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _person(world)
    from samskap.opinions import personal_data as opinions_holder

    def broken(subject: Any) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(opinions_holder, "erase", broken)
    with pytest.raises(RuntimeError):
        _client(world).post(_url(world, "erase/"), _subject_form(world, how="erase", confirm="on"))
    assert Participant.objects.filter(pk=world.participant.pk).exists()
    assert Registration.objects.filter(email=EMAIL).exists()
    assert Contribution.objects.filter(text="Bolig først!").exists()
    assert not AuditEntry.objects.filter(action="personal_data.erase").exists()


def test_erasure_needs_the_confirmation(world: World) -> None:
    _person(world)
    client = _client(world)
    response = client.post(_url(world, "erase/"), _subject_form(world, how="erase"), follow=True)
    assert "I have checked" in response.content.decode()
    assert Participant.objects.filter(pk=world.participant.pk).exists()


def test_the_auditor_may_export_but_not_erase(world: World) -> None:
    _person(world)
    auditor = _client(world, "auditor")
    assert auditor.post(_url(world), _subject_form(world, action="json")).status_code == 200
    assert auditor.post(_url(world, "erase/"), _subject_form(world, how="erase", confirm="on")).status_code == 403
    assert Participant.objects.filter(pk=world.participant.pk).exists()


def test_another_organisations_owner_cannot_reach_the_person(world: World) -> None:
    _person(world)
    outsider = _client(world, "outsider")
    other = f"/o/{world.other_organisation.slug}/personal-data/"
    found = outsider.post(other, {"action": "search", "query": world.participant.pseudonym})
    assert found.context["subject"].is_empty
    # Posting the ids of another organisation's participant finds nothing either.
    outsider.post(other + "erase/", _subject_form(world, how="erase", confirm="on"))
    assert Participant.objects.filter(pk=world.participant.pk).exists()
    assert Registration.objects.filter(email=EMAIL).exists()


# People named in interviews: found through the pseudonym key, by those who may read it


def test_the_owner_finds_a_name_in_the_key_and_gets_the_passages(world: World) -> None:
    client = _client(world)
    response = client.post(_url(world), {"action": "search", "query": "kari  NORDMANN"})
    subject = response.context["subject"]
    assert subject.mentions == ((world.process.pk, "kari nordmann"),)
    assert "Named as “kari nordmann” in the interviews of" in response.content.decode()
    data = json.loads(
        client.post(_url(world), {"action": "json", "mention": [f"{world.process.pk}:kari nordmann"]}).content
    )
    (record,) = data["interviews"]
    assert record["pseudonym"] == "Person A"
    assert "Person A forteller" in record["passages"]
    assert "Kari" not in json.dumps(data["interviews"])


def test_who_may_not_read_the_key_cannot_find_a_name_by_it(world: World) -> None:
    for persona in ("auditor", "interviewer"):
        response = _client(world, persona).post(_url(world), {"action": "search", "query": "Kari Nordmann"})
        assert response.context["subject"].mentions == (), persona
        posted = _client(world, persona).post(
            _url(world), {"action": "json", "mention": [f"{world.process.pk}:kari nordmann"]}
        )
        assert posted.status_code == 302  # nothing chosen that this person may see


def test_anonymising_a_named_person_cuts_the_key_and_empties_the_originals(world: World) -> None:
    from samskap.insight.models import PiiFinding, PseudonymKey, Source

    client = _client(world)
    response = client.post(
        _url(world, "erase/"),
        {"mention": [f"{world.process.pk}:kari nordmann"], "how": "anonymise", "confirm": "on"},
    )
    assert response.status_code == 302
    names = PseudonymKey.objects.get(process=world.process).mapping["names"]
    assert "Person A" not in names.values()
    source = Source.objects.get(pk=world.source.pk)
    assert source.original_text == ""
    assert "Person A forteller" in source.released_text  # the analysis keeps its text
    assert not PiiFinding.objects.filter(source=source).exclude(text="").exists()
    entry = AuditEntry.objects.get(action="personal_data.anonymise")
    assert entry.detail["mentions"] == 1
    assert "kari" not in json.dumps(entry.detail).lower()
