"""What the referrals app adds to the home page (registered by ReferralsConfig.ready()):
the counselor's referrals to acknowledge, most urgent first, each with the time left and
a button to acknowledge it there; the coordinator's overdue and declined referrals; the
employee's way to a professional."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peersupport.home import (
    AppHome,
    HomeAction,
    HomeActionRefused,
    HomeCard,
    HomeEntries,
    HomeLink,
    Tone,
    counted,
)
from peersupport.models import User
from peersupport.roles import Role
from referrals.access import referral_for
from referrals.models import URGENCY_RANK, Referral, Urgency
from referrals.selectors import (
    coordinator_referral_counts,
    counselor_open_counts,
    counselor_to_acknowledge,
    open_referral_count_about,
)
from referrals.services import ReferralError, referral_acknowledge

# The most referrals the counselor's home lists; the queue has the rest.
LISTED = 12
ACKNOWLEDGE = "referral-acknowledge"

LINKS: dict[Role, list[HomeLink]] = {
    Role.COUNSELOR: [
        HomeLink(
            "referrals:queue",
            gettext_lazy("Referrals"),
            gettext_lazy("Cases referred to your service, most urgent first."),
        ),
    ],
    Role.COORDINATOR: [
        HomeLink(
            "admin:referrals_referral_changelist",
            gettext_lazy("Referrals"),
            gettext_lazy("Every referral and its timeline; overdue and declined ones to act on."),
        ),
    ],
}


@dataclass(frozen=True)
class Deadline:
    """A referral on the counselor's home with its time to acknowledge, in words."""

    referral: Referral
    overdue: bool
    text: str

    @property
    def reference(self) -> str:
        return f"R-{self.referral.pk}"


def deadline_of(referral: Referral, *, now: datetime) -> Deadline:
    due = referral.acknowledge_by
    if due < now:
        text = _("overdue by %(span)s") % {"span": timesince(due, now, depth=1)}
        return Deadline(referral, True, text)
    return Deadline(referral, False, _("%(span)s left") % {"span": timeuntil(due, now, depth=1)})


def _urgency_card(urgency: Urgency, count: int, rows: list[Deadline], overdue: int) -> HomeCard:
    titles = {
        Urgency.EMERGENCY: ngettext(
            "%(count)s emergency to acknowledge", "%(count)s emergencies to acknowledge", count
        ),
        Urgency.PRIORITY: ngettext(
            "%(count)s priority referral to acknowledge",
            "%(count)s priority referrals to acknowledge",
            count,
        ),
        Urgency.ROUTINE: ngettext(
            "%(count)s routine referral to acknowledge",
            "%(count)s routine referrals to acknowledge",
            count,
        ),
    }
    shown = [row for row in rows if row.referral.urgency == urgency]
    return HomeCard(
        key=f"referrals-{urgency}",
        order=10 * (URGENCY_RANK[urgency] + 1),
        lead=urgency == Urgency.EMERGENCY,
        title=str(urgency.label),
        count=count,
        headline=counted(titles[urgency], count=count),
        empty=_("No %(urgency)s referral waits for you.") % {"urgency": urgency.label.lower()},
        detail=ngettext("%(count)d is overdue.", "%(count)d are overdue.", overdue)
        % {"count": overdue}
        if overdue
        else "",
        action=HomeAction(_("Open the queue"), reverse("referrals:queue")),
        tone=Tone.URGENT if urgency == Urgency.EMERGENCY or overdue else Tone.SOON,
        template="peersupport/home/referrals.html",
        rows=tuple(shown),
        extra={"more": count - len(shown), "act": ACKNOWLEDGE},
    )


def _counselor(user: User) -> list[HomeCard]:
    now = timezone.now()
    counts = counselor_open_counts(user, now=now)
    rows = [deadline_of(r, now=now) for r in counselor_to_acknowledge(user, limit=LISTED)]
    cards = [_urgency_card(u, counts[u.value], rows, counts[f"{u.value}_overdue"]) for u in Urgency]
    cards.append(
        HomeCard(
            key="referrals-in-hand",
            order=40,
            title=_("Cases in hand"),
            count=counts["in_hand"],
            headline=counted(
                ngettext(
                    "%(count)s open case acknowledged",
                    "%(count)s open cases acknowledged",
                    counts["in_hand"],
                ),
                count=counts["in_hand"],
            ),
            empty=_("No case in progress. New referrals appear above."),
            action=HomeAction(_("Open the queue"), reverse("referrals:queue")),
            tone=Tone.INFO,
            waiting=False,
        )
    )
    return cards


def _coordinator() -> list[HomeCard]:
    counts = coordinator_referral_counts(now=timezone.now())
    changelist = reverse("admin:referrals_referral_changelist")
    return [
        HomeCard(
            key="referrals-overdue",
            order=20,
            title=_("Overdue referrals"),
            count=counts["overdue"],
            headline=counted(
                ngettext(
                    "%(count)s referral not acknowledged in time",
                    "%(count)s referrals not acknowledged in time",
                    counts["overdue"],
                ),
                count=counts["overdue"],
            ),
            empty=_("Every referral was acknowledged in time."),
            detail=_("Reassign them or call the service."),
            action=HomeAction(_("See overdue referrals"), f"{changelist}?overdue=yes"),
            tone=Tone.URGENT,
        ),
        HomeCard(
            key="referrals-declined",
            order=30,
            title=_("Declined referrals"),
            count=counts["declined"],
            headline=counted(
                ngettext(
                    "%(count)s declined referral to re-route",
                    "%(count)s declined referrals to re-route",
                    counts["declined"],
                ),
                count=counts["declined"],
            ),
            empty=_("No declined referral waits to be re-routed."),
            detail=_("Send each one to another service."),
            action=HomeAction(_("See declined referrals"), f"{changelist}?status__exact=declined"),
        ),
    ]


def _headline_professional(count: int) -> str:
    if not count:
        return _("Talk to a professional")
    return counted(
        ngettext(
            "%(count)s referral to a professional is open",
            "%(count)s referrals to a professional are open",
            count,
        ),
        count=count,
    )


def _employee(user: User) -> list[HomeCard]:
    count = open_referral_count_about(user)
    return [
        HomeCard(
            key="professional-help",
            order=30,
            title=_("Professional help"),
            count=count,
            headline=_headline_professional(count),
            empty=_(
                "A counselor, the EAP or occupational health can help when a peer is not "
                "enough. Ask your supporter or the coordinator to refer you; it stays "
                "confidential."
            ),
            detail=_("Its status is on your support page."),
            action=HomeAction(_("See my support"), reverse("matching:my")),
            tone=Tone.INFO,
            waiting=False,
        )
    ]


def _entries(*, user: User, role: Role) -> HomeEntries:
    links = list(LINKS.get(role, []))
    if role == Role.COUNSELOR:
        return HomeEntries(cards=_counselor(user), links=links)
    if role == Role.COORDINATOR:
        return HomeEntries(cards=_coordinator(), links=links)
    if role == Role.EMPLOYEE:
        return HomeEntries(cards=_employee(user), links=links)
    return HomeEntries(links=links)


def _act(*, user: User, action: str, target: str) -> str | None:
    """Acknowledge a referral from the home page: the same access rule and service as
    the referral page (an outsider gets 404)."""
    if action != ACKNOWLEDGE:
        return None
    try:
        uuid = UUID(target)
    except ValueError:
        raise Http404 from None
    referral, rights = referral_for(user, uuid, action="acknowledge")
    try:
        referral_acknowledge(referral=referral, actor=user)
    except ReferralError as error:
        raise HomeActionRefused(str(error)) from error
    if rights.own_service:
        return _("Acknowledged. The case is yours.")
    return _("Acknowledged for the on-call rota. The case stays with %(service)s.") % {
        "service": referral.service.name
    }


home_items = AppHome(entries=_entries, actions=_act)
