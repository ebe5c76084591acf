"""A small world whose dashboard figures are known, at a fixed moment.

Now is Wednesday 18 March 2026, noon in Jakarta. The default period (the last 12 weeks)
runs from Monday 29 December 2025 to that day.

Programs: "Peer support" requires two modules; "Mentoring" requires none; "Old program"
is inactive. Supporters s1..s6 work in Jakarta (Produksi), each with a cap of 2; s7
(Surabaya, Keuangan) is paused. Requesters are Jakarta/Produksi unless said otherwise.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from matching.models import Match, SupportRequest
from peersupport.models import User
from programs.models import Enrollment, Program, TrainingModule, WellbeingCheckIn
from referrals.models import Referral, Service
from sessions.models import SessionLog, SupervisionRequest
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory, train
from tests.referrals.factories import make_service

NOW = datetime(2026, 3, 18, 5, 0, tzinfo=UTC)  # noon in Jakarta (UTC+7)
TODAY = date(2026, 3, 18)
PERIOD_START = date(2025, 12, 29)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def local(day: date, hour: int = 10) -> datetime:
    """`hour` o'clock in Jakarta on `day`."""
    return datetime(day.year, day.month, day.day, hour - 7, tzinfo=UTC)


@dataclass
class World:
    peer: Program
    mentoring: Program
    old: Program
    people: dict[str, User] = field(default_factory=dict)
    matches: dict[str, Match] = field(default_factory=dict)
    service: Service | None = None


def _person(name: str, *, site: str = "Jakarta", department: str = "Produksi") -> User:
    return UserFactory(username=name, site=site, department=department, roles=["employee"])


def _request(requester: User, program: Program, *, created: datetime, **fields) -> SupportRequest:
    request = make_request(requester=requester, program=program, **fields)
    SupportRequest.objects.filter(pk=request.pk).update(created_at=created)
    return request


def _active_match(
    world: World, name: str, supporter: User, program: Program, *, asked: float, accepted: float
) -> Match:
    request = _request(world.people[name], program, created=ago(asked), status="active")
    match = make_match(request, supporter, status="active")
    Match.objects.filter(pk=match.pk).update(
        proposed_at=ago(accepted + 0.5), accepted_at=ago(accepted)
    )
    world.matches[name] = match
    return match


def build_world() -> World:
    modules = {module.code: module for module in TrainingModule.objects.all()}
    listening, boundaries = modules["active-listening"], modules["role-boundaries"]
    world = World(
        peer=ProgramFactory(name_en="Peer support", modules=[listening, boundaries]),
        mentoring=ProgramFactory(name_en="Mentoring", kind="mentoring"),
        old=ProgramFactory(name_en="Old program", active=False),
    )
    people = world.people

    # Supporters: s1..s5 hold both modules (s5's boundaries record expires in 10 days),
    # s6 only one; s7 is trained but paused.
    for index in range(1, 8):
        site, department = ("Surabaya", "Keuangan") if index == 7 else ("Jakarta", "Produksi")
        user = UserFactory(
            username=f"s{index}", site=site, department=department, roles=["supporter"]
        )
        status = {"status": "paused"} if index == 7 else {}
        people[f"s{index}"] = make_supporter(user=user, capacity=2, **status)
    for name in ("s1", "s2", "s3", "s4", "s7"):
        train(people[name], [listening, boundaries], completed_on=TODAY - timedelta(days=30))
    train(people["s5"], [listening], completed_on=TODAY - timedelta(days=30))
    train(
        people["s5"],
        [boundaries],
        completed_on=TODAY - timedelta(days=700),
        expires_on=TODAY + timedelta(days=10),
    )
    train(people["s6"], [listening], completed_on=TODAY - timedelta(days=30))
    for name, days in (("s1", 10), ("s2", 10), ("s3", 100)):
        SupervisionRequest.objects.create(
            supporter=people[name], status="held", held_on=TODAY - timedelta(days=days)
        )

    for name in ("r1", "r2", "r3", "r5", "r6", "r7", "r8", "r11", "r12", "r13", "r14"):
        people[name] = _person(name)
    people["r4"] = _person("r4", department="Keuangan")
    people["r9"] = _person("r9", site="Surabaya", department="Keuangan")
    people["r10"] = _person("r10", site="Surabaya")

    # Waiting now: r1..r4 and r9 (1, 2, 3, 4 and 6 days), r10 asked 5 days ago and a
    # supporter (s2) is being asked.
    for name, days in (("r1", 1), ("r2", 2), ("r3", 3), ("r4", 4), ("r9", 6)):
        _request(people[name], world.peer, created=ago(days))
    proposed = _request(people["r10"], world.peer, created=ago(5), status="proposed")
    make_match(proposed, people["s2"], status="proposed")

    # Active pairs (asked, accepted days ago): time to match 1, 2, 3, 4, 10 and 5 days.
    _active_match(world, "r5", people["s1"], world.peer, asked=21, accepted=20)
    _active_match(world, "r6", people["s1"], world.peer, asked=32, accepted=30)
    _active_match(world, "r7", people["s2"], world.peer, asked=43, accepted=40)
    _active_match(world, "r8", people["s3"], world.peer, asked=54, accepted=50)
    _active_match(world, "r11", people["s4"], world.mentoring, asked=70, accepted=60)
    _active_match(world, "r14", people["s5"], world.peer, asked=45, accepted=40)

    # Withdrawn: r12 three days ago, r13 long before the period.
    withdrawn = _request(people["r12"], world.peer, created=ago(10), status="withdrawn")
    SupportRequest.objects.filter(pk=withdrawn.pk).update(closed_at=ago(3))
    old = _request(people["r13"], world.peer, created=ago(120), status="withdrawn")
    SupportRequest.objects.filter(pk=old.pk).update(closed_at=ago(100))

    _sessions(world)
    _referrals(world)
    _checkins(world)
    return world


def _log(match: Match, when: datetime, minutes: int, mode: str, topics: list[str], **fields):
    return SessionLog(
        match=match,
        author=match.supporter,
        occurred_at=when,
        minutes=minutes,
        mode=mode,
        topics=topics,
        notes="SECRET-NOTE-TEXT",
        **fields,
    )


def _sessions(world: World) -> None:
    """The week of 9 March: one video session of an hour for five pairs (r5, r6, r7, r8,
    r11). The week of 2 March: half an hour by phone for two (r5 with a boundary
    trigger, r6). Before the period: one more for r6. r14's pair has no session."""
    matches = world.matches
    logs = [
        _log(matches[name], local(date(2026, 3, 10)), 60, "video", ["stress"])
        for name in ("r5", "r6", "r7", "r8", "r11")
    ]
    logs += [
        _log(
            matches["r5"],
            local(date(2026, 3, 3)),
            30,
            "phone",
            ["workload"],
            triggers=["beyond_scope"],
        ),
        _log(matches["r6"], local(date(2026, 3, 3)), 30, "phone", ["workload"]),
        _log(matches["r6"], local(date(2025, 12, 1)), 45, "video", ["stress"]),
    ]
    SessionLog.objects.bulk_create(logs)


def _referral(world: World, name: str, *, created: datetime, **fields) -> Referral:
    match = world.matches.get(name)
    fields.setdefault("program", match.request.program if match else world.peer)
    fields.setdefault("trigger", "beyond_scope")
    fields.setdefault("acknowledge_by", created + timedelta(hours=72))
    referral = Referral.objects.create(
        participant=world.people[name],
        match=match,
        source="session",
        raised_by=match.supporter if match else world.people["s1"],
        summary="SECRET-SUMMARY-TEXT",
        consent_given=True,
        service=world.service,
        **fields,
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=created)
    return referral


def _referrals(world: World) -> None:
    """Open: an emergency acknowledged after an hour (r5), a priority one overdue (r6).
    Closed in the period: five routine ones acknowledged after 2, 4, 6, 8 and 10 hours
    (three successful, one not reached, one declined). One closed long ago (r13)."""
    world.service = make_service(counselors=[UserFactory(username="c1", roles=["counselor"])])
    created = ago(2)
    _referral(
        world,
        "r5",
        created=created,
        urgency="emergency",
        trigger="imminent_risk",
        status="acknowledged",
        acknowledged_at=created + timedelta(hours=1),
    )
    created = ago(10)
    _referral(
        world,
        "r6",
        created=created,
        urgency="priority",
        status="submitted",
        acknowledge_by=created + timedelta(hours=24),
    )
    outcomes = [(True, ""), (True, ""), (True, ""), (False, "not_reached")]
    outcomes.append((False, "declined_by_participant"))
    for index, (name, (successful, reason)) in enumerate(
        zip(("r5", "r6", "r7", "r8", "r11"), outcomes, strict=True)
    ):
        created = ago(20 + index)
        _referral(
            world,
            name,
            created=created,
            urgency="routine",
            status="closed",
            acknowledged_at=created + timedelta(hours=2 * (index + 1)),
            closed_at=ago(5),
            outcome_successful=successful,
            outcome_reason=reason,
        )
    created = ago(200)
    _referral(
        world,
        "r13",
        created=created,
        urgency="routine",
        status="closed",
        acknowledged_at=created + timedelta(hours=3),
        closed_at=ago(150),
        outcome_successful=True,
    )


def _checkins(world: World) -> None:
    """WHO-5 (score, days ago, kind): in Peer support r5 40 -> 60, r6 52 -> 56, r7 44
    only, r8 36 -> 40 (before the period) -> 56; in Mentoring r11 60 -> 76. r13 only
    long before the period."""
    plan = {
        "r5": (world.peer, [(40, 100), (60, 10)]),
        "r6": (world.peer, [(52, 30), (56, 5)]),
        "r7": (world.peer, [(44, 20)]),
        "r8": (world.peer, [(36, 100), (40, 90), (56, 3)]),
        "r11": (world.mentoring, [(60, 15), (76, 2)]),
        "r13": (world.peer, [(20, 200)]),
    }
    for name, (program, checkins) in plan.items():
        person = world.people[name]
        enrollment = Enrollment.objects.create(
            person=person,
            program=program,
            role="participant",
            started_on=TODAY - timedelta(days=120),
            consent_given_at=NOW,
            consent_text_version="2026-1",
        )
        for position, (score, days) in enumerate(checkins):
            checkin = WellbeingCheckIn.objects.create(
                person=person,
                enrollment=enrollment,
                kind="intake" if position == 0 else "follow_up",
                answers=[score // 20] * 5,
                score=score,
            )
            WellbeingCheckIn.objects.filter(pk=checkin.pk).update(taken_at=ago(days))
