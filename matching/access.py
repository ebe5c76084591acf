"""Who may see or act on support requests and matches: the one answer for the matching
pages, the sessions pages built on matches, and the breach report.

DESIGN.md's access table: the employee their own requests and matches; the supporter the
requests matched to them; the coordinator every request (the queue, the admin). Everyone
else gets 404, so ids are never confirmed.
"""

from typing import Literal
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from matching.models import (
    OPEN_MATCH_STATUSES,
    Match,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from peersupport.access import require_role
from peersupport.models import User
from peersupport.roles import Role
from programs.choices import MatchMode, ProgramKind
from programs.models import Program

# "read": the request with its description (the employee's own words).
SupportRequestAction = Literal["read", "withdraw", "ask_different", "choose", "propose", "decline"]
# "respond": the supporter accepts, declines, pauses or closes their match.
MatchAction = Literal["respond", "feedback", "plan"]

# The matches whose request (and its description) the supporter reads on their matches
# page: those proposed to them and those open; not once closed or declined.
SUPPORTER_READS_REQUEST_STATUSES = OPEN_MATCH_STATUSES


def support_requests_of(user: User) -> QuerySet[SupportRequest]:
    """The person's own requests."""
    return SupportRequest.objects.filter(requester=user)


def matches_supported_by(user: User) -> QuerySet[Match]:
    """The matches of a supporter (none for anyone without the role)."""
    if not user.has_role(Role.SUPPORTER):
        return Match.objects.none()
    return Match.objects.filter(supporter=user)


def matches_of_participant(user: User) -> QuerySet[Match]:
    """The matches made for the person's own requests."""
    return Match.objects.filter(request__requester=user)


def supporter_open_matches(user: User) -> QuerySet[Match]:
    """The supporter's matches page: proposed and open matches, with each request."""
    return matches_supported_by(user).filter(status__in=SUPPORTER_READS_REQUEST_STATUSES)


def support_requests_readable_by(user: User) -> QuerySet[SupportRequest]:
    """The requests whose description this person reads: their own, those of the
    supporter's open matches, and every one for the coordinator (the queue, the admin)."""
    if user.has_role(Role.COORDINATOR):
        return SupportRequest.objects.all()
    matched = supporter_open_matches(user).values("request_id")
    return SupportRequest.objects.filter(Q(requester=user) | Q(pk__in=matched))


def support_request_for(
    user: User, uuid: UUID | str, *, action: SupportRequestAction
) -> SupportRequest:
    """One request, when `action` is this person's to take; otherwise 404."""
    if action in ("propose", "decline"):
        require_role(user, Role.COORDINATOR)
        candidates = SupportRequest.objects.all()
    elif action == "choose":
        # In programs where the employee chooses, while the request waits.
        candidates = support_requests_of(user).filter(
            status=RequestStatus.WAITING, program__match_mode=MatchMode.EMPLOYEE_CHOICE
        )
    elif action == "read":
        candidates = support_requests_readable_by(user)
    else:
        candidates = support_requests_of(user)
    found = candidates.select_related("program", "requester").filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


def match_for(user: User, uuid: UUID | str, *, action: MatchAction) -> Match:
    """One match, when `action` is this person's to take; otherwise 404."""
    if action == "feedback":
        candidates = matches_of_participant(user)
    elif action == "plan":
        # The matched supporter writes the participant's return-to-work plan.
        candidates = matches_supported_by(user).filter(
            status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED],
            enrollment__program__kind=ProgramKind.RETURN_TO_WORK,
        )
    else:
        candidates = matches_supported_by(user)
    found = (
        candidates.select_related("request__requester", "request__program", "enrollment__program")
        .filter(uuid=uuid)
        .first()
    )
    if found is None:
        raise Http404
    return found


def may_change_own_request(user: User, request: SupportRequest) -> bool:
    """The requester withdraws their request or asks for another supporter."""
    return request.requester_id == user.pk


def may_decide_requests(user: User) -> bool:
    """The coordinator proposes supporters for requests and declines them."""
    return user.has_role(Role.COORDINATOR)


def may_respond_to_match(user: User, match: Match) -> bool:
    """The supporter of a match accepts, declines, pauses or closes it."""
    return match.supporter_id == user.pk and user.has_role(Role.SUPPORTER)


def bulk_program_for(user: User, pk: int) -> Program:
    """A program the coordinator matches in bulk: active, and matched by the coordinator."""
    require_role(user, Role.COORDINATOR)
    program = Program.objects.active().filter(pk=pk, match_mode=MatchMode.COORDINATOR).first()
    if program is None:
        raise Http404
    return program


def confidential_people_readable_by(user: User) -> dict[int, str]:
    """The people (other than `user`) whose request descriptions this person can open now,
    each with the reason."""
    people: dict[int, str] = {}
    for person_id in supporter_open_matches(user).values_list("request__requester_id", flat=True):
        people.setdefault(person_id, "requests of their matches")
    if user.has_role(Role.COORDINATOR):
        for person_id in SupportRequest.objects.values_list("requester_id", flat=True):
            people.setdefault(person_id, "requests and their descriptions (coordinator)")
    people.pop(user.pk, None)
    return people
