"""A known data set for the home pages: `n` of each kind of work, for each role.

Every count the homes show follows from `n` (see `expected`), so the same world proves the
numbers at two sizes and keeps the query count fixed between them.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from matching.models import Match
from peersupport.models import CrisisContact, Notification, User
from programs.models import Enrollment, SupporterApplication
from referrals.models import Referral, Service, Trigger, Urgency
from sessions.models import ReviewTask, SessionLog, SupervisionRequest
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory, core_modules, train
from tests.referrals.factories import make_service

TRIGGERS = {
    Urgency.EMERGENCY: Trigger.IMMINENT_RISK,
    Urgency.PRIORITY: Trigger.DISCLOSED_RISK,
    Urgency.ROUTINE: Trigger.BEYOND_SCOPE,
}


@dataclass
class HomeWorld:
    n: int
    service: Service
    other_service: Service
    overdue_referral: Referral
    emergencies: list[Referral]


def _referrals(service: Service, urgency: str, count: int, **fields: object) -> list[Referral]:
    now = timezone.now()
    fields.setdefault("acknowledge_by", now + timedelta(minutes=12))
    return Referral.objects.bulk_create(
        Referral(
            participant=UserFactory(roles=["employee"]),
            raised_by=UserFactory(roles=["supporter"]),
            source="coordinator",
            trigger=TRIGGERS[urgency],
            urgency=urgency,
            summary="Needs a counselor.",
            consent_given=True,
            consent_at=now,
            service=service,
            **fields,
        )
        for _ in range(count)
    )


def _counselor_world(n: int, counselor: User, other_counselor: User) -> tuple:
    service = make_service([counselor], name="Tim Konseling Internal")
    other = make_service([other_counselor], name="EAP Sehat")
    emergencies = _referrals(service, Urgency.EMERGENCY, n)
    overdue = emergencies[0]
    Referral.objects.filter(pk=overdue.pk).update(
        acknowledge_by=timezone.now() - timedelta(hours=3, minutes=5)
    )
    _referrals(service, Urgency.PRIORITY, n, acknowledge_by=timezone.now() + timedelta(hours=5))
    _referrals(service, Urgency.ROUTINE, n, acknowledge_by=timezone.now() + timedelta(days=3))
    _referrals(service, Urgency.PRIORITY, n, status="acknowledged", counselor=counselor)
    # Another service's work: never on this counselor's home.
    _referrals(other, Urgency.EMERGENCY, n)
    _referrals(other, Urgency.ROUTINE, n, status="declined")
    return service, other, overdue, emergencies


def _supporter_world(n: int, supporter: User, employee: User) -> None:
    make_supporter(user=supporter, capacity=3 * n + 1)
    program = ProgramFactory()
    for _ in range(n):
        request = make_request(program=program, status="proposed")
        make_match(request, supporter)
    now = timezone.now()
    for index in range(2 * n):
        requester = employee if index == 0 else None
        match = make_match(make_request(requester=requester, status="active"), supporter, "active")
        Match.objects.filter(pk=match.pk).update(accepted_at=now - timedelta(days=20))
        if index % 2:
            # A session three days ago whose follow-up date has passed.
            SessionLog.objects.create(
                match=match,
                author=supporter,
                occurred_at=now - timedelta(days=3),
                minutes=45,
                mode="video",
                topics=["stress"],
                next_follow_up=timezone.localdate() - timedelta(days=1),
            )
    for _ in range(n):
        SupervisionRequest.objects.create(
            supporter=supporter, status="held", held_on=timezone.localdate()
        )
    SupervisionRequest.objects.create(supporter=supporter, urgent=True)
    soon = timezone.localdate() + timedelta(days=10)
    train(supporter, core_modules()[:n] if n <= 5 else core_modules(), expires_on=soon)


def _coordinator_world(n: int, supporter: User) -> None:
    program = ProgramFactory()
    for index in range(n):
        request = make_request(program=program)
        request.__class__.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - timedelta(days=4 + index)
        )
    for _ in range(n):
        other = make_supporter(capacity=2)
        match = make_match(make_request(status="active"), other, "active")
        ReviewTask.objects.create(match=match, reason="session_count")
        SupporterApplication.objects.create(
            applicant=UserFactory(roles=["employee"]),
            motivation="I want to help colleagues who come back after an illness.",
            topics=["stress"],
            languages=["id"],
            meeting_modes=["video"],
            availability=["mon_am"],
        )
        Notification.objects.create(
            recipient=supporter,
            to_address="someone@example.com",
            kind="match_proposed",
            language="en",
            status="failed",
        )


def _employee_world(n: int, employee: User) -> None:
    program = ProgramFactory(name_en="Return to work", name_id="Kembali bekerja")
    for _ in range(n):
        Enrollment.objects.create(
            person=employee,
            program=ProgramFactory(),
            role="participant",
            started_on=timezone.localdate() - timedelta(days=30),
        )
    Enrollment.objects.create(
        person=employee, program=program, role="participant", started_on=timezone.localdate()
    )
    CrisisContact.objects.create(name="Darurat / Emergency", phone="112", order=1)


def build_home_world(
    n: int,
    *,
    employee: User,
    supporter: User,
    counselor: User,
    other_counselor: User,
) -> HomeWorld:
    service, other, overdue, emergencies = _counselor_world(n, counselor, other_counselor)
    _supporter_world(n, supporter, employee)
    _coordinator_world(n, supporter)
    _employee_world(n, employee)
    return HomeWorld(n, service, other, overdue, emergencies)


def expected(n: int) -> dict[str, dict[str, int]]:
    """What each home says for a world of size `n`."""
    return {
        "counselor": {"emergency": n, "priority": n, "routine": n, "overdue": 1, "in_hand": n},
        "supporter": {
            "proposals": n,
            "to_log": n,
            "follow_ups": n,
            "answered": n,
            "training": min(n, 5),
            "open": 2 * n,
            "cap": 3 * n + 1,
        },
        "coordinator": {
            # The world's own waiting requests; those proposed to a supporter are not waiting.
            "waiting": n,
            # The counselor's overdue emergency (other referrals are within their deadline).
            "overdue": 1,
            "declined": n,
            "supervision": 1,
            "reviews": n,
            "applications": n,
            "training": 1,
            "failed": n,
        },
        "employee": {"checkins": n + 1},
    }
