"""When a referral must be acknowledged, per urgency (settings `REFERRAL_ACK_*`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from referrals.models import Urgency


def add_working_days(start: datetime, days: int) -> datetime:
    """The same clock time `days` working days (Monday to Friday) after `start`.

    A start on a weekend counts from the next Monday morning's equivalent clock time.
    Public holidays are not known to the product; a coordinator watches those days.
    """
    local = timezone.localtime(start)
    moved = 0
    while moved < days:
        local += timedelta(days=1)
        if local.weekday() < 5:
            moved += 1
    return local


def acknowledge_by(*, urgency: str, raised_at: datetime) -> datetime:
    if urgency == Urgency.EMERGENCY:
        return raised_at + timedelta(minutes=settings.REFERRAL_ACK_MINUTES_EMERGENCY)
    if urgency == Urgency.PRIORITY:
        return raised_at + timedelta(minutes=settings.REFERRAL_ACK_MINUTES_PRIORITY)
    return add_working_days(raised_at, settings.REFERRAL_ACK_WORKING_DAYS_ROUTINE)


def escalation_level_due(*, raised_at: datetime, due: datetime, now: datetime) -> int:
    """0 before the deadline; 1 once it passed; one more each time the same span passes again."""
    if now <= due:
        return 0
    span = max(due - raised_at, timedelta(minutes=1))
    return min(1 + int((now - due) / span), settings.REFERRAL_ESCALATION_LEVELS)
