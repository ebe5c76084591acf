"""The audit trail: who did what to which record, when and from where."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from peersupport.models import AuditEntry, User
from peersupport.request_context import client_address


def _safe(value: Any) -> Any:
    """Text as PostgreSQL can store it (no NUL character), at any depth."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_safe(key): _safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(item) for item in value]
    return value


def audit_log(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one action. Call it inside the transaction of the change it describes.

    `action` is a dotted name such as "user.role_granted"; `changes` holds what a
    reader of the trail needs (field names and values), never free-text notes.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor=actor,
        actor_repr=str(actor)[:200] if actor else "system",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=_safe(changes or {}),
        ip_address=client_address.get(),
    )


def audit_log_many(
    *,
    actor: User | None,
    action: str,
    targets: list[models.Model],
    changes: list[dict[str, Any]] | None = None,
) -> None:
    """The same action on many records (an import), written in one statement."""
    if not targets:
        return
    actor = actor if actor is not None and actor.is_authenticated else None
    target_type = ContentType.objects.get_for_model(targets[0])
    address = client_address.get()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor,
                actor_repr=str(actor)[:200] if actor else "system",
                action=action,
                target_type=target_type,
                target_id=str(target.pk),
                target_repr=str(target)[:200],
                changes=_safe(changes[index] if changes else {}),
                ip_address=address,
            )
            for index, target in enumerate(targets)
        ],
        batch_size=1000,
    )


def audit_read(
    *,
    actor: User,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` read confidential records (a case, session notes).

    The one way a read is recorded: the view that shows the records calls it after it
    decided what the page shows, never a template or a panel while rendering.
    """
    return audit_log(actor=actor, action=action, target=target, changes=changes)
