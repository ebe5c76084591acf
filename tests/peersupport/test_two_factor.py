import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from peersupport.models import AuditEntry
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, at: float | None = None) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user, follow=True):
    return client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=follow
    )


def test_a_coordinator_without_a_second_factor_must_set_one_up_first(client):
    coordinator = UserFactory(roles=["coordinator"])
    TOTPDevice.objects.filter(user=coordinator).delete()

    response = sign_in(client, coordinator)

    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    for url in ("/", "/admin/", "/dashboard/", "/matching/queue/"):
        assert client.get(url).url.startswith(reverse("two_factor_setup"))

    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "That code is not right." in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failed code makes the next try wait a second

    done = client.post(reverse("two_factor_setup"), {"code": code_for(device)}, follow=True)
    page = done.content.decode()
    assert "Recovery codes" in page
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.second_factor_added", actor=coordinator).exists()


def test_with_a_device_the_code_is_asked_on_its_own_page_after_the_password(client):
    counselor = UserFactory(roles=["counselor"])
    device = TOTPDevice.objects.get(user=counselor)

    response = sign_in(client, counselor)

    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
    page = response.content.decode()
    assert 'for="id_code"' in page
    assert page.count('name="code"') == 1
    assert client.get("/referrals/").status_code == 302

    bad = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert bad.status_code == 400
    assert AuditEntry.objects.filter(action="auth.second_factor_failed").exists()
    device.refresh_from_db()
    device.throttle_reset()

    ok = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "/referrals/"}
    )
    assert ok.url == "/referrals/"
    assert client.get("/referrals/").status_code == 200


def test_a_recovery_code_works_once(client):
    from peersupport.services.two_factor import recovery_codes_renew

    coordinator = UserFactory(roles=["coordinator"])
    codes = recovery_codes_renew(user=coordinator)

    sign_in(client, coordinator)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post(reverse("logout"))
    sign_in(client, coordinator)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 400


def test_it_is_optional_for_employees_and_asked_once_they_have_one(client):
    employee = UserFactory(roles=["employee"])
    assert sign_in(client, employee).redirect_chain[-1][0] == reverse("home")

    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=employee)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    client.post(reverse("logout"))

    assert sign_in(client, employee).redirect_chain[-1][0].startswith(reverse("two_factor_verify"))


def test_supporters_need_it_when_the_setting_asks(client, settings):
    settings.OTP_REQUIRED_FOR_SUPPORTERS = True
    supporter = UserFactory(roles=["supporter"])
    assert sign_in(client, supporter).redirect_chain[-1][0].startswith(reverse("two_factor_setup"))


def test_an_idle_coordinator_is_signed_out_after_30_minutes(client):
    coordinator = UserFactory(roles=["coordinator"])
    client.force_login(coordinator)
    start = timezone.now()
    with time_machine.travel(start):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timezone.timedelta(minutes=29)):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timezone.timedelta(minutes=60)):
        response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "signed out after a period without activity" in response.content.decode()


def test_an_employee_is_not_signed_out_after_30_idle_minutes(client):
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)
    start = timezone.now()
    with time_machine.travel(start):
        client.get("/")
    with time_machine.travel(start + timezone.timedelta(minutes=45)):
        assert client.get("/").status_code == 200


def test_a_password_alone_cannot_replace_the_device(client):
    counselor = UserFactory(roles=["counselor"])
    original = TOTPDevice.objects.get(user=counselor)
    sign_in(client, counselor)

    response = client.get(reverse("two_factor_setup"))

    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_setup"), {"code": "123456"}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=counselor)) == [original]


def test_a_device_added_elsewhere_is_asked_for_within_minutes(client):
    employee = UserFactory(roles=["employee"])
    sign_in(client, employee)
    start = timezone.now()
    with time_machine.travel(start):
        assert client.get("/").status_code == 200
    TOTPDevice.objects.create(user=employee, name="authenticator", confirmed=True)
    with time_machine.travel(start + timezone.timedelta(minutes=6)):
        response = client.get("/")
    assert response.url.startswith(reverse("two_factor_verify"))
