"""Server time and query count of the core pages. Run by `make bench`, which prints them."""

import json
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peersupport.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RUNS = 200


def measure(client, url: str) -> dict[str, float | int]:
    client.get(url)  # warm caches and the connection
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "url": url,
        "runs": RUNS,
        "queries": len(queries),
        "seconds_p50": round(statistics.median(timings), 5),
        "seconds_p95": round(timings[int(RUNS * 0.95) - 1], 5),
    }


@pytest.mark.parametrize("url_name", ["home", "healthz", "login"])
def test_core_pages_answer_fast(client, url_name):
    UserFactory.create_batch(500, roles=[Role.EMPLOYEE])
    client.force_login(UserFactory(roles=[Role.EMPLOYEE, Role.SUPPORTER, Role.COORDINATOR]))
    if url_name == "login":
        client.logout()

    figures = measure(client, reverse(url_name))

    print(json.dumps(figures))
    assert figures["seconds_p95"] < 0.2
