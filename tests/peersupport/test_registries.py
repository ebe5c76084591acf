import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

import matching.home
import matching.privacy
import matching.services
import programs.privacy
import referrals.privacy
import sessions.privacy
from peersupport.home import home_items
from peersupport.registry import Registry
from peersupport.seams import (
    consent_withdrawal_handlers,
    erasure_handlers,
    leaver_handlers,
    personal_data_sections,
)
from peersupport.services.hr_import import hr_import_apply, hr_import_create
from peersupport.services.privacy import erasure_complete, erasure_request
from peersupport.services.roles import app_role_permissions
from programs.models import SupporterProfile
from programs.seams import checkin_help_handlers
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter

# INSTALLED_APPS order, which is the order of the dependencies.
APPS = ["peersupport", "programs", "matching", "referrals", "session_logs", "dashboard"]


def test_every_app_registers_its_home_items_in_the_order_of_the_apps():
    assert home_items.keys() == APPS[1:]


def test_every_app_registers_its_role_permissions_under_its_own_label():
    assert app_role_permissions.keys() == APPS[:-1]
    assert [entry.app_label for entry in app_role_permissions] == APPS[:-1]


def test_each_app_that_holds_personal_data_gives_its_sections():
    assert personal_data_sections.keys() == ["programs", "matching", "referrals", "session_logs"]
    assert list(personal_data_sections) == [
        programs.privacy.personal_data,
        matching.privacy.personal_data,
        referrals.privacy.personal_data,
        sessions.privacy.personal_data,
    ]


def test_a_withdrawal_of_consent_reaches_requests_then_referrals():
    assert list(consent_withdrawal_handlers) == [
        matching.privacy.consent_withdrawn,
        referrals.privacy.consent_withdrawn,
    ]


def test_an_erasure_reaches_the_supporter_texts_then_the_cases():
    assert list(erasure_handlers) == [
        programs.privacy.person_erasing,
        sessions.privacy.person_cases_anonymise,
    ]


def test_a_leaver_reaches_their_requests_and_matches():
    assert list(leaver_handlers) == [matching.services.people_left]


def test_a_worrying_check_in_reaches_the_supporter():
    assert list(checkin_help_handlers) == [matching.services.supporters_told_about_checkin]


def test_registering_the_same_entry_twice_is_harmless_and_another_one_is_refused():
    registry: Registry[object] = Registry("test")
    registry.register("matching", matching.home.home_items)
    registry.register("matching", matching.home.home_items)

    with pytest.raises(ImproperlyConfigured):
        registry.register("matching", matching.services.people_left)
    assert list(registry) == [matching.home.home_items]


@pytest.mark.django_db
def test_a_completed_erasure_reaches_every_app_that_holds_the_person(coordinator):
    person = make_supporter(bio="SECRET-BIO")
    request = make_request(requester=person, status="waiting", description="SECRET-TEXT")

    erasure_complete(erasure=erasure_request(user=person), actor=coordinator)

    request.refresh_from_db()
    assert request.status == "withdrawn"  # matching, by the consent withdrawal
    assert request.description == ""  # sessions, by the erasure of the cases
    assert SupporterProfile.objects.get(user=person).bio == ""  # programs


@pytest.mark.django_db
def test_a_leaver_in_the_hr_import_reaches_their_open_work(coordinator):
    leaver = UserFactory(
        employee_id="2001", full_name="Agus Pratama", email="agus@corp.co.id", roles=["employee"]
    )
    supporter = make_supporter()
    request = make_request(requester=leaver, status="active")
    make_match(request, supporter, status="active")
    text = "employee_id,full_name,email,status\n2001,Agus Pratama,agus@corp.co.id,left\n"

    with translation.override("en"):
        hr_import = hr_import_create(name="hr.csv", content=text.encode(), actor=coordinator)
        hr_import_apply(hr_import=hr_import, actor=coordinator, send_invitations=False)

    request.refresh_from_db()
    assert (request.status, request.close_reason) == ("closed", "Left the company")
