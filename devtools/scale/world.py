"""The generated world: reference data and people, then the history (see the package)."""

import random
from datetime import date, timedelta
from importlib import import_module
from typing import TextIO

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from devtools.scale.activity import write_checkins, write_routine_supervision, write_sessions
from devtools.scale.bulk import Loader, Progress, next_id, reset_sequences
from devtools.scale.requests import MatchPlan, write_requests
from devtools.scale.vocabulary import (
    COORDINATOR_USERNAME,
    DEPARTMENTS,
    FIRST_NAMES,
    HISTORY_WEEKS,
    LAST_NAMES,
    MODES,
    PROGRAMS,
    SITES,
    TOPICS,
    USERNAME_PREFIX,
)
from matching.models import Match, SupportRequest
from peersupport.models import User
from peersupport.roles import Role
from programs.models import (
    Enrollment,
    Program,
    SupporterProfile,
    TrainingModule,
    TrainingRecord,
    WellbeingCheckIn,
)
from referrals.models import Referral, Service, ServiceKind
from sessions.models import SessionLog, SupervisionRequest

USER_FIELDS = [
    "id",
    "password",
    "username",
    "email",
    "employee_id",
    "full_name",
    "department",
    "site",
    "gender",
    "languages",
    "preferred_language",
    "date_joined",
    "is_active",
    "left_at",
]
PROFILE_FIELDS = [
    "user_id",
    "topics",
    "meeting_modes",
    "availability",
    "lived_experience",
    "capacity",
    "status",
    "paused_until",
    "approved_at",
]


class ScaleWorld:
    """The builder: `build()` writes everything, stage by stage, each with a progress bar
    on `stream` (stderr). A subclass may change the names, the history's length and the
    reference data (the demo company of `seed_demo` does)."""

    username_prefix = USERNAME_PREFIX
    email_domain = "scale.example"
    employee_prefix = "S"
    history_weeks = HISTORY_WEEKS

    def __init__(
        self,
        *,
        employees: int,
        supporters: int,
        sessions: int,
        seed: int = 1,
        stream: TextIO | None = None,
    ) -> None:
        if not 0 < supporters <= employees // 2:
            raise ValueError("Supporters must be at least one and at most half the employees.")
        self.employees, self.supporters, self.sessions = employees, supporters, sessions
        self.rng = random.Random(seed)  # noqa: S311 (reproducible data, not security)
        self.stream = stream
        self.now = timezone.now()
        self.begin = self.now - timedelta(weeks=self.history_weeks)
        self.plans: list[MatchPlan] = []  # the accepted matches, for the history

    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, self.stream)

    def build(self) -> dict[str, int]:
        """Write the world; returns the number of rows of each kind."""
        with transaction.atomic():
            self._reference_data()
        self._people()
        self._supporters()
        write_requests(self)
        write_sessions(self)
        write_routine_supervision(self)
        write_checkins(self)
        reset_sequences(
            [
                User,
                User.groups.through,
                SupporterProfile,
                TrainingRecord,
                SupportRequest,
                Match,
                Enrollment,
                SessionLog,
                Referral,
                SupervisionRequest,
                WellbeingCheckIn,
            ]
        )
        self._analyze()
        return self.counts

    # --- reference data: programs, services, staff --------------------------------------

    def _reference_data(self) -> None:
        import_module("programs.migrations.0002_core_training_modules").create_modules(apps, None)
        modules = list(TrainingModule.objects.order_by("code"))
        self.modules = [(module.pk, module.validity_months) for module in modules]
        self.programs: list[tuple[int, str]] = []
        for name_en, name_id, kind, required in PROGRAMS:
            program, created = Program.objects.get_or_create(
                name_en=name_en, defaults={"name_id": name_id, "kind": kind}
            )
            if created:
                program.required_modules.set(modules[:required])
            self.programs.append((program.pk, program.kind))
        password = make_password(None)
        self.coordinator = User.objects.create(
            username=COORDINATOR_USERNAME,
            email=f"{COORDINATOR_USERNAME}@scale.example",
            full_name="Koordinator Skala",
            password=password,
            is_staff=True,
        )
        self.coordinator.groups.add(Group.objects.get(name=Role.COORDINATOR))
        counselors = [
            User.objects.create(
                username=f"{USERNAME_PREFIX}counselor-{index:02d}",
                email=f"{USERNAME_PREFIX}counselor-{index:02d}@scale.example",
                full_name=f"Konselor {LAST_NAMES[index]}",
                password=password,
            )
            for index in range(12)
        ]
        Group.objects.get(name=Role.COUNSELOR).user_set.add(*counselors)
        self.services: dict[str, tuple[int, list[int]]] = {}
        for key, kind, name, team in [
            ("counseling", ServiceKind.INTERNAL_COUNSELING, "Tim Konseling Internal", 0),
            ("eap", ServiceKind.EAP, "EAP Sejahtera", 1),
            ("occupational", ServiceKind.OCCUPATIONAL_HEALTH, "Kesehatan Kerja", 2),
        ]:
            members = counselors[team * 4 : team * 4 + 4]
            service = Service.objects.create(
                name=name,
                organization="PT Skala",
                kind=kind,
                languages=["id", "en"],
                urgencies=["emergency", "priority", "routine"],
                backup_counselor=members[0],
            )
            service.counselors.set(members)
            self.services[key] = (service.pk, [member.pk for member in members])
        self.counts = {"people": 13}

    # --- people ---------------------------------------------------------------------------

    def _people(self) -> None:
        rng, count = self.rng, self.employees
        first_id = next_id(User)
        self.user_ids = list(range(first_id, first_id + count))
        self.person_site: dict[int, str] = {}
        sites, weights = list(SITES), list(SITES.values())
        password = make_password(None)
        progress = self.progress("people", count * 2 + self.supporters)
        users = Loader(User, USER_FIELDS, progress=progress)
        for index, user_id in enumerate(self.user_ids):
            username = f"{self.username_prefix}{index + 1:06d}"
            left = rng.random() < 0.01
            site = rng.choices(sites, weights)[0]
            self.person_site[user_id] = site
            users.add(
                [
                    user_id,
                    password,
                    username,
                    f"{username}@{self.email_domain}",
                    f"{self.employee_prefix}{index + 1:06d}",
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    rng.choice(DEPARTMENTS),
                    site,
                    rng.choice(["female", "male", "male", "female", ""]),
                    ["id", "en"] if rng.random() < 0.4 else ["id"],
                    "id" if rng.random() < 0.8 else "en",
                    self.begin - timedelta(days=rng.randint(0, 3000)),
                    not left,
                    self.now - timedelta(days=rng.randint(1, 300)) if left else None,
                ]
            )
        users.flush()
        self._memberships(progress)
        progress.close()
        self.counts["people"] += count

    def _memberships(self, progress: Progress) -> None:
        """Everyone is an employee; the first `supporters` people are also the approved
        supporters."""
        groups = {name: Group.objects.get(name=name).pk for name in (Role.EMPLOYEE, Role.SUPPORTER)}
        membership = Loader(User.groups.through, ["id", "user_id", "group_id"], progress=progress)
        member_id = next_id(User.groups.through)
        for index, user_id in enumerate(self.user_ids):
            membership.add([member_id, user_id, groups[Role.EMPLOYEE]])
            member_id += 1
            if index < self.supporters:
                membership.add([member_id, user_id, groups[Role.SUPPORTER]])
                member_id += 1
        membership.flush()

    # --- supporters and their training -------------------------------------------------

    def _supporters(self) -> None:
        rng = self.rng
        supporter_ids = self.user_ids[: self.supporters]
        today = timezone.localdate(self.now)
        progress = self.progress("supporters, training", self.supporters * 6)
        profiles = Loader(SupporterProfile, PROFILE_FIELDS, progress=progress)
        self.capacity: dict[int, int] = {}
        self.available: list[int] = []
        all_topics = sorted({topic for topics in TOPICS.values() for topic in topics})
        days = ("mon", "tue", "wed", "thu", "fri")
        slots = [f"{day}_{part}" for day in days for part in ("am", "pm")]
        for user_id in supporter_ids:
            capacity = rng.choice([2, 3, 3, 3, 4, 5])
            paused = rng.random() < 0.06
            self.capacity[user_id] = capacity
            if not paused:
                self.available.append(user_id)
            profiles.add(
                [
                    user_id,
                    sorted(rng.sample(all_topics, rng.randint(3, 6))),
                    sorted(rng.sample(MODES, rng.randint(2, 3))),
                    sorted(rng.sample(slots, rng.randint(3, 7))),
                    [],
                    capacity,
                    "paused" if paused else "active",
                    today + timedelta(days=rng.randint(7, 60)) if paused else None,
                    # Approved before the history starts: before any of their matches.
                    self.begin - timedelta(days=rng.randint(0, 200)),
                ]
            )
        profiles.flush()
        self._training_records(supporter_ids, today, progress)
        progress.close()
        self.counts["supporters"] = self.supporters

    def _training_records(self, supporter_ids: list[int], today: date, progress: Progress) -> None:
        """Every supporter's record of every module, but the odd one not done yet."""
        rng = self.rng
        records = Loader(
            TrainingRecord,
            ["supporter_id", "module_id", "completed_on", "expires_on", "note"],
            progress=progress,
        )
        for user_id in supporter_ids:
            # Completed up to two years ago: some records expire soon, a few have expired.
            base = today - timedelta(days=rng.randint(20, 740))
            for module_id, months in self.modules:
                if rng.random() < 0.015:
                    continue  # one module not done yet: not eligible where it is required
                completed = base + timedelta(days=rng.randint(0, 20))
                records.add([user_id, module_id, completed, _add_days(completed, months), ""])
        records.flush()

    def _analyze(self) -> None:
        """Fresh planner statistics (and, on PostgreSQL, the visibility map that lets
        index-only scans skip the table)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                models = [User, SupportRequest, Match, Enrollment, SessionLog, Referral]
                models += [SupervisionRequest, WellbeingCheckIn, SupporterProfile, TrainingRecord]
                tables = [model._meta.db_table for model in models]
                progress = self.progress("vacuum, analyze", len(tables))
                for table in tables:
                    cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
                    progress.advance()
                progress.close()
            else:
                cursor.execute("ANALYZE")


def _add_days(day: date, months: int) -> date:
    """A validity of `months` months, in days (close enough for generated records)."""
    return day + timedelta(days=round(months * 30.44))
