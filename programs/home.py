"""What the programs app adds to the home page (registered by ProgramsConfig.ready()):
the supporter's training that expires soon, the coordinator's applications and training
to watch, the employee's check-ins due."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peersupport.home import (
    AppHome,
    HomeAction,
    HomeCard,
    HomeEntries,
    HomeLink,
    Tone,
    counted,
)
from peersupport.models import User
from peersupport.roles import Role
from programs.selectors import checkins_due_of, coordinator_program_counts, expiring_training_of

LINKS: dict[Role, list[HomeLink]] = {
    Role.EMPLOYEE: [
        HomeLink(
            "programs:list",
            gettext_lazy("Programs"),
            gettext_lazy("What your company offers: peer support, mentoring, return to work."),
        ),
        HomeLink(
            "programs:apply",
            gettext_lazy("Become a peer supporter"),
            gettext_lazy("Share what helped you: apply to support colleagues after training."),
        ),
    ],
    Role.SUPPORTER: [
        HomeLink(
            "programs:supporter_home",
            gettext_lazy("Your supporter page"),
            gettext_lazy("Your training status, caseload cap and availability; pause when needed."),
        ),
    ],
}


def _supporter(user: User) -> list[HomeCard]:
    training = expiring_training_of(user=user)
    count = training["count"]
    return [
        HomeCard(
            key="training-expiring",
            order=50,
            title=_("Training"),
            count=count,
            headline=counted(
                ngettext(
                    "%(count)s training module expires soon",
                    "%(count)s training modules expire soon",
                    count,
                ),
                count=count,
            ),
            empty=_("Your training is current for the next 30 days."),
            detail=_("The first expires on %(date)s. Renew it to keep being matched.")
            % {"date": date_format(training["first"], "DATE_FORMAT")}
            if count
            else "",
            action=HomeAction(_("See your training"), reverse("programs:supporter_home")),
        )
    ]


def _coordinator() -> list[HomeCard]:
    counts = coordinator_program_counts()
    applications, expiring = counts["applications"], counts["expiring"]
    return [
        HomeCard(
            key="applications",
            order=60,
            title=_("Supporter applications"),
            count=applications,
            headline=counted(
                ngettext(
                    "%(count)s application to decide",
                    "%(count)s applications to decide",
                    applications,
                ),
                count=applications,
            ),
            empty=_("No application waits for a decision."),
            action=HomeAction(
                _("Decide applications"),
                reverse("admin:programs_supporterapplication_changelist")
                + "?status__exact=submitted",
            ),
        ),
        HomeCard(
            key="training-expiring",
            order=70,
            title=_("Training expiring"),
            count=expiring,
            headline=counted(
                ngettext(
                    "%(count)s supporter's training expires within 30 days",
                    "%(count)s supporters' training expires within 30 days",
                    expiring,
                ),
                count=expiring,
            ),
            empty=_("No supporter's training expires in the next 30 days."),
            action=HomeAction(
                _("See these supporters"),
                reverse("admin:programs_supporterprofile_changelist") + "?training=expiring",
            ),
        ),
    ]


def _employee(user: User) -> list[HomeCard]:
    due = checkins_due_of(user=user)
    first = due[0] if due else None
    return [
        HomeCard(
            key="checkins",
            order=20,
            title=_("Well-being check-in"),
            count=len(due),
            headline=counted(
                ngettext("%(count)s check-in is due", "%(count)s check-ins are due", len(due)),
                count=len(due),
            ),
            empty=_("No check-in is due. We will remind you when the next one is."),
            detail=_("Five short questions about the last two weeks (%(program)s).")
            % {"program": first.program}
            if first
            else "",
            action=HomeAction(
                _("Fill in the check-in"), reverse("programs:checkin", args=[first.pk])
            )
            if first
            else None,
            tone=Tone.SOON,
        )
    ]


def _entries(*, user: User, role: Role) -> HomeEntries:
    links = list(LINKS.get(role, []))
    if role == Role.SUPPORTER:
        return HomeEntries(cards=_supporter(user), links=links)
    if role == Role.COORDINATOR:
        return HomeEntries(cards=_coordinator(), links=links)
    if role == Role.EMPLOYEE:
        return HomeEntries(cards=_employee(user), links=links)
    return HomeEntries(links=links)


home_items = AppHome(entries=_entries)
