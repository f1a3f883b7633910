"""Time-based one-time passwords (RFC 6238, with HOTP from RFC 4226): the six-digit codes
of Microsoft Authenticator, Google Authenticator, FreeOTP and the like. Pure functions."""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
import urllib.parse

STEP_SECONDS = 30
DIGITS = 6
# A code from the step before or after is accepted too: phones' clocks drift.
DRIFT_STEPS = 1


def new_secret() -> str:
    """160 random bits, base32 as authenticator apps expect (RFC 4226 §4 recommends 160)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def hotp(secret: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    mac = hmac.new(secret, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_at(unix_time: float) -> int:
    return int(unix_time // STEP_SECONDS)


def matching_step(secret_b32: str, code: str, unix_time: float, after_step: int = -1) -> int | None:
    """The time step `code` belongs to (within the drift window), or None. Steps at or before
    `after_step` are refused, so a code cannot be used twice."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    secret = base64.b32decode(secret_b32)
    now = step_at(unix_time)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def provisioning_uri(secret_b32: str, account: str, issuer: str) -> str:
    """The otpauth:// address a QR code carries to the authenticator app."""
    label = urllib.parse.quote(f"{issuer}:{account}")
    query = urllib.parse.urlencode({"secret": secret_b32, "issuer": issuer, "digits": DIGITS, "period": STEP_SECONDS})
    return f"otpauth://totp/{label}?{query}"
