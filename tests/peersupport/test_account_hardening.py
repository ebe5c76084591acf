"""Accounts that cannot be a way around the second factor, and sign-ups that cannot race."""

import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from peersupport.models import AuditEntry, User
from peersupport.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

STRONG = "kopi-tubruk-pagi-2026"


def sign_in(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_superuser_needs_the_second_factor_before_the_admin_opens(client):
    User.objects.create_superuser("root", "root@corp.co.id", TEST_PASSWORD)

    sign_in(client, "root")
    admin = client.get("/admin/peersupport/user/")

    assert admin.status_code == 302
    assert admin.url.startswith(reverse("two_factor_setup"))


def test_create_coordinator_makes_a_coordinator_who_sets_up_an_authenticator_first(
    client, monkeypatch
):
    monkeypatch.setenv("COORDINATOR_PASSWORD", STRONG)

    call_command(
        "create_coordinator",
        "--username=dewi",
        "--email=Dewi@Corp.co.id",
        "--full-name=Dewi Lestari",
        "--no-input",
    )

    dewi = User.objects.get(username="dewi")
    assert dewi.roles == {Role.COORDINATOR}
    assert (dewi.email, dewi.is_staff, dewi.is_superuser) == ("dewi@corp.co.id", True, False)
    assert AuditEntry.objects.filter(action="user.role_granted", target_id=str(dewi.pk)).exists()
    sign_in(client, "dewi", STRONG)
    for page in ("/", "/admin/", "/dashboard/"):
        assert client.get(page).url.startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "set COORDINATOR_PASSWORD"), ("dewi", "too short"), ("12345678901", "entirely numeric")],
)
def test_create_coordinator_refuses_a_weak_or_missing_password(
    english, monkeypatch, password, message
):
    monkeypatch.setenv("COORDINATOR_PASSWORD", password)

    with pytest.raises(CommandError, match=message):
        call_command(
            "create_coordinator",
            "--username=d",
            "--email=d@corp.co.id",
            "--full-name=D",
            "--no-input",
        )

    assert not User.objects.filter(username="d").exists()


def test_create_coordinator_refuses_an_address_that_has_an_account(monkeypatch):
    monkeypatch.setenv("COORDINATOR_PASSWORD", STRONG)
    User.objects.create_user("agus", "agus@corp.co.id", TEST_PASSWORD)

    with pytest.raises(CommandError, match="exists already"):
        call_command(
            "create_coordinator",
            "--username=other",
            "--email=AGUS@corp.co.id",
            "--full-name=Agus",
            "--no-input",
        )


def test_sign_up_keeps_the_language_the_person_was_using(
    settings, django_capture_on_commit_callbacks
):
    settings.SIGNUP_EMAIL_DOMAINS = ["corp.co.id"]
    indonesian = Client(headers={"accept-language": "id"})

    with django_capture_on_commit_callbacks(execute=True):
        indonesian.post(reverse("signup"), {"full_name": "Rina Kusuma", "email": "rina@corp.co.id"})

    assert User.objects.get(email="rina@corp.co.id").preferred_language == "id"
    assert "Untuk menyelesaikan pembuatan akun Anda" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sign_ups_for_one_address_both_get_the_check_your_e_mail_page(
    settings,
):
    settings.SIGNUP_EMAIL_DOMAINS = ["corp.co.id"]
    for attempt in range(3):
        email = f"race{attempt}@corp.co.id"
        start = threading.Barrier(2)
        answers: list[int] = []

        def sign_up(
            email: str = email, start: threading.Barrier = start, answers: list[int] = answers
        ) -> None:
            browser = Client(raise_request_exception=False)
            start.wait()
            try:
                response = browser.post(reverse("signup"), {"full_name": "Rina", "email": email})
                answers.append(response.status_code)
            finally:
                connection.close()

        racers = [threading.Thread(target=sign_up) for _ in range(2)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(timeout=30)

        assert answers == [302, 302], f"attempt {attempt}"
        assert User.objects.filter(email=email).count() == 1
