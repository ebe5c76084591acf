from typing import Any

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
        from sessions import home, privacy

        app_role_permissions.register(
            self.label, RolePermissions(app_label=self.label, grants=ROLE_PERMISSIONS)
        )
        home_items.register(self.label, home.home_items)
        personal_data_sections.register(self.label, privacy.personal_data)
        erasure_handlers.register(self.label, privacy.person_cases_anonymise)

    def panels(self, hook: str, **context: Any) -> list[Any]:
        from peersupport.panels import Panel
        from peersupport.services.audit import audit_log
        from sessions.selectors import logs_for_referral, participant_session_dates

        if hook == "referral":
            referral = context["referral"]
            logs = list(logs_for_referral(referral.match_id))
            if logs:
                # Session notes read outside the supporter's own view leave a trace.
                audit_log(
                    actor=context["reader"],
                    action="session_log.notes_read",
                    target=referral,
                    changes={"logs": len(logs)},
                )
            return [Panel("session_logs/_case_sessions.html", {"logs": logs})]
        if hook == "my":
            matches = list(participant_session_dates(context["reader"]))
            return (
                [Panel("session_logs/_my_sessions.html", {"matches": matches})] if matches else []
            )
        return []
