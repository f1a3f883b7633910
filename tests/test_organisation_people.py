from __future__ import annotations

from django.conf import settings
from django.test import Client

from samskap.core.models import AuditEntry, Membership
from tests.conftest import World, make_user


def owner_client(world: World) -> Client:
    client = world.client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_owner_gives_an_existing_user_a_role(world: World) -> None:
    newcomer = make_user("newcomer@test.example", "Nina Newcomer")
    response = owner_client(world).post(
        f"/o/{world.organisation.slug}/people/", {"email": "NEWCOMER@test.example", "role": "interviewer"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, organisation=world.organisation, role="interviewer").exists()
    assert AuditEntry.objects.filter(action="membership.grant", organisation_id_ref=world.organisation.pk).exists()


def test_an_unknown_email_gets_a_clear_message(world: World) -> None:
    before = Membership.objects.count()
    response = owner_client(world).post(
        f"/o/{world.organisation.slug}/people/", {"email": "nobody@test.example", "role": "viewer"}
    )
    assert response.status_code == 400
    assert "No one has an account with this e-mail address" in response.content.decode()
    assert Membership.objects.count() == before


def test_an_owner_removes_a_role_and_it_is_logged(world: World) -> None:
    membership = Membership.objects.get(user=world.host, organisation=world.organisation)
    response = owner_client(world).post(f"/o/{world.organisation.slug}/people/{membership.pk}/revoke/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.revoke").exists()
    assert world.client_for("host").get(f"/o/{world.organisation.slug}/").status_code == 403


def test_the_last_owner_cannot_be_removed(world: World) -> None:
    membership = Membership.objects.get(user=world.owner, organisation=world.organisation, role="owner")
    client = owner_client(world)
    response = client.post(f"/o/{world.organisation.slug}/people/{membership.pk}/revoke/", follow=True)
    assert "An organisation must keep at least one owner." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_roles_of_another_organisation_cannot_be_removed_by_id(world: World) -> None:
    other = Membership.objects.get(user=world.outsider)
    response = owner_client(world).post(f"/o/{world.organisation.slug}/people/{other.pk}/revoke/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_a_facilitator_cannot_manage_people(world: World) -> None:
    membership = Membership.objects.get(user=world.host, organisation=world.organisation)
    client = world.client_for("facilitator")
    assert client.post(f"/o/{world.organisation.slug}/people/{membership.pk}/revoke/").status_code == 403
    assert (
        client.post(
            f"/o/{world.organisation.slug}/people/", {"email": "host@test.example", "role": "owner"}
        ).status_code
        == 403
    )
    assert Membership.objects.filter(pk=membership.pk).exists()
