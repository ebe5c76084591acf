import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, SupportRequest
from peersupport.models import AuditEntry, ErasureRequest, User
from referrals.models import CounselorNote, Referral, Trigger
from referrals.services import (
    Consent,
    counselor_note_add,
    referral_accept,
    referral_acknowledge,
    referral_close,
)
from sessions.models import SessionLog
from sessions.privacy import cases_anonymise_after_retention
from sessions.services import Escalation, session_log_create
from tests.referrals.factories import make_active_match, make_service
from tests.sessions.test_services import session_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    make_service([cast["counselor"]])
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    SupportRequest.objects.filter(pk=match.request_id).update(description="SECRET-DESCRIPTION")
    log = session_log_create(
        match=match,
        author=cast["supporter"],
        data=session_data(notes="SECRET-NOTE", triggers=[Trigger.BEYOND_SCOPE]),
        escalation=Escalation(Trigger.BEYOND_SCOPE, "SECRET-SUMMARY", Consent(True)),
    )
    counselor_note_add(referral=log.referral, author=cast["counselor"], text="SECRET-COUNSEL")
    return log


def test_my_data_as_json_and_html_holds_mine_and_not_the_notes(client, cast, case):
    client.force_login(cast["employee"])

    data = json.loads(client.get(reverse("privacy_export_json")).content)
    page = client.get(reverse("privacy_export_html")).content.decode()

    assert data["account"][0]["email"] == cast["employee"].email
    assert data["support_requests"][0]["description"] == "SECRET-DESCRIPTION"
    assert len(data["sessions"]) == 1
    assert data["referrals"][0]["status"] == "submitted"
    assert "SECRET-NOTE" not in json.dumps(data) and "SECRET-SUMMARY" not in json.dumps(data)
    assert "SECRET-DESCRIPTION" in page
    assert AuditEntry.objects.filter(action="privacy.data_exported").count() == 2


def test_withdrawing_consent_needs_the_confirmation_then_closes_requests_and_matches(
    client, cast, case
):
    client.force_login(cast["employee"])
    client.post(reverse("privacy_withdraw"), {})
    assert Match.objects.get(pk=case.match_id).status == "active"

    client.post(reverse("privacy_withdraw"), {"withdraw-confirm": "on"})

    assert Match.objects.get(pk=case.match_id).status == "closed"
    assert SupportRequest.objects.get(pk=case.match.request_id).status == "withdrawn"


def test_erasure_is_asked_once_and_completed_by_the_coordinator(client, cast, case):
    employee = cast["employee"]
    client.force_login(employee)
    client.post(reverse("privacy_erasure"), {"erase-confirm": "on"})
    client.post(reverse("privacy_erasure"), {"erase-confirm": "on"})
    erasure = ErasureRequest.objects.get()

    client.force_login(cast["coordinator"])
    chosen = client.post(
        "/admin/peersupport/erasurerequest/",
        {"action": "complete_erasure", "_selected_action": [erasure.pk]},
    )
    confirmation = client.get(chosen["Location"])
    assert "This cannot be undone." in confirmation.content.decode()
    assert User.objects.get(pk=employee.pk).is_active  # the confirmation page erases nothing
    client.post(reverse("admin:peersupport_erasurerequest_complete"), {"erasure": [erasure.pk]})

    person = User.objects.get(pk=employee.pk)
    assert not person.is_active
    assert employee.full_name not in person.full_name
    assert person.email.endswith("@erased.invalid")
    assert SessionLog.objects.get(pk=case.pk).notes == ""
    assert Referral.objects.get(pk=case.referral_id).summary == ""
    assert CounselorNote.objects.get().text == ""
    assert SupportRequest.objects.get(pk=case.match.request_id).description == ""
    assert AuditEntry.objects.filter(action="privacy.erasure_completed").exists()
    assert not AuditEntry.objects.filter(target_repr__contains=employee.full_name).exists()
    assert not AuditEntry.objects.filter(actor_repr__contains=employee.full_name).exists()


def test_only_a_coordinator_sees_erasure_requests(client, cast):
    for role in ("supporter", "counselor", "employee"):
        client.force_login(cast[role])
        assert client.get("/admin/peersupport/erasurerequest/").status_code in (302, 403)


def _close(case, cast, days_ago):
    referral = case.referral
    referral_acknowledge(referral=referral, actor=cast["counselor"])
    referral_accept(referral=referral, actor=cast["counselor"])
    referral_close(referral=referral, actor=cast["counselor"], successful=True)
    closed = timezone.now() - timedelta(days=days_ago)
    Referral.objects.filter(pk=referral.pk).update(closed_at=closed)
    Match.objects.filter(pk=case.match_id).update(status="closed", closed_at=closed)
    SupportRequest.objects.filter(pk=case.match.request_id).update(
        status="closed", closed_at=closed
    )


def test_retention_anonymises_cases_closed_long_ago_and_keeps_the_figures(cast, case):
    _close(case, cast, days_ago=25 * 31)

    report = cases_anonymise_after_retention()

    assert report == {"requests": 1, "matches": 1, "session_logs": 1, "referrals": 1}
    log = SessionLog.objects.get(pk=case.pk)
    assert log.notes == "" and log.minutes == 45 and log.triggers == ["beyond_scope"]
    request = SupportRequest.objects.get(pk=case.match.request_id)
    assert request.description == "" and request.requester.username == "anonymised"
    referral = Referral.objects.get(pk=case.referral_id)
    assert referral.summary == "" and referral.participant.username == "anonymised"
    assert referral.urgency == "routine" and referral.outcome_successful is True
    assert AuditEntry.objects.filter(action="retention.anonymised").exists()
    assert cases_anonymise_after_retention() == {
        "requests": 0,
        "matches": 0,
        "session_logs": 0,
        "referrals": 0,
    }


def test_retention_leaves_recent_and_open_cases_alone(cast, case, settings):
    _close(case, cast, days_ago=30)
    assert cases_anonymise_after_retention()["requests"] == 0
    assert SessionLog.objects.get(pk=case.pk).notes == "SECRET-NOTE"

    settings.RETENTION_MONTHS = 0
    assert cases_anonymise_after_retention()["requests"] == 1


def test_retention_leaves_a_case_whose_referral_is_still_open(cast, case):
    closed = timezone.now() - timedelta(days=25 * 31)
    Match.objects.filter(pk=case.match_id).update(status="closed", closed_at=closed)
    SupportRequest.objects.filter(pk=case.match.request_id).update(
        status="closed", closed_at=closed
    )
    referral_acknowledge(referral=case.referral, actor=cast["counselor"])

    assert cases_anonymise_after_retention()["requests"] == 0
    referral = Referral.objects.get(pk=case.referral_id)
    assert referral.summary == "SECRET-SUMMARY"
    assert referral.participant == cast["employee"]
    assert SessionLog.objects.get(pk=case.pk).notes == "SECRET-NOTE"


def test_withdrawing_consent_also_withdraws_consented_referrals(client, cast, case):
    client.force_login(cast["employee"])
    client.post(reverse("privacy_withdraw"), {"withdraw-confirm": "on"})
    assert Referral.objects.get(pk=case.referral_id).status == "withdrawn"


def test_my_data_page_shows_times_in_my_format_and_the_json_in_local_iso(client, cast, settings):
    from datetime import UTC, datetime

    from peersupport.models import User

    settings.TIME_ZONE = "Asia/Jakarta"
    joined = datetime(2026, 12, 4, 2, 55, tzinfo=UTC)
    User.objects.filter(pk=cast["employee"].pk).update(date_joined=joined)
    client.force_login(cast["employee"])

    page = client.get(reverse("privacy_export_html"), headers={"accept-language": "id"})
    data = json.loads(client.get(reverse("privacy_export_json")).content)

    assert "4 Des 2026 09.55" in page.content.decode()
    assert data["account"][0]["date_joined"] == "2026-12-04T09:55:00+07:00"
