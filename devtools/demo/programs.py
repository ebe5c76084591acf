"""Demo data of the programs app: three programs, twenty supporters in every training
state, and participants with a return-to-work plan and WHO-5 check-ins.

Dates are relative to today, so the demo keeps showing current, expiring and expired
training whenever it is loaded. Safe to run again.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from devtools.demo import EMAIL_DOMAIN, DemoContext
from peersupport.models import Gender, User
from peersupport.roles import Role
from peersupport.services.users import user_grant_role
from programs.choices import Accommodation, MatchMode, MeetingMode, ProgramKind, Topic
from programs.models import (
    Enrollment,
    EnrollmentRole,
    Milestone,
    PlanPhase,
    Program,
    ReturnToWorkPlan,
    SupporterProfile,
    SupporterStatus,
    TrainingModule,
    TrainingRecord,
    WellbeingCheckIn,
)
from programs.services import add_months, who5_score

CORE = [
    "active-listening",
    "role-boundaries",
    "conflict-management",
    "ethics-confidentiality",
    "mental-health-basics",
]

PROGRAMS = [
    {
        "name_en": "Return to work",
        "name_id": "Kembali Bekerja",
        "kind": ProgramKind.RETURN_TO_WORK,
        "description_en": (
            "For colleagues coming back after an illness or injury: a peer who has been "
            "there, a phased plan agreed with HR and occupational health, and regular "
            "check-ins."
        ),
        "description_id": (
            "Untuk rekan yang kembali bekerja setelah sakit atau cedera: pendamping yang "
            "pernah mengalaminya, rencana bertahap yang disepakati dengan HR dan kesehatan "
            "kerja, serta check-in rutin."
        ),
        "modules": CORE,
        "checkin_every_weeks": 2,
    },
    {
        "name_en": "Peer support",
        "name_id": "Dukungan Sebaya",
        "kind": ProgramKind.PEER_SUPPORT,
        "description_en": (
            "A trained colleague to talk to when work or life gets heavy: stress, loss, "
            "caring for family."
        ),
        "description_id": (
            "Rekan terlatih untuk diajak bicara saat pekerjaan atau hidup terasa berat: "
            "stres, kehilangan, merawat keluarga."
        ),
        "modules": [
            "active-listening",
            "role-boundaries",
            "ethics-confidentiality",
            "mental-health-basics",
        ],
        "checkin_every_weeks": 4,
    },
    {
        "name_en": "Mentoring for new starters",
        "name_id": "Mentoring Karyawan Baru",
        "kind": ProgramKind.MENTORING,
        "description_en": "An experienced colleague for your first six months.",
        "description_id": "Rekan berpengalaman untuk enam bulan pertama Anda.",
        "modules": ["active-listening", "role-boundaries", "ethics-confidentiality"],
        "checkin_every_weeks": 8,
        "match_mode": MatchMode.EMPLOYEE_CHOICE,
    },
]

# (username, full name, department, site, gender, training state, paused)
SUPPORTERS = [
    ("supporter", "Budi Santoso", "Produksi", "Surabaya", Gender.MALE, "current", False),
    ("s.ayu", "Ayu Wulandari", "Keuangan", "Jakarta", Gender.FEMALE, "current", False),
    ("s.bayu", "Bayu Firmansyah", "Logistik", "Surabaya", Gender.MALE, "current", False),
    (
        "s.citra",
        "Citra Maharani",
        "Teknologi Informasi",
        "Bandung",
        Gender.FEMALE,
        "current",
        False,
    ),
    ("s.dimas", "Dimas Prasetyo", "Produksi", "Surabaya", Gender.MALE, "current", False),
    (
        "s.endah",
        "Endah Kusumawati",
        "Sumber Daya Manusia",
        "Jakarta",
        Gender.FEMALE,
        "current",
        False,
    ),
    ("s.fajar", "Fajar Nugroho", "Produksi", "Surabaya", Gender.MALE, "current", True),
    ("s.gita", "Gita Permata", "Keuangan", "Jakarta", Gender.FEMALE, "expiring", False),
    ("s.hadi", "Hadi Kurniawan", "Logistik", "Medan", Gender.MALE, "expiring", False),
    ("s.intan", "Intan Sari", "Teknologi Informasi", "Bandung", Gender.FEMALE, "expiring", False),
    ("s.joko", "Joko Susilo", "Produksi", "Surabaya", Gender.MALE, "expired", False),
    ("s.kartika", "Kartika Dewi", "Keuangan", "Jakarta", Gender.FEMALE, "expired", False),
    ("s.lukman", "Lukman Hakim", "Logistik", "Medan", Gender.MALE, "missing", False),
    ("s.maya", "Maya Anggraini", "Sumber Daya Manusia", "Jakarta", Gender.FEMALE, "missing", False),
    ("s.nanda", "Nanda Saputra", "Produksi", "Denpasar", Gender.MALE, "current", False),
    (
        "s.oktavia",
        "Oktavia Lestari",
        "Teknologi Informasi",
        "Bandung",
        Gender.FEMALE,
        "current",
        True,
    ),
    ("s.putra", "Putra Wicaksono", "Logistik", "Surabaya", Gender.MALE, "current", False),
    ("s.rahmi", "Rahmi Fitriani", "Keuangan", "Medan", Gender.FEMALE, "new", False),
    ("s.sigit", "Sigit Hartono", "Produksi", "Surabaya", Gender.MALE, "current", False),
    (
        "s.tari",
        "Tari Puspitasari",
        "Sumber Daya Manusia",
        "Denpasar",
        Gender.FEMALE,
        "current",
        False,
    ),
]
TOPIC_SETS = [
    [Topic.RETURN_TO_WORK, Topic.INJURY, Topic.STRESS],
    [Topic.BEREAVEMENT, Topic.CAREGIVING, Topic.WORK_LIFE],
    [Topic.NEW_STARTER, Topic.CAREER, Topic.LEADERSHIP],
    [Topic.CHRONIC_ILLNESS, Topic.RETURN_TO_WORK, Topic.WORKLOAD],
]
EXPERIENCE_SETS = [
    ["returned_after_injury"],
    ["bereavement", "caregiving"],
    ["relocation"],
    ["long_illness", "burnout"],
]
AVAILABILITY_SETS = [
    ["mon_am", "tue_am", "wed_pm", "thu_pm"],
    ["mon_pm", "wed_am", "fri_am"],
    ["tue_pm", "thu_am", "fri_pm", "sat_am"],
]


def _completed_on(state: str, index: int) -> timezone.datetime | None:
    today = timezone.localdate()
    if state == "expiring":  # valid for 24 months; expires 5 to 25 days from now
        return add_months(today, -24) + timedelta(days=5 + 10 * (index % 3))
    if state == "expired":
        return add_months(today, -25)
    # Current: completed before the demo's six months of history, so before any match.
    return today - timedelta(days=200 + 20 * index)


def _supporters(ctx: DemoContext, modules: dict[str, TrainingModule]) -> None:
    coordinator = ctx.people["coordinator"]
    for index, (username, name, department, site, gender, state, paused) in enumerate(SUPPORTERS):
        person = ctx.people.get(username)
        if person is None:
            person, _created = User.objects.update_or_create(
                username=username,
                defaults={
                    "employee_id": f"NS-{2001 + index}",
                    "full_name": name,
                    "email": f"{username.replace('.', '')}@{EMAIL_DOMAIN}",
                    "department": department,
                    "site": site,
                    "gender": gender,
                    "languages": ["id", "jv"] if site == "Surabaya" else ["id", "en"],
                    "preferred_language": "id",
                },
            )
            person.set_password(ctx.password)
            person.save(update_fields=["password"])
            user_grant_role(user=person, role=Role.EMPLOYEE, actor=None)
            ctx.people[username] = person
        user_grant_role(user=person, role=Role.SUPPORTER, actor=None)
        SupporterProfile.objects.update_or_create(
            user=person,
            defaults={
                "status": SupporterStatus.PAUSED if paused else SupporterStatus.ACTIVE,
                "paused_until": timezone.localdate() + timedelta(days=21) if paused else None,
                "bio": f"{name.split()[0]} · {department}, {site}",
                "topics": TOPIC_SETS[index % len(TOPIC_SETS)],
                "lived_experience": EXPERIENCE_SETS[index % len(EXPERIENCE_SETS)],
                "meeting_modes": [MeetingMode.IN_PERSON, MeetingMode.VIDEO]
                if index % 2
                else [MeetingMode.VIDEO, MeetingMode.PHONE, MeetingMode.CHAT],
                "availability": AVAILABILITY_SETS[index % len(AVAILABILITY_SETS)],
                "capacity": 2 + index % 3,
                "approved_at": timezone.now() - timedelta(days=200),
            },
        )
        if state == "new":
            continue
        completed_on = _completed_on(state, index)
        held = CORE[:-1] if state == "missing" else CORE
        for code in held:
            module = modules[code]
            TrainingRecord.objects.get_or_create(
                supporter=person,
                module=module,
                completed_on=completed_on,
                defaults={
                    "expires_on": add_months(completed_on, module.validity_months),
                    "signed_off_by": coordinator,
                },
            )


PLAN_PHASES = [
    (1, 2, 50, "Hanya kerja kantor, tanpa shift malam"),
    (3, 4, 75, "Perencanaan gudang, tidak mengangkat lebih dari 10 kg"),
    (5, 8, 100, "Tugas penuh, mengangkat dengan bantuan"),
]
MILESTONES = [("Pertemuan dengan kesehatan kerja", 7), ("Tinjauan rencana bersama HR", 28)]
CHECKINS = {
    "employee": [[2, 2, 1, 2, 2], [3, 3, 2, 3, 3]],
    "siti": [[3, 4, 3, 3, 4]],
    "rina": [[1, 1, 1, 2, 1]],
}


def _participants(ctx: DemoContext, programs: dict[str, Program]) -> None:
    today = timezone.localdate()
    enrollments = {
        "employee": programs[ProgramKind.RETURN_TO_WORK],
        "siti": programs[ProgramKind.PEER_SUPPORT],
        "rina": programs[ProgramKind.PEER_SUPPORT],
        "yusuf": programs[ProgramKind.MENTORING],
    }
    for username, program in enrollments.items():
        person = ctx.people[username]
        enrollment, _created = Enrollment.objects.get_or_create(
            person=person,
            program=program,
            role=EnrollmentRole.PARTICIPANT,
            status="active",
            defaults={
                "started_on": today - timedelta(days=30),
                "consent_given_at": timezone.now() - timedelta(days=30),
                "consent_text_version": "2026-1",
            },
        )
        if not enrollment.checkins.exists():
            # Four weeks apart, the latest two days ago: one check-in of a person a day.
            answers_list = CHECKINS.get(username, [])
            for position, answers in enumerate(answers_list):
                checkin = WellbeingCheckIn.objects.create(
                    person=person,
                    enrollment=enrollment,
                    kind="follow_up" if position else "intake",
                    answers=answers,
                    score=who5_score(answers),
                )
                weeks = 4 * (len(answers_list) - 1 - position)
                WellbeingCheckIn.objects.filter(pk=checkin.pk).update(
                    taken_at=timezone.now() - timedelta(weeks=weeks, days=2)
                )
        if program.kind == ProgramKind.RETURN_TO_WORK:
            plan, created = ReturnToWorkPlan.objects.get_or_create(
                enrollment=enrollment,
                defaults={
                    "return_date": today - timedelta(days=7),
                    "accommodations": [Accommodation.FLEXIBLE_HOURS, Accommodation.EXTRA_BREAKS],
                    "accommodations_note": "Fisioterapi setiap Selasa pagi",
                },
            )
            if created:
                for from_week, to_week, percent, duties in PLAN_PHASES:
                    PlanPhase.objects.create(
                        plan=plan,
                        from_week=from_week,
                        to_week=to_week,
                        hours_percent=percent,
                        duties=duties,
                    )
                for title, days in MILESTONES:
                    Milestone.objects.create(
                        plan=plan, title=title, due_on=plan.return_date + timedelta(days=days)
                    )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    modules = {m.code: m for m in TrainingModule.objects.filter(code__in=CORE)}
    programs: dict[str, Program] = {}
    for spec in PROGRAMS:
        values = {k: v for k, v in spec.items() if k not in ("modules", "name_en")}
        program, _created = Program.objects.update_or_create(
            name_en=spec["name_en"], defaults=values
        )
        program.required_modules.set([modules[code] for code in spec["modules"]])
        programs[spec["kind"]] = program
    _supporters(ctx, modules)
    _participants(ctx, programs)
