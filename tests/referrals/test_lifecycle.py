from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from peersupport.models import AuditEntry, Notification
from referrals.deadlines import add_working_days
from referrals.models import OutcomeReason, Referral, ReferralEvent, ReferralStatus, Trigger
from referrals.services import (
    Consent,
    ReferralError,
    counselor_note_add,
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_reassign,
    referral_reroute,
    referral_start,
    referral_withdraw,
    referrals_escalate,
)
from tests.factories import UserFactory
from tests.referrals.factories import make_referral, make_service

JAKARTA = ZoneInfo("Asia/Jakarta")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def service(counselor):
    return make_service([counselor])


def test_a_referral_walks_the_whole_path_and_every_step_is_on_the_timeline(service, counselor):
    referral = make_referral(service)

    referral_acknowledge(referral=referral, actor=counselor)
    referral_accept(referral=referral, actor=counselor)
    referral_start(referral=referral, actor=counselor, note="Phoned, meeting Thursday")
    referral_close(referral=referral, actor=counselor, successful=True)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.counselor == counselor
    assert referral.outcome_successful is True
    steps = list(referral.events.values_list("from_status", "to_status"))
    assert steps == [
        ("", "submitted"),
        ("submitted", "acknowledged"),
        ("acknowledged", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "closed"),
    ]
    assert AuditEntry.objects.filter(action="referral.closed", actor=counselor).exists()


@pytest.mark.parametrize(
    ("status", "move"),
    [
        ("submitted", "accept"),
        ("submitted", "start"),
        ("submitted", "close"),
        ("acknowledged", "start"),
        ("closed", "acknowledge"),
        ("declined", "accept"),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(service, counselor, status, move):
    referral = make_referral(service)
    Referral.objects.filter(pk=referral.pk).update(status=status)
    referral.refresh_from_db()
    actions = {
        "accept": lambda: referral_accept(referral=referral, actor=counselor),
        "start": lambda: referral_start(referral=referral, actor=counselor),
        "close": lambda: referral_close(referral=referral, actor=counselor, successful=True),
        "acknowledge": lambda: referral_acknowledge(referral=referral, actor=counselor),
    }

    with pytest.raises(ReferralError, match="cannot become"):
        actions[move]()

    referral.refresh_from_db()
    assert referral.status == status
    assert referral.events.count() == 1


def test_closing_without_success_needs_the_reason(service, counselor):
    referral = make_referral(service)
    for step in (referral_acknowledge, referral_accept):
        step(referral=referral, actor=counselor)

    with pytest.raises(ReferralError, match="why"):
        referral_close(referral=referral, actor=counselor, successful=False)

    referral_close(
        referral=referral, actor=counselor, successful=False, reason=OutcomeReason.NOT_REACHED
    )
    referral.refresh_from_db()
    assert referral.outcome_reason == "not_reached"


def test_declining_needs_a_reason_and_tells_the_coordinators(service, counselor, coordinator):
    referral = make_referral(service)

    with pytest.raises(ReferralError):
        referral_decline(referral=referral, actor=counselor, reason="  ")
    referral_decline(referral=referral, actor=counselor, reason="No Javanese speaker this month")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert Notification.objects.filter(recipient=coordinator, kind="referral_declined").exists()


def test_a_declined_referral_is_rerouted_as_a_new_linked_referral(
    service, counselor, other_counselor, coordinator
):
    eap = make_service([other_counselor], name="EAP Sehat", kind="eap")
    referral = make_referral(service)
    referral_decline(referral=referral, actor=counselor, reason="Full this week")

    new = referral_reroute(referral=referral, service=eap, actor=coordinator)

    assert new.rerouted_from == referral
    assert new.service == eap
    assert new.summary == referral.summary
    assert new.status == ReferralStatus.SUBMITTED
    assert referral.events.filter(kind="rerouted").exists()
    with pytest.raises(ReferralError):
        referral_reroute(referral=referral, service=eap, actor=coordinator)


def test_only_the_raiser_or_the_participant_can_withdraw_and_a_reason_is_needed(
    service, supporter, employee, other_supporter
):
    referral = make_referral(service, raised_by=supporter, participant=employee)

    with pytest.raises(ReferralError):
        referral_withdraw(referral=referral, actor=other_supporter, reason="not mine")
    with pytest.raises(ReferralError):
        referral_withdraw(referral=referral, actor=employee, reason="")
    referral_withdraw(referral=referral, actor=employee, reason="I found help myself")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_a_counselor_of_another_service_cannot_act_or_write_notes(service, other_counselor):
    referral = make_referral(service)

    with pytest.raises(ReferralError):
        referral_acknowledge(referral=referral, actor=other_counselor)
    with pytest.raises(ReferralError):
        counselor_note_add(referral=referral, author=other_counselor, text="hello")


def test_reassigning_is_limited_to_the_services_counselors(
    service, counselor, other_counselor, coordinator
):
    colleague = UserFactory(roles=["counselor"])
    service.counselors.add(colleague)
    referral = make_referral(service)

    with pytest.raises(ReferralError):
        referral_reassign(referral=referral, counselor=other_counselor, actor=coordinator)
    referral_reassign(referral=referral, counselor=colleague, actor=coordinator)

    referral.refresh_from_db()
    assert referral.counselor == colleague
    assert Notification.objects.filter(recipient=colleague, kind="referral_assigned").exists()


def test_going_without_consent_is_allowed_for_imminent_risk_only_and_needs_a_reason(service):
    with pytest.raises(ReferralError, match="imminent risk"):
        make_referral(service, trigger=Trigger.DISCLOSED_RISK, consent=Consent(False, "urgent"))
    with pytest.raises(ReferralError, match="why"):
        make_referral(service, trigger=Trigger.IMMINENT_RISK, consent=Consent(False, " "))

    referral = make_referral(
        service,
        trigger=Trigger.IMMINENT_RISK,
        consent=Consent(False, "Said they have a plan for tonight"),
    )
    assert referral.urgency == "emergency"
    assert referral.consent_given is False
    assert referral.consent_at is None


def test_an_emergency_reaches_every_on_call_counselor_and_coordinator(
    service, counselor, other_counselor, coordinator
):
    from django.utils import timezone

    other = make_service([other_counselor], name="EAP", kind="eap")
    other.shifts.create(
        counselor=other_counselor,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=7),
    )

    referral = make_referral(service, trigger=Trigger.IMMINENT_RISK, consent=Consent(True))

    told = set(
        Notification.objects.filter(kind="referral_raised").values_list("recipient", flat=True)
    )
    assert {counselor.pk, other_counselor.pk, coordinator.pk} <= told
    assert referral.urgency == "emergency"


def test_summaries_and_counselor_notes_hold_no_plain_text_in_the_database(service, counselor):
    referral = make_referral(service, summary="Disclosed a plan to end their life")
    counselor_note_add(referral=referral, author=counselor, text="Spoke with the family doctor")

    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM referrals_referral WHERE id = %s", [referral.pk])
        (stored_summary,) = cursor.fetchone()
        cursor.execute(
            "SELECT text FROM referrals_counselornote WHERE referral_id = %s", [referral.pk]
        )
        (stored_note,) = cursor.fetchone()

    assert "plan" not in stored_summary and stored_summary.startswith("gAAAAA")
    assert "doctor" not in stored_note
    assert Referral.objects.get(pk=referral.pk).summary == "Disclosed a plan to end their life"


# --- deadlines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("urgency_trigger", "minutes"),
    [(Trigger.IMMINENT_RISK, 15), (Trigger.DISCLOSED_RISK, 240)],
)
def test_deadlines_to_acknowledge_follow_the_urgency(service, urgency_trigger, minutes):
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=JAKARTA), tick=False):
        referral = make_referral(service, trigger=urgency_trigger)
    assert referral.acknowledge_by == datetime(2026, 11, 24, 9, 0, tzinfo=JAKARTA) + timedelta(
        minutes=minutes
    )


def test_a_routine_referral_has_three_working_days_skipping_the_weekend(service):
    friday = datetime(2026, 11, 27, 16, 0, tzinfo=JAKARTA)
    with time_machine.travel(friday, tick=False):
        referral = make_referral(service, trigger=Trigger.BEYOND_SCOPE)
    assert referral.acknowledge_by == datetime(2026, 12, 2, 16, 0, tzinfo=JAKARTA)
    assert add_working_days(datetime(2026, 11, 28, 10, 0, tzinfo=JAKARTA), 1).day == 30


def test_the_deadline_is_configurable(service, settings):
    settings.REFERRAL_ACK_MINUTES_EMERGENCY = 5
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=JAKARTA), tick=False):
        referral = make_referral(service, trigger=Trigger.IMMINENT_RISK)
    assert referral.acknowledge_by.astimezone(JAKARTA).minute == 5


def test_an_overdue_referral_is_escalated_once_per_level(service, counselor, coordinator):
    backup = UserFactory(roles=["counselor"])
    service.backup_counselor = backup
    service.save()
    start = datetime(2026, 11, 24, 9, 0, tzinfo=JAKARTA)
    with time_machine.travel(start, tick=False):
        referral = make_referral(service, trigger=Trigger.DISCLOSED_RISK)  # 4 hours

    def alerts() -> int:
        return Notification.objects.filter(kind="referral_overdue").count()

    with time_machine.travel(start + timedelta(hours=3, minutes=59), tick=False):
        assert referrals_escalate() == 0
    with time_machine.travel(start + timedelta(hours=4, minutes=1), tick=False):
        assert referrals_escalate() == 1
        assert referrals_escalate() == 0  # the next beat run sends nothing again
    assert alerts() == 2  # the coordinator and the back-up counselor
    assert Notification.objects.filter(recipient=backup, kind="referral_overdue").count() == 1
    with time_machine.travel(start + timedelta(hours=8, minutes=1), tick=False):
        assert referrals_escalate() == 1
    assert alerts() == 4
    referral.refresh_from_db()
    assert referral.escalation_level == 2
    assert referral.events.filter(kind="escalated").count() == 2

    referral_acknowledge(referral=referral, actor=counselor)
    with time_machine.travel(start + timedelta(days=2), tick=False):
        assert referrals_escalate() == 0


def test_timeline_events_cannot_be_changed_or_deleted(service):
    from django.core.exceptions import ValidationError

    event = make_referral(service).events.get()
    event.note = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    assert ReferralEvent.objects.filter(pk=event.pk, note="").exists()
