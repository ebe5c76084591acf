"""A dashboard section as a CSV or XLSX file: the same cells as the page, hidden ones
included as "fewer than 5". Each export is written to the audit trail."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard.access import may_read_dashboard
from dashboard.figures import Section
from dashboard.forms import Scope
from peersupport.models import User
from peersupport.services.audit import audit_log

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

Cells = list[str | int | float]


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    content_type: str


def _safe(value: str | int | float) -> str | int | float:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def section_rows(section: Section, scope: Scope) -> list[Cells]:
    """The lines of an export: what it covers, then each table with its header."""
    rows: list[Cells] = [
        [_("Dashboard"), str(section.title)],
        [_("Program"), str(scope.program) if scope.program else _("All programs")],
        [_("Site"), scope.site or _("All sites")],
        [_("Department"), scope.department or _("All departments")],
        [_("Period"), f"{scope.start.isoformat()} / {scope.end.isoformat()}"],
        [_("Made"), timezone.localtime(scope.now).isoformat(timespec="seconds")],
        [_("Groups of fewer than 5 people are shown as “fewer than 5”.")],
    ]
    for table in section.tables:
        rows += [[], [str(table.title)]]
        rows.append([str(table.label_title), *(str(column.title) for column in table.columns)])
        rows += [[str(row.label), *(cell.export() for cell in row.cells)] for row in table.rows]
    return [[_safe(value) for value in row] for row in rows]


def _csv(rows: list[Cells]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    # With the byte-order mark, spreadsheet programs read the file as UTF-8.
    return text.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[Cells], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


@transaction.atomic
def dashboard_export(
    *, actor: User, section: Section, scope: Scope, file_format: str
) -> ExportFile:
    """The file of one section, named with the program and the period, and its audit entry."""
    # The page checked already; an export leaves the system, so the service asks again.
    if not may_read_dashboard(actor):
        raise PermissionDenied
    rows = section_rows(section, scope)
    content = _csv(rows) if file_format == "csv" else _xlsx(rows, str(section.title))
    audit_log(
        actor=actor,
        action="dashboard.exported",
        changes={
            "section": section.key,
            "format": file_format,
            "program": scope.program.pk if scope.program else None,
            "site": scope.site,
            "department": scope.department,
            "start": scope.start.isoformat(),
            "end": scope.end.isoformat(),
        },
    )
    return ExportFile(
        name=f"dashboard-{section.key}_{scope.file_stem}.{file_format}",
        content=content,
        content_type=CONTENT_TYPES[file_format],
    )
