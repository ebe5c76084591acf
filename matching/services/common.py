"""What the matching services share: their error, and closing a request's open matches."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from matching.errors import MatchingError
from matching.models import (
    OPEN_MATCH_STATUSES,
    Match,
    MatchStatus,
    SupportRequest,
)
from programs.models import EnrollmentStatus

__all__ = ["MatchingError", "close_open_matches", "text_within"]


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


def text_within(text: str, *, limit: int) -> str:
    """`text` without its outer spaces, or MatchingError when it is longer than `limit`:
    a text is refused with a message, never cut without a word."""
    text = text.strip()
    if len(text) > limit:
        raise MatchingError(_("Please keep it under %(limit)d characters.") % {"limit": limit})
    return text
