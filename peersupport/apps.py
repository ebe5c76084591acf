from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersupportConfig(AppConfig):
    name = "peersupport"
    verbose_name = _("People and system")
    # What each role may do in the admin with this app's models. Every app may declare
    # its own; peersupport.services.roles grants them after each migrate.
    role_permissions = {
        "coordinator": [
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

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from peersupport import checks, signals  # noqa: F401  (registers checks and receivers)
        from peersupport.services.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="peersupport-roles-sync")
