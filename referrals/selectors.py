"""Reads of the referrals app, each one scoped to what the reader may see."""

from datetime import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from peersupport.models import User
from peersupport.roles import Role
from referrals.models import (
    OPEN_REFERRAL_STATUSES,
    URGENCY_RANK,
    Referral,
    Service,
)


def on_call_counselors(*, service: Service | None = None, at: datetime | None = None) -> list[User]:
    """Counselors on call now (for one service, or for any)."""
    at = at or timezone.now()
    people = User.objects.filter(
        is_active=True,
        on_call_shifts__starts_at__lte=at,
        on_call_shifts__ends_at__gt=at,
    )
    if service is not None:
        people = people.filter(on_call_shifts__service=service)
    return list(people.distinct())


def _urgency_rank() -> Case:
    return Case(
        *[When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()],
        output_field=IntegerField(),
    )


def counselor_queue(user: User) -> QuerySet[Referral]:
    """The open referrals of the services this counselor works for: most urgent first,
    then the nearest deadline."""
    if not user.has_role(Role.COUNSELOR):
        return Referral.objects.none()
    return (
        Referral.objects.for_counselor(user)
        .filter(status__in=OPEN_REFERRAL_STATUSES)
        .select_related("participant", "service", "counselor", "program")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "acknowledge_by", "pk")
    )


def referral_for_counselor(user: User, uuid: object) -> Referral:
    """One referral, for a counselor of its service; everyone else gets 404."""
    if not user.has_role(Role.COUNSELOR):
        raise Http404
    referral = (
        Referral.objects.for_counselor(user)
        .select_related("participant", "service", "counselor", "program", "raised_by", "match")
        .filter(uuid=uuid)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals whose status this person may see: those they raised or that are about them."""
    return (
        Referral.objects.filter(Q(raised_by=user) | Q(participant=user))
        .select_related("service")
        .order_by("-created_at")
    )
