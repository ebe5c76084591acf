"""Reads of the sessions app, each scoped to what the reader may see."""

from datetime import date, timedelta

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
from django.utils import timezone

from matching.access import matches_of_participant
from matching.models import Match, MatchStatus
from peersupport.models import User
from sessions.access import SUPPORTER_MATCH_STATUSES, case_matches_of
from sessions.models import ReviewTask, SessionLog, SupervisionRequest, SupervisionStatus


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
        with_session_figures(case_matches_of(user))
        .select_related("request__requester", "request__program")
        .annotate(status_order=order)
        .order_by("status_order", "-accepted_at", "-pk")
    )


def quiet_since() -> object:
    return timezone.now() - timedelta(days=settings.SESSION_LOG_QUIET_DAYS)


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
            matches_of_participant(user).filter(status__in=SUPPORTER_MATCH_STATUSES)
        )
        .filter(Q(session_count__gt=0))
        .select_related("request__program")
    )


def open_match_count(user: User) -> int:
    """How many people the supporter supports now (against their limit)."""
    return case_matches_of(user).filter(status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED]).count()


def supervision_history(user: User) -> QuerySet[SupervisionRequest]:
    return SupervisionRequest.objects.filter(supporter=user).select_related("held_by")


# Supervision held this many days ago or less counts as newly answered on the home page.
SUPERVISION_ANSWERED_DAYS = 14


def supporter_home_counts(user: User, *, today: date | None = None) -> dict[str, int]:
    """For the supporter's home, in one query over their open matches: active matches
    with a session to log (none for a week), those whose follow-up date has come, and the
    people they support now (active and paused), as `supporters_with_sessions_to_log`
    reads them."""
    today = today or timezone.localdate()
    week_ago = timezone.now() - timedelta(days=7)
    latest = SessionLog.objects.filter(match=OuterRef("pk")).order_by("-occurred_at", "-id")
    active = Q(status=MatchStatus.ACTIVE)
    return (
        case_matches_of(user)
        .filter(status__in=[MatchStatus.ACTIVE, MatchStatus.PAUSED])
        .annotate(
            last_session_at=Subquery(latest.values("occurred_at")[:1]),
            next_follow_up=Subquery(latest.values("next_follow_up")[:1]),
        )
        .aggregate(
            to_log=Count(
                "pk",
                filter=active & (Q(last_session_at=None) | Q(last_session_at__lt=week_ago)),
            ),
            follow_ups=Count("pk", filter=active & Q(next_follow_up__lte=today)),
            open=Count("pk"),
        )
    )


def supervision_counts_of(user: User) -> dict[str, int]:
    """The supporter's supervision requests answered lately, and those still waiting."""
    since = timezone.localdate() - timedelta(days=SUPERVISION_ANSWERED_DAYS)
    return SupervisionRequest.objects.filter(supporter=user).aggregate(
        answered=Count("pk", filter=Q(status=SupervisionStatus.HELD, held_on__gte=since)),
        waiting=Count("pk", filter=Q(status=SupervisionStatus.REQUESTED)),
    )


def coordinator_session_counts() -> dict[str, int]:
    """For the coordinator's home: supervision requests to hold (urgent ones apart) and
    open review tasks."""
    return {
        **SupervisionRequest.objects.filter(status=SupervisionStatus.REQUESTED).aggregate(
            supervision=Count("pk"), urgent=Count("pk", filter=Q(urgent=True))
        ),
        "reviews": ReviewTask.objects.filter(done_at=None).count(),
    }
