"""What the referrals app adds to the home page (registered by ReferralsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from peersupport.home import HomeLink
from peersupport.models import User
from peersupport.roles import Role

LINKS: dict[Role, list[HomeLink]] = {
    Role.COUNSELOR: [
        HomeLink(
            "referrals:queue",
            _("Referrals"),
            _("Cases referred to your service, most urgent first."),
        ),
    ],
    Role.COORDINATOR: [
        HomeLink(
            "admin:referrals_referral_changelist",
            _("Referrals"),
            _("Every referral and its timeline; overdue and declined ones to act on."),
        ),
    ],
}


def home_items(*, user: User, role: Role) -> list[HomeLink]:
    return list(LINKS.get(role, []))
