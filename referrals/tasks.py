"""Periodic work of the referrals app."""

from celery import shared_task

from peersupport.periodic import periodic
from referrals.services import referrals_escalate


@shared_task(ignore_result=True, soft_time_limit=50, time_limit=55)
@periodic
def escalate_overdue_referrals() -> int:
    """Every minute: tell coordinators and back-up counselors of referrals nobody took."""
    return referrals_escalate()
