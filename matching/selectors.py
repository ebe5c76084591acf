"""Reads of the matching app: requests and supporters turned into engine inputs."""

import json
from collections.abc import Iterable, Sequence
from operator import itemgetter

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import timezone

from matching import engine
from matching.access import matches_supported_by, support_requests_of
from matching.models import (
    OPEN_MATCH_STATUSES,
    Match,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from peersupport.models import User
from programs.choices import LivedExperience, MatchMode, Topic
from programs.models import Program, SupporterProfile


def candidate_profiles(program: Program) -> QuerySet[SupporterProfile]:
    """Supporters eligible for the program today, with their open matches counted.

    The count is a subquery per supporter rather than a join and a GROUP BY over every
    column read.
    """
    open_matches = (
        Match.objects.filter(supporter=OuterRef("user_id"), status__in=OPEN_MATCH_STATUSES)
        .order_by()
        .values("supporter")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        SupporterProfile.objects.eligible_for(program)
        .annotate(open_matches=Coalesce(Subquery(open_matches), 0))
        .order_by()
    )


def candidates_with_room(program: Program) -> QuerySet[SupporterProfile]:
    """The candidates who can take one more person (the only ones worth suggesting)."""
    return candidate_profiles(program).filter(open_matches__lt=F("capacity"))


def request_candidates(request: SupportRequest) -> QuerySet[SupporterProfile]:
    """The candidates the hard rules allow for one request.

    The engine applies every rule itself; checking in the database those that are cheap
    there means fewer supporters are read: only those with a free place, who are neither
    the requester, nor their line manager, nor one of their direct reports, are outside the
    requester's department when that was asked for, and were not asked before for this
    request. (The shared language stays
    with the engine: on SQLite a JSON list cannot be searched for one of several values.)
    """
    requester: User = request.requester
    asked = Match.objects.filter(request=request).values("supporter_id")
    profiles = (
        candidates_with_room(request.program)
        .exclude(user_id__in=[pk for pk in (requester.pk, requester.line_manager_id) if pk])
        .exclude(user_id__in=asked)
        .exclude(user__line_manager_id=requester.pk)
    )
    if request.outside_department:
        profiles = profiles.exclude(user__department=requester.department)
    return profiles


# JSON lists decoded per call of the decoder (see `_decoded_lists`).
DECODED_AT_ONCE = 256

# The engine's set attributes and the JSON lists they are read from.
SET_COLUMNS = {
    "topics": "topics",
    "lived_experience": "lived_experience",
    "meeting_modes": "meeting_modes",
    "availability": "availability",
    "languages": "user__languages",
}
# Model fields first, then annotations: the order Django selects them in, so the rows
# need no reordering.
SUPPORTER_COLUMNS = (
    "user_id",
    "capacity",
    "user__department",
    "user__site",
    "user__gender",
    "user__line_manager_id",
    "open_matches",
    "joined_year",
    *(f"{name}_json" for name in SET_COLUMNS),
)


def _plain_rows(queryset: QuerySet, columns: Sequence[str]) -> list[tuple]:
    """The rows of `queryset.values_list(*columns)` as the database driver returns them.

    Django would pass each value of each row through its converters (here they only turn
    integers into integers), which for a few thousand rows takes longer than the query.
    """
    try:
        sql, params = queryset.values_list(*columns).query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        selected = [column[0] for column in cursor.description]
    if selected == list(columns):
        return rows
    row = itemgetter(*(selected.index(name) for name in columns))
    return [row(values) for values in rows]


def _decoded_lists(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each distinct JSON list as a tuple.

    They are decoded a few hundred per call of the decoder: one call each is slow, and
    one call for all would hold thousands of lists at once, setting off the garbage
    collector (whose full passes are what make a suggestion now and then slow).
    """
    distinct = list(set(texts))
    decoded: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(distinct), DECODED_AT_ONCE):
        chunk = distinct[start : start + DECODED_AT_ONCE]
        decoded.update(zip(chunk, map(tuple, json.loads(f"[{','.join(chunk)}]")), strict=True))
    return decoded


def engine_supporters(profiles: QuerySet[SupporterProfile]) -> list[engine.Supporter]:
    """The engine's view of each supporter, read as plain rows (no model instances).

    The lists come as JSON text rather than through Django's JSON conversion one value at
    a time: supporters share many of them (languages, meeting modes, lived experience),
    so each distinct list is decoded once, into a tuple that they all share.
    """
    this_year = timezone.localdate().year
    rows = _plain_rows(
        profiles.annotate(
            joined_year=Cast(ExtractYear("user__date_joined"), IntegerField()),
            **{f"{name}_json": Cast(column, TextField()) for name, column in SET_COLUMNS.items()},
        ),
        SUPPORTER_COLUMNS,
    )
    sets = _decoded_lists(text for row in rows for text in row[-len(SET_COLUMNS) :])
    return [
        engine.Supporter(
            id=user_id,
            person_id=user_id,
            languages=sets[languages],
            capacity=capacity,
            load=load,
            department=department,
            site=site,
            gender=gender,
            topics=sets[topics],
            lived_experience=sets[lived],
            meeting_modes=sets[modes],
            availability=sets[slots],
            years_of_service=max(this_year - joined_year, 0),
            line_manager_id=line_manager_id,
        )
        for (
            user_id,
            capacity,
            department,
            site,
            gender,
            line_manager_id,
            load,
            joined_year,
            topics,
            lived,
            modes,
            slots,
            languages,
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
    """The best k supporters for one request, reading only the supporters the hard rules
    allow (two queries). Supporters already asked for the request are left out."""
    ranked = engine.suggest(
        engine_request(request), engine_supporters(request_candidates(request)), k=k
    )
    users = User.objects.in_bulk([s.supporter_id for s in ranked])
    return [(users[s.supporter_id], s) for s in ranked]


def suggestions_for_many(requests: list[SupportRequest], *, k: int = 5) -> dict[int, Suggestions]:
    """The best k supporters for each request: one query per program plus two, whatever
    the number of requests. Supporters already asked for a request are left out."""
    asked = asked_supporters(requests)
    pools: dict[int, list[engine.Supporter]] = {}
    found: dict[int, list[engine.Suggestion]] = {}
    for request in requests:
        if request.program_id not in pools:
            pools[request.program_id] = engine_supporters(candidates_with_room(request.program))
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
        support_requests_of(user)
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
        # In a fixed order, so that equal plans are told apart the same way every time.
        engine_supporters(candidate_profiles(program).order_by("user_id")),
    )
    users = User.objects.in_bulk({supporter_id for _r, supporter_id, _s in result.pairs})
    pairs = [
        (by_id[request_id], users[supporter_id], score)
        for request_id, supporter_id, score in result.pairs
    ]
    pairs.sort(key=lambda pair: pair[0].created_at)
    return pairs, result.unmatched, result.total_score, waiting


def coordinator_queue_requests(*, limit: int = 50) -> list[SupportRequest]:
    """The oldest waiting requests the coordinator matches. In programs where the employee
    chooses, the choice stays theirs."""
    return list(
        SupportRequest.objects.filter(
            status=RequestStatus.WAITING, program__match_mode=MatchMode.COORDINATOR
        )
        .select_related("requester", "program")
        .order_by("created_at")[:limit]
    )


def choice_cards(request: SupportRequest, suggestions: Suggestions) -> list[dict]:
    """What the employee reads about each suggested supporter: the bio, the shared topics
    and the shared lived experience (never the score)."""
    profiles = {
        p.user_id: p
        for p in SupporterProfile.objects.filter(user__in=[u.pk for u, _s in suggestions])
    }
    cards = []
    for user, _suggestion in suggestions:
        profile = profiles.get(user.pk)
        cards.append(
            {
                "user": user,
                "bio": profile.bio if profile else "",
                "shared_topics": [
                    label
                    for code, label in Topic.choices
                    if profile and code in request.topics and code in profile.topics
                ],
                "shared_experience": [
                    label
                    for code, label in LivedExperience.choices
                    if profile
                    and code in request.lived_experience
                    and code in profile.lived_experience
                ],
            }
        )
    return cards


def person_by_id(posted: str) -> User | None:
    """The person a page names by id (a supporter to propose), or None for anything else;
    whether they may be matched is the service's question."""
    return User.objects.filter(pk=int(posted)).first() if posted.isdigit() else None


def supporter_proposal_count(user: User) -> int:
    """How many matches are proposed to this supporter and wait for their answer."""
    return matches_supported_by(user).filter(status=MatchStatus.PROPOSED).count()


def waiting_request_figures() -> dict:
    """For the coordinator's home: the requests on the matching queue and when the oldest
    was sent (one query; the same requests as `coordinator_queue_requests`)."""
    return SupportRequest.objects.filter(
        status=RequestStatus.WAITING, program__match_mode=MatchMode.COORDINATOR
    ).aggregate(count=Count("pk"), oldest=Min("created_at"))


def latest_request_of(user: User) -> SupportRequest | None:
    """The person's newest request with its program and matches (two queries)."""
    return requests_for_user(user).first()
