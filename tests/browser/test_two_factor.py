import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import current_code
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_without_a_second_factor_sets_one_up_before_the_dashboard(page, live_server):
    coordinator = UserFactory(username="dewi", full_name="Dewi Lestari", roles=["coordinator"])
    TOTPDevice.objects.filter(user=coordinator).delete()

    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_label(re.compile("Username", re.I)).fill("dewi")
    page.get_by_label(re.compile("Password", re.I)).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_text("a second step is required at every sign-in")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    page.goto(f"{live_server.url}/dashboard/")  # no way around it
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))

    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Turn it on").click()

    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator("li.font-monospace, ul.font-monospace li")).to_have_count(10)
    page.get_by_role("link", name="I have saved them").click()

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Dashboard", exact=False).first).to_be_visible()
    assert TOTPDevice.objects.get(user=coordinator).confirmed
