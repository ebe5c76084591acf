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
        others = [f.name for f in user._meta.fields if f.name != "preferred_language"]
        user.clean_fields(exclude=others)
        user.save(update_fields=["preferred_language"])
        audit_log(
            actor=user,
            action="user.language_changed",
            target=user,
            changes={"preferred_language": language},
        )


@transaction.atomic
def user_set_roles(*, user: User, roles: set[str], actor: User | None) -> None:
    """Give `user` exactly these roles, each grant and removal audited."""
    held = (
        set(user.roles)
        if user.is_active
        else set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    )
    for role in sorted(roles - held):
        user_grant_role(user=user, role=Role(role), actor=actor)
    for role in sorted(held - roles):
        user_revoke_role(user=user, role=Role(role), actor=actor)


@transaction.atomic
def user_record_admin_change(*, user: User, actor: User, created: bool, fields: list[str]) -> None:
    """Audit a change a coordinator made in the admin (field names, never values)."""
    audit_log(
        actor=actor,
        action="user.created" if created else "user.changed",
        target=user,
        changes={"fields": sorted(fields)},
    )
