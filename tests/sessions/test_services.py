from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from peersupport.models import Notification
from referrals.models import Referral, Trigger
from referrals.services import Consent
from sessions.models import ReviewTask, SessionLog, SupervisionRequest
from sessions.services import (
    Escalation,
    SessionLogError,
    session_addendum_add,
    session_log_correct,
    session_log_create,
    session_reminders,
)
from tests.referrals.factories import make_active_match, make_service

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def session_data(**overrides):
    data = {
        "occurred_at": timezone.now() - timedelta(hours=1),
        "minutes": 45,
        "mode": "video",
        "topics": ["stress"],
        "notes": "Talked about the first week back.",
        "mood": 3,
        "signposting": [],
        "next_follow_up": None,
        "triggers": [],
    }
    return {**data, **overrides}


@pytest.fixture
def match(supporter):
    return make_active_match(supporter=supporter)


def test_a_plain_session_is_logged_with_encrypted_notes(match, supporter):
    log = session_log_create(match=match, author=supporter, data=session_data())

    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM session_logs_sessionlog WHERE id = %s", [log.pk])
        (stored,) = cursor.fetchone()
    assert "first week" not in stored
    assert SessionLog.objects.get(pk=log.pk).notes == "Talked about the first week back."


def test_a_supporter_cannot_log_for_someone_elses_match(match, other_supporter):
    with pytest.raises(SessionLogError):
        session_log_create(match=match, author=other_supporter, data=session_data())
    assert not SessionLog.objects.exists()


@pytest.mark.parametrize(
    "when",
    [timedelta(days=1), -timedelta(days=90)],
    ids=["in the future", "before the match began"],
)
def test_impossible_times_are_refused(match, supporter, when):
    with pytest.raises(SessionLogError):
        session_log_create(
            match=match, author=supporter, data=session_data(occurred_at=timezone.now() + when)
        )
    assert not SessionLog.objects.exists()


def test_a_risk_answer_without_the_referral_part_saves_nothing(match, supporter):
    make_service([])
    with pytest.raises(SessionLogError):
        session_log_create(
            match=match, author=supporter, data=session_data(triggers=[Trigger.DISCLOSED_RISK])
        )
    assert not SessionLog.objects.exists()
    assert not Referral.objects.exists()


def test_the_session_and_its_referral_are_saved_together(match, supporter, counselor):
    make_service([counselor])

    log = session_log_create(
        match=match,
        author=supporter,
        data=session_data(triggers=[Trigger.IMMINENT_RISK]),
        escalation=Escalation(Trigger.IMMINENT_RISK, "Has a plan for tonight", Consent(True)),
    )

    assert log.referral.urgency == "emergency"
    assert log.referral.participant == match.request.requester
    assert log.referral.match == match


def test_when_the_referral_part_fails_neither_is_saved(match, supporter, monkeypatch):
    make_service([])

    def broken_queue(**kwargs):
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr("referrals.services.common.notification_queue_many", broken_queue)
    with pytest.raises(RuntimeError):
        session_log_create(
            match=match,
            author=supporter,
            data=session_data(triggers=[Trigger.DISCLOSED_RISK]),
            escalation=Escalation(Trigger.DISCLOSED_RISK, "Disclosed abuse", Consent(True)),
        )
    assert not SessionLog.objects.exists()
    assert not Referral.objects.exists()


def test_with_no_service_for_the_case_the_log_is_kept_and_coordinators_are_alerted(
    match, supporter, coordinator
):
    make_service([], urgencies=["routine"])

    log = session_log_create(
        match=match,
        author=supporter,
        data=session_data(triggers=[Trigger.IMMINENT_RISK]),
        escalation=Escalation(Trigger.IMMINENT_RISK, "Plan for tonight", Consent(True)),
    )

    assert log.referral is None
    assert not Referral.objects.exists()
    assert SupervisionRequest.objects.get(session_log=log).urgent
    assert Notification.objects.filter(recipient=coordinator, kind="referral_unrouted").exists()


def test_supporter_distress_opens_a_supervision_request_not_a_referral(
    match, supporter, coordinator
):
    log = session_log_create(
        match=match, author=supporter, data=session_data(triggers=[Trigger.SUPPORTER_DISTRESS])
    )
    assert log.referral is None
    assert SupervisionRequest.objects.get().session_log == log
    assert Notification.objects.filter(recipient=coordinator, kind="supervision_requested").exists()


def test_a_correction_within_24_hours_is_kept_without_the_notes_text(match, supporter):
    log = session_log_create(match=match, author=supporter, data=session_data())

    changed = session_log_correct(
        log=log, author=supporter, data={"minutes": 50, "notes": "Corrected private text"}
    )

    assert sorted(changed) == ["minutes", "notes"]
    revision = log.revisions.get()
    assert revision.changes["minutes"] == {"from": 45, "to": 50}
    assert revision.changes["notes"] == {"changed": True}
    assert "Corrected" not in str(revision.changes)
    assert SessionLog.objects.get(pk=log.pk).notes == "Corrected private text"


def test_after_24_hours_a_log_is_read_only_and_takes_an_addendum(match, supporter):
    log = session_log_create(match=match, author=supporter, data=session_data())

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        with pytest.raises(SessionLogError, match="addendum"):
            session_log_correct(log=log, author=supporter, data={"minutes": 50})
        session_addendum_add(log=log, author=supporter, text="They called me the next day.")

    log.refresh_from_db()
    assert log.minutes == 45
    assert log.addenda.get().text == "They called me the next day."


def test_the_review_point_opens_one_review_task(match, supporter, coordinator):
    program = match.request.program
    program.review_after_sessions = 2
    program.save()

    for hours in (5, 3):
        session_log_create(
            match=match,
            author=supporter,
            data=session_data(occurred_at=timezone.now() - timedelta(hours=hours)),
        )

    assert ReviewTask.objects.filter(match=match, reason="session_count").count() == 1
    assert Notification.objects.filter(recipient=coordinator, kind="review_task").exists()


def test_mood_falling_three_sessions_in_a_row_opens_a_review(match, supporter):
    for hours, mood in ((8, 5), (6, 4), (4, 3)):
        session_log_create(
            match=match,
            author=supporter,
            data=session_data(occurred_at=timezone.now() - timedelta(hours=hours), mood=mood),
        )
    assert not ReviewTask.objects.filter(reason="mood_falling").exists()

    session_log_create(
        match=match,
        author=supporter,
        data=session_data(occurred_at=timezone.now() - timedelta(hours=2), mood=2),
    )
    assert ReviewTask.objects.filter(match=match, reason="mood_falling").count() == 1


def test_the_weekly_reminder_goes_to_supporters_with_sessions_to_log(supporter, other_supporter):
    quiet = make_active_match(supporter=supporter)
    busy = make_active_match(supporter=other_supporter)
    session_log_create(match=busy, author=other_supporter, data=session_data())

    assert session_reminders() == 1
    told = Notification.objects.filter(kind="sessions_to_log")
    assert list(told.values_list("recipient", flat=True)) == [supporter.pk]
    assert quiet.status == "active"
