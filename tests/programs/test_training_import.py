import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peersupport.tabular import TableError
from programs.models import TrainingRecord
from programs.services import training_records_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supporters(db):
    return [
        UserFactory(employee_id="2001", email="ayu@corp.co.id", roles=["supporter"]),
        UserFactory(employee_id="2002", email="bayu@corp.co.id", roles=["supporter"]),
    ]


GOOD = (
    "supporter,module,completed_on,signed_off_by,note\n"
    "2001,active-listening,2026-03-01,t-coordinator,Batch 3\n"
    "bayu@corp.co.id,role-boundaries,15/02/2026,,\n"
)


def run(text, actor):
    return training_records_import(name="training.csv", content=text.encode(), actor=actor)


def test_good_rows_are_imported_with_their_expiry(supporters, coordinator):
    report = run(GOOD, coordinator)

    assert report.written == 2 and report.refused == []
    record = TrainingRecord.objects.get(supporter=supporters[0])
    assert (record.completed_on.isoformat(), record.expires_on.isoformat()) == (
        "2026-03-01",
        "2028-03-01",
    )
    assert record.signed_off_by == coordinator
    assert record.note == "Batch 3"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("9999,active-listening,2026-03-01,,", "No person “9999”."),
        ("2001,astrology,2026-03-01,,", "No training module “astrology”."),
        ("2001,active-listening,yesterday,,", "is not a date such as 2026-03-31"),
        ("2001,active-listening,2999-01-01,,", "The completion date is in the future."),
        ("2001,active-listening,2026-03-01,nobody,", "No person “nobody” to sign off."),
        ("t-employee,active-listening,2026-03-01,,", "is not a peer supporter"),
        ("2001,active-listening,2026-03-01,,x" + "x" * 500, "longer than 500"),
        ("2001,active-listening,2026-03-01,,", "This completion is in the file twice."),
    ],
)
def test_one_bad_row_refuses_the_whole_file_with_its_reason(
    supporters, coordinator, employee, line, reason
):
    report = run(GOOD + line + "\n", coordinator)

    assert report.written == 0
    assert [number for number, _errors in report.refused] == [4]
    assert reason in " ".join(report.refused[0][1])
    assert not TrainingRecord.objects.exists()


def test_a_completion_already_recorded_is_refused(supporters, coordinator):
    run(GOOD, coordinator)

    report = run(GOOD, coordinator)

    assert [n for n, _e in report.refused] == [2, 3]
    assert TrainingRecord.objects.count() == 2


def test_an_unreadable_file_is_refused_as_a_whole(coordinator):
    with pytest.raises(TableError, match="no column for: supporter, module, completed_on"):
        run("name,when\nx,y\n", coordinator)


def test_the_admin_import_page_reports_refused_rows_and_writes_nothing(
    client, supporters, coordinator
):
    client.force_login(coordinator)
    bad = io.BytesIO((GOOD + "9999,active-listening,2026-03-01,,\n").encode())
    bad.name = "training.csv"

    response = client.post(reverse("admin:programs_trainingrecord_import"), {"file": bad})

    page = response.content.decode()
    assert "so nothing was imported" in page
    assert "No person “9999”." in page
    assert not TrainingRecord.objects.exists()
    good = io.BytesIO(GOOD.encode())
    good.name = "training.csv"
    done = client.post(reverse("admin:programs_trainingrecord_import"), {"file": good}, follow=True)
    assert "2 training records imported." in done.content.decode()


@pytest.mark.parametrize("role", ["supporter", "counselor", "employee"])
def test_only_coordinators_reach_the_training_import(client, cast, role):
    client.force_login(cast[role])

    response = client.get(reverse("admin:programs_trainingrecord_import"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_record_added_in_the_admin_gets_its_expiry_from_the_module(
    client, coordinator, supporters
):
    from programs.models import TrainingModule

    module = TrainingModule.objects.get(code="ethics-confidentiality")
    client.force_login(coordinator)
    completed = timezone.localdate() - timedelta(days=10)

    response = client.post(
        reverse("admin:programs_trainingrecord_add"),
        {
            "supporter": supporters[0].pk,
            "module": module.pk,
            "completed_on": completed.isoformat(),
            "note": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    record = TrainingRecord.objects.get()
    assert record.expires_on.year == completed.year + 2
