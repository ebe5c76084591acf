"""Becoming a supporter (the application and its decision) and the supporter's profile."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue, notification_queue_many
from peersupport.services.users import user_grant_role
from programs.models import (
    ApplicationStatus,
    SupporterApplication,
    SupporterProfile,
    SupporterStatus,
)
from programs.services.common import coordinators


class ApplicationNotOpen(Exception):
    """The application was decided already."""


APPLICATION_FIELDS = [
    "motivation",
    "lived_experience",
    "lived_experience_note",
    "topics",
    "languages",
    "site",
    "meeting_modes",
    "availability",
    "capacity",
]


@transaction.atomic
def application_submit(*, applicant: User, data: dict[str, Any]) -> SupporterApplication:
    application = SupporterApplication(applicant=applicant, **data)
    application.full_clean()
    application.save()
    audit_log(actor=applicant, action="supporter_application.submitted", target=application)
    people = coordinators()
    notification_queue_many(
        recipients=people,
        kind="application_submitted",
        contexts=[{"applicant": applicant.full_name} for _ in people],
    )
    return application


def _claim_application(application: SupporterApplication, **changes: Any) -> None:
    claimed = SupporterApplication.objects.filter(
        pk=application.pk, status=ApplicationStatus.SUBMITTED
    ).update(**changes, decided_at=timezone.now())
    if not claimed:
        raise ApplicationNotOpen(_("This application was decided already."))
    application.refresh_from_db()


@transaction.atomic
def application_approve(*, application: SupporterApplication, actor: User) -> SupporterProfile:
    """Make the applicant a supporter with a profile built from the application."""
    _claim_application(application, status=ApplicationStatus.APPROVED, decided_by=actor)
    applicant = application.applicant
    user_grant_role(user=applicant, role=Role.SUPPORTER, actor=actor)
    if application.languages:
        applicant.languages = application.languages
        applicant.save(update_fields=["languages"])
    profile, _created = SupporterProfile.objects.update_or_create(
        user=applicant,
        defaults={
            "lived_experience": application.lived_experience,
            "lived_experience_note": application.lived_experience_note,
            "topics": application.topics,
            "meeting_modes": application.meeting_modes,
            "availability": application.availability,
            "capacity": application.capacity,
            "status": SupporterStatus.ACTIVE,
            "approved_at": timezone.now(),
        },
    )
    audit_log(actor=actor, action="supporter_application.approved", target=application)
    notification_queue(recipient=applicant, kind="application_approved", context={})
    return profile


@transaction.atomic
def application_decline(*, application: SupporterApplication, actor: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to decline an application.")
    _claim_application(
        application, status=ApplicationStatus.DECLINED, decided_by=actor, decline_reason=reason
    )
    audit_log(actor=actor, action="supporter_application.declined", target=application)
    notification_queue(
        recipient=application.applicant, kind="application_declined", context={"reason": reason}
    )


@transaction.atomic
def supporter_profile_save(*, profile: SupporterProfile, changed: list[str], actor: User) -> None:
    """Save what a supporter (or a coordinator) changed; pausing is kept consistent."""
    if profile.status == SupporterStatus.ACTIVE:
        profile.paused_until = None
        changed = sorted({*changed, "paused_until"})
    profile.full_clean()
    profile.save()
    audit_log(
        actor=actor, action="supporter.profile_changed", target=profile, changes={"fields": changed}
    )
