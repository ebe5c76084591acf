import os
import re
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from matching.models import Match, SupportRequest
from matching.services import MatchingError, match_propose
from programs.models import Enrollment
from tests.factories import UserFactory
from tests.matching.factories import make_match, make_request, make_supporter
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_queue_shows_waiting_requests_oldest_first_with_suggestions(client, coordinator):
    program = ProgramFactory()
    first = make_request(program=program)
    make_request(program=program)
    supporter = make_supporter(
        UserFactory(full_name="Ayu Supporter", roles=["supporter"], languages=["id"])
    )
    client.force_login(coordinator)

    page = client.get(reverse("matching:queue")).content.decode()

    assert page.index(str(first.requester)) < page.rindex("Ayu Supporter")
    assert page.count("Ask this supporter") == 2
    assert str(supporter.pk) in page


@pytest.mark.parametrize("role", ["supporter", "counselor", "employee"])
def test_only_coordinators_reach_the_queue(client, cast, role):
    request = make_request()
    client.force_login(cast[role])

    assert client.get(reverse("matching:queue")).status_code == 404
    assert (
        client.post(
            reverse("matching:propose", args=[request.uuid]), {"supporter": cast["supporter"].pk}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("matching:decline", args=[request.uuid]), {"reason": "x"}).status_code
        == 404
    )


@pytest.mark.parametrize("requests", [3, 30])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, coordinator, django_assert_max_num_queries, requests
):
    program = ProgramFactory()
    for _ in range(5):
        make_supporter()
    for _ in range(requests):
        make_request(program=program)
    client.force_login(coordinator)

    with django_assert_max_num_queries(14):
        assert client.get(reverse("matching:queue")).status_code == 200


def test_approve_then_accept_activates_the_match_and_enrolls_the_participant(
    client, coordinator, employee, django_capture_on_commit_callbacks
):
    request = make_request(requester=employee)
    supporter = make_supporter(
        UserFactory(full_name="Budi Santoso", roles=["supporter"], languages=["id"])
    )
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:propose", args=[request.uuid]), {"supporter": supporter.pk})
    match = Match.objects.get()
    assert (match.status, SupportRequest.objects.get().status) == ("proposed", "proposed")
    assert mail.outbox[-1].to == [supporter.email]

    client.force_login(supporter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:accept", args=[match.uuid]))

    match.refresh_from_db()
    assert match.status == "active"
    assert match.enrollment == Enrollment.objects.get(person=employee, role="participant")
    assert mail.outbox[-1].to == [employee.email]
    client.force_login(employee)
    assert "Your supporter is Budi." in client.get(reverse("matching:my")).content.decode()


def test_a_supporter_sees_and_answers_only_their_own_matches(client, supporter, other_supporter):
    make_supporter(supporter)
    make_supporter(other_supporter)
    mine = make_match(make_request(description="mine to read"), supporter)
    theirs = make_match(make_request(description="not for me"), other_supporter)
    client.force_login(supporter)

    page = client.get(reverse("matching:supporter_matches")).content.decode()

    assert "mine to read" in page and "not for me" not in page
    assert client.post(reverse("matching:accept", args=[theirs.uuid])).status_code == 404
    assert client.post(reverse("matching:supporter_decline", args=[theirs.uuid])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "proposed"
    assert mine.status == "proposed"


def test_a_supporter_who_declines_sends_the_request_back_to_the_queue(client, supporter):
    make_supporter(supporter)
    request = make_request(status="proposed")
    match = make_match(request, supporter)
    client.force_login(supporter)

    client.post(reverse("matching:supporter_decline", args=[match.uuid]))

    request.refresh_from_db()
    assert request.status == "waiting"


def test_a_full_supporter_cannot_be_proposed(coordinator):
    supporter = make_supporter(capacity=1)
    make_match(make_request(status="active"), supporter, status="active")

    with pytest.raises(MatchingError, match="no free place"):
        match_propose(request=make_request(), supporter=supporter, actor=coordinator)


def test_a_coordinator_declines_with_a_reason_the_employee_reads(client, coordinator, employee):
    request = make_request(requester=employee)
    client.force_login(coordinator)

    client.post(reverse("matching:decline", args=[request.uuid]), {"reason": "   "})
    assert SupportRequest.objects.get().status == "waiting"
    client.post(
        reverse("matching:decline", args=[request.uuid]), {"reason": "Please contact the EAP."}
    )

    client.force_login(employee)
    assert "Please contact the EAP." in client.get(reverse("matching:my")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_giving_away_the_last_place_at_once_exactly_one_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL)")
    coordinator = UserFactory(roles=["coordinator"])
    supporter = make_supporter(capacity=1)
    program = ProgramFactory()
    requests = [make_request(program=program), make_request(program=program)]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(request):
        try:
            barrier.wait()
            match_propose(request=request, supporter=supporter, actor=coordinator)
            outcomes.append("ok")
        except MatchingError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["ok", "refused"]
    assert Match.objects.filter(supporter=supporter).count() == 1
    assert os.environ.get("DATABASE_URL")


def test_a_person_who_left_has_their_requests_and_matches_closed(
    coordinator, employee, django_capture_on_commit_callbacks
):
    from peersupport.seams import leavers_handle

    supporter = make_supporter()
    request = make_request(requester=employee, status="active")
    match = make_match(request, supporter, status="active")

    with django_capture_on_commit_callbacks(execute=True):
        leavers_handle(users=[employee], actor=coordinator)

    request.refresh_from_db()
    match.refresh_from_db()
    assert request.status == "closed" and request.close_reason == "Left the company"
    assert (match.status, match.close_reason) == ("closed", "left_company")
    assert mail.outbox[-1].to == [supporter.email]


def test_bulk_matching_previews_every_pair_then_asks_on_confirm(client, coordinator):
    program = ProgramFactory(name_en="Peer support")
    make_supporter(
        UserFactory(full_name="Only Supporter", roles=["supporter"], languages=["id"]), capacity=2
    )
    requests = [make_request(program=program) for _ in range(3)]
    client.force_login(coordinator)

    preview = client.get(reverse("matching:bulk", args=[program.pk])).content.decode()
    assert preview.count("Only Supporter") == 2
    assert "the supporters who fit have no free place" in preview
    assert not Match.objects.exists()
    pairs = re.findall(r'name="pair" value="([0-9:]+)"', preview)

    client.post(reverse("matching:bulk", args=[program.pk]), {"pair": [*pairs, "junk", "1:2"]})

    assert Match.objects.filter(status="proposed").count() == 2
    assert SupportRequest.objects.filter(status="waiting").count() == 1
    assert {r.pk for r in requests} >= set(Match.objects.values_list("request_id", flat=True))


@pytest.mark.parametrize("role", ["supporter", "counselor", "employee"])
def test_only_coordinators_bulk_match(client, cast, role):
    program = ProgramFactory()
    make_request(program=program)
    client.force_login(cast[role])

    assert client.get(reverse("matching:bulk", args=[program.pk])).status_code == 404
    assert client.post(reverse("matching:bulk", args=[program.pk])).status_code == 404
    assert not Match.objects.exists()


def test_bulk_matching_never_offers_a_request_to_a_supporter_asked_before(client, coordinator):
    program = ProgramFactory()
    declined_before = make_supporter()
    request = make_request(program=program)
    make_match(request, declined_before, status="declined")
    client.force_login(coordinator)

    preview = client.get(reverse("matching:bulk", args=[program.pk])).content.decode()

    assert f'value="{request.pk}:{declined_before.pk}"' not in preview


def test_a_decline_reason_too_long_is_refused_with_a_message(client, coordinator):
    request = make_request()
    client.force_login(coordinator)

    response = client.post(
        reverse("matching:decline", args=[request.uuid]), {"reason": "x" * 501}, follow=True
    )

    assert "under 500 characters" in response.content.decode()
    assert SupportRequest.objects.get().status == "waiting"


def test_requests_where_the_employee_chooses_stay_out_of_the_queue_and_bulk(client, coordinator):
    program = ProgramFactory(match_mode="employee_choice", name_en="Mentoring")
    make_request(program=program, description="my own choice")
    make_supporter()
    client.force_login(coordinator)

    assert "my own choice" not in client.get(reverse("matching:queue")).content.decode()
    assert client.get(reverse("matching:bulk", args=[program.pk])).status_code == 404
