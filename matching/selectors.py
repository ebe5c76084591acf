"""Reads of the matching app: requests and supporters turned into engine inputs."""

from django.db.models import Count, Q, QuerySet
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


def engine_supporters(profiles: QuerySet[SupporterProfile]) -> list[engine.Supporter]:
    today_year = timezone.localdate().year
    return [
        engine.Supporter(
            id=profile.user_id,
            person_id=profile.user_id,
            languages=frozenset(profile.user.languages),
            capacity=profile.capacity,
            load=profile.open_matches,
            department=profile.user.department,
            site=profile.user.site,
            gender=profile.user.gender,
            topics=frozenset(profile.topics),
            lived_experience=frozenset(profile.lived_experience),
            meeting_modes=frozenset(profile.meeting_modes),
            availability=frozenset(profile.availability),
            years_of_service=max(today_year - profile.user.date_joined.year, 0),
        )
        for profile in profiles
    ]


def engine_request(request: SupportRequest) -> engine.Request:
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
    )


Suggestions = list[tuple[User, engine.Suggestion]]


def suggestions_for(request: SupportRequest, *, k: int = 5) -> Suggestions:
    """The best k supporters for one request."""
    return suggestions_for_many([request], k=k)[request.pk]


def suggestions_for_many(requests: list[SupportRequest], *, k: int = 5) -> dict[int, Suggestions]:
    """The best k supporters for each request: one query per program plus one, whatever
    the number of requests. Supporters already asked for a request are left out."""
    asked: dict[int, set[int]] = {}
    for request_id, supporter_id in Match.objects.filter(
        request__in=[r.pk for r in requests]
    ).values_list("request_id", "supporter_id"):
        asked.setdefault(request_id, set()).add(supporter_id)
    pools: dict[int, tuple[dict[int, User], list[engine.Supporter]]] = {}
    result: dict[int, Suggestions] = {}
    for request in requests:
        if request.program_id not in pools:
            profiles = list(candidate_profiles(request.program))
            pools[request.program_id] = (
                {profile.user_id: profile.user for profile in profiles},
                engine_supporters(profiles),
            )
        users, pool = pools[request.program_id]
        allowed = [s for s in pool if s.id not in asked.get(request.pk, set())]
        result[request.pk] = [
            (users[s.supporter_id], s)
            for s in engine.suggest(engine_request(request), allowed, k=k)
        ]
    return result


def requests_for_user(user: User) -> QuerySet[SupportRequest]:
    """A person's own requests, newest first, with their matches and supporters."""
    return (
        SupportRequest.objects.filter(requester=user)
        .select_related("program")
        .prefetch_related("matches__supporter")
        .order_by("-created_at")
    )
