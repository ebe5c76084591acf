"""Which consequence each boundary-check trigger has, and which service takes a case."""

from peersupport.models import User
from referrals.models import Service, ServiceKind, Trigger, Urgency

URGENCY_FOR_TRIGGER = {
    Trigger.IMMINENT_RISK: Urgency.EMERGENCY,
    Trigger.DISCLOSED_RISK: Urgency.PRIORITY,
    Trigger.BEYOND_SCOPE: Urgency.ROUTINE,
    Trigger.WORKPLACE_ADJUSTMENT: Urgency.ROUTINE,
}

# Service kinds in the order a case of each trigger is offered to them.
COUNSELING_KINDS = [ServiceKind.INTERNAL_COUNSELING, ServiceKind.EAP]
KINDS_FOR_TRIGGER = {
    Trigger.IMMINENT_RISK: COUNSELING_KINDS,
    Trigger.DISCLOSED_RISK: COUNSELING_KINDS,
    Trigger.BEYOND_SCOPE: COUNSELING_KINDS,
    Trigger.WORKPLACE_ADJUSTMENT: [ServiceKind.OCCUPATIONAL_HEALTH],
    Trigger.COORDINATOR: COUNSELING_KINDS,
}

# Triggers that lead to a referral (the supporter's own distress leads to supervision).
REFERRAL_TRIGGERS = list(URGENCY_FOR_TRIGGER)


def service_for(*, trigger: str, urgency: str, participant: User) -> Service | None:
    """The service a new referral goes to: the right kind, taking this urgency, and where
    possible speaking the person's language and serving their site."""
    candidates = [
        s for s in Service.objects.filter(active=True).order_by("pk") if urgency in s.urgencies
    ]
    kinds = KINDS_FOR_TRIGGER.get(trigger, COUNSELING_KINDS)

    def rank(service: Service) -> tuple[int, int, int, int]:
        kind_rank = kinds.index(service.kind) if service.kind in kinds else len(kinds)
        speaks = bool(set(service.languages) & set(participant.languages or []))
        serves_site = not service.sites or participant.site in service.sites
        return (kind_rank, not speaks, not serves_site, service.pk)

    ranked = sorted(candidates, key=rank)
    return ranked[0] if ranked else None
