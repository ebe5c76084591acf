"""Every change to programs, training, supporters, enrollment, plans and check-ins, one
module per concern. The services are imported here: the apps above say
`from programs.services import coordinators`, whichever module holds it."""

from programs.services.checkins import (
    WHO5_LOW_SCORE,
    WHO5_MEANINGFUL_DROP,
    CheckInResult,
    checkin_reminders,
    checkin_submit,
    checkins_due,
    who5_score,
)
from programs.services.common import add_months, coordinators
from programs.services.enrollment import enrollment_create
from programs.services.plans import plan_save
from programs.services.supporters import (
    APPLICATION_FIELDS,
    ApplicationNotOpen,
    application_approve,
    application_decline,
    application_submit,
    supporter_profile_save,
)
from programs.services.training import (
    training_expiry_reminders,
    training_record_add,
    training_record_update,
)
from programs.services.training_import import TrainingImportReport, training_records_import

__all__ = [
    "APPLICATION_FIELDS",
    "WHO5_LOW_SCORE",
    "WHO5_MEANINGFUL_DROP",
    "ApplicationNotOpen",
    "CheckInResult",
    "TrainingImportReport",
    "add_months",
    "application_approve",
    "application_decline",
    "application_submit",
    "checkin_reminders",
    "checkin_submit",
    "checkins_due",
    "coordinators",
    "enrollment_create",
    "plan_save",
    "supporter_profile_save",
    "training_expiry_reminders",
    "training_record_add",
    "training_record_update",
    "training_records_import",
    "who5_score",
]
