"""What the matching app holds about a person, and withdrawing their consent."""

from typing import Any

from django.utils.translation import gettext as _

from matching.models import OPEN_REQUEST_STATUSES, Match, SupportRequest
from matching.services import request_withdraw
from peersupport.models import User


def personal_data(*, user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "support_requests": list(
            SupportRequest.objects.filter(requester=user).values(
                "program__name_en",
                "created_at",
                "status",
                "topics",
                "description",
                "languages",
                "gender_preference",
                "outside_department",
                "site_preference",
                "meeting_modes",
                "availability",
                "lived_experience",
                "consent_given_at",
                "consent_text_version",
                "closed_at",
            )
        ),
        "matches": [
            {
                "program": str(m.request.program),
                # The supporter's first name only: what the person saw of them.
                "supporter": m.supporter.get_short_name(),
                "status": m.status,
                "proposed_at": m.proposed_at,
                "accepted_at": m.accepted_at,
                "closed_at": m.closed_at,
                "feedback_rating": m.feedback_rating,
                "feedback_text": m.feedback_text,
            }
            for m in Match.objects.filter(request__requester=user).select_related(
                "request__program", "supporter"
            )
        ],
    }


def consent_withdrawn(*, user: User) -> None:
    for request in SupportRequest.objects.filter(requester=user, status__in=OPEN_REQUEST_STATUSES):
        request_withdraw(request=request, actor=user, reason=_("Consent withdrawn"))
