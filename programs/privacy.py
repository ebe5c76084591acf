"""What the programs app holds about a person, for their copy of their data."""

from typing import Any

from peersupport.models import User
from programs.models import (
    Enrollment,
    SupporterApplication,
    SupporterProfile,
    TrainingRecord,
    WellbeingCheckIn,
)


def personal_data(*, user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "enrollments": [
            {
                "program": str(e.program),
                "role": e.role,
                "status": e.status,
                "started_on": e.started_on,
                "ended_on": e.ended_on,
                "consent_given_at": e.consent_given_at,
            }
            for e in Enrollment.objects.filter(person=user).select_related("program")
        ],
        "wellbeing_checkins": list(
            WellbeingCheckIn.objects.filter(person=user).values(
                "kind", "taken_at", "answers", "score", "share_with_supporter"
            )
        ),
        "training_records": [
            {"module": str(r.module), "completed_on": r.completed_on, "expires_on": r.expires_on}
            for r in TrainingRecord.objects.filter(supporter=user).select_related("module")
        ],
        "supporter_profile": list(
            SupporterProfile.objects.filter(user=user).values(
                "status", "bio", "capacity", "topics", "lived_experience", "availability"
            )
        ),
        "supporter_applications": list(
            SupporterApplication.objects.filter(applicant=user).values(
                "submitted_at", "status", "motivation", "decline_reason"
            )
        ),
    }


def person_erasing(*, user: User) -> None:
    """The supporter-side free text about the person goes with them."""
    SupporterProfile.objects.filter(user=user).update(bio="", lived_experience_note="")
    SupporterApplication.objects.filter(applicant=user).update(motivation="", decline_reason="")
