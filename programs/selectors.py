"""Reads of the programs app that pages need, each a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Min, Prefetch
from django.utils import timezone

from peersupport.models import User
from programs.models import (
    ApplicationStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Milestone,
    PlanPhase,
    Program,
    SupporterApplication,
    SupporterProfile,
    TrainingModule,
    TrainingRecord,
    WellbeingCheckIn,
)
from programs.querysets import EXPIRY_WARNING_DAYS, current_on


@dataclass
class ProgramTraining:
    program: Program
    eligible: bool
    missing: list[TrainingModule] = field(default_factory=list)
    expiring: list[TrainingRecord] = field(default_factory=list)


def supporter_training_status(*, user: User, on: date | None = None) -> list[ProgramTraining]:
    """For each active program: eligible or not, what is missing, what expires soon.

    Four queries whatever the number of programs, modules or records.
    """
    on = on or timezone.localdate()
    available = SupporterProfile.objects.available_on(on).filter(user=user).exists()
    programs = list(Program.objects.active().prefetch_related("required_modules"))
    eligible_ids = set(
        Program.objects.active().eligible_for_supporter(user.pk, on=on).values_list("pk", flat=True)
    )
    current: dict[int, TrainingRecord] = {}
    for record in (
        TrainingRecord.objects.filter(current_on(on), supporter=user)
        .select_related("module")
        .order_by("expires_on")
    ):
        current[record.module_id] = record  # the latest expiry wins
    soon = on + timedelta(days=EXPIRY_WARNING_DAYS)
    status = []
    for program in programs:
        required = list(program.required_modules.all())
        status.append(
            ProgramTraining(
                program=program,
                eligible=available and program.pk in eligible_ids,
                missing=[m for m in required if m.pk not in current],
                expiring=[
                    current[m.pk]
                    for m in required
                    if m.pk in current and current[m.pk].expires_on <= soon
                ],
            )
        )
    return status


def participant_enrollments(*, user: User) -> list[Enrollment]:
    """A participant's enrollments with their plan, phases, milestones and check-ins."""
    return list(
        Enrollment.objects.filter(person=user, role=EnrollmentRole.PARTICIPANT)
        .select_related("program", "return_to_work_plan")
        .prefetch_related(
            Prefetch("return_to_work_plan__phases", queryset=PlanPhase.objects.all()),
            Prefetch("return_to_work_plan__milestones", queryset=Milestone.objects.all()),
            Prefetch("checkins", queryset=WellbeingCheckIn.objects.order_by("-taken_at")),
        )
        .order_by("-started_on")
    )


def expiring_training_of(*, user: User, on: date | None = None) -> dict:
    """For the supporter's home: how many of their current records expire within 30 days
    without a renewal, and the first such expiry date (one query)."""
    return (
        TrainingRecord.objects.expiring(on=on)
        .filter(supporter=user)
        .aggregate(count=Count("pk"), first=Min("expires_on"))
    )


def coordinator_program_counts(*, on: date | None = None) -> dict[str, int]:
    """For the coordinator's home: applications waiting for a decision and supporters
    whose training expires within 30 days (the admin's `?training=expiring`)."""
    return {
        "applications": SupporterApplication.objects.filter(
            status=ApplicationStatus.SUBMITTED
        ).count(),
        "expiring": SupporterProfile.objects.with_expiring_training(on=on).count(),
    }


def checkins_due_of(*, user: User, on: date | None = None) -> list[Enrollment]:
    """The person's active participant enrollments whose WHO-5 check-in is due on or
    before `on` (the first one at once), in one query over their own enrollments."""
    on = on or timezone.localdate()
    enrollments = (
        Enrollment.objects.filter(
            person=user,
            role=EnrollmentRole.PARTICIPANT,
            status=EnrollmentStatus.ACTIVE,
            program__active=True,
        )
        .select_related("program")
        .annotate(last_checkin=Max("checkins__taken_at"))
        .order_by("started_on", "pk")
    )
    return [
        enrollment
        for enrollment in enrollments
        if enrollment.last_checkin is None
        or timezone.localdate(enrollment.last_checkin)
        + timedelta(weeks=enrollment.program.checkin_every_weeks)
        <= on
    ]
