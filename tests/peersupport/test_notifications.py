import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from peersupport.models import Notification, NotificationStatus
from peersupport.services.notifications import (
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
