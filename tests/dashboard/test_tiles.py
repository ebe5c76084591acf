"""The key-figure tiles on top of the dashboard, against the known world of
tests/dashboard/world.py (now: Wednesday 18 March 2026), and the charts' empty states."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from dashboard.tiles import Tile
from programs.models import WellbeingCheckIn
from tests.dashboard.world import ago

pytestmark = pytest.mark.django_db

INDEX = reverse("dashboard:index")


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def tiles_of(client, query: str = "") -> dict[str, Tile]:
    response = client.get(f"{INDEX}?{query}")
    assert response.status_code == 200
    return {tile.key: tile for tile in response.context["tiles"]}


def shown(tile: Tile) -> tuple[str, str]:
    return str(tile.figure), tile.context


def test_the_tiles_come_in_the_order_of_the_issue(signed_in, world):
    assert list(tiles_of(signed_in)) == [
        "waiting",
        "time_to_match",
        "active_pairs",
        "sessions_month",
        "referrals",
        "training",
        "who5",
    ]


def test_demand_tiles_show_waiting_requests_and_the_time_to_match(signed_in, world):
    tiles = tiles_of(signed_in)

    # Six people wait (1 to 6 days); six matches became active after 1 to 10 days.
    assert shown(tiles["waiting"]) == ("6", "Longest wait so far: 6.0 days")
    assert shown(tiles["time_to_match"]) == (
        "3.5",
        "Median in the period; 90th percentile: 7.5 days",
    )
    assert tiles["time_to_match"].unit == "days"


def test_a_small_group_is_hidden_in_the_figure_and_in_the_context_line(signed_in, world):
    tiles = tiles_of(signed_in, "site=Surabaya")

    # Two people wait in Surabaya: neither the count nor their longest wait is shown.
    assert shown(tiles["waiting"]) == ("fewer than 5", "Longest wait so far: fewer than 5")
    assert tiles["time_to_match"].figure.suppressed


def test_active_pairs_and_the_sessions_of_this_calendar_month(signed_in, world):
    tiles = tiles_of(signed_in)

    assert shown(tiles["active_pairs"]) == ("6", "No session in 14 days: fewer than 5")
    # 3 March (two pairs) and 10 March (five pairs): seven sessions, six hours, whatever
    # the period chosen.
    assert shown(tiles["sessions_month"]) == ("7", "Hours of support since 1 Mar: 6.0")
    assert shown(tiles_of(signed_in, "period=4w")["sessions_month"])[0] == "7"


def test_the_sessions_of_the_month_follow_the_program_filter(signed_in, world):
    tiles = tiles_of(signed_in, f"program={world.peer.pk}")

    # Without Mentoring's pair only four pairs are left: hidden.
    assert shown(tiles["sessions_month"]) == (
        "fewer than 5",
        "Hours of support since 1 Mar: fewer than 5",
    )


def test_referrals_tile_hides_two_open_referrals_and_one_overdue(signed_in, world):
    tile = tiles_of(signed_in)["referrals"]

    assert shown(tile) == (
        "fewer than 5",
        "Overdue now (not acknowledged in time): fewer than 5",
    )
    assert not tile.alert


def test_training_compliance_is_the_share_of_available_supporters_trained_for_every_program(
    signed_in, world
):
    tiles = tiles_of(signed_in)

    # s1..s5 hold Peer support's two modules, s6 one; s7 is paused; Mentoring needs none.
    assert shown(tiles["training"]) == (
        "83%",
        "5 of 6 available supporters hold current training",
    )
    mentoring = tiles_of(signed_in, f"program={world.mentoring.pk}")["training"]
    assert str(mentoring.figure) == "100%"


def test_who5_change_is_hidden_for_four_people_and_shown_for_five(signed_in, world):
    tile = tiles_of(signed_in)["who5"]
    # r5 +20, r6 +4, r8 +20, r11 +16: four people.
    assert str(tile.figure) == "fewer than 5"

    enrollment = world.people["r7"].enrollments.get()
    checkin = WellbeingCheckIn.objects.create(
        person=world.people["r7"],
        enrollment=enrollment,
        kind="follow_up",
        answers=[2, 2, 3, 3, 3],
        score=52,
    )
    WellbeingCheckIn.objects.filter(pk=checkin.pk).update(taken_at=ago(1))

    tile = tiles_of(signed_in)["who5"]
    # r7 +8: (20 + 4 + 20 + 16 + 8) / 5; improved by 10 or more: three of five, hidden.
    assert shown(tile) == (
        "+13.6",
        "Mean from intake to the latest check-in; improved by 10 points or more: fewer than 5",
    )
    assert tile.unit == "points"


def test_the_page_shows_each_tile_with_its_label_figure_and_context(signed_in, world):
    page = signed_in.get(INDEX).content.decode()

    tile = page.split('id="tile-time_to_match">')[1].split("</li>")[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", tile).split())
    assert text == "Time to match 3.5 days Median in the period; 90th percentile: 7.5 days"
    hidden = page.split('id="tile-referrals"')[1].split("</li>")[0]
    assert '<p class="dashboard-tile-figure dashboard-tile-hidden">fewer than 5</p>' in hidden


def test_the_tiles_speak_indonesian(signed_in, world):
    with translation.override("id"):
        page = signed_in.get(INDEX, HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert "Permintaan menunggu" in page
    assert "kurang dari 5" in page


def test_sections_fold_away_under_their_titles(signed_in, world):
    page = signed_in.get(INDEX).content.decode()

    for key in ("demand", "capacity", "activity", "safety", "training", "outcomes"):
        assert f'<details class="card mb-3 dashboard-section" id="{key}">' in page
    assert page.count("<summary") == 6


def test_a_chart_whose_bars_are_all_hidden_says_so_instead_of_drawing_axes(signed_in, world):
    page = signed_in.get(INDEX).content.decode()

    # One boundary trigger, from one pair.
    assert 'data-chart="triggers"' not in page
    empty = page.split('id="chart-empty-triggers"')[1].split("</div>")[0]
    assert "Not drawn: each of its figures is about fewer than 5 people." in empty
    # The weekly chart is drawn, and says that some of its bars are left out.
    assert 'data-chart="weeks"' in page
    assert "Bars about fewer than 5 people are left out." in page


def test_a_period_without_sessions_shows_the_empty_state_not_a_chart(signed_in, world):
    page = signed_in.get(f"{INDEX}?period=custom&start=2026-01-05&end=2026-01-18").content.decode()

    for key in ("weeks", "modes", "topics"):
        assert f'data-chart="{key}"' not in page
        empty = page.split(f'id="chart-empty-{key}"')[1].split("</div>")[0]
        assert "No sessions logged in this period yet." in empty
    triggers = page.split('id="chart-empty-triggers"')[1].split("</div>")[0]
    assert "No boundary triggers in this period&#x27;s session logs." in triggers


def test_the_dashboard_brings_its_own_stylesheet(signed_in, world):
    page = signed_in.get(INDEX).content.decode()

    assert '<link rel="stylesheet" href="/static/css/dashboard.css">' in page
    assert " style=" not in page


def test_a_referral_overdue_for_five_people_draws_the_eye_in_words(signed_in, world):
    from tests.dashboard.world import _referral

    for name in ("r1", "r2", "r3", "r4", "r9"):
        created = ago(5)
        _referral(
            world,
            name,
            created=created,
            urgency="priority",
            status="submitted",
            acknowledge_by=created + timedelta(hours=24),
        )

    tile = tiles_of(signed_in)["referrals"]

    assert shown(tile) == ("7", "Overdue now (not acknowledged in time): 6")
    assert tile.alert
    page = signed_in.get(INDEX).content.decode()
    assert 'class="dashboard-tile dashboard-tile-alert" id="tile-referrals"' in page
