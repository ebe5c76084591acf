"""What the home page offers each role: a section per role the person holds.

Each app adds the pages it owns by registering a `HomeItems` in `home_items` from its
AppConfig.ready(); the core does not import the apps (DESIGN.md).
"""

from dataclasses import dataclass, field, replace
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peersupport.models import User
from peersupport.registry import Registry
from peersupport.roles import Role


@dataclass(frozen=True)
class HomeLink:
    url_name: str
    title: Promise
    description: Promise


@dataclass(frozen=True)
class HomeSection:
    role: Role
    title: Promise
    intro: Promise
    links: list[HomeLink] = field(default_factory=list)


SECTIONS: list[HomeSection] = [
    HomeSection(
        role=Role.EMPLOYEE,
        title=_("Support for you"),
        intro=_(
            "A trained colleague can listen, share what helped them and walk with you, "
            "for example on your way back to work after an illness or injury. What you "
            "tell them stays confidential; the one limit is a risk of harm, when a "
            "professional is brought in."
        ),
    ),
    HomeSection(
        role=Role.SUPPORTER,
        title=_("Your work as a peer supporter"),
        intro=_(
            "Thank you for supporting your colleagues. Log each session soon after it "
            "happens, and ask for supervision whenever a conversation stays with you."
        ),
    ),
    HomeSection(
        role=Role.COUNSELOR,
        title=_("Your referral queue"),
        intro=_(
            "Cases that go beyond what a peer may do are referred to you. Acknowledge "
            "each one before its deadline, emergencies first."
        ),
    ),
    HomeSection(
        role=Role.COORDINATOR,
        title=_("Running the program"),
        intro=_(
            "Manage people, programs, training and matches in the administration, and "
            "keep an eye on waiting requests and overdue referrals."
        ),
        links=[
            HomeLink(
                "admin:index",
                _("Administration"),
                _("People, roles and every record of the program."),
            ),
            HomeLink(
                "admin:peersupport_auditentry_changelist",
                _("Audit trail"),
                _("Who did what, when and from where."),
            ),
            HomeLink(
                "admin:peersupport_notification_changelist",
                _("Notification outbox"),
                _("Every e-mail and alert, and whether it was sent."),
            ),
        ],
    ),
]


class HomeItems(Protocol):
    """What one app offers `user` in the home section of `role` (a role they hold).

    The person is passed so that an app may later tailor its items (a count of what
    waits for them, an action); today every entry answers by role alone.
    """

    def __call__(self, *, user: User, role: Role) -> list[HomeLink]: ...


home_items: Registry[HomeItems] = Registry("home items")
"""Filled by each app's AppConfig.ready() (key: the app label); read by `home_sections`
on every home page, in INSTALLED_APPS order, so links keep the order of the apps."""


def home_sections(user: User) -> list[HomeSection]:
    """The sections for the roles `user` holds, in a fixed order, with every app's links
    before the core's own."""
    return [
        replace(
            section,
            links=[
                *(link for items in home_items for link in items(user=user, role=section.role)),
                *section.links,
            ],
        )
        for section in SECTIONS
        if user.has_role(section.role)
    ]
