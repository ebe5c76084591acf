"""Keeping an upload for its preview, discarding it, or applying it in one transaction."""

from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.models import AccountToken, HrImport, HrImportStatus, User
from peersupport.roles import Role
from peersupport.seams import leavers_handle
from peersupport.services.accounts import invitations_send
from peersupport.services.audit import audit_log, audit_log_many
from peersupport.services.hr_import.columns import IMPORTED_FIELDS
from peersupport.services.hr_import.plan import hr_import_plan, in_chunks
from peersupport.services.hr_import.rows import ImportPlan, RowPlan, hr_file_read
from peersupport.services.notifications import notification_queue_many


class ImportNotApplicable(Exception):
    """The import was applied already, discarded, or has refused rows."""


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
    for chunk in in_chunks(missing):
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
