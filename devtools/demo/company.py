"""The demo company at a size the dashboard can show: 300 more employees (24 of them
supporters, 44 with the named ones) and six months of history, written by the bulk
generator of `devtools.scale` with the demo's programs, services and staff.

Generated people get unusable passwords: only the named demo users sign in. The history
keeps the product's order of things: training before the supporter's first match, a
request before its match, sessions while the match runs, a referral after the session
that raised it, at most one WHO-5 check-in of a person a day. A few requests from the
last week still wait for a supporter, as they do in a real program. Run again, it leaves
an existing company as it is.
"""

import random
from datetime import date, timedelta
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from devtools.demo import EMAIL_DOMAIN, DemoContext
from devtools.scale import ScaleWorld
from devtools.scale.bulk import Loader, Progress, next_id
from devtools.scale.requests import REQUEST_FIELDS
from devtools.scale.vocabulary import CONSENT_VERSION, TOPICS
from matching.models import RequestStatus, SupportRequest
from peersupport.models import User
from peersupport.roles import Role
from peersupport.services.users import user_grant_role
from programs.choices import ProgramKind
from programs.models import Program, TrainingModule, TrainingRecord
from referrals.models import Service, ServiceKind

USERNAME_PREFIX = "demo-"
EMPLOYEES = 300
SUPPORTERS = 24
# About one session a week for each running match.
SESSIONS = 1_800
HISTORY_WEEKS = 26
# Requests of the last days that still wait (the generator's waits are short).
EXTRA_WAITING = 5


class DemoCompany(ScaleWorld):
    username_prefix = USERNAME_PREFIX
    email_domain = EMAIL_DOMAIN
    employee_prefix = "NSG-"
    history_weeks = HISTORY_WEEKS

    def __init__(self, ctx: DemoContext, stream: TextIO | None = None) -> None:
        super().__init__(
            employees=EMPLOYEES, supporters=SUPPORTERS, sessions=SESSIONS, seed=26, stream=stream
        )
        self.ctx = ctx

    def _reference_data(self) -> None:
        """The demo's own programs, services, coordinator and counselor."""
        modules = TrainingModule.objects.order_by("code")
        self.modules = [(module.pk, module.validity_months) for module in modules]
        programs = {program.kind: program.pk for program in Program.objects.all()}
        # The generator's weights (60, 25, 15) follow this order.
        kinds = [ProgramKind.PEER_SUPPORT, ProgramKind.MENTORING, ProgramKind.RETURN_TO_WORK]
        self.programs = [(programs[kind], str(kind)) for kind in kinds]
        self.coordinator = self.ctx.people["coordinator"]
        services = {service.kind: service for service in Service.objects.all()}
        internal = services[ServiceKind.INTERNAL_COUNSELING]
        eap, occupational = services[ServiceKind.EAP], services[ServiceKind.OCCUPATIONAL_HEALTH]
        # A referral is acknowledged by a counselor of its own service.
        self.services = {
            "counseling": (internal.pk, [self.ctx.people["counselor"].pk]),
            "eap": (eap.pk, [_counselor(eap, "demo.counselor-eap", "Yohana Siregar")]),
            "occupational": (
                occupational.pk,
                [_counselor(occupational, "demo.counselor-k3", "Bambang Sutrisno")],
            ),
        }
        self.counts = {"people": 2}

    def _training_records(self, supporter_ids: list[int], today: date, progress: Progress) -> None:
        """Every module, completed before the history starts (so before any match): a few
        records expire within a month, the odd module is missing."""
        rng = self.rng
        records = Loader(
            TrainingRecord,
            ["supporter_id", "module_id", "completed_on", "expires_on", "note"],
            progress=progress,
        )
        first_match = timezone.localdate(self.begin)
        for user_id in supporter_ids:
            base = first_match - timedelta(days=rng.randint(10, 520))
            for module_id, months in self.modules:
                if rng.random() < 0.02:
                    continue
                completed = base - timedelta(days=rng.randint(0, 10))
                expires = completed + timedelta(days=round(months * 30.44))
                records.add([user_id, module_id, completed, expires, ""])
        records.flush()

    def _analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def build(self) -> dict[str, int]:
        counts = super().build()
        counts["waiting requests"] = _extra_waiting(self)
        return counts


def _counselor(service: Service, username: str, full_name: str) -> int:
    """A counselor of `service` who cannot sign in (the demo's `counselor` is in-house)."""
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": f"{username}@{EMAIL_DOMAIN}",
            "password": make_password(None),
        },
    )
    user_grant_role(user=user, role=Role.COUNSELOR, actor=None)
    service.counselors.add(user)
    return user.pk


def _extra_waiting(world: DemoCompany) -> int:
    """Requests of the last nine days from generated people without an open request."""
    busy = SupportRequest.objects.filter(
        status__in=[RequestStatus.WAITING, RequestStatus.PROPOSED, RequestStatus.ACTIVE]
    ).values("requester_id")
    free = list(
        User.objects.filter(username__startswith=USERNAME_PREFIX, supporter_profile__isnull=True)
        .exclude(pk__in=busy)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng = random.Random(9)  # noqa: S311 (reproducible data)
    rows = Loader(SupportRequest, REQUEST_FIELDS)
    request_id = next_id(SupportRequest)
    for index, requester_id in enumerate(rng.sample(free, EXTRA_WAITING)):
        program_id, kind = world.programs[index % len(world.programs)]
        created = world.now - timedelta(days=1 + 2 * index, hours=rng.uniform(0, 8))
        topics = sorted(rng.sample(TOPICS[kind], 2))
        rows.add(
            [
                request_id + index,
                requester_id,
                program_id,
                created,
                topics,
                ["id"],
                ["video", "in_person"],
                created,
                CONSENT_VERSION,
                RequestStatus.WAITING,
                None,
            ]
        )
    rows.flush()
    return EXTRA_WAITING


def seed(ctx: DemoContext, stream: TextIO | None = None) -> None:
    if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
        return
    DemoCompany(ctx, stream).build()
