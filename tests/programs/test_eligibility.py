from datetime import date, timedelta

import pytest
from django.utils import timezone

from programs.models import Program, SupporterProfile, SupporterStatus
from programs.selectors import supporter_training_status
from programs.services import add_months
from tests.programs.factories import ProgramFactory, SupporterProfileFactory, core_modules, train

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture
def program():
    return ProgramFactory(modules=core_modules()[:2])


def eligible(program, on=TODAY):
    return set(SupporterProfile.objects.eligible_for(program, on=on).values_list("pk", flat=True))


def program_ids_for(profile, on=TODAY):
    return set(
        Program.objects.eligible_for_supporter(profile.user_id, on=on).values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("expires_on", "is_eligible"),
    [
        (TODAY - timedelta(days=1), False),  # expired yesterday
        (TODAY, True),  # expires today: still valid today
        (TODAY + timedelta(days=1), True),  # expires tomorrow
    ],
)
def test_eligibility_at_the_expiry_boundaries(program, expires_on, is_eligible):
    profile = SupporterProfileFactory()
    train(
        profile.user,
        program.required_modules.all(),
        completed_on=date(2025, 1, 1),
        expires_on=expires_on,
    )

    assert (profile.pk in eligible(program)) is is_eligible
    assert (program.pk in program_ids_for(profile)) is is_eligible


def test_training_completed_after_the_day_does_not_count(program):
    profile = SupporterProfileFactory()
    train(
        profile.user,
        program.required_modules.all(),
        completed_on=TODAY + timedelta(days=1),
        expires_on=TODAY + timedelta(days=400),
    )

    assert profile.pk not in eligible(program)


def test_a_module_added_to_a_program_later_makes_supporters_ineligible_until_trained(program):
    profile = SupporterProfileFactory()
    train(profile.user, program.required_modules.all(), completed_on=date(2026, 1, 1))
    assert profile.pk in eligible(program)

    added = core_modules()[2]
    program.required_modules.add(added)

    assert profile.pk not in eligible(program)
    assert program.pk not in program_ids_for(profile)
    train(profile.user, [added], completed_on=date(2026, 6, 1))
    assert profile.pk in eligible(program)


def test_a_paused_supporter_is_not_eligible_until_their_return_date(program):
    profile = SupporterProfileFactory(
        status=SupporterStatus.PAUSED, paused_until=TODAY + timedelta(days=3)
    )
    train(profile.user, program.required_modules.all(), completed_on=date(2026, 1, 1))

    assert profile.pk not in eligible(program)
    assert profile.pk in eligible(program, on=TODAY + timedelta(days=3))


def test_a_supporter_who_left_is_not_eligible(program):
    profile = SupporterProfileFactory()
    train(profile.user, program.required_modules.all(), completed_on=date(2026, 1, 1))
    profile.user.is_active = False
    profile.user.save()

    assert profile.pk not in eligible(program)


def test_a_program_without_required_training_takes_every_available_supporter():
    program = ProgramFactory()
    profile = SupporterProfileFactory()

    assert profile.pk in eligible(program)


def test_an_older_expired_record_does_not_hide_a_newer_current_one(program):
    profile = SupporterProfileFactory()
    modules = list(program.required_modules.all())
    train(profile.user, modules, completed_on=date(2023, 1, 1))  # expired in 2025
    train(profile.user, modules, completed_on=date(2026, 1, 1))

    assert profile.pk in eligible(program)


@pytest.mark.parametrize("supporters", [10, 200])
def test_eligibility_is_one_query_for_any_number_of_supporters(
    program, django_assert_num_queries, supporters
):
    for profile in SupporterProfileFactory.create_batch(supporters):
        train(profile.user, program.required_modules.all(), completed_on=date(2026, 1, 1))

    with django_assert_num_queries(1):
        assert len(eligible(program)) == supporters


def test_the_supporter_status_lists_what_is_missing_and_what_expires_soon():
    modules = core_modules()
    program = ProgramFactory(modules=modules[:3])
    profile = SupporterProfileFactory()
    today = timezone.localdate()
    train(profile.user, modules[:1], completed_on=add_months(today, -24) + timedelta(days=10))
    train(profile.user, modules[1:2])

    [status] = [s for s in supporter_training_status(user=profile.user) if s.program == program]

    assert not status.eligible
    assert status.missing == [modules[2]]
    assert [record.module for record in status.expiring] == [modules[0]]


def test_add_months_keeps_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 11, 30), 24) == date(2028, 11, 30)


def test_a_supporter_whose_role_was_taken_away_is_not_eligible(program, coordinator):
    from peersupport.roles import Role
    from peersupport.services.users import user_revoke_role

    profile = SupporterProfileFactory()
    train(profile.user, program.required_modules.all(), completed_on=date(2026, 1, 1))
    user_revoke_role(user=profile.user, role=Role.SUPPORTER, actor=coordinator)

    assert profile.pk not in eligible(program)


def test_renewed_training_is_not_counted_as_expiring(program):
    today = timezone.localdate()
    profile = SupporterProfileFactory()
    module = core_modules()[0]
    train(
        profile.user,
        [module],
        completed_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=10),
    )
    assert SupporterProfile.objects.with_expiring_training().filter(pk=profile.pk).exists()

    train(profile.user, [module], completed_on=today - timedelta(days=5))

    assert not SupporterProfile.objects.with_expiring_training().filter(pk=profile.pk).exists()
    [status] = [s for s in supporter_training_status(user=profile.user) if s.program == program]
    assert status.expiring == []


def test_participants_enroll_only_with_consent(employee):
    from django.core.exceptions import ValidationError

    from programs.services import enrollment_create

    with pytest.raises(ValidationError):
        enrollment_create(person=employee, program=ProgramFactory(), role="participant", actor=None)
    enrollment = enrollment_create(
        person=employee,
        program=ProgramFactory(),
        role="participant",
        consent_text_version="2026-1",
        actor=None,
    )
    assert enrollment.consent_given_at is not None
