from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, SupportRequest
from matching.selectors import suggestions_for
from matching.services import proposals_expire
from programs.models import Enrollment
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(employee, supporter):
    make_supporter(supporter)
    request = make_request(requester=employee, status="active")
    enrollment = Enrollment.objects.create(
        person=employee,
        program=request.program,
        role="participant",
        started_on=timezone.localdate(),
        consent_given_at=timezone.now(),
        consent_text_version="2026-1",
    )
    match = make_match(request, supporter, status="active")
    Match.objects.filter(pk=match.pk).update(enrollment=enrollment)
    match.refresh_from_db()
    return match


def test_a_supporter_closes_a_match_and_the_participant_gives_feedback_once(
    client, active, employee, supporter, django_capture_on_commit_callbacks
):
    client.force_login(supporter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:close", args=[active.uuid]), {"reason": "completed"})

    active.refresh_from_db()
    assert active.status == "closed"
    assert SupportRequest.objects.get().status == "closed"
    assert Enrollment.objects.get().status == "completed"
    assert mail.outbox[-1].to == [employee.email]

    client.force_login(employee)
    page = client.get(reverse("matching:my")).content.decode()
    assert "How helpful was the support" in page
    client.post(
        reverse("matching:feedback", args=[active.uuid]), {"rating": "5", "text": "Terima kasih"}
    )
    second = client.post(
        reverse("matching:feedback", args=[active.uuid]), {"rating": "1"}, follow=True
    )
    active.refresh_from_db()
    assert (active.feedback_rating, active.feedback_text) == (5, "Terima kasih")
    assert "given already" in second.content.decode()


@pytest.mark.parametrize("data", [{"rating": "9"}, {"rating": "x"}, {}])
def test_bad_feedback_is_refused_with_a_message(client, active, employee, supporter, data):
    Match.objects.filter(pk=active.pk).update(status="closed")
    client.force_login(employee)

    response = client.post(reverse("matching:feedback", args=[active.uuid]), data, follow=True)

    assert "Please choose how helpful the support was." in response.content.decode()
    assert Match.objects.get().feedback_at is None


def test_a_bad_close_reason_changes_nothing(client, active, supporter):
    client.force_login(supporter)

    client.post(reverse("matching:close", args=[active.uuid]), {"reason": "bored"})

    assert Match.objects.get().status == "active"


def test_pause_and_resume(client, active, supporter):
    client.force_login(supporter)

    client.post(reverse("matching:pause", args=[active.uuid]), {"pause": "1"})
    assert Match.objects.get().status == "paused"
    client.post(reverse("matching:pause", args=[active.uuid]))
    assert Match.objects.get().status == "active"


def test_others_cannot_close_pause_or_give_feedback(
    client, active, other_supporter, other_employee
):
    make_supporter(other_supporter)
    client.force_login(other_supporter)
    assert (
        client.post(reverse("matching:close", args=[active.uuid]), {"reason": "other"}).status_code
        == 404
    )
    assert (
        client.post(reverse("matching:pause", args=[active.uuid]), {"pause": "1"}).status_code
        == 404
    )
    client.force_login(other_employee)
    assert (
        client.post(reverse("matching:feedback", args=[active.uuid]), {"rating": "1"}).status_code
        == 404
    )
    assert client.post(reverse("matching:different", args=[active.request.uuid])).status_code == 404
    assert Match.objects.get().status == "active"


def test_asking_for_a_different_supporter_leaves_out_the_first_one(
    client, active, employee, supporter
):
    other = make_supporter(UserFactory(roles=["supporter"], languages=["id"]))
    client.force_login(employee)

    client.post(
        reverse("matching:different", args=[active.request.uuid]), {"reason": "Tidak cocok"}
    )

    active.refresh_from_db()
    request = SupportRequest.objects.get()
    assert (active.status, active.close_reason, request.status) == (
        "closed",
        "new_supporter",
        "waiting",
    )
    assert [user for user, _s in suggestions_for(request)] == [other]


def test_an_unanswered_proposal_goes_to_the_next_supporter_after_three_days(
    django_capture_on_commit_callbacks,
):
    program = ProgramFactory()
    first, second = make_supporter(), make_supporter()
    request = make_request(program=program, status="proposed")
    make_match(request, first)

    assert proposals_expire() == 0
    later = timezone.now() + timedelta(days=3, minutes=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert proposals_expire() == 1
        assert proposals_expire() == 0

    matches = {m.supporter: m.status for m in Match.objects.all()}
    assert matches == {first: "declined", second: "proposed"}
    assert SupportRequest.objects.get().status == "proposed"
    assert mail.outbox[-1].to == [second.email]


def test_in_employee_choice_programs_the_employee_picks_from_three(
    client, employee, other_employee
):
    program = ProgramFactory(match_mode="employee_choice", name_en="Mentoring")
    supporters = [
        make_supporter(
            UserFactory(full_name=f"Mentor {n} Santoso", roles=["supporter"], languages=["id"]),
            bio=f"Bio {n}",
        )
        for n in range(4)
    ]
    client.force_login(employee)

    response = client.post(
        reverse("matching:request"),
        {
            "program": program.pk,
            "topics": ["stress"],
            "languages": ["id"],
            "site_preference": "either",
            "consent": "on",
        },
    )
    request = SupportRequest.objects.get()
    assert response.url == reverse("matching:choose", args=[request.uuid])
    page = client.get(response.url).content.decode()
    assert page.count("Choose Mentor") == 3
    client.force_login(other_employee)
    assert client.get(response.url).status_code == 404

    client.force_login(employee)
    client.post(response.url, {"supporter": supporters[0].pk})
    match = Match.objects.get()
    assert (match.supporter, match.status) == (supporters[0], "proposed")
    assert client.get(response.url).status_code == 404  # no longer waiting


@pytest.mark.parametrize(("share", "told"), [(True, True), (False, False)])
def test_a_low_check_in_tells_the_supporter_only_with_consent_and_never_the_score(
    client, active, employee, supporter, share, told, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    data = {f"item{n}": 1 for n in range(1, 6)}
    if share:
        data["share_with_supporter"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programs:checkin", args=[active.enrollment.pk]), data)

    to_supporter = [m for m in mail.outbox if m.to == [supporter.email]]
    assert bool(to_supporter) is told
    if told:
        assert "20" not in to_supporter[0].body  # the score (5 x 1 x 4) is never sent


def rtw_match(employee, supporter):
    program = ProgramFactory(kind="return_to_work", name_en="Return to work")
    make_supporter(supporter)
    request = make_request(requester=employee, program=program, status="active")
    enrollment = Enrollment.objects.create(
        person=employee,
        program=program,
        role="participant",
        started_on=timezone.localdate(),
        consent_given_at=timezone.now(),
        consent_text_version="2026-1",
    )
    match = make_match(request, supporter, status="active")
    Match.objects.filter(pk=match.pk).update(enrollment=enrollment)
    match.refresh_from_db()
    return match


PLAN = {
    "return_date": "2026-12-01",
    "accommodations": ["flexible_hours"],
    "accommodations_note": "",
    "phases-TOTAL_FORMS": "1",
    "phases-INITIAL_FORMS": "0",
    "phases-0-from_week": "1",
    "phases-0-to_week": "2",
    "phases-0-hours_percent": "50",
    "phases-0-duties": "Office only",
    "milestones-TOTAL_FORMS": "1",
    "milestones-INITIAL_FORMS": "0",
    "milestones-0-title": "Check with occupational health",
    "milestones-0-due_on": "2026-12-15",
}


def test_the_matched_supporter_writes_the_plan_and_the_participant_reads_it(
    client, employee, supporter
):
    match = rtw_match(employee, supporter)
    client.force_login(supporter)

    response = client.post(reverse("matching:plan", args=[match.uuid]), PLAN)

    assert response.status_code == 302
    client.force_login(employee)
    page = client.get(reverse("matching:my")).content.decode()
    assert "Office only" in page and "Check with occupational health" in page


def test_a_plan_with_weeks_out_of_order_is_refused_and_nothing_saved(client, employee, supporter):
    from programs.models import ReturnToWorkPlan

    match = rtw_match(employee, supporter)
    client.force_login(supporter)

    response = client.post(
        reverse("matching:plan", args=[match.uuid]), {**PLAN, "phases-0-from_week": "5"}
    )

    assert response.status_code == 200
    assert "The last week comes before the first." in response.content.decode()
    assert not ReturnToWorkPlan.objects.exists()


def test_nobody_else_writes_the_plan(client, employee, supporter, other_supporter, coordinator):
    match = rtw_match(employee, supporter)
    make_supporter(other_supporter)
    for person in (other_supporter, employee, coordinator):
        client.force_login(person)
        assert client.get(reverse("matching:plan", args=[match.uuid])).status_code == 404
        assert client.post(reverse("matching:plan", args=[match.uuid]), PLAN).status_code == 404


def test_when_a_supporter_leaves_the_next_supporter_can_accept(
    coordinator, active, employee, supporter
):
    from matching.services import match_accept, match_propose
    from peersupport.seams import leavers_handle

    leavers_handle(users=[supporter], actor=coordinator)
    request = SupportRequest.objects.get()
    assert request.status == "waiting"
    successor = make_supporter()

    match = match_propose(request=request, supporter=successor, actor=coordinator)
    match_accept(match=match, actor=successor)

    assert Match.objects.get(pk=match.pk).enrollment == active.enrollment


def test_withdrawing_while_only_proposed_asks_no_feedback(client, employee, supporter):
    make_supporter(supporter)
    request = make_request(requester=employee, status="proposed")
    proposal = make_match(request, supporter)
    client.force_login(employee)

    client.post(reverse("matching:withdraw", args=[request.uuid]))

    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert "How helpful was the support" not in client.get(reverse("matching:my")).content.decode()
