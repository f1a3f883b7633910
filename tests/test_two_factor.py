"""Optional two-step login for password sign-in: codes from an authenticator app (RFC 6238)."""

from __future__ import annotations

import base64
import time

import pytest
from django.test import Client

from samskap.core import totp
from samskap.core.models import AuditEntry, TwoFactor, User
from tests.conftest import PASSWORD, make_user

# RFC 6238 Appendix B: the SHA-1 secret and the eight-digit codes at its test times.
RFC_SECRET = b"12345678901234567890"


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"), (1234567890, "89005924")],
)
def test_codes_match_rfc_6238(unix_time: int, code: str) -> None:
    assert totp.hotp(RFC_SECRET, totp.step_at(unix_time), digits=8) == code


def test_a_code_from_the_next_or_last_step_passes_but_not_further() -> None:
    secret = base64.b32encode(RFC_SECRET).decode()
    now = 1_700_000_000
    for offset, expected in [(-1, True), (0, True), (1, True), (2, False), (-2, False)]:
        code = totp.hotp(RFC_SECRET, totp.step_at(now) + offset)
        assert (totp.matching_step(secret, code, now) is not None) is expected, offset
    assert totp.matching_step(secret, "12 34", now) is None
    assert totp.matching_step(secret, "abcdef", now) is None


def _code(secret: str) -> str:
    return totp.hotp(base64.b32decode(secret), totp.step_at(time.time()))


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _turn_on(user: User) -> str:
    client = Client()
    client.force_login(user)
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    secret = client.session["samskap_two_factor_new"]
    assert secret[:4] in page.content.decode()
    assert client.post("/account/two-factor/", {"code": _code(secret)}).status_code == 302
    return str(secret)


def test_with_codes_on_a_password_alone_does_not_log_in(db: None) -> None:
    user = make_user("per@tromvik.example", "Per")
    secret = _turn_on(user)
    assert AuditEntry.objects.filter(action="two_factor.enable", actor_user=user).exists()

    client = _english(Client())
    response = client.post("/login/", {"email": "per@tromvik.example", "password": PASSWORD})
    assert response["Location"] == "/login/code/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/login/code/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    # The code used when turning it on cannot be used again: wait for a fresh step's code.
    device = TwoFactor.objects.get(user=user)
    TwoFactor.objects.filter(pk=device.pk).update(last_step=device.last_step - 2)
    assert client.post("/login/code/", {"code": _code(secret)})["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == user.pk
    login = AuditEntry.objects.filter(action="user.login", actor_user=user).last()
    assert login is not None
    assert login.detail["method"] == "password+totp"


def test_a_code_works_only_once(db: None) -> None:
    user = make_user("per@tromvik.example", "Per")
    secret = _turn_on(user)
    TwoFactor.objects.filter(user=user).update(last_step=-1)
    first, second = _english(Client()), _english(Client())
    for client in (first, second):
        client.post("/login/", {"email": "per@tromvik.example", "password": PASSWORD})
    code = _code(secret)
    assert first.post("/login/code/", {"code": code}).status_code == 302
    assert second.post("/login/code/", {"code": code}).status_code == 400


def test_code_guessing_is_limited(db: None) -> None:
    user = make_user("per@tromvik.example", "Per")
    _turn_on(user)
    client = _english(Client())
    client.post("/login/", {"email": "per@tromvik.example", "password": PASSWORD})
    for _ in range(5):
        client.post("/login/code/", {"code": "000000"})
    assert "Too many attempts" in client.post("/login/code/", {"code": "000000"}).content.decode()


def test_the_code_page_without_a_password_first_goes_back_to_login(db: None) -> None:
    response = _english(Client()).get("/login/code/")
    assert response["Location"] == "/login/"


def test_a_wrong_code_does_not_turn_it_on(db: None) -> None:
    user = make_user("per@tromvik.example", "Per")
    client = _english(Client())
    client.force_login(user)
    client.get("/account/two-factor/")
    response = client.post("/account/two-factor/", {"code": "123456"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not TwoFactor.objects.exists()


def test_turning_it_off_needs_a_current_code(db: None) -> None:
    user = make_user("per@tromvik.example", "Per")
    secret = _turn_on(user)
    TwoFactor.objects.filter(user=user).update(last_step=-1)
    client = _english(Client())
    client.force_login(user)
    assert client.post("/account/two-factor/", {"code": "000000"}).status_code == 400
    assert TwoFactor.objects.filter(user=user).exists()
    assert client.post("/account/two-factor/", {"code": _code(secret)}).status_code == 302
    assert not TwoFactor.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="two_factor.disable", actor_user=user).exists()


def test_the_secret_is_not_in_the_audit_log(db: None) -> None:
    user = make_user("per@tromvik.example", "Per")
    secret = _turn_on(user)
    assert not any(secret in str(entry.detail) for entry in AuditEntry.objects.all())


def test_an_operator_resets_a_lost_authenticator(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    from samskap.cli import TOOLS

    user = make_user("per@tromvik.example", "Per")
    _turn_on(user)
    tool, _help = TOOLS["two-factor-reset"]
    assert tool(["PER@tromvik.example", "--reason", "Sak 2026/114: mistet telefon"]) == 0
    assert '"two_factor_removed": true' in capsys.readouterr().out
    assert not TwoFactor.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert entry.detail == {"reason": "Sak 2026/114: mistet telefon"}
    assert tool(["nobody@tromvik.example", "--reason", "x"]) == 2
    client = Client()
    response = client.post("/login/", {"email": "per@tromvik.example", "password": PASSWORD})
    assert response["Location"] == "/"  # the password alone again, until a new app is set up
