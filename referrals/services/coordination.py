"""The coordinator's side of referrals: re-routing, reassigning, and the escalation of
referrals nobody acknowledged in time."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Match
from peersupport.models import User
from peersupport.services.audit import audit_log
from programs.services import coordinators
from referrals.access import is_counselor_of, may_raise_referral_for
from referrals.deadlines import escalation_level_due
from referrals.models import (
    EventKind,
    Referral,
    ReferralSource,
    ReferralStatus,
    Service,
    Trigger,
    Urgency,
)
from referrals.selectors import on_call_counselors
from referrals.services.common import ReferralError, notify, record_event
from referrals.services.raising import Consent, referral_raise

S = ReferralStatus


@transaction.atomic
def referral_raise_by_coordinator(
    *,
    coordinator: User,
    participant: User,
    service: Service,
    urgency: str,
    summary: str,
    consent: Consent,
    match: Match | None = None,
) -> Referral:
    """A coordinator hands a person to a professional (from a review task, a supervision
    request or the person's page): the same raising, deadlines and alerts as every
    referral. Linked to a match only when it comes from one of that person's."""
    if not may_raise_referral_for(coordinator, participant):
        raise ReferralError(_("You may not raise a referral for this person."))
    if match is not None and match.request.requester_id != participant.pk:
        raise ReferralError(_("This match is not about this person."))
    return referral_raise(
        participant=participant,
        raised_by=coordinator,
        source=ReferralSource.COORDINATOR,
        trigger=Trigger.COORDINATOR,
        summary=summary,
        consent=consent,
        urgency=urgency,
        service=service,
        program=match.request.program if match else None,
        match=match,
        support_request=match.request if match else None,
    )


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
    record_event(
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
    record_event(
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
    notify([counselor], kind="referral_assigned", referral=referral)


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
            record_event(
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
            notify(people, kind="referral_overdue", referral=referral)
            made += 1
    return made
