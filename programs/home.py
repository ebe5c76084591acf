"""What the programs app adds to the home page (registered by ProgramsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from peersupport.home import HomeLink
from peersupport.models import User
from peersupport.roles import Role

LINKS: dict[Role, list[HomeLink]] = {
    Role.EMPLOYEE: [
        HomeLink(
            "programs:list",
            _("Programs"),
            _("What your company offers: peer support, mentoring, return to work."),
        ),
        HomeLink(
            "programs:apply",
            _("Become a peer supporter"),
            _("Share what helped you: apply to support colleagues after training."),
        ),
    ],
    Role.SUPPORTER: [
        HomeLink(
            "programs:supporter_home",
            _("Your supporter page"),
            _("Your training status, caseload cap and availability; pause when needed."),
        ),
    ],
}


def home_items(*, user: User, role: Role) -> list[HomeLink]:
    return list(LINKS.get(role, []))
