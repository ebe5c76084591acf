"""What the matching services share: their error, and closing a request's open matches."""

from typing import Any

from django.utils import timezone

from matching.errors import MatchingError
from matching.models import (
    OPEN_MATCH_STATUSES,
    Match,
    MatchStatus,
    SupportRequest,
)
from programs.models import EnrollmentStatus

__all__ = ["MatchingError", "close_open_matches"]


def close_open_matches(
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
