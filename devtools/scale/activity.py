"""Session logs with their boundary checks, the referrals and supervision these raise,
routine supervision, and WHO-5 check-ins."""

import random
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from devtools.scale.bulk import Loader, next_id
from devtools.scale.requests import MatchPlan
from devtools.scale.vocabulary import (
    CONSENT_VERSION,
    MINUTES,
    MODE_WEIGHTS,
    MODES,
    NOTES,
    OUTCOME_REASONS,
    TRIGGER_RATE,
    TRIGGERS,
    URGENCY,
)
from programs.models import WellbeingCheckIn
from referrals.models import Referral
from sessions.models import SessionLog, SupervisionRequest

if TYPE_CHECKING:
    from devtools.scale.world import ScaleWorld


REFERRAL_FIELDS = [
    "id",
    "participant_id",
    "program_id",
    "match_id",
    "support_request_id",
    "source",
    "raised_by_id",
    "trigger",
    "urgency",
    "summary",
    "consent_given",
    "consent_at",
    "consent_text_version",
    "service_id",
    "counselor_id",
    "status",
    "created_at",
    "acknowledge_by",
    "acknowledged_at",
    "closed_at",
    "outcome_successful",
    "outcome_reason",
]
SESSION_LOG_FIELDS = [
    "id",
    "match_id",
    "author_id",
    "occurred_at",
    "minutes",
    "mode",
    "topics",
    "notes",
    "mood",
    "triggers",
    "referral_id",
    "created_at",
    "updated_at",
]
DISTRESS_SUPERVISION_FIELDS = [
    "supporter_id",
    "urgent",
    "session_log_id",
    "created_at",
    "status",
    "held_on",
    "held_by_id",
]


def write_sessions(world: "ScaleWorld") -> None:
    rng, plans = world.rng, world.plans
    if not plans:
        return
    planned = _session_times(world)
    progress = world.progress("session logs", len(planned))
    referrals = Loader(Referral, REFERRAL_FIELDS)
    logs = Loader(SessionLog, SESSION_LOG_FIELDS, progress=progress, flush_first=[referrals])
    supervision = Loader(SupervisionRequest, DISTRESS_SUPERVISION_FIELDS, flush_first=[logs])
    log_id, referral_id = next_id(SessionLog), next_id(Referral)
    first_referral = referral_id
    triggers, trigger_weights = list(TRIGGERS), list(TRIGGERS.values())
    for moment, index in planned:
        plan = plans[index]
        occurred = datetime.fromtimestamp(moment, tz=UTC)
        logged = occurred + timedelta(hours=rng.uniform(0.5, 30))
        trigger = None
        if rng.random() < TRIGGER_RATE:
            trigger = rng.choices(triggers, trigger_weights)[0]
        linked = None
        if trigger in URGENCY:
            linked = referral_id
            referrals.add(_referral(world, referral_id, plan, trigger, logged))
            referral_id += 1
        elif trigger:
            supervision.add(_distress_supervision(world, plan, log_id, logged))
        logs.add(_session_log(world, plan, log_id, occurred, logged, trigger, linked))
        log_id += 1
    supervision.flush()
    progress.close()
    world.counts.update(sessions=len(planned), referrals=referral_id - first_referral)


def _session_times(world: "ScaleWorld") -> list[tuple[float, int]]:
    """Every session as (timestamp, index of its plan), in time order: rows go in as they
    would in life. Longer matches get more of the sessions asked for."""
    rng, plans = world.rng, world.plans
    weights = [max((plan.end - plan.start).total_seconds(), 3600.0) for plan in plans]
    scale = world.sessions / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    for index in rng.choices(range(len(plans)), weights, k=world.sessions - sum(counts)):
        counts[index] += 1
    planned = []
    for index, (plan, number) in enumerate(zip(plans, counts, strict=True)):
        span = (plan.end - plan.start).total_seconds()
        start = plan.start.timestamp()
        planned += [(start + rng.random() * span, index) for _ in range(number)]
    planned.sort()
    return planned


def _session_log(
    world: "ScaleWorld",
    plan: MatchPlan,
    log_id: int,
    occurred: datetime,
    logged: datetime,
    trigger: str | None,
    referral_id: int | None,
) -> list:
    """A session log's row (its random draws in the order the seed's data depends on)."""
    rng = world.rng
    mode = plan.mode if rng.random() < 0.7 else rng.choices(MODES, MODE_WEIGHTS)[0]
    return [
        log_id,
        plan.match_id,
        plan.supporter_id,
        occurred,
        rng.choice(MINUTES),
        mode,
        sorted(rng.sample(plan.topics, rng.randint(1, len(plan.topics)))),
        rng.choice(NOTES),
        rng.randint(2, 5),
        [trigger] if trigger else [],
        referral_id,
        logged,
        logged,
    ]


def _referral(
    world: "ScaleWorld", referral_id: int, plan: MatchPlan, trigger: str, raised: datetime
) -> list:
    rng, now = world.rng, world.now
    urgency, deadline = URGENCY[trigger]
    key = "occupational" if trigger == "workplace_adjustment" else "counseling"
    if trigger == "beyond_scope" and rng.random() < 0.5:
        key = "eap"
    service_id, counselors = world.services[key]
    acknowledge_by = raised + deadline
    late = rng.random() < 0.1
    acknowledged = raised + deadline * (rng.uniform(1.1, 3) if late else rng.uniform(0.05, 0.9))
    status, closed, successful, reason = "submitted", None, None, ""
    if acknowledged <= now:
        closes = acknowledged + timedelta(days=rng.uniform(7, 60))
        if closes <= now:
            status, closed = "closed", closes
            successful = rng.random() < 0.75
            reason = "" if successful else rng.choice(OUTCOME_REASONS)
        else:
            status = rng.choice(["acknowledged", "accepted", "in_progress", "in_progress"])
    else:
        acknowledged = None
    return [
        referral_id,
        plan.requester_id,
        plan.program_id,
        plan.match_id,
        plan.request_id,
        "session",
        plan.supporter_id,
        trigger,
        urgency,
        "Summary for the professional (generated).",
        True,
        raised,
        CONSENT_VERSION,
        service_id,
        rng.choice(counselors) if acknowledged else None,
        status,
        raised,
        acknowledge_by,
        acknowledged,
        closed,
        successful,
        reason,
    ]


def _distress_supervision(
    world: "ScaleWorld", plan: MatchPlan, log_id: int, asked: datetime
) -> list:
    held = asked + timedelta(days=world.rng.uniform(0.5, 4))
    if held > world.now:
        return [plan.supporter_id, True, log_id, asked, "requested", None, None]
    return [
        plan.supporter_id,
        True,
        log_id,
        asked,
        "held",
        timezone.localdate(held),
        world.coordinator.pk,
    ]


def write_routine_supervision(world: "ScaleWorld") -> None:
    """Group supervision every one to four months for most supporters."""
    rng = world.rng
    progress = world.progress("supervision", len(world.capacity))
    rows = Loader(
        SupervisionRequest,
        ["supporter_id", "urgent", "created_at", "status", "held_on", "held_by_id"],
    )
    for user_id in world.capacity:
        moment = world.begin + timedelta(days=rng.uniform(0, 120))
        while moment < world.now - timedelta(days=2):
            rows.add(
                [
                    user_id,
                    False,
                    moment,
                    "held",
                    timezone.localdate(moment + timedelta(days=2)),
                    world.coordinator.pk,
                ]
            )
            moment += timedelta(days=rng.uniform(30, 130))
        progress.advance()
    rows.flush()
    progress.close()


# --- WHO-5 check-ins ------------------------------------------------------------------


def write_checkins(world: "ScaleWorld") -> None:
    rng = world.rng
    progress = world.progress("WHO-5 check-ins", len(world.plans))
    rows = Loader(
        WellbeingCheckIn,
        ["person_id", "enrollment_id", "kind", "taken_at", "answers", "score"],
    )
    written = 0
    for plan in world.plans:
        baseline = rng.gauss(44, 16)
        taken, visit = plan.start + timedelta(hours=rng.uniform(1, 48)), 0
        while taken <= plan.end:
            if rng.random() < (0.75 if visit == 0 else 0.6):
                score = baseline + visit * rng.gauss(3, 5)
                answers = _who5_answers(round(min(100, max(0, score)) / 4), rng)
                rows.add(
                    [
                        plan.requester_id,
                        plan.enrollment_id,
                        "intake" if written == 0 else "follow_up",
                        taken,
                        answers,
                        sum(answers) * 4,
                    ]
                )
                written += 1
            visit += 1
            taken += timedelta(weeks=4, hours=rng.uniform(-48, 48))
        written = 0
        progress.advance()
    rows.flush()
    progress.close()


def _who5_answers(total: int, rng: random.Random) -> list[int]:
    """Five answers from 0 to 5 that add up to `total` (0 to 25)."""
    answers = [total // 5] * 5
    for index in rng.sample(range(5), total % 5):
        answers[index] += 1
    return answers
