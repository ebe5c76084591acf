import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from peersupport.models import AuditEntry, Notification
from referrals.models import Referral, ReferralEvent, ReferralSource, ReferralStatus, Trigger
from tests.factories import UserFactory
from tests.peersupport.test_i18n import ENGLISH_WORDS, INDONESIAN, visible_text
from tests.referrals.factories import make_active_match, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(cast):
    return make_service([cast["counselor"]])


def _url(person, match=None):
    url = reverse("referrals:raise", args=[person.pk])
    return f"{url}?match={match.uuid}" if match else url


def _data(chosen, **fields):
    return {
        "service": chosen.pk,
        "urgency": "priority",
        "summary": "Told the review of sleepless weeks; agreed to see a counselor.",
        "consent": "yes",
        **fields,
    }


def test_the_coordinator_raises_a_referral_with_the_life_cycle_of_every_referral(
    client, cast, service
):
    client.force_login(cast["coordinator"])
    before = timezone.now()

    response = client.post(_url(cast["employee"]), _data(service))

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/referrals/referral/{referral.pk}/change/"
    assert (referral.source, referral.trigger) == (ReferralSource.COORDINATOR, Trigger.COORDINATOR)
    assert (referral.participant, referral.raised_by) == (cast["employee"], cast["coordinator"])
    assert referral.match is None and referral.program is None
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.consent_given and referral.consent_text_version
    minutes = settings.REFERRAL_ACK_MINUTES_PRIORITY
    assert before < referral.acknowledge_by - timezone.timedelta(minutes=minutes) <= timezone.now()
    told = Notification.objects.filter(kind="referral_raised")
    assert list(told.values_list("recipient", flat=True)) == [cast["counselor"].pk]
    event = ReferralEvent.objects.get(referral=referral)
    assert (event.actor, event.to_status) == (cast["coordinator"], ReferralStatus.SUBMITTED)
    assert AuditEntry.objects.filter(action="referral.raised", actor=cast["coordinator"]).exists()


def test_from_a_review_task_the_referral_is_linked_to_its_match(client, cast, service):
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    client.force_login(cast["coordinator"])

    client.post(_url(cast["employee"], match), _data(service, urgency="routine"))

    referral = Referral.objects.get()
    assert (referral.match, referral.program) == (match, match.request.program)


def test_a_match_of_someone_else_is_not_found(client, cast, service):
    match = make_active_match(supporter=cast["supporter"], requester=cast["other_employee"])
    client.force_login(cast["coordinator"])

    assert client.get(_url(cast["employee"], match)).status_code == 404
    assert client.get(_url(cast["employee"]) + "?match=not-a-uuid").status_code == 404


def test_an_emergency_without_consent_needs_the_imminent_risk_reason(client, cast, service):
    client.force_login(cast["coordinator"])
    data = _data(service, urgency="emergency", consent="no_imminent")

    missing = client.post(_url(cast["employee"]), data)

    assert missing.status_code == 400
    assert "Say why the referral goes ahead without the person" in missing.content.decode()
    assert not Referral.objects.exists()
    client.post(_url(cast["employee"]), {**data, "no_consent_reason": "Threatened to jump."})
    referral = Referral.objects.get()
    assert not referral.consent_given
    assert referral.no_consent_reason == "Threatened to jump."
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert {cast["counselor"].pk, cast["coordinator"].pk} <= told


@pytest.mark.parametrize(
    "fields",
    [
        {"consent": ""},
        {"consent": "no_imminent", "no_consent_reason": "Not urgent really."},
        {"summary": ""},
        {"summary": "x" * 3001},
        {"urgency": "whenever"},
        {"service": "999999"},
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(client, cast, service, fields):
    client.force_login(cast["coordinator"])

    response = client.post(_url(cast["employee"]), _data(service, **fields))

    assert response.status_code == 400
    assert 'class="invalid-feedback' in response.content.decode() or "alert" in (
        response.content.decode()
    )
    assert not Referral.objects.exists()
    assert not Notification.objects.exists()


def test_a_service_that_does_not_take_the_urgency_is_a_form_error(client, cast):
    routine_only = make_service([cast["counselor"]], urgencies=["routine"])
    client.force_login(cast["coordinator"])

    response = client.post(_url(cast["employee"]), _data(routine_only, urgency="emergency"))

    assert response.status_code == 400
    assert "This service does not take referrals of this urgency." in response.content.decode()
    assert not Referral.objects.exists()


def test_an_inactive_service_is_not_offered(client, cast, service):
    closed = make_service([cast["counselor"]], name="Closed clinic", active=False)
    client.force_login(cast["coordinator"])

    page = client.get(_url(cast["employee"])).content.decode()

    assert service.name in page and closed.name not in page
    assert client.post(_url(cast["employee"]), _data(closed)).status_code == 400


@pytest.mark.parametrize(
    "role", ["supporter", "other_supporter", "counselor", "other_counselor", "employee"]
)
def test_only_a_coordinator_opens_the_page(client, cast, service, role):
    client.force_login(cast[role])

    assert client.get(_url(cast["other_employee"])).status_code == 404
    assert client.post(_url(cast["other_employee"]), _data(service)).status_code == 404
    assert not Referral.objects.exists()


def test_an_unknown_inactive_or_departed_person_is_not_found(client, cast, service):
    inactive = UserFactory(is_active=False)
    departed = UserFactory(left_at=timezone.now())
    client.force_login(cast["coordinator"])

    assert client.get(reverse("referrals:raise", args=[999999])).status_code == 404
    for person in (inactive, departed, cast["coordinator"]):
        assert client.post(_url(person), _data(service)).status_code == 404
    assert not Referral.objects.exists()


def test_the_page_speaks_indonesian(client, cast, service):
    client.force_login(cast["coordinator"])

    page = client.get(_url(cast["employee"]), headers=INDONESIAN).content.decode()
    summary = "Bercerita tentang susah tidur; setuju bertemu konselor."
    bad = client.post(
        _url(cast["employee"]), _data(service, consent="", summary=summary), headers=INDONESIAN
    )

    assert "ke tenaga profesional" in page and "Ajukan rujukan" in page
    assert not ENGLISH_WORDS.findall(visible_text(page))
    assert bad.status_code == 400
    assert "Nyatakan apakah orang tersebut setuju" in bad.content.decode()
    assert not ENGLISH_WORDS.findall(visible_text(bad.content.decode()))


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_runs_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries, count
):
    for index in range(count):
        make_service([cast["counselor"]], name=f"Service {index}")
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    client.force_login(cast["coordinator"])

    with django_assert_max_num_queries(12):
        assert client.get(_url(cast["employee"], match)).status_code == 200


def test_the_admin_pages_link_to_the_page(client, cast):
    client.force_login(cast["coordinator"])

    page = client.get(reverse("admin:peersupport_user_change", args=[cast["employee"].pk]))

    assert _url(cast["employee"]) in page.content.decode()


def test_a_review_task_and_a_supervision_request_link_to_the_page(client, cast):
    from sessions.models import ReviewTask, SupervisionRequest

    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    task = ReviewTask.objects.create(match=match, reason="mood_falling")
    supervision = SupervisionRequest.objects.create(supporter=cast["supporter"])
    client.force_login(cast["coordinator"])

    task_page = client.get(reverse("admin:session_logs_reviewtask_change", args=[task.pk]))
    supervision_page = client.get(
        reverse("admin:session_logs_supervisionrequest_change", args=[supervision.pk])
    )

    assert _url(cast["employee"], match).replace("&", "&amp;") in task_page.content.decode()
    assert _url(cast["supporter"]) in supervision_page.content.decode()
