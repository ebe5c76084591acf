"""Support requests over two years, the matches made for them and the enrollments."""

import heapq
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from devtools.scale.bulk import Loader, Progress, next_id
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


REQUEST_FIELDS = [
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
ENROLLMENT_FIELDS = [
    "id",
    "person_id",
    "program_id",
    "role",
    "status",
    "started_on",
    "ended_on",
    "consent_given_at",
    "consent_text_version",
]
MATCH_FIELDS = [
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
]


def write_requests(world: "ScaleWorld") -> None:
    # The random draws happen in a fixed order (the same seed gives the same data), so the
    # steps below keep theirs: requesters, free places, times, then request by request.
    rng, now = world.rng, world.now
    participants = world.user_ids[world.supporters :]
    total = max(1, min(world.sessions // 11, int(len(participants) * 0.9)))
    requesters = rng.sample(participants, total)
    span = (now - world.begin).total_seconds()
    caseloads = _Caseloads(world)
    writer = _Writer(world, world.progress("requests, matches", total), caseloads)
    world.plans = []
    # Requests in time order, so that caseloads free up as matches end.
    created_times = sorted(world.begin + timedelta(seconds=rng.random() * span) for _ in requesters)
    for requester_id, created in zip(requesters, created_times, strict=True):
        ask = _ask(world, requester_id, created)
        caseloads.release(min(ask.accepted, now))
        supporter_id = None
        if ask.status in ("active", "proposed"):
            supporter_id = caseloads.take(rng, world.available)
        end = ask.accepted + timedelta(weeks=rng.uniform(4, 20))
        if ask.status == "active" and end <= now:
            ask.status, ask.closed_at = "closed", end
        writer.write(ask, supporter_id, end)
    writer.flush()
    world.counts.update(requests=total, matches=len(world.plans))


@dataclass
class _Ask:
    """One generated request: what was asked, and how it turned out."""

    requester_id: int
    program_id: int
    created: datetime
    topics: list[str]
    modes: list[str]
    wait: timedelta  # from the request to a supporter taking it
    status: str
    closed_at: datetime | None

    @property
    def accepted(self) -> datetime:
        return self.created + self.wait


def _ask(world: "ScaleWorld", requester_id: int, created: datetime) -> _Ask:
    """A request's program, topics and modes, and its fate: withdrawn, declined, still
    waiting or proposed, or taken by a supporter (active; closed once its match ends)."""
    rng, now = world.rng, world.now
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
    if status in ("waiting", "proposed") and accepted <= now:
        status = "active"
    return _Ask(requester_id, program_id, created, topics, modes, wait, status, closed_at)


class _Caseloads:
    """The supporters' free places: taken as matches start, given back as they end."""

    def __init__(self, world: "ScaleWorld") -> None:
        self.free = [user_id for user_id in world.available for _ in range(world.capacity[user_id])]
        world.rng.shuffle(self.free)
        self.ending: list[tuple[datetime, int]] = []  # a heap of (end, supporter)
        self.never = world.now + timedelta(days=3650)

    def release(self, moment: datetime) -> None:
        """Give back the places of the matches that ended by `moment`."""
        while self.ending and self.ending[0][0] <= moment:
            _ended, supporter = heapq.heappop(self.ending)
            self.free.append(supporter)

    def take(self, rng: random.Random, available: list[int]) -> int:
        if self.free:
            return self.free.pop(rng.randrange(len(self.free)))
        return rng.choice(available)  # over the cap: it happens

    def hold(self, supporter_id: int, until: datetime | None) -> None:
        """Keep the place until the match ends (`None`: it has not ended)."""
        heapq.heappush(self.ending, (until or self.never, supporter_id))


class _Writer:
    """Writes each request, with the match and enrollment it led to, under the next ids."""

    def __init__(self, world: "ScaleWorld", progress: Progress, caseloads: _Caseloads) -> None:
        self.world, self.progress, self.caseloads = world, progress, caseloads
        self.requests = Loader(SupportRequest, REQUEST_FIELDS, progress=progress)
        self.enrollments = Loader(Enrollment, ENROLLMENT_FIELDS)
        self.matches = Loader(Match, MATCH_FIELDS, flush_first=[self.requests, self.enrollments])
        self.request_id, self.match_id = next_id(SupportRequest), next_id(Match)
        self.enrollment_id = next_id(Enrollment)

    def write(self, ask: _Ask, supporter_id: int | None, end: datetime) -> None:
        """The request's row, and its match (`end` for one accepted) if it has a supporter."""
        self.requests.add(
            [
                self.request_id,
                ask.requester_id,
                ask.program_id,
                ask.created,
                ask.topics,
                ["id"],
                ask.modes,
                ask.created,
                CONSENT_VERSION,
                ask.status,
                ask.closed_at,
            ]
        )
        # Only a proposed, active or closed request has a supporter, and so a match.
        if supporter_id is not None and ask.status == "proposed":
            self._write_proposal(ask, supporter_id)
        elif supporter_id is not None:
            self._write_accepted(ask, supporter_id, end)
        self.request_id += 1

    def _write_proposal(self, ask: _Ask, supporter_id: int) -> None:
        proposed = ask.created + ask.wait / 2
        # Not accepted, not closed, no enrollment yet.
        unanswered = [None, None, "", None]
        self.matches.add(
            [self.match_id, self.request_id, supporter_id, "proposed", 80, proposed, *unanswered]
        )
        self.caseloads.hold(supporter_id, None)
        self.match_id += 1

    def _write_accepted(self, ask: _Ask, supporter_id: int, end: datetime) -> None:
        """The enrollment and match of a request a supporter took, and its plan for the
        sessions to come."""
        active, accepted = ask.status == "active", ask.accepted
        self.enrollments.add(
            [
                self.enrollment_id,
                ask.requester_id,
                ask.program_id,
                "participant",
                "active" if active else "completed",
                timezone.localdate(accepted),
                None if active else timezone.localdate(end),
                ask.created,
                CONSENT_VERSION,
            ]
        )
        self.matches.add(
            [
                self.match_id,
                self.request_id,
                supporter_id,
                "active" if active else "closed",
                self.world.rng.randint(55, 95),
                accepted - ask.wait / 3,
                accepted,
                None if active else end,
                "" if active else "completed",
                self.enrollment_id,
            ]
        )
        self.caseloads.hold(supporter_id, None if active else end)
        self.world.plans.append(
            MatchPlan(
                match_id=self.match_id,
                supporter_id=supporter_id,
                requester_id=ask.requester_id,
                program_id=ask.program_id,
                request_id=self.request_id,
                enrollment_id=self.enrollment_id,
                start=accepted,
                end=min(end, self.world.now),
                topics=ask.topics,
                mode=self.world.rng.choices(MODES, MODE_WEIGHTS)[0],
            )
        )
        self.match_id += 1
        self.enrollment_id += 1

    def flush(self) -> None:
        self.requests.flush()
        self.enrollments.flush()
        self.matches.flush()
        self.progress.close()
