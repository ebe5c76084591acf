import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from matching.models import Match, SupportRequest
from sessions.models import SessionLog
from tests.browser.helpers import sign_in
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def active_pairs(program, count: int) -> list[Match]:
    pairs = []
    for _ in range(count):
        request = make_request(program=program, status="active")
        SupportRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - timedelta(days=32)
        )
        match = make_match(request, make_supporter(), status="active")
        Match.objects.filter(pk=match.pk).update(accepted_at=timezone.now() - timedelta(days=30))
        pairs.append(match)
    return pairs


def test_the_coordinator_filters_the_dashboard_by_program_and_downloads_a_csv(page, live_server):
    peer = ProgramFactory(name_en="Peer support")
    ProgramFactory(name_en="Mentoring")
    yesterday = timezone.now() - timedelta(days=1)
    SessionLog.objects.bulk_create(
        SessionLog(
            match=match,
            author=match.supporter,
            occurred_at=yesterday,
            minutes=60,
            mode="video",
            topics=["stress"],
        )
        for match in active_pairs(peer, 6)
    )
    UserFactory(username="dewi", full_name="Dewi Lestari", roles=["coordinator"])
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    sign_in(page, live_server, "dewi")
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    page.get_by_label("Program").select_option(label="Peer support")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(rf"program={peer.pk}"))
    expect(page.locator("#dashboard-scope")).to_contain_text("Peer support")
    sessions = page.get_by_role("table", name="Sessions", exact=True)
    expect(sessions.get_by_role("row", name=re.compile("Sessions in the period"))).to_contain_text(
        "6"
    )
    # Chart.js, from static/, drew the weekly chart; the page broke no rule of the CSP.
    assert page.evaluate(
        "() => Boolean(window.Chart && Chart.getChart(document.querySelector("
        "'canvas[data-chart=weeks]')))"
    )
    assert blocked == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Activity as CSV").click()
    download = download_info.value

    today = timezone.localdate()
    assert re.fullmatch(
        rf"dashboard-activity_peer-support_\d{{4}}-\d{{2}}-\d{{2}}_{today.isoformat()}\.csv",
        download.suggested_filename,
    )
    with open(download.path(), encoding="utf-8-sig") as file:
        lines = list(csv.reader(io.StringIO(file.read())))
    assert ["Program", "Peer support"] in lines
    assert ["Sessions in the period", "6"] in lines
