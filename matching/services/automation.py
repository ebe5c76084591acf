"""Matching work that runs for many at once: expired proposals, bulk matching, telling
supporters about check-ins."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.engine import MIN_SCORE
from matching.models import (
    Match,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from matching.services.common import MatchingError
from matching.services.matches import match_propose
from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue
from programs.choices import MatchMode
from programs.models import Program
from programs.models.checkins import WellbeingCheckIn

# How long a supporter has to answer a proposal before it goes to the next suggestion.
PROPOSAL_ANSWER_TIME = timedelta(days=3)


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
