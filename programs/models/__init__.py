"""Programs, training, supporters, enrollment, return-to-work plans and WHO-5 check-ins,
one module per concern; imported here so that the rest of the code (and the migrations)
say `from programs.models import Program`."""

from programs.models.bilingual import Bilingual
from programs.models.checkins import CheckInKind, WellbeingCheckIn
from programs.models.enrollment import Enrollment, EnrollmentRole, EnrollmentStatus
from programs.models.plans import Milestone, PlanPhase, ReturnToWorkPlan
from programs.models.programs import Program
from programs.models.supporters import (
    ApplicationStatus,
    SupporterApplication,
    SupporterProfile,
    SupporterStatus,
    SupportOffer,
)
from programs.models.training import TrainingModule, TrainingRecord

__all__ = [
    "ApplicationStatus",
    "Bilingual",
    "CheckInKind",
    "Enrollment",
    "EnrollmentRole",
    "EnrollmentStatus",
    "Milestone",
    "PlanPhase",
    "Program",
    "ReturnToWorkPlan",
    "SupportOffer",
    "SupporterApplication",
    "SupporterProfile",
    "SupporterStatus",
    "TrainingModule",
    "TrainingRecord",
    "WellbeingCheckIn",
]
