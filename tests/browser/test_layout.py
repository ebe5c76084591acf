"""The request form and the session log at a phone's and a laptop's width: screenshots
under test-results/ (git-ignored), and on a phone the crisis contacts come first."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from peersupport.models import CrisisContact
from tests.browser.helpers import sign_in
from tests.factories import UserFactory
from tests.programs.factories import ProgramFactory
from tests.referrals.factories import make_active_match

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(settings.BASE_DIR) / "test-results"
SIZES = [(390, 844), (1280, 800)]


@pytest.fixture
def contacts():
    CrisisContact.objects.create(name="SEJIWA", phone="119 ext. 8", hours="24/7", order=1)
    CrisisContact.objects.create(name="EAP", phone="+62 21 5000 1234", order=2)


def shoot(page, name: str, width: int) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_request_form_puts_the_crisis_contacts_first_on_a_phone(
    browser, live_server, contacts, width, height
):
    ProgramFactory(name_en="Peer support")
    UserFactory(username="agus", full_name="Agus Pratama", roles=["employee"])
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, live_server, "agus")

    page.goto(f"{live_server.url}/request/")

    crisis = page.locator("#crisis-contacts")
    form = page.locator("#request-form")
    expect(crisis.get_by_role("link", name="119 ext. 8")).to_have_attribute("href", "tel:119;ext=8")
    expect(crisis.get_by_role("link", name="+62 21 5000 1234")).to_have_attribute(
        "href", "tel:+622150001234"
    )
    crisis_box, form_box = crisis.bounding_box(), form.bounding_box()
    if width < 992:
        assert crisis_box["y"] < form_box["y"]
        assert crisis_box["y"] + crisis_box["height"] <= height  # seen without scrolling
    else:  # beside the form on a wide screen
        assert crisis_box["x"] > form_box["x"] + form_box["width"] - 1
    grid = page.get_by_role("table").filter(has=page.get_by_role("rowheader", name="Monday"))
    grid.get_by_role("checkbox", name="Tuesday afternoon").check()
    expect(grid.get_by_role("checkbox", name="Tuesday afternoon")).to_be_checked()
    shoot(page, "request-form", width)
    context.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_session_log_is_compact_with_the_boundary_check_apart(
    browser, live_server, width, height
):
    supporter = UserFactory(username="budi", full_name="Budi Santoso", roles=["supporter"])
    match = make_active_match(supporter=supporter)
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, live_server, "budi")

    page.goto(f"{live_server.url}/sessions/matches/{match.uuid}/log/")

    notes = page.get_by_label("Notes")
    notes.fill("We talked about sleep.")
    expect(page.locator("#id_notes_count")).to_have_text("22 / 5000")
    minutes = page.get_by_label("Length (minutes)")
    assert minutes.bounding_box()["width"] <= 130
    boundary = page.get_by_role("region", name="Boundary check")
    expect(boundary.get_by_role("checkbox")).to_have_count(5)
    topics = page.get_by_role("group", name="Topics").bounding_box()
    signposting = page.get_by_role("group", name="Signposting given").bounding_box()
    if width >= 768:  # side by side: signposting starts right of topics, before they end
        assert signposting["x"] >= topics["x"] + topics["width"]
        assert abs(signposting["y"] - topics["y"]) < topics["height"] / 2
    shoot(page, "session-log", width)
    context.close()
