import re

import pytest
from django.core import mail
from django.urls import reverse

from matching.models import SupportRequest
from peersupport.models import CrisisContact
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return ProgramFactory(name_en="Peer support")


def form(chosen, **changes):
    data = {
        "program": chosen.pk,
        "topics": ["stress"],
        "description": "Work has been heavy since my father died.",
        "languages": ["id"],
        "gender_preference": "",
        "site_preference": "either",
        "meeting_modes": ["video"],
        "availability": ["mon_am"],
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_employee_asks_for_support_and_the_coordinators_are_told(
    client, employee, coordinator, program, django_capture_on_commit_callbacks
):
    client.force_login(employee)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:request"), form(program))

    assert response.url == reverse("matching:my")
    request = SupportRequest.objects.get(requester=employee)
    assert request.consent_text_version == "2026-1"
    assert request.status == "waiting"
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "Work has been heavy" not in mail.outbox[0].body  # the description stays out of e-mail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": None}, "Please read and agree before you send the request."),
        ({"topics": None}, "This field is required."),
        ({"topics": ["astrology"]}, "Select a valid choice."),
        ({"languages": ["xx"]}, "Select a valid choice."),
        ({"program": 99999}, "Select a valid choice."),
        ({"program": "abc"}, "Select a valid choice."),
        ({"gender_preference": "robot"}, "Select a valid choice."),
        ({"site_preference": "moon"}, "Select a valid choice."),
        ({"availability": ["mon_night"]}, "Select a valid choice."),
        ({"description": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_each_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    client, employee, program, changes, message
):
    client.force_login(employee)

    response = client.post(reverse("matching:request"), form(program, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_second_open_request_in_the_same_program_is_explained(client, employee, program):
    make_request(requester=employee, program=program)
    client.force_login(employee)

    response = client.post(reverse("matching:request"), form(program))

    assert "You already have an open request in this program." in response.content.decode()
    assert SupportRequest.objects.count() == 1


def test_the_crisis_contacts_are_always_on_the_request_page(client, employee, program):
    CrisisContact.objects.create(name="SEJIWA", phone="119 ext. 8")
    client.force_login(employee)

    page = client.get(reverse("matching:request")).content.decode()

    assert "SEJIWA" in page and "119 ext. 8" in page


@pytest.mark.parametrize("role", ["coordinator", "counselor"])
def test_only_employees_ask_for_support(client, cast, role, program):
    client.force_login(cast[role])

    assert client.get(reverse("matching:request")).status_code == 404


def test_an_employee_sees_only_their_own_requests(client, employee, other_employee, program):
    make_request(requester=employee, program=program, description="mine")
    theirs = make_request(
        requester=other_employee, program=program, description="the other one's secret"
    )
    client.force_login(employee)

    page = client.get(reverse("matching:my")).content.decode()

    assert "Peer support" in page
    assert "secret" not in page
    assert client.post(reverse("matching:withdraw", args=[theirs.uuid])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "waiting"


def test_withdrawing_closes_the_match_and_tells_the_supporter(
    client, employee, program, django_capture_on_commit_callbacks
):
    request = make_request(requester=employee, program=program, status="active")
    supporter = make_supporter()
    match = make_match(request, supporter, status="active")
    client.force_login(employee)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:withdraw", args=[request.uuid]))

    request.refresh_from_db()
    match.refresh_from_db()
    assert (request.status, match.status, match.close_reason) == (
        "withdrawn",
        "closed",
        "participant_withdrew",
    )
    assert [m.to for m in mail.outbox] == [[supporter.email]]


@pytest.mark.parametrize("requests", [2, 20])
def test_my_page_runs_a_fixed_number_of_queries(
    client, employee, django_assert_max_num_queries, requests
):
    supporter = make_supporter()
    for _ in range(requests):
        make_match(make_request(requester=employee, status="active"), supporter, status="active")
    client.force_login(employee)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("matching:my")).status_code == 200


def test_the_crisis_contacts_come_before_the_form_as_numbers_a_phone_dials(
    client, employee, program
):
    CrisisContact.objects.create(name="SEJIWA", phone="119 ext. 8", order=1)
    CrisisContact.objects.create(name="EAP", phone="+62 21 5000 1234", order=2)
    client.force_login(employee)

    page = client.get(reverse("matching:request")).content.decode()

    assert page.index('id="crisis-contacts"') < page.index('id="request-form"')
    assert page.index("SEJIWA") < page.index('id="request-form"')
    assert 'href="tel:+622150001234"' in page
    assert re.search(r'href="tel:119[^" ]*"', page)
    assert not re.search(r'href="tel:[^"]* [^"]*"', page)  # RFC 3966: no spaces


def test_the_availability_is_asked_as_a_grid_of_days_and_parts(client, employee, program):
    client.force_login(employee)

    page = client.get(reverse("matching:request")).content.decode()

    assert '<table class="table table-sm table-bordered availability-grid"' in page
    assert '<th scope="row">Monday</th>' in page and '<th scope="col">Morning</th>' in page
