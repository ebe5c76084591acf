"""Importing completed training modules from a CSV or XLSX file: every row, or none."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log_many
from peersupport.tabular import read_rows
from programs.models import TrainingModule, TrainingRecord
from programs.services.common import add_months

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


@dataclass(frozen=True)
class _Known:
    """What every row is checked against, read once for the whole file."""

    modules: dict[str, TrainingModule]
    people: dict[str, User]
    supporter_ids: set[int]
    existing: set[tuple[int, str, date]]
    today: date


def _known_for(rows: list[dict[str, Any]]) -> _Known:
    people = _people_by_key(
        {r["supporter"].lower() for r in rows} | {r.get("signed_off_by", "").lower() for r in rows}
    )
    return _Known(
        modules={m.code: m for m in TrainingModule.objects.all()},
        people=people,
        supporter_ids=set(
            User.objects.filter(groups__name=Role.SUPPORTER).values_list("id", flat=True)
        ),
        existing=set(
            TrainingRecord.objects.filter(
                supporter__in=[p.pk for p in people.values()]
            ).values_list("supporter_id", "module__code", "completed_on")
        ),
        today=timezone.localdate(),
    )


def _row_record(
    row: dict[str, Any], known: _Known, seen: set[tuple[int, str, date]]
) -> tuple[TrainingRecord | None, list[str]]:
    """The record a row asks for, or why it is refused. `seen` collects the completions
    of the rows before it, so that a completion listed twice is refused the second time."""
    errors: list[str] = []
    person = known.people.get(row["supporter"].lower())
    module = known.modules.get(row["module"].strip().lower())
    completed_on = _parse_date(row["completed_on"])
    signer_key = row.get("signed_off_by", "").lower()
    signer = known.people.get(signer_key) if signer_key else None
    if person is None:
        errors.append(_("No person “%(key)s”.") % {"key": row["supporter"]})
    elif person.pk not in known.supporter_ids:
        errors.append(_("%(name)s is not a peer supporter.") % {"name": person.full_name})
    if module is None:
        errors.append(_("No training module “%(code)s”.") % {"code": row["module"]})
    if completed_on is None:
        errors.append(
            _("“%(value)s” is not a date such as 2026-03-31.") % {"value": row["completed_on"]}
        )
    elif completed_on > known.today:
        errors.append(_("The completion date is in the future."))
    if signer_key and signer is None:
        errors.append(_("No person “%(key)s” to sign off.") % {"key": row["signed_off_by"]})
    if len(row.get("note", "")) > 500:
        errors.append(_("The note is longer than 500 characters."))
    if errors or person is None or module is None or completed_on is None:
        return None, errors
    key = (person.pk, module.code, completed_on)
    if key in known.existing:
        errors.append(_("This completion is already recorded."))
    elif key in seen:
        errors.append(_("This completion is in the file twice."))
    seen.add(key)
    if errors:
        return None, errors
    record = TrainingRecord(
        supporter=person,
        module=module,
        completed_on=completed_on,
        expires_on=add_months(completed_on, module.validity_months),
        signed_off_by=signer,
        note=row.get("note", ""),
    )
    return record, []


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
    known = _known_for(rows)
    report = TrainingImportReport(rows=len(rows))
    records: list[TrainingRecord] = []
    seen: set[tuple[int, str, date]] = set()
    for row in rows:
        record, errors = _row_record(row, known, seen)
        if record is None:
            report.refused.append((row["line"], errors))
        else:
            records.append(record)
    if report.refused:
        return report  # nothing is written while any row is refused
    created = TrainingRecord.objects.bulk_create(records, batch_size=1000)
    audit_log_many(actor=actor, action="training.imported", targets=created)
    report.written = len(created)
    return report
