"""Keeping the role groups and their permissions in place after every migrate.

The groups are first created by a data migration. A flush (tests that commit, or a
coordinator resetting a demo) empties them, and permissions of models added later
only exist once their app has migrated, so each app's `post_migrate` brings its
roles' permissions up to date here. It only adds: a grant made by hand stays.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig
from django.contrib.auth.models import Group, Permission

from peersupport.registry import Registry
from peersupport.roles import Role


@dataclass(frozen=True)
class RolePermissions:
    """What each role may do in the admin with one app's models:
    {role: ["app_label.codename", ...]}."""

    app_label: str
    grants: Mapping[Role, Sequence[str]]


app_role_permissions: Registry[RolePermissions] = Registry("role permissions")
"""Filled by every app's AppConfig.ready() (key: its label); read after each app's
migrate by `sync_roles_after_migrate`, which grants that app's entry."""


def roles_sync(*, role_permissions: Mapping[str, Sequence[str]], using: str = "default") -> None:
    """Make sure every role group exists and holds the given "app_label.codename"s."""
    groups = {name: Group.objects.using(using).get_or_create(name=name)[0] for name in Role.values}
    for role, dotted in role_permissions.items():
        if not dotted:
            continue
        pairs = [name.split(".", 1) for name in dotted]
        found = (
            Permission.objects.using(using)
            .select_related("content_type")
            .filter(
                content_type__app_label__in={app for app, _ in pairs},
                codename__in={codename for _, codename in pairs},
            )
        )
        wanted = [p for p in found if [p.content_type.app_label, p.codename] in pairs]
        groups[role].permissions.add(*wanted)


def sync_roles_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: grants the permissions the migrated app registered (the
    groups are made sure of even for an app that registered none)."""
    grants: Mapping[str, Sequence[str]] = {}
    for entry in app_role_permissions:
        if entry.app_label == sender.label:
            grants = entry.grants
    roles_sync(role_permissions=grants, using=using)
