"""The supporter's availability: a grid of days by parts of the day, stored as slot codes."""

import re

import pytest
from django.urls import reverse

from programs.models import SupporterProfile
from tests.programs.factories import SupporterProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(supporter):
    return SupporterProfileFactory(user=supporter, availability=["mon_am"])


def post(client, **changes):
    data = {"status": "active", "capacity": 3, "topics": ["stress"], **changes}
    return client.post(reverse("programs:supporter_edit"), data)


def checked(page: str) -> set[str]:
    return set(re.findall(r'name="availability" value="(\w+)" id="[\w-]+" checked', page))


def test_the_grid_has_a_row_per_day_a_column_per_part_and_a_label_per_box(client, profile):
    client.force_login(profile.user)

    page = client.get(reverse("programs:supporter_edit")).content.decode()

    grid = page[page.index("<fieldset", page.index("availability") - 400) :]
    grid = grid[: grid.index("</fieldset>")]
    assert "<legend" in grid and "Weekly availability" in grid
    assert [h for h in re.findall(r'<th scope="row">(\w+)</th>', grid)] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert re.findall(r'<th scope="col">(\w+)</th>', grid) == ["Morning", "Afternoon", "Evening"]
    boxes = re.findall(r'<label for="([\w-]+)"><input type="checkbox"[^>]* id="([\w-]+)"', grid)
    assert len(boxes) == 21 and all(label == box for label, box in boxes)
    assert len(set(box for _label, box in boxes)) == 21
    assert '<span class="visually-hidden">Wednesday evening</span>' in grid
    assert checked(page) == {"mon_am"}


def test_what_was_chosen_is_saved_and_shown_ticked_again(client, profile):
    client.force_login(profile.user)

    response = post(client, availability=["tue_pm", "sat_am", "sun_eve"])

    assert response.status_code == 302
    profile.refresh_from_db()
    assert sorted(profile.availability) == ["sat_am", "sun_eve", "tue_pm"]
    page = client.get(reverse("programs:supporter_edit")).content.decode()
    assert checked(page) == {"tue_pm", "sat_am", "sun_eve"}


def test_unticking_everything_saves_no_time(client, profile):
    client.force_login(profile.user)

    post(client)

    assert SupporterProfile.objects.get(pk=profile.pk).availability == []


@pytest.mark.parametrize("bad", ["mon_night", "funday_am", "<b>x</b>"])
def test_a_slot_that_is_not_in_the_grid_is_refused_with_a_clear_message(client, profile, bad):
    client.force_login(profile.user)

    response = post(client, availability=["tue_pm", bad])

    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a day and part of the day: tick the times you are free in the grid." in page
    assert "<b>x</b>" not in page
    assert checked(page) == {"tue_pm"}  # what was ticked stays ticked
    assert SupporterProfile.objects.get(pk=profile.pk).availability == ["mon_am"]
