import re

import pytest
from django.urls import reverse

from programs.models import Enrollment, SupporterApplication, WellbeingCheckIn
from tests.programs.factories import ProgramFactory, SupporterProfileFactory, core_modules, train

pytestmark = pytest.mark.django_db

LISTS = [
    "admin:programs_program_changelist",
    "admin:programs_trainingmodule_changelist",
    "admin:programs_trainingrecord_changelist",
    "admin:programs_supporterprofile_changelist",
    "admin:programs_supporterapplication_changelist",
    "admin:programs_enrollment_changelist",
    "admin:programs_returntoworkplan_changelist",
    "admin:programs_wellbeingcheckin_changelist",
]


def world(supporters: int) -> None:
    modules = core_modules()
    program = ProgramFactory(modules=modules)
    for profile in SupporterProfileFactory.create_batch(supporters):
        train(profile.user, modules)
        SupporterApplication.objects.create(
            applicant=profile.user,
            motivation="m" * 30,
            topics=["stress"],
            languages=["id"],
            meeting_modes=["video"],
            availability=["mon_am"],
            status="approved",
        )
        enrollment = Enrollment.objects.create(
            person=profile.user, program=program, role="participant", started_on="2026-01-01"
        )
        WellbeingCheckIn.objects.create(
            person=profile.user, enrollment=enrollment, kind="intake", answers=[3] * 5, score=60
        )


@pytest.mark.parametrize("supporters", [10, 200])
@pytest.mark.parametrize("page", LISTS)
def test_admin_lists_run_a_fixed_number_of_queries(
    client, coordinator, django_assert_max_num_queries, page, supporters
):
    world(supporters)
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("supporters", [10, 200])
def test_the_eligibility_and_expiry_filters_run_a_fixed_number_of_queries(
    client, coordinator, django_assert_max_num_queries, supporters
):
    world(supporters)
    program = ProgramFactory(modules=core_modules()[:1])
    client.force_login(coordinator)
    url = reverse("admin:programs_supporterprofile_changelist")

    with django_assert_max_num_queries(14):
        response = client.get(url, {"eligible_for": program.pk})
    assert response.context["cl"].result_count == supporters
    with django_assert_max_num_queries(14):
        assert client.get(url, {"training": "expiring"}).status_code == 200


def test_coordinators_never_see_well_being_scores_in_the_admin(client, coordinator, employee):
    program = ProgramFactory()
    enrollment = Enrollment.objects.create(
        person=employee, program=program, role="participant", started_on="2026-01-01"
    )
    checkin = WellbeingCheckIn.objects.create(
        person=employee, enrollment=enrollment, kind="intake", answers=[1, 2, 3, 4, 5], score=60
    )
    client.force_login(coordinator)

    page = client.get(
        reverse("admin:programs_wellbeingcheckin_change", args=[checkin.pk])
    ).content.decode()

    assert "60" not in page.split('id="content"')[1]
    assert "[1, 2, 3, 4, 5]" not in page


def test_the_csv_export_carries_metadata_and_is_audited(client, coordinator):
    from peersupport.models import AuditEntry

    world(3)
    client.force_login(coordinator)
    ids = list(Enrollment.objects.values_list("pk", flat=True))

    response = client.post(
        reverse("admin:programs_enrollment_changelist"),
        {"action": "export_csv", "_selected_action": ids},
    )

    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.count("\n") == 4
    assert AuditEntry.objects.filter(action="admin.exported").exists()


@pytest.mark.parametrize("role", ["supporter", "counselor", "employee"])
def test_other_roles_do_not_reach_the_programs_admin(client, cast, role):
    client.force_login(cast[role])

    for page in LISTS:
        assert client.get(reverse(page)).status_code == 302


@pytest.mark.parametrize(
    "lookup", ["score__lte", "score__gt", "answers__contains", "share_with_supporter"]
)
def test_coordinators_cannot_filter_check_ins_by_score_or_answers(
    client, coordinator, employee, lookup
):
    program = ProgramFactory()
    enrollment = Enrollment.objects.create(
        person=employee, program=program, role="participant", started_on="2026-01-01"
    )
    WellbeingCheckIn.objects.create(
        person=employee, enrollment=enrollment, kind="intake", answers=[1] * 5, score=20
    )
    client.force_login(coordinator)

    response = client.get(reverse("admin:programs_wellbeingcheckin_changelist"), {lookup: "28"})

    assert response.status_code == 400


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999", ""])
def test_a_bad_eligibility_filter_value_is_ignored_not_a_crash(client, coordinator, value):
    ProgramFactory()
    client.force_login(coordinator)

    response = client.get(
        reverse("admin:programs_supporterprofile_changelist"), {"eligible_for": value}
    )

    assert response.status_code == 200


def test_correcting_a_record_in_the_admin_recomputes_its_expiry_and_reminds_again(
    client, coordinator
):
    from datetime import date

    from peersupport.models import AuditEntry
    from programs.models import TrainingRecord

    profile = SupporterProfileFactory()
    [record] = train(profile.user, core_modules()[:1], completed_on=date(2025, 1, 1))
    TrainingRecord.objects.filter(pk=record.pk).update(expiry_reminded_at="2026-12-01T00:00:00Z")
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_trainingrecord_change", args=[record.pk]),
        {
            "supporter": profile.user.pk,
            "module": record.module.pk,
            "completed_on": "2026-02-01",
            "note": "",
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.expires_on == date(2028, 2, 1)
    assert record.expiry_reminded_at is None
    assert AuditEntry.objects.filter(action="training.corrected").exists()


def test_consent_fields_are_read_only_in_the_admin(client, coordinator, employee):
    enrollment = Enrollment.objects.create(
        person=employee, program=ProgramFactory(), role="participant", started_on="2026-01-01"
    )
    client.force_login(coordinator)

    page = client.get(
        reverse("admin:programs_enrollment_change", args=[enrollment.pk])
    ).content.decode()

    assert 'name="consent_given_at' not in page
    assert 'name="consent_text_version"' not in page


def test_the_person_of_an_enrollment_is_a_required_select_that_starts_empty(
    client, coordinator, employee
):
    enrollment = Enrollment.objects.create(
        person=employee, program=ProgramFactory(), role="participant", started_on="2026-01-01"
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_enrollment_change", args=[enrollment.pk]))

    select = re.search(r'<select name="person"[^>]*>(.*?)</select>', page.content.decode(), re.S)
    options = re.findall(r"<option[^>]*>[^<]*</option>", select.group(1))
    assert options[0] == '<option value="">---------</option>'
    assert f'value="{employee.pk}" selected' in options[1]
