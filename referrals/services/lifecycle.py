"""The status machine of a referral, step by step, and the counselors' notes.

Each step asks referrals/access.py whether the actor may take it: the views ask the same
question first, and a step never trusts that they did.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue
from programs.services import coordinators
from referrals.access import ReferralRights, referral_rights, supporter_told_of_close
from referrals.models import CounselorNote, EventKind, OutcomeReason, Referral, ReferralStatus
from referrals.services.common import (
    NOTE_MAX,
    REASON_MAX,
    ReferralError,
    clean_text,
    move,
    notify,
)

S = ReferralStatus


def _require_counselor(referral: Referral, actor: User) -> ReferralRights:
    rights = referral_rights(actor, referral)
    if not rights.may_act:
        raise ReferralError(_("Only a counselor of this service can do this."))
    return rights


@transaction.atomic
def referral_acknowledge(*, referral: Referral, actor: User) -> None:
    """Someone has seen the case, so the escalation stops.

    A counselor of the service takes the case unless it is assigned already. A counselor of
    another service on call for an emergency acknowledges for the rota: the timeline says
    so, and the case is not theirs (the service's counselors still accept it).
    """
    rights = referral_rights(actor, referral)
    if not rights.may_acknowledge:
        raise ReferralError(_("Only a counselor of this service can do this."))
    changes: dict[str, Any] = {"acknowledged_at": timezone.now()}
    if rights.own_service:
        if referral.counselor_id is None:
            changes["counselor"] = actor
        move(referral, to=S.ACKNOWLEDGED, actor=actor, **changes)
    else:
        move(referral, to=S.ACKNOWLEDGED, actor=actor, kind=EventKind.ON_CALL, **changes)
    notify([referral.raised_by], kind="referral_status", referral=referral)


@transaction.atomic
def referral_accept(*, referral: Referral, actor: User) -> None:
    _require_counselor(referral, actor)
    # Acknowledged on call by another service's counselor: the one who accepts takes it.
    changes: dict[str, Any] = {"counselor": actor} if referral.counselor_id is None else {}
    move(referral, to=S.ACCEPTED, actor=actor, **changes)


@transaction.atomic
def referral_start(*, referral: Referral, actor: User, note: str = "") -> None:
    """Contact is made and the work has begun (the note says how, without clinical detail)."""
    _require_counselor(referral, actor)
    if len(note) > REASON_MAX:
        raise ReferralError(_("Please keep it under %(limit)d characters.") % {"limit": REASON_MAX})
    move(referral, to=S.IN_PROGRESS, actor=actor, note=note.strip())


@transaction.atomic
def referral_close(
    *, referral: Referral, actor: User, successful: bool | None, reason: str = "", note: str = ""
) -> None:
    """Close with an outcome: successful or not, and why not."""
    _require_counselor(referral, actor)
    if successful is None:
        raise ReferralError(_("Say whether the referral was successful."))
    if not successful and reason not in OutcomeReason.values:
        raise ReferralError(_("Say why the referral was not successful."))
    if len(note) > REASON_MAX:
        raise ReferralError(_("Please keep it under %(limit)d characters.") % {"limit": REASON_MAX})
    move(
        referral,
        to=S.CLOSED,
        actor=actor,
        note=note.strip(),
        closed_at=timezone.now(),
        outcome_successful=successful,
        outcome_reason="" if successful else reason,
        outcome_note=note.strip(),
    )
    _tell_of_close(referral)


def _tell_of_close(referral: Referral) -> None:
    """The raiser hears that the referral moved on; the supporter of the match it came
    from hears that the case closed and peer support can continue, with the participant's
    first name and nothing of the outcome or the notes. A supporter who raised it gets
    that message alone, not both."""
    supporter = supporter_told_of_close(referral)
    if supporter is None or supporter.pk != referral.raised_by_id:
        notify([referral.raised_by], kind="referral_status", referral=referral)
    if supporter is not None:
        notification_queue(
            recipient=supporter,
            kind="referral_closed_for_supporter",
            context={
                "first_name": referral.participant.get_short_name(),
                "match": str(referral.match.uuid),
            },
        )


@transaction.atomic
def referral_decline(*, referral: Referral, actor: User, reason: str) -> None:
    """The service cannot take the case; coordinators re-route it."""
    _require_counselor(referral, actor)
    reason = clean_text(
        reason, required_message=_("A reason is required to decline."), limit=REASON_MAX
    )
    move(referral, to=S.DECLINED, actor=actor, note=reason, closed_at=timezone.now())
    notify(coordinators(), kind="referral_declined", referral=referral)


@transaction.atomic
def referral_withdraw(*, referral: Referral, actor: User, reason: str) -> None:
    """The raiser, the participant or a coordinator withdraws the referral."""
    allowed = referral_rights(actor, referral).may_withdraw or actor.has_role(Role.COORDINATOR)
    if not allowed:
        raise ReferralError(
            _("Only the person who raised it, or the participant, can withdraw it.")
        )
    reason = clean_text(
        reason, required_message=_("A reason is required to withdraw."), limit=REASON_MAX
    )
    move(referral, to=S.WITHDRAWN, actor=actor, note=reason, closed_at=timezone.now())
    people = list(referral.service.counselors.all())
    notify(people, kind="referral_withdrawn", referral=referral)


@transaction.atomic
def counselor_note_add(*, referral: Referral, author: User, text: str) -> CounselorNote:
    _require_counselor(referral, author)
    text = clean_text(text, required_message=_("Write the note first."), limit=NOTE_MAX)
    note = CounselorNote.objects.create(referral=referral, author=author, text=text)
    audit_log(actor=author, action="referral.note_added", target=referral)
    return note
