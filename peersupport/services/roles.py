"""Keeping the role groups and their permissions in place after every migrate.

The groups are first created by a data migration. A flush (tests that commit, or a
coordinator resetting a demo) empties them, and permissions of models added later
only exist once their app has migrated, so each app's `post_migrate` brings its
roles' permissions up to date here. It only adds: a grant made by hand stays.
"""

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.models import Group, Permission

from peersupport.roles import Role


def roles_sync(*, role_permissions: dict[str, list[str]], using: str = "default") -> None:
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
    """post_migrate receiver: an app config may declare `role_permissions`."""
    roles_sync(role_permissions=getattr(sender, "role_permissions", {}), using=using)
