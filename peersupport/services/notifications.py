"""The notification outbox.

A message is a row first, written in the same transaction as the change that causes
it, so a broker outage delays it and never loses it. After the commit a Celery task
sends it; a beat task sends whatever is still waiting. A row is claimed with a
conditional update before it is sent, so two workers never send the same row at once.

The claim is a lease (OUTBOX_LEASE_SECONDS), renewed while the mail server is slow; the
row is marked sent in its own commit as soon as the server accepts it. A worker killed
while sending leaves one row claimed: once its lease runs out the beat offers it again.
Delivery is therefore at least once; a re-send carries the same Message-ID, derived
from the row, so mail systems can recognise it. Emergency alerts go to their own queue
and the beat offers them first.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connections, transaction
from django.db.models import F, Q, QuerySet
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from peersupport.models import Notification, NotificationStatus, User
from peersupport.services.audit import audit_log

logger = logging.getLogger(__name__)

TEMPLATE_PARTS = ("subject.txt", "body.txt", "body.html")
# Rows handed to one task, and that task's time limits: room for every row to wait for
# the mail server's full timeout. The limits no longer decide when a dead worker's row
# is offered again: its lease does.
SEND_BATCH = 10
SEND_SOFT_TIME_LIMIT = SEND_BATCH * (settings.EMAIL_TIMEOUT + 5) + 30
SEND_TIME_LIMIT = SEND_SOFT_TIME_LIMIT + 30
# The beat task leaves fresh rows to the task queued on commit.
FRESH_ROW_GRACE = timedelta(seconds=30)
# Messages about an emergency referral (an imminent risk to someone's life): the referrals
# app writes the urgency into each one's context. An unrouted referral is always one: no
# service will act until a coordinator routes it by hand.
EMERGENCY = "emergency"
ALWAYS_URGENT_KINDS = frozenset({"referral_unrouted"})


def _template_name(kind: str, part: str) -> str:
    return f"notifications/{kind}/{part}"


def is_emergency_alert(*, kind: str, context: dict[str, Any]) -> bool:
    """Whether a message is an emergency alert, from what its outbox row knows."""
    if kind in ALWAYS_URGENT_KINDS:
        return True
    return kind.startswith("referral_") and context.get("urgency") == EMERGENCY


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
        urgent=is_emergency_alert(kind=kind, context=context),
    )
    _send_after_commit([notification])
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
                urgent=is_emergency_alert(kind=kind, context=context),
            )
            for recipient, context in zip(recipients, contexts, strict=True)
        ],
        batch_size=1000,
    )
    _send_after_commit(rows)
    return rows


def _send_after_commit(rows: list[Notification]) -> None:
    transaction.on_commit(lambda: enqueue_send_rows([(row.pk, row.urgent) for row in rows]))


def enqueue_send_rows(rows: list[tuple[int, bool]]) -> None:
    """Hand (id, urgent) rows to the workers: each emergency alert alone on the urgent
    queue, so no batch holds it up; the others in batches. Emergency alerts first. With
    the broker down the first failure stops the publishing (each attempt waits for the
    broker's timeout): the rows wait for the beat."""
    tasks = [([pk], True) for pk, urgent in rows if urgent]
    normal = [pk for pk, urgent in rows if not urgent]
    tasks += [
        (normal[start : start + SEND_BATCH], False) for start in range(0, len(normal), SEND_BATCH)
    ]
    for index, (ids, urgent) in enumerate(tasks):
        if not _publish(ids, urgent=urgent):
            waiting = sum(len(later) for later, _urgent in tasks[index:])
            logger.warning("Broker unavailable; %d notification(s) wait for the retry", waiting)
            return


def enqueue_send(notification_id: int, *, urgent: bool = False) -> None:
    """Hand one row to the workers. A dead broker is logged, not raised: beat retries."""
    enqueue_send_rows([(notification_id, urgent)])


def _publish(notification_ids: list[int], *, urgent: bool) -> bool:
    from peersupport.tasks import send_notifications

    queue = settings.OUTBOX_URGENT_QUEUE if urgent else settings.CELERY_TASK_DEFAULT_QUEUE
    try:
        send_notifications.apply_async(args=[notification_ids], queue=queue)
    except Exception:  # kombu wraps broker failures in several exception types
        return False
    return True


def message_id(notification: Notification) -> str:
    """The row's Message-ID: the same on every re-send, so a mail system can recognise a
    duplicate. The creation time keeps it unique should the ids ever start again (a
    database restored or rebuilt), lest a new message be taken for an old one."""
    domain = urlsplit(settings.SITE_URL).hostname
    domain = domain or parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    created = int(notification.created_at.timestamp())
    return f"<outbox-{notification.pk}.{created}@{domain or 'localhost'}>"


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
        headers={"Message-ID": message_id(notification)},
    )
    message.attach_alternative(html, "text/html")
    return message


def _render_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text part: no HTML escaping (an apostrophe in a name stays an apostrophe)."""
    template = get_template(name).template
    return template.render(Context(context, autoescape=False))


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


class _LeaseKeeper(threading.Thread):
    """Renews a row's lease while a slow mail server keeps its send going: a lease that
    runs out is taken for a dead worker's, and the row would be sent twice. Renews only
    its own claim (the `claimed_at` it wrote is the claim's token)."""

    def __init__(self, notification_id: int, claimed_at: datetime) -> None:
        super().__init__(name=f"outbox-lease-{notification_id}", daemon=True)
        self.notification_id = notification_id
        self.token = claimed_at
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(settings.OUTBOX_LEASE_SECONDS / 3):
                now = timezone.now()
                if not _claimed(self.notification_id, self.token).update(claimed_at=now):
                    logger.warning("Notification %s: its lease was lost", self.notification_id)
                    return
                self.token = now
        finally:
            connections.close_all()  # this thread's own connection, if it opened one


def _claimed(notification_id: int, token: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(
        id=notification_id, status=NotificationStatus.SENDING, claimed_at=token
    )


@contextmanager
def _lease_kept(notification_id: int, claimed_at: datetime) -> Iterator[_LeaseKeeper]:
    keeper = _LeaseKeeper(notification_id, claimed_at)
    keeper.start()
    try:
        yield keeper
    finally:
        keeper.done.set()
        keeper.join()


def notification_send(*, notification_id: int) -> bool:
    """Send one outbox row if it is still waiting. Returns whether this call sent it.

    Runs outside any transaction: the claim, each lease renewal and the mark of a sent
    message are each their own commit, so a crash right after the mail server accepted
    a message re-sends that one message at most.
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(id=notification_id, status=NotificationStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(id=notification_id)
    error, final = None, False
    with _lease_kept(notification_id, now) as lease:
        try:
            _render(notification).send()
        except TemplateDoesNotExist as exc:
            error, final = f"missing template: {exc}", True
        except Exception as exc:  # SMTP, network, time limit, a broken backend: all retried
            error, final = repr(exc), notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
    if error is not None:
        _record_failure(notification, token=lease.token, error=error, final=final)
        return False
    # Sent: whoever holds the row now, it must not go out again.
    Notification.objects.filter(id=notification_id).exclude(status=NotificationStatus.SENT).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _record_failure(
    notification: Notification, *, token: datetime, error: str, final: bool
) -> None:
    logger.warning("Notification %s not sent: %s", notification.pk, error)
    _claimed(notification.pk, token).update(
        status=NotificationStatus.FAILED if final else NotificationStatus.PENDING,
        next_attempt_at=None if final else timezone.now() + _retry_delay(notification.attempts),
        last_error=error[:2000],
    )


def _due_rows(now: datetime) -> list[tuple[int, bool]]:
    """(id, urgent) of the rows to (re)send now, emergency alerts first. Releases the rows
    of workers whose lease ran out (a worker killed while sending)."""
    expired = Notification.objects.filter(
        status=NotificationStatus.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
    )
    expired.filter(attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS).update(
        status=NotificationStatus.FAILED, last_error="the worker stopped while sending"
    )
    expired.update(
        status=NotificationStatus.PENDING,
        next_attempt_at=now,
        last_error="the worker stopped while sending: its lease ran out",
    )
    due = Notification.objects.filter(status=NotificationStatus.PENDING).filter(
        Q(next_attempt_at__lte=now)
        | Q(next_attempt_at__isnull=True, created_at__lte=now - FRESH_ROW_GRACE)
    )
    return list(due.order_by("-urgent", "created_at").values_list("id", "urgent")[:500])


def notifications_due(*, now: datetime | None = None) -> list[int]:
    """Ids of rows that should be (re)sent now, emergency alerts first."""
    return [pk for pk, _urgent in _due_rows(now or timezone.now())]


def notifications_resend() -> int:
    """The beat's pass: offer again whatever is due. Two runs at once are harmless: each
    row is claimed before it is sent."""
    rows = _due_rows(timezone.now())
    enqueue_send_rows(rows)
    return len(rows)


@transaction.atomic
def notification_retry(*, notification: Notification, actor: User) -> bool:
    """Put a failed row back in the queue (a coordinator's action in the admin)."""
    released = Notification.objects.filter(
        id=notification.pk, status=NotificationStatus.FAILED
    ).update(status=NotificationStatus.PENDING, next_attempt_at=timezone.now(), last_error="")
    if released:
        audit_log(actor=actor, action="notification.retried", target=notification)
        transaction.on_commit(lambda: enqueue_send(notification.pk, urgent=notification.urgent))
    return bool(released)
