"""Reads of the sessions app, each scoped to what the reader may see."""

from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from matching.models import Match, MatchStatus
from peersupport.models import User
from peersupport.roles import Role
from sessions.models import SessionLog, SupervisionRequest

SUPPORTER_MATCH_STATUSES = [MatchStatus.ACTIVE, MatchStatus.PAUSED, MatchStatus.CLOSED]


def with_session_figures(matches: QuerySet[Match]) -> QuerySet[Match]:
    """Each match with its session count, last session and the follow-up date set then."""
    latest = SessionLog.objects.filter(match=OuterRef("pk")).order_by("-occurred_at", "-id")
    return matches.annotate(
        session_count=Count("session_logs", distinct=True),
        last_session_at=Subquery(latest.values("occurred_at")[:1]),
        next_follow_up=Subquery(latest.values("next_follow_up")[:1]),
    )


def supporter_caseload(user: User) -> QuerySet[Match]:
    """The supporter's matches for /sessions/: active first, then paused, then closed."""
    order = Case(
        When(status=MatchStatus.ACTIVE, then=Value(0)),
        When(status=MatchStatus.PAUSED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        with_session_figures(
            Match.objects.filter(supporter=user, status__in=SUPPORTER_MATCH_STATUSES)
        )
        .select_related("request__requester", "request__program")
        .annotate(status_order=order)
        .order_by("status_order", "-accepted_at", "-pk")
    )


def quiet_since() -> object:
    return timezone.now() - timedelta(days=settings.SESSION_LOG_QUIET_DAYS)


def match_for_supporter(user: User, uuid: UUID | str) -> Match:
    """One of the supporter's own matches; anyone else's is 404 so ids are not confirmed."""
    if not user.has_role(Role.SUPPORTER):
        raise Http404
    match = (
        Match.objects.filter(uuid=uuid, supporter=user, status__in=SUPPORTER_MATCH_STATUSES)
        .select_related("request__requester", "request__program")
        .first()
    )
    if match is None:
        raise Http404
    return match


def session_log_for_user(user: User, uuid: UUID | str) -> SessionLog:
    """A log with its notes: for its author only (the counselor reads a referred case's
    logs on the referral page)."""
    log = (
        SessionLog.objects.filter(uuid=uuid, author=user)
        .select_related("match__request__requester", "match__request__program", "referral")
        .first()
    )
    if log is None:
        raise Http404
    return log


def logs_of_match(match: Match) -> QuerySet[SessionLog]:
    return match.session_logs.select_related("referral").order_by("-occurred_at", "-id")


def logs_for_referral(referral_match_id: int | None) -> QuerySet[SessionLog]:
    """The sessions of a referred case, for the counselor's referral page."""
    if referral_match_id is None:
        return SessionLog.objects.none()
    return SessionLog.objects.filter(match_id=referral_match_id).prefetch_related("addenda")


def participant_session_dates(user: User) -> QuerySet[Match]:
    """For /my/: the person's matches with session dates and count, never notes."""
    return (
        with_session_figures(
            Match.objects.filter(request__requester=user, status__in=SUPPORTER_MATCH_STATUSES)
        )
        .filter(Q(session_count__gt=0))
        .select_related("request__program")
    )


def supervision_history(user: User) -> QuerySet[SupervisionRequest]:
    return SupervisionRequest.objects.filter(supporter=user).select_related("held_by")
