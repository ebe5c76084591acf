import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import UserFactory
from tests.matching.factories import make_supporter
from tests.programs.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page, name):
    page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Sign out").click()


def test_request_approve_accept_and_the_match_shows_on_my_page(page, live_server):
    ProgramFactory(name_en="Peer support")
    UserFactory(username="agus", full_name="Agus Pratama", roles=["employee"], languages=["id"])
    UserFactory(username="dewi", full_name="Dewi Lestari", roles=["coordinator"])
    make_supporter(
        UserFactory(
            username="budi", full_name="Budi Santoso", roles=["supporter"], languages=["id"]
        )
    )

    sign_in(page, live_server, "agus")
    page.get_by_role("link", name="Ask for support").click()
    page.get_by_label("Peer support", exact=True).check()
    page.get_by_label("Stress and pressure", exact=True).check()
    page.get_by_label("Video call", exact=True).check()
    page.get_by_label(re.compile("I have read what stays confidential")).check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()
    sign_out(page, "Agus")

    sign_in(page, live_server, "dewi")
    page.get_by_role("link", name="Matching queue", exact=True).click()
    expect(page.get_by_role("cell", name="Budi Santoso")).to_be_visible()
    page.get_by_role("button", name="Ask this supporter").first.click()
    expect(page.get_by_text("The supporter is asked")).to_be_visible()
    sign_out(page, "Dewi")

    sign_in(page, live_server, "budi")
    page.get_by_role("link", name="Your matches").click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Your new match is active.")).to_be_visible()
    sign_out(page, "Budi")

    sign_in(page, live_server, "agus")
    page.get_by_role("link", name="My support", exact=True).click()
    expect(page.get_by_text("Your supporter is Budi.")).to_be_visible()
