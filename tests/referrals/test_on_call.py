"""Issue 13: an on-call counselor of another service, alerted to an open emergency, reads
what helps to reach the person and acknowledges for the rota, through the real pages; the
session notes and the service's counselor notes stay with the service."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peersupport.models import AuditEntry
from referrals.models import CounselorNote, EventKind, ReferralStatus, Trigger
from referrals.services import (
    ReferralError,
    counselor_note_add,
    referral_accept,
    referral_acknowledge,
    referrals_escalate,
)
from sessions.services import session_log_create
from tests.factories import UserFactory
from tests.referrals.factories import make_active_match, make_referral, make_service
from tests.sessions.test_services import session_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SUMMARY = "SECRET-SUMMARY: said they have a plan for tonight."
SESSION_NOTE = "SECRET-SESSION-NOTE"
COUNSELOR_NOTE = "SECRET-COUNSELOR-NOTE"
ACTIONS = ("accept", "start", "close", "decline", "note")


@pytest.fixture
def emergency(cast):
    """An open emergency to `counselor`'s service, raised from `supporter`'s session with
    `employee`; `other_counselor` works for the EAP and is on call now."""
    service = make_service([cast["counselor"]], phone="021-111")
    eap = make_service([cast["other_counselor"]], name="EAP", kind="eap")
    now = timezone.now()
    eap.shifts.create(
        counselor=cast["other_counselor"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    session_log_create(match=match, author=cast["supporter"], data=session_data(notes=SESSION_NOTE))
    referral = make_referral(service, trigger=Trigger.IMMINENT_RISK, match=match, summary=SUMMARY)
    counselor_note_add(referral=referral, author=cast["counselor"], text=COUNSELOR_NOTE)
    return referral


def _page(client, referral) -> str:
    response = client.get(reverse("referrals:detail", args=[referral.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_on_call_counselor_reads_what_reaches_the_person_and_no_notes(client, cast, emergency):
    on_call = cast["other_counselor"]
    client.force_login(on_call)

    page = _page(client, emergency)

    assert SUMMARY in page
    assert "Emergency" in page
    assert "Imminent risk to life or safety" in page
    assert "Given" in page  # the consent
    assert emergency.participant.email in page
    assert SESSION_NOTE not in page
    assert COUNSELOR_NOTE not in page
    assert "The case is not assigned to you" in page
    assert AuditEntry.objects.filter(actor=on_call, action="referral.viewed").exists()
    # They read no notes, so no read of notes is recorded for them.
    assert not AuditEntry.objects.filter(actor=on_call, action="session_log.notes_read").exists()


def test_the_on_call_counselor_acknowledges_for_the_rota_without_taking_the_case(
    client, cast, emergency
):
    on_call = cast["other_counselor"]
    client.force_login(on_call)

    response = client.post(reverse("referrals:acknowledge", args=[emergency.uuid]), follow=True)

    page = response.content.decode()
    assert "Acknowledged for the on-call rota." in page
    assert "Acknowledged on call for the rota" in page  # the timeline
    emergency.refresh_from_db()
    assert emergency.status == ReferralStatus.ACKNOWLEDGED
    assert emergency.acknowledged_at is not None
    assert emergency.counselor is None
    event = emergency.events.get(to_status=ReferralStatus.ACKNOWLEDGED)
    assert (event.kind, event.actor) == (EventKind.ON_CALL, on_call)
    # The escalation stops: nobody is alerted once the deadline passes.
    assert referrals_escalate(now=emergency.acknowledge_by + timedelta(days=3)) == 0


def test_the_on_call_counselor_gets_404_for_the_services_own_steps(client, cast, emergency):
    client.force_login(cast["other_counselor"])
    data = {"reason": "x", "text": "A note.", "successful": "yes", "note": "x"}

    for name in ACTIONS:
        response = client.post(reverse(f"referrals:{name}", args=[emergency.uuid]), data)
        assert response.status_code == 404, name

    emergency.refresh_from_db()
    assert emergency.status == ReferralStatus.SUBMITTED
    assert CounselorNote.objects.filter(referral=emergency).count() == 1


def test_the_services_refuse_the_on_call_counselor_every_step_but_acknowledging(cast, emergency):
    on_call = cast["other_counselor"]
    with pytest.raises(ReferralError):
        referral_accept(referral=emergency, actor=on_call)
    with pytest.raises(ReferralError):
        counselor_note_add(referral=emergency, author=on_call, text="x")
    bystander = UserFactory(roles=["counselor"])  # of no service, not on call
    with pytest.raises(ReferralError):
        referral_acknowledge(referral=emergency, actor=bystander)


def test_the_services_counselor_still_reads_everything_and_takes_the_case(client, cast, emergency):
    client.force_login(cast["other_counselor"])
    client.post(reverse("referrals:acknowledge", args=[emergency.uuid]))
    client.force_login(cast["counselor"])

    page = _page(client, emergency)

    assert SUMMARY in page
    assert SESSION_NOTE in page
    assert COUNSELOR_NOTE in page
    assert AuditEntry.objects.filter(
        actor=cast["counselor"], action="session_log.notes_read"
    ).exists()
    client.post(reverse("referrals:accept", args=[emergency.uuid]))
    emergency.refresh_from_db()
    assert emergency.status == ReferralStatus.ACCEPTED
    assert emergency.counselor == cast["counselor"]


def test_the_on_call_counselor_no_longer_opens_a_closed_emergency_or_a_routine_case(
    client, cast, emergency
):
    routine = make_referral(emergency.service, trigger=Trigger.BEYOND_SCOPE)
    client.force_login(cast["counselor"])
    for name in ("acknowledge", "accept"):
        client.post(reverse(f"referrals:{name}", args=[emergency.uuid]))
    client.post(
        reverse("referrals:close", args=[emergency.uuid]), {"successful": "yes", "note": ""}
    )
    emergency.refresh_from_db()
    assert emergency.status == ReferralStatus.CLOSED
    client.force_login(cast["other_counselor"])

    for referral in (emergency, routine):
        response = client.get(reverse("referrals:detail", args=[referral.uuid]))
        assert response.status_code == 404
