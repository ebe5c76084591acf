import os

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_broker(settings):
    """Health is checked against the configured broker, as in production."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: no broker to check against")
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_it_answers_200_with_the_database_and_embedded_task_runner(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["database"] == {"engine": connection.vendor, "state": "up"}
    assert body["broker"]["state"] in {"eager", "up"}


def test_it_answers_200_when_the_real_broker_answers(client, real_broker):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["broker"] == {"transport": "redis", "state": "up"}


def test_it_answers_503_when_the_broker_is_down(client, dead_broker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"]["state"] == "down"
    assert response.json()["database"]["state"] == "up"


def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"]["state"] == "down"


def test_it_is_never_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]
