"""OpenID Connect sign-in for staff, against each organisation's own identity provider
(Entra ID, ID-porten, Feide, Inera and any other provider that speaks OpenID Connect).

The authorisation code flow with PKCE (S256), a nonce bound to the browser session, and the
ID token's signature checked against the provider's published keys (RS/PS/ES algorithms only:
never `none`, never a shared secret). The protocol steps here take and return plain data, so
they are tested without a web server; `samskap.core.views` keeps the state in the session.

Reference: OpenID Connect Core 1.0 §3.1 (code flow) and §3.1.3.7 (ID token validation),
RFC 7636 (PKCE), OpenID Connect Discovery 1.0 §4.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# Signature algorithms an ID token may use. Symmetric (HS*) ones are left out: they would
# make the client secret a signing key, and `none` is no signature at all.
ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
CLOCK_LEEWAY_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 10
MAX_RESPONSE_BYTES = 1_000_000


class OidcError(Exception):
    """Something in the exchange with the provider was wrong; the sign-in stops."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    token_auth_methods: tuple[str, ...]


@dataclass(frozen=True)
class AuthorisationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str) -> str:
    """A provider's addresses must be https; plain http only on this machine (tests, development)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return url
    raise OidcError(f"not an https address: {url!r}")


def _get(address: str) -> urllib.request.Request:
    return urllib.request.Request(  # noqa: S310 (only addresses check_endpoint passed reach here)
        check_endpoint(address), headers={"Accept": "application/json"}
    )


def _read_json(request: urllib.request.Request) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310 (checked above)
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        body = error.read(MAX_RESPONSE_BYTES + 1)
        raise OidcError(f"provider answered {error.code}: {_error_text(body)}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise OidcError(f"provider unreachable: {error}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise OidcError("provider response too large")
    try:
        data = json.loads(body)
    except ValueError:
        raise OidcError("provider response is not JSON") from None
    if not isinstance(data, dict):
        raise OidcError("provider response is not a JSON object")
    return data


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return "(no JSON)"
    if isinstance(data, dict):
        return str(data.get("error", ""))[:100]
    return ""


def discover(issuer: str) -> ProviderMetadata:
    """Fetch and check the provider's discovery document."""
    check_endpoint(issuer)
    address = issuer.rstrip("/") + "/.well-known/openid-configuration"
    data = _read_json(_get(address))
    return metadata_from_discovery(issuer, data)


def metadata_from_discovery(issuer: str, data: dict[str, Any]) -> ProviderMetadata:
    # Discovery §4.3: the issuer in the document must be the one we asked, exactly.
    if str(data.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise OidcError("discovery document names another issuer")
    try:
        endpoints = {key: check_endpoint(str(data[key])) for key in ("authorization_endpoint", "token_endpoint")}
        jwks_uri = check_endpoint(str(data["jwks_uri"]))
    except KeyError as missing:
        raise OidcError(f"discovery document lacks {missing}") from None
    methods = data.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return ProviderMetadata(
        issuer=str(data["issuer"]),
        authorization_endpoint=endpoints["authorization_endpoint"],
        token_endpoint=endpoints["token_endpoint"],
        jwks_uri=jwks_uri,
        token_auth_methods=tuple(str(m) for m in methods),
    )


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def pkce_challenge(code_verifier: str) -> str:
    """RFC 7636 §4.2, S256."""
    return _b64url(hashlib.sha256(code_verifier.encode("ascii")).digest())


def authorisation_request(
    metadata: ProviderMetadata, *, client_id: str, redirect_uri: str, scopes: str, language: str = ""
) -> AuthorisationRequest:
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43–128
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": pkce_challenge(code_verifier),
        "code_challenge_method": "S256",
    }
    if language:
        params["ui_locales"] = language
    separator = "&" if urllib.parse.urlsplit(metadata.authorization_endpoint).query else "?"
    url = metadata.authorization_endpoint + separator + urllib.parse.urlencode(params)
    return AuthorisationRequest(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


def exchange_code(
    metadata: ProviderMetadata,
    *,
    code: str,
    code_verifier: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
) -> str:
    """Trade the authorisation code for tokens at the token endpoint; return the ID token."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }
    headers = {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}
    if client_secret and "client_secret_basic" in metadata.token_auth_methods:
        # RFC 6749 §2.3.1: both parts form-encoded before they are joined.
        pair = f"{urllib.parse.quote(client_id, safe='')}:{urllib.parse.quote(client_secret, safe='')}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    else:
        form["client_id"] = client_id
        if client_secret:
            form["client_secret"] = client_secret
    request = urllib.request.Request(  # noqa: S310 (an endpoint check_endpoint passed)
        metadata.token_endpoint, data=urllib.parse.urlencode(form).encode(), headers=headers, method="POST"
    )
    tokens = _read_json(request)
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise OidcError("token response has no ID token")
    return id_token


def fetch_keys(metadata: ProviderMetadata) -> dict[str, Any]:
    return _read_json(_get(metadata.jwks_uri))


def verify_id_token(
    id_token: str,
    *,
    keys: dict[str, Any],
    issuer: str,
    client_id: str,
    nonce: str,
    now: int | None = None,
) -> dict[str, Any]:
    """The ID token's claims, after checking its signature with the provider's keys and its
    issuer, audience, authorised party, expiry, issue time and nonce (Core §3.1.3.7)."""
    try:
        key_set = KeySet.import_key_set(keys)  # type: ignore[arg-type]
        token = jwt.decode(id_token, key_set, algorithms=list(ALLOWED_ALGORITHMS))
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise OidcError(f"ID token signature not valid: {type(error).__name__}") from None
    claims: dict[str, Any] = dict(token.claims)
    moment = int(time.time()) if now is None else now
    if str(claims.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
        raise OidcError("ID token from another issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if client_id not in audiences:
        raise OidcError("ID token meant for another client")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OidcError("ID token with several audiences and another authorised party")
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires + CLOCK_LEEWAY_SECONDS < moment:
        raise OidcError("ID token expired")
    issued = claims.get("iat")
    if not isinstance(issued, int | float) or issued - CLOCK_LEEWAY_SECONDS > moment:
        raise OidcError("ID token issued in the future")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(claims["nonce"], nonce):
        raise OidcError("ID token nonce does not match this sign-in")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OidcError("ID token has no subject")
    return claims


def email_from_claims(claims: dict[str, Any]) -> str:
    """The address to match a person by: `email` unless the provider says it is unverified;
    Entra ID often sends only `preferred_username`, which is the sign-in address there."""
    email = claims.get("email")
    if isinstance(email, str) and "@" in email and claims.get("email_verified", True) is not False:
        return email.strip().lower()
    username = claims.get("preferred_username")
    if isinstance(username, str) and "@" in username:
        return username.strip().lower()
    return ""
