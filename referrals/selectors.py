"""Reads of the referrals app, each one scoped to what the reader may see."""

from datetime import datetime

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from peersupport.models import User
from referrals.access import counselor_queue_visible_to, referrals_visible_to
from referrals.models import URGENCY_RANK, Referral, Service


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
    """The open referrals this counselor may open (referrals/access.py decides which):
    most urgent first, then the nearest deadline."""
    return (
        counselor_queue_visible_to(user)
        .select_related("participant", "service", "counselor", "program")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "acknowledge_by", "pk")
    )


def referral_statuses_of(user: User) -> QuerySet[Referral]:
    """The referrals this person raised or that are about them, for their status."""
    return referrals_visible_to(user).select_related("service").order_by("-created_at")
