import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-demo-pass"
HOMES = {
    "coordinator": "Running the program",
    "supporter": "Tugas Anda sebagai pendamping sebaya",
    "counselor": "Your referral queue",
    "employee": "Dukungan untuk Anda",
}


@pytest.fixture
def demo():
    call_command("seed_demo", password=PASSWORD, force=True)


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    browser_sign_in(page, live_server, username, PASSWORD)


@pytest.mark.parametrize("username", list(HOMES))
def test_each_demo_role_signs_in_and_lands_on_its_home(page, live_server, demo, username):
    sign_in(page, live_server, username)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name=HOMES[username])).to_be_visible()


def test_switching_to_indonesian_shows_indonesian_text(page, live_server, demo):
    sign_in(page, live_server, "coordinator")
    expect(page.get_by_role("heading", name="Running the program")).to_be_visible()

    page.get_by_role("button", name="Bahasa Indonesia").click()

    expect(page.get_by_role("heading", name="Menjalankan program")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Beranda")).to_be_visible()


def test_signing_in_works_with_the_keyboard_alone(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")

    expect(page.get_by_label(re.compile("Username", re.I))).to_be_focused()
    page.keyboard.type("employee")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=HOMES["employee"])).to_be_visible()


def test_the_first_tab_offers_a_skip_link_to_the_main_content(page, live_server, demo):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("heading", name=HOMES["coordinator"]).wait_for()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
