import re
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from peersupport.models import CrisisContact
from referrals.models import Referral, ReferralStatus, Trigger
from referrals.services import (
    counselor_note_add,
    referral_accept,
    referral_acknowledge,
    referral_close,
)
from sessions.models import SessionLog
from sessions.services import session_log_create
from tests.referrals.factories import make_active_match, make_referral, make_service
from tests.sessions.test_services import session_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(cast):
    return make_active_match(supporter=cast["supporter"], requester=cast["employee"])


@pytest.fixture
def log(match, cast):
    return session_log_create(
        match=match, author=cast["supporter"], data=session_data(notes="SECRET-NOTE")
    )


def form_post(**overrides):
    when = timezone.localtime() - timedelta(hours=2)
    data = {
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
        "minutes": "40",
        "mode": "phone",
        "topics": ["stress"],
        "notes": "We talked about sleep.",
        "mood": "3",
        "next_follow_up": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "role",
    [
        "coordinator",
        "other_supporter",
        "counselor",
        "other_counselor",
        "employee",
        "other_employee",
    ],
)
def test_nobody_but_the_supporter_opens_the_match_or_its_logs(client, cast, match, log, role):
    client.force_login(cast[role])
    pages = [
        reverse("sessions:match", args=[match.uuid]),
        reverse("sessions:log_new", args=[match.uuid]),
        reverse("sessions:log", args=[log.uuid]),
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("sessions:log_new", args=[match.uuid]), form_post()).status_code == 404
    )
    assert client.post(reverse("sessions:correct", args=[log.uuid]), form_post()).status_code == 404
    assert (
        client.post(reverse("sessions:addendum", args=[log.uuid]), {"text": "x"}).status_code == 404
    )
    assert SessionLog.objects.count() == 1


@pytest.mark.parametrize("role", ["coordinator", "counselor", "employee"])
def test_the_session_list_and_supervision_are_for_supporters(client, cast, role):
    client.force_login(cast[role])
    assert client.get(reverse("sessions:list")).status_code == 404
    assert client.get(reverse("sessions:supervision")).status_code == 404


def test_the_supporter_logs_a_plain_session(client, cast, match):
    client.force_login(cast["supporter"])

    response = client.post(reverse("sessions:log_new", args=[match.uuid]), form_post())

    assert response.status_code == 302
    log = SessionLog.objects.get()
    assert (log.minutes, log.mode, log.notes) == (40, "phone", "We talked about sleep.")
    page = client.get(reverse("sessions:match", args=[match.uuid])).content.decode()
    assert "We talked about sleep." in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes", "2", "A session lasts at least 5 minutes."),
        ("minutes", "500", "A session lasts at most 240 minutes."),
        ("minutes", "abc", "Enter a whole number."),
        ("occurred_at", "2999-01-01T10:00", "A session cannot be in the future."),
        ("occurred_at", "2020-01-01T10:00", "A session cannot be before the match began."),
        ("occurred_at", "not a date", "Enter a valid date/time."),
        ("mode", "telepathy", "Select a valid choice."),
        ("mood", "9", "Select a valid choice."),
        ("next_follow_up", "2001-01-01", "The next follow-up cannot be in the past."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, cast, match, field, value, message
):
    client.force_login(cast["supporter"])

    response = client.post(
        reverse("sessions:log_new", args=[match.uuid]), form_post(**{field: value})
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "We talked about sleep." in page
    assert not SessionLog.objects.exists()


def test_imminent_risk_shows_the_crisis_protocol_then_saves_session_and_referral(
    client, cast, match
):
    make_service([cast["counselor"]])
    CrisisContact.objects.create(name="Layanan Darurat", phone="119")
    client.force_login(cast["supporter"])
    url = reverse("sessions:log_new", args=[match.uuid])
    data = form_post(triggers=[Trigger.IMMINENT_RISK])

    first = client.post(url, data)

    page = first.content.decode()
    assert "Crisis protocol" in page
    assert "119" in page
    assert page.index("Crisis protocol") < page.index("Summary for the professional")
    assert "Urgency: <strong>Emergency</strong>" in page
    assert not SessionLog.objects.exists()

    missing = client.post(url, {**data, "escalation": "1", "summary": "", "consent": ""})
    assert missing.status_code == 400
    assert "Write a short summary for the professional." in missing.content.decode()
    assert not SessionLog.objects.exists()

    done = client.post(
        url,
        {
            **data,
            "escalation": "1",
            "summary": "Has a plan for tonight",
            "consent": "no_imminent",
            "no_consent_reason": "They would not agree and are in danger",
        },
    )

    assert done.status_code == 302
    log = SessionLog.objects.get()
    assert log.referral.urgency == "emergency"
    assert log.referral.consent_given is False
    assert Referral.objects.count() == 1


def test_the_escalation_step_carries_the_answers_in_both_forms_without_repeating_ids(
    client, cast, match
):
    client.force_login(cast["supporter"])
    url = reverse("sessions:log_new", args=[match.uuid])

    page = client.post(url, form_post(triggers=[Trigger.IMMINENT_RISK])).content.decode()

    hidden = re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", page)
    carried = [tag for tag in hidden if 'name="notes"' in tag]
    assert len(carried) == 2
    assert all('value="We talked about sleep."' in tag for tag in carried)
    assert sum(f'value="{Trigger.IMMINENT_RISK}"' in tag for tag in hidden) == 2
    assert not [tag for tag in hidden if " id=" in tag or "aria-" in tag]
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_without_consent_only_for_imminent_risk(client, cast, match):
    make_service([cast["counselor"]])
    client.force_login(cast["supporter"])
    response = client.post(
        reverse("sessions:log_new", args=[match.uuid]),
        {
            **form_post(triggers=[Trigger.DISCLOSED_RISK]),
            "escalation": "1",
            "summary": "Disclosed abuse at home",
            "consent": "no_imminent",
            "no_consent_reason": "urgent",
        },
    )
    assert response.status_code == 400
    assert "only be made for imminent risk" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_the_participant_sees_dates_and_count_never_notes(client, cast, log):
    client.force_login(cast["employee"])
    page = client.get(reverse("matching:my")).content.decode()
    assert "1 session" in page
    assert "SECRET-NOTE" not in page


def test_coordinators_never_receive_note_text(client, cast, log):
    client.force_login(cast["coordinator"])

    listing = client.get("/admin/session_logs/sessionlog/?q=SECRET")
    change = client.get(f"/admin/session_logs/sessionlog/{log.pk}/change/")
    export = client.post(
        "/admin/session_logs/sessionlog/",
        {"action": "export_csv", "_selected_action": [log.pk]},
    )

    assert listing.status_code == change.status_code == export.status_code == 200
    for response in (listing, change):
        assert "SECRET-NOTE" not in response.content.decode()
    assert "SECRET-NOTE" not in b"".join(export.streaming_content).decode()
    assert "0 session logs" in listing.content.decode() or "0 results" in listing.content.decode()


def test_a_correction_within_the_window_then_only_an_addendum(client, cast, log):
    client.force_login(cast["supporter"])
    page = client.get(reverse("sessions:log", args=[log.uuid])).content.decode()
    assert "Correct this log" in page

    client.post(reverse("sessions:correct", args=[log.uuid]), form_post(minutes="55"))
    log.refresh_from_db()
    assert log.minutes == 55
    assert log.revisions.count() == 1

    SessionLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - timedelta(hours=25))
    page = client.get(reverse("sessions:log", args=[log.uuid])).content.decode()
    assert "Add an addendum" in page
    client.post(reverse("sessions:correct", args=[log.uuid]), form_post(minutes="60"))
    client.post(reverse("sessions:addendum", args=[log.uuid]), {"text": "Later thought"})
    log.refresh_from_db()
    assert log.minutes == 55
    assert log.addenda.get().text == "Later thought"


def test_supervision_request_and_caseload(client, cast, match):
    client.force_login(cast["supporter"])
    response = client.post(
        reverse("sessions:supervision"), {"urgent": "on", "reason": "Heavy week"}
    )
    assert response.status_code == 302
    page = client.get(reverse("sessions:supervision")).content.decode()
    assert "Requested" in page
    assert "You support 1 of at most 3 people." in page


def _logs(match, supporter, count):
    SessionLog.objects.bulk_create(
        [
            SessionLog(
                match=match,
                author=supporter,
                occurred_at=timezone.now() - timedelta(hours=i + 1),
                minutes=30,
                mode="video",
                notes="note",
            )
            for i in range(count)
        ]
    )


@pytest.mark.parametrize("count", [10, 500])
def test_session_pages_run_a_fixed_number_of_queries(
    client, cast, match, django_assert_max_num_queries, count
):
    _logs(match, cast["supporter"], count)
    other = make_active_match(supporter=cast["supporter"])
    _logs(other, cast["supporter"], 3)
    client.force_login(cast["supporter"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("sessions:list")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("sessions:match", args=[match.uuid])).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("sessions:log_new", args=[match.uuid])).status_code == 200
    log = SessionLog.objects.filter(match=match).first()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("sessions:log", args=[log.uuid])).status_code == 200


def test_sending_the_escalation_twice_saves_one_log_and_one_referral(client, cast, match):
    make_service([cast["counselor"]])
    client.force_login(cast["supporter"])
    url = reverse("sessions:log_new", args=[match.uuid])
    data = {
        **form_post(triggers=[Trigger.IMMINENT_RISK]),
        "escalation": "1",
        "summary": "Has a plan for tonight",
        "consent": "yes",
    }

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert first.status_code == 302
    assert "This session is saved already." in second.content.decode()
    assert SessionLog.objects.count() == 1
    assert Referral.objects.count() == 1


COUNSELOR_NOTE = "COUNSELOR-NOTE: started therapy"
OUTCOME_NOTE = "OUTCOME-NOTE: weekly sessions agreed"
CLOSED_LINE = "Referral closed on 4 Dec 2026 — peer support can continue"


def _closed_referral(match, counselor, *, raised_by=None):
    service = make_service([counselor])
    referral = make_referral(service, match=match, raised_by=raised_by)
    referral_acknowledge(referral=referral, actor=counselor)
    referral_accept(referral=referral, actor=counselor)
    counselor_note_add(referral=referral, author=counselor, text=COUNSELOR_NOTE)
    when = timezone.datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(when, tick=False):
        referral_close(referral=referral, actor=counselor, successful=True, note=OUTCOME_NOTE)
    return referral


@pytest.mark.parametrize("raiser", ["supporter", "coordinator"])
def test_the_match_page_tells_the_supporter_a_referral_closed_without_its_notes(
    client, cast, match, raiser
):
    _closed_referral(match, cast["counselor"], raised_by=cast[raiser])
    client.force_login(cast["supporter"])

    page = client.get(reverse("sessions:match", args=[match.uuid])).content.decode()

    assert CLOSED_LINE in page
    assert 'data-status="closed"' in page.split(CLOSED_LINE, 1)[1].split("</li>", 1)[0]
    assert COUNSELOR_NOTE not in page
    assert OUTCOME_NOTE not in page
    assert "Disclosed thoughts of self-harm" not in page


def test_another_supporters_match_page_shows_no_close(client, cast, match):
    _closed_referral(match, cast["counselor"])
    other = make_active_match(supporter=cast["other_supporter"], requester=cast["other_employee"])
    client.force_login(cast["other_supporter"])

    page = client.get(reverse("sessions:match", args=[other.uuid])).content.decode()

    assert "Referral closed on" not in page


@pytest.mark.parametrize(
    ("role", "url"),
    [("employee", "matching:my"), ("coordinator", "admin:referrals_referral_changelist")],
)
def test_the_employee_and_the_coordinator_see_no_supporter_line(client, cast, match, role, url):
    _closed_referral(match, cast["counselor"])
    client.force_login(cast[role])

    page = client.get(reverse(url)).content.decode()

    assert "peer support can continue" not in page
    assert COUNSELOR_NOTE not in page


@pytest.mark.parametrize("count", [2, 20])
def test_the_match_page_with_closed_referrals_runs_a_fixed_number_of_queries(
    client, cast, match, django_assert_max_num_queries, count
):
    first = _closed_referral(match, cast["counselor"])
    for _ in range(count - 1):
        first.pk, first.id, first.uuid = None, None, uuid.uuid4()
        first.save()
    assert Referral.objects.filter(match=match, status=ReferralStatus.CLOSED).count() == count
    _logs(match, cast["supporter"], 5)
    client.force_login(cast["supporter"])

    with django_assert_max_num_queries(9):
        page = client.get(reverse("sessions:match", args=[match.uuid])).content.decode()

    assert page.count(CLOSED_LINE) == count
