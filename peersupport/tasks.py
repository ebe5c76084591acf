"""Celery tasks of the core. Thin: each takes ids and calls a service."""

from celery import shared_task

from peersupport.services.notifications import notification_send, notifications_due


@shared_task(ignore_result=True)
def send_notification(notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@shared_task(ignore_result=True)
def send_unsent_notifications() -> int:
    """Beat, every minute: offer again what was not sent (broker outage, SMTP error)."""
    due = notifications_due()
    for notification_id in due:
        send_notification.delay(notification_id)
    return len(due)
