"""Return-to-work plans."""

from typing import Any

from django.db import transaction

from peersupport.models import User
from peersupport.services.audit import audit_log
from programs.models import ReturnToWorkPlan


@transaction.atomic
def plan_save(*, plan_form: Any, phases: Any, milestones: Any, actor: User) -> ReturnToWorkPlan:
    """Save a return-to-work plan with its phases and milestones (all validated), audited."""
    plan = plan_form.save()
    phases.instance = milestones.instance = plan
    phases.save()
    milestones.save()
    audit_log(
        actor=actor,
        action="plan.saved",
        target=plan,
        changes={"fields": sorted(plan_form.changed_data)},
    )
    return plan
