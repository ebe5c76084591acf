import re

import pytest
from playwright.sync_api import expect

from programs.models import TrainingModule
from tests.browser.helpers import sign_in
from tests.factories import UserFactory
from tests.programs.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_applies_a_coordinator_approves_and_the_supporter_sees_training_status(
    page, live_server
):
    ProgramFactory(
        name_en="Return to work",
        modules=list(
            TrainingModule.objects.filter(code__in=["active-listening", "role-boundaries"])
        ),
    )
    UserFactory(username="rina", full_name="Rina Kusuma", roles=["employee"], languages=["id"])
    UserFactory(username="dewi", full_name="Dewi Lestari", roles=["coordinator"])

    sign_in(page, live_server, "rina")
    page.get_by_role("link", name="Become a peer supporter").click()
    page.get_by_label(re.compile("Why you want to support colleagues", re.I)).fill(
        "I came back after a long illness and know how lonely the first weeks are."
    )
    page.get_by_label("Long illness", exact=True).check()
    page.get_by_label("Returning to work", exact=True).check()
    page.get_by_label("Video call", exact=True).check()
    page.get_by_label("Monday morning", exact=True).check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("Your application is with the coordinator")).to_be_visible()
    page.get_by_role("button", name="Rina").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "dewi")
    page.goto(f"{live_server.url}/admin/programs/supporterapplication/")
    page.get_by_role("checkbox", name=re.compile("Select this object", re.I)).first.check()
    page.get_by_role("combobox", name=re.compile("Action", re.I)).select_option("approve")
    page.get_by_role("button", name=re.compile("^Go$|Run", re.I)).click()
    expect(page.get_by_text("1 application approved")).to_be_visible()
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Dewi").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "rina")
    page.get_by_role("link", name="Your supporter page").click()
    expect(page.get_by_role("heading", name="Training status")).to_be_visible()
    expect(page.get_by_text("Not yet ready")).to_be_visible()
    expect(page.get_by_text("Active listening")).to_be_visible()
