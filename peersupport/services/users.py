"""Changes to people: roles and preferences."""

from django.contrib.auth.models import Group
from django.db import transaction

from peersupport.models import User
from peersupport.roles import STAFF_ROLES, Role
from peersupport.services.audit import audit_log


@transaction.atomic
def user_grant_role(*, user: User, role: Role, actor: User | None) -> bool:
    """Give `user` a role. Coordinators also get into the admin. Returns False if held."""
    group = Group.objects.get(name=role)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("roles", None)
    audit_log(actor=actor, action="user.role_granted", target=user, changes={"role": str(role)})
    return True


@transaction.atomic
def user_revoke_role(*, user: User, role: Role, actor: User | None) -> bool:
    """Take a role away. Losing the last staff role closes the admin to them."""
    group = Group.objects.get(name=role)
    if not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    user.__dict__.pop("roles", None)
    if user.is_staff and not user.is_superuser and not (user.roles & STAFF_ROLES):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit_log(actor=actor, action="user.role_revoked", target=user, changes={"role": str(role)})
    return True


def user_set_preferred_language(*, user: User, language: str) -> None:
    """Remember the UI language a person chose; their e-mails follow it too."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.full_clean(validate_unique=False, validate_constraints=False)
        user.save(update_fields=["preferred_language"])
        audit_log(
            actor=user,
            action="user.language_changed",
            target=user,
            changes={"preferred_language": language},
        )
