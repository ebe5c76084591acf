"""The return-to-work plan that the matched supporter writes for the participant."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from matching.access import match_for
from programs.forms import MilestoneFormSet, PhaseFormSet, ReturnToWorkPlanForm
from programs.models import ReturnToWorkPlan
from programs.services import plan_save


@login_required
def plan_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """The matched supporter writes the participant's return-to-work plan."""
    match = match_for(request.user, uuid, action="plan")
    plan = ReturnToWorkPlan.objects.filter(enrollment=match.enrollment).first() or ReturnToWorkPlan(
        enrollment=match.enrollment
    )
    data = request.POST if request.method == "POST" else None
    plan_form = ReturnToWorkPlanForm(data, instance=plan)
    phases = PhaseFormSet(data, instance=plan, prefix="phases")
    milestones = MilestoneFormSet(data, instance=plan, prefix="milestones")
    if data is not None and plan_form.is_valid() and phases.is_valid() and milestones.is_valid():
        plan_save(plan_form=plan_form, phases=phases, milestones=milestones, actor=request.user)
        messages.success(request, _("The return-to-work plan is saved."))
        return redirect("matching:plan", uuid=match.uuid)
    return render(
        request,
        "matching/plan.html",
        {"match": match, "form": plan_form, "phases": phases, "milestones": milestones},
    )
