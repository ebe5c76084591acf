"""The directory in from HSDS 3.0: all or nothing, each service written audited."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.text import UNWANTED
from referrals.hsds.mapping import Row, service_rows
from referrals.hsds.validation import Refused, check_schema
from referrals.models import Service


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def hsds_import(data: list[dict[str, Any]] | dict[str, Any], *, actor: User | None) -> ImportReport:
    """Create or update services from HSDS organisations, matched on the service `id`.

    The file is checked against the HSDS schema first, then every service against our
    model; any error leaves the directory untouched. Each service written gets one audit
    entry. A kind we do not know becomes "ngo"; urgencies and languages we do not know
    are dropped. Services missing from the file are left as they are.
    """
    report = ImportReport()
    organizations = [data] if isinstance(data, dict) else data
    try:
        if not isinstance(organizations, list):
            raise Refused([_("The file must hold an HSDS organisation or a list of them.")])
        check_schema(organizations)
        rows = service_rows(organizations)
        with transaction.atomic():
            _write(rows, actor=actor, report=report)
    except Refused as refused:
        return ImportReport(errors=refused.errors)
    except IntegrityError:
        return ImportReport(
            errors=[_("The directory changed during the import. Nothing was imported; try again.")]
        )
    return report


def _write(rows: Sequence[Row], *, actor: User | None, report: ImportReport) -> None:
    """Check every row, then save them all: one invalid service refuses the whole file."""
    existing = Service.objects.select_for_update().in_bulk(
        [row.hsds_id for row in rows], field_name="hsds_id"
    )
    checked: list[tuple[Service, list[str]]] = []
    errors: list[str] = []
    for row in rows:
        service = existing.get(row.hsds_id) or Service(hsds_id=row.hsds_id)
        changed = [
            name
            for name, value in row.fields.items()
            if service.pk is None or getattr(service, name) != value
        ]
        for name, value in row.fields.items():
            setattr(service, name, value)
        try:
            _refuse_nul_characters(row.fields)
            service.full_clean()
        except ValidationError as error:
            errors += _invalid(row, error)
            continue
        checked.append((service, changed))
    if errors:
        raise Refused(errors)
    for service, changed in checked:
        created = service.pk is None
        service.save()
        audit_log(
            actor=actor,
            action="service.imported",
            target=service,
            changes={"created": created, "fields": changed},
        )
        if created:
            report.created += 1
        else:
            report.updated += 1


def _refuse_nul_characters(fields: dict[str, Any]) -> None:
    """A file is refused, not quietly changed, when a text holds a NUL (PostgreSQL cannot
    store it, and full_clean() does not check for it), another control character or a
    bidi override (text that reads differently from how it is stored)."""
    problems = {}
    for name, value in fields.items():
        texts = value if isinstance(value, list) else [str(value)]
        if any("\x00" in text for text in texts):
            problems[name] = _("This contains a NUL character, which cannot be stored.")
        elif any(UNWANTED.search(str(text)) for text in texts):
            problems[name] = _(
                "This contains control characters or bidirectional overrides; remove them."
            )
    if problems:
        raise ValidationError(problems)


def _invalid(row: Row, error: ValidationError) -> list[str]:
    messages = []
    for name, problems in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else Service._meta.get_field(name).verbose_name
        for problem in problems:
            messages.append(
                _("Service %(service)s, %(field)s: %(problem)s")
                % {"service": row.label, "field": label, "problem": problem}
                if label
                else _("Service %(service)s: %(problem)s")
                % {"service": row.label, "problem": problem}
            )
    return messages
