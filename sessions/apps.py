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
