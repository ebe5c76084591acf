import os
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from peersupport.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "monitoring-3f9a-only"


@pytest.fixture
def monitoring(settings):
    """The caller that presents the configured token sees the details."""
    settings.HEALTHZ_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def real_broker(settings):
    """Health is checked against the configured broker, as in production."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: no broker to check against")
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_it_answers_200_with_the_database_and_embedded_task_runner(client, monitoring):
    response = client.get(reverse("healthz"), **monitoring)

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["database"] == {"engine": connection.vendor, "state": "up"}
    assert body["broker"]["state"] in {"eager", "up"}


def test_it_answers_200_when_the_real_broker_answers(client, real_broker, monitoring):
    response = client.get(reverse("healthz"), **monitoring)

    assert response.status_code == 200
    assert response.json()["broker"] == {"transport": "redis", "state": "up"}


def test_it_answers_503_when_the_broker_is_down(client, dead_broker, settings, monitoring):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get(reverse("healthz"), **monitoring)

    assert response.status_code == 503
    assert response.json()["broker"]["state"] == "down"
    assert response.json()["database"]["state"] == "up"


def test_it_answers_503_when_the_database_is_down(client, monkeypatch, monitoring):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get(reverse("healthz"), **monitoring)

    assert response.status_code == 503
    assert response.json()["database"]["state"] == "down"


def test_it_is_never_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]


@pytest.mark.parametrize("presented", [None, "", "Bearer wrong-token", f"Bearer {TOKEN}x"])
def test_an_anonymous_caller_learns_only_whether_it_is_healthy(client, settings, presented):
    settings.HEALTHZ_TOKEN = TOKEN
    headers = {"HTTP_AUTHORIZATION": presented} if presented is not None else {}

    response = client.get(reverse("healthz"), **headers)

    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_without_a_configured_token_nobody_sees_the_details(client, settings):
    settings.HEALTHZ_TOKEN = ""

    response = client.get(reverse("healthz"), HTTP_AUTHORIZATION="Bearer ")

    assert response.json() == {"ok": True}


def test_monitoring_sees_the_outbox_backlog_and_the_oldest_unsent_alert(client, monitoring):
    person = UserFactory()
    now = timezone.now()
    for kind, minutes_ago, status, urgent in [
        ("referral_raised", 7, "pending", True),
        ("referral_overdue", 3, "sending", True),
        ("referral_raised", 20, "pending", False),  # routine: not an emergency alert
        ("match_proposed", 30, "pending", False),
        ("referral_raised", 60, "sent", True),
        ("invitation", 2, "failed", False),
    ]:
        row = Notification.objects.create(
            recipient=person,
            to_address=person.email,
            kind=kind,
            language="en",
            status=status,
            urgent=urgent,
        )
        Notification.objects.filter(pk=row.pk).update(
            created_at=now - timedelta(minutes=minutes_ago)
        )

    outbox = client.get(reverse("healthz"), **monitoring).json()["outbox"]

    assert outbox["unsent"] == 4
    assert outbox["failed"] == 1
    assert 7 * 60 <= outbox["oldest_unsent_alert_seconds"] < 8 * 60
