import smtplib
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from peersupport.models import Notification, NotificationStatus
from peersupport.services.notifications import (
    enqueue_send_rows,
    notification_queue,
    notification_send,
    notifications_due,
)
from peersupport.tasks import send_unsent_notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"reset_url": "https://peersupport.example/reset/abc/"}


def queue(user, **kwargs):
    return notification_queue(recipient=user, kind="password_reset", context=CONTEXT, **kwargs)


def test_a_message_is_sent_once_the_change_commits(employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(employee)
        assert mail.outbox == []

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert [m.to for m in mail.outbox] == [[employee.email]]
    assert "https://peersupport.example/reset/abc/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_message_of_a_change_that_rolls_back_is_never_written_nor_sent(
    employee, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue(employee)
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_each_message_is_sent_at_most_once(employee):
    notification = queue(employee)

    assert notification_send(notification_id=notification.pk) is True
    assert notification_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_it_is_written_in_the_recipients_language(django_capture_on_commit_callbacks):
    indonesian = UserFactory(preferred_language="id")
    english = UserFactory(preferred_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        queue(indonesian)
        queue(english)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[indonesian.email] == "Pilih sandi baru untuk Dukungan Sebaya"
    assert subjects[english.email] == "Choose a new password for Peer Support"


def test_an_unknown_kind_is_refused_before_anything_is_written(employee):
    with pytest.raises(TemplateDoesNotExist):
        notification_queue(recipient=employee, kind="no_such_kind", context={})

    assert not Notification.objects.exists()


@pytest.fixture
def failing_smtp(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def test_a_mail_server_error_keeps_the_message_waiting_with_a_pause(employee, failing_smtp):
    notification = queue(employee)

    assert notification_send(notification_id=notification.pk) is False

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert "went away" in notification.last_error
    assert notification.next_attempt_at > timezone.now()
    assert notification.pk not in notifications_due()


def test_after_the_last_attempt_the_message_is_marked_failed(employee, failing_smtp, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    notification = queue(employee)

    notification_send(notification_id=notification.pk)
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 2


def test_the_beat_task_sends_what_the_broker_outage_left_behind(employee):
    notification = queue(employee)  # no commit callback ran: as if the broker was down

    assert send_unsent_notifications() == 0  # too fresh: the commit's own task may run yet
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert send_unsent_notifications() == 1

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_a_claim_of_a_worker_that_died_is_released(employee):
    notification = queue(employee)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )

    assert notifications_due() == [notification.pk]


def test_queueing_with_the_broker_down_keeps_the_change_and_the_message(
    employee, django_capture_on_commit_callbacks, dead_broker, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(employee)

    assert "Broker unavailable; 1 notification(s) wait for the retry" in caplog.text

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert mail.outbox == []


def test_any_error_while_sending_is_recorded_and_retried(employee, monkeypatch):
    def explode(self, *args, **kwargs):
        raise ValueError("a broken mail backend")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", explode)
    notification = queue(employee)

    assert notification_send(notification_id=notification.pk) is False

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert "broken mail backend" in notification.last_error


def test_a_waiting_row_is_not_sent_before_its_pause_ends(employee, failing_smtp):
    notification = queue(employee)
    notification_send(notification_id=notification.pk)  # fails: pauses the row

    assert notification_send(notification_id=notification.pk) is False
    assert Notification.objects.get(pk=notification.pk).attempts == 1


def test_a_claim_of_a_dead_worker_at_the_last_attempt_is_marked_failed(employee, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    notification = queue(employee)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING,
        attempts=3,
        claimed_at=timezone.now() - timedelta(hours=1),
    )

    assert notifications_due() == []
    assert Notification.objects.get(pk=notification.pk).status == NotificationStatus.FAILED


def test_emergency_alerts_are_told_apart_by_their_kind_and_urgency(employee):
    def row(kind, context):
        return notification_queue(recipient=employee, kind=kind, context=context)

    emergency = {"urgency": "emergency", "referral": "x", "path": "/"}
    routine = {"urgency": "routine", "referral": "x", "path": "/"}

    assert row("referral_raised", emergency).urgent
    assert row("referral_overdue", emergency).urgent
    assert row("referral_unrouted", {"trigger": "imminent_risk"}).urgent
    assert not row("referral_raised", routine).urgent
    assert not row("password_reset", CONTEXT).urgent


def test_an_emergency_alert_goes_alone_to_the_urgent_queue_and_first(employee, monkeypatch):
    published = []
    monkeypatch.setattr(
        "peersupport.tasks.send_notifications.apply_async",
        lambda args, queue: published.append((queue, args[0])),
    )
    normal = [queue(employee).pk for _ in range(12)]
    alerts = [
        notification_queue(recipient=employee, kind="referral_unrouted", context={}).pk
        for _ in range(2)
    ]

    enqueue_send_rows([(pk, False) for pk in normal] + [(pk, True) for pk in alerts])

    urgent, default = settings.OUTBOX_URGENT_QUEUE, settings.CELERY_TASK_DEFAULT_QUEUE
    assert urgent != default
    assert published == [
        (urgent, [alerts[0]]),
        (urgent, [alerts[1]]),
        (default, normal[:10]),
        (default, normal[10:]),
    ]
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert notifications_due() == alerts + normal


def test_every_send_of_a_row_carries_the_same_message_id(employee, monkeypatch):
    notification = queue(employee)
    real_send = locmem.EmailBackend.send_messages
    calls = []

    def fail_once(self, messages):
        calls.append(messages[0].message()["Message-ID"])
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return real_send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", fail_once)
    notification_send(notification_id=notification.pk)
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    assert notification_send(notification_id=notification.pk) is True

    created = int(notification.created_at.timestamp())
    assert calls == [f"<outbox-{notification.pk}.{created}@127.0.0.1>"] * 2
    assert mail.outbox[0].message()["Message-ID"] == calls[0]


def test_a_claim_whose_lease_ran_out_is_offered_again_and_a_live_one_is_not(employee, settings):
    settings.OUTBOX_LEASE_SECONDS = 60
    dead, alive = queue(employee), queue(employee)
    now = timezone.now()
    for row, claimed in ((dead, now - timedelta(seconds=61)), (alive, now - timedelta(seconds=50))):
        Notification.objects.filter(pk=row.pk).update(
            status=NotificationStatus.SENDING, claimed_at=claimed, attempts=1
        )

    assert notifications_due() == [dead.pk]
    assert Notification.objects.get(pk=alive.pk).status == NotificationStatus.SENDING


@pytest.mark.django_db(transaction=True)
def test_a_slow_send_keeps_its_lease_so_the_beat_does_not_send_it_again(
    employee, settings, monkeypatch
):
    settings.OUTBOX_LEASE_SECONDS = 1  # renewed every third of a second
    monkeypatch.setattr(  # no send on commit: this test sends it itself
        "peersupport.services.notifications.enqueue_send_rows", lambda rows: None
    )
    notification = queue(employee)
    real_send = locmem.EmailBackend.send_messages
    due_while_sending = []

    def slow_send(self, messages):
        time.sleep(2.5)  # a slow mail server: longer than two leases
        due_while_sending.append(notifications_due())
        return real_send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", slow_send)

    assert notification_send(notification_id=notification.pk) is True
    assert due_while_sending == [[]]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)
