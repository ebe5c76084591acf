"""Every change to support requests and matches."""

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.consent import CONSENT_TEXT_VERSION
from matching.engine import MIN_SCORE
from matching.errors import MatchingError
from matching.models import (
    OPEN_MATCH_STATUSES,
    CloseReason,
    Match,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from matching.rules import pair_checked
from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue, notification_queue_many
from programs.choices import MatchMode
from programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program, SupporterProfile
from programs.models.checkins import WellbeingCheckIn
from programs.services import coordinators, enrollment_create


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


def _close_open_matches(
    request: SupportRequest, *, reason: str, now: Any, end_enrollment: bool = True
) -> list[Match]:
    matches = list(
        request.matches.filter(status__in=OPEN_MATCH_STATUSES).select_related(
            "supporter", "enrollment"
        )
    )
    for match in matches:
        # A proposal the supporter never accepted did not start: it ends as declined, so
        # nobody is asked for feedback on it.
        ended = MatchStatus.DECLINED if match.status == MatchStatus.PROPOSED else MatchStatus.CLOSED
        match.status, match.closed_at, match.close_reason = ended, now, reason
        match.save(update_fields=["status", "closed_at", "close_reason"])
        if match.enrollment_id and end_enrollment:
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
        for match in _close_open_matches(request, reason=CloseReason.LEFT_COMPANY, now=now):
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


# How long a supporter has to answer a proposal before it goes to the next suggestion.
PROPOSAL_ANSWER_TIME = timedelta(days=3)


@transaction.atomic
def match_close(*, match: Match, actor: User, reason: str) -> None:
    """End an active or paused match; the participant is asked for feedback."""
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
    old, new = (
        (MatchStatus.ACTIVE, MatchStatus.PAUSED)
        if pause
        else (MatchStatus.PAUSED, MatchStatus.ACTIVE)
    )
    if not Match.objects.filter(pk=match.pk, status=old).update(status=new):
        raise MatchingError(_("This match cannot change that way now."))
    audit_log(actor=actor, action="match.paused" if pause else "match.resumed", target=match)


@transaction.atomic
def request_ask_different(*, request: SupportRequest, actor: User, reason: str = "") -> None:
    """The employee asks for another supporter: the match closes, the request waits again,
    and the next proposal leaves out everyone asked before."""
    now = timezone.now()
    if not request.matches.filter(status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED]).exists():
        raise MatchingError(_("This request has no supporter to change."))
    closed = _close_open_matches(
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
        changes={"reason": reason[:500]},
    )
    people = coordinators()
    notification_queue_many(
        recipients=people,
        kind="request_submitted",
        contexts=[{"program": request.program.name_en} for _ in people],
    )


@transaction.atomic
def match_feedback(*, match: Match, actor: User, rating: int, text: str) -> None:
    """The participant's feedback on a closed match, once."""
    claimed = Match.objects.filter(
        pk=match.pk, request__requester=actor, status=MatchStatus.CLOSED, feedback_at__isnull=True
    ).update(feedback_rating=rating, feedback_text=text.strip()[:1000], feedback_at=timezone.now())
    if not claimed:
        raise MatchingError(_("Feedback for this match is given already."))
    audit_log(actor=actor, action="match.feedback", target=match)


def proposals_expire(*, now: Any = None) -> int:
    """Proposals not answered within three days go to the next suggestion.

    Returns how many proposals expired. Each is claimed with a conditional update, so a
    second run at the same moment does nothing twice.
    """
    from matching.selectors import suggestions_for

    now = now or timezone.now()
    expired = 0
    for match in Match.objects.filter(
        status=MatchStatus.PROPOSED, proposed_at__lt=now - PROPOSAL_ANSWER_TIME
    ).select_related("request__program", "request__requester"):
        with transaction.atomic():
            if not Match.objects.filter(pk=match.pk, status=MatchStatus.PROPOSED).update(
                status=MatchStatus.DECLINED, closed_at=now
            ):
                continue
            SupportRequest.objects.filter(
                pk=match.request_id, status=RequestStatus.PROPOSED
            ).update(status=RequestStatus.WAITING)
            audit_log(actor=None, action="match.proposal_expired", target=match)
            expired += 1
            request = SupportRequest.objects.select_related("program", "requester").get(
                pk=match.request_id
            )
            if request.program.match_mode == MatchMode.EMPLOYEE_CHOICE:
                continue  # the employee chooses again on their page
            for supporter, suggestion in suggestions_for(request, k=5):
                if suggestion.score < MIN_SCORE:
                    break
                try:
                    with transaction.atomic():
                        match_propose(request=request, supporter=supporter, actor=None)
                    break
                except MatchingError:
                    continue
    return expired


def supporters_told_about_checkin(*, checkin: WellbeingCheckIn) -> None:
    """With the participant's consent, their supporter hears that a check-in suggests
    professional help: no score, no answers, just a nudge to talk about it."""
    matches = Match.objects.filter(
        enrollment_id=checkin.enrollment_id, status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED]
    ).select_related("supporter", "request__requester")
    for match in matches:
        notification_queue(
            recipient=match.supporter,
            kind="checkin_attention",
            context={"participant": match.request.requester.get_short_name()},
        )


def bulk_match(
    *, program: Program, pairs: list[tuple[int, int]], actor: User
) -> tuple[int, list[str]]:
    """Propose exactly the previewed pairs (request id, supporter user id), each in its own
    transaction with every rule checked and the score computed again; a pair that can no
    longer be made (taken meanwhile, capacity gone, a rule broken) is left out. Returns how
    many were made and, for each pair left out, why."""
    requests = SupportRequest.objects.select_related("requester", "program").in_bulk(
        [request_id for request_id, _supporter in pairs]
    )
    supporters = User.objects.in_bulk([supporter_id for _request, supporter_id in pairs])
    made, refused = 0, []
    for request_id, supporter_id in pairs:
        request, supporter = requests.get(request_id), supporters.get(supporter_id)
        if request is None or supporter is None or request.program_id != program.pk:
            refused.append(_("That supporter cannot be matched with this request."))
            continue
        try:
            match_propose(request=request, supporter=supporter, actor=actor)
        except MatchingError as error:
            refused.append(str(error))
        else:
            made += 1
    audit_log(actor=actor, action="matching.bulk", changes={"made": made, "skipped": len(refused)})
    return made, refused
