from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from peersupport.roles import Role

# What each role may do in the admin with this app's models (granted after each migrate
# by peersupport.services.roles).
ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
        "peersupport.view_user",
        "peersupport.change_user",
        "peersupport.add_user",
        "peersupport.view_auditentry",
        "peersupport.view_notification",
        "peersupport.view_hrimport",
        "peersupport.view_erasurerequest",
        "peersupport.change_erasurerequest",
    ],
}


class PeersupportConfig(AppConfig):
    name = "peersupport"
    verbose_name = _("People and system")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from peersupport import auth_audit, checks  # noqa: F401  (registers checks and receivers)
        from peersupport.services.roles import (
            RolePermissions,
            app_role_permissions,
            sync_roles_after_migrate,
        )

        app_role_permissions.register(
            self.label, RolePermissions(app_label=self.label, grants=ROLE_PERMISSIONS)
        )
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="peersupport-roles-sync")
