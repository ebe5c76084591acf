import re

import pytest
from django.urls import reverse

from peersupport.models import AuditEntry, Notification, NotificationStatus, User
from peersupport.roles import Role
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index",
    "admin:peersupport_user_changelist",
    "admin:peersupport_auditentry_changelist",
    "admin:peersupport_notification_changelist",
]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_only_the_coordinator_reaches_the_administration(client, cast, page):
    for name, user in cast.items():
        client.force_login(user)
        response = client.get(reverse(page))
        if name == "coordinator":
            assert response.status_code == 200, name
        else:
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("admin:login")), name


def test_the_audit_trail_is_read_only_even_for_a_coordinator(client, coordinator):
    entry = audit_log(actor=coordinator, action="user.role_granted", target=coordinator)
    client.force_login(coordinator)

    assert client.get(reverse("admin:peersupport_auditentry_add")).status_code == 403
    delete_url = reverse("admin:peersupport_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    change = client.post(
        reverse("admin:peersupport_auditentry_change", args=[entry.pk]), {"action": "forged"}
    )
    assert change.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "user.role_granted"


def test_an_audit_entry_cannot_be_rewritten_in_code(coordinator):
    entry = audit_log(actor=coordinator, action="user.role_granted")
    entry.action = "forged"

    with pytest.raises(ValueError, match="immutable"):
        entry.save()


def test_the_outbox_never_shows_the_message_context(client, coordinator, employee):
    notification = notification_queue(
        recipient=employee, kind="password_reset", context={"reset_url": "https://x/secret-token/"}
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:peersupport_notification_change", args=[notification.pk]))

    assert page.status_code == 200
    assert "secret-token" not in page.content.decode()


def test_a_coordinator_sends_a_failed_message_again(client, coordinator, employee):
    notification = notification_queue(recipient=employee, kind="password_reset", context={})
    Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.FAILED)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:peersupport_notification_changelist"),
        {"action": "retry", "_selected_action": [notification.pk]},
        follow=True,
    )

    assert "1 notification is waiting to be sent again." in response.content.decode()
    assert AuditEntry.objects.filter(action="notification.retried", actor=coordinator).exists()


def test_a_coordinator_cannot_take_over_a_superuser_or_another_persons_password(
    client, coordinator, employee
):
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(coordinator)

    password_url = reverse("admin:auth_user_password_change", args=[root.pk]).replace(
        "auth/user", "peersupport/user"
    )
    assert client.get(password_url).status_code == 403
    response = client.post(
        password_url, {"password1": "taken-over-1234", "password2": "taken-over-1234"}
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert not root.check_password("taken-over-1234")
    edit = client.post(
        reverse("admin:peersupport_user_change", args=[root.pk]), {"email": "me@evil.example"}
    )
    assert edit.status_code == 403
    other_password = reverse("admin:auth_user_password_change", args=[employee.pk]).replace(
        "auth/user", "peersupport/user"
    )
    assert client.get(other_password).status_code == 403


def test_a_coordinator_cannot_make_a_superuser(client, coordinator, employee):
    client.force_login(coordinator)

    page = client.get(reverse("admin:peersupport_user_change", args=[employee.pk]))

    assert 'name="is_superuser"' not in page.content.decode()


@pytest.mark.parametrize(
    ("page", "rows"),
    [
        ("admin:peersupport_user_changelist", 5),
        ("admin:peersupport_user_changelist", 80),
        ("admin:peersupport_auditentry_changelist", 5),
        ("admin:peersupport_auditentry_changelist", 80),
    ],
)
def test_admin_lists_run_a_fixed_number_of_queries(
    client, coordinator, django_assert_max_num_queries, page, rows
):
    manager = UserFactory()
    for person in UserFactory.create_batch(rows, line_manager=manager, roles=[Role.EMPLOYEE]):
        audit_log(actor=coordinator, action="user.role_granted", target=person)
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        assert client.get(reverse(page)).status_code == 200


def test_a_coordinator_adds_a_person_with_roles_and_it_is_audited(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:peersupport_user_add"),
        {
            "username": "newcoord",
            "full_name": "Nur Aisyah",
            "email": "nur@example.co.id",
            "roles": ["coordinator", "supporter"],
            "usable_password": "true",
            "password1": "a-long-new-password-77",
            "password2": "a-long-new-password-77",
        },
    )

    assert response.status_code == 302
    person = User.objects.get(username="newcoord")
    assert person.roles == {"coordinator", "supporter"}
    assert person.is_staff
    actions = set(
        AuditEntry.objects.filter(target_id=str(person.pk)).values_list("action", flat=True)
    )
    assert actions == {"user.created", "user.role_granted"}


def test_removing_the_coordinator_role_in_the_admin_closes_the_admin(client, coordinator):
    person = UserFactory(roles=[Role.COORDINATOR, Role.EMPLOYEE])
    client.force_login(coordinator)
    url = reverse("admin:peersupport_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "roles": ["employee"],
            "languages": person.languages,
            "line_manager": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "is_active": "on",
        }
    )
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert set(person.groups.values_list("name", flat=True)) == {"employee"}
    assert not person.is_staff
    assert AuditEntry.objects.filter(action="user.role_revoked", target_id=str(person.pk)).exists()


def test_the_people_list_filters_by_role_named_in_the_readers_language(client, coordinator):
    UserFactory(full_name="Only Supporter", roles=[Role.SUPPORTER])
    client.force_login(coordinator)

    page = client.get(reverse("admin:peersupport_user_changelist"), {"role": "supporter"})
    indonesian = client.get(
        reverse("admin:peersupport_user_changelist"), headers={"accept-language": "id"}
    )

    assert list(page.context["cl"].result_list.values_list("full_name", flat=True)) == [
        "Only Supporter"
    ]
    assert "Pendamping sebaya" in indonesian.content.decode()


def test_a_persons_page_shows_the_password_summary_and_an_empty_line_manager_choice(
    client, coordinator, employee
):
    client.force_login(coordinator)

    page = client.get(reverse("admin:peersupport_user_change", args=[employee.pk]))

    html = page.content.decode()
    summary = re.search(r'<div[^>]*id="id_password"[^>]*>', html).group()
    assert "disabled" not in summary  # not an attribute of a <div>
    select = re.search(r'<select name="line_manager"[^>]*>(.*?)</select>', html, re.S)
    assert re.findall(r"<option[^>]*>[^<]*</option>", select.group(1)) == [
        '<option value="">---------</option>'
    ]
