"""What the referrals app shows a person of the referrals about them: status only,
as on their /my/ page (the summary and counselor notes are the professional's)."""

from typing import Any

from peersupport.models import User
from referrals.models import Referral


def personal_data(*, user: User) -> dict[str, list[dict[str, Any]]]:
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


def consent_withdrawn(*, user: User) -> None:
    """The person's consented referrals that are still open are withdrawn; a referral made
    without consent for imminent risk stays with the professionals, as it began."""
    from django.utils.translation import gettext as _

    from referrals.models import OPEN_REFERRAL_STATUSES
    from referrals.services import referral_withdraw

    for referral in Referral.objects.filter(
        participant=user, consent_given=True, status__in=OPEN_REFERRAL_STATUSES
    ).select_related("service"):
        referral_withdraw(referral=referral, actor=user, reason=_("Consent withdrawn"))
