"""A real worker killed by SIGKILL in the middle of 50 messages to a slow mail server.

The processes are real (two workers, one after the other, and two beats at once, as in
a restart overlap), the broker is the real Redis, the mail server a local aiosmtpd that
takes 0.2 s to accept each message and records it with its Message-ID. The worker is
killed while it sends the first emergency alert: either after the server accepted it
(the worker never learns: at most one duplicate) or before (the alert must be sent
again once its lease runs out, well within the 15 minutes of an emergency).
"""

import asyncio
import email
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connections

from config.celery import app as celery_app
from peersupport.models import Notification, NotificationStatus
from peersupport.roles import Role
from peersupport.services.notifications import notification_queue
from referrals.models import Trigger
from tests.conftest import reset_broker_connections
from tests.factories import UserFactory
from tests.referrals.factories import make_referral, make_service

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

CELERY = str(Path(sys.executable).parent / "celery")
SMTP_DELAY = 0.2
NORMAL_MESSAGES = 45  # plus 5 emergency alerts: 3 counselors and 2 coordinators
LEASE_SECONDS = 10  # production: 60 at most
RESEND_SECONDS = 2  # production: 30
# The emergency's deadline is 15 minutes; the issue asks for delivery within 2 of a crash.
EMERGENCY_WITHIN = 120.0
WAIT_AFTER_KILL = 45.0
MESSAGE_ID = re.compile(r"<outbox-(\d+)\.\d+@[^>]+>")


@dataclass
class Received:
    at: float
    to: list[str]
    message_id: str


@dataclass
class SlowMailServer:
    """An aiosmtpd handler: each message is accepted after SMTP_DELAY seconds, unless
    `before_reply` (called with the message just read) says to refuse it."""

    before_reply: Callable[[Received], bool] = lambda received: True
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        await asyncio.sleep(SMTP_DELAY)
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        received = Received(time.monotonic(), list(envelope.rcpt_tos), message["Message-ID"])
        if not self.before_reply(received):
            return "451 Try again later"
        self.received.append(received)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server() -> Iterator[tuple[SlowMailServer, int]]:
    handler = SlowMailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def clean_broker(redis_url: str) -> Iterator[None]:
    """The test's own Redis database starts and ends without queued or unacked tasks
    (a killed worker leaves its unacked ones behind)."""

    def clear() -> None:
        redis.Redis.from_url(redis_url).delete("celery", "urgent", "unacked", "unacked_index")

    clear()
    celery_app.conf.task_always_eager = False
    reset_broker_connections()
    yield
    clear()
    connections.close_all()


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Starts `celery -A config …` processes in their own process group; every one is
    killed at the end, pass or fail. Their output is in tmp_path/<name>.log."""
    started: list[tuple[subprocess.Popen, object]] = []

    def start(name: str, *args: str, env: dict[str, str]) -> subprocess.Popen:
        log = (tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own venv's celery, fixed arguments
            [CELERY, "-A", "config", *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.close()


def process_env(redis_url: str, smtp_port: int) -> dict[str, str]:
    """The workers and beats use the test's database, broker and mail server."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "OUTBOX_RESEND_SECONDS": str(RESEND_SECONDS),
        "PYTHONUNBUFFERED": "1",
    }


def worker_args(name: str) -> list[str]:
    # As in the Procfile: the urgent queue is served too (it is listed first).
    return [
        *("worker", "-n", f"{name}@%h", "--concurrency", "1"),
        *("-Q", f"{settings.OUTBOX_URGENT_QUEUE},{settings.CELERY_TASK_DEFAULT_QUEUE}"),
        *("--loglevel", "INFO", "--without-mingle", "--without-gossip"),
    ]


def beat_args(tmp_path: Path, name: str) -> list[str]:
    schedule, pidfile = tmp_path / f"{name}-schedule", tmp_path / f"{name}.pid"
    return ["beat", "--schedule", str(schedule), "--pidfile", str(pidfile), "-l", "INFO"]


def wait_until(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def logs(tmp_path: Path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in tmp_path.glob("*.log"))


@pytest.mark.parametrize("accepted_before_the_kill", [True, False], ids=["accepted", "refused"])
def test_a_worker_killed_mid_batch_loses_nothing_and_the_alerts_arrive_in_time(
    accepted_before_the_kill: bool,
    mail_server: tuple[SlowMailServer, int],
    clean_broker: None,
    processes: Callable[..., subprocess.Popen],
    redis_url: str,
    tmp_path: Path,
) -> None:
    server, smtp_port = mail_server
    env = process_env(redis_url, smtp_port)
    counselors = [UserFactory(roles=[Role.COUNSELOR]) for _ in range(3)]
    alerted = {
        p.email for p in [*counselors, *(UserFactory(roles=[Role.COORDINATOR]) for _ in range(2))]
    }
    for _ in range(NORMAL_MESSAGES):  # a bulk mailing is being sent when the emergency comes
        notification_queue(recipient=UserFactory(), kind="password_reset", context={})

    killed_at: list[float] = []
    first_worker = processes("worker-1", *worker_args("first"), env=env)

    def kill_on_the_first_alert(received: Received) -> bool:
        if killed_at or not alerted & set(received.to):
            return True
        os.killpg(first_worker.pid, signal.SIGKILL)  # the worker, mid-send
        first_worker.wait()
        killed_at.append(time.monotonic())
        return accepted_before_the_kill

    server.before_reply = kill_on_the_first_alert
    assert wait_until(lambda: len(server.received) >= 5, 60), logs(tmp_path)
    make_referral(make_service(counselors), trigger=Trigger.IMMINENT_RISK)
    assert wait_until(lambda: bool(killed_at), 30), logs(tmp_path)
    received_at_kill = len(server.received)

    processes("worker-2", *worker_args("second"), env=env)
    processes("beat-1", *beat_args(tmp_path, "beat-1"), env=env)  # two beats at once:
    processes("beat-2", *beat_args(tmp_path, "beat-2"), env=env)  # nothing is sent twice

    rows = {row.to_address: row for row in Notification.objects.all()}
    assert len(rows) == NORMAL_MESSAGES + len(alerted)

    def all_sent() -> bool:
        delivered = {address for message in server.received for address in message.to}
        return (
            delivered == set(rows)
            and not Notification.objects.exclude(status=NotificationStatus.SENT).exists()
        )

    done = wait_until(all_sent, killed_at[0] + WAIT_AFTER_KILL - time.monotonic())
    time.sleep(2 * RESEND_SECONDS)  # room for a late duplicate to show

    delivered = {address for message in server.received for address in message.to}
    lost = set(rows) - delivered
    first_delivery = {}
    for message in server.received:
        for address in message.to:
            first_delivery.setdefault(address, message.at)
    alert_delays = [first_delivery[a] - killed_at[0] for a in alerted if a in first_delivery]
    duplicates = sum(n - 1 for n in Counter(m.message_id for m in server.received).values())
    print(  # the measured figures, shown with -s
        f"\n[{'accepted' if accepted_before_the_kill else 'refused'}] received at the kill: "
        f"{received_at_kill}, kill to last alert: {max(alert_delays, default=-1):.1f} s, "
        f"duplicates by Message-ID: {duplicates}, lost: {len(lost)}"
    )
    assert done and not lost, f"lost {sorted(lost)}\n{logs(tmp_path)}"
    assert max(alert_delays) < EMERGENCY_WITHIN
    assert duplicates <= 1  # one killed process, one message in flight
    assert duplicates == (1 if accepted_before_the_kill else 0)
    for message in server.received:
        (address,) = message.to
        match = MESSAGE_ID.fullmatch(message.message_id or "")
        assert match and int(match[1]) == rows[address].pk, message.message_id
    assert not Notification.objects.exclude(status=NotificationStatus.SENT).exists()
