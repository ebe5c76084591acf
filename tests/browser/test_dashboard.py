import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
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


def sessions_yesterday(program, pairs: int) -> None:
    """One hour-long video session yesterday for each of `pairs` active pairs."""
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
        for match in active_pairs(program, pairs)
    )


def test_the_coordinator_filters_the_dashboard_by_program_and_downloads_a_csv(page, live_server):
    peer = ProgramFactory(name_en="Peer support")
    ProgramFactory(name_en="Mentoring")
    sessions_yesterday(peer, 6)
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
    # The sections are folded under their titles: the coordinator opens Activity.
    page.locator("#activity > summary").click()
    sessions = page.get_by_role("table", name="Sessions", exact=True)
    expect(sessions.get_by_role("row", name=re.compile("Sessions in the period"))).to_contain_text(
        "6"
    )
    # Chart.js, from static/, draws the weekly chart once the section is open (on its
    # toggle event, a moment after the click); the page broke no rule of the CSP.
    page.wait_for_function(
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


RESULTS = Path(__file__).resolve().parents[2] / "test-results"
DEMO_PASSWORD = "browser-dashboard-demo"


def test_on_the_demo_data_the_tiles_show_figures_and_an_empty_chart_says_so(page, live_server):
    call_command("seed_demo", password=DEMO_PASSWORD, force=True)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, live_server, "coordinator", DEMO_PASSWORD)
    RESULTS.mkdir(exist_ok=True)

    for width, height in ((390, 844), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/dashboard/")
        tiles = page.locator(".dashboard-tile")
        expect(tiles).to_have_count(7)
        expect(page.get_by_role("heading", name="Waiting requests")).to_be_visible()
        assert page.locator(".dashboard-tile-hidden").count() <= 1
        # Folded sections open from the keyboard too.
        page.locator("#activity > summary").focus()
        page.keyboard.press("Enter")
        expect(page.locator("canvas[data-chart=weeks]")).to_be_visible()
        page.screenshot(path=RESULTS / f"dashboard-{width}x{height}.png", full_page=True)

    # A period long before the demo's history: no session to draw.
    start = timezone.localdate() - timedelta(days=400)
    end = start + timedelta(days=20)
    page.goto(f"{live_server.url}/dashboard/?period=custom&start={start}&end={end}")
    page.locator("#activity > summary").click()
    empty = page.locator("#chart-empty-weeks")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("No sessions logged in this period yet.")
    expect(page.locator("canvas[data-chart=weeks]")).to_have_count(0)
    page.screenshot(path=RESULTS / "dashboard-empty-period-1280x800.png", full_page=True)
    assert blocked == []


def test_a_printed_dashboard_shows_every_section_with_its_charts(page, live_server):
    peer = ProgramFactory(name_en="Peer support")
    sessions_yesterday(peer, 6)
    UserFactory(username="dewi", full_name="Dewi Lestari", roles=["coordinator"])
    sign_in(page, live_server, "dewi")
    page.goto(f"{live_server.url}/dashboard/")
    sections = page.locator("details.dashboard-section")
    assert sections.count() > 1
    assert page.locator("details.dashboard-section[open]").count() == 0

    # Printing (here to a PDF, as the browser's print dialog does) opens every section.
    page.emulate_media(media="print")
    page.pdf()

    assert page.locator("details.dashboard-section:not([open])").count() == 0
    assert page.evaluate(
        "() => Boolean(Chart.getChart(document.querySelector('canvas[data-chart=weeks]')))"
    )
