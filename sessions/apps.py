from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionLogsConfig(AppConfig):
    """Session logs, the boundary check and supervision requests.

    The folder is `sessions/` but `django.contrib.sessions` owns the label `sessions`,
    so this app's label is `session_logs` (migrations, permissions, admin paths).
    """

    name = "sessions"
    label = "session_logs"
    verbose_name = _("Session logs")
    role_permissions = {
        "coordinator": [
            "session_logs.view_sessionlog",
            "session_logs.view_supervisionrequest",
            "session_logs.change_supervisionrequest",
            "session_logs.view_reviewtask",
            "session_logs.change_reviewtask",
        ],
    }

    def ready(self) -> None:
        from peersupport.signals import person_erasing

        person_erasing.connect(_erase_cases, dispatch_uid="sessions-erase")

        from sessions.panels import register_panels

        register_panels()

    def personal_data(self, user: Any) -> dict[str, Any]:
        from sessions.privacy import personal_data

        return personal_data(user)

    def home_links(self) -> dict[str, list[Any]]:
        from peersupport.home import HomeLink

        return {
            "supporter": [
                HomeLink(
                    "sessions:list",
                    _("Sessions"),
                    _("Log a session, see what is due, and your history with each person."),
                ),
                HomeLink(
                    "sessions:supervision",
                    _("Supervision"),
                    _("Ask for a debrief; your caseload against your limit."),
                ),
            ],
            "coordinator": [
                HomeLink(
                    "admin:session_logs_supervisionrequest_changelist",
                    _("Supervision requests"),
                    _("Supporters asking for a debrief; record it when it is held."),
                ),
                HomeLink(
                    "admin:session_logs_reviewtask_changelist",
                    _("Review tasks"),
                    _("Matches at their review point or with a falling mood."),
                ),
            ],
        }


def _erase_cases(sender: Any, user: Any, **kwargs: Any) -> None:
    from sessions.privacy import person_cases_anonymise

    person_cases_anonymise(user=user)
