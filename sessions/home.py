"""What the sessions app adds to the home page (registered by SessionLogsConfig.ready()):
the supporter's sessions to log, follow-ups due, supervision answered and caseload; the
coordinator's supervision requests and review tasks."""

from django.urls import reverse
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
from programs.access import supporter_profile_of
from sessions.selectors import (
    coordinator_session_counts,
    supervision_counts_of,
    supporter_home_counts,
)

LINKS: dict[Role, list[HomeLink]] = {
    Role.SUPPORTER: [
        HomeLink(
            "sessions:list",
            gettext_lazy("Sessions"),
            gettext_lazy("Log a session, see what is due, and your history with each person."),
        ),
        HomeLink(
            "sessions:supervision",
            gettext_lazy("Supervision"),
            gettext_lazy("Ask for a debrief; your caseload against your limit."),
        ),
    ],
    Role.COORDINATOR: [
        HomeLink(
            "admin:session_logs_supervisionrequest_changelist",
            gettext_lazy("Supervision requests"),
            gettext_lazy("Supporters asking for a debrief; record it when it is held."),
        ),
        HomeLink(
            "admin:session_logs_reviewtask_changelist",
            gettext_lazy("Review tasks"),
            gettext_lazy("Matches at their review point or with a falling mood."),
        ),
    ],
}


def _caseload_card(open_count: int, cap: int | None) -> HomeCard:
    full = cap is not None and open_count >= cap
    if cap is None:
        headline = counted(
            ngettext("%(count)s person you support", "%(count)s people you support", open_count),
            count=open_count,
        )
        detail = ""
    else:
        headline = counted(
            ngettext("%(count)s of %(cap)s place taken", "%(count)s of %(cap)s places taken", cap),
            count=open_count,
            cap=cap,
        )
        detail = (
            _("You are at your cap: no new match is proposed to you.")
            if full
            else ngettext(
                "Room for %(room)d more person.", "Room for %(room)d more people.", cap - open_count
            )
            % {"room": cap - open_count}
        )
    return HomeCard(
        key="caseload",
        order=60,
        title=_("Your caseload"),
        count=open_count,
        headline=headline,
        detail=detail,
        action=HomeAction(_("Change your cap"), reverse("programs:supporter_home")),
        tone=Tone.SOON if full else Tone.INFO,
        waiting=False,
        word=_("At your cap") if full else "",
    )


def _supervision_card(supervision: dict[str, int]) -> HomeCard:
    answered = supervision["answered"]
    return HomeCard(
        key="supervision-answered",
        order=40,
        title=_("Supervision"),
        count=answered,
        headline=counted(
            ngettext(
                "%(count)s supervision request answered",
                "%(count)s supervision requests answered",
                answered,
            ),
            count=answered,
        ),
        empty=_("Nothing new. Ask for a debrief whenever a conversation stays with you."),
        detail=ngettext(
            "%(count)d request still waits.",
            "%(count)d requests still wait.",
            supervision["waiting"],
        )
        % {"count": supervision["waiting"]}
        if supervision["waiting"]
        else "",
        action=HomeAction(_("Open supervision"), reverse("sessions:supervision")),
    )


def _supporter(user: User) -> list[HomeCard]:
    counts = supporter_home_counts(user)
    supervision = supervision_counts_of(user)
    profile = supporter_profile_of(user)
    to_log, follow_ups = counts["to_log"], counts["follow_ups"]
    sessions_url = reverse("sessions:list")
    return [
        HomeCard(
            key="sessions-to-log",
            order=20,
            title=_("Sessions to log"),
            count=to_log,
            headline=counted(
                ngettext(
                    "%(count)s match without a session this week",
                    "%(count)s matches without a session this week",
                    to_log,
                ),
                count=to_log,
            ),
            empty=_("Every active match has a session logged this week."),
            detail=_("Log the session you had, or get in touch to plan the next one."),
            action=HomeAction(_("Log a session"), sessions_url),
        ),
        HomeCard(
            key="follow-ups",
            order=30,
            title=_("Follow-ups due"),
            count=follow_ups,
            headline=counted(
                ngettext("%(count)s follow-up is due", "%(count)s follow-ups are due", follow_ups),
                count=follow_ups,
            ),
            empty=_("No follow-up is due today."),
            action=HomeAction(_("See follow-ups"), sessions_url),
        ),
        _supervision_card(supervision),
        _caseload_card(counts["open"], profile.capacity if profile else None),
    ]


def _coordinator() -> list[HomeCard]:
    counts = coordinator_session_counts()
    supervision, reviews = counts["supervision"], counts["reviews"]
    return [
        HomeCard(
            key="supervision-requests",
            order=40,
            title=_("Supervision requests"),
            count=supervision,
            headline=counted(
                ngettext(
                    "%(count)s supporter asks for a debrief",
                    "%(count)s supporters ask for a debrief",
                    supervision,
                ),
                count=supervision,
            ),
            empty=_("No supporter waits for a debrief."),
            detail=ngettext("%(count)d is urgent.", "%(count)d are urgent.", counts["urgent"])
            % {"count": counts["urgent"]}
            if counts["urgent"]
            else "",
            action=HomeAction(
                _("See supervision requests"),
                reverse("admin:session_logs_supervisionrequest_changelist")
                + "?status__exact=requested",
            ),
            tone=Tone.URGENT if counts["urgent"] else Tone.SOON,
        ),
        HomeCard(
            key="review-tasks",
            order=50,
            title=_("Review tasks"),
            count=reviews,
            headline=counted(
                ngettext("%(count)s match to review", "%(count)s matches to review", reviews),
                count=reviews,
            ),
            empty=_("No match waits for a review."),
            action=HomeAction(
                _("See review tasks"),
                reverse("admin:session_logs_reviewtask_changelist") + "?done_at__isempty=1",
            ),
        ),
    ]


def _entries(*, user: User, role: Role) -> HomeEntries:
    links = list(LINKS.get(role, []))
    if role == Role.SUPPORTER:
        return HomeEntries(cards=_supporter(user), links=links)
    if role == Role.COORDINATOR:
        return HomeEntries(cards=_coordinator(), links=links)
    return HomeEntries(links=links)


home_items = AppHome(entries=_entries)
