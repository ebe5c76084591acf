"""The data subject's rights (UU PDP): a copy of their data, withdrawing consent, and
erasure, which a coordinator completes.

The core cannot import the apps (DESIGN.md), so each app contributes through the
registries of `peersupport.seams`: personal-data sections for the copy, consent-withdrawal
and erasure handlers for the other two.
"""

from typing import Any

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.models import AuditEntry, ErasureRequest, ErasureStatus, Notification, User
from peersupport.roles import Role
from peersupport.seams import (
    consent_withdrawal_handle,
    erasure_handle,
    personal_data_sections,
)
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue_many


class PrivacyError(Exception):
    """A request that cannot be made; the message says why, in the user's language."""


def personal_data(user: User) -> dict[str, Any]:
    """Everything the product holds about `user` that they may read, by section."""
    data: dict[str, Any] = {
        "account": [
            {
                "username": user.username,
                "full_name": user.full_name,
                "email": user.email,
                "employee_id": user.employee_id,
                "department": user.department,
                "site": user.site,
                "gender": user.gender,
                "languages": user.languages,
                "preferred_language": user.preferred_language,
                "phone": user.phone,
                "date_joined": user.date_joined,
                "roles": sorted(user.roles),
            }
        ],
    }
    for section in personal_data_sections:
        data.update(section(user=user))
    audit_log(actor=user, action="privacy.data_exported", target=user)
    return data


@transaction.atomic
def consent_withdraw(*, user: User) -> None:
    """Withdraw consent: the person's open requests and matches close now."""
    consent_withdrawal_handle(user=user)
    audit_log(actor=user, action="privacy.consent_withdrawn", target=user)


def erasure_request(*, user: User) -> ErasureRequest:
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(person=user)
            audit_log(actor=user, action="privacy.erasure_requested", target=request)
            people = list(
                User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct()
            )
            notification_queue_many(
                recipients=people, kind="erasure_requested", contexts=[{} for _ in people]
            )
    except IntegrityError as exc:
        raise PrivacyError(_("Your request for deletion is already with us.")) from exc
    return request


ERASED_NAME = "Erased person"


@transaction.atomic
def erasure_complete(*, erasure: ErasureRequest, actor: User) -> None:
    """Anonymise everything about the person, then their own row, in one transaction.
    The audit trail keeps that it happened, and no longer the person's name."""
    claimed = ErasureRequest.objects.filter(pk=erasure.pk, status=ErasureStatus.REQUESTED).update(
        status=ErasureStatus.COMPLETED, completed_at=timezone.now(), completed_by=actor
    )
    if not claimed:
        raise PrivacyError(_("This erasure is completed already."))
    person = User.objects.select_for_update().get(pk=erasure.person_id)
    consent_withdrawal_handle(user=person)
    erasure_handle(user=person)
    old_name, label = person.full_name, f"{ERASED_NAME} #{person.pk}"
    for field, value in {
        "username": f"erased-{person.pk}",
        "full_name": label,
        "email": f"erased-{person.pk}@erased.invalid",
        "employee_id": "",
        "department": "",
        "site": "",
        "phone": "",
        "line_manager": None,
        "is_active": False,
        "is_staff": False,
        "languages": [],
    }.items():
        if hasattr(person, field):
            setattr(person, field, value)
    person.set_unusable_password()
    person.save()
    Notification.objects.filter(recipient=person).update(to_address=person.email)
    person.groups.set(Group.objects.none())
    if old_name:
        AuditEntry.objects.filter(actor=person).update(actor_repr=label)
        AuditEntry.objects.filter(target_repr__contains=old_name).update(
            target_repr=Replace("target_repr", Value(old_name), Value(label))
        )
    erasure.person = person  # the anonymised row: the entry names no one
    audit_log(actor=actor, action="privacy.erasure_completed", target=erasure)
