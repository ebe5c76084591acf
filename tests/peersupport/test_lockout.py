import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from peersupport.models import AuditEntry, CrisisContact
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


def _request_form(program: object, **changes: object) -> dict[str, object]:
    return {
        "program": program.pk,
        "topics": ["stress"],
        "languages": ["id"],
        "site_preference": "either",
        "meeting_modes": ["video"],
        "availability": ["mon_am"],
        "consent": "on",
        **changes,
    }


def test_the_request_form_is_rate_limited_with_a_clear_page(client, settings):
    from matching.models import SupportRequest
    from tests.programs.factories import ProgramFactory

    CrisisContact.objects.create(name="Hotline Kesehatan Jiwa", phone="119 ext 8", order=1)
    settings.FORM_RATE_LIMIT_PER_HOUR = 3
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)
    programs = [ProgramFactory() for _ in range(4)]
    for program in programs[:3]:
        assert client.post(reverse("matching:request"), _request_form(program)).status_code == 302

    refused = client.post(reverse("matching:request"), _request_form(programs[3]))

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "sent too many times" in page
    assert (
        '<a class="crisis-phone" href="tel:119;ext=8">119 ext 8</a>' in page
    )  # the crisis contacts, right there
    assert SupportRequest.objects.count() == 3


def test_refused_request_forms_do_not_count_towards_the_limit(client, settings):
    from matching.models import SupportRequest
    from tests.programs.factories import ProgramFactory

    settings.FORM_RATE_LIMIT_PER_HOUR = 1
    client.force_login(UserFactory(roles=["employee"]))
    program = ProgramFactory()
    for _ in range(5):
        wrong = client.post(reverse("matching:request"), _request_form(program, consent=""))
        assert wrong.status_code in (200, 400)

    assert client.post(reverse("matching:request"), _request_form(program)).status_code == 302
    assert client.post(reverse("matching:request"), _request_form(program)).status_code == 429
    assert SupportRequest.objects.count() == 1


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


def test_every_page_names_the_first_crisis_contact_in_its_footer(client):
    CrisisContact.objects.create(name="Layanan Darurat", phone="112", order=2)
    CrisisContact.objects.create(name="SEJIWA", phone="+62 21-500-454", order=1)
    CrisisContact.objects.create(name="Closed line", phone="999", order=0, active=False)

    signed_out = client.get(reverse("login")).content.decode()
    client.force_login(UserFactory(roles=["employee"]))
    pages = [signed_out, client.get(reverse("home")).content.decode()]

    for page in pages:
        footer = page[page.index("<footer") :]
        assert 'call SEJIWA: <a href="tel:+6221500454"' in footer
        assert "999" not in footer


def test_a_contact_a_coordinator_changes_shows_in_the_next_footer(client):
    contact = CrisisContact.objects.create(name="SEJIWA", phone="119", order=1)
    coordinator = UserFactory(roles=["coordinator"])
    client.force_login(coordinator)
    assert 'href="tel:119"' in client.get(reverse("home")).content.decode()

    saved = client.post(
        reverse("admin:peersupport_crisiscontact_change", args=[contact.pk]),
        {"name": "SEJIWA", "phone": "119 ext 8", "order": 1, "active": "on"},
    )

    assert saved.status_code == 302
    assert 'href="tel:119;ext=8"' in client.get(reverse("home")).content.decode()
    assert AuditEntry.objects.filter(action="crisis_contact.changed").exists()


def _ask_reset(client, email: str, address: str = "10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_at_most_three_reset_mails_reach_one_mailbox_in_an_hour(client):
    from peersupport.models import Notification

    person = UserFactory(roles=["employee"])
    answers = [_ask_reset(client, person.email.upper(), address=f"10.0.0.{n}") for n in range(1, 6)]

    assert [a.status_code for a in answers] == [302] * 5
    assert len({a.url for a in answers}) == 1  # the same answer every time
    assert Notification.objects.filter(recipient=person, kind="password_reset").count() == 3
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1, minutes=1)):
        _ask_reset(client, person.email)
    assert Notification.objects.filter(recipient=person, kind="password_reset").count() == 4


def test_one_client_address_cannot_ask_resets_for_many_mailboxes(client, settings):
    from peersupport.models import Notification

    settings.PASSWORD_RESET_ASKS_PER_CLIENT = 4
    people = UserFactory.create_batch(6, roles=["employee"])
    answers = [_ask_reset(client, person.email, address="10.9.9.9") for person in people]

    assert {a.status_code for a in answers} == {302}
    assert Notification.objects.filter(kind="password_reset").count() == 4
    assert _ask_reset(client, people[5].email, address="10.9.9.10").status_code == 302
    assert Notification.objects.filter(kind="password_reset").count() == 5
