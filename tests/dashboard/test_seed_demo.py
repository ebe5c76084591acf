"""seed_demo builds a company large enough for the dashboard, with its dates in the order
life puts them, and keeps the named demo users."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Min
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone, translation

from devtools.demo.company import USERNAME_PREFIX
from matching.models import Match, SupportRequest
from peersupport.models import User
from programs.models import SupporterProfile, TrainingRecord, WellbeingCheckIn
from referrals.models import Referral
from sessions.models import SessionLog

pytestmark = pytest.mark.django_db

PASSWORD = "demo-test-password"


@pytest.fixture
def demo() -> str:
    err = StringIO()
    call_command("seed_demo", password=PASSWORD, force=True, stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_it_builds_a_company_of_300_more_people_40_supporters_and_six_months(demo):
    assert User.objects.filter(username__startswith=USERNAME_PREFIX).count() == 300
    assert SupporterProfile.objects.count() >= 40
    first = SupportRequest.objects.aggregate(first=Min("created_at"))["first"]
    assert first <= timezone.now() - timedelta(weeks=25)
    assert SessionLog.objects.count() > 1000
    # Nobody generated can sign in; the named demo users still can.
    generated = User.objects.filter(username__startswith=USERNAME_PREFIX)
    assert not any(user.has_usable_password() for user in generated)
    for username in ("coordinator", "supporter", "counselor", "employee"):
        assert User.objects.get(username=username).check_password(PASSWORD)


def test_it_prints_its_progress(demo):
    assert "demo: people" in demo
    assert "session logs" in demo and "100%" in demo
    assert "demo: ready in" in demo


def test_a_match_comes_after_its_request_and_sessions_after_their_match(demo):
    assert not Match.objects.filter(proposed_at__lt=F("request__created_at")).exists()
    assert not Match.objects.filter(accepted_at__lt=F("request__created_at")).exists()
    assert not Match.objects.filter(accepted_at__lt=F("proposed_at")).exists()
    logs = SessionLog.objects.all()
    assert not logs.filter(occurred_at__lt=F("match__accepted_at")).exists()
    assert not logs.filter(match__closed_at__isnull=False, occurred_at__gt=F("match__closed_at"))
    assert not logs.filter(occurred_at__gt=timezone.now()).exists()


def test_a_referral_comes_after_the_session_that_raised_it(demo):
    raised = SessionLog.objects.filter(referral__isnull=False)
    assert raised.count() >= 10
    assert not raised.filter(referral__created_at__lt=F("occurred_at")).exists()
    assert not Referral.objects.filter(acknowledged_at__lt=F("created_at")).exists()
    assert not Referral.objects.filter(closed_at__lt=F("created_at")).exists()
    # Acknowledged by a counselor of the service it went to.
    acknowledged = Referral.objects.filter(counselor__isnull=False)
    assert acknowledged.exists()
    assert not acknowledged.exclude(service__counselors=F("counselor")).exists()


def test_nobody_has_two_check_ins_on_one_day(demo):
    days = (
        WellbeingCheckIn.objects.annotate(day=TruncDate("taken_at"))
        .values("person", "day")
        .annotate(checkins=Count("pk"))
    )
    assert WellbeingCheckIn.objects.count() > 100
    assert not days.filter(checkins__gt=1).exists()


def test_training_is_completed_before_the_supporters_first_match(demo):
    first_match = Match.objects.filter(accepted_at__isnull=False)
    firsts = {
        row["supporter"]: timezone.localdate(row["first"])
        for row in first_match.values("supporter").annotate(first=Min("accepted_at"))
    }
    records = TrainingRecord.objects.filter(supporter__in=list(firsts)).values_list(
        "supporter", "completed_on"
    )
    late = [(who, day) for who, day in records if day >= firsts[who]]
    assert records.exists()
    assert late == []


def test_running_it_again_leaves_the_company_as_it_is(demo):
    counts = (User.objects.count(), SessionLog.objects.count(), Match.objects.count())

    call_command("seed_demo", password=PASSWORD, force=True, stdout=StringIO(), stderr=StringIO())

    assert (User.objects.count(), SessionLog.objects.count(), Match.objects.count()) == counts


def test_the_dashboard_on_the_demo_shows_most_key_figures(client, demo):
    client.force_login(User.objects.get(username="coordinator"))

    with translation.override("en"):
        response = client.get(reverse("dashboard:index"))

    tiles = response.context["tiles"]
    shown = [tile.key for tile in tiles if not tile.figure.suppressed]
    assert len(shown) >= 6, shown
    for key in ("waiting", "time_to_match", "active_pairs", "referrals", "training", "who5"):
        assert key in shown
    # The charts of the period have bars to draw.
    charts = {
        table.key: table.chart_state for s in response.context["sections"] for table in s.tables
    }
    assert charts["weeks"] == charts["modes"] == charts["topics"] == "drawn"
