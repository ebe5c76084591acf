"""Lockout after repeated failed sign-ins, and rate limits on forms people could flood.

Sign-in failures are counted in the database per account and per address, so every web
process sees the same count; a lock grows (doubles) each time the same key is locked
again. Form rate limits count in the cache (Redis in production) in fixed windows; while
the cache is down they let posts through and say so in the log, so a Redis outage never
locks anybody out (the sign-in lockouts, in the database, keep working).
"""

import hashlib
import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from redis import RedisError

from peersupport.models import SignInThrottle, User
from peersupport.services.audit import audit_log

logger = logging.getLogger(__name__)


def account_key(username: str) -> str:
    """The count's key for what was typed: the account it names (by username or e-mail,
    so switching between them does not buy more tries), else a hash of the text (any
    input makes a safe key, and the table holds no guessed names)."""
    typed = username.replace("\x00", "").strip()
    user_id = (
        User.objects.filter(Q(username=typed) | Q(email__iexact=typed))
        .values_list("pk", flat=True)
        .first()
        if typed
        else None
    )
    if user_id is not None:
        return f"account:user:{user_id}"
    digest = hashlib.sha256(typed.lower().encode("utf-8", "replace")).hexdigest()
    return f"account:{digest}"


def _keys(username: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(account_key(username), settings.SIGNIN_FAILURE_LIMIT)]
    if address:
        keys.append((f"address:{address}", settings.SIGNIN_ADDRESS_FAILURE_LIMIT))
    return keys


def signin_locked_until(*, username: str, address: str | None) -> datetime | None:
    """When the account or the address may try again, if either is locked now."""
    now = timezone.now()
    until = (
        SignInThrottle.objects.filter(
            key__in=[key for key, _limit in _keys(username, address)], locked_until__gt=now
        )
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


@transaction.atomic
def signin_failed(*, username: str, address: str | None) -> datetime | None:
    """Count a failure; returns the end of a lock if this failure started one."""
    now = timezone.now()
    locked = None
    for key, limit in _keys(username, address):
        row, _created = SignInThrottle.objects.select_for_update().get_or_create(key=key)
        row.failures += 1
        if row.failures >= limit:
            minutes = settings.SIGNIN_LOCKOUT_MINUTES * 2**row.lockouts
            row.locked_until = now + timedelta(minutes=min(minutes, 24 * 60))
            row.lockouts += 1
            row.failures = 0
            locked = max(locked or row.locked_until, row.locked_until)
            audit_log(
                actor=None,
                action="auth.locked_out",
                changes={"key": key, "until": row.locked_until.isoformat()},
            )
        row.save()
    return locked


def signin_succeeded(*, username: str) -> None:
    SignInThrottle.objects.filter(key=account_key(username)).update(failures=0, lockouts=0)


def minutes_left(until: datetime) -> int:
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


def rate_limit_hit(*, scope: str, who: str, limit: int, window_seconds: int) -> bool:
    """Count one use of `scope` by `who`; True when this use is over the limit."""
    used = _cache_or_none(lambda key: _count(key, window_seconds), scope, who, window_seconds)
    return used is not None and used > limit


def rate_limit_reached(*, scope: str, who: str, limit: int, window_seconds: int) -> bool:
    """Whether `who` has used up `scope` in this window, without counting a use."""
    used = _cache_or_none(lambda key: cache.get(key, 0), scope, who, window_seconds)
    return used is not None and used >= limit


def rate_limit_count(*, scope: str, who: str, window_seconds: int) -> None:
    """Count one use that was accepted (see rate_limit_reached)."""
    _cache_or_none(lambda key: _count(key, window_seconds), scope, who, window_seconds)


def _cache_or_none(
    use: Callable[[str], int], scope: str, who: str, window_seconds: int
) -> int | None:
    """Run `use` on the counter's key. Without a cache to count in, the use is let
    through (and logged): refusing everybody during an outage would lock out the
    counselor who must open an emergency."""
    window = int(timezone.now().timestamp() // window_seconds)
    who_hash = hashlib.sha256(who.encode("utf-8", "replace")).hexdigest()[:32]
    try:
        return use(f"rate:{scope}:{who_hash}:{window}")
    except (RedisError, OSError) as error:
        logger.warning("Rate limit %s not counted, the cache is unavailable: %s", scope, error)
        return None


def _count(key: str, window_seconds: int) -> int:
    if cache.add(key, 1, timeout=window_seconds + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 5)
        return 1


def sign_in_throttles_prune(*, now: datetime | None = None) -> int:
    """Drop counts untouched for a week whose lock (if any) has ended: they no longer
    matter, and guessed names would otherwise pile up."""
    now = now or timezone.now()
    deleted, _by_model = (
        SignInThrottle.objects.filter(updated_at__lt=now - timedelta(days=7))
        .exclude(locked_until__gt=now)
        .delete()
    )
    return deleted
