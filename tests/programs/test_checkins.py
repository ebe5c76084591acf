import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programs.models import Enrollment, WellbeingCheckIn
from programs.services import checkin_reminders, checkins_due, training_expiry_reminders, who5_score
from tests.programs.factories import ProgramFactory, SupporterProfileFactory, core_modules, train

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(employee):
    program = ProgramFactory(kind="return_to_work", checkin_every_weeks=2)
    return Enrollment.objects.create(
        person=employee, program=program, role="participant", started_on=timezone.localdate()
    )


def answers_form(values, share=False):
    data = {f"item{n}": value for n, value in enumerate(values, start=1)}
    if share:
        data["share_with_supporter"] = "on"
    return data


def test_the_who5_score_is_the_raw_sum_times_four():
    assert who5_score([5, 5, 5, 5, 5]) == 100
    assert who5_score([0, 0, 0, 0, 0]) == 0
    assert who5_score([3, 2, 4, 1, 3]) == 52
    with pytest.raises(ValueError):
        who5_score([6, 0, 0, 0, 0])


def test_a_drop_of_ten_points_suggests_help_even_with_a_middling_score(
    client, employee, enrollment
):
    client.force_login(employee)
    client.post(reverse("programs:checkin", args=[enrollment.pk]), answers_form([4, 4, 4, 4, 4]))

    response = client.post(
        reverse("programs:checkin", args=[enrollment.pk]),
        answers_form([3, 3, 3, 3, 4]),
        follow=True,
    )

    assert WellbeingCheckIn.objects.latest("id").kind == "follow_up"
    assert "Talking to a professional can help" in response.content.decode()


def test_a_good_score_just_thanks(client, employee, enrollment):
    client.force_login(employee)

    response = client.post(
        reverse("programs:checkin", args=[enrollment.pk]),
        answers_form([4, 4, 3, 4, 4]),
        follow=True,
    )

    assert "Thank you for your check-in." in response.content.decode()
    assert "Talking to a professional" not in response.content.decode()


@pytest.mark.parametrize("values", [[6, 1, 1, 1, 1], ["x", 1, 1, 1, 1], [1, 1, 1, 1]])
def test_bad_answers_are_refused_and_nothing_is_saved(client, employee, enrollment, values):
    client.force_login(employee)

    response = client.post(reverse("programs:checkin", args=[enrollment.pk]), answers_form(values))

    assert response.status_code == 200
    assert not WellbeingCheckIn.objects.exists()


def test_nobody_checks_in_on_someone_elses_enrollment(client, other_employee, enrollment):
    client.force_login(other_employee)

    assert client.get(reverse("programs:checkin", args=[enrollment.pk])).status_code == 404
    assert (
        client.post(
            reverse("programs:checkin", args=[enrollment.pk]), answers_form([3] * 5)
        ).status_code
        == 404
    )
    assert not WellbeingCheckIn.objects.exists()


def test_my_page_shows_the_plan_and_check_in_dates_but_not_scores(client, employee, enrollment):
    from programs.models import PlanPhase, ReturnToWorkPlan

    plan = ReturnToWorkPlan.objects.create(
        enrollment=enrollment, return_date=timezone.localdate(), accommodations=["remote_days"]
    )
    PlanPhase.objects.create(
        plan=plan, from_week=1, to_week=2, hours_percent=50, duties="Office only"
    )
    WellbeingCheckIn.objects.create(
        person=employee, enrollment=enrollment, kind="intake", answers=[1, 1, 1, 1, 3], score=28
    )
    client.force_login(employee)

    page = client.get(reverse("matching:my")).content.decode()

    assert "Office only" in page and "Remote days" in page
    assert not re.search(r"\b28\b", page)  # the score; ids and tokens hold digits too


def test_others_never_see_my_plan(client, other_employee, enrollment):
    from programs.models import PlanPhase, ReturnToWorkPlan

    plan = ReturnToWorkPlan.objects.create(enrollment=enrollment, return_date=timezone.localdate())
    PlanPhase.objects.create(
        plan=plan, from_week=1, to_week=2, hours_percent=50, duties="Secret duties"
    )
    client.force_login(other_employee)

    assert "Secret duties" not in client.get(reverse("matching:my")).content.decode()


@pytest.mark.parametrize("enrollments", [2, 20])
def test_my_page_runs_a_fixed_number_of_queries(
    client, employee, django_assert_max_num_queries, enrollments
):
    for _ in range(enrollments):
        e = Enrollment.objects.create(
            person=employee,
            program=ProgramFactory(),
            role="participant",
            started_on=timezone.localdate(),
        )
        WellbeingCheckIn.objects.create(
            person=employee, enrollment=e, kind="intake", answers=[3] * 5, score=60
        )
    client.force_login(employee)

    with django_assert_max_num_queries(9):
        assert client.get(reverse("matching:my")).status_code == 200


def test_training_expiring_within_30_days_is_announced_once(
    coordinator, django_capture_on_commit_callbacks
):
    profile = SupporterProfileFactory()
    today = timezone.localdate()
    modules = core_modules()
    train(
        profile.user,
        modules[:1],
        completed_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=20),
    )
    train(
        profile.user,
        modules[1:2],
        completed_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=45),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert training_expiry_reminders() == 1
        assert training_expiry_reminders() == 0

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([profile.user.email, coordinator.email])


@time_machine.travel("2026-03-03 10:00 +0700")
def test_a_participant_checks_in_and_a_low_score_gently_suggests_help(client, employee, enrollment):
    Enrollment.objects.filter(pk=enrollment.pk).update(started_on="2026-03-01")
    client.force_login(employee)

    response = client.post(
        reverse("programs:checkin", args=[enrollment.pk]),
        answers_form([1, 1, 1, 2, 1]),
        follow=True,
    )

    checkin = WellbeingCheckIn.objects.get()
    assert (checkin.score, checkin.kind) == (24, "intake")
    page = response.content.decode()
    assert "Talking to a professional can help" in page
    main = page.split('id="main"')[1]
    assert not re.search(r"\b24\b", main)  # the score is never shown (no date holds 24)


def test_a_check_in_reminder_is_sent_once_when_due(enrollment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert checkin_reminders() == 1  # no intake check-in yet
        assert checkin_reminders() == 0
    WellbeingCheckIn.objects.create(
        person=enrollment.person, enrollment=enrollment, kind="intake", answers=[3] * 5, score=60
    )
    assert enrollment not in checkins_due()

    later = timezone.now() + timedelta(weeks=2, days=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert [e.pk for e in checkins_due()] == [enrollment.pk]
        assert checkin_reminders() == 1
        assert checkin_reminders() == 0
    assert len(mail.outbox) == 2


def test_someone_who_never_answers_is_reminded_again_after_an_interval(
    enrollment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert checkin_reminders() == 1
    later = timezone.now() + timedelta(weeks=2, days=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert checkin_reminders() == 1
    assert len(mail.outbox) == 2
