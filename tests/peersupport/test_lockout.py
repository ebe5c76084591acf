import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from peersupport.models import AuditEntry
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, username, password="wrong-password", address="10.0.0.1"):  # noqa: S107
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_an_account_is_locked_after_five_failures_with_a_clear_message(client):
    person = UserFactory(roles=["employee"])
    for _ in range(4):
        assert attempt(client, person.username).status_code == 200

    fifth = attempt(client, person.username)
    assert fifth.status_code == 429
    assert "Too many failed sign-ins" in fifth.content.decode()

    failures = AuditEntry.objects.filter(action="auth.sign_in_failed").count()
    right_password = attempt(client, person.username, TEST_PASSWORD, address="10.9.9.9")
    assert right_password.status_code == 429  # even the right password waits
    assert "Too many failed sign-ins" in right_password.content.decode()
    # ...and is not even checked: no failure is recorded, the lock does not grow.
    assert AuditEntry.objects.filter(action="auth.sign_in_failed").count() == failures
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.locked_out").exists()


def test_the_lock_ends_and_grows_when_it_happens_again(client):
    person = UserFactory(roles=["employee"])
    start = timezone.now()
    with time_machine.travel(start):
        for _ in range(5):
            attempt(client, person.username)
    with time_machine.travel(start + timezone.timedelta(minutes=16)):
        for _ in range(5):
            attempt(client, person.username)
    with time_machine.travel(start + timezone.timedelta(minutes=40)):
        still = attempt(client, person.username, TEST_PASSWORD)
    assert still.status_code == 429  # the second lock lasts 30 minutes
    with time_machine.travel(start + timezone.timedelta(minutes=47)):
        ok = attempt(client, person.username, TEST_PASSWORD)
    assert ok.status_code == 302


def test_an_address_trying_many_accounts_is_locked(client, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 8
    people = [UserFactory(roles=["employee"]) for _ in range(8)]
    for person in people:
        attempt(client, person.username, address="10.1.1.1")

    other = UserFactory(roles=["employee"])
    assert attempt(client, other.username, TEST_PASSWORD, address="10.1.1.1").status_code == 429
    assert attempt(client, other.username, TEST_PASSWORD, address="10.2.2.2").status_code == 302


def test_a_success_clears_the_accounts_count(client):
    person = UserFactory(roles=["employee"])
    for _ in range(4):
        attempt(client, person.username)
    assert attempt(client, person.username, TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert attempt(client, person.username).status_code == 200


def test_the_admin_sign_in_goes_through_the_products_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_request_form_is_rate_limited_with_a_clear_page(client, settings):
    from matching.models import SupportRequest

    settings.FORM_RATE_LIMIT_PER_HOUR = 3
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)
    for _ in range(3):
        assert client.post(reverse("matching:request"), {"program": "x"}).status_code == 200

    refused = client.post(reverse("matching:request"), {"program": "x"})

    assert refused.status_code == 429
    assert "sent too many times" in refused.content.decode()
    assert not SupportRequest.objects.exists()


def test_the_supporter_application_is_rate_limited(client, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 2
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)
    codes = [client.post(reverse("programs:apply"), {}).status_code for _ in range(3)]
    assert codes[-1] == 429


def test_sign_in_posts_are_rate_limited_per_address_and_name(client, settings):
    person = UserFactory(roles=["employee"])
    settings.SIGNIN_FAILURE_LIMIT = settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 1000
    for _ in range(30):
        attempt(client, person.username)
    assert attempt(client, person.username).status_code == 429
    other = UserFactory(roles=["employee"])
    assert attempt(client, other.username, TEST_PASSWORD).status_code == 302


def test_old_failure_counts_are_pruned_but_live_locks_stay(client):
    from peersupport.models import SignInThrottle
    from peersupport.services.throttle import account_key, sign_in_throttles_prune

    person = UserFactory(roles=["employee"])
    for _ in range(5):
        attempt(client, person.username)
    attempt(client, "someone-guessed")
    later = timezone.now() + timezone.timedelta(days=8)
    SignInThrottle.objects.update(updated_at=timezone.now() - timezone.timedelta(days=8))
    SignInThrottle.objects.filter(key=account_key(person.username)).update(locked_until=later)

    assert sign_in_throttles_prune() >= 1
    assert SignInThrottle.objects.filter(key=account_key("someone-guessed")).count() == 0
    assert SignInThrottle.objects.filter(key=account_key(person.username)).exists()


def test_a_signed_in_person_without_the_administration_is_not_sent_round_in_circles(client):
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("home")


def test_switching_between_name_and_e_mail_buys_no_extra_tries(client):
    person = UserFactory(roles=["employee"])
    for typed in [person.username, person.email.upper()] * 2 + [person.username]:
        attempt(client, typed)
    assert attempt(client, person.email, TEST_PASSWORD, address="10.7.7.7").status_code == 429
