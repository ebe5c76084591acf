"""The notification outbox.

A message is a row first, written in the same transaction as the change that causes
it, so a broker outage delays it and never loses it. After the commit a Celery task
sends it; a beat task sends whatever is still waiting. A row is claimed with a
conditional update before it is sent, so two workers never send the same row.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from peersupport.models import Notification, NotificationStatus, User
from peersupport.services.audit import audit_log

logger = logging.getLogger(__name__)

TEMPLATE_PARTS = ("subject.txt", "body.txt", "body.html")
# Rows handed to one task, and that task's time limits: room for every row to wait for
# the mail server's full timeout.
SEND_BATCH = 10
SEND_SOFT_TIME_LIMIT = SEND_BATCH * (settings.EMAIL_TIMEOUT + 5) + 30
SEND_TIME_LIMIT = SEND_SOFT_TIME_LIMIT + 30
# A claim older than this belongs to a worker that died (it is past the task's hard
# time limit), so the row is offered again.
STALE_CLAIM = timedelta(seconds=SEND_TIME_LIMIT * 2)
# The beat task leaves fresh rows to the task queued on commit.
FRESH_ROW_GRACE = timedelta(seconds=30)


def _template_name(kind: str, part: str) -> str:
    return f"notifications/{kind}/{part}"


def notification_queue(*, recipient: User, kind: str, context: dict[str, Any]) -> Notification:
    """Write one message to the outbox and send it once the transaction commits.

    `context` must be JSON-serialisable; the templates also receive `recipient`.
    """
    for part in TEMPLATE_PARTS:
        get_template(_template_name(kind, part))  # an unknown kind fails here, not later
    notification = Notification.objects.create(
        recipient=recipient,
        to_address=recipient.email,
        kind=kind,
        context=context,
        language=recipient.preferred_language,
    )
    transaction.on_commit(lambda: enqueue_send(notification.pk))
    return notification


def notification_queue_many(
    *, recipients: list[User], kind: str, contexts: list[dict[str, Any]]
) -> list[Notification]:
    """The same kind of message to many people at once (an import's invitations)."""
    for part in TEMPLATE_PARTS:
        get_template(_template_name(kind, part))
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                to_address=recipient.email,
                kind=kind,
                context=context,
                language=recipient.preferred_language,
            )
            for recipient, context in zip(recipients, contexts, strict=True)
        ],
        batch_size=1000,
    )
    ids = [row.pk for row in rows]
    for start in range(0, len(ids), SEND_BATCH):
        batch = ids[start : start + SEND_BATCH]
        transaction.on_commit(lambda batch=batch: enqueue_send_batch(batch))
    return rows


def enqueue_send(notification_id: int) -> None:
    """Hand one row to the workers. A dead broker is logged, not raised: beat retries."""
    enqueue_send_batch([notification_id])


def enqueue_send_batch(notification_ids: list[int]) -> None:
    """Hand rows to the workers in one task. A dead broker is logged: beat retries."""
    from peersupport.tasks import send_notifications

    try:
        send_notifications.apply_async(args=[notification_ids])
    except Exception:  # kombu wraps broker failures in several exception types
        logger.warning(
            "Broker unavailable; %d notification(s) wait for the retry", len(notification_ids)
        )


def _render(notification: Notification) -> EmailMultiAlternatives:
    context = {
        **notification.context,
        "recipient": notification.recipient,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    with translation.override(notification.language):
        subject = _render_text(_template_name(notification.kind, "subject.txt"), context)
        text = _render_text(_template_name(notification.kind, "body.txt"), context)
        html = render_to_string(_template_name(notification.kind, "body.html"), context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[notification.to_address],
    )
    message.attach_alternative(html, "text/html")
    return message


def _render_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text part: no HTML escaping (an apostrophe in a name stays an apostrophe)."""
    template = get_template(name).template
    return template.render(Context(context, autoescape=False))


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def notification_send(*, notification_id: int) -> bool:
    """Send one outbox row if it is still waiting. Returns whether this call sent it."""
    now = timezone.now()
    claimed = (
        Notification.objects.filter(id=notification_id, status=NotificationStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(id=notification_id)
    try:
        _render(notification).send()
    except TemplateDoesNotExist as exc:
        _record_failure(notification, error=f"missing template: {exc}", final=True)
        return False
    except Exception as exc:  # SMTP, network, time limit, a broken backend: all retried
        final = notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        _record_failure(notification, error=repr(exc), final=final)
        return False
    Notification.objects.filter(id=notification_id).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _record_failure(notification: Notification, *, error: str, final: bool) -> None:
    logger.warning("Notification %s not sent: %s", notification.pk, error)
    Notification.objects.filter(id=notification.pk).update(
        status=NotificationStatus.FAILED if final else NotificationStatus.PENDING,
        next_attempt_at=None if final else timezone.now() + _retry_delay(notification.attempts),
        last_error=error[:2000],
    )


def notifications_due(*, now: Any = None) -> list[int]:
    """Ids of rows that should be (re)sent now. Releases claims of workers that died."""
    now = now or timezone.now()
    stale = Notification.objects.filter(
        status=NotificationStatus.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    stale.filter(attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS).update(
        status=NotificationStatus.FAILED, last_error="the worker stopped while sending"
    )
    stale.update(status=NotificationStatus.PENDING, next_attempt_at=now)
    due = Notification.objects.filter(status=NotificationStatus.PENDING).filter(
        Q(next_attempt_at__lte=now)
        | Q(next_attempt_at__isnull=True, created_at__lte=now - FRESH_ROW_GRACE)
    )
    return list(due.order_by("created_at").values_list("id", flat=True)[:500])


@transaction.atomic
def notification_retry(*, notification: Notification, actor: User) -> bool:
    """Put a failed row back in the queue (a coordinator's action in the admin)."""
    released = Notification.objects.filter(
        id=notification.pk, status=NotificationStatus.FAILED
    ).update(status=NotificationStatus.PENDING, next_attempt_at=timezone.now(), last_error="")
    if released:
        audit_log(actor=actor, action="notification.retried", target=notification)
        transaction.on_commit(lambda: enqueue_send(notification.pk))
    return bool(released)
