import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from peersupport.models import CrisisContact
from referrals.models import Referral, ReferralEvent
from sessions.models import SessionLog
from tests.browser.helpers import sign_in as browser_sign_in
from tests.referrals.factories import make_active_match, make_referral, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80


def sign_in(page, live_server, user):
    browser_sign_in(page, live_server, user.username)
    expect(page.get_by_role("button", name=user.full_name.split()[0])).to_be_visible()


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator):
    """Press Tab until `locator` has the focus: it is reachable from the keyboard."""
    for _ in range(MAX_TABS):
        if is_focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} is not reachable with the Tab key")


def choose_radio(page, radio):
    """Tab into the radio group, then move to `radio` with the arrow keys."""
    name = radio.get_attribute("name")
    for _ in range(MAX_TABS):
        if page.evaluate("() => document.activeElement.name") == name:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"the radio group {name} is not reachable with the Tab key")
    for _ in range(10):
        if is_focused(radio):
            page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    expect(radio).to_be_checked()


def type_datetime_local(page, field, when):
    """Chromium's en-US datetime-local: mm dd yyyy, hh mm AM/PM, typed segment by segment
    (the year takes up to six digits, so the arrow key leaves it)."""
    field.focus()
    page.keyboard.type(when.strftime("%m%d%Y"))
    page.keyboard.press("ArrowRight")
    page.keyboard.type(when.strftime("%I%M"))
    page.keyboard.type("A" if when.hour < 12 else "P")


def test_imminent_risk_from_the_keyboard_reaches_the_counselor_as_an_emergency(
    page, audited_context, live_server, supporter, employee, counselor
):
    service = make_service([counselor], name="Tim Konseling Internal")
    match = make_active_match(supporter=supporter, requester=employee)
    CrisisContact.objects.create(
        name="Layanan Darurat Kota", phone="0800-119-119", description_en="Day and night"
    )
    when = (timezone.localtime() - timedelta(hours=3)).replace(second=0, microsecond=0)

    sign_in(page, live_server, supporter)
    page.goto(f"{live_server.url}/sessions/")
    row = page.get_by_role("row").filter(has_text="Agus Employee")
    row.get_by_role("link", name="Log a session").click()
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()

    occurred_at = page.get_by_label("Date and time")
    expect(occurred_at).to_be_focused()
    type_datetime_local(page, occurred_at, when)
    expect(occurred_at).to_have_value(when.strftime("%Y-%m-%dT%H:%M"))
    minutes = page.get_by_label("Length (minutes)")
    tab_to(page, minutes)
    page.keyboard.type("45")
    choose_radio(page, page.get_by_label("Phone", exact=True))
    notes = page.get_by_label("Notes", exact=True)
    tab_to(page, notes)
    page.keyboard.type("Said they have a plan for tonight and have given things away.")
    imminent = page.get_by_label(re.compile("Is anyone's life or safety at risk"))
    tab_to(page, imminent)
    page.keyboard.press("Space")
    expect(imminent).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save the session"))
    page.keyboard.press("Enter")

    protocol = page.get_by_role("heading", name="Crisis protocol: act now")
    # The page's crisis card, not the footer that names the first contact on every page.
    crisis_card = page.get_by_role("main")
    contact = crisis_card.get_by_text("Layanan Darurat Kota", exact=True)
    referral_part = page.get_by_role("heading", name="Refer to a professional")
    summary = page.get_by_label("Summary for the professional")
    expect(protocol).to_be_visible()
    expect(contact).to_be_visible()
    expect(crisis_card.get_by_role("link", name="0800-119-119")).to_be_visible()
    expect(referral_part).to_be_visible()
    assert protocol.bounding_box()["y"] < contact.bounding_box()["y"]
    assert contact.bounding_box()["y"] < referral_part.bounding_box()["y"]
    assert referral_part.bounding_box()["y"] < summary.bounding_box()["y"]
    assert SessionLog.objects.count() == Referral.objects.count() == 0

    expect(summary).to_have_value(re.compile(r"^Boundary check: Imminent risk"))
    tab_to(page, summary)
    page.keyboard.press("Control+End")
    page.keyboard.type("A plan for tonight; reachable on 0812-555-0101 until 22:00.")
    choose_radio(page, page.get_by_label("Yes, they agree to be referred"))
    page.get_by_role("button", name="Save the session and send the referral").click()

    expect(
        page.get_by_text("Session saved, and the referral is sent to Tim Konseling Internal.")
    ).to_be_visible()

    # A second browser, audited like the first (tests/browser/conftest.py).
    context, _ = audited_context()
    counselor_page = context.new_page()
    counselor_page.set_default_timeout(15_000)
    sign_in(counselor_page, live_server, counselor)
    counselor_page.goto(f"{live_server.url}/referrals/")
    queue_row = counselor_page.get_by_role("row").filter(has_text="Agus Employee")
    expect(queue_row).to_have_count(1)
    expect(queue_row.get_by_role("cell").first).to_have_text("Emergency")
    expect(queue_row).to_contain_text("Submitted")
    queue_row.get_by_role("link", name="Agus Employee").click()
    expect(counselor_page.get_by_role("heading", level=1)).to_contain_text("Emergency")
    expect(counselor_page.get_by_text("reachable on 0812-555-0101")).to_be_visible()

    log = SessionLog.objects.get()
    referral = Referral.objects.get()
    assert log.referral == referral
    assert (log.match, log.author) == (match, supporter)
    assert timezone.localtime(log.occurred_at) == when
    assert (log.minutes, log.mode, log.triggers) == (45, "phone", ["imminent_risk"])
    assert log.notes == "Said they have a plan for tonight and have given things away."
    assert (referral.urgency, referral.trigger, referral.status) == (
        "emergency",
        "imminent_risk",
        "submitted",
    )
    assert (referral.service, referral.participant, referral.match) == (service, employee, match)
    assert referral.consent_given is True
    assert referral.summary.startswith("Boundary check: Imminent risk")
    assert referral.summary.endswith("reachable on 0812-555-0101 until 22:00.")


def timeline_and_status(page):
    status = page.get_by_role("heading", level=1).locator(".status-badge").nth(1)
    timeline = page.get_by_role("region", name="Timeline").get_by_role("listitem")
    return status, timeline


def test_a_counselor_takes_a_referral_from_acknowledged_to_closed_with_an_outcome(
    page, live_server, supporter, employee, counselor
):
    service = make_service([counselor])
    referral = make_referral(service, match=make_active_match(supporter, employee))

    sign_in(page, live_server, counselor)
    page.goto(f"{live_server.url}/referrals/")
    page.get_by_role("link", name="Agus Employee").click()
    status, timeline = timeline_and_status(page)
    expect(status).to_have_text("Submitted")
    expect(timeline).to_have_count(1)

    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged. The case is yours.")).to_be_visible()
    expect(status).to_have_text("Acknowledged")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(1)).to_contain_text("Submitted → Acknowledged")

    page.get_by_role("button", name="Accept the case").click()
    expect(page.get_by_text("Accepted.", exact=True)).to_be_visible()
    expect(status).to_have_text("Accepted")
    expect(timeline.nth(2)).to_contain_text("Acknowledged → Accepted")

    page.get_by_label("How contact was made (no clinical detail)").fill("Phoned; first talk set")
    page.get_by_role("button", name="Contact made: in progress").click()
    expect(page.get_by_text("Marked as in progress.")).to_be_visible()
    expect(status).to_have_text("In progress")
    expect(timeline.nth(3)).to_contain_text("Accepted → In progress: Phoned; first talk set")

    page.get_by_label("Not successful").check()
    page.get_by_label("If not, why not").select_option(label="The person declined the help")
    page.get_by_label("Outcome note (no clinical detail)").fill("Chose a private clinic")
    page.get_by_role("button", name="Close with this outcome").click()
    expect(page.get_by_text("The referral is closed.")).to_be_visible()
    expect(status).to_have_text("Closed")
    expect(timeline).to_have_count(5)
    expect(timeline.nth(4)).to_contain_text("In progress → Closed: Chose a private clinic")
    expect(page.get_by_text("Not successful: The person declined the help")).to_be_visible()
    expect(page.get_by_text("This referral is finished.")).to_be_visible()

    referral.refresh_from_db()
    assert referral.status == "closed"
    assert referral.closed_at is not None
    assert referral.counselor == counselor
    assert referral.outcome_successful is False
    assert referral.outcome_reason == "declined_by_participant"
    assert referral.outcome_note == "Chose a private clinic"
    steps = ReferralEvent.objects.filter(referral=referral).values_list("to_status", "actor")
    assert list(steps) == [
        ("submitted", supporter.pk),
        ("acknowledged", counselor.pk),
        ("accepted", counselor.pk),
        ("in_progress", counselor.pk),
        ("closed", counselor.pk),
    ]
