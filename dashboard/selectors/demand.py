"""Requests and matches: who waits, how fast requests become matches, active pairs."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, Value

from dashboard.forms import Scope
from dashboard.selectors.common import between, people_filter, program_filter
from dashboard.sql import Epoch, Percentile
from matching.models import Match, MatchStatus, RequestStatus, SupportRequest
from sessions.models import SessionLog

WAITING_STATUSES = [RequestStatus.WAITING, RequestStatus.PROPOSED]
# An active match older than this with no session for this long needs a look.
QUIET_MATCH_DAYS = 14


def request_figures(scope: Scope) -> dict[str, Any]:
    """Requests waiting now (and for how long), received and withdrawn in the period."""
    waiting = Q(status__in=WAITING_STATUSES)
    received = between("created_at", scope)
    withdrawn = Q(status=RequestStatus.WITHDRAWN) & between("closed_at", scope)
    return (
        SupportRequest.objects.filter(
            waiting | received | withdrawn,
            program_filter(scope, "program"),
            people_filter(scope, "requester__"),
        )
        .order_by()
        .aggregate(
            waiting=Count("pk", filter=waiting),
            waiting_people=Count("requester", distinct=True, filter=waiting),
            waiting_median=Percentile(
                Value(scope.now.timestamp()) - Epoch("created_at"), 0.5, filter=waiting
            ),
            waiting_since=Min("created_at", filter=waiting),
            received=Count("pk", filter=received),
            received_people=Count("requester", distinct=True, filter=received),
            withdrawn=Count("pk", filter=withdrawn),
            withdrawn_people=Count("requester", distinct=True, filter=withdrawn),
        )
    )


def time_to_match(scope: Scope) -> dict[str, Any]:
    """From request to the match becoming active, for matches accepted in the period."""
    wait = Epoch("accepted_at") - Epoch("request__created_at")
    return (
        Match.objects.filter(
            between("accepted_at", scope),
            program_filter(scope, "request__program"),
            people_filter(scope, "request__requester__"),
        )
        .order_by()
        .aggregate(
            people=Count("request__requester", distinct=True),
            median=Percentile(wait, 0.5),
            p90=Percentile(wait, 0.9),
        )
    )


def active_matches(scope: Scope) -> dict[str, Any]:
    """Active matches now, and those with no session for two weeks. Each active match is
    a different pair (a person supported and their supporter), so a count of five
    matches involves five people or more."""
    quiet_since = scope.now - timedelta(days=QUIET_MATCH_DAYS)
    recent = SessionLog.objects.filter(match=OuterRef("pk"), occurred_at__gte=quiet_since)
    return (
        Match.objects.filter(
            program_filter(scope, "request__program"),
            people_filter(scope, "request__requester__"),
            status=MatchStatus.ACTIVE,
        )
        .order_by()
        .aggregate(
            active=Count("pk"),
            quiet=Count("pk", filter=Q(accepted_at__lt=quiet_since) & ~Q(Exists(recent))),
        )
    )
