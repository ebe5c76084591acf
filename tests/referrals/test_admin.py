"""The referrals admin shows labels and local times, never codes or JSON."""

import csv
import io
from datetime import UTC, datetime

import pytest

from referrals.models import Referral, ReferralEvent
from tests.referrals.factories import make_referral, make_service

pytestmark = pytest.mark.django_db

RAISED = datetime(2026, 12, 4, 2, 55, tzinfo=UTC)  # 09:55 in Jakarta


@pytest.fixture
def referral(cast, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    referral = make_referral(make_service([cast["counselor"]]))
    Referral.objects.filter(pk=referral.pk).update(created_at=RAISED)
    ReferralEvent.objects.filter(referral=referral).update(at=RAISED)
    return referral


def test_a_services_languages_and_urgencies_are_ticks_with_labels(client, cast):
    service = make_service([cast["counselor"]], urgencies=["routine"])
    client.force_login(cast["coordinator"])

    page = client.get(f"/admin/referrals/service/{service.pk}/change/").content.decode()

    assert 'type="checkbox" name="urgencies" value="routine"' in page
    assert "Emergency" in page and "Javanese" in page
    assert "[&quot;" not in page


def test_the_timeline_shows_local_times_and_status_labels(client, cast, referral):
    client.force_login(cast["coordinator"])

    page = client.get(f"/admin/referrals/referral/{referral.pk}/change/").content.decode()

    assert "4 Dec 2026 09:55 → Submitted" in page
    assert "2026-12-04 02:55" not in page


def test_the_csv_export_has_labels_and_local_times_with_their_offset(client, cast, referral):
    client.force_login(cast["coordinator"])

    response = client.post(
        "/admin/referrals/referral/",
        {"action": "export_csv", "_selected_action": [referral.pk]},
    )

    header, row = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    cells = dict(zip(header, row, strict=True))
    assert cells["raised"] == "2026-12-04T09:55:00+07:00"
    assert cells["urgency"] == "Priority"
    assert cells["trigger"] == "Disclosed risk: self-harm thoughts, abuse, violence"
    assert cells["status"] == "Submitted"
    assert cells["acknowledged"] == cells["successful"] == cells["why not"] == ""
