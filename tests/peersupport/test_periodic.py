"""Two beats at once (a restart overlap, or two hosts) never send anything twice.

Each periodic job runs three times at the same moment, in threads with a database
connection each, then once more: every escalation, reminder and e-mail happens once.
The jobs run without the beat guard here, so what is proved is each job's own claim;
the guard (one run at a time) is tested on its own below.
"""

import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string

from matching.models import Match
from matching.services import proposals_expire
from peersupport.models import Notification
from peersupport.periodic import run_alone
from peersupport.roles import Role
from peersupport.services.notifications import notification_queue, notifications_resend
from programs.models import Enrollment, TrainingModule
from programs.services import checkin_reminders, training_expiry_reminders
from referrals.models import EventKind, Referral, ReferralEvent, Trigger
from referrals.services import referrals_escalate
from sessions.services import session_reminders
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory, SupporterProfileFactory, train
from tests.referrals.factories import make_active_match, make_referral, make_service

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = 3


def at_once(job: Callable[[], object]) -> list[object]:
    """Runs `job` RUNS times at the same moment, each in a thread of its own (so each
    with its own database connection)."""
    barrier = threading.Barrier(RUNS)
    results: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(job())
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def sent_per_recipient(kind: str) -> Counter:
    return Counter(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_an_overdue_emergency_is_escalated_once_per_level():
    counselor, backup = UserFactory(roles=[Role.COUNSELOR]), UserFactory(roles=[Role.COUNSELOR])
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    service = make_service([counselor], backup_counselor=backup)
    referral = make_referral(service, trigger=Trigger.IMMINENT_RISK)
    now = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(
        created_at=now - timedelta(minutes=20), acknowledge_by=now - timedelta(minutes=5)
    )

    assert sorted(at_once(referrals_escalate)) == [0] * (RUNS - 1) + [1]
    assert referrals_escalate() == 0

    escalated = ReferralEvent.objects.filter(referral=referral, kind=EventKind.ESCALATED)
    assert escalated.count() == 1
    assert sent_per_recipient("referral_overdue") == {coordinator.pk: 1, backup.pk: 1}


def test_expiring_training_is_announced_once():
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    profile = SupporterProfileFactory()
    today = timezone.localdate()
    # A module of its own: the migrations' modules are gone after a transactional test.
    module = TrainingModule.objects.create(
        code="listening", title_en="Listening", title_id="Mendengar"
    )
    train(
        profile.user,
        [module],
        completed_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=20),
    )

    assert sorted(at_once(training_expiry_reminders)) == [0] * (RUNS - 1) + [1]
    assert training_expiry_reminders() == 0

    assert sent_per_recipient("training_expiring") == {profile.user.pk: 1}
    assert sent_per_recipient("training_expiring_summary") == {coordinator.pk: 1}


def test_a_due_check_in_is_reminded_once():
    employee = UserFactory(roles=[Role.EMPLOYEE])
    program = ProgramFactory(kind="return_to_work", checkin_every_weeks=2)
    Enrollment.objects.create(
        person=employee, program=program, role="participant", started_on=timezone.localdate()
    )

    assert sum(at_once(checkin_reminders)) == 1
    assert checkin_reminders() == 0

    assert sent_per_recipient("checkin_due") == {employee.pk: 1}


def test_the_weekly_session_reminder_goes_once():
    supporter = UserFactory(roles=[Role.SUPPORTER])
    make_active_match(supporter=supporter)

    assert sum(at_once(session_reminders)) == 1
    assert session_reminders() == 0

    assert sent_per_recipient("sessions_to_log") == {supporter.pk: 1}


def test_an_unanswered_proposal_goes_to_the_next_supporter_once():
    program = ProgramFactory()
    first, second = make_supporter(), make_supporter()
    request = make_request(program=program, status="proposed")
    make_match(request, first)
    Match.objects.update(proposed_at=timezone.now() - timedelta(days=3, minutes=1))

    assert sum(at_once(proposals_expire)) == 1
    assert proposals_expire() == 0

    assert dict(Match.objects.values_list("supporter", "status")) == {
        first.pk: "declined",
        second.pk: "proposed",
    }
    assert sent_per_recipient("match_proposed") == {second.pk: 1}


def test_the_outbox_resend_sends_each_waiting_message_once(monkeypatch):
    monkeypatch.setattr(  # as if the broker had been down when they were queued
        "peersupport.services.notifications.enqueue_send_rows", lambda rows: None
    )
    people = [UserFactory() for _ in range(5)]
    for person in people:
        notification_queue(recipient=person, kind="password_reset", context={})
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    monkeypatch.undo()

    assert sum(at_once(notifications_resend)) >= 5  # each run may offer every row
    assert notifications_resend() == 0

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_a_second_run_of_a_periodic_job_does_nothing_while_the_first_runs():
    first_started, first_may_finish = threading.Event(), threading.Event()
    answers: list[bool] = []

    def first_run() -> None:
        try:
            with run_alone("peersupport.tests.job") as alone:
                answers.append(alone)
                first_started.set()
                first_may_finish.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_run)
    thread.start()
    assert first_started.wait(10)
    with run_alone("peersupport.tests.job") as second:
        pass
    first_may_finish.set()
    thread.join(10)
    with run_alone("peersupport.tests.job") as after:
        pass

    assert (answers, second, after) == ([True], False, True)


def test_every_task_on_the_beat_schedule_is_guarded():
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = import_string(entry["task"])
        assert hasattr(task.run, "__wrapped__"), f"{entry['task']} is not @periodic"
