"""Daily reminders of the programs app, run by Celery beat."""

from celery import shared_task

from peersupport.periodic import periodic
from programs.services import checkin_reminders, training_expiry_reminders


@shared_task(ignore_result=True)
@periodic
def remind_expiring_training() -> int:
    return training_expiry_reminders()


@shared_task(ignore_result=True)
@periodic
def remind_due_checkins() -> int:
    return checkin_reminders()
