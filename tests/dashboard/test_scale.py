"""seed_scale builds a realistic world fast; bench_dashboard measures the page on it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from devtools.scale import COORDINATOR_USERNAME
from matching.models import Match
from peersupport.models import User
from programs.models import SupporterProfile, WellbeingCheckIn
from referrals.models import Referral
from sessions.models import SessionLog, SupervisionRequest

# VACUUM, which the build ends with on PostgreSQL, runs outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def seed(**sizes: int) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    sizes = {"employees": 300, "supporters": 20, "sessions": 3000, **sizes}
    call_command("seed_scale", force=True, stdout=out, stderr=err, **sizes)
    return out.getvalue(), err.getvalue()


def test_it_builds_the_numbers_asked_for_with_a_progress_bar():
    out, err = seed()

    assert "3,000 sessions" in out
    assert User.objects.filter(username__startswith="scale-").count() == 300 + 12 + 1
    assert SupporterProfile.objects.count() == 20
    assert SessionLog.objects.count() == 3000
    assert "session logs" in err and "100%" in err and "\r" in err


def test_what_it_builds_follows_the_products_rules():
    seed()

    # Sessions happen while their match runs, and are logged by its supporter.
    logs = SessionLog.objects.select_related("match")
    assert not logs.filter(occurred_at__lt=F("match__accepted_at")).exists()
    assert not logs.filter(match__closed_at__isnull=False, occurred_at__gt=F("match__closed_at"))
    assert not logs.exclude(author=F("match__supporter")).exists()
    # A boundary trigger raised its referral, or (the supporter's distress) supervision.
    triggered = logs.exclude(triggers=[])
    distress = sum("supporter_distress" in log.triggers for log in triggered)
    assert triggered.filter(referral__isnull=False).count() == triggered.count() - distress
    assert Referral.objects.count() == triggered.count() - distress
    assert SupervisionRequest.objects.filter(session_log__isnull=False).count() == distress
    # Caseloads stay within the caps, but for the odd supporter taken over it.
    loads = SupporterProfile.objects.annotate(
        load=Count("user__supporter_matches", filter=Q(user__supporter_matches__status="active"))
    )
    assert loads.filter(load__gt=F("capacity")).count() <= 2
    assert Match.objects.filter(status="active").exists()
    assert WellbeingCheckIn.objects.filter(kind="intake").exists()
    # Nobody generated can sign in.
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_it_refuses_a_database_that_holds_generated_data_already():
    seed()

    with pytest.raises(CommandError, match="already holds generated data"):
        seed()


def test_it_refuses_to_run_on_a_real_deployment_unless_forced():
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_scale", employees=50, supporters=5, sessions=10, stderr=StringIO())


def test_bench_dashboard_prints_its_figures_as_json_on_the_last_line():
    seed()
    out = StringIO()

    call_command("bench_dashboard", runs=3, stdout=out)

    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["sessions"] == 3000
    assert set(figures) >= {"sessions", "queries", "seconds_p50", "seconds_p95"}
    assert 0 < figures["seconds_p50"] <= figures["seconds_p95"]
    assert figures["queries"] <= 20


def test_bench_dashboard_needs_the_generated_coordinator():
    assert not User.objects.filter(username=COORDINATOR_USERNAME).exists()
    with pytest.raises(CommandError, match="seed_scale first"):
        call_command("bench_dashboard", runs=1, stdout=StringIO())
