"""Changes to matches: proposing, the supporter's answer, pausing, closing, feedback, and
the people who left the company."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.access import may_respond_to_match
from matching.models import (
    OPEN_MATCH_STATUSES,
    CloseReason,
    Match,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from matching.rules import pair_checked
from matching.services.common import MatchingError, close_open_matches, text_within
from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue
from programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, SupporterProfile
from programs.services import enrollment_create


@transaction.atomic
def match_propose(*, request: SupportRequest, supporter: User, actor: User | None) -> Match:
    """Offer a waiting request to a supporter, once every hard rule holds (matching/rules.py);
    the score and its reasons are computed here, never taken from a page.

    The supporter's profile row is locked, so two coordinators giving away the last place
    at the same moment cannot both succeed.
    """
    profile = SupporterProfile.objects.select_for_update().filter(user=supporter).first()
    checked = pair_checked(request=request, supporter=supporter, profile=profile)
    score, reasons = checked.score, [list(reason) for reason in checked.reasons]
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
    request = match.request
    if not SupporterProfile.objects.eligible_for(request.program).filter(user=actor).exists():
        raise MatchingError(
            _("You cannot take people in this program now: check your training or your pause.")
        )
    claimed = Match.objects.filter(
        pk=match.pk, status=MatchStatus.PROPOSED, supporter=actor
    ).update(status=MatchStatus.ACTIVE, accepted_at=timezone.now())
    if not claimed:
        raise MatchingError(_("This match is no longer waiting for you."))
    match.refresh_from_db()
    SupportRequest.objects.filter(pk=request.pk, status=RequestStatus.PROPOSED).update(
        status=RequestStatus.ACTIVE
    )
    # A participant whose supporter changed keeps the enrollment they already have.
    enrollment = Enrollment.objects.filter(
        person=request.requester,
        program=request.program,
        role=EnrollmentRole.PARTICIPANT,
        status=EnrollmentStatus.ACTIVE,
    ).first() or enrollment_create(
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
        for match in close_open_matches(request, reason=CloseReason.LEFT_COMPANY, now=now):
            notification_queue(recipient=match.supporter, kind="match_closed", context={})
    # A supporter who left: their colleagues wait for a new supporter (their enrollment
    # stays, and is reused when the next supporter accepts).
    for match in Match.objects.filter(
        supporter__in=users, status__in=OPEN_MATCH_STATUSES
    ).select_related("request"):
        ended = MatchStatus.DECLINED if match.status == MatchStatus.PROPOSED else MatchStatus.CLOSED
        Match.objects.filter(pk=match.pk).update(
            status=ended, closed_at=now, close_reason=CloseReason.LEFT_COMPANY
        )
        SupportRequest.objects.filter(
            pk=match.request_id, status__in=[RequestStatus.PROPOSED, RequestStatus.ACTIVE]
        ).update(status=RequestStatus.WAITING)
    audit_log(actor=actor, action="matching.people_left", changes={"people": len(users)})


@transaction.atomic
def match_close(*, match: Match, actor: User, reason: str) -> None:
    """End an active or paused match; the participant is asked for feedback."""
    if not may_respond_to_match(actor, match):
        raise MatchingError(_("Only the supporter of this match can do this."))
    if reason not in CloseReason.values:
        raise MatchingError(_("Choose a reason for closing."))
    now = timezone.now()
    claimed = Match.objects.filter(
        pk=match.pk, status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED]
    ).update(status=MatchStatus.CLOSED, closed_at=now, close_reason=reason)
    if not claimed:
        raise MatchingError(_("This match is not open."))
    SupportRequest.objects.filter(pk=match.request_id, status=RequestStatus.ACTIVE).update(
        status=RequestStatus.CLOSED, closed_at=now, close_reason=CloseReason(reason).label
    )
    if match.enrollment_id:
        type(match.enrollment).objects.filter(pk=match.enrollment_id).update(
            status=EnrollmentStatus.COMPLETED, ended_on=timezone.localdate()
        )
    audit_log(actor=actor, action="match.closed", target=match, changes={"reason": reason})
    notification_queue(recipient=match.request.requester, kind="match_feedback", context={})


@transaction.atomic
def match_pause(*, match: Match, actor: User, pause: bool) -> None:
    """Pause an active match (or resume a paused one)."""
    if not may_respond_to_match(actor, match):
        raise MatchingError(_("Only the supporter of this match can do this."))
    old, new = (
        (MatchStatus.ACTIVE, MatchStatus.PAUSED)
        if pause
        else (MatchStatus.PAUSED, MatchStatus.ACTIVE)
    )
    if not Match.objects.filter(pk=match.pk, status=old).update(status=new):
        raise MatchingError(_("This match cannot change that way now."))
    audit_log(actor=actor, action="match.paused" if pause else "match.resumed", target=match)


@transaction.atomic
def match_feedback(*, match: Match, actor: User, rating: int, text: str) -> None:
    """The participant's feedback on a closed match, once."""
    text = text_within(text, limit=1000)
    claimed = Match.objects.filter(
        pk=match.pk, request__requester=actor, status=MatchStatus.CLOSED, feedback_at__isnull=True
    ).update(feedback_rating=rating, feedback_text=text, feedback_at=timezone.now())
    if not claimed:
        raise MatchingError(_("Feedback for this match is given already."))
    audit_log(actor=actor, action="match.feedback", target=match)
