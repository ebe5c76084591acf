"""Support requests over two years, the matches made for them and the enrollments."""

import heapq
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from devtools.scale.bulk import Loader, next_id
from devtools.scale.vocabulary import CONSENT_VERSION, MODE_WEIGHTS, MODES, TOPICS
from matching.models import Match, SupportRequest
from programs.models import Enrollment

if TYPE_CHECKING:
    from devtools.scale.world import ScaleWorld


@dataclass
class MatchPlan:
    """What the session generator needs to know about one accepted match."""

    match_id: int
    supporter_id: int
    requester_id: int
    program_id: int
    request_id: int
    enrollment_id: int
    start: datetime
    end: datetime  # when the match ended, or now for an active one
    topics: list[str]
    mode: str


def write_requests(world: "ScaleWorld") -> None:
    rng, now = world.rng, world.now
    participants = world.user_ids[world.supporters :]
    total = max(1, min(world.sessions // 11, int(len(participants) * 0.9)))
    requesters = rng.sample(participants, total)
    span = (now - world.begin).total_seconds()
    load = {user_id: 0 for user_id in world.capacity}
    free = [user_id for user_id in world.available for _ in range(world.capacity[user_id])]
    rng.shuffle(free)
    progress = world.progress("requests, matches", total)
    request_fields = [
        "id",
        "requester_id",
        "program_id",
        "created_at",
        "topics",
        "languages",
        "meeting_modes",
        "consent_given_at",
        "consent_text_version",
        "status",
        "closed_at",
    ]
    requests = Loader(SupportRequest, request_fields, progress=progress)
    enrollments = Loader(
        Enrollment,
        [
            "id",
            "person_id",
            "program_id",
            "role",
            "status",
            "started_on",
            "ended_on",
            "consent_given_at",
            "consent_text_version",
        ],
    )
    matches = Loader(
        Match,
        [
            "id",
            "request_id",
            "supporter_id",
            "status",
            "score",
            "proposed_at",
            "accepted_at",
            "closed_at",
            "close_reason",
            "enrollment_id",
        ],
        flush_first=[requests, enrollments],
    )
    request_id, match_id = next_id(SupportRequest), next_id(Match)
    enrollment_id = next_id(Enrollment)
    world.plans = []
    # Requests in time order, so that caseloads free up as matches end.
    created_times = sorted(world.begin + timedelta(seconds=rng.random() * span) for _ in requesters)
    ending: list[tuple[datetime, int]] = []  # a heap of (end, supporter)
    never = now + timedelta(days=3650)
    for requester_id, created in zip(requesters, created_times, strict=True):
        program_id, kind = rng.choices(world.programs, [60, 25, 15])[0]
        topics = sorted(rng.sample(TOPICS[kind], rng.randint(1, 3)))
        modes = sorted(rng.sample(MODES, rng.randint(1, 3)))
        wait = timedelta(days=min(60.0, math.exp(rng.gauss(math.log(3), 0.8))))
        outcome = rng.random()
        status, closed_at, accepted = "waiting", None, created + wait
        if outcome < 0.04:
            status, closed_at = "withdrawn", created + timedelta(days=rng.uniform(1, 14))
        elif outcome < 0.05:
            status, closed_at = "declined", created + timedelta(days=rng.uniform(1, 7))
        elif accepted > now:
            status = "proposed" if rng.random() < 0.3 else "waiting"
        if closed_at and closed_at > now:
            status, closed_at = "waiting", None
        # Free the places of matches that ended before this one starts.
        while ending and ending[0][0] <= min(accepted, now):
            _ended, supporter = heapq.heappop(ending)
            load[supporter] -= 1
            free.append(supporter)
        supporter_id = None
        if status in ("waiting", "proposed") and accepted <= now:
            status = "active"
        if status in ("active", "proposed"):
            if free:
                supporter_id = free.pop(rng.randrange(len(free)))
            else:
                supporter_id = rng.choice(world.available)  # over the cap: it happens
            load[supporter_id] += 1
        end = accepted + timedelta(weeks=rng.uniform(4, 20))
        if status == "active" and end <= now:
            status, closed_at = "closed", end
        requests.add(
            [
                request_id,
                requester_id,
                program_id,
                created,
                topics,
                ["id"],
                modes,
                created,
                CONSENT_VERSION,
                status,
                closed_at,
            ]
        )
        if status == "proposed":
            proposed = created + wait / 2
            # Not accepted, not closed, no enrollment yet.
            unanswered = [None, None, "", None]
            matches.add([match_id, request_id, supporter_id, "proposed", 80, proposed, *unanswered])
            heapq.heappush(ending, (never, supporter_id))
            match_id += 1
        elif status in ("active", "closed"):
            active = status == "active"
            enrollments.add(
                [
                    enrollment_id,
                    requester_id,
                    program_id,
                    "participant",
                    "active" if active else "completed",
                    timezone.localdate(accepted),
                    None if active else timezone.localdate(end),
                    created,
                    CONSENT_VERSION,
                ]
            )
            matches.add(
                [
                    match_id,
                    request_id,
                    supporter_id,
                    "active" if active else "closed",
                    rng.randint(55, 95),
                    accepted - wait / 3,
                    accepted,
                    None if active else end,
                    "" if active else "completed",
                    enrollment_id,
                ]
            )
            heapq.heappush(ending, (never if active else end, supporter_id))
            world.plans.append(
                MatchPlan(
                    match_id=match_id,
                    supporter_id=supporter_id,
                    requester_id=requester_id,
                    program_id=program_id,
                    request_id=request_id,
                    enrollment_id=enrollment_id,
                    start=accepted,
                    end=min(end, now),
                    topics=topics,
                    mode=rng.choices(MODES, MODE_WEIGHTS)[0],
                )
            )
            match_id += 1
            enrollment_id += 1
        request_id += 1
    requests.flush()
    enrollments.flush()
    matches.flush()
    progress.close()
    world.counts.update(requests=total, matches=len(world.plans))
