"""The tests never write to, or clear, the Redis database that REDIS_URL names."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache

from config.celery import app as celery_app
from conftest import CONFIGURED_REDIS_URL, cache_prefix_for, redis_url_for_tests
from tests.conftest import clear_cache


def test_the_tests_use_database_15_of_the_configured_server():
    url = redis_url_for_tests({"REDIS_URL": "redis://:secret@redis.internal:6380/0"})

    assert url == "redis://:secret@redis.internal:6380/15"


def test_test_redis_url_names_the_tests_database_when_set():
    environ = {"REDIS_URL": "redis://127.0.0.1:6379/0", "TEST_REDIS_URL": "redis://127.0.0.1/9"}

    assert redis_url_for_tests(environ) == "redis://127.0.0.1/9"


def test_without_redis_the_tests_use_none():
    assert redis_url_for_tests({}) == ""


def test_the_cache_and_the_broker_are_not_the_configured_database(redis_url):
    assert redis_url != CONFIGURED_REDIS_URL
    assert settings.CACHES["default"]["LOCATION"] == redis_url
    assert celery_app.conf.broker_url == redis_url
    # Parallel test processes share that database, each with a queue of its own.
    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "main")
    assert celery_app.conf.task_default_queue == f"peersupport-test-{worker_id}"


def test_clearing_the_cache_keeps_what_another_worker_put_there(redis_url):
    client = cache._cache.get_client(write=True)
    neighbour = f"{cache_prefix_for('another-worker')}:1:sign-in-failures"
    client.set(neighbour, "3")
    cache.set("sign-in-failures", 2)
    try:
        clear_cache()

        assert cache.get("sign-in-failures") is None
        assert client.get(neighbour) == b"3"
    finally:
        client.delete(neighbour)


@pytest.fixture
def redis_url(redis_url: str) -> str:
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.fail("REDIS_URL is set but the tests' cache is not on Redis")
    return redis_url
