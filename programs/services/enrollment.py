"""Taking part in a program."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from peersupport.models import User
from peersupport.services.audit import audit_log
from programs.models import Enrollment, EnrollmentRole


@transaction.atomic
def enrollment_create(
    *,
    person: User,
    program: Any,
    role: EnrollmentRole,
    consent_text_version: str = "",
    actor: User | None,
) -> Enrollment:
    enrollment = Enrollment(
        person=person,
        program=program,
        role=role,
        started_on=timezone.localdate(),
        consent_given_at=timezone.now() if consent_text_version else None,
        consent_text_version=consent_text_version,
    )
    enrollment.full_clean()
    enrollment.save()
    audit_log(actor=actor, action="enrollment.created", target=enrollment)
    return enrollment
