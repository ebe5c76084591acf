"""Factories for the service directory and referrals."""

from django.utils import timezone

from matching.models import Match
from peersupport.models import User
from referrals.models import Referral, ReferralSource, Service, ServiceKind, Trigger
from referrals.services import Consent, referral_raise
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter

ALL_URGENCIES = ["emergency", "priority", "routine"]
CONSENTED = Consent(True)


def make_service(counselors: list[User] = (), **fields) -> Service:
    fields.setdefault("name", "Tim Konseling Internal")
    fields.setdefault("organization", "PT Contoh")
    fields.setdefault("kind", ServiceKind.INTERNAL_COUNSELING)
    fields.setdefault("languages", ["id", "en"])
    fields.setdefault("urgencies", ALL_URGENCIES)
    service = Service.objects.create(**fields)
    service.counselors.add(*counselors)
    return service


def make_active_match(supporter: User | None = None, requester: User | None = None) -> Match:
    supporter = make_supporter(user=supporter)
    match = make_match(make_request(requester=requester), supporter, status="active")
    match.accepted_at = timezone.now() - timezone.timedelta(days=30)
    match.save(update_fields=["accepted_at"])
    match.request.status = "active"
    match.request.save(update_fields=["status"])
    return match


def make_referral(
    service: Service,
    *,
    trigger: str = Trigger.DISCLOSED_RISK,
    raised_by: User | None = None,
    participant: User | None = None,
    match: Match | None = None,
    consent: Consent = CONSENTED,
    summary: str = "Disclosed thoughts of self-harm; agreed to talk to a counselor.",
) -> Referral:
    raised_by = raised_by or (match.supporter if match else UserFactory(roles=["supporter"]))
    participant = participant or (match.request.requester if match else UserFactory())
    return referral_raise(
        participant=participant,
        raised_by=raised_by,
        source=ReferralSource.SESSION if match else ReferralSource.COORDINATOR,
        trigger=trigger,
        summary=summary,
        consent=consent,
        service=service,
        match=match,
    )
