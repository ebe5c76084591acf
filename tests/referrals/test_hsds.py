import copy
import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from peersupport.models import AuditEntry
from referrals.hsds import TERM_IDS, hsds_export, hsds_import, hsds_organization_id
from referrals.models import Service, ServiceKind, Urgency
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The HSDS 3.0 organisation schema kept in the repository (its origin: its LICENSE beside it).
SCHEMA_PATH = Path(settings.HSDS_SCHEMA_PATH)
PEOPLE_FIELDS = {"id", "backup_counselor"}  # counselors are people: they never leave the system
DIRECTORY_FIELDS = [f.name for f in Service._meta.concrete_fields if f.name not in PEOPLE_FIELDS]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema):
    cls = validator_for(schema, default=Draft202012Validator)  # the schema declares no $schema
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture
def directory(db):
    counselor, backup = UserFactory(), UserFactory()
    internal = Service.objects.create(
        name="Konseling Internal",
        organization="PT Nusantara Energi",
        kind=ServiceKind.INTERNAL_COUNSELING,
        description_en="Confidential counseling by our own psychologists.",
        description_id="Konseling rahasia oleh psikolog perusahaan.",
        languages=["id", "en", "jv"],
        sites=["Jakarta", "Cilegon"],
        hours="Mon-Fri 08:00-17:00",
        phone="+62 21 5550 1000",
        email="konseling@nusantara-energi.co.id",
        address="Menara Nusantara lt. 12, Jl. Jend. Sudirman Kav. 5, Jakarta",
        urgencies=[Urgency.PRIORITY, Urgency.ROUTINE],
        backup_counselor=backup,
    )
    internal.counselors.add(counselor)
    k3 = Service.objects.create(
        name="K3 dan SDM",
        organization="PT Nusantara Energi",
        kind=ServiceKind.OCCUPATIONAL_HEALTH,
        description_id="Penyesuaian kerja dan cuti sakit.",  # no English: the export falls back
        languages=["id"],
        urgencies=[Urgency.ROUTINE],
        active=False,
    )
    eap = Service.objects.create(
        name="EAP Sehat Jiwa",
        organization="Sehat Jiwa Consulting",
        kind=ServiceKind.EAP,
        description_en="Six free sessions a year for employees and their families.",
        description_id="Enam sesi gratis per tahun.",
        languages=["id", "en", "zh"],
        hours="24/7 by phone",
        phone="0800 1 234 567",
        email="care@sehatjiwa.example",
        website="https://sehatjiwa.example/eap",
        urgencies=[Urgency.PRIORITY, Urgency.ROUTINE],
    )
    puskesmas = Service.objects.create(
        name="Poli Jiwa Puskesmas Kebayoran Baru",
        organization="Puskesmas Kecamatan Kebayoran Baru",
        kind=ServiceKind.PUSKESMAS,
        description_en="Mental health clinic with BPJS coverage.",
        description_id="Poli kesehatan jiwa, ditanggung BPJS.",
        languages=["id", "jv", "su", "ban", "min"],
        sites=["Jakarta"],
        hours="Senin-Jumat 07.30-14.00",
        phone="(021) 7220 0000",
        address="Jl. Sunda Kelapa No. 1, Kebayoran Baru, Jakarta Selatan 12110",
        website="https://puskesmas-kebayoranbaru.example.go.id",
        urgencies=[Urgency.ROUTINE],
    )
    hotline = Service.objects.create(
        name="Hotline Kesehatan Jiwa 119 ext 8",
        organization="Kementerian Kesehatan RI",
        kind=ServiceKind.HOTLINE,
        description_en="National 24-hour mental health crisis line.",
        languages=["id"],
        hours="24 hours",
        phone="119 ext 8",
        urgencies=[Urgency.EMERGENCY, Urgency.PRIORITY],
    )
    return [internal, k3, eap, puskesmas, hotline]


def snapshot():
    return {
        str(service.hsds_id): {name: getattr(service, name) for name in DIRECTORY_FIELDS}
        for service in Service.objects.all()
    }


def exported_file():
    """What a partner would read: the export as JSON text and back."""
    return json.loads(json.dumps(hsds_export()))


def entry_for(data, service):
    """The HSDS service of one of our services in an exported file."""
    return next(
        item for org in data for item in org["services"] if item["id"] == str(service.hsds_id)
    )


def undeclared_properties(instance, schema, path="$"):
    """Properties of `instance` that its schema does not list (HSDS lets them through)."""
    if isinstance(instance, dict):
        known = schema.get("properties", {})
        found = [f"{path}.{key}" for key in instance if key not in known]
        for key, value in instance.items():
            if key in known:
                found += undeclared_properties(value, known[key], f"{path}.{key}")
        return found
    if isinstance(instance, list):
        return [
            problem
            for index, item in enumerate(instance)
            for problem in undeclared_properties(item, schema.get("items", {}), f"{path}[{index}]")
        ]
    return []


def test_the_export_is_valid_hsds(directory, schema, validator):
    organizations = exported_file()

    assert "uri" in validator.format_checker.checkers  # so the URLs are really checked
    assert [error.message for org in organizations for error in validator.iter_errors(org)] == []
    assert undeclared_properties(organizations, {"items": schema}) == []
    assert [(org["name"], len(org["services"])) for org in organizations] == [
        ("Kementerian Kesehatan RI", 1),
        ("PT Nusantara Energi", 2),
        ("Puskesmas Kecamatan Kebayoran Baru", 1),
        ("Sehat Jiwa Consulting", 1),
    ]


def test_the_export_groups_services_by_organisation_under_a_stable_id(directory):
    organizations = {org["name"]: org for org in exported_file()}
    nusantara = organizations["PT Nusantara Energi"]

    assert nusantara["id"] == hsds_organization_id("PT Nusantara Energi")
    assert uuid.UUID(nusantara["id"]).version == 5
    assert [service["name"] for service in nusantara["services"]] == [
        "K3 dan SDM",
        "Konseling Internal",
    ]
    assert exported_file() == exported_file()


def test_the_export_maps_each_field_to_its_hsds_place(directory):
    services = {s["id"]: s for org in exported_file() for s in org["services"]}
    internal, k3, eap, puskesmas, hotline = (services[str(s.hsds_id)] for s in directory)

    assert internal["description"] == "Confidential counseling by our own psychologists."
    assert k3["description"] == "Penyesuaian kerja dan cuti sakit."
    assert (internal["status"], k3["status"]) == ("active", "inactive")
    assert eap["url"] == "https://sehatjiwa.example/eap"
    assert eap["email"] == "care@sehatjiwa.example"
    assert hotline["phones"][0]["number"] == "119 ext 8"
    assert hotline["schedules"][0]["description"] == "24 hours"
    assert [area["name"] for area in internal["service_areas"]] == ["Jakarta", "Cilegon"]
    assert [(lang["code"], lang["name"]) for lang in eap["languages"]] == [
        ("id", "Indonesian"),
        ("en", "English"),
        ("zh", "Mandarin"),
    ]
    address = puskesmas["service_at_locations"][0]["location"]["addresses"][0]
    assert address["address_1"] == "Jl. Sunda Kelapa No. 1, Kebayoran Baru, Jakarta Selatan 12110"
    kinds = [a["value"] for a in hotline["attributes"] if a["taxonomy_term_id"] == TERM_IDS["kind"]]
    assert kinds == ["hotline"]
    assert "email" not in hotline and "url" not in hotline and "service_areas" not in hotline


def test_counselors_never_leave_the_system(directory):
    text = json.dumps(hsds_export())
    internal = directory[0]

    for person in [*internal.counselors.all(), internal.backup_counselor]:
        assert person.username not in text
        assert person.email not in text
        assert person.full_name not in text


def test_an_export_deleted_and_imported_restores_every_directory_field(directory):
    before = snapshot()
    data = exported_file()
    Service.objects.all().delete()

    report = hsds_import(data, actor=None)

    assert (report.created, report.updated, report.errors) == (5, 0, [])
    assert snapshot() == before
    assert not Service.objects.filter(counselors__isnull=False).exists()
    assert AuditEntry.objects.filter(action="service.imported").count() == 5


def test_the_export_can_be_limited_to_some_services(directory):
    organizations = hsds_export(Service.objects.filter(kind=ServiceKind.HOTLINE))

    assert [org["name"] for org in organizations] == ["Kementerian Kesehatan RI"]


def test_a_reimport_updates_instead_of_duplicating(directory, coordinator):
    data = exported_file()
    entry_for(data, directory[1]).update(name="K3 dan SDM (baru)", status="active")

    report = hsds_import(data, actor=coordinator)

    assert (report.created, report.updated, report.errors) == (0, 5, [])
    assert Service.objects.count() == 5
    k3 = Service.objects.get(pk=directory[1].pk)
    assert (k3.name, k3.active) == ("K3 dan SDM (baru)", True)
    assert k3.counselors.count() == 0 and directory[0].counselors.count() == 1
    entry = AuditEntry.objects.get(action="service.imported", target_id=str(k3.pk))
    assert entry.actor == coordinator
    assert entry.changes == {"created": False, "fields": ["name", "active"]}


def test_a_single_organisation_object_is_accepted(directory):
    organization = exported_file()[1]  # PT Nusantara Energi
    Service.objects.all().delete()

    report = hsds_import(organization, actor=None)

    assert (report.created, report.errors) == (2, [])


def break_status(data):
    data[1]["services"][0]["status"] = "open"


def drop_name(data):
    del data[2]["services"][0]["name"]


def bad_uuid(data):
    data[1]["services"][1]["id"] = "42"


def bad_email(data):
    data[1]["services"][0]["email"] = "not an address"


@pytest.mark.parametrize(
    ("corrupt", "problem"),
    [
        (break_status, "organisation 2 → “services” 1 → “status” should be one of"),
        (drop_name, "organisation 3 → “services” 1: “name” is missing."),
        (bad_uuid, "organisation 2 → “services” 2 → “id” is not a valid UUID."),
        (bad_email, "organisation 2 → “services” 1 → “email” is not a valid e-mail address."),
    ],
)
def test_an_invalid_file_changes_nothing_and_says_why(directory, corrupt, problem):
    before = snapshot()
    data = exported_file()
    data[0]["services"][0]["name"] = "A change that must not be written"
    data.append({"id": str(uuid.uuid4()), "name": "New", "description": "", "services": []})
    corrupt(data)

    report = hsds_import(data, actor=None)

    assert report.errors[0] == "The file is not valid HSDS 3.0; nothing was imported."
    assert problem in "\n".join(report.errors)
    assert (report.created, report.updated) == (0, 0)
    assert snapshot() == before
    assert not AuditEntry.objects.filter(action="service.imported").exists()


def test_a_service_our_model_refuses_stops_the_whole_import(directory):
    before = snapshot()
    data = exported_file()
    entry_for(data, directory[1])["email"] = "k3@localhost-no-dot"
    entry_for(data, directory[2])["name"] = "x" * 161
    Service.objects.filter(pk=directory[4].pk).delete()  # one service would be created

    report = hsds_import(data, actor=None)

    del before[str(directory[4].hsds_id)]
    assert snapshot() == before
    assert (report.created, report.updated) == (0, 0)
    assert len(report.errors) == 2
    assert report.errors[0].startswith(f"Service “K3 dan SDM” ({directory[1].hsds_id}), e-mail:")
    assert "at most 160 characters" in report.errors[1]


def test_the_same_service_twice_in_a_file_is_refused(directory):
    data = exported_file()
    data[3]["services"].append(copy.deepcopy(entry_for(data, directory[2])))

    report = hsds_import(data, actor=None)

    assert report.errors == [
        f"Service “EAP Sehat Jiwa” ({directory[2].hsds_id}) appears more than once in the file."
    ]


def foreign_service(**changes):
    service = {
        "id": str(uuid.uuid4()),
        "name": "Yayasan Pulih",
        "status": "active",
        "description": "Trauma counseling.",
        "languages": [{"id": str(uuid.uuid4()), "code": "ind"}, {"id": str(uuid.uuid4())}],
        "phones": [{"id": str(uuid.uuid4()), "number": "021 788 42580"}],
        "schedules": [
            {"id": str(uuid.uuid4()), "byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:00"}
        ],
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "Jl. Teluk Peleng 63a",
                            "city": "Jakarta",
                            "state_province": "DKI Jakarta",
                            "postal_code": "12520",
                            "country": "ID",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [
            {"id": str(uuid.uuid4()), "taxonomy_term_id": TERM_IDS["urgency"], "value": value}
            for value in ["routine", "whenever", "routine"]
        ],
    }
    return {
        "id": str(uuid.uuid4()),
        "name": "Yayasan Pulih",
        "description": "",
        "services": [service],
    } | changes


def test_a_service_from_another_directory_is_imported_as_external(db):
    report = hsds_import([foreign_service()], actor=None)

    assert report.errors == []
    service = Service.objects.get()
    assert service.kind == ServiceKind.NGO and service.is_external
    assert service.urgencies == ["routine"]
    assert service.languages == ["id"]
    assert service.description_en == "Trauma counseling."
    assert service.hours == "MO,TU 09:00-17:00"
    assert service.address == "Jl. Teluk Peleng 63a, Jakarta, DKI Jakarta, 12520"


def test_an_unknown_kind_becomes_ngo(db):
    organization = foreign_service()
    organization["services"][0]["attributes"].append(
        {"id": str(uuid.uuid4()), "taxonomy_term_id": TERM_IDS["kind"], "value": "spaceship"}
    )

    assert hsds_import(organization, actor=None).errors == []
    assert Service.objects.get().kind == ServiceKind.NGO


def test_a_service_that_takes_no_urgency_we_know_is_refused(db):
    organization = foreign_service()
    organization["services"][0]["attributes"] = []

    report = hsds_import(organization, actor=None)

    assert report.errors == [
        f"Service “Yayasan Pulih” ({organization['services'][0]['id']}), "
        "urgencies it takes: This field cannot be blank."
    ]
    assert not Service.objects.exists()


HOSTILE = [
    42,
    "services",
    None,
    [1, "two", None],
    [{}],
    {"id": 1, "name": ["x"], "description": {}},
    {"id": str(uuid.uuid4()), "name": "X", "description": "", "services": "all"},
    {"id": str(uuid.uuid4()), "name": "X", "description": "", "services": [None, 3, []]},
    foreign_service(services=[{"id": str(uuid.uuid4()), "name": 7, "status": True}]),
    foreign_service(
        services=[
            {
                "id": str(uuid.uuid4()),
                "name": "X",
                "status": "active",
                "languages": "id",
                "attributes": [{"value": 1}],
                "phones": [{"number": None}],
                "service_areas": {},
            }
        ]
    ),
    foreign_service(name="Nul\x00"),
    foreign_service(name="x" * 10_000),
]


@pytest.mark.parametrize("data", HOSTILE)
def test_hostile_input_is_reported_not_raised(directory, data):
    before = snapshot()

    report = hsds_import(data, actor=None)

    assert report.errors and all(isinstance(error, str) for error in report.errors)
    assert snapshot() == before


def test_a_nul_character_in_a_service_is_reported(db):
    organization = foreign_service()
    organization["services"][0]["description"] = "Trauma\x00"

    report = hsds_import(organization, actor=None)

    assert "description (English): This contains a NUL character" in report.errors[0]
    assert not Service.objects.exists()


def test_the_commands_export_and_import_a_file(directory, tmp_path, capsys):
    path = tmp_path / "directory.json"
    call_command("hsds_export", "--output", str(path))
    before = snapshot()
    Service.objects.all().delete()

    call_command("hsds_import", str(path))

    assert "5 services created, 0 updated." in capsys.readouterr().out
    assert snapshot() == before


def test_the_export_command_prints_to_standard_output(directory, capsys):
    call_command("hsds_export")

    assert json.loads(capsys.readouterr().out) == exported_file()


@pytest.mark.parametrize("content", ['[{"id": "x"}]', "not json", "[[[[[" * 100_000])
def test_the_import_command_exits_with_1_on_a_bad_file(directory, tmp_path, capsys, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("hsds_import", str(path))

    assert raised.value.returncode == 1
    assert Service.objects.count() == 5


@pytest.mark.parametrize("name", ["K3 dan \u202eSDM\u202c", "K3\x07 dan SDM", "K3\x1b[31m"])
def test_an_import_refuses_control_characters_and_bidi_overrides(directory, coordinator, name):
    data = exported_file()
    entry_for(data, directory[1]).update(name=name)
    before = snapshot()

    report = hsds_import(data, actor=coordinator)

    assert "control characters or bidirectional overrides" in " ".join(report.errors)
    assert snapshot() == before
