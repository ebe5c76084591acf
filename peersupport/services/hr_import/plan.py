"""Planning an import: each row against the people we know, and against the other rows.
Writes nothing."""

from typing import Any

from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peersupport.models import User
from peersupport.services.hr_import.columns import IMPORTED_FIELDS
from peersupport.services.hr_import.rows import ImportPlan, RowPlan, normalise_row


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


def in_chunks(values: list[str], size: int = 2000) -> list[list[str]]:
    """`values` in slices, so that an `__in` look-up stays below the database's limits."""
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
    for chunk in in_chunks(sorted(set(employee_ids) | set(manager_ids))):
        for user in queryset.filter(employee_id__in=chunk):
            by_employee_id[user.employee_id] = user
    for chunk in in_chunks(emails):
        for user in queryset.annotate(email_folded=Lower("email")).filter(email_folded__in=chunk):
            by_email[user.email.lower()] = user
    return by_employee_id, by_email


def _taken_usernames(rows: list[RowPlan]) -> set[str]:
    candidates = sorted({r.employee_id.lower() for r in rows if r.employee_id})
    taken: set[str] = set()
    for chunk in in_chunks(candidates):
        taken.update(
            name.lower()
            for name in User.objects.filter(username__in=chunk).values_list("username", flat=True)
        )
    return taken


def hr_import_plan(*, rows: list[dict[str, Any]]) -> ImportPlan:
    """What importing these rows would do, row by row. Writes nothing."""
    plans = [normalise_row(raw) for raw in rows]
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
