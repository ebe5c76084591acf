"""Create the four role groups and give each its permissions (peersupport.roles)."""

from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

ROLES = ["employee", "supporter", "counselor", "coordinator"]
COORDINATOR_PERMISSIONS = [
    "view_user",
    "change_user",
    "add_user",
    "view_auditentry",
    "view_notification",
]


def create_roles(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Permissions are normally made after all migrations; this one needs them now.
    # The historical app config is a stub that create_permissions would skip.
    app_config = apps.get_app_config("peersupport")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    coordinator = Group.objects.get(name="coordinator")
    coordinator.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="peersupport", codename__in=COORDINATOR_PERMISSIONS
        )
    )


def remove_roles(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("peersupport", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
