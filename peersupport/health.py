"""The state of the database, the broker and the outbox, for /healthz.

Anybody (a load balancer) learns whether the service is healthy; the details (engines,
states, the outbox backlog, the oldest unsent alert) are for monitoring that presents
HEALTHZ_TOKEN, since they tell an outsider how the deployment is built.
"""

import hmac
from datetime import datetime
from typing import Any

# The project's app (config/celery.py) is the current one; the core does not import config.
from celery import current_app as celery_app
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min
from django.utils import timezone

from peersupport.models import Notification, NotificationStatus

UNSENT = (NotificationStatus.PENDING, NotificationStatus.SENDING)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "up"


def broker_state() -> str:
    """'up', 'down', or 'eager' when tasks run in-process (the embedded default)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:  # kombu raises transport-specific errors
        return "down"
    return "up"


def may_see_details(presented: str) -> bool:
    """Whether the token presented is the configured one (compared in constant time);
    without a configured token nobody sees the details."""
    expected = settings.HEALTHZ_TOKEN
    return bool(expected) and hmac.compare_digest(presented.encode(), expected.encode())


def health_report(*, details: bool) -> dict[str, Any]:
    database = database_state()
    broker = broker_state()
    report: dict[str, Any] = {"ok": database == "up" and broker in ("up", "eager")}
    if details:
        report["database"] = {"engine": connection.vendor, "state": database}
        report["broker"] = {"transport": _broker_transport(), "state": broker}
        if database == "up":
            report["outbox"] = outbox_state()
    return report


def outbox_state(*, now: datetime | None = None) -> dict[str, Any]:
    """How many messages wait, and for how long the oldest emergency alert has waited
    (seconds): the figure to page someone on."""
    now = now or timezone.now()
    unsent = Notification.objects.filter(status__in=UNSENT)
    oldest = unsent.filter(urgent=True).aggregate(at=Min("created_at"))["at"]
    return {
        "unsent": unsent.count(),
        "failed": Notification.objects.filter(status=NotificationStatus.FAILED).count(),
        "oldest_unsent_alert_seconds": int((now - oldest).total_seconds()) if oldest else None,
    }


def _broker_transport() -> str:
    return (
        "eager" if settings.CELERY_TASK_ALWAYS_EAGER else celery_app.conf.broker_url.split(":")[0]
    )
