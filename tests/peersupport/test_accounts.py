from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peersupport.models import AccountToken, AuditEntry, User
from peersupport.roles import Role
from peersupport.services.accounts import invitations_send
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kopi-tubruk-pagi-2026"


@pytest.fixture(autouse=True)
def company_domain(settings):
    settings.SIGNUP_EMAIL_DOMAINS = ["corp.co.id"]


def link_from(message, marker):
    return "/" + marker + message.body.split("/" + marker)[1].split()[0]


def sign_up(client, email, name="Rina Kusuma", **extra):
    return client.post(reverse("signup"), {"full_name": name, "email": email}, **extra)


def choose_password(client, link, password=NEW_PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


# --- sign-up --------------------------------------------------------------------------


def test_sign_up_refuses_an_address_outside_the_company_domains(client):
    response = sign_up(client, "rina@gmail.com")

    assert response.status_code == 200
    assert "Sign-up is open to work addresses ending in: @corp.co.id." in response.content.decode()
    assert not User.objects.filter(email="rina@gmail.com").exists()
    assert mail.outbox == []


def test_sign_up_refusal_speaks_indonesian(client):
    response = sign_up(client, "rina@gmail.com", headers={"accept-language": "id"})

    assert "Pendaftaran hanya terbuka untuk alamat kantor" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "   "}, "This field is required."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
    ],
)
def test_bad_sign_up_input_gets_a_clear_message_and_changes_nothing(client, data, message):
    response = client.post(
        reverse("signup"), {"full_name": "Rina Kusuma", "email": "rina@corp.co.id", **data}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="rina@corp.co.id").exists()


def test_an_account_stays_inactive_until_its_owner_opens_the_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "Rina@Corp.co.id")

    assert response.url == reverse("signup_sent")
    person = User.objects.get(email="rina@corp.co.id")
    assert not person.is_active
    assert person.awaiting_confirmation
    assert not person.has_usable_password()

    link = link_from(mail.outbox[0], "accounts/signup/confirm/")
    assert client.get(link).status_code == 200  # opening the page alone changes nothing
    assert not User.objects.get(pk=person.pk).is_active
    weak = choose_password(client, link, password="123")
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    response = choose_password(client, link)

    assert response.url == reverse("home")
    person.refresh_from_db()
    assert person.is_active
    assert not person.awaiting_confirmation
    assert person.check_password(NEW_PASSWORD)
    assert person.roles == {Role.EMPLOYEE}
    assert client.get(reverse("home")).status_code == 200
    assert choose_password(client, link).status_code == 404  # a link works once


def test_signing_up_with_an_imported_address_lets_that_person_choose_a_password(
    client, django_capture_on_commit_callbacks
):
    imported = UserFactory(
        email="agus@corp.co.id", employee_id="1002", password=None, roles=[Role.EMPLOYEE]
    )

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "agus@corp.co.id", name="Someone Else")
    choose_password(client, link_from(mail.outbox[0], "accounts/signup/confirm/"))

    assert User.objects.filter(email__iexact="agus@corp.co.id").count() == 1
    imported.refresh_from_db()
    assert imported.check_password(NEW_PASSWORD)
    assert imported.full_name != "Someone Else"


def test_a_sign_up_with_someone_elses_address_neither_opens_nor_cancels_their_account(
    client, coordinator, django_capture_on_commit_callbacks
):
    victim = UserFactory(email="hendra@corp.co.id", password=None, roles=[Role.EMPLOYEE])
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(users=[victim], actor=coordinator)
        sign_up(client, "hendra@corp.co.id", name="Attacker")

    invitation = link_from(mail.outbox[0], "accounts/invitation/")
    assert mail.outbox[1].to == ["hendra@corp.co.id"]  # the link goes to the mailbox, not the form
    assert not User.objects.get(pk=victim.pk).has_usable_password()
    assert client.get(invitation).status_code == 200  # the invitation still works


def test_sign_up_does_not_reopen_an_account_a_coordinator_closed(client):
    UserFactory(email="closed@corp.co.id", is_active=False, password=None)

    sign_up(client, "closed@corp.co.id")

    assert not AccountToken.objects.exists()
    assert mail.outbox == []


def test_repeated_sign_ups_send_one_e_mail_every_few_minutes(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            sign_up(client, "rina@corp.co.id")

    assert len(mail.outbox) == 1


def test_signing_up_with_an_address_that_has_an_account_sends_a_hint_not_a_link(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(email="siti@corp.co.id")

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "siti@corp.co.id")

    assert response.url == reverse("signup_sent")  # same answer: the address is not confirmed
    assert mail.outbox[0].subject.startswith("You already have an account")
    assert not AccountToken.objects.filter(user=person).exists()
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)


def test_a_person_who_left_cannot_sign_up_again(client):
    UserFactory(email="gone@corp.co.id", is_active=False, left_at=timezone.now())

    sign_up(client, "gone@corp.co.id")

    assert not AccountToken.objects.exists()
    assert mail.outbox == []


def test_sign_up_is_closed_without_company_domains(client, settings):
    settings.SIGNUP_EMAIL_DOMAINS = []

    response = client.get(reverse("signup"))

    assert "Sign-up is by invitation" in response.content.decode()
    assert sign_up(client, "rina@corp.co.id").status_code == 200
    assert not User.objects.filter(email="rina@corp.co.id").exists()


def test_a_sign_up_link_expires(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "late@corp.co.id")
    link = link_from(mail.outbox[0], "accounts/signup/confirm/")

    with time_machine.travel(
        timezone.now() + timedelta(days=settings.SIGNUP_CONFIRMATION_VALID_DAYS, minutes=1)
    ):
        assert client.post(link).status_code == 404

    assert not User.objects.get(email="late@corp.co.id").is_active


# --- invitations ----------------------------------------------------------------------


@pytest.fixture
def invited(coordinator, django_capture_on_commit_callbacks):
    person = UserFactory(
        email="hendra@corp.co.id", password=None, preferred_language="id", roles=[Role.EMPLOYEE]
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(users=[person], actor=coordinator)
    return person, link_from(mail.outbox[0], "accounts/invitation/")


def test_an_invited_person_sets_a_password_and_lands_on_home_in_their_language(client, invited):
    person, link = invited

    response = choose_password(client, link)

    assert response.url == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="user.invitation_accepted", actor=person).exists()
    assert client.post(link, {"new_password1": "x", "new_password2": "x"}).status_code == 404


def test_an_invitation_is_in_the_recipients_language(invited):
    assert mail.outbox[0].subject == "Anda diundang ke Dukungan Sebaya"


def test_a_weak_password_is_refused_and_the_link_still_works(client, invited):
    person, link = invited

    response = client.post(link, {"new_password1": "123", "new_password2": "123"})

    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert AccountToken.objects.get(user=person).used_at is None


def test_an_invitation_expires_after_seven_days(client, invited):
    _person, link = invited

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(link)

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_an_unknown_or_mangled_link_is_a_clear_404(client):
    for token in ["nope", "x" * 500, "%00"]:
        assert client.get(f"/accounts/invitation/{token}/").status_code == 404


def test_people_who_signed_in_before_are_not_invited(coordinator):
    person = UserFactory(last_login=timezone.now())

    assert invitations_send(users=[person], actor=coordinator) == 0


# --- profile --------------------------------------------------------------------------


def test_the_profile_needs_a_sign_in(client):
    assert client.get(reverse("profile")).url.startswith(reverse("login"))


def test_a_person_changes_their_language_and_contact_preference(client, employee):
    client.force_login(employee)

    response = client.post(
        reverse("profile"),
        {
            "preferred_language": "id",
            "languages": ["id", "jv"],
            "contact_preference": "whatsapp",
            "phone": "+62 812 3456 7890",
        },
    )

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    employee.refresh_from_db()
    assert (employee.preferred_language, employee.languages, employee.contact_preference) == (
        "id",
        ["id", "jv"],
        "whatsapp",
    )
    entry = AuditEntry.objects.get(action="user.profile_changed")
    assert set(entry.changes["fields"]) == {
        "preferred_language",
        "languages",
        "contact_preference",
        "phone",
    }


def test_hr_fields_are_read_only_on_the_profile(client, employee):
    client.force_login(employee)

    response = client.post(
        reverse("profile"),
        {
            "preferred_language": "id",
            "languages": ["id"],
            "contact_preference": "email",
            "department": "Direksi",
            "site": "Paris",
            "email": "ceo@corp.co.id",
        },
    )

    assert response.status_code == 302  # the form was accepted; the HR fields ignored

    employee.refresh_from_db()
    assert employee.preferred_language == "id"
    assert employee.department == "Produksi"
    assert employee.email != "ceo@corp.co.id"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"contact_preference": "phone", "phone": ""},
            "Add a phone number to be reached this way.",
        ),
        ({"phone": "call me maybe"}, "Enter a phone number such as"),
        ({"preferred_language": "fr"}, "Select a valid choice."),
        ({"languages": ["xx"]}, "Select a valid choice."),
        ({"contact_preference": "pigeon"}, "Select a valid choice."),
    ],
)
def test_bad_profile_input_gets_a_clear_message_and_changes_nothing(
    client, employee, data, message
):
    client.force_login(employee)
    form = {"preferred_language": "en", "languages": ["id"], "contact_preference": "email", **data}

    response = client.post(reverse("profile"), form)

    assert response.status_code == 200
    assert message in response.content.decode()
    employee.refresh_from_db()
    assert employee.contact_preference == "email"
    assert employee.phone == ""
