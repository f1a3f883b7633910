"""A fixed-window rate limiter kept in the database, so that every stateless
app server sees the same counts without a separate cache server."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from samskap.core.models import RateLimitCounter


def ratelimit_hit(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; return True when it is still within `limit`."""
    now = timezone.now()
    window = timedelta(seconds=window_seconds)
    with transaction.atomic():
        counter, created = RateLimitCounter.objects.select_for_update().get_or_create(
            key=key[:200], defaults={"window_start": now, "hits": 1}
        )
        if created:
            return True
        if now - counter.window_start >= window:
            RateLimitCounter.objects.filter(pk=counter.pk).update(window_start=now, hits=1)
            return True
        RateLimitCounter.objects.filter(pk=counter.pk).update(hits=F("hits") + 1)
        return counter.hits + 1 <= limit


def ratelimit_reset(*, key: str) -> None:
    RateLimitCounter.objects.filter(key=key[:200]).delete()


def client_address(remote_addr: str | None) -> str:
    """The address to count against. Behind a proxy, configure it to set
    REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips) rather than trusting headers here."""
    return remote_addr or "unknown"
