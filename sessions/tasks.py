"""Periodic work of the sessions app."""

import logging

from celery import shared_task

from peersupport.periodic import periodic
from sessions.privacy import cases_anonymise_after_retention
from sessions.services import session_reminders

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
@periodic
def remind_supporters_to_log_sessions() -> int:
    """Weekly: one nudge per supporter with sessions to log."""
    return session_reminders()


@shared_task(ignore_result=True, soft_time_limit=1800, time_limit=1900)
@periodic
def anonymise_cases_past_retention() -> dict[str, int]:
    """Nightly: anonymise cases closed longer ago than RETENTION_MONTHS; logs the counts."""
    report = cases_anonymise_after_retention()
    logger.info("Retention: anonymised %s", report)
    return report
