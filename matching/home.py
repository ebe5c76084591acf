"""What the matching app adds to the home page (registered by MatchingConfig.ready()):
the employee's request as a timeline with what happens next and their supporter, the
supporter's proposals to answer, the coordinator's waiting requests."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from matching.models import Match, MatchStatus, RequestStatus, SupportRequest
from matching.selectors import latest_request_of, supporter_proposal_count, waiting_request_figures
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
from programs.choices import MatchMode

LINKS: dict[Role, list[HomeLink]] = {
    Role.EMPLOYEE: [
        HomeLink(
            "matching:request",
            gettext_lazy("Ask for support"),
            gettext_lazy("A trained colleague to talk to, or a mentor. Confidential."),
        ),
        HomeLink(
            "matching:my",
            gettext_lazy("My support"),
            gettext_lazy("Your requests and matches, your plan and your well-being check-ins."),
        ),
    ],
    Role.SUPPORTER: [
        HomeLink(
            "matching:supporter_matches",
            gettext_lazy("Your matches"),
            gettext_lazy("Colleagues you support, and new matches waiting for your answer."),
        ),
    ],
    Role.COORDINATOR: [
        HomeLink(
            "matching:queue",
            gettext_lazy("Matching queue"),
            gettext_lazy("Waiting requests, oldest first, with the best suggestions."),
        ),
    ],
}


@dataclass(frozen=True)
class Step:
    """One step of the employee's request, done or still ahead."""

    label: str
    done: bool
    at: datetime | None = None


def _steps(request: SupportRequest, match: Match | None) -> tuple[Step, ...]:
    asked = match is not None
    matched = match is not None and match.accepted_at is not None
    steps = [
        Step(_("Request sent"), True, request.created_at),
        Step(_("A supporter is asked"), asked, match.proposed_at if match else None),
        Step(_("Matched with your supporter"), matched, match.accepted_at if match else None),
    ]
    if not request.is_open:
        steps.append(Step(_("Closed"), True, request.closed_at))
    return tuple(steps)


def _next_step(request: SupportRequest) -> tuple[str, HomeAction | None]:
    """What happens next, in words, and the one thing the person may do about it."""
    if request.status == RequestStatus.WAITING:
        if request.program.match_mode == MatchMode.EMPLOYEE_CHOICE:
            return _("Choose your supporter from the suggestions."), HomeAction(
                _("Choose your supporter"), reverse("matching:choose", args=[request.uuid])
            )
        return _(
            "The coordinator is looking for a supporter for you. You get an e-mail as soon "
            "as someone is asked."
        ), HomeAction(_("See my support"), reverse("matching:my"))
    if request.status == RequestStatus.PROPOSED:
        return _(
            "A supporter has been asked and answers soon. You get an e-mail when they accept."
        ), HomeAction(_("See my support"), reverse("matching:my"))
    if request.status == RequestStatus.ACTIVE:
        return _(
            "Your supporter contacts you to agree on a first meeting. You can also reach "
            "them directly."
        ), HomeAction(_("See my support"), reverse("matching:my"))
    return _("This request is closed. Ask again whenever you need to."), HomeAction(
        _("Ask for support"), reverse("matching:request")
    )


def _employee(user: User) -> list[HomeCard]:
    request = latest_request_of(user)
    if request is None:
        return [
            HomeCard(
                key="request",
                order=10,
                title=_("Your support"),
                count=0,
                headline=_("You have not asked for support yet"),
                empty=_(
                    "Ask for a trained colleague to talk to, or a mentor. It takes two "
                    "minutes and stays confidential."
                ),
                action=HomeAction(_("Ask for support"), reverse("matching:request")),
                template="peersupport/home/request.html",
                lead=True,
            )
        ]
    matches = [m for m in request.matches.all() if m.status != MatchStatus.DECLINED]
    match = max(matches, key=lambda m: m.proposed_at, default=None)
    supporter = match.supporter if match and match.status == MatchStatus.ACTIVE else None
    next_step, action = _next_step(request)
    return [
        HomeCard(
            key="request",
            order=10,
            title=_("Your support"),
            # Something waits for the person only when the choice of supporter is theirs.
            count=int(action is not None and action.url.endswith("/choose/")),
            headline=str(request.get_status_display()),
            detail=next_step,
            action=action,
            tone=Tone.SOON if request.is_open else Tone.CALM,
            lead=True,
            template="peersupport/home/request.html",
            rows=_steps(request, match),
            extra={"request": request, "supporter": supporter},
        )
    ]


def _supporter(user: User) -> list[HomeCard]:
    count = supporter_proposal_count(user)
    return [
        HomeCard(
            key="proposals",
            order=10,
            title=_("New matches"),
            count=count,
            headline=counted(
                ngettext("%(count)s proposal to answer", "%(count)s proposals to answer", count),
                count=count,
            ),
            empty=_("No new match waits for your answer."),
            detail=_("A colleague waits for your yes or no."),
            action=HomeAction(_("Answer proposals"), reverse("matching:supporter_matches")),
        )
    ]


def _coordinator() -> list[HomeCard]:
    figures = waiting_request_figures()
    count = figures["count"]
    oldest = figures["oldest"]
    return [
        HomeCard(
            key="requests-waiting",
            order=10,
            title=_("Waiting requests"),
            count=count,
            headline=counted(
                ngettext(
                    "%(count)s request waits for a supporter",
                    "%(count)s requests wait for a supporter",
                    count,
                ),
                count=count,
            ),
            empty=_("Nobody is waiting for a supporter."),
            detail=_oldest_wait(oldest),
            action=HomeAction(_("Open the matching queue"), reverse("matching:queue")),
            extra={"oldest": oldest},
        )
    ]


def _oldest_wait(oldest: datetime | None) -> str:
    """How long the oldest waiting request has waited, in words."""
    if oldest is None:
        return ""
    if timezone.now() - oldest < timedelta(minutes=1):
        return _("The oldest arrived less than a minute ago.")
    return _("The oldest has waited %(span)s.") % {
        "span": timesince(oldest, timezone.now(), depth=1)
    }


def _entries(*, user: User, role: Role) -> HomeEntries:
    links = list(LINKS.get(role, []))
    if role == Role.EMPLOYEE:
        return HomeEntries(cards=_employee(user), links=links)
    if role == Role.SUPPORTER:
        return HomeEntries(cards=_supporter(user), links=links)
    if role == Role.COORDINATOR:
        return HomeEntries(cards=_coordinator(), links=links)
    return HomeEntries(links=links)


home_items = AppHome(entries=_entries)
