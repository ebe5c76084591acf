"""Celery tasks of the core. Thin: each takes ids and calls a service."""

from celery import shared_task

from peersupport.periodic import periodic
from peersupport.services.notifications import (
    SEND_SOFT_TIME_LIMIT,
    SEND_TIME_LIMIT,
    notification_send,
    notifications_resend,
)
from peersupport.services.throttle import sign_in_throttles_prune


@shared_task(ignore_result=True, soft_time_limit=SEND_SOFT_TIME_LIMIT, time_limit=SEND_TIME_LIMIT)
def send_notifications(notification_ids: list[int]) -> int:
    """Send each row that is still waiting; a row claimed elsewhere is left alone."""
    return sum(notification_send(notification_id=pk) for pk in notification_ids)


@shared_task(ignore_result=True)
@periodic
def send_unsent_notifications() -> int:
    """Beat, every OUTBOX_RESEND_SECONDS: offer again what was not sent (broker outage,
    SMTP error, a worker killed while sending), emergency alerts first."""
    return notifications_resend()


@shared_task(ignore_result=True)
@periodic
def forget_old_sign_in_failures() -> int:
    """Daily: failure counts with no lock, untouched for a week, are dropped."""
    return sign_in_throttles_prune()
