"""Every change to programs, training, supporters, enrollment, plans and check-ins."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log, audit_log_many
from peersupport.services.notifications import notification_queue, notification_queue_many
from peersupport.services.users import user_grant_role
from peersupport.tabular import read_rows
from programs.models import (
    ApplicationStatus,
    CheckInKind,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    ReturnToWorkPlan,
    SupporterApplication,
    SupporterProfile,
    SupporterStatus,
    TrainingModule,
    TrainingRecord,
    WellbeingCheckIn,
)
from programs.seams import checkin_help_handle

# WHO-5: a score at or below this, or a drop of at least this much, suggests professional help.
WHO5_LOW_SCORE = 28
WHO5_MEANINGFUL_DROP = 10


class ApplicationNotOpen(Exception):
    """The application was decided already."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month: 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def coordinators() -> list[User]:
    return list(User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct())


# --- training -------------------------------------------------------------------------


@transaction.atomic
def training_record_add(
    *,
    supporter: User,
    module: TrainingModule,
    completed_on: date,
    signed_off_by: User | None,
    note: str = "",
    actor: User | None,
) -> TrainingRecord:
    """Record a completed module; it expires after the module's validity."""
    record = TrainingRecord(
        supporter=supporter,
        module=module,
        completed_on=completed_on,
        expires_on=add_months(completed_on, module.validity_months),
        signed_off_by=signed_off_by,
        note=note,
    )
    record.full_clean()
    record.save()
    audit_log(
        actor=actor,
        action="training.recorded",
        target=record,
        changes={"module": module.code, "completed_on": completed_on.isoformat()},
    )
    return record


@transaction.atomic
def training_record_update(*, record: TrainingRecord, changed: list[str], actor: User) -> None:
    """Save a corrected record: the expiry follows the module, and a changed expiry will
    be announced again when it comes near."""
    previous = TrainingRecord.objects.filter(pk=record.pk).values_list("expires_on", flat=True)
    record.expires_on = add_months(record.completed_on, record.module.validity_months)
    if record.expires_on != previous.first():
        record.expiry_reminded_at = None
    record.full_clean()
    record.save()
    audit_log(
        actor=actor, action="training.corrected", target=record, changes={"fields": sorted(changed)}
    )


TRAINING_COLUMNS = {
    "supporter": {"supporter", "employee_id", "email", "person", "nik", "pendamping"},
    "module": {"module", "module_code", "code", "modul"},
    "completed_on": {"completed_on", "completed", "date", "tanggal", "tanggal_selesai"},
    "signed_off_by": {"signed_off_by", "signed_off", "trainer", "pelatih"},
    "note": {"note", "notes", "catatan"},
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


@dataclass
class TrainingImportReport:
    rows: int = 0
    written: int = 0
    refused: list[tuple[int, list[str]]] = field(default_factory=list)


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _people_by_key(keys: set[str]) -> dict[str, User]:
    """People found by employee id, work e-mail or user name (all lower-cased keys)."""
    found: dict[str, User] = {}
    lowered = sorted(keys)
    people = User.objects.filter(
        Q(employee_id__in=[k.upper() for k in lowered] + lowered)
        | Q(email__in=lowered)
        | Q(username__in=lowered)
    )
    for person in people:
        for key in (person.employee_id, person.email, person.username):
            if key:
                found[key.lower()] = person
    return found


@transaction.atomic
def training_records_import(*, name: str, content: bytes, actor: User) -> TrainingImportReport:
    """Import completed modules from CSV or XLSX: every row, or none when one is refused.

    Raises TableError for a file that cannot be read at all.
    """
    rows = read_rows(
        name=name,
        content=content,
        columns=TRAINING_COLUMNS,
        required=("supporter", "module", "completed_on"),
        max_rows=20_000,
    )
    modules = {m.code: m for m in TrainingModule.objects.all()}
    people = _people_by_key(
        {r["supporter"].lower() for r in rows} | {r.get("signed_off_by", "").lower() for r in rows}
    )
    supporter_ids = set(
        User.objects.filter(groups__name=Role.SUPPORTER).values_list("id", flat=True)
    )
    existing = set(
        TrainingRecord.objects.filter(supporter__in=[p.pk for p in people.values()]).values_list(
            "supporter_id", "module__code", "completed_on"
        )
    )
    today = timezone.localdate()
    report = TrainingImportReport(rows=len(rows))
    records, seen = [], set()
    for row in rows:
        errors: list[str] = []
        person = people.get(row["supporter"].lower())
        module = modules.get(row["module"].strip().lower())
        completed_on = _parse_date(row["completed_on"])
        signer_key = row.get("signed_off_by", "").lower()
        signer = people.get(signer_key) if signer_key else None
        if person is None:
            errors.append(_("No person “%(key)s”.") % {"key": row["supporter"]})
        elif person.pk not in supporter_ids:
            errors.append(_("%(name)s is not a peer supporter.") % {"name": person.full_name})
        if module is None:
            errors.append(_("No training module “%(code)s”.") % {"code": row["module"]})
        if completed_on is None:
            errors.append(
                _("“%(value)s” is not a date such as 2026-03-31.") % {"value": row["completed_on"]}
            )
        elif completed_on > today:
            errors.append(_("The completion date is in the future."))
        if signer_key and signer is None:
            errors.append(_("No person “%(key)s” to sign off.") % {"key": row["signed_off_by"]})
        if len(row.get("note", "")) > 500:
            errors.append(_("The note is longer than 500 characters."))
        if not errors:
            key = (person.pk, module.code, completed_on)
            if key in existing:
                errors.append(_("This completion is already recorded."))
            elif key in seen:
                errors.append(_("This completion is in the file twice."))
            seen.add(key)
        if errors:
            report.refused.append((row["line"], errors))
            continue
        records.append(
            TrainingRecord(
                supporter=person,
                module=module,
                completed_on=completed_on,
                expires_on=add_months(completed_on, module.validity_months),
                signed_off_by=signer,
                note=row.get("note", ""),
            )
        )
    if report.refused:
        return report  # nothing is written while any row is refused
    created = TrainingRecord.objects.bulk_create(records, batch_size=1000)
    audit_log_many(actor=actor, action="training.imported", targets=created)
    report.written = len(created)
    return report


# --- supporters -----------------------------------------------------------------------

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


# --- enrollment and WHO-5 -------------------------------------------------------------


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


# --- reminders ------------------------------------------------------------------------


@transaction.atomic
def training_expiry_reminders(*, on: date | None = None) -> int:
    """Tell supporters (and coordinators) about current training that expires within 30 days.

    Each record is announced once; returns how many records were announced.
    """
    on = on or timezone.localdate()
    records = list(
        TrainingRecord.objects.expiring(on=on)
        .select_for_update(of=("self",))
        .filter(expiry_reminded_at__isnull=True, supporter__is_active=True)
        .select_related("module", "supporter")
        .order_by("supporter_id", "expires_on")
    )
    if not records:
        return 0
    by_supporter: dict[int, list[TrainingRecord]] = {}
    for record in records:
        by_supporter.setdefault(record.supporter_id, []).append(record)
    supporters = [group[0].supporter for group in by_supporter.values()]
    notification_queue_many(
        recipients=supporters,
        kind="training_expiring",
        contexts=[
            {
                "modules": [
                    [r.module.title_en, r.module.title_id, r.expires_on.isoformat()] for r in group
                ]
            }
            for group in by_supporter.values()
        ],
    )
    people = coordinators()
    summary = sorted({f"{r.supporter.full_name}" for r in records})
    notification_queue_many(
        recipients=people,
        kind="training_expiring_summary",
        contexts=[{"supporters": summary, "count": len(summary)} for _ in people],
    )
    TrainingRecord.objects.filter(pk__in=[r.pk for r in records]).update(
        expiry_reminded_at=timezone.now()
    )
    return len(records)


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
