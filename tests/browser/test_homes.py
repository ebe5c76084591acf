"""Each role signs in and finds what needs them now, counted, on a phone and a desktop."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from referrals.models import Referral
from tests.browser.helpers import sign_in
from tests.peersupport.home_world import build_home_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "homes"
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}

# The heading of each card that needs the person, as they read it, for a world of 2.
NEEDS_YOU = {
    "employee": ["3 check-ins are due"],
    "supporter": [
        "2 proposals to answer",
        "2 matches without a session this week",
        "2 follow-ups are due",
        "2 supervision requests answered",
        "2 training modules expire soon",
    ],
    "counselor": [
        "2 emergencies to acknowledge",
        "2 priority referrals to acknowledge",
        "2 routine referrals to acknowledge",
    ],
    "coordinator": [
        "2 requests wait for a supporter",
        "1 referral not acknowledged in time",
        "2 declined referrals to re-route",
        "1 supporter asks for a debrief",
        "2 matches to review",
        "2 applications to decide",
        "1 supporter's training expires within 30 days",
        "2 notifications failed",
    ],
}


@pytest.fixture
def world(cast):
    return build_home_world(
        2,
        employee=cast["employee"],
        supporter=cast["supporter"],
        counselor=cast["counselor"],
        other_counselor=cast["other_counselor"],
    )


def screenshots(page, role):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{role}-{width}.png"), full_page=True)
        # Nothing sticks out sideways on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{role} home scrolls sideways at {width} px ({name})"


@pytest.mark.parametrize("role", list(NEEDS_YOU))
def test_each_role_finds_what_needs_them_now_counted(page, live_server, cast, world, role):
    sign_in(page, live_server, cast[role].username)
    page.goto(f"{live_server.url}/")

    for heading in NEEDS_YOU[role]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    screenshots(page, role)


def test_the_employee_sees_their_supporter_and_the_crisis_contacts(page, live_server, cast, world):
    sign_in(page, live_server, cast["employee"].username)
    page.goto(f"{live_server.url}/")

    expect(page.get_by_text("Your supporter is Budi Supporter")).to_be_visible()
    expect(page.get_by_role("list", name="Timeline")).to_contain_text("Matched with your supporter")
    crisis = page.get_by_role("article", name="If someone is in danger now")
    expect(crisis.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")


def test_the_counselor_acknowledges_the_overdue_emergency_from_the_home(
    page, live_server, cast, world
):
    referral = world.overdue_referral
    name = f"Acknowledge referral R-{referral.pk} ({referral.participant.full_name})"
    sign_in(page, live_server, cast["counselor"].username)
    page.goto(f"{live_server.url}/")
    emergency = page.get_by_role("article", name=re.compile("emergencies to acknowledge"))
    expect(emergency).to_contain_text("overdue by 3 hours")

    page.get_by_role("button", name=name).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_contain_text("Acknowledged. The case is yours.")
    expect(page.get_by_role("heading", name="1 emergency to acknowledge")).to_be_visible()
    assert Referral.objects.get(pk=referral.pk).status == "acknowledged"
