"""What the home page offers each role: a section per role the person holds, leading with
what needs the person now (a card per kind of work, with its count and one action), then
the other pages they use.

Each app adds its cards and links by registering a `HomeItems` in `home_items` from its
AppConfig.ready(); the core does not import the apps (DESIGN.md). An app whose cards
carry a POST form (the counselor acknowledges a referral) also answers that post through
the same entry's `act`, so the home page never learns which app owns which action.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from peersupport.models import CrisisContact, Notification, NotificationStatus, User
from peersupport.registry import Registry
from peersupport.roles import Role


def counted(text: str, **values: object) -> SafeString:
    """`text` (translated, with a `%(count)s` placeholder) with its count set in the big
    figure the cards show: the number stays inside the sentence, where each language puts
    it, so it is never read, or seen, alone."""
    figure = format_html('<span class="home-count">{}</span>', values.pop("count"))
    return mark_safe(conditional_escape(text) % {"count": figure, **values})  # noqa: S308


class Tone(StrEnum):
    """How pressing a card is; the page shows each by colour, icon and word together."""

    URGENT = "urgent"  # past a deadline, or an emergency
    SOON = "soon"  # waiting for the person
    INFO = "info"  # a figure to know, nothing to do
    CALM = "calm"  # nothing waiting


TONE_WORDS = {
    Tone.URGENT: _("Urgent"),
    Tone.SOON: _("To do"),
    Tone.INFO: _("Ongoing"),
    Tone.CALM: _("All clear"),
}


@dataclass(frozen=True)
class HomeLink:
    url_name: str
    title: Promise
    description: Promise


@dataclass(frozen=True)
class HomeAction:
    """The one button of a card: a link, or a POST form to the home page itself."""

    label: str
    url: str
    # Said to screen readers instead of `label` when the label alone is ambiguous.
    aria_label: str = ""


@dataclass(frozen=True)
class HomeCard:
    """One kind of work waiting for the person: a heading with its count, one action.

    `headline` holds the count in words ("3 requests waiting"); `empty` is said instead
    when there is nothing, with what to do next. A card with its own layout (the
    counselor's referrals, the employee's request) names its `template` and `rows`.
    """

    key: str
    title: str
    count: int
    headline: str
    empty: str = ""
    detail: str = ""
    action: HomeAction | None = None
    tone: Tone = Tone.SOON
    template: str = "peersupport/home/card.html"
    rows: tuple = ()
    extra: dict = field(default_factory=dict)
    # Cards with something waiting come first, each group in this order (lowest first).
    order: int = 50
    # False when the count is a figure to know (a caseload), not work waiting.
    waiting: bool = True
    # Always among the first cards (the employee's own request).
    lead: bool = False
    # Said instead of the tone's own word ("At your cap").
    word: str = ""

    @property
    def needs_you(self) -> bool:
        return self.waiting and self.count > 0

    @property
    def shown_tone(self) -> Tone:
        if not self.waiting:
            return self.tone
        return self.tone if self.count else Tone.CALM

    @property
    def tone_word(self) -> str:
        return self.word or str(TONE_WORDS[self.shown_tone])


@dataclass(frozen=True)
class HomeEntries:
    cards: list[HomeCard] = field(default_factory=list)
    links: list[HomeLink] = field(default_factory=list)


@dataclass(frozen=True)
class HomeSection:
    role: Role
    title: Promise
    intro: Promise
    links: list[HomeLink] = field(default_factory=list)
    cards: list[HomeCard] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """How many things wait for the person (the page's summary line)."""
        return sum(card.count for card in self.cards if card.needs_you)


SECTIONS: list[HomeSection] = [
    HomeSection(
        role=Role.EMPLOYEE,
        title=_("Support for you"),
        intro=_(
            "A trained colleague listens and walks with you. What you tell them stays "
            "confidential; the one limit is a risk of harm."
        ),
    ),
    HomeSection(
        role=Role.SUPPORTER,
        title=_("Your work as a peer supporter"),
        intro=_("Log each session soon after it happens, and ask for supervision any time."),
    ),
    HomeSection(
        role=Role.COUNSELOR,
        title=_("Your referral queue"),
        intro=_("Acknowledge each referral before its deadline, emergencies first."),
    ),
    HomeSection(
        role=Role.COORDINATOR,
        title=_("Running the program"),
        intro=_("What waits for a coordinator now; each card opens the list to act on."),
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
    """What one app offers `user` in the home section of `role` (a role they hold), and
    the answer to a post from one of its cards."""

    def __call__(self, *, user: User, role: Role) -> HomeEntries: ...

    def act(self, *, user: User, action: str, target: str) -> str | None:
        """Do `action` on `target` for `user` and return the message to show, or None
        when the action is not this app's. Raises Http404 for what is not theirs, and
        HomeActionRefused when the change is refused (already acknowledged)."""
        ...


@dataclass(frozen=True)
class AppHome:
    """A `HomeItems` built from a function giving the entries and, optionally, one
    answering posts."""

    entries: Callable[..., HomeEntries]
    actions: Callable[..., str | None] | None = None

    def __call__(self, *, user: User, role: Role) -> HomeEntries:
        return self.entries(user=user, role=role)

    def act(self, *, user: User, action: str, target: str) -> str | None:
        if self.actions is None:
            return None
        return self.actions(user=user, action=action, target=target)


home_items: Registry[HomeItems] = Registry("home items")
"""Filled by each app's AppConfig.ready() (key: the app label); read by `home_sections`
on every home page, in INSTALLED_APPS order, so cards and links keep the order of the
apps."""


def home_sections(user: User) -> list[HomeSection]:
    """The sections for the roles `user` holds, in a fixed order: every app's cards, then
    the core's own; every app's links before the core's."""
    sections = []
    for section in SECTIONS:
        if not user.has_role(section.role):
            continue
        entries = [items(user=user, role=section.role) for items in home_items]
        core = _core_entries(user=user, role=section.role)
        cards = sorted(
            (card for entry in [*entries, core] for card in entry.cards),
            key=lambda card: (not (card.lead or card.needs_you), card.order),
        )
        # A link a card already offers as its action is not offered twice below.
        offered = {(card.action.url, str(card.action.label)) for card in cards if card.action}
        links = [*(link for entry in entries for link in entry.links), *section.links]
        sections.append(
            HomeSection(
                role=section.role,
                title=section.title,
                intro=section.intro,
                cards=cards,
                links=[
                    link
                    for link in links
                    if (reverse(link.url_name), str(link.title)) not in offered
                ],
            )
        )
    return sections


class UnknownHomeAction(Exception):
    """A post to the home page that no app answers."""


class HomeActionRefused(Exception):
    """An app refused a card's action; the message says why, in the person's words."""


def home_act(*, user: User, action: str, target: str) -> str:
    """A card's form posted to the home page: the app that owns `action` does it."""
    for items in home_items:
        message = items.act(user=user, action=action, target=target)
        if message is not None:
            return message
    raise UnknownHomeAction(action)


def _core_entries(*, user: User, role: Role) -> HomeEntries:
    if role == Role.COORDINATOR:
        return HomeEntries(cards=[_failed_notifications_card()])
    if role == Role.EMPLOYEE:
        return HomeEntries(cards=[_crisis_card()])
    return HomeEntries()


def _failed_notifications_card() -> HomeCard:
    figures = Notification.objects.aggregate(
        failed=Count("pk", filter=Q(status=NotificationStatus.FAILED))
    )
    failed = figures["failed"]
    url = reverse("admin:peersupport_notification_changelist")
    return HomeCard(
        key="notifications-failed",
        order=80,
        title=str(_("Notifications that failed")),
        count=failed,
        headline=counted(
            ngettext("%(count)s notification failed", "%(count)s notifications failed", failed),
            count=failed,
        ),
        empty=str(_("Every notification went out. Nothing to resend.")),
        detail=str(_("Check the address or the mail server, then send them again.")),
        action=HomeAction(str(_("See failed notifications")), f"{url}?status__exact=failed"),
        tone=Tone.URGENT,
    )


def _crisis_card() -> HomeCard:
    contacts = tuple(CrisisContact.objects.filter(active=True).order_by("order", "name")[:5])
    return HomeCard(
        key="crisis",
        order=40,
        title=str(_("If someone is in danger now")),
        count=0,
        headline="",
        detail=str(_("Peer support is not an emergency service. Call one of these now:")),
        template="peersupport/home/crisis.html",
        rows=contacts,
    )
