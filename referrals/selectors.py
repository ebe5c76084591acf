"""Reads of the referrals app, each one scoped to what the reader may see."""

from datetime import datetime

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from matching.models import Match
from peersupport.models import User
from referrals.access import (
    counselor_queue_visible_to,
    referrals_about,
    referrals_on_match_page,
)
from referrals.models import (
    OPEN_REFERRAL_STATUSES,
    URGENCY_RANK,
    Referral,
    ReferralStatus,
    Service,
    Urgency,
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
    """The open referrals this counselor may open (referrals/access.py decides which):
    most urgent first, then the nearest deadline."""
    return (
        counselor_queue_visible_to(user)
        .select_related("participant", "service", "counselor", "program")
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "acknowledge_by", "pk")
    )


def referral_statuses_on_match(user: User, match: Match) -> QuerySet[Referral]:
    """The referrals a supporter sees on their match's page (referrals/access.py decides
    which), newest first, in one query."""
    return referrals_on_match_page(user, match).select_related("service").order_by("-created_at")


def counselor_open_counts(user: User, *, now: datetime) -> dict[str, int]:
    """For the counselor's home, in one query over the referrals they may open: those to
    acknowledge per urgency, how many of them are overdue, and the open cases taken."""
    submitted = Q(status=ReferralStatus.SUBMITTED)
    late = submitted & Q(acknowledge_by__lt=now)
    figures = {}
    for urgency in Urgency:
        figures[urgency.value] = Count("pk", filter=submitted & Q(urgency=urgency))
        figures[f"{urgency.value}_overdue"] = Count("pk", filter=late & Q(urgency=urgency))
    return counselor_queue_visible_to(user).aggregate(
        **figures, in_hand=Count("pk", filter=~submitted)
    )


def counselor_to_acknowledge(user: User, *, limit: int) -> list[Referral]:
    """The referrals waiting for this counselor's acknowledgement, most urgent first, then
    the nearest deadline (the first `limit`)."""
    return list(counselor_queue(user).filter(status=ReferralStatus.SUBMITTED)[:limit])


def coordinator_referral_counts(*, now: datetime) -> dict[str, int]:
    """For the coordinator's home: referrals not acknowledged in time, and those declined
    by a service (to re-route), in one query."""
    return Referral.objects.aggregate(
        overdue=Count("pk", filter=Q(status=ReferralStatus.SUBMITTED, acknowledge_by__lt=now)),
        declined=Count("pk", filter=Q(status=ReferralStatus.DECLINED)),
    )


def open_referral_count_about(user: User) -> int:
    """How many open referrals are about this person (their home's professional help)."""
    return referrals_about(user).filter(status__in=OPEN_REFERRAL_STATUSES).count()
