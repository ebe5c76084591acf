import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from peersupport.models import Notification
from peersupport.roles import Role
from peersupport.services.accounts import invitations_send
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "teh-manis-sore-2026"


def test_an_invited_employee_sets_a_password_and_later_sees_the_home_in_indonesian(
    page, live_server
):
    coordinator = UserFactory(username="coord", roles=[Role.COORDINATOR])
    person = UserFactory(
        username="1002",
        full_name="Agus Pratama",
        email="agus@corp.co.id",
        password=None,
        preferred_language="en",
        roles=[Role.EMPLOYEE],
    )
    invitations_send(users=[person], actor=coordinator)
    link = Notification.objects.get(kind="invitation").context["invitation_url"]

    page.goto(link.replace(settings.SITE_URL, live_server.url))
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.get_by_label("New password*").fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Save my password").click()

    expect(page.get_by_role("heading", name="Support for you")).to_be_visible()

    page.get_by_role("button", name="Agus").click()
    page.get_by_role("link", name="Your profile").click()
    page.get_by_label("Preferred language").select_option("id")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Profil Anda sudah tersimpan.")).to_be_visible()

    page.get_by_role("button", name="Agus").click()
    page.get_by_role("button", name="Keluar").click()
    page.context.clear_cookies()  # a new browser: no language cookie left behind
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile("Username", re.I)).fill("agus@corp.co.id")
    page.get_by_label(re.compile("Password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Dukungan untuk Anda")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
