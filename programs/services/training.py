"""Training records: recording a completed module, correcting it, and the reminders
before it expires."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue_many
from programs.models import TrainingModule, TrainingRecord
from programs.services.common import add_months, coordinators


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
