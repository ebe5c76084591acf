"""Each figure against the known world of tests/dashboard/world.py, with each filter."""

from datetime import date, datetime, timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from dashboard.forms import DashboardFilterForm, Scope
from dashboard.selectors import DashboardData, filter_options
from programs.models import SupporterProfile
from tests.dashboard.world import PERIOD_START, TODAY

pytestmark = pytest.mark.django_db

DAY = 86400


def data_for(query: str = "", **changes: object) -> DashboardData:
    """The figures the dashboard computes for these filters (a query string)."""
    programs, sites, departments = filter_options()
    form = DashboardFilterForm(
        QueryDict(query), programs=programs, sites=sites, departments=departments
    )
    assert form.is_valid(), form.errors
    return DashboardData(form.scope(now=timezone.now()), programs)


def test_the_default_period_is_the_last_twelve_weeks_to_today(world):
    scope = data_for().scope

    assert (scope.start, scope.end) == (PERIOD_START, TODAY)
    assert scope.program is None and scope.site == "" and scope.department == ""


def test_it_offers_the_programs_sites_and_departments_there_are(world):
    programs, sites, departments = filter_options()

    assert [p.name_en for p in programs] == ["Mentoring", "Peer support", "Old program"]
    assert sites == ["Jakarta", "Surabaya"]
    assert departments == ["Keuangan", "Produksi"]


def test_demand_counts_waiting_requests_and_how_long(world):
    requests = data_for().requests

    assert requests["waiting"] == 6
    assert requests["waiting_people"] == 6
    assert requests["waiting_median"] == pytest.approx(3.5 * DAY)
    assert timezone.now() - requests["waiting_since"] == timedelta(days=6)
    assert requests["received"] == 13  # all but r13, who asked before the period
    assert (requests["withdrawn"], requests["withdrawn_people"]) == (1, 1)


def test_time_to_an_active_match_is_the_median_and_90th_percentile(world):
    matched = data_for().time_to_match

    # Waits of 1, 2, 3, 4, 5 and 10 days.
    assert matched["people"] == 6
    assert matched["median"] == pytest.approx(3.5 * DAY)
    assert matched["p90"] == pytest.approx(7.5 * DAY)


def test_the_program_filter_keeps_that_programs_requests_and_matches(world):
    data = data_for(f"program={world.peer.pk}")

    assert data.requests["received"] == 12  # r11 asked in Mentoring
    matched = data.time_to_match
    assert matched["people"] == 5
    assert matched["median"] == pytest.approx(3 * DAY)
    assert matched["p90"] == pytest.approx(4.6 * DAY)
    assert data.active_matches == {"active": 5, "quiet": 1}


def test_the_site_and_department_filters_apply_to_the_person_concerned(world):
    surabaya = data_for("site=Surabaya")
    assert (surabaya.requests["waiting"], surabaya.requests["received"]) == (2, 2)
    assert surabaya.active_matches["active"] == 0
    assert surabaya.supporters["supporters"] == 1  # s7, paused
    assert surabaya.supporters["available"] == 0

    keuangan = data_for("department=Keuangan")
    assert keuangan.requests["waiting"] == 2  # r4 and r9
    both = data_for("site=Surabaya&department=Keuangan")
    assert both.requests["waiting"] == 1


def test_capacity_counts_supporters_caseloads_and_supervision(world):
    supporters = data_for().supporters

    assert supporters["supporters"] == 7
    assert supporters["available"] == 6  # s7 is paused
    assert supporters["capacity"] == 12
    assert supporters["active_load"] == 6
    assert supporters["full"] == 2  # s1 (two active), s2 (one active, one proposed)
    assert supporters["near"] == 3  # s3, s4, s5
    assert supporters["unsupervised"] == 4  # s3 (100 days ago), s4, s5, s6
    assert data_for().active_matches == {"active": 6, "quiet": 1}  # r14's pair


def test_eligibility_follows_the_rule_of_the_programs_app(world):
    data = data_for()
    eligible = data.supporters["eligible"]
    today = TODAY

    assert eligible[world.peer.pk] == 5  # s1..s5; s6 lacks a module, s7 is paused
    assert eligible[world.mentoring.pk] == 6  # no training needed: every available one
    assert world.old.pk not in eligible  # inactive programs are left out
    for program in (world.peer, world.mentoring):
        assert (
            eligible[program.pk] == SupporterProfile.objects.eligible_for(program, on=today).count()
        )
    assert data.supporters["available"] == SupporterProfile.objects.available_on(today).count()


def test_a_paused_supporter_whose_return_date_has_come_is_available_again(world):
    SupporterProfile.objects.filter(user=world.people["s7"]).update(paused_until=TODAY)

    supporters = data_for().supporters

    assert supporters["available"] == 7
    assert supporters["eligible"][world.peer.pk] == 6
    assert supporters["available"] == SupporterProfile.objects.available_on(TODAY).count()


def test_training_expiring_within_thirty_days_is_counted_per_program(world):
    assert data_for().expiring == {"records": 1, "people": 1}  # s5's role boundaries
    assert data_for(f"program={world.peer.pk}").expiring == {"records": 1, "people": 1}
    assert data_for(f"program={world.mentoring.pk}").expiring == {"records": 0, "people": 0}


def test_sessions_are_counted_by_week_mode_topic_and_trigger(world):
    sessions = data_for().sessions

    assert sessions["total"][""] == (7, 360, 5)
    assert sessions["week"] == {"2026-03-09": (5, 300, 5), "2026-03-02": (2, 60, 2)}
    assert sessions["mode"] == {"video": (5, 300, 5), "phone": (2, 60, 2)}
    assert sessions["topic"] == {"stress": (5, 300, 5), "workload": (2, 60, 2)}
    assert sessions["trigger"] == {"beyond_scope": (1, 30, 1)}


def test_the_program_filter_keeps_that_programs_sessions(world):
    sessions = data_for(f"program={world.peer.pk}").sessions

    assert sessions["total"][""] == (6, 300, 4)
    assert sessions["week"]["2026-03-09"] == (4, 240, 4)
    assert sessions["trigger"] == {"beyond_scope": (1, 30, 1)}


def test_the_site_filter_keeps_the_sessions_of_people_there(world):
    assert data_for("site=Surabaya").sessions["total"] == {}
    assert data_for("site=Jakarta").sessions["total"][""] == (7, 360, 5)


def test_a_period_of_chosen_dates_counts_only_those_days(world):
    data = data_for("period=custom&start=2026-03-02&end=2026-03-08")

    assert (data.scope.start, data.scope.end) == (date(2026, 3, 2), date(2026, 3, 8))
    assert data.sessions["total"][""] == (2, 60, 2)
    assert list(data.sessions["week"]) == ["2026-03-02"]
    assert data.requests["received"] == 1  # r12, on 8 March
    assert data.requests["waiting"] == 6  # "now" figures do not depend on the period


def test_referrals_are_counted_by_urgency_with_the_time_to_acknowledge(world):
    referrals = data_for().referrals

    assert (referrals["all_open"], referrals["all_overdue"]) == (2, 1)
    assert (referrals["all_raised"], referrals["all_raised_people"]) == (7, 5)
    assert (referrals["all_closed"], referrals["all_closed_people"]) == (5, 5)
    assert referrals["all_ack_median"] == pytest.approx(5 * 3600)  # 1, 2, 4, 6, 8, 10 h
    assert referrals["routine_ack_median"] == pytest.approx(6 * 3600)
    assert referrals["emergency_ack_median"] == pytest.approx(3600)
    assert referrals["priority_ack_median"] is None
    assert (referrals["priority_overdue"], referrals["emergency_overdue"]) == (1, 0)


def test_referral_outcomes_are_counted_by_reason(world):
    referrals = data_for().referrals

    assert referrals["result_successful"] == 3
    assert referrals["result_not_reached"] == 1
    assert referrals["result_declined_by_participant"] == 1
    assert referrals["result_no_capacity"] == 0
    assert data_for(f"program={world.peer.pk}").referrals["all_closed"] == 4


def test_who5_is_the_first_intake_and_latest_follow_up_of_people_seen_in_the_period(world):
    wellbeing = data_for().wellbeing

    peer = wellbeing[world.peer.pk]
    assert peer[0] == 4 and float(peer[1]) == pytest.approx(43.0)  # 40, 52, 44, 36
    assert peer[2] == 3 and float(peer[3]) == pytest.approx(172 / 3)  # 60, 56, 56
    assert (peer[4], peer[5]) == (3, 2)  # r5 and r8 improved by 20, r6 by 4
    mentoring = wellbeing[world.mentoring.pk]
    assert (mentoring[0], mentoring[2], mentoring[4], mentoring[5]) == (1, 1, 1, 1)
    everyone = wellbeing[None]
    assert everyone[0] == 5 and float(everyone[1]) == pytest.approx(46.4)
    assert everyone[2] == 4 and float(everyone[3]) == pytest.approx(62.0)
    assert (everyone[4], everyone[5]) == (4, 3)


def test_the_program_filter_keeps_that_programs_check_ins(world):
    wellbeing = data_for(f"program={world.mentoring.pk}").wellbeing

    assert set(wellbeing) == {None, world.mentoring.pk}
    assert wellbeing[None][0] == 1


def test_the_weeks_of_a_period_start_on_monday_in_local_time(world):
    from dashboard.selectors.sessions import weeks_of

    weeks = weeks_of(data_for().scope)

    assert len(weeks) == 12
    assert weeks[0][0] == PERIOD_START
    assert weeks[0][1] == timezone.make_aware(datetime(2025, 12, 29))
    assert weeks[-1][0] == date(2026, 3, 16)
    assert weeks[-1][2] == timezone.now()  # the period ends now


def test_an_empty_database_gives_zeros_everywhere(db, frozen):
    data = data_for()

    assert data.requests["waiting"] == 0
    assert data.sessions["total"] == {}
    assert data.supporters["supporters"] == 0
    assert data.wellbeing == {None: (0, None, 0, None, 0, 0)}


def test_scope_names_files_with_the_program_and_period(world):
    scope = Scope(
        program=world.peer,
        site="Jakarta",
        department="",
        start=PERIOD_START,
        end=TODAY,
        now=timezone.now(),
    )
    assert scope.file_stem == "peer-support_jakarta_2025-12-29_2026-03-18"
