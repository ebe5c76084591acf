from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from peersupport.roles import Role

# What each role may do in the admin with this app's models (granted after each migrate
# by peersupport.services.roles).
ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
        "session_logs.view_sessionlog",
        "session_logs.view_supervisionrequest",
        "session_logs.change_supervisionrequest",
        "session_logs.view_reviewtask",
        "session_logs.change_reviewtask",
    ],
}


class SessionLogsConfig(AppConfig):
    """Session logs, the boundary check and supervision requests.

    The folder is `sessions/` but `django.contrib.sessions` owns the label `sessions`,
    so this app's label is `session_logs` (migrations, permissions, admin paths).
    """

    name = "sessions"
    label = "session_logs"
    verbose_name = _("Session logs")

    def ready(self) -> None:
        # The seams of the layers below this app plugs into.
        from peersupport.home import home_items
        from peersupport.seams import erasure_handlers, personal_data_sections
        from peersupport.services.roles import RolePermissions, app_role_permissions
        from sessions import home, panels, privacy

        app_role_permissions.register(
            self.label, RolePermissions(app_label=self.label, grants=ROLE_PERMISSIONS)
        )
        home_items.register(self.label, home.home_items)
        personal_data_sections.register(self.label, privacy.personal_data)
        erasure_handlers.register(self.label, privacy.person_cases_anonymise)

        panels.register_panels()
