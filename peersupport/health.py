"""The state of the database and the broker, for /healthz and load balancers."""

from typing import Any

# The project's app (config/celery.py) is the current one; the core does not import config.
from celery import current_app as celery_app
from django.conf import settings
from django.db import DatabaseError, connection


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


def health_report() -> dict[str, Any]:
    database = database_state()
    broker = broker_state()
    return {
        "ok": database == "up" and broker in ("up", "eager"),
        "database": {"engine": connection.vendor, "state": database},
        "broker": {"transport": _broker_transport(), "state": broker},
    }


def _broker_transport() -> str:
    return (
        "eager" if settings.CELERY_TASK_ALWAYS_EAGER else celery_app.conf.broker_url.split(":")[0]
    )
