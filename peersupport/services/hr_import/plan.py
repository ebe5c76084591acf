"""Importing people from the HR system's export (CSV or XLSX).

Three steps, so nothing is written before a coordinator has seen what will happen:
`hr_file_read` turns a file into rows (or refuses the file), `hr_import_plan` says per
row what would change and why a row is refused, and `hr_import_apply` writes a plan
without a single refused row, in one transaction. People are matched by employee id;
nobody is ever deleted; people marked as left lose access at once.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peersupport.models import (
    AccountToken,
    Gender,
    HrImport,
    HrImportStatus,
    SpokenLanguage,
    User,
)
from peersupport.roles import Role
from peersupport.seams import leavers_handle
from peersupport.services.accounts import invitations_send
from peersupport.services.audit import audit_log, audit_log_many
from peersupport.services.notifications import notification_queue_many
from peersupport.tabular import TableError, read_rows

# Each column with the header names HR systems use for it (compared case-insensitively,
# spaces and hyphens read as underscores).
COLUMNS: dict[str, set[str]] = {
    "employee_id": {"employee_id", "employee_number", "id_karyawan", "nik", "nomor_induk"},
    "full_name": {"full_name", "name", "nama", "nama_lengkap"},
    "email": {"email", "e_mail", "work_email", "work_e_mail", "email_kantor"},
    "department": {"department", "departemen", "divisi", "bagian"},
    "site": {"site", "location", "lokasi", "lokasi_kerja"},
    "line_manager_id": {
        "line_manager_id",
        "line_manager",
        "manager_employee_id",
        "manager_id",
        "id_atasan",
        "atasan",
    },
    "gender": {"gender", "sex", "jenis_kelamin"},
    "languages": {"languages", "language", "bahasa"},
    "status": {"status", "employment_status", "status_karyawan"},
}
REQUIRED_COLUMNS = ("employee_id", "full_name", "email")

GENDERS = {
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
    "p": Gender.FEMALE,
    "wanita": Gender.FEMALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "laki-laki": Gender.MALE,
    "laki laki": Gender.MALE,
    "l": Gender.MALE,
    "pria": Gender.MALE,
    "other": Gender.OTHER,
    "lainnya": Gender.OTHER,
    "": Gender.UNDISCLOSED,
}
STATUSES = {
    "": "active",
    "active": "active",
    "aktif": "active",
    "left": "left",
    "leaver": "left",
    "terminated": "left",
    "resigned": "left",
    "keluar": "left",
    "berhenti": "left",
    "resign": "left",
}
LANGUAGE_NAMES = {
    "indonesian": "id",
    "bahasa indonesia": "id",
    "english": "en",
    "inggris": "en",
    "bahasa inggris": "en",
    "javanese": "jv",
    "jawa": "jv",
    "bahasa jawa": "jv",
    "sundanese": "su",
    "sunda": "su",
    "bahasa sunda": "su",
    "malay": "ms",
    "melayu": "ms",
    "mandarin": "zh",
    "chinese": "zh",
    "balinese": "ban",
    "bali": "ban",
    "minangkabau": "min",
    "minang": "min",
}
EMAIL_MAX_LENGTH = 254
FIELD_LIMITS = {"employee_id": 40, "full_name": 200, "department": 120, "site": 120}
COLUMN_LABELS = {
    "employee_id": gettext_lazy("Employee id"),
    "full_name": gettext_lazy("Full name"),
    "department": gettext_lazy("Department"),
    "site": gettext_lazy("Site"),
}
# How the preview names each change.
CHANGE_LABELS = {
    "full_name": gettext_lazy("full name"),
    "email": gettext_lazy("work e-mail"),
    "department": gettext_lazy("department"),
    "site": gettext_lazy("site"),
    "gender": gettext_lazy("gender"),
    "languages": gettext_lazy("languages spoken"),
    "employee_id": gettext_lazy("employee id"),
    "line_manager": gettext_lazy("line manager"),
    "rejoined": gettext_lazy("rejoined the company"),
    "confirmed_by_hr": gettext_lazy("sign-up confirmed by HR"),
}
# The fields an import sets, in the order the report shows them.
IMPORTED_FIELDS = ["full_name", "email", "department", "site", "gender", "languages"]


# The file as a whole cannot be read; the message says why (translated).
ImportFileError = TableError


class ImportNotApplicable(Exception):
    """The import was applied already, discarded, or has refused rows."""


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


# --- reading the file -----------------------------------------------------------------


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


def _normalise(raw: dict[str, Any]) -> RowPlan:
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


def _flag_duplicates(rows: list[RowPlan], key: str, message: str) -> None:
    """Rows that repeat a value (ignoring case) are refused, naming the first line."""
    seen: dict[str, int] = {}
    for row in rows:
        value = row.values.get(key)
        if not value:
            continue
        folded = value.lower()
        if folded in seen:
            row.errors.append(message % {"value": value, "line": seen[folded]})
        else:
            seen[folded] = row.line


def _chunks(values: list[str], size: int = 2000) -> list[list[str]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def _existing_people(rows: list[RowPlan]) -> tuple[dict[str, User], dict[str, User]]:
    employee_ids = sorted({r.employee_id for r in rows if r.employee_id})
    manager_ids = sorted({r.values["line_manager_id"] for r in rows if r.values["line_manager_id"]})
    emails = sorted({r.values["email"] for r in rows if r.values["email"]})
    by_employee_id: dict[str, User] = {}
    by_email: dict[str, User] = {}
    queryset = User.objects.select_related("line_manager").only(
        "id",
        "username",
        "employee_id",
        "email",
        "full_name",
        "department",
        "site",
        "gender",
        "languages",
        "is_active",
        "left_at",
        "last_login",
        "awaiting_confirmation",
        "line_manager__employee_id",
    )
    for chunk in _chunks(sorted(set(employee_ids) | set(manager_ids))):
        for user in queryset.filter(employee_id__in=chunk):
            by_employee_id[user.employee_id] = user
    for chunk in _chunks(emails):
        for user in queryset.annotate(email_folded=Lower("email")).filter(email_folded__in=chunk):
            by_email[user.email.lower()] = user
    return by_employee_id, by_email


def _taken_usernames(rows: list[RowPlan]) -> set[str]:
    candidates = sorted({r.employee_id.lower() for r in rows if r.employee_id})
    taken: set[str] = set()
    for chunk in _chunks(candidates):
        taken.update(
            name.lower()
            for name in User.objects.filter(username__in=chunk).values_list("username", flat=True)
        )
    return taken


def hr_import_plan(*, rows: list[dict[str, Any]]) -> ImportPlan:
    """What importing these rows would do, row by row. Writes nothing."""
    plans = [_normalise(raw) for raw in rows]
    _flag_duplicates(
        plans, "employee_id", gettext_lazy("Employee id %(value)s is also on line %(line)d.")
    )
    _flag_duplicates(plans, "email", gettext_lazy("E-mail %(value)s is also on line %(line)d."))
    _flag_duplicates(
        plans, "username", gettext_lazy("User name %(value)s is also made on line %(line)d.")
    )
    by_employee_id, by_email = _existing_people(plans)
    taken_usernames = _taken_usernames(plans)
    # A manager must be someone who exists after the import: known already, or a row
    # that creates them (a row marked as left for an unknown person creates nobody).
    will_exist = set(by_employee_id) | {
        r.employee_id for r in plans if r.employee_id and r.values.get("status") == "active"
    }
    for row in plans:
        _plan_row(row, by_employee_id, by_email, will_exist, taken_usernames)
        if row.errors:
            row.action = "error"
    return ImportPlan(rows=plans)


def _plan_row(
    row: RowPlan,
    by_employee_id: dict[str, User],
    by_email: dict[str, User],
    will_exist: set[str],
    taken_usernames: set[str],
) -> None:
    values = row.values
    manager_id = values["line_manager_id"]
    if manager_id and manager_id not in will_exist:
        row.errors.append(
            _("Line manager %(id)s is neither in the file nor known.") % {"id": manager_id}
        )
    person = by_employee_id.get(row.employee_id)
    owner = by_email.get(values["email"])
    if owner is not None and (person is None or owner.pk != person.pk):
        if person is None and not owner.employee_id:
            person = owner  # someone who signed up or was added by hand: link, do not duplicate
        else:
            row.errors.append(
                _("E-mail %(email)s belongs to another person (%(name)s).")
                % {"email": values["email"], "name": owner.full_name}
            )
    if row.errors:
        return
    if person is None:
        if values["status"] == "left":
            row.action = "skip"
            row.note = _("Not in the system, and marked as left: nothing to do.")
        elif not values["username"] or values["username"] in taken_usernames:
            row.errors.append(
                _("The user name %(name)s is taken by another account.")
                % {"name": values["username"]}
            )
        else:
            row.action = "create"
        return
    row.values["pk"] = person.pk
    row.values["is_active"] = person.is_active
    row.values["awaiting"] = person.awaiting_confirmation
    row.changes = [name for name in IMPORTED_FIELDS if _differs(person, name, values[name])]
    if person.employee_id != row.employee_id:
        row.changes.append("employee_id")
    current_manager = person.line_manager.employee_id if person.line_manager else ""
    if current_manager != manager_id:
        row.changes.append("line_manager")
    if values["status"] == "left":
        row.action = "unchanged" if person.left_at else "leave"
    elif person.left_at:
        row.changes.append("rejoined")
        row.action = "update"
    elif person.awaiting_confirmation:
        row.changes.append("confirmed_by_hr")  # a pending sign-up HR now vouches for
        row.action = "update"
    else:
        row.action = "update" if row.changes else "unchanged"


def _differs(person: User, name: str, value: object) -> bool:
    current = getattr(person, name)
    if name == "email":
        return current.lower() != value
    return current != value


# --- applying -------------------------------------------------------------------------


@transaction.atomic
def hr_import_create(*, name: str, content: bytes, actor: User) -> HrImport:
    """Read an uploaded file and keep its rows for the preview (nothing else changes)."""
    rows = hr_file_read(name=name, content=content)
    hr_import = HrImport.objects.create(uploaded_by=actor, file_name=name[:255], rows=rows)
    audit_log(actor=actor, action="hr_import.uploaded", target=hr_import)
    return hr_import


@transaction.atomic
def hr_import_discard(*, hr_import: HrImport, actor: User) -> bool:
    discarded = HrImport.objects.filter(pk=hr_import.pk, status=HrImportStatus.PREVIEWED).update(
        status=HrImportStatus.DISCARDED
    )
    if discarded:
        audit_log(actor=actor, action="hr_import.discarded", target=hr_import)
    return bool(discarded)


def hr_import_apply(*, hr_import: HrImport, actor: User, send_invitations: bool) -> dict[str, int]:
    """Write a previewed import: all of it, or nothing when any row is refused.

    A conflict with a change made since the preview (another import, a sign-up) rolls
    everything back and is reported like a refused row.
    """
    try:
        return _apply(hr_import=hr_import, actor=actor, send_invitations=send_invitations)
    except (IntegrityError, DatabaseError) as exc:
        raise ImportNotApplicable(
            _("The data changed since the preview; nothing was imported. Upload the file again.")
        ) from exc


@transaction.atomic
def _apply(*, hr_import: HrImport, actor: User, send_invitations: bool) -> dict[str, int]:
    claimed = HrImport.objects.filter(pk=hr_import.pk, status=HrImportStatus.PREVIEWED).update(
        status=HrImportStatus.APPLIED, applied_at=timezone.now()
    )
    if not claimed:
        raise ImportNotApplicable(_("This import was applied or discarded already."))
    plan = hr_import_plan(rows=hr_import.rows)
    if plan.has_errors:
        raise ImportNotApplicable(_("Some rows are refused; correct the file and upload it again."))
    now = timezone.now()
    created = _create_people(_rows(plan, "create"))
    updated = _update_people(_rows(plan, "update"))
    leavers = _mark_leavers(_rows(plan, "leave"), now=now)
    _link_managers(plan.rows)
    audit_log_many(actor=actor, action="user.imported", targets=created)
    audit_log_many(
        actor=actor,
        action="user.updated_from_hr",
        targets=updated,
        changes=[{"fields": r.changes} for r in _rows(plan, "update")],
    )
    audit_log_many(actor=actor, action="user.left", targets=leavers)
    if leavers:
        leavers_handle(users=leavers, actor=actor)
        _tell_coordinators_about_leavers(leavers)
    confirmed = [
        p for p, r in zip(updated, _rows(plan, "update"), strict=True) if r.values["awaiting"]
    ]
    invitees = created + confirmed
    invited = invitations_send(users=invitees, actor=actor) if send_invitations else 0
    summary = {**plan.counts(), "invited": invited}
    HrImport.objects.filter(pk=hr_import.pk).update(summary=summary)
    audit_log(actor=actor, action="hr_import.applied", target=hr_import, changes=summary)
    return summary


def _rows(plan: ImportPlan, action: str) -> list[RowPlan]:
    return [row for row in plan.rows if row.action == action]


def _create_people(rows: list[RowPlan]) -> list[User]:
    if not rows:
        return []
    unusable = make_password(None)  # one unusable hash: they set a password by invitation
    people = User.objects.bulk_create(
        [
            User(
                username=row.values["username"],
                employee_id=row.employee_id,
                password=unusable,
                **{name: row.values[name] for name in IMPORTED_FIELDS},
            )
            for row in rows
        ],
        batch_size=1000,
    )
    employee_group = Group.objects.get(name=Role.EMPLOYEE)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=person.pk, group_id=employee_group.pk) for person in people],
        batch_size=2000,
    )
    for row, person in zip(rows, people, strict=True):
        row.values["pk"] = person.pk
    return people


def _update_people(rows: list[RowPlan]) -> list[User]:
    if not rows:
        return []
    people = []
    for row in rows:
        # Only a person who rejoins (or whose sign-up HR confirms) is let in; a
        # coordinator's deactivation stays.
        let_in = "rejoined" in row.changes or "confirmed_by_hr" in row.changes
        person = User(
            pk=row.values["pk"],
            employee_id=row.employee_id,
            is_active=let_in or row.values["is_active"],
            awaiting_confirmation=False,
        )
        for name in IMPORTED_FIELDS:
            setattr(person, name, row.values[name])
        person.left_at = None
        people.append(person)
    User.objects.bulk_update(
        people,
        [*IMPORTED_FIELDS, "employee_id", "is_active", "awaiting_confirmation", "left_at"],
        batch_size=1000,
    )
    return people


def _mark_leavers(rows: list[RowPlan], *, now: Any) -> list[User]:
    if not rows:
        return []
    ids = [row.values["pk"] for row in rows]
    User.objects.filter(pk__in=ids).update(is_active=False, left_at=now)
    AccountToken.objects.filter(user_id__in=ids, used_at__isnull=True).update(revoked_at=now)
    return list(User.objects.filter(pk__in=ids))


def _link_managers(rows: list[RowPlan]) -> None:
    """Managers are linked after every row is written, so a file may list them in any order."""
    wanted = {
        r.employee_id: r.values["line_manager_id"] for r in rows if "line_manager" in r.changes
    }
    wanted.update(
        {r.employee_id: r.values["line_manager_id"] for r in rows if r.action == "create"}
    )
    manager_ids = sorted({m for m in wanted.values() if m})
    pk_by_employee_id = {
        r.employee_id: r.values["pk"] for r in rows if "pk" in r.values and r.action != "error"
    }
    missing = [m for m in manager_ids if m not in pk_by_employee_id]
    for chunk in _chunks(missing):
        pk_by_employee_id.update(
            User.objects.filter(employee_id__in=chunk).values_list("employee_id", "pk")
        )
    people = [
        User(pk=pk_by_employee_id[employee_id], line_manager_id=pk_by_employee_id.get(manager))
        for employee_id, manager in wanted.items()
        if employee_id in pk_by_employee_id
    ]
    User.objects.bulk_update(people, ["line_manager"], batch_size=1000)


def _tell_coordinators_about_leavers(leavers: list[User]) -> None:
    coordinators = list(
        User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct()
    )
    names = sorted(person.full_name for person in leavers)
    notification_queue_many(
        recipients=coordinators,
        kind="people_left",
        contexts=[{"names": names, "count": len(names)} for _ in coordinators],
    )
