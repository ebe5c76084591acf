"""Changes to support requests: filing, withdrawing, declining, asking for another
supporter."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.access import may_change_own_request, may_decide_requests
from matching.consent import CONSENT_TEXT_VERSION
from matching.models import (
    CloseReason,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from matching.services.common import MatchingError, close_open_matches, text_within
from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue, notification_queue_many
from programs.models import Program
from programs.services import coordinators


def request_submit(*, requester: User, program: Program, data: dict[str, Any]) -> SupportRequest:
    """File a request (the form has checked consent); coordinators are told.

    Raises MatchingError when the person already has an open request in the program.
    """
    try:
        with transaction.atomic():
            request = SupportRequest(
                requester=requester,
                program=program,
                consent_given_at=timezone.now(),
                consent_text_version=CONSENT_TEXT_VERSION,
                **data,
            )
            request.full_clean(validate_constraints=False)
            request.save()
            audit_log(actor=requester, action="request.submitted", target=request)
            people = coordinators()
            notification_queue_many(
                recipients=people,
                kind="request_submitted",
                contexts=[
                    {"program": program.name_en, "program_id": program.name_id} for _ in people
                ],
            )
    except IntegrityError as exc:
        raise MatchingError(_("You already have an open request in this program.")) from exc
    return request


@transaction.atomic
def request_withdraw(*, request: SupportRequest, actor: User, reason: str = "") -> None:
    """The employee withdraws: any match closes and the supporter is told."""
    if not may_change_own_request(actor, request):
        raise MatchingError(_("Only the person who asked can change this request."))
    reason = text_within(reason, limit=500)
    now = timezone.now()
    claimed = SupportRequest.objects.filter(
        pk=request.pk,
        status__in=[RequestStatus.WAITING, RequestStatus.PROPOSED, RequestStatus.ACTIVE],
    ).update(status=RequestStatus.WITHDRAWN, closed_at=now, close_reason=reason)
    if not claimed:
        raise MatchingError(_("This request is closed already."))
    for match in close_open_matches(request, reason=CloseReason.PARTICIPANT_WITHDREW, now=now):
        notification_queue(recipient=match.supporter, kind="match_closed", context={})
    audit_log(actor=actor, action="request.withdrawn", target=request)


@transaction.atomic
def request_decline(*, request: SupportRequest, actor: User, reason: str) -> None:
    """A coordinator declines a waiting request, with a reason the employee reads."""
    if not may_decide_requests(actor):
        raise MatchingError(_("Only a coordinator can do this."))
    reason = reason.strip()
    if not reason:
        raise MatchingError(_("A reason is required to decline."))
    if len(reason) > 500:
        raise MatchingError(_("Please keep the reason under 500 characters."))
    claimed = SupportRequest.objects.filter(pk=request.pk, status=RequestStatus.WAITING).update(
        status=RequestStatus.DECLINED,
        decided_by=actor,
        closed_at=timezone.now(),
        close_reason=reason,
    )
    if not claimed:
        raise MatchingError(_("Only a waiting request can be declined."))
    audit_log(actor=actor, action="request.declined", target=request)
    notification_queue(
        recipient=request.requester, kind="request_declined", context={"reason": reason}
    )


@transaction.atomic
def request_ask_different(*, request: SupportRequest, actor: User, reason: str = "") -> None:
    """The employee asks for another supporter: the match closes, the request waits again,
    and the next proposal leaves out everyone asked before."""
    if not may_change_own_request(actor, request):
        raise MatchingError(_("Only the person who asked can change this request."))
    reason = text_within(reason, limit=500)
    now = timezone.now()
    if not request.matches.filter(status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED]).exists():
        raise MatchingError(_("This request has no supporter to change."))
    closed = close_open_matches(
        request, reason=CloseReason.NEW_SUPPORTER, now=now, end_enrollment=False
    )
    for match in closed:
        notification_queue(recipient=match.supporter, kind="match_closed", context={})
    SupportRequest.objects.filter(pk=request.pk, status=RequestStatus.ACTIVE).update(
        status=RequestStatus.WAITING
    )
    audit_log(
        actor=actor,
        action="request.new_supporter_asked",
        target=request,
        changes={"reason": reason},
    )
    people = coordinators()
    notification_queue_many(
        recipients=people,
        kind="request_submitted",
        contexts=[{"program": request.program.name_en} for _ in people],
    )
