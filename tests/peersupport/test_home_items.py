import re
from collections import Counter
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from peersupport.roles import Role
from referrals.models import OnCallShift, Referral
from tests.factories import UserFactory
from tests.peersupport.home_world import build_home_world, expected

pytestmark = pytest.mark.django_db

ACKNOWLEDGE = "referral-acknowledge"


def text_of(html: str) -> str:
    """The page as a person reads it: tags gone, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def card(html: str, role: str, key: str) -> str:
    """The text of one card of the home page."""
    found = re.search(rf'<article[^>]*aria-labelledby="card-{role}-{key}".*?</article>', html, re.S)
    assert found, f"no card {role}/{key}"
    return text_of(found.group(0))


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


@pytest.fixture
def world(cast):
    return build_home_world(
        2,
        employee=cast["employee"],
        supporter=cast["supporter"],
        counselor=cast["counselor"],
        other_counselor=cast["other_counselor"],
    )


def test_the_counselor_sees_each_urgency_counted_emergencies_first(client, cast, world):
    page = home(client, cast["counselor"])
    want = expected(2)["counselor"]

    assert "2 emergencies to acknowledge" in card(page, "counselor", "referrals-emergency")
    assert "2 priority referrals to acknowledge" in card(page, "counselor", "referrals-priority")
    assert "2 routine referrals to acknowledge" in card(page, "counselor", "referrals-routine")
    assert f"{want['in_hand']} open cases acknowledged" in card(
        page, "counselor", "referrals-in-hand"
    )
    order = [page.index(f'card-counselor-referrals-{u}"') for u in ("emergency", "priority")]
    assert order == sorted(order)


def test_the_counselor_reads_the_time_left_as_words_with_a_machine_date(client, cast, world):
    page = home(client, cast["counselor"])
    emergency = card(page, "counselor", "referrals-emergency")

    assert "overdue by 3 hours" in emergency
    assert "Overdue" in emergency  # the word, beside the colour and the icon
    assert re.search(r"1[12] minutes left", emergency)
    deadline = Referral.objects.get(pk=world.overdue_referral.pk).acknowledge_by
    # To the second: HTML takes no microseconds (at most three digits of a fraction).
    machine = timezone.localtime(deadline).replace(microsecond=0).isoformat()
    assert f'<time datetime="{machine}"' in page


def test_each_acknowledge_button_names_its_referral(client, cast, world):
    page = home(client, cast["counselor"])
    referral = world.emergencies[1]

    label = f"Acknowledge referral R-{referral.pk} ({referral.participant.full_name})"
    assert f'aria-label="{label}"' in page


def test_the_counselor_counts_only_the_referrals_of_services_they_may_see(client, cast, world):
    page = home(client, cast["other_counselor"])

    # The other service has 2 emergencies; the first counselor's 2 are not theirs.
    assert "2 emergencies to acknowledge" in card(page, "counselor", "referrals-emergency")
    assert "Nothing waiting" in card(page, "counselor", "referrals-priority")
    for referral in world.emergencies:
        assert str(referral.uuid) not in page


def test_an_on_call_counselor_also_counts_every_open_emergency(client, cast, world):
    now = timezone.now()
    OnCallShift.objects.create(
        service=world.other_service,
        counselor=cast["other_counselor"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )

    page = home(client, cast["other_counselor"])

    assert "4 emergencies to acknowledge" in card(page, "counselor", "referrals-emergency")


def test_the_counselor_acknowledges_from_the_home_and_comes_back_to_it(client, cast, world):
    referral = world.emergencies[1]
    client.force_login(cast["counselor"])

    response = client.post(reverse("home"), {"action": ACKNOWLEDGE, "target": str(referral.uuid)})

    assert response.status_code == 302
    assert response.url == reverse("home")
    referral.refresh_from_db()
    assert referral.status == "acknowledged"
    assert referral.counselor == cast["counselor"]
    page = client.get(reverse("home")).content.decode()
    assert "Acknowledged. The case is yours." in page
    assert "1 emergency to acknowledge" in card(page, "counselor", "referrals-emergency")


def test_acknowledging_twice_says_why_it_did_not_happen(client, cast, world):
    referral = world.emergencies[1]
    client.force_login(cast["counselor"])
    data = {"action": ACKNOWLEDGE, "target": str(referral.uuid)}
    client.post(reverse("home"), data)

    response = client.post(reverse("home"), data, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert 'class="alert alert-danger"' in response.content.decode()


@pytest.mark.parametrize("who", ["other_counselor", "supporter", "employee", "coordinator"])
def test_nobody_else_acknowledges_a_referral_from_the_home(client, cast, world, who):
    referral = world.emergencies[1]
    client.force_login(cast[who])

    response = client.post(reverse("home"), {"action": ACKNOWLEDGE, "target": str(referral.uuid)})

    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "submitted"


@pytest.mark.parametrize("target", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_post_about_no_referral_is_not_found(client, cast, world, target):
    client.force_login(cast["counselor"])

    response = client.post(reverse("home"), {"action": ACKNOWLEDGE, "target": target})

    assert response.status_code == 404


def test_an_unknown_action_is_refused(client, cast, world):
    client.force_login(cast["counselor"])

    assert client.post(reverse("home"), {"action": "delete-all", "target": "x"}).status_code == 400


def test_the_supporter_sees_each_kind_of_work_counted(client, cast, world):
    page = home(client, cast["supporter"])
    want = expected(2)["supporter"]

    assert "2 proposals to answer" in card(page, "supporter", "proposals")
    assert "2 matches without a session this week" in card(page, "supporter", "sessions-to-log")
    assert "2 follow-ups are due" in card(page, "supporter", "follow-ups")
    assert "2 supervision requests answered" in card(page, "supporter", "supervision-answered")
    assert "1 request still waits." in card(page, "supporter", "supervision-answered")
    assert "2 training modules expire soon" in card(page, "supporter", "training-expiring")
    caseload = card(page, "supporter", "caseload")
    assert f"{want['open']} of {want['cap']} places taken" in caseload


def test_the_coordinator_sees_each_count_with_its_filtered_list(client, cast, world):
    page = home(client, cast["coordinator"])

    assert "The oldest has waited 5 days." in card(page, "coordinator", "requests-waiting")
    assert "2 requests wait for a supporter" in card(page, "coordinator", "requests-waiting")
    assert "1 referral not acknowledged in time" in card(page, "coordinator", "referrals-overdue")
    assert "2 declined referrals to re-route" in card(page, "coordinator", "referrals-declined")
    assert "1 supporter asks for a debrief" in card(page, "coordinator", "supervision-requests")
    assert "1 is urgent." in card(page, "coordinator", "supervision-requests")
    assert "2 matches to review" in card(page, "coordinator", "review-tasks")
    assert "2 applications to decide" in card(page, "coordinator", "applications")
    assert "1 supporter's training expires within 30 days" in card(
        page, "coordinator", "training-expiring"
    )
    assert "2 notifications failed" in card(page, "coordinator", "notifications-failed")


# Each card's list, and what its pagination says with the world's rows in it.
COORDINATOR_LISTS = [
    ("/admin/referrals/referral/?overdue=yes", "1 referral"),
    ("/admin/referrals/referral/?status__exact=declined", "2 referrals"),
    ("/admin/session_logs/supervisionrequest/?status__exact=requested", "1 supervision request"),
    ("/admin/session_logs/reviewtask/?done_at__isempty=1", "2 review tasks"),
    ("/admin/programs/supporterapplication/?status__exact=submitted", "2 supporter applications"),
    ("/admin/programs/supporterprofile/?training=expiring", "1 supporter profile"),
    ("/admin/peersupport/notification/?status__exact=failed", "2 notification outbox"),
]


@pytest.mark.parametrize(("url", "rows"), COORDINATOR_LISTS)
def test_each_coordinator_card_opens_its_list_filtered_to_what_it_counts(
    client, cast, world, url, rows
):
    page = home(client, cast["coordinator"])
    assert f'href="{url}"' in page

    listing = client.get(url)

    assert listing.status_code == 200  # an unknown filter would redirect to ?e=1
    assert rows in text_of(listing.content.decode())


def test_the_matching_queue_lists_the_waiting_requests_the_card_counts(client, cast, world):
    page = home(client, cast["coordinator"])
    assert f'href="{reverse("matching:queue")}"' in page

    queue = client.get(reverse("matching:queue")).content.decode()

    assert queue.count("matching/queue/") >= 2


def test_the_employee_sees_their_request_as_a_timeline_and_how_to_reach_their_supporter(
    client, cast, world
):
    page = home(client, cast["employee"])
    request = card(page, "employee", "request")

    assert "Request sent" in request
    assert "Matched with your supporter" in request
    assert "What happens next:" in request
    assert "Your supporter is Budi Supporter" in request
    assert cast["supporter"].email in request
    assert "3 check-ins are due" in card(page, "employee", "checkins")
    crisis = card(page, "employee", "crisis")
    assert "Darurat / Emergency 112" in crisis
    assert 'href="tel:112"' in page


def test_an_employee_without_a_request_is_asked_to_make_one(client, cast):
    page = home(client, cast["other_employee"])
    request = card(page, "employee", "request")

    assert "You have not asked for support yet" in request
    assert f'href="{reverse("matching:request")}"' in page
    assert "Nothing needs you right now." in text_of(page)


def test_zero_counts_say_nothing_is_waiting_instead_of_a_zero(client, cast):
    page = home(client, cast["coordinator"])

    assert "Nothing waiting" in card(page, "coordinator", "requests-waiting")
    assert 'class="home-count">0<' not in page
    assert "Nobody is waiting for a supporter." in page


ROLE_CARDS = {
    "employee": "card-employee-",
    "supporter": "card-supporter-",
    "counselor": "card-counselor-",
    "coordinator": "card-coordinator-",
}


@pytest.mark.parametrize("role", list(ROLE_CARDS))
def test_a_role_never_sees_another_roles_items(client, cast, world, role):
    page = home(client, cast[role])

    assert ROLE_CARDS[role] in page
    for other, prefix in ROLE_CARDS.items():
        if other != role:
            assert prefix not in page, other


def test_a_person_with_every_role_has_no_duplicate_ids(client, cast, world):
    person = UserFactory(roles=[Role.EMPLOYEE, Role.SUPPORTER, Role.COUNSELOR, Role.COORDINATOR])
    world.service.counselors.add(person)

    page = home(client, person)

    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, times in ids.items() if times > 1] == []
    for labelled in re.findall(r'aria-labelledby="([^"]+)"', page):
        assert ids[labelled] == 1, labelled


def test_the_home_speaks_indonesian_with_its_counts(client, cast, world):
    client.force_login(cast["coordinator"])

    page = client.get(reverse("home"), headers={"accept-language": "id"}).content.decode()

    assert "2 permintaan menunggu pendamping" in text_of(page)


@pytest.mark.parametrize("n", [2, 30])
def test_every_home_runs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries, n):
    person = UserFactory(roles=[Role.EMPLOYEE, Role.SUPPORTER, Role.COUNSELOR, Role.COORDINATOR])
    world = build_home_world(
        n,
        employee=person,
        supporter=person,
        counselor=person,
        other_counselor=cast["other_counselor"],
    )
    client.force_login(person)
    client.get(reverse("home"))  # the footer's crisis line is cached from now on

    with django_assert_max_num_queries(24):
        page = client.get(reverse("home")).content.decode()

    assert f"{n} emergencies to acknowledge" in card(page, "counselor", "referrals-emergency")
    assert f"{n} proposals to answer" in card(page, "supporter", "proposals")
    assert f"{n} notifications failed" in card(page, "coordinator", "notifications-failed")
    assert world.n == n


def test_a_request_that_just_arrived_has_waited_less_than_a_minute(client, cast, world):
    from matching.models import RequestStatus, SupportRequest

    SupportRequest.objects.filter(status=RequestStatus.WAITING).update(created_at=timezone.now())

    page = home(client, cast["coordinator"])

    waiting = card(page, "coordinator", "requests-waiting")
    assert "The oldest arrived less than a minute ago." in waiting
    assert "0 minutes" not in waiting
