"""Every change to support requests and matches."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.consent import CONSENT_TEXT_VERSION
from matching.models import (
    OPEN_MATCH_STATUSES,
    CloseReason,
    Match,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue, notification_queue_many
from programs.models import EnrollmentRole, EnrollmentStatus, Program, SupporterProfile
from programs.services import coordinators, enrollment_create


class MatchingError(Exception):
    """A change that cannot be made; the message says why, in the user's language."""


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


def _close_open_matches(request: SupportRequest, *, reason: str, now: Any) -> list[Match]:
    matches = list(
        request.matches.filter(status__in=OPEN_MATCH_STATUSES).select_related("supporter")
    )
    for match in matches:
        match.status, match.closed_at, match.close_reason = MatchStatus.CLOSED, now, reason
        match.save(update_fields=["status", "closed_at", "close_reason"])
        if match.enrollment_id:
            match.enrollment.status = EnrollmentStatus.COMPLETED
            match.enrollment.ended_on = timezone.localdate()
            match.enrollment.save(update_fields=["status", "ended_on"])
    return matches


@transaction.atomic
def request_withdraw(*, request: SupportRequest, actor: User, reason: str = "") -> None:
    """The employee withdraws: any match closes and the supporter is told."""
    now = timezone.now()
    claimed = SupportRequest.objects.filter(
        pk=request.pk,
        status__in=[RequestStatus.WAITING, RequestStatus.PROPOSED, RequestStatus.ACTIVE],
    ).update(status=RequestStatus.WITHDRAWN, closed_at=now, close_reason=reason[:500])
    if not claimed:
        raise MatchingError(_("This request is closed already."))
    for match in _close_open_matches(request, reason=CloseReason.PARTICIPANT_WITHDREW, now=now):
        notification_queue(recipient=match.supporter, kind="match_closed", context={})
    audit_log(actor=actor, action="request.withdrawn", target=request)


@transaction.atomic
def request_decline(*, request: SupportRequest, actor: User, reason: str) -> None:
    """A coordinator declines a waiting request, with a reason the employee reads."""
    reason = reason.strip()
    if not reason:
        raise MatchingError(_("A reason is required to decline."))
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
def match_propose(
    *, request: SupportRequest, supporter: User, actor: User | None, score: int, reasons: list
) -> Match:
    """Offer a waiting request to a supporter who still has room.

    The supporter's profile row is locked, so two coordinators giving away the last place
    at the same moment cannot both succeed.
    """
    profile = SupporterProfile.objects.select_for_update().filter(user=supporter).first()
    if profile is None:
        raise MatchingError(_("This person is not a peer supporter."))
    if not SupporterProfile.objects.eligible_for(request.program).filter(pk=profile.pk).exists():
        raise MatchingError(_("This supporter cannot take people in this program now."))
    open_matches = Match.objects.filter(supporter=supporter, status__in=OPEN_MATCH_STATUSES).count()
    if open_matches >= profile.capacity:
        raise MatchingError(_("This supporter has no free place left."))
    claimed = SupportRequest.objects.filter(pk=request.pk, status=RequestStatus.WAITING).update(
        status=RequestStatus.PROPOSED, decided_by=actor
    )
    if not claimed:
        raise MatchingError(_("This request is no longer waiting."))
    match = Match.objects.create(
        request=request, supporter=supporter, score=score, reasons=reasons, proposed_by=actor
    )
    audit_log(actor=actor, action="match.proposed", target=match, changes={"score": score})
    notification_queue(recipient=supporter, kind="match_proposed", context={})
    return match


@transaction.atomic
def match_accept(*, match: Match, actor: User) -> Match:
    """The supporter accepts: the match is active and the participant is enrolled."""
    claimed = Match.objects.filter(
        pk=match.pk, status=MatchStatus.PROPOSED, supporter=actor
    ).update(status=MatchStatus.ACTIVE, accepted_at=timezone.now())
    if not claimed:
        raise MatchingError(_("This match is no longer waiting for you."))
    match.refresh_from_db()
    request = match.request
    SupportRequest.objects.filter(pk=request.pk).update(status=RequestStatus.ACTIVE)
    enrollment = enrollment_create(
        person=request.requester,
        program=request.program,
        role=EnrollmentRole.PARTICIPANT,
        consent_text_version=request.consent_text_version,
        actor=actor,
    )
    Match.objects.filter(pk=match.pk).update(enrollment=enrollment)
    audit_log(actor=actor, action="match.accepted", target=match)
    notification_queue(
        recipient=request.requester,
        kind="request_matched",
        context={"supporter": actor.get_short_name()},
    )
    match.refresh_from_db()
    return match


@transaction.atomic
def match_decline_by_supporter(*, match: Match, actor: User) -> None:
    """The supporter cannot take this one: the request waits for another supporter."""
    claimed = Match.objects.filter(
        pk=match.pk, status=MatchStatus.PROPOSED, supporter=actor
    ).update(status=MatchStatus.DECLINED, closed_at=timezone.now())
    if not claimed:
        raise MatchingError(_("This match is no longer waiting for you."))
    SupportRequest.objects.filter(pk=match.request_id, status=RequestStatus.PROPOSED).update(
        status=RequestStatus.WAITING
    )
    audit_log(actor=actor, action="match.declined_by_supporter", target=match)


@transaction.atomic
def people_left(*, users: list[User], actor: User | None) -> None:
    """People who left: their open requests and matches close, their supporters are told."""
    now = timezone.now()
    reason = str(CloseReason.LEFT_COMPANY.label)
    for request in SupportRequest.objects.filter(
        requester__in=users,
        status__in=[RequestStatus.WAITING, RequestStatus.PROPOSED, RequestStatus.ACTIVE],
    ):
        SupportRequest.objects.filter(pk=request.pk).update(
            status=RequestStatus.CLOSED, closed_at=now, close_reason=reason
        )
        for match in _close_open_matches(request, reason=CloseReason.LEFT_COMPANY, now=now):
            notification_queue(recipient=match.supporter, kind="match_closed", context={})
    for match in Match.objects.filter(
        supporter__in=users, status__in=OPEN_MATCH_STATUSES
    ).select_related("request"):
        Match.objects.filter(pk=match.pk).update(
            status=MatchStatus.CLOSED, closed_at=now, close_reason=CloseReason.LEFT_COMPANY
        )
        SupportRequest.objects.filter(pk=match.request_id).update(status=RequestStatus.WAITING)
    audit_log(actor=actor, action="matching.people_left", changes={"people": len(users)})
