"""What the sessions app adds to the home page (registered by SessionLogsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from peersupport.home import HomeLink
from peersupport.models import User
from peersupport.roles import Role

LINKS: dict[Role, list[HomeLink]] = {
    Role.SUPPORTER: [
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
    Role.COORDINATOR: [
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


def home_items(*, user: User, role: Role) -> list[HomeLink]:
    return list(LINKS.get(role, []))
