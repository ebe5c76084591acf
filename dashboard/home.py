"""What the dashboard adds to the home page (registered by DashboardConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from peersupport.home import HomeLink
from peersupport.models import User
from peersupport.roles import Role

LINKS: dict[Role, list[HomeLink]] = {
    Role.COORDINATOR: [
        HomeLink(
            "dashboard:index",
            _("Dashboard"),
            _("Demand, capacity, activity, safety, training and outcomes at a glance."),
        ),
    ],
}


def home_items(*, user: User, role: Role) -> list[HomeLink]:
    return list(LINKS.get(role, []))
