"""Referrals raised in the period by source, the time to acknowledge them by urgency and
the share past their deadline, against hand-built referrals with known answers.

In the period (now is tests/dashboard/world.py's NOW):
- from a session log, routine, in Peer support: six Jakarta people acknowledged after 2,
  4, 6, 8, 10 and 12 hours (deadline 72 hours), and one Surabaya person not acknowledged
  yet, raised a day ago (not late);
- from a support request, priority, in Peer support: seven people, five acknowledged
  after 10, 20, 30, 40 and 50 hours (deadline 24 hours: three late) and two never
  acknowledged, raised ten days ago (late);
- from the coordinator, emergency, in Mentoring: three people acknowledged after 1, 2
  and 6 hours (deadline 4 hours: one late).
Before the period: one more from a session log.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.sections import safety
from referrals.models import Referral
from tests.dashboard.test_figures import data_for
from tests.dashboard.world import ago
from tests.factories import UserFactory
from tests.programs.factories import ProgramFactory
from tests.referrals.factories import make_service

pytestmark = pytest.mark.django_db

HOUR = 3600


def _raise(context, source, urgency, *, days, ack_hours, deadline_hours, program=None, site=""):
    person = UserFactory(site=site or "Jakarta", department="Produksi", roles=["employee"])
    created = ago(days)
    referral = Referral.objects.create(
        participant=person,
        source=source,
        raised_by=context["raiser"],
        summary="SECRET-SUMMARY-TEXT",
        consent_given=True,
        service=context["service"],
        program=program or context["peer"],
        trigger="beyond_scope",
        urgency=urgency,
        status="submitted" if ack_hours is None else "acknowledged",
        acknowledge_by=created + timedelta(hours=deadline_hours),
        acknowledged_at=None if ack_hours is None else created + timedelta(hours=ack_hours),
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=created)
    return referral


@pytest.fixture
def referrals(db, frozen):
    context = {
        "peer": ProgramFactory(name_en="Peer support"),
        "mentoring": ProgramFactory(name_en="Mentoring"),
        "raiser": UserFactory(roles=["supporter"]),
        "service": make_service(counselors=[UserFactory(roles=["counselor"])]),
    }
    for hours in (2, 4, 6, 8, 10, 12):
        _raise(context, "session", "routine", days=20, ack_hours=hours, deadline_hours=72)
    _raise(context, "session", "routine", days=1, ack_hours=None, deadline_hours=72, site="Sby")
    for hours in (10, 20, 30, 40, 50, None, None):
        _raise(context, "request", "priority", days=10, ack_hours=hours, deadline_hours=24)
    for hours in (1, 2, 6):
        _raise(
            context,
            "coordinator",
            "emergency",
            days=5,
            ack_hours=hours,
            deadline_hours=4,
            program=context["mentoring"],
        )
    _raise(context, "session", "routine", days=200, ack_hours=1, deadline_hours=72)
    return context


def test_referrals_raised_in_the_period_are_counted_by_source(referrals):
    figures = data_for().referrals

    assert (figures["source_session"], figures["source_session_people"]) == (7, 7)
    assert (figures["source_request"], figures["source_request_people"]) == (7, 7)
    assert (figures["source_coordinator"], figures["source_coordinator_people"]) == (3, 3)


def test_the_time_to_acknowledge_by_urgency_has_a_median_and_a_90th_percentile(referrals):
    figures = data_for().referrals

    assert figures["routine_ack_median"] == pytest.approx(7 * HOUR)
    assert figures["routine_ack_p90"] == pytest.approx(11 * HOUR)
    assert figures["priority_ack_median"] == pytest.approx(30 * HOUR)
    assert figures["priority_ack_p90"] == pytest.approx(46 * HOUR)
    assert figures["emergency_ack_median"] == pytest.approx(2 * HOUR)
    # 1, 2, 2, 4, 6, 6, 8, 10, 10, 12, 20, 30, 40, 50 hours.
    assert figures["all_ack_median"] == pytest.approx(9 * HOUR)
    assert figures["all_ack_p90"] == pytest.approx(37 * HOUR)


def test_late_referrals_were_acknowledged_after_the_deadline_or_are_still_waiting(referrals):
    figures = data_for().referrals

    assert (figures["priority_late"], figures["priority_late_people"]) == (5, 5)
    assert (figures["emergency_late"], figures["routine_late"]) == (1, 0)
    assert (figures["all_late"], figures["all_raised"]) == (6, 17)


def test_the_tables_show_the_figures_and_hide_groups_of_fewer_than_5(referrals, english):
    tables = {table.key: table for table in safety(data_for()).tables}

    sources = {str(row.label): row.cells[0] for row in tables["referral_sources"].rows}
    assert [str(sources[label]) for label in sources] == ["7", "7", "fewer than 5"]
    assert tables["referral_sources"].chart_data["values"] == [7, 7, None]
    assert tables["referral_sources"].chart_partly_hidden
    deadlines = {str(row.label): row.cells for row in tables["referral_deadlines"].rows}
    assert [cell.number for cell in deadlines["Priority"]] == [30.0, 46.0, 5, 71]
    assert [cell.number for cell in deadlines["Routine"]] == [7.0, 11.0, None, None]
    # Three people behind the emergency figures, one behind its late one.
    assert [cell.number for cell in deadlines["Emergency"]] == [None, None, None, None]
    assert [cell.number for cell in deadlines["All urgencies"]] == [9.0, 37.0, 6, 35]


def test_the_figures_follow_the_program_site_and_period_filters(referrals):
    peer = data_for(f"program={referrals['peer'].pk}").referrals
    assert (peer["source_coordinator"], peer["all_late"]) == (0, 5)
    jakarta = data_for("site=Jakarta").referrals
    assert (jakarta["source_session"], jakarta["all_raised"]) == (6, 16)
    week = data_for("period=custom&start=2026-03-08&end=2026-03-18").referrals
    assert (week["source_request"], week["source_coordinator"], week["source_session"]) == (
        7,
        3,
        1,
    )
    assert week["priority_late"] == 5 and week["routine_ack_p90"] is None


def test_a_new_source_needs_no_dashboard_change(referrals, monkeypatch):
    from dashboard.selectors import outcomes
    from referrals import models

    choices = [*models.ReferralSource.choices, ("self", "Self-referral")]

    class Sources:
        values = [value for value, _label in choices]

    Sources.choices = choices
    monkeypatch.setattr(outcomes, "ReferralSource", Sources)
    monkeypatch.setattr("dashboard.referral_tables.ReferralSource", Sources)

    tables = {table.key: table for table in safety(data_for()).tables}

    rows = tables["referral_sources"].rows
    assert [str(row.label) for row in rows][-1] == "Self-referral"
    assert rows[-1].cells[0].value == 0


def test_the_safety_export_has_them(referrals, signed_in):
    response = signed_in.get(reverse("dashboard:export", args=["safety", "csv"]))

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    at = lines.index(["Referrals raised in the period by source"])
    assert lines[at + 2 : at + 5] == [
        ["A session log", "7"],
        ["A support request", "7"],
        ["The coordinator", "fewer than 5"],
    ]
    at = lines.index(["Time to acknowledge the referrals raised in the period"])
    assert lines[at + 2] == ["Emergency", *["fewer than 5"] * 4]
    assert lines[at + 3] == ["Priority", "30.0", "46.0", "5", "71"]


@pytest.mark.parametrize("query", ["", "site=Jakarta&period=52w"])
def test_the_query_count_does_not_grow_with_the_referrals(referrals, signed_in, query):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(f"{reverse('dashboard:index')}?{query}").status_code == 200
        return len(captured)

    signed_in.get(reverse("dashboard:index"))
    few = queries()
    for index in range(200):
        _raise(
            referrals,
            ["session", "request", "coordinator"][index % 3],
            ["routine", "priority", "emergency"][index % 3],
            days=index % 60,
            ack_hours=None if index % 4 == 0 else index % 30,
            deadline_hours=24,
        )
    assert queries() == few
