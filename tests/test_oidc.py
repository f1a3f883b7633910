"""Staff sign in through their organisation's OpenID Connect provider.

The provider is `oidc-provider-mock`, started on this machine by the tests (never the network).
The ID-token checks are also tested one by one with tokens signed by the tests' own keys."""

from __future__ import annotations

import time
import urllib.parse
from typing import Any

import httpx
import pytest
from django.test import Client
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from samskap.core import oidc
from samskap.core.models import AuditEntry, ExternalIdentity, IdentityProvider, Organisation, User
from samskap.core.services import membership_grant
from tests.conftest import OIDC_OWNER_EMAIL, make_organisation, make_user

ISSUER = "https://id.example.no"
CLIENT = "samskap-test"


# The ID-token checks, one by one


@pytest.fixture(scope="module")
def signing_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "abc-123",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "email": "kari@tromvik.kommune.no",
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _sign(key: Any, claims: dict[str, Any], alg: str = "RS256") -> str:
    return jwt.encode({"alg": alg, "kid": "k1"}, claims, key, algorithms=[alg])


def _verify(token: str, key: RSAKey, nonce: str = "n-1") -> dict[str, Any]:
    keys = {"keys": [key.as_dict(private=False)]}
    return oidc.verify_id_token(token, keys=keys, issuer=ISSUER, client_id=CLIENT, nonce=nonce)


def test_a_well_formed_id_token_passes(signing_key: RSAKey) -> None:
    claims = _verify(_sign(signing_key, _claims()), signing_key)
    assert claims["sub"] == "abc-123"
    assert oidc.email_from_claims(claims) == "kari@tromvik.kommune.no"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iss": "https://evil.example"}, "another issuer"),
        ({"aud": "someone-else"}, "another client"),
        ({"aud": [CLIENT, "other"], "azp": "other"}, "authorised party"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"iat": int(time.time()) + 3600}, "future"),
        ({"nonce": "replayed"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"sub": None}, "subject"),
    ],
)
def test_each_claim_is_checked(signing_key: RSAKey, changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(oidc.OidcError, match=reason):
        _verify(_sign(signing_key, _claims(**changes)), signing_key)


def test_a_token_signed_by_another_key_is_refused(signing_key: RSAKey) -> None:
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    with pytest.raises(oidc.OidcError, match="signature"):
        _verify(_sign(stranger, _claims()), signing_key)


def test_a_changed_token_is_refused(signing_key: RSAKey) -> None:
    header, _payload, signature = _sign(signing_key, _claims()).split(".")
    forged_payload = _sign(signing_key, _claims(sub="admin")).split(".")[1]
    with pytest.raises(oidc.OidcError, match="signature"):
        _verify(f"{header}.{forged_payload}.{signature}", signing_key)


@pytest.mark.filterwarnings("ignore:.*none.*:joserfc.errors.SecurityWarning")
def test_unsigned_and_shared_secret_tokens_are_refused(signing_key: RSAKey) -> None:
    unsigned = jwt.encode({"alg": "none"}, _claims(), None, algorithms=["none"])  # type: ignore[arg-type]
    with pytest.raises(oidc.OidcError, match="signature"):
        _verify(unsigned, signing_key)
    secret = OctKey.import_key("the-client-secret-is-not-a-signing-key")
    hs = _sign(secret, _claims(), alg="HS256")
    with pytest.raises(oidc.OidcError, match="signature"):
        oidc.verify_id_token(
            hs,
            keys={"keys": [secret.as_dict(private=True)]},
            issuer=ISSUER,
            client_id=CLIENT,
            nonce="n-1",
        )


def test_an_unverified_email_is_not_used_to_match() -> None:
    assert oidc.email_from_claims({"email": "a@b.no", "email_verified": False}) == ""
    assert oidc.email_from_claims({"preferred_username": "Kari@B.no"}) == "kari@b.no"


def test_pkce_matches_rfc_7636_appendix_b() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert oidc.pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


@pytest.mark.parametrize("address", ["http://id.example.no", "ftp://id.example.no", "file:///etc/passwd", "https://"])
def test_provider_addresses_must_be_https(address: str) -> None:
    with pytest.raises(oidc.OidcError):
        oidc.check_endpoint(address)


def test_a_discovery_document_naming_another_issuer_is_refused() -> None:
    document = {
        "issuer": "https://evil.example",
        "authorization_endpoint": "https://evil.example/auth",
        "token_endpoint": "https://evil.example/token",
        "jwks_uri": "https://evil.example/jwks",
    }
    with pytest.raises(oidc.OidcError, match="another issuer"):
        oidc.metadata_from_discovery(ISSUER, document)


# The whole flow, against a provider running on this machine

OWNER_EMAIL = OIDC_OWNER_EMAIL


@pytest.fixture
def organisation(db: None, oidc_provider_server: str) -> Organisation:
    organisation = make_organisation("tromvik-sso", "Tromvik kommune")
    owner = make_user(OWNER_EMAIL, "Kari Owner")
    membership_grant(actor=None, organisation=organisation, user=owner, role="owner")
    IdentityProvider.objects.create(
        organisation=organisation,
        label="Tromvik ID",
        issuer=oidc_provider_server,
        client_id=CLIENT,
        client_secret="s3cret",
    )
    return organisation


def _sign_in(client: Client, subject: str, slug: str = "tromvik-sso") -> Any:
    start = client.get(f"/login/sso/{slug}/")
    assert start.status_code == 302
    answer = httpx.post(start["Location"], data={"sub": subject})
    assert answer.status_code == 302
    callback = urllib.parse.urlsplit(answer.headers["location"])
    return client.get(f"{callback.path}?{callback.query}")


def test_staff_sign_in_through_their_provider(organisation: Organisation) -> None:
    client = Client()
    response = _sign_in(client, "kari-sub")
    assert response.status_code == 302
    assert response["Location"] == "/"
    owner = User.objects.get(email=OWNER_EMAIL)
    assert int(client.session["_auth_user_id"]) == owner.pk
    assert ExternalIdentity.objects.get(user=owner).subject == "kari-sub"
    login = AuditEntry.objects.filter(action="user.login", actor_user=owner).last()
    assert login is not None
    assert login.detail["method"] == "oidc"


def test_the_request_carries_state_nonce_and_an_s256_challenge(organisation: Organisation) -> None:
    client = Client()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(client.get("/login/sso/tromvik-sso/")["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://testserver/login/sso/callback/"]
    assert "openid" in query["scope"][0].split()
    # The verifier never leaves this server.
    pending = client.session["samskap_oidc"][query["state"][0]]
    assert oidc.pkce_challenge(pending["verifier"]) == query["code_challenge"][0]


def test_a_known_subject_signs_in_even_after_the_address_changes(organisation: Organisation) -> None:
    _sign_in(Client(), "kari-sub")
    User.objects.filter(email=OWNER_EMAIL).update(email="kari.new@tromvik.example")
    client = Client()
    assert _sign_in(client, "kari-sub").status_code == 302
    assert "_auth_user_id" in client.session


def test_someone_without_an_account_here_is_told_so(organisation: Organisation) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _sign_in(client, "stranger-sub")
    assert response.status_code == 403
    assert "no account in Tromvik kommune" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="user.login_refused").exists()
    assert not ExternalIdentity.objects.exists()


def test_a_callback_with_a_foreign_state_signs_nobody_in(organisation: Organisation) -> None:
    victim = Client(HTTP_ACCEPT_LANGUAGE="en")
    attacker = Client()
    start = attacker.get("/login/sso/tromvik-sso/")
    answer = httpx.post(start["Location"], data={"sub": "kari-sub"})
    callback = urllib.parse.urlsplit(answer.headers["location"])
    # The attacker's code and state, opened in someone else's browser (login CSRF).
    response = victim.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 400
    assert "Start it again" in response.content.decode()
    assert "_auth_user_id" not in victim.session


def test_a_state_is_used_once(organisation: Organisation) -> None:
    client = Client()
    start = client.get("/login/sso/tromvik-sso/")
    answer = httpx.post(start["Location"], data={"sub": "kari-sub"})
    callback = urllib.parse.urlsplit(answer.headers["location"])
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    client.logout()
    assert client.get(f"{callback.path}?{callback.query}").status_code == 400


def test_a_refusal_at_the_provider_gets_a_message(organisation: Organisation) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    start = client.get("/login/sso/tromvik-sso/")
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(start["Location"]).query)["state"][0]
    response = client.get(f"/login/sso/callback/?error=access_denied&state={state}")
    assert response.status_code == 400
    assert "Tromvik ID did not sign you in" in response.content.decode()


def test_a_token_signed_by_another_key_signs_nobody_in(
    organisation: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    stranger = RSAKey.generate_key(2048, parameters={"kid": "x"})
    monkeypatch.setattr(oidc, "fetch_keys", lambda metadata: {"keys": [stranger.as_dict(private=False)]})
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _sign_in(client, "kari-sub")
    assert response.status_code == 400
    assert "could not confirm the sign-in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unreachable_provider_gets_a_message(db: None) -> None:
    organisation = make_organisation("nowhere", "Nowhere kommune")
    IdentityProvider.objects.create(
        organisation=organisation, label="Nowhere ID", issuer="http://127.0.0.1:9", client_id=CLIENT
    )
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/login/sso/nowhere/")
    assert response.status_code == 502
    assert "Nowhere ID cannot be reached" in response.content.decode()


def test_the_login_page_offers_each_active_provider(organisation: Organisation) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/login/?next=/o/tromvik-sso/").content.decode()
    assert "Tromvik kommune: sign in with Tromvik ID" in page
    assert "/login/sso/tromvik-sso/?next=/o/tromvik-sso/" in page


def test_after_sign_in_the_person_goes_where_they_were_going(organisation: Organisation) -> None:
    client = Client()
    start = client.get("/login/sso/tromvik-sso/?next=/o/tromvik-sso/")
    answer = httpx.post(start["Location"], data={"sub": "kari-sub"})
    callback = urllib.parse.urlsplit(answer.headers["location"])
    assert client.get(f"{callback.path}?{callback.query}")["Location"] == "/o/tromvik-sso/"


# Owners set it up


def _owner_client(organisation: Organisation) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(email=OWNER_EMAIL))
    client.cookies["django_language"] = "en"
    return client


def test_an_owner_changes_the_provider_and_the_secret_stays_hidden(organisation: Organisation) -> None:
    client = _owner_client(organisation)
    page = client.get("/o/tromvik-sso/settings/sign-in/").content.decode()
    assert "s3cret" not in page
    assert "http://testserver/login/sso/callback/" in page
    form = {
        "label": "Entra ID",
        "issuer": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "abc",
        "client_secret": "",
        "scopes": "openid email profile",
        "is_active": "on",
    }
    assert client.post("/o/tromvik-sso/settings/sign-in/", form).status_code == 302
    provider = IdentityProvider.objects.get(organisation=organisation)
    assert (provider.label, provider.client_secret) == ("Entra ID", "s3cret")
    entry = AuditEntry.objects.filter(action="identity_provider.update").last()
    assert entry is not None
    assert "s3cret" not in str(entry.detail)
    assert "client_secret" not in entry.detail["fields"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"issuer": "http://id.example.no"}, "must be an https address"),
        ({"scopes": "email profile"}, "must include openid"),
        ({"client_id": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_provider_settings_get_a_message_and_nothing_changes(
    organisation: Organisation, change: dict[str, str], message: str
) -> None:
    client = _owner_client(organisation)
    form = {"label": "Entra ID", "issuer": "https://id.example.no", "client_id": "abc", "scopes": "openid"} | change
    response = client.post("/o/tromvik-sso/settings/sign-in/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert IdentityProvider.objects.get(organisation=organisation).label == "Tromvik ID"
