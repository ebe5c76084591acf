"""The fixed cast of every access test (coordinator, two supporters, two counselors, two
employees) and shared fixtures."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client

from config.celery import app as celery_app
from peersupport.models import User
from peersupport.roles import Role
from tests.factories import UserFactory

# Benchmarks are measured by `make bench`, not run by `make test`.
collect_ignore = [] if os.environ.get("PEERSUPPORT_BENCH") == "1" else ["benchmarks"]


def clear_cache() -> None:
    """Forget what this test run put in the cache, and nothing else.

    `cache.clear()` on Redis flushes the whole database, which parallel workers share
    (and which, misconfigured, could be someone's): only this worker's keys go.
    """
    from django.conf import settings
    from django.core.cache import cache

    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache.clear()  # in-process memory: this worker's alone
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache() -> object:
    """Rate-limit counts live in the cache: each test starts from none."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _eager_celery() -> object:
    """Tasks run in-process unless a test starts a real worker (tests marked broker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def reset_broker_connections() -> None:
    """Forget the app's pools so a changed broker URL takes effect.

    kombu keeps its pools in a registry keyed by connection URL, so they are dropped
    here, not closed: the previous URL gets its own open pool back.
    """
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def real_worker() -> Iterator[None]:
    """A real Celery worker (solo pool, in a thread) on the app's broker.

    Starting a worker sets up Celery's logging, which lowers the root logger to ERROR;
    the logging set-up is put back afterwards so later tests still see warnings.
    """
    import logging

    from celery.contrib.testing.worker import start_worker

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers


@pytest.fixture
def redis_url() -> str:
    """The test database of the machine's Redis (TEST_REDIS_URL, or REDIS_URL's server
    with database 15: see the root conftest); the test skips (with the reason) without one.
    """
    import redis
    from django.conf import settings

    url = settings.REDIS_URL
    if not url:
        pytest.skip("REDIS_URL is not set: this test needs a real Redis broker")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def dead_broker() -> object:
    """The broker is down: its URL points at a port where nothing listens."""
    previous = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    reset_broker_connections()
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    reset_broker_connections()


class SignedInClient(Client):
    """`force_login` as after the whole sign-in: a person with a second factor has
    given its code in this session too."""

    def force_login(self, user: User, backend: str | None = None) -> None:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def english() -> object:
    """Services speak the active language, which outside a request is LANGUAGE_CODE
    (Indonesian); tests that read their English messages ask for English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """A browser that asks for English; Indonesian tests ask for it explicitly."""
    return SignedInClient(headers={"accept-language": "en"})


# The fixed cast (username, full name, role) of every access test.
CAST = {
    "coordinator": ("t-coordinator", "Dewi Coordinator", Role.COORDINATOR),
    "supporter": ("t-supporter", "Budi Supporter", Role.SUPPORTER),
    "other_supporter": ("t-supporter-2", "Eko Supporter", Role.SUPPORTER),
    "counselor": ("t-counselor", "Ratna Counselor", Role.COUNSELOR),
    "other_counselor": ("t-counselor-2", "Sari Counselor", Role.COUNSELOR),
    "employee": ("t-employee", "Agus Employee", Role.EMPLOYEE),
    "other_employee": ("t-employee-2", "Siti Employee", Role.EMPLOYEE),
}


def cast_member(name: str) -> User:
    username, full_name, role = CAST[name]
    return UserFactory(username=username, full_name=full_name, roles=[role])


@pytest.fixture
def coordinator(db: None) -> User:
    return cast_member("coordinator")


@pytest.fixture
def supporter(db: None) -> User:
    return cast_member("supporter")


@pytest.fixture
def other_supporter(db: None) -> User:
    return cast_member("other_supporter")


@pytest.fixture
def counselor(db: None) -> User:
    return cast_member("counselor")


@pytest.fixture
def other_counselor(db: None) -> User:
    return cast_member("other_counselor")


@pytest.fixture
def employee(db: None) -> User:
    return cast_member("employee")


@pytest.fixture
def other_employee(db: None) -> User:
    return cast_member("other_employee")


@pytest.fixture
def cast(
    coordinator: User,
    supporter: User,
    other_supporter: User,
    counselor: User,
    other_counselor: User,
    employee: User,
    other_employee: User,
) -> dict[str, User]:
    return {
        "coordinator": coordinator,
        "supporter": supporter,
        "other_supporter": other_supporter,
        "counselor": counselor,
        "other_counselor": other_counselor,
        "employee": employee,
        "other_employee": other_employee,
    }
