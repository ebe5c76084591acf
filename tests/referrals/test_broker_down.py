"""An emergency referral raised while the broker is down: nothing is lost, nothing is doubled."""

import time
from datetime import timedelta

import pytest
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from peersupport.models import Notification, NotificationStatus
from referrals.models import OnCallShift, Referral
from sessions.models import SessionLog
from tests.conftest import real_worker, reset_broker_connections
from tests.peersupport.test_celery_worker import wait_for
from tests.referrals.factories import make_active_match, make_service

BEAT_TASK = "peersupport.tasks.send_unsent_notifications"
# The broker's connection timeout is 2 s and a publish is retried once: a request that
# takes longer than this is hanging on the dead broker.
FAST_SECONDS = 5.0


def raise_an_emergency_through_the_session_form(client, cast, caplog):
    """The supporter logs a session with imminent risk; returns the referral's outbox rows."""
    service = make_service([cast["counselor"]])
    other_service = make_service([cast["other_counselor"]], name="EAP Sehat")
    now = timezone.now()
    # The service's own counselor is on call too: told once, not twice.
    for counselor, on_call_for in (
        (cast["counselor"], service),
        (cast["other_counselor"], other_service),
    ):
        OnCallShift.objects.create(
            service=on_call_for,
            counselor=counselor,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=8),
        )
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    client.force_login(cast["supporter"])
    when = timezone.localtime() - timedelta(hours=1)

    started = time.monotonic()
    response = client.post(
        reverse("sessions:log_new", args=[match.uuid]),
        {
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "50",
            "mode": "in_person",
            "topics": ["stress"],
            "notes": "Has a plan for tonight.",
            "triggers": ["imminent_risk"],
            "escalation": "1",
            "summary": "Imminent risk: has a plan for tonight. Reachable at the Jakarta site.",
            "consent": "yes",
        },
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("sessions:match", args=[match.uuid])
    assert elapsed < FAST_SECONDS, f"the request waited {elapsed:.1f} s for the dead broker"
    assert "Broker unavailable; 3 notification(s) wait for the retry" in caplog.text
    log = SessionLog.objects.get()
    referral = Referral.objects.get()
    assert log.referral == referral
    assert (referral.urgency, referral.status, referral.service) == (
        "emergency",
        "submitted",
        service,
    )
    rows = list(Notification.objects.order_by("pk"))
    assert {row.kind for row in rows} == {"referral_raised"}
    assert sorted(row.recipient_id for row in rows) == sorted(
        cast[name].pk for name in ("coordinator", "counselor", "other_counselor")
    )
    assert all(row.context["referral"] == str(referral.uuid) for row in rows)
    assert {(row.status, row.attempts) for row in rows} == {(NotificationStatus.PENDING, 0)}
    assert mail.outbox == []
    return rows


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_emergency_referral_and_its_messages_are_saved(
    client, cast, dead_broker, caplog
):
    raise_an_emergency_through_the_session_form(client, cast, caplog)


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_when_the_broker_is_back_the_worker_sends_each_waiting_message_exactly_once(
    client, cast, dead_broker, caplog, redis_url
):
    rows = raise_an_emergency_through_the_session_form(client, cast, caplog)
    ids = [row.pk for row in rows]
    # Past the grace the beat task leaves to the task queued on commit (never published).
    Notification.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now())
    beat_runs = []

    def count_beat_runs(sender=None, retval=None, **kwargs):
        if sender.name == BEAT_TASK:
            beat_runs.append(retval)

    task_postrun.connect(count_beat_runs, weak=False)
    celery_app.conf.broker_url = redis_url
    reset_broker_connections()
    try:
        with real_worker():
            celery_app.send_task(BEAT_TASK)
            assert wait_for(
                lambda: (
                    Notification.objects.filter(pk__in=ids, status=NotificationStatus.SENT).count()
                    == len(ids)
                )
            ), "the worker did not send the waiting notifications within 20 s"
            time.sleep(1)  # let any duplicate task run: the claim must stop it

            celery_app.send_task(BEAT_TASK)
            assert wait_for(lambda: len(beat_runs) == 2), "the second beat run did not happen"
            time.sleep(1)
    finally:
        task_postrun.disconnect(count_beat_runs)
        connections.close_all()

    assert beat_runs == [len(ids), 0]
    sent = Notification.objects.filter(pk__in=ids)
    assert {(row.status, row.attempts) for row in sent} == {(NotificationStatus.SENT, 1)}
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        cast[name].email for name in ("coordinator", "counselor", "other_counselor")
    )
