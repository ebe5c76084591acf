"""What the dashboard adds to the home page (registered by DashboardConfig.ready()): a
link; the coordinator's cards come from the apps that own each record."""

from django.utils.translation import gettext_lazy as _

from peersupport.home import AppHome, HomeEntries, HomeLink
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


def _entries(*, user: User, role: Role) -> HomeEntries:
    return HomeEntries(links=list(LINKS.get(role, [])))


home_items = AppHome(entries=_entries)
