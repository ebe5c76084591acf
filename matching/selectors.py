"""Reads of the matching app: requests and supporters turned into engine inputs."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from matching import engine
from matching.models import OPEN_MATCH_STATUSES, Match, SupportRequest
from peersupport.models import User
from programs.models import Program, SupporterProfile


def candidate_profiles(program: Program) -> QuerySet[SupporterProfile]:
    """Supporters eligible for the program today, with their open matches counted."""
    return (
        SupporterProfile.objects.eligible_for(program)
        .select_related("user")
        .annotate(
            open_matches=Count(
                "user__supporter_matches",
                filter=Q(user__supporter_matches__status__in=OPEN_MATCH_STATUSES),
                distinct=True,
            )
        )
    )


SUPPORTER_COLUMNS = (
    "user_id",
    "capacity",
    "open_matches",
    "topics",
    "lived_experience",
    "meeting_modes",
    "availability",
    "user__languages",
    "user__department",
    "user__site",
    "user__gender",
    "joined_year",
)


def engine_supporters(profiles: QuerySet[SupporterProfile]) -> list[engine.Supporter]:
    """The engine's view of each supporter, read as plain rows (no model instances)."""
    this_year = timezone.localdate().year
    rows = profiles.annotate(joined_year=ExtractYear("user__date_joined")).values_list(
        *SUPPORTER_COLUMNS
    )
    return [
        engine.Supporter(
            id=user_id,
            person_id=user_id,
            languages=frozenset(languages),
            capacity=capacity,
            load=load,
            department=department,
            site=site,
            gender=gender,
            topics=frozenset(topics),
            lived_experience=frozenset(lived),
            meeting_modes=frozenset(modes),
            availability=frozenset(slots),
            years_of_service=max(this_year - joined_year, 0),
        )
        for (
            user_id,
            capacity,
            load,
            topics,
            lived,
            modes,
            slots,
            languages,
            department,
            site,
            gender,
            joined_year,
        ) in rows
    ]


def asked_supporters(requests: list[SupportRequest]) -> dict[int, frozenset[int]]:
    """For each request, the supporters asked before (one query)."""
    asked: dict[int, set[int]] = {}
    for request_id, supporter_id in Match.objects.filter(
        request__in=[r.pk for r in requests]
    ).values_list("request_id", "supporter_id"):
        asked.setdefault(request_id, set()).add(supporter_id)
    return {request_id: frozenset(ids) for request_id, ids in asked.items()}


def engine_request(
    request: SupportRequest, excluded: frozenset[int] = frozenset()
) -> engine.Request:
    requester: User = request.requester
    return engine.Request(
        id=request.pk,
        person_id=requester.pk,
        line_manager_id=requester.line_manager_id,
        languages=frozenset(request.languages),
        department=requester.department,
        site=requester.site,
        topics=frozenset(request.topics),
        lived_experience=frozenset(request.lived_experience),
        meeting_modes=frozenset(request.meeting_modes),
        availability=frozenset(request.availability),
        site_preference=request.site_preference,
        gender_preference=request.gender_preference,
        outside_department=request.outside_department,
        mentoring=request.program.kind == "mentoring",
        excluded=excluded,
    )


Suggestions = list[tuple[User, engine.Suggestion]]


def suggestions_for(request: SupportRequest, *, k: int = 5) -> Suggestions:
    """The best k supporters for one request."""
    return suggestions_for_many([request], k=k)[request.pk]


def suggestions_for_many(requests: list[SupportRequest], *, k: int = 5) -> dict[int, Suggestions]:
    """The best k supporters for each request: one query per program plus two, whatever
    the number of requests. Supporters already asked for a request are left out."""
    asked = asked_supporters(requests)
    pools: dict[int, list[engine.Supporter]] = {}
    found: dict[int, list[engine.Suggestion]] = {}
    for request in requests:
        if request.program_id not in pools:
            pools[request.program_id] = engine_supporters(candidate_profiles(request.program))
        excluded = asked.get(request.pk, frozenset())
        found[request.pk] = engine.suggest(
            engine_request(request, excluded), pools[request.program_id], k=k
        )
    # The people behind the suggestions, in one query for every request.
    users = User.objects.in_bulk({s.supporter_id for ranked in found.values() for s in ranked})
    return {
        request_id: [(users[s.supporter_id], s) for s in ranked]
        for request_id, ranked in found.items()
    }


def requests_for_user(user: User) -> QuerySet[SupportRequest]:
    """A person's own requests, newest first, with their matches and supporters."""
    return (
        SupportRequest.objects.filter(requester=user)
        .select_related("program")
        .prefetch_related("matches__supporter")
        .order_by("-created_at")
    )


def bulk_plan(program: Program) -> tuple[list, dict[int, str], int, list[SupportRequest]]:
    """What bulk matching would do for a program's waiting requests, without doing it:
    (pairs of (request, supporter user, score), unmatched {request id: reason}, total,
    waiting requests). A fixed number of queries."""
    waiting = list(
        SupportRequest.objects.filter(program=program, status="waiting")
        .select_related("requester", "program")
        .order_by("created_at")
    )
    by_id = {request.pk: request for request in waiting}
    asked = asked_supporters(waiting)
    result = engine.assign(
        [engine_request(r, asked.get(r.pk, frozenset())) for r in waiting],
        engine_supporters(candidate_profiles(program)),
    )
    users = User.objects.in_bulk({supporter_id for _r, supporter_id, _s in result.pairs})
    pairs = [
        (by_id[request_id], users[supporter_id], score)
        for request_id, supporter_id, score in result.pairs
    ]
    pairs.sort(key=lambda pair: pair[0].created_at)
    return pairs, result.unmatched, result.total_score, waiting
