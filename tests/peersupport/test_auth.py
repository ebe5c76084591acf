import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from peersupport.models import AuditEntry, Notification, NotificationStatus
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=TEST_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_a_person_signs_in_with_their_username_and_lands_on_home(client, employee):
    response = sign_in(client, employee.username)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_person_signs_in_with_their_work_email_in_any_case(client, employee):
    response = sign_in(client, employee.email.upper())

    assert response.status_code == 302


def test_a_wrong_password_is_refused_with_a_clear_message(client, employee):
    response = sign_in(client, employee.username, password="not-the-password")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wrong_password_message_is_in_indonesian_for_an_indonesian_browser(client, employee):
    response = sign_in(client, employee.username, "salah", headers={"accept-language": "id"})

    assert "dan sandi yang benar" in response.content.decode()


def test_an_inactive_person_cannot_sign_in(client):
    UserFactory(username="left", is_active=False)

    response = sign_in(client, "left")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_in_switches_the_interface_to_the_preferred_language(client):
    user = UserFactory(preferred_language="id")

    response = sign_in(client, user.username)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    home = client.get(reverse("home")).content.decode()
    assert "Beranda" in home


def test_sign_in_and_failed_attempts_are_audited(client, employee):
    sign_in(client, employee.username, password="wrong", REMOTE_ADDR="10.1.2.3")
    sign_in(client, employee.username, REMOTE_ADDR="10.1.2.3")

    failed = AuditEntry.objects.get(action="auth.sign_in_failed")
    assert failed.changes == {"username": employee.username}
    assert failed.ip_address == "10.1.2.3"
    signed_in = AuditEntry.objects.get(action="auth.signed_in")
    assert signed_in.actor == employee
    assert "wrong" not in str(failed.changes)


def test_sign_out_needs_a_post_and_ends_the_session(client, employee):
    client.force_login(employee)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_goes_through_the_outbox_in_the_recipients_language(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="agus@example.co.id", preferred_language="id")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "agus@example.co.id"})

    assert response.status_code == 302
    notification = Notification.objects.get(recipient=user, kind="password_reset")
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Pilih sandi baru")
    assert notification.context["reset_url"].startswith(settings.SITE_URL)


def test_the_reset_link_lets_the_person_choose_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="siti@example.co.id")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "siti@example.co.id"})
    link = Notification.objects.get(recipient=user).context["reset_url"]
    path = link.removeprefix(settings.SITE_URL)

    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret-42")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.co.id"})

    assert response.status_code == 302
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("forwarded", ["not-an-ip", "10.0.0.1:5555", "<script>", "1.2.3.4, x"])
def test_a_forged_forwarded_address_is_no_error(client, employee, settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1

    response = sign_in(client, employee.username, HTTP_X_FORWARDED_FOR=forwarded)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="auth.signed_in")
    assert entry.ip_address in {"127.0.0.1", "1.2.3.4"} or entry.ip_address is None


@pytest.mark.parametrize(
    ("language", "label"), [("en", "E-mail or username"), ("id", "E-mail atau nama pengguna")]
)
def test_the_sign_in_field_says_it_takes_an_email_or_a_username(client, language, label):
    page = client.get(reverse("login"), headers={"accept-language": language}).content.decode()

    field_label = re.search(r'<label\s+for="id_username"[^>]*>\s*([^<*]+?)\s*<', page)
    assert field_label is not None and field_label.group(1) == label


def test_an_unknown_email_is_refused_like_a_wrong_password(client, employee):
    unknown = sign_in(client, "nobody@example.co.id").content.decode()
    wrong = sign_in(client, employee.email, password="not-the-password").content.decode()

    message = "Please enter a correct username and password"
    assert message in unknown and message in wrong
    assert "_auth_user_id" not in client.session
