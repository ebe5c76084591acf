"""A real Celery worker consumes from the real Redis broker and writes to the database."""

import time

import pytest
from django.core import mail
from django.db import connections

from config.celery import app as celery_app
from peersupport.models import Notification, NotificationStatus
from peersupport.services.notifications import notification_queue
from tests.conftest import real_worker, reset_broker_connections

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_worker(redis_url):
    celery_app.conf.task_always_eager = False
    reset_broker_connections()
    with real_worker():
        yield
    connections.close_all()


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_queued_notification_is_sent_by_a_real_worker(redis_worker, employee):
    notification = notification_queue(
        recipient=employee, kind="password_reset", context={"reset_url": "https://x/reset/"}
    )  # autocommit: the task is published to Redis on commit, at once

    sent = wait_for(
        lambda: Notification.objects.get(pk=notification.pk).status == NotificationStatus.SENT
    )

    assert sent, "the worker did not send the notification within 20 s"
    assert [m.to for m in mail.outbox] == [[employee.email]]
    assert Notification.objects.get(pk=notification.pk).attempts == 1


def test_the_beat_task_runs_on_the_worker_and_sends_each_row_once(redis_worker, employee):
    ids = [
        notification_queue(recipient=employee, kind="password_reset", context={}).pk
        for _ in range(3)
    ]
    # Every row has its own task already; the beat task offers them again at once.
    Notification.objects.filter(pk__in=ids).update(next_attempt_at="2000-01-01T00:00:00Z")
    celery_app.send_task("peersupport.tasks.send_unsent_notifications")

    assert wait_for(
        lambda: Notification.objects.filter(pk__in=ids, status=NotificationStatus.SENT).count() == 3
    )
    time.sleep(1)  # let any duplicate task run: the claim must stop it
    assert len(mail.outbox) == 3
