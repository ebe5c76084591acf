"""One run at a time of each periodic task, however many beats send it.

Two beat processes (a restart overlap, or one on each of two hosts) each send every
periodic task, so the workers may run the same task twice at once. Each task's work is
idempotent on its own: its rows are claimed by conditional updates, so a run that comes
after another finds nothing left to do. This guard adds that a second run does nothing
while the first is still under way, rather than racing it row by row.
"""

import functools
import logging
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def _lock_key(name: str) -> int:
    # A stable 32-bit key per name (Python's hash() differs between processes).
    return zlib.crc32(f"peersupport.periodic:{name}".encode())


@contextmanager
def run_alone(name: str) -> Iterator[bool]:
    """Yields whether this process may run the periodic job `name` now: False while
    another process runs it.

    A PostgreSQL session advisory lock: it goes with the connection, so a worker killed
    mid-run leaves no lock behind (unlike a lock with a timeout). It needs a session of
    its own, not a PgBouncer pool in transaction mode. Other databases (SQLite, a fresh
    clone with one process) always run.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    key = _lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (acquired,) = cursor.fetchone()
    try:
        yield acquired
    finally:
        if acquired:
            _unlock(key)


def _unlock(key: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    except DatabaseError:
        # The run failed inside a transaction: closing the session releases the lock.
        logger.warning("Periodic lock %s: released by closing the connection", key)
        connection.close()


def periodic(task: Callable[P, R]) -> Callable[P, R | None]:
    """The body of a periodic task, run by one process at a time (None when skipped)."""
    name = f"{task.__module__}.{task.__name__}"

    @functools.wraps(task)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        with run_alone(name) as alone:
            if not alone:
                logger.info("%s is running elsewhere: this run is skipped", name)
                return None
            return task(*args, **kwargs)

    return run
