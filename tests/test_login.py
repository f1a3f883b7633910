from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from samskap.core.models import AuditEntry
from tests.conftest import PASSWORD, World


def test_staff_log_in_with_email_and_password(world: World) -> None:
    client = Client()
    response = client.post("/login/", {"email": "OWNER@test.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Tromvik kommune" in client.get("/").content.decode()
    assert AuditEntry.objects.filter(action="user.login", actor_user=world.owner).exists()


def test_a_wrong_password_gets_a_clear_message(world: World) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post("/login/", {"email": "owner@test.example", "password": "nope"})
    assert response.status_code == 400
    assert "The e-mail address or the password is wrong." in response.content.decode()


def test_the_message_comes_in_the_users_language(world: World) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="sv").post("/login/", {"email": "owner@test.example", "password": "nope"})
    assert response.status_code == 400
    assert 'lang="sv"' in response.content.decode()
    assert "The e-mail address or the password is wrong." not in response.content.decode()


def test_login_is_rate_limited_per_account(world: World) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(10):
        client.post("/login/", {"email": "owner@test.example", "password": "wrong"})
    response = client.post("/login/", {"email": "owner@test.example", "password": PASSWORD})
    assert response.status_code == 400
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_passwords_are_hashed_with_argon2_in_production() -> None:
    from samskap import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_next_only_goes_to_this_site(world: World) -> None:
    client = Client()
    response = client.post("/login/?next=https://evil.example/", {"email": "owner@test.example", "password": PASSWORD})
    assert response["Location"] == "/"
    client = Client()
    response = client.post("/login/?next=/o/tromvik/", {"email": "owner@test.example", "password": PASSWORD})
    assert response["Location"] == "/o/tromvik/"


def test_logout_needs_post(world: World) -> None:
    client = world.client_for("owner")
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/o/tromvik/").status_code == 302


def test_a_user_language_is_set_at_login(world: World) -> None:
    world.owner.language = "nn"
    world.owner.save(update_fields=["language"])
    client = Client()
    client.post("/login/", {"email": "owner@test.example", "password": PASSWORD})
    assert 'lang="nn"' in client.get("/").content.decode()


def test_a_session_ends_after_two_hours_without_activity(world: World, time_machine: Any) -> None:
    client = Client()
    client.post("/login/", {"email": "owner@test.example", "password": PASSWORD})
    time_machine.move_to(timezone.now() + timedelta(minutes=110))
    assert client.get(f"/o/{world.organisation.slug}/").status_code == 200  # activity keeps it alive
    time_machine.move_to(timezone.now() + timedelta(minutes=110))
    assert client.get(f"/o/{world.organisation.slug}/").status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=121))
    response = client.get(f"/o/{world.organisation.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
