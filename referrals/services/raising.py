"""Raising a referral: the urgency, the consent, the service, and the first responders."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.consent import CONSENT_TEXT_VERSION
from matching.models import Match, SupportRequest
from peersupport.models import User
from peersupport.services.audit import audit_log
from programs.models import Program
from programs.services import coordinators
from referrals.deadlines import acknowledge_by
from referrals.models import Referral, ReferralStatus, Service, Trigger, Urgency
from referrals.routing import URGENCY_FOR_TRIGGER, service_for
from referrals.selectors import on_call_counselors
from referrals.services.common import (
    SUMMARY_MAX,
    NoServiceError,
    ReferralError,
    clean_text,
    notify,
    record_event,
)


@dataclass(frozen=True)
class Consent:
    """The person's consent to the referral, or the imminent-risk reason to go without."""

    given: bool
    no_consent_reason: str = ""


def _checked_urgency(*, trigger: str, urgency: str | None) -> str:
    urgency = urgency or URGENCY_FOR_TRIGGER.get(trigger, Urgency.ROUTINE)
    if urgency not in Urgency.values:
        raise ReferralError(_("Choose an urgency."))
    if trigger not in Trigger.values:
        raise ReferralError(_("Choose what the referral is about."))
    return urgency


def _no_consent_reason(consent: Consent, *, urgency: str) -> str:
    """The reason to go without consent: required, and allowed for imminent risk only."""
    if consent.given:
        return ""
    if urgency != Urgency.EMERGENCY:
        raise ReferralError(
            _("Without the person's consent a referral can only be made for imminent risk.")
        )
    return clean_text(
        consent.no_consent_reason,
        required_message=_("Say why the referral goes ahead without the person's consent."),
        limit=1000,
    )


def _checked_service(
    service: Service | None, *, trigger: str, urgency: str, participant: User
) -> Service:
    service = service or service_for(trigger=trigger, urgency=urgency, participant=participant)
    if service is None:
        raise NoServiceError(
            _("No active service takes this kind of referral. Call the crisis contacts now.")
        )
    if not service.active or urgency not in service.urgencies:
        raise ReferralError(_("This service does not take referrals of this urgency."))
    return service


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
    urgency = _checked_urgency(trigger=trigger, urgency=urgency)
    summary = clean_text(
        summary,
        required_message=_("Write a short summary for the professional."),
        limit=SUMMARY_MAX,
    )
    no_consent_reason = _no_consent_reason(consent, urgency=urgency)
    service = _checked_service(service, trigger=trigger, urgency=urgency, participant=participant)
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
    record_event(referral, actor=raised_by, before="", after=ReferralStatus.SUBMITTED)
    audit_log(
        actor=raised_by,
        action="referral.raised",
        target=referral,
        changes={"urgency": urgency, "trigger": trigger, "service": service.pk},
    )
    notify(_first_responders(referral), kind="referral_raised", referral=referral)
    return referral


def _first_responders(referral: Referral) -> list[User]:
    """Who hears of a new referral: for an emergency every on-call counselor and every
    coordinator; otherwise the service's on-call counselors, or all of them if none is."""
    service_counselors = list(referral.service.counselors.filter(is_active=True))
    if referral.urgency == Urgency.EMERGENCY:
        return [*on_call_counselors(), *service_counselors, *coordinators()]
    on_call = on_call_counselors(service=referral.service)
    return on_call or service_counselors
