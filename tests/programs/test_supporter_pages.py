from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import SupporterProfile, SupporterStatus
from tests.programs.factories import ProgramFactory, SupporterProfileFactory, core_modules, train

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(supporter):
    return SupporterProfileFactory(user=supporter)


def test_the_supporter_page_shows_training_status_per_program(client, profile):
    modules = core_modules()
    ProgramFactory(name_en="Return to work", modules=modules)
    ProgramFactory(name_en="Mentoring", modules=modules[:1])
    train(profile.user, modules[:1])
    client.force_login(profile.user)

    page = client.get(reverse("programs:supporter_home")).content.decode()

    assert "Return to work" in page and "Mentoring" in page
    assert page.count("Ready to be matched") == 1
    assert "Still to complete:" in page
    assert str(modules[4]) in page


@pytest.mark.parametrize("role", ["coordinator", "counselor", "employee", "other_employee"])
def test_people_who_are_not_supporters_get_no_supporter_page(client, cast, role):
    client.force_login(cast[role])

    assert client.get(reverse("programs:supporter_home")).status_code == 404
    assert client.get(reverse("programs:supporter_edit")).status_code == 404


def test_pages_need_a_sign_in(client):
    for name in ["programs:list", "programs:apply", "programs:supporter_home", "matching:my"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("programs", [2, 12])
def test_the_supporter_page_runs_a_fixed_number_of_queries(
    client, profile, django_assert_max_num_queries, programs
):
    modules = core_modules()
    for n in range(programs):
        ProgramFactory(modules=modules[: 1 + n % 5])
    train(profile.user, modules)
    for other in SupporterProfileFactory.create_batch(programs * 10):
        train(other.user, modules[:2])
    client.force_login(profile.user)

    # The first page after a start also reads the footer's crisis line into the cache.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("programs:supporter_home")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("programs:supporter_home")).status_code == 200


def test_a_supporter_pauses_with_a_return_date_and_comes_back(client, profile):
    client.force_login(profile.user)
    back = timezone.localdate() + timedelta(days=14)
    form = {
        "status": "paused",
        "paused_until": back.isoformat(),
        "capacity": 2,
        "topics": ["stress"],
    }

    response = client.post(reverse("programs:supporter_edit"), form)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.status, profile.paused_until, profile.capacity) == ("paused", back, 2)
    client.post(reverse("programs:supporter_edit"), {**form, "status": "active"})
    profile.refresh_from_db()
    assert profile.status == SupporterStatus.ACTIVE
    assert profile.paused_until is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "paused", "paused_until": ""}, "Choose the day you expect to be back."),
        (
            {"status": "paused", "paused_until": "2020-01-01"},
            "The return date must be in the future.",
        ),
        ({"capacity": 0}, "greater than or equal to 1"),
        ({"capacity": 99}, "less than or equal to 20"),
        ({"topics": ["astrology"]}, "Select a valid choice."),
        ({"availability": ["mon_night"]}, "Select a valid choice."),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(client, profile, data, message):
    client.force_login(profile.user)
    form = {"status": "active", "capacity": 3, **data}

    response = client.post(reverse("programs:supporter_edit"), form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert SupporterProfile.objects.get(pk=profile.pk).capacity == 3


def test_the_programs_page_lists_active_programs_only(client, employee):
    ProgramFactory(name_en="Open program")
    ProgramFactory(name_en="Closed program", active=False)
    client.force_login(employee)

    page = client.get(reverse("programs:list")).content.decode()

    assert "Open program" in page and "Closed program" not in page


def test_a_supporter_without_a_profile_is_asked_to_fill_it_in(client, supporter):
    client.force_login(supporter)

    page = client.get(reverse("programs:supporter_home"))
    assert "not filled in yet" in page.content.decode()
    response = client.post(
        reverse("programs:supporter_edit"),
        {"status": "active", "capacity": 2, "topics": ["stress"]},
    )

    assert response.status_code == 302
    assert SupporterProfile.objects.get(user=supporter).capacity == 2
