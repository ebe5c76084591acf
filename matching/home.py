"""What the matching app adds to the home page (registered by MatchingConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from peersupport.home import HomeLink
from peersupport.models import User
from peersupport.roles import Role

LINKS: dict[Role, list[HomeLink]] = {
    Role.EMPLOYEE: [
        HomeLink(
            "matching:request",
            _("Ask for support"),
            _("A trained colleague to talk to, or a mentor. Confidential."),
        ),
        HomeLink(
            "matching:my",
            _("My support"),
            _("Your requests and matches, your plan and your well-being check-ins."),
        ),
    ],
    Role.SUPPORTER: [
        HomeLink(
            "matching:supporter_matches",
            _("Your matches"),
            _("Colleagues you support, and new matches waiting for your answer."),
        ),
    ],
    Role.COORDINATOR: [
        HomeLink(
            "matching:queue",
            _("Matching queue"),
            _("Waiting requests, oldest first, with the best suggestions."),
        ),
    ],
}


def home_items(*, user: User, role: Role) -> list[HomeLink]:
    return list(LINKS.get(role, []))
