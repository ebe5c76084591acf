"""Withdrawing a request and closing a match ask for confirmation on a page of their own:
GET shows what will happen and changes nothing, POST does it."""

import pytest
from django.urls import reverse

from matching.models import Match, SupportRequest
from tests.matching.factories import make_match, make_request, make_supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(employee, supporter):
    make_supporter(supporter)
    return make_match(make_request(requester=employee, status="active"), supporter, "active")


def test_the_withdraw_page_says_what_happens_and_changes_nothing(client, employee, active):
    client.force_login(employee)

    response = client.get(reverse("matching:withdraw", args=[active.request.uuid]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Withdraw your request?" in page
    assert "your match ends, and your supporter is told" in page
    assert f'action="{reverse("matching:withdraw", args=[active.request.uuid])}"' in page
    assert SupportRequest.objects.get().status == "active"
    assert Match.objects.get().status == "active"


def test_my_page_leads_to_the_confirmation_rather_than_withdrawing(client, employee, active):
    client.force_login(employee)

    page = client.get(reverse("matching:my")).content.decode()

    url = reverse("matching:withdraw", args=[active.request.uuid])
    assert f'href="{url}"' in page
    assert f'action="{url}"' not in page


def test_confirming_withdraws_the_request(client, employee, active):
    client.force_login(employee)

    response = client.post(reverse("matching:withdraw", args=[active.request.uuid]))

    assert response.status_code == 302
    assert SupportRequest.objects.get().status == "withdrawn"
    assert Match.objects.get().status == "closed"


@pytest.mark.parametrize("role", ["other_employee", "supporter", "coordinator", "counselor"])
def test_no_one_else_sees_or_confirms_the_withdrawal(client, cast, active, role):
    client.force_login(cast[role])
    url = reverse("matching:withdraw", args=[active.request.uuid])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert SupportRequest.objects.get().status == "active"


def test_the_close_page_asks_why_says_what_happens_and_changes_nothing(client, supporter, active):
    client.force_login(supporter)

    response = client.get(reverse("matching:close", args=[active.uuid]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Close this match?" in page
    assert "is told by e-mail that the support has ended" in page
    assert 'name="reason"' in page and "Support completed" in page
    assert Match.objects.get().status == "active"


def test_the_matches_page_leads_to_the_close_confirmation(client, supporter, active):
    client.force_login(supporter)

    page = client.get(reverse("matching:supporter_matches")).content.decode()

    url = reverse("matching:close", args=[active.uuid])
    assert f'href="{url}"' in page
    assert f'action="{url}"' not in page


def test_confirming_closes_the_match_with_the_reason(client, supporter, active):
    client.force_login(supporter)

    response = client.post(reverse("matching:close", args=[active.uuid]), {"reason": "completed"})

    assert response.status_code == 302
    match = Match.objects.get()
    assert (match.status, match.close_reason) == ("closed", "completed")


def test_a_bad_reason_shows_the_confirmation_again_with_a_message(client, supporter, active):
    client.force_login(supporter)

    response = client.post(reverse("matching:close", args=[active.uuid]), {"reason": "bored"})

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert Match.objects.get().status == "active"


@pytest.mark.parametrize("role", ["other_supporter", "employee", "coordinator", "counselor"])
def test_no_one_else_sees_or_confirms_the_closing(client, cast, active, role):
    if role == "other_supporter":
        make_supporter(cast[role])
    client.force_login(cast[role])
    url = reverse("matching:close", args=[active.uuid])

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "completed"}).status_code == 404
    assert Match.objects.get().status == "active"
