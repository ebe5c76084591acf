import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from peersupport.models import AuditEntry, User
from peersupport.roles import Role
from peersupport.services.users import user_grant_role, user_revoke_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_migration_created_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_the_coordinator_role_may_manage_people_and_read_the_trail(coordinator):
    assert coordinator.has_perm("peersupport.change_user")
    assert coordinator.has_perm("peersupport.view_auditentry")
    assert not coordinator.has_perm("peersupport.change_auditentry")
    assert not coordinator.has_perm("peersupport.delete_user")


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.SUPPORTER, Role.COUNSELOR])
def test_other_roles_have_no_admin_permission(role):
    user = UserFactory(roles=[role])

    assert not user.get_all_permissions()
    assert not user.is_staff


def test_one_person_may_hold_several_roles(coordinator):
    person = UserFactory()

    user_grant_role(user=person, role=Role.EMPLOYEE, actor=coordinator)
    user_grant_role(user=person, role=Role.SUPPORTER, actor=coordinator)

    assert User.objects.get(pk=person.pk).roles == {"employee", "supporter"}
    assert (
        AuditEntry.objects.filter(action="user.role_granted", target_id=str(person.pk)).count() == 2
    )


def test_granting_a_role_twice_changes_nothing(coordinator):
    person = UserFactory(roles=[Role.SUPPORTER])

    assert user_grant_role(user=person, role=Role.SUPPORTER, actor=coordinator) is False
    assert not AuditEntry.objects.filter(action="user.role_granted").exists()


def test_the_coordinator_role_opens_and_closes_the_admin(coordinator):
    person = UserFactory()

    user_grant_role(user=person, role=Role.COORDINATOR, actor=coordinator)
    assert User.objects.get(pk=person.pk).is_staff

    user_revoke_role(user=person, role=Role.COORDINATOR, actor=coordinator)
    assert not User.objects.get(pk=person.pk).is_staff


def test_a_deactivated_person_holds_no_role():
    person = UserFactory(roles=[Role.COORDINATOR], is_active=False)

    assert User.objects.get(pk=person.pk).roles == frozenset()


def test_work_email_is_unique_whatever_its_case():
    UserFactory(email="dewi@example.co.id")
    twin = UserFactory.build(username="dewi2", email="DEWI@example.co.id")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        twin.full_clean()

    assert "A person with this work e-mail already exists." in error.value.messages


def test_a_person_cannot_manage_themselves():
    person = UserFactory()
    person.line_manager = person

    with pytest.raises(ValidationError):
        person.full_clean()


def test_unknown_spoken_languages_are_refused():
    person = UserFactory.build(languages=["id", "klingon"])

    with pytest.raises(ValidationError, match="klingon"):
        person.full_clean()


def test_the_short_name_is_the_first_name():
    assert UserFactory.build(full_name="Putu Ayu Lestari").get_short_name() == "Putu"


@pytest.mark.django_db(transaction=True)
def test_the_roles_and_their_permissions_come_back_after_a_flush():
    call_command("flush", "--no-input", verbosity=0)

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    assert coordinator.has_perm("peersupport.view_auditentry")
