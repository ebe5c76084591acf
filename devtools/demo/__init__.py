"""Demo data of the core: a small Indonesian company and the four demo sign-ins.

`manage.py seed_demo` calls `seed()` of each of our apps that has a `demo` module, in
the order of INSTALLED_APPS (the dependency order), passing one shared `DemoContext`.
"""

from dataclasses import dataclass, field

from django.db import transaction

from peersupport.models import Gender, User
from peersupport.roles import Role
from peersupport.services.users import user_grant_role

EMAIL_DOMAIN = "nusantara-sejahtera.example"


@dataclass
class DemoContext:
    password: str
    people: dict[str, User] = field(default_factory=dict)
    # (username, role) lines that seed_demo prints as the sign-in table.
    sign_ins: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    department: str
    site: str
    gender: str
    languages: tuple[str, ...]
    preferred_language: str = "id"
    manager: str = ""
    role: Role | None = Role.EMPLOYEE


# Managers come before their reports, so each manager exists when linked.
PEOPLE = [
    DemoPerson("hendra", "Hendra Wijaya", "Logistik", "Surabaya", Gender.MALE, ("id", "jv")),
    DemoPerson("wulan", "Wulan Purnamasari", "Produksi", "Surabaya", Gender.FEMALE, ("id", "jv")),
    DemoPerson(
        "coordinator",
        "Dewi Lestari",
        "Sumber Daya Manusia",
        "Jakarta",
        Gender.FEMALE,
        ("id", "en"),
        preferred_language="en",
        role=Role.COORDINATOR,
    ),
    DemoPerson(
        "counselor",
        "Ratna Sari Dewi",
        "Layanan Konseling",
        "Jakarta",
        Gender.FEMALE,
        ("id", "en"),
        preferred_language="en",
        role=Role.COUNSELOR,
    ),
    DemoPerson(
        "supporter",
        "Budi Santoso",
        "Produksi",
        "Surabaya",
        Gender.MALE,
        ("id", "jv"),
        manager="wulan",
        role=Role.SUPPORTER,
    ),
    DemoPerson(
        "employee",
        "Agus Pratama",
        "Logistik",
        "Surabaya",
        Gender.MALE,
        ("id", "jv"),
        manager="hendra",
    ),
    DemoPerson("siti", "Siti Rahmawati", "Keuangan", "Jakarta", Gender.FEMALE, ("id", "en")),
    DemoPerson(
        "yusuf", "Yusuf Hidayat", "Teknologi Informasi", "Bandung", Gender.MALE, ("id", "su")
    ),
    DemoPerson(
        "putu",
        "Putu Ayu Lestari",
        "Produksi",
        "Surabaya",
        Gender.FEMALE,
        ("id", "ban"),
        manager="wulan",
    ),
    DemoPerson(
        "rina",
        "Rina Kusumawati",
        "Logistik",
        "Surabaya",
        Gender.FEMALE,
        ("id", "jv", "en"),
        manager="hendra",
    ),
]

SIGN_IN_ROLES = ["coordinator", "supporter", "counselor", "employee"]


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    for number, person in enumerate(PEOPLE, start=1001):
        user, _created = User.objects.update_or_create(
            username=person.username,
            defaults={
                "employee_id": f"NS-{number}",
                "full_name": person.full_name,
                "email": f"{person.username}@{EMAIL_DOMAIN}",
                "department": person.department,
                "site": person.site,
                "gender": person.gender,
                "languages": list(person.languages),
                "preferred_language": person.preferred_language,
                "line_manager": ctx.people.get(person.manager),
                "is_active": True,
            },
        )
        user.set_password(ctx.password)
        user.save(update_fields=["password"])
        if person.role is not None:
            user_grant_role(user=user, role=person.role, actor=None)
        ctx.people[person.username] = user
    ctx.sign_ins.extend((name, str(ctx.people[name])) for name in SIGN_IN_ROLES)
