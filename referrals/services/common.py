"""What every referral change shares: the errors, the status machine, the timeline event,
the notification of the people concerned and the checks of free text."""

from typing import Any

from django.utils.translation import gettext as _

from peersupport.models import User
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue_many
from referrals.access import referral_link_for
from referrals.models import EventKind, Referral, ReferralEvent, ReferralStatus

S = ReferralStatus

# Where each status may go next. Anything else is refused with a clear message.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.ACKNOWLEDGED, S.DECLINED, S.WITHDRAWN}),
    S.ACKNOWLEDGED: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.CLOSED, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.CLOSED, S.WITHDRAWN}),
    S.CLOSED: frozenset(),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

SUMMARY_MAX = 3000
NOTE_MAX = 5000
REASON_MAX = 500


class ReferralError(Exception):
    """A change that cannot be made; the message says why, in the user's language."""


class NoServiceError(ReferralError):
    """No active service in the directory takes a referral of this kind and urgency."""


def _context(referral: Referral, person: User) -> dict[str, Any]:
    """What a message about a referral carries: never its content, only where to open it
    (a page the person may open, as referrals/access.py decides)."""
    return {
        "urgency": referral.urgency,
        "referral": str(referral.uuid),
        "path": referral_link_for(person, referral),
    }


def record_event(
    referral: Referral,
    *,
    actor: User | None,
    before: str,
    after: str,
    note: str = "",
    kind: str = EventKind.STATUS,
) -> None:
    ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        actor=actor,
        actor_repr=str(actor)[:200] if actor else "system",
        from_status=before,
        to_status=after,
        note=note[:REASON_MAX],
    )


def notify(people: list[User], *, kind: str, referral: Referral) -> None:
    # Never the person the referral is about (a counselor can be referred too).
    unique = list(
        {
            person.pk: person
            for person in people
            if person.is_active and person.pk != referral.participant_id
        }.values()
    )
    notification_queue_many(
        recipients=unique, kind=kind, contexts=[_context(referral, person) for person in unique]
    )


def clean_text(text: str, *, required_message: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ReferralError(required_message)
    if len(text) > limit:
        raise ReferralError(_("Please keep it under %(limit)d characters.") % {"limit": limit})
    return text


def move(
    referral: Referral,
    *,
    to: str,
    actor: User,
    note: str = "",
    kind: str = EventKind.STATUS,
    **changes: Any,
) -> None:
    """Claim the row on its current status and move it to `to`, with its event and audit."""
    before = referral.status
    if to not in TRANSITIONS.get(before, frozenset()):
        raise ReferralError(
            _("A referral that is “%(before)s” cannot become “%(after)s”.")
            % {"before": S(before).label, "after": S(to).label}
        )
    claimed = Referral.objects.filter(pk=referral.pk, status=before).update(status=to, **changes)
    if not claimed:
        raise ReferralError(_("This referral was changed by someone else meanwhile. Reload it."))
    referral.status = to
    for field, value in changes.items():
        setattr(referral, field, value)
    record_event(referral, actor=actor, before=before, after=to, note=note, kind=kind)
    audit_log(
        actor=actor,
        action=f"referral.{to}",
        target=referral,
        changes={"from": before, "to": to, **({"kind": kind} if kind != EventKind.STATUS else {})},
    )
