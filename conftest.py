"""Test-wide configuration: settings for the test run and the CI rule on skips."""

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import pytest

if TYPE_CHECKING:
    from django.conf import LazySettings

# Set by .ci/run: in CI every test must run, so a skip (no Redis, no Chromium) fails.
FORBID_SKIPS = os.environ.get("PEERSUPPORT_FORBID_SKIPS") == "1"

# Redis database number the tests use unless TEST_REDIS_URL names one: never the
# configured REDIS_URL's own database, whose cache and broker queue belong to someone.
TEST_REDIS_DB = 15
# What REDIS_URL said before the tests replaced it (see use_test_redis); parallel workers
# inherit the replaced environment, so the first value is passed on beside it.
CONFIGURED_REDIS_URL = os.environ.get(
    "PEERSUPPORT_CONFIGURED_REDIS_URL", os.environ.get("REDIS_URL", "")
)


def redis_url_for_tests(environ: Mapping[str, str]) -> str:
    """The Redis the tests may write to and clear: TEST_REDIS_URL, or REDIS_URL's server
    with database 15; empty when neither is set (the tests then use no Redis)."""
    if environ.get("TEST_REDIS_URL"):
        return environ["TEST_REDIS_URL"]
    if not environ.get("REDIS_URL"):
        return ""
    parts = urlsplit(environ["REDIS_URL"])
    return urlunsplit(parts._replace(path=f"/{TEST_REDIS_DB}"))


def cache_prefix_for(worker_id: str) -> str:
    """Parallel workers share the test Redis database, each under its own key prefix, so
    one worker's clearing never drops another's rate-limit counts."""
    return f"peersupport-test-{worker_id}"


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Tests run over plain HTTP against the test client and live_server, and without
    # collectstatic: production's redirect and manifest storage are checked elsewhere
    # (tests/peersupport/test_security.py runs check --deploy in a subprocess).
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = None  # WhiteNoise serves from the finders, no collectstatic
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    use_test_redis(settings)


def use_test_redis(settings: "LazySettings") -> None:
    """Point the cache and the Celery broker at the test Redis database.

    Settings were read from the environment before this runs, so REDIS_URL is replaced
    here and in the environment (for the manage.py subprocesses some tests start).
    """
    from kombu import Queue

    from config.celery import app as celery_app

    url = redis_url_for_tests(os.environ)
    if not url:
        return
    os.environ["PEERSUPPORT_CONFIGURED_REDIS_URL"] = CONFIGURED_REDIS_URL
    os.environ["REDIS_URL"] = url
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    celery_app.conf.broker_url = url
    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "main")
    # A real Celery worker (tests marked broker) consumes its app's queues: each parallel
    # test process has its own pair, or one would run another's tasks against the wrong
    # test database. The environment carries them to the workers and beats some tests
    # start as processes.
    queues = {
        "CELERY_TASK_DEFAULT_QUEUE": f"peersupport-test-{worker_id}",
        "OUTBOX_URGENT_QUEUE": f"peersupport-test-{worker_id}-urgent",
    }
    for name, queue in queues.items():
        setattr(settings, name, queue)
        os.environ[name] = queue
    celery_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    celery_app.conf.task_queues = (
        Queue(settings.OUTBOX_URGENT_QUEUE),
        Queue(settings.CELERY_TASK_DEFAULT_QUEUE),
    )
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": cache_prefix_for(worker_id),
        }
    }


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    outcome = yield
    report = outcome.get_result()
    if FORBID_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {report.longrepr}"
