"""The coordinator's admin of session logs shows labels and local times, never codes."""

import csv
import io
from datetime import UTC, datetime

import pytest

from sessions.models import SessionLog
from sessions.services import session_log_create
from tests.referrals.factories import make_active_match
from tests.sessions.test_services import session_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/session_logs/sessionlog/"


@pytest.fixture
def log(cast, settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    log = session_log_create(match=match, author=cast["supporter"], data=session_data())
    SessionLog.objects.filter(pk=log.pk).update(
        occurred_at=datetime(2026, 12, 4, 2, 55, tzinfo=UTC),
        topics=["stress", "return_to_work"],
        signposting=["eap"],
        triggers=["imminent_risk", "supporter_distress"],
    )
    return log


def test_the_list_shows_the_boundary_check_as_labels(client, cast, log):
    client.force_login(cast["coordinator"])

    page = client.get(CHANGELIST).content.decode()

    assert "Imminent risk to life or safety, The supporter is distressed or unsure" in page
    assert "imminent_risk" not in page and "[&quot;" not in page


def test_the_detail_shows_every_list_as_labels(client, cast, log):
    client.force_login(cast["coordinator"])

    page = client.get(f"{CHANGELIST}{log.pk}/change/").content.decode()

    assert "Stress and pressure, Returning to work" in page
    assert "The employee assistance program" in page
    assert "Imminent risk to life or safety, The supporter is distressed or unsure" in page
    assert "4 Dec 2026 09:55" in page
    for code in ("return_to_work", "imminent_risk", "supporter_distress", "[&quot;", "['"):
        assert code not in page


def test_the_indonesian_detail_shows_indonesian_labels_and_dates(client, cast, log):
    client.force_login(cast["coordinator"])

    page = client.get(
        f"{CHANGELIST}{log.pk}/change/", headers={"accept-language": "id"}
    ).content.decode()

    assert "4 Des 2026 09.55" in page
    assert "imminent_risk" not in page and "Imminent risk to life or safety" not in page


def test_the_csv_export_has_labels_and_local_times_with_their_offset(client, cast, log):
    client.force_login(cast["coordinator"])

    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [log.pk]})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["date and time", "length (minutes)", "mode", "topics", "boundary check", "program"],
        [
            "2026-12-04T09:55:00+07:00",
            "45",
            "Video call",
            "Stress and pressure, Returning to work",
            "Imminent risk to life or safety, The supporter is distressed or unsure",
            log.match.request.program.name_en,
        ],
    ]
