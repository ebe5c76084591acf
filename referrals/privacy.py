"""What the referrals app shows a person of the referrals about them: status only,
as on their /my/ page (the summary and counselor notes are the professional's)."""

from typing import Any

from referrals.models import Referral


def personal_data(user: Any) -> dict[str, list[dict[str, Any]]]:
    return {
        "referrals": [
            {
                "service": r.service.name,
                "urgency": r.urgency,
                "status": r.status,
                "raised_at": r.created_at,
                "closed_at": r.closed_at,
                "consent_given": r.consent_given,
            }
            for r in Referral.objects.filter(participant=user).select_related("service")
        ]
    }
