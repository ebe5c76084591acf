"""Reading an HR export into rows, each normalised and checked on its own."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from peersupport.models import SpokenLanguage
from peersupport.services.hr_import.columns import (
    CHANGE_LABELS,
    COLUMN_LABELS,
    COLUMNS,
    EMAIL_MAX_LENGTH,
    FIELD_LIMITS,
    GENDERS,
    LANGUAGE_NAMES,
    REQUIRED_COLUMNS,
    STATUSES,
)
from peersupport.tabular import TableError, read_rows

# The file as a whole cannot be read; the message says why (translated).
ImportFileError = TableError


@dataclass
class RowPlan:
    line: int
    values: dict[str, Any]
    action: str = ""  # create, update, unchanged, leave, skip, error
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def employee_id(self) -> str:
        return self.values.get("employee_id", "")

    @property
    def change_labels(self) -> list[str]:
        return [str(CHANGE_LABELS[name]) for name in self.changes]


@dataclass
class ImportPlan:
    rows: list[RowPlan]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("create", "update", "unchanged", "leave", "skip", "error"), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


def hr_file_read(*, name: str, content: bytes) -> list[dict[str, Any]]:
    """The rows of an HR export, each a dict of known columns plus its line number."""
    return read_rows(
        name=name,
        content=content,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        max_rows=settings.HR_IMPORT_MAX_ROWS,
    )


# --- planning -------------------------------------------------------------------------


def normalise_row(raw: dict[str, Any]) -> RowPlan:
    """One row as the import will write it, with every error that row has on its own."""
    row = RowPlan(line=raw["line"], values={})
    values = row.values
    for column in ("employee_id", "full_name", "department", "site", "line_manager_id"):
        values[column] = " ".join(str(raw.get(column, "")).split())
    values["email"] = str(raw.get("email", "")).strip().lower()
    if not values["employee_id"]:
        row.errors.append(_("The employee id is missing."))
    if not values["full_name"]:
        row.errors.append(_("The full name is missing."))
    for column, limit in FIELD_LIMITS.items():
        if len(values[column]) > limit:
            row.errors.append(
                _("%(column)s is longer than %(limit)d characters.")
                % {"column": COLUMN_LABELS[column], "limit": limit}
            )
    try:
        if len(values["email"]) > EMAIL_MAX_LENGTH:
            raise ValidationError("longer than the column")
        validate_email(values["email"])
    except ValidationError:
        row.errors.append(
            _("“%(email)s” is not a valid e-mail address.") % {"email": values["email"][:80]}
        )
    values["username"] = username_for(values["employee_id"])
    gender = str(raw.get("gender", "")).strip().lower()
    if gender in GENDERS:
        values["gender"] = str(GENDERS[gender])
    else:
        row.errors.append(_("Unknown gender “%(value)s”.") % {"value": raw.get("gender")})
    values["languages"] = []
    for part in str(raw.get("languages", "")).replace(";", ",").replace("/", ",").split(","):
        name = part.strip().lower()
        if not name:
            continue
        code = name if name in SpokenLanguage.values else LANGUAGE_NAMES.get(name)
        if code is None:
            row.errors.append(_("Unknown language “%(value)s”.") % {"value": part.strip()})
        elif code not in values["languages"]:
            values["languages"].append(code)
    status = str(raw.get("status", "")).strip().lower()
    if status in STATUSES:
        values["status"] = STATUSES[status]
    else:
        row.errors.append(
            _("Unknown status “%(value)s”: use active or left.") % {"value": raw.get("status")}
        )
    if values["line_manager_id"] and values["line_manager_id"] == values["employee_id"]:
        row.errors.append(_("A person cannot be their own line manager."))
    return row


def username_for(employee_id: str) -> str:
    """The user name of an imported person: their employee id, lower-cased, in the
    characters Django allows (KRY/2020/001 becomes kry-2020-001)."""
    return re.sub(r"[^\w.@+-]+", "-", employee_id.lower()).strip("-")[:150]
