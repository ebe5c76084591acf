"""Every change to referrals: raising, the status machine, notes, re-routing, deadlines.

Each change claims the row with a conditional update on its current status, writes an
immutable timeline event and the audit entry, and queues its notifications in the same
transaction: a referral change and its messages are saved together or not at all.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.consent import CONSENT_TEXT_VERSION
from matching.models import Match, SupportRequest
from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.audit import audit_log
from peersupport.services.notifications import notification_queue_many
from programs.models import Program
from programs.services import coordinators
from referrals.deadlines import acknowledge_by, escalation_level_due
from referrals.models import (
    CounselorNote,
    EventKind,
    OutcomeReason,
    Referral,
    ReferralEvent,
    ReferralSource,
    ReferralStatus,
    Service,
    Trigger,
    Urgency,
)
from referrals.routing import URGENCY_FOR_TRIGGER, service_for
from referrals.selectors import on_call_counselors

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


@dataclass(frozen=True)
class Consent:
    """The person's consent to the referral, or the imminent-risk reason to go without."""

    given: bool
    no_consent_reason: str = ""


def _context(referral: Referral, person: User) -> dict[str, Any]:
    """What a message about a referral carries: never its content, only where to open it.
    Counselors open the referral page; coordinators the administration's page."""
    if person.has_role(Role.COUNSELOR):
        path = f"/referrals/{referral.uuid}/"
    else:
        path = f"/admin/referrals/referral/{referral.pk}/change/"
    return {"urgency": referral.urgency, "referral": str(referral.uuid), "path": path}


def _event(
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


def _notify(people: list[User], *, kind: str, referral: Referral) -> None:
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


def _clean_text(text: str, *, required_message: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ReferralError(required_message)
    if len(text) > limit:
        raise ReferralError(_("Please keep it under %(limit)d characters.") % {"limit": limit})
    return text


@transaction.atomic
def referral_raise(
    *,
    participant: User,
    raised_by: User,
    source: str,
    trigger: str,
    summary: str,
    consent: Consent,
    urgency: str | None = None,
    service: Service | None = None,
    program: Program | None = None,
    match: Match | None = None,
    support_request: SupportRequest | None = None,
    rerouted_from: Referral | None = None,
) -> Referral:
    """Hand a case to a professional service; the people who must act are told at once.

    The urgency follows the trigger (DESIGN.md) unless given. Going without the person's
    consent is allowed for imminent risk only, and needs the reason.
    """
    urgency = urgency or URGENCY_FOR_TRIGGER.get(trigger, Urgency.ROUTINE)
    if urgency not in Urgency.values:
        raise ReferralError(_("Choose an urgency."))
    if trigger not in Trigger.values:
        raise ReferralError(_("Choose what the referral is about."))
    summary = _clean_text(
        summary,
        required_message=_("Write a short summary for the professional."),
        limit=SUMMARY_MAX,
    )
    no_consent_reason = consent.no_consent_reason.strip()
    if not consent.given:
        if urgency != Urgency.EMERGENCY:
            raise ReferralError(
                _("Without the person's consent a referral can only be made for imminent risk.")
            )
        no_consent_reason = _clean_text(
            no_consent_reason,
            required_message=_("Say why the referral goes ahead without the person's consent."),
            limit=1000,
        )
    else:
        no_consent_reason = ""
    service = service or service_for(trigger=trigger, urgency=urgency, participant=participant)
    if service is None:
        raise NoServiceError(
            _("No active service takes this kind of referral. Call the crisis contacts now.")
        )
    if not service.active or urgency not in service.urgencies:
        raise ReferralError(_("This service does not take referrals of this urgency."))
    now = timezone.now()
    referral = Referral(
        participant=participant,
        program=program,
        match=match,
        support_request=support_request,
        source=source,
        raised_by=raised_by,
        trigger=trigger,
        urgency=urgency,
        summary=summary,
        consent_given=consent.given,
        consent_at=now if consent.given else None,
        consent_text_version=CONSENT_TEXT_VERSION if consent.given else "",
        no_consent_reason=no_consent_reason,
        service=service,
        acknowledge_by=acknowledge_by(urgency=urgency, raised_at=now),
        rerouted_from=rerouted_from,
    )
    referral.save()
    _event(referral, actor=raised_by, before="", after=S.SUBMITTED)
    audit_log(
        actor=raised_by,
        action="referral.raised",
        target=referral,
        changes={"urgency": urgency, "trigger": trigger, "service": service.pk},
    )
    _notify(_first_responders(referral), kind="referral_raised", referral=referral)
    return referral


def _first_responders(referral: Referral) -> list[User]:
    """Who hears of a new referral: for an emergency every on-call counselor and every
    coordinator; otherwise the service's on-call counselors, or all of them if none is."""
    service_counselors = list(referral.service.counselors.filter(is_active=True))
    if referral.urgency == Urgency.EMERGENCY:
        return [*on_call_counselors(), *service_counselors, *coordinators()]
    on_call = on_call_counselors(service=referral.service)
    return on_call or service_counselors


def is_counselor_of(user: User, service: Service) -> bool:
    return user.has_role(Role.COUNSELOR) and service.counselors.filter(pk=user.pk).exists()


def _move(
    referral: Referral,
    *,
    to: str,
    actor: User,
    note: str = "",
    **changes: Any,
) -> None:
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
    _event(referral, actor=actor, before=before, after=to, note=note)
    audit_log(
        actor=actor,
        action=f"referral.{to}",
        target=referral,
        changes={"from": before, "to": to},
    )


def _require_counselor(referral: Referral, actor: User) -> None:
    if not is_counselor_of(actor, referral.service):
        raise ReferralError(_("Only a counselor of this service can do this."))


@transaction.atomic
def referral_acknowledge(*, referral: Referral, actor: User) -> None:
    """A counselor of the service has seen the case; it is theirs unless reassigned."""
    _require_counselor(referral, actor)
    changes: dict[str, Any] = {"acknowledged_at": timezone.now()}
    if referral.counselor_id is None:
        changes["counselor"] = actor
    _move(referral, to=S.ACKNOWLEDGED, actor=actor, **changes)
    _notify([referral.raised_by], kind="referral_status", referral=referral)


@transaction.atomic
def referral_accept(*, referral: Referral, actor: User) -> None:
    _require_counselor(referral, actor)
    _move(referral, to=S.ACCEPTED, actor=actor)


@transaction.atomic
def referral_start(*, referral: Referral, actor: User, note: str = "") -> None:
    """Contact is made and the work has begun (the note says how, without clinical detail)."""
    _require_counselor(referral, actor)
    if len(note) > REASON_MAX:
        raise ReferralError(_("Please keep it under %(limit)d characters.") % {"limit": REASON_MAX})
    _move(referral, to=S.IN_PROGRESS, actor=actor, note=note.strip())


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
    _move(
        referral,
        to=S.CLOSED,
        actor=actor,
        note=note.strip(),
        closed_at=timezone.now(),
        outcome_successful=successful,
        outcome_reason="" if successful else reason,
        outcome_note=note.strip(),
    )
    _notify([referral.raised_by], kind="referral_status", referral=referral)


@transaction.atomic
def referral_decline(*, referral: Referral, actor: User, reason: str) -> None:
    """The service cannot take the case; coordinators re-route it."""
    _require_counselor(referral, actor)
    reason = _clean_text(
        reason, required_message=_("A reason is required to decline."), limit=REASON_MAX
    )
    _move(referral, to=S.DECLINED, actor=actor, note=reason, closed_at=timezone.now())
    _notify(coordinators(), kind="referral_declined", referral=referral)


@transaction.atomic
def referral_withdraw(*, referral: Referral, actor: User, reason: str) -> None:
    """The raiser, the participant or a coordinator withdraws the referral."""
    allowed = actor.pk in (referral.raised_by_id, referral.participant_id) or actor.has_role(
        Role.COORDINATOR
    )
    if not allowed:
        raise ReferralError(
            _("Only the person who raised it, or the participant, can withdraw it.")
        )
    reason = _clean_text(
        reason, required_message=_("A reason is required to withdraw."), limit=REASON_MAX
    )
    _move(referral, to=S.WITHDRAWN, actor=actor, note=reason, closed_at=timezone.now())
    people = list(referral.service.counselors.all())
    _notify(people, kind="referral_withdrawn", referral=referral)


@transaction.atomic
def referral_reroute(*, referral: Referral, service: Service, actor: User) -> Referral:
    """A coordinator sends a declined referral to another service: a new referral,
    linked to the first, with the same summary and consent."""
    # Locked, so two coordinators re-routing at once cannot both start a referral.
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != S.DECLINED:
        raise ReferralError(_("Only a declined referral can be sent to another service."))
    if service.pk == referral.service_id:
        raise ReferralError(_("Choose a service other than the one that declined."))
    if Referral.objects.filter(rerouted_from=referral).exists():
        raise ReferralError(_("This referral has been sent to another service already."))
    new = referral_raise(
        participant=referral.participant,
        raised_by=actor,
        source=ReferralSource.COORDINATOR,
        trigger=referral.trigger,
        urgency=referral.urgency,
        summary=referral.summary,
        consent=Consent(referral.consent_given, referral.no_consent_reason),
        service=service,
        program=referral.program,
        match=referral.match,
        support_request=referral.support_request,
        rerouted_from=referral,
    )
    _event(
        referral,
        actor=actor,
        before=S.DECLINED,
        after=S.DECLINED,
        note=service.name,
        kind=EventKind.REROUTED,
    )
    return new


@transaction.atomic
def referral_reassign(*, referral: Referral, counselor: User, actor: User) -> None:
    """A coordinator gives the case to another counselor of the same service."""
    if not is_counselor_of(counselor, referral.service):
        raise ReferralError(_("Choose a counselor of this referral's service."))
    if not referral.is_open:
        raise ReferralError(_("A closed referral cannot be reassigned."))
    Referral.objects.filter(pk=referral.pk).update(counselor=counselor)
    referral.counselor = counselor
    _event(
        referral,
        actor=actor,
        before=referral.status,
        after=referral.status,
        note=counselor.get_full_name(),
        kind=EventKind.REASSIGNED,
    )
    audit_log(
        actor=actor, action="referral.reassigned", target=referral, changes={"to": counselor.pk}
    )
    _notify([counselor], kind="referral_assigned", referral=referral)


@transaction.atomic
def counselor_note_add(*, referral: Referral, author: User, text: str) -> CounselorNote:
    _require_counselor(referral, author)
    text = _clean_text(text, required_message=_("Write the note first."), limit=NOTE_MAX)
    note = CounselorNote.objects.create(referral=referral, author=author, text=text)
    audit_log(actor=author, action="referral.note_added", target=referral)
    return note


def referrals_escalate(*, now: datetime | None = None) -> int:
    """Tell coordinators and the back-up counselor about referrals nobody acknowledged in
    time: once per level, each level claimed by a conditional update so that two beat runs
    never send the same alert twice. Returns how many escalations were made."""
    now = now or timezone.now()
    made = 0
    overdue = Referral.objects.overdue(now).select_related("service__backup_counselor")
    for referral in overdue:
        level = escalation_level_due(
            raised_at=referral.created_at, due=referral.acknowledge_by, now=now
        )
        if level <= referral.escalation_level:
            continue
        with transaction.atomic():
            claimed = Referral.objects.filter(
                pk=referral.pk,
                status=S.SUBMITTED,
                escalation_level=referral.escalation_level,
            ).update(escalation_level=level)
            if not claimed:
                continue
            people = [*coordinators()]
            if referral.service.backup_counselor:
                people.append(referral.service.backup_counselor)
            if referral.urgency == Urgency.EMERGENCY:
                people.extend(on_call_counselors())
            _event(
                referral,
                actor=None,
                before=S.SUBMITTED,
                after=S.SUBMITTED,
                note=str(level),
                kind=EventKind.ESCALATED,
            )
            audit_log(
                actor=None,
                action="referral.escalated",
                target=referral,
                changes={"level": level},
            )
            _notify(people, kind="referral_overdue", referral=referral)
            made += 1
    return made
