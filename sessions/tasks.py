"""Periodic work of the sessions app."""

from celery import shared_task

from sessions.services import session_reminders


@shared_task(ignore_result=True)
def remind_supporters_to_log_sessions() -> int:
    """Weekly: one nudge per supporter with sessions to log."""
    return session_reminders()
