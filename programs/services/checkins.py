"""WHO-5 well-being check-ins: the score, what it suggests, when the next one is due
and the reminders."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue_many
from programs.models import (
    CheckInKind,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    WellbeingCheckIn,
)
from programs.seams import checkin_help_handle

# WHO-5: a score at or below this, or a drop of at least this much, suggests professional help.
WHO5_LOW_SCORE = 28
WHO5_MEANINGFUL_DROP = 10


def who5_score(answers: list[int]) -> int:
    """The WHO-5 score: the raw sum of the five answers (0 to 5 each) times four."""
    if len(answers) != 5 or any(not 0 <= a <= 5 for a in answers):
        raise ValueError("WHO-5 needs five answers from 0 to 5")
    return sum(answers) * 4


@dataclass(frozen=True)
class CheckInResult:
    checkin: WellbeingCheckIn
    suggest_help: bool


@transaction.atomic
def checkin_submit(
    *,
    person: User,
    enrollment: Enrollment | None,
    answers: list[int],
    share_with_supporter: bool,
) -> CheckInResult:
    """Save a WHO-5 check-in; a low score or a clear drop suggests professional help."""
    previous = (
        WellbeingCheckIn.objects.filter(person=person, enrollment=enrollment)
        .order_by("-taken_at", "-id")
        .first()
    )
    checkin = WellbeingCheckIn.objects.create(
        person=person,
        enrollment=enrollment,
        kind=CheckInKind.FOLLOW_UP if previous else CheckInKind.INTAKE,
        answers=answers,
        score=who5_score(answers),
        share_with_supporter=share_with_supporter,
    )
    dropped = previous is not None and previous.score - checkin.score >= WHO5_MEANINGFUL_DROP
    suggest_help = checkin.score <= WHO5_LOW_SCORE or dropped
    audit_log(actor=person, action="checkin.submitted", target=checkin)
    if suggest_help and share_with_supporter and enrollment is not None:
        checkin_help_handle(checkin=checkin)
    return CheckInResult(checkin=checkin, suggest_help=suggest_help)


def checkins_due(*, on: date | None = None) -> list[Enrollment]:
    """Active participant enrollments whose next WHO-5 check-in is due on or before `on`."""
    on = on or timezone.localdate()
    enrollments = (
        Enrollment.objects.filter(
            role=EnrollmentRole.PARTICIPANT,
            status=EnrollmentStatus.ACTIVE,
            person__is_active=True,
            program__active=True,
        )
        .select_related("program", "person")
        .annotate(last_checkin=Max("checkins__taken_at"))
    )
    due = []
    for enrollment in enrollments:
        if enrollment.last_checkin is None:
            due.append(enrollment)  # no intake check-in yet
            continue
        next_due = timezone.localdate(enrollment.last_checkin) + timedelta(
            weeks=enrollment.program.checkin_every_weeks
        )
        if next_due <= on:
            due.append(enrollment)
    return due


def _reminder_wanted(enrollment: Enrollment, *, now: datetime) -> bool:
    """Not reminded since the last check-in, nor within one check-in interval."""
    reminded = enrollment.checkin_reminded_at
    if reminded is None:
        return True
    if enrollment.last_checkin is not None and reminded < enrollment.last_checkin:
        return True
    return reminded <= now - timedelta(weeks=enrollment.program.checkin_every_weeks)


@transaction.atomic
def checkin_reminders(*, on: date | None = None) -> int:
    """Remind participants whose check-in is due: once per due check-in, and again after
    another interval for someone who has not answered. Each enrollment is claimed with a
    conditional update, so two runs at once send one reminder."""
    on = on or timezone.localdate()
    now = timezone.now()
    due = []
    for enrollment in checkins_due(on=on):
        if not _reminder_wanted(enrollment, now=now):
            continue
        claimed = Enrollment.objects.filter(
            pk=enrollment.pk, checkin_reminded_at=enrollment.checkin_reminded_at
        ).update(checkin_reminded_at=now)
        if claimed:
            due.append(enrollment)
    if not due:
        return 0
    notification_queue_many(
        recipients=[e.person for e in due],
        kind="checkin_due",
        contexts=[{"program": e.program.name_en, "program_id": e.program.name_id} for e in due],
    )
    return len(due)
