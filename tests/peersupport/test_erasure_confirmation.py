"""Completing an erasure: a page of its own says what will happen (GET changes nothing),
POST erases; only a coordinator gets there."""

import pytest
from django.urls import reverse

from peersupport.models import AuditEntry, ErasureRequest, User
from peersupport.services.privacy import erasure_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "admin:peersupport_erasurerequest_complete"


@pytest.fixture
def erasure(employee):
    return erasure_request(user=employee)


def confirm_url(*pks):
    return f"{reverse(URL)}?ids={','.join(str(pk) for pk in pks)}"


def test_the_list_leads_each_waiting_erasure_to_its_confirmation(client, coordinator, erasure):
    client.force_login(coordinator)

    page = client.get(reverse("admin:peersupport_erasurerequest_changelist")).content.decode()

    assert confirm_url(erasure.pk).replace(",", "%2C") in page
    assert "status-erasure-requested" in page


def test_the_confirmation_says_what_happens_and_erases_nothing(
    client, coordinator, employee, erasure
):
    client.force_login(coordinator)

    response = client.get(confirm_url(erasure.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert employee.full_name in page
    assert "This cannot be undone." in page
    assert f'name="erasure" value="{erasure.pk}"' in page
    assert ErasureRequest.objects.get().status == "requested"
    assert User.objects.get(pk=employee.pk).is_active


def test_the_action_leads_to_the_same_confirmation(client, coordinator, erasure):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:peersupport_erasurerequest_changelist"),
        {"action": "complete_erasure", "_selected_action": [erasure.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == confirm_url(erasure.pk).replace(",", "%2C")
    assert ErasureRequest.objects.get().status == "requested"


def test_confirming_erases(client, coordinator, employee, erasure):
    client.force_login(coordinator)

    response = client.post(reverse(URL), {"erasure": [erasure.pk]})

    assert response.status_code == 302
    assert ErasureRequest.objects.get().status == "completed"
    assert not User.objects.get(pk=employee.pk).is_active
    assert AuditEntry.objects.filter(action="privacy.erasure_completed").count() == 1
    again = client.get(confirm_url(erasure.pk)).content.decode()
    assert "None of the selected erasures is waiting to be completed." in again


@pytest.mark.parametrize("role", ["supporter", "counselor", "employee"])
def test_people_who_are_not_staff_are_sent_to_the_admin_sign_in(client, cast, erasure, role):
    client.force_login(cast[role])

    for response in (
        client.get(confirm_url(erasure.pk)),
        client.post(reverse(URL), {"erasure": [erasure.pk]}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert ErasureRequest.objects.get().status == "requested"


def test_staff_without_the_right_to_erase_are_refused(client, erasure):
    clerk = UserFactory(is_staff=True, roles=["employee"])
    client.force_login(clerk)

    assert client.get(confirm_url(erasure.pk)).status_code == 403
    assert client.post(reverse(URL), {"erasure": [erasure.pk]}).status_code == 403
    assert ErasureRequest.objects.get().status == "requested"


@pytest.mark.parametrize("ids", ["", "abc", "1,x", "-"])
def test_bad_addresses_are_not_found(client, coordinator, erasure, ids):
    client.force_login(coordinator)

    assert client.get(f"{reverse(URL)}?ids={ids}").status_code == 404
    assert client.post(reverse(URL), {"erasure": ids}).status_code == 404
    assert ErasureRequest.objects.get().status == "requested"
