import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peersupport.models import AuditEntry
from referrals.models import ReferralStatus, Service, Trigger
from referrals.services import counselor_note_add
from tests.referrals.factories import make_active_match, make_referral, make_service
from tests.sessions.test_services import session_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast):
    """A referral from `supporter`'s session with `employee` to `counselor`'s service;
    `other_counselor` works for another service."""
    make_service([cast["counselor"]])
    make_service([cast["other_counselor"]], name="EAP", kind="eap")
    match = make_active_match(supporter=cast["supporter"], requester=cast["employee"])
    from referrals.services import Consent
    from sessions.services import Escalation, session_log_create

    log = session_log_create(
        match=match,
        author=cast["supporter"],
        data=session_data(triggers=[Trigger.DISCLOSED_RISK], notes="SECRET-SESSION-NOTE"),
        escalation=Escalation(Trigger.DISCLOSED_RISK, "SECRET-SUMMARY", Consent(True)),
    )
    counselor_note_add(
        referral=log.referral, author=cast["counselor"], text="SECRET-COUNSELOR-NOTE"
    )
    return log.referral


URLS = ["queue", "detail"]
POSTS = ["acknowledge", "accept", "start", "close", "decline", "note"]


@pytest.mark.parametrize(
    "role",
    [
        "coordinator",
        "supporter",
        "other_supporter",
        "other_counselor",
        "employee",
        "other_employee",
    ],
)
def test_only_the_services_counselors_open_the_workspace(client, cast, case, role):
    client.force_login(cast[role])

    assert client.get(reverse("referrals:detail", args=[case.uuid])).status_code == 404
    if role != "other_counselor":
        assert client.get(reverse("referrals:queue")).status_code == 404
    for name in POSTS:
        response = client.post(reverse(f"referrals:{name}", args=[case.uuid]), {"reason": "x"})
        assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == ReferralStatus.SUBMITTED


def test_another_services_counselor_sees_an_empty_queue(client, cast, case):
    client.force_login(cast["other_counselor"])
    response = client.get(reverse("referrals:queue"))
    assert response.status_code == 200
    assert case.participant.full_name not in response.content.decode()


def test_the_counselor_reads_the_case_with_its_sessions_and_notes_and_it_is_audited(
    client, cast, case
):
    client.force_login(cast["counselor"])

    page = client.get(reverse("referrals:detail", args=[case.uuid])).content.decode()

    assert "SECRET-SUMMARY" in page
    assert "SECRET-SESSION-NOTE" in page
    assert "SECRET-COUNSELOR-NOTE" in page
    assert AuditEntry.objects.filter(actor=cast["counselor"], action="referral.viewed").exists()
    assert AuditEntry.objects.filter(
        actor=cast["counselor"], action="session_log.notes_read"
    ).exists()


def test_the_queue_orders_by_urgency_then_deadline(client, cast):
    service = make_service([cast["counselor"]])
    routine = make_referral(service, trigger=Trigger.BEYOND_SCOPE)
    emergency = make_referral(service, trigger=Trigger.IMMINENT_RISK)
    priority = make_referral(service, trigger=Trigger.DISCLOSED_RISK)
    client.force_login(cast["counselor"])

    page = client.get(reverse("referrals:queue")).content.decode()

    positions = [page.index(str(r.uuid)) for r in (emergency, priority, routine)]
    assert positions == sorted(positions)


@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries, count
):
    service = make_service([cast["counselor"]])
    for _ in range(count):
        make_referral(service)
    client.force_login(cast["counselor"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("referrals:queue")).status_code == 200


def test_the_counselor_acknowledges_accepts_and_closes_from_the_page(client, cast, case):
    client.force_login(cast["counselor"])
    for name in ("acknowledge", "accept"):
        client.post(reverse(f"referrals:{name}", args=[case.uuid]))

    bad = client.post(reverse("referrals:close", args=[case.uuid]), {"successful": "no"})
    assert bad.status_code == 400
    assert "Say why the referral was not successful." in bad.content.decode()
    case.refresh_from_db()
    assert case.status == ReferralStatus.ACCEPTED

    client.post(
        reverse("referrals:close", args=[case.uuid]),
        {"successful": "no", "reason": "declined_by_participant"},
    )
    case.refresh_from_db()
    assert case.status == ReferralStatus.CLOSED


def test_an_illegal_step_gets_a_message_not_an_error(client, cast, case):
    client.force_login(cast["counselor"])
    response = client.post(reverse("referrals:accept", args=[case.uuid]), follow=True)
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()


def test_the_participant_sees_the_status_only_on_my_page(client, cast, case):
    client.force_login(cast["employee"])
    page = client.get(reverse("matching:my")).content.decode()
    assert case.service.name in page
    assert "Submitted" in page
    assert "SECRET" not in page


def test_the_raiser_sees_the_status_only_and_may_withdraw(client, cast, case):
    client.force_login(cast["supporter"])
    page = client.get(reverse("sessions:match", args=[case.match.uuid])).content.decode()
    assert "Submitted" in page
    assert "SECRET-SUMMARY" not in page
    assert "SECRET-COUNSELOR-NOTE" not in page

    client.post(reverse("referrals:withdraw", args=[case.uuid]), {"reason": "Sorted out"})
    case.refresh_from_db()
    assert case.status == ReferralStatus.WITHDRAWN


def test_a_stranger_cannot_withdraw(client, cast, case):
    client.force_login(cast["other_employee"])
    response = client.post(reverse("referrals:withdraw", args=[case.uuid]), {"reason": "x"})
    assert response.status_code == 404


def test_coordinators_see_the_referral_in_the_admin_without_summary_or_notes(client, cast, case):
    client.force_login(cast["coordinator"])

    listing = client.get("/admin/referrals/referral/?overdue=yes&urgency__exact=priority")
    page = client.get(f"/admin/referrals/referral/{case.pk}/change/").content.decode()

    assert listing.status_code == 200
    assert "Submitted" in page
    assert "SECRET" not in page
    assert client.get("/admin/referrals/counselornote/").status_code == 404


def test_a_coordinator_reassigns_and_reroutes_in_the_admin(client, cast, case):
    from tests.factories import UserFactory

    colleague = UserFactory(roles=["counselor"])
    case.service.counselors.add(colleague)
    client.force_login(cast["coordinator"])

    client.post(f"/admin/referrals/referral/{case.pk}/reassign/", {"counselor": colleague.pk})
    case.refresh_from_db()
    assert case.counselor == colleague

    from referrals.services import referral_decline

    referral_decline(referral=case, actor=colleague, reason="No capacity")
    eap = case.service.__class__.objects.get(name="EAP")
    response = client.post(f"/admin/referrals/referral/{case.pk}/reroute/", {"service": eap.pk})
    assert response.status_code == 302
    assert case.rerouted_to.service == eap


def test_a_coordinator_exports_and_imports_the_directory_in_the_admin(client, coordinator):
    service = make_service([], name="Puskesmas Kebayoran", kind="puskesmas", phone="021-555")
    client.force_login(coordinator)

    export = client.post(
        "/admin/referrals/service/", {"action": "export_hsds", "_selected_action": [service.pk]}
    )
    assert export.status_code == 200
    body = export.content
    assert b"Puskesmas Kebayoran" in body
    assert AuditEntry.objects.filter(actor=coordinator, action="admin.exported").exists()

    service.delete()
    bad = client.post(
        "/admin/referrals/service/import-hsds/",
        {"file": SimpleUploadedFile("x.json", b"{not json")},
    )
    assert "not valid JSON" in bad.content.decode()
    client.post(
        "/admin/referrals/service/import-hsds/",
        {"file": SimpleUploadedFile("services.json", body)},
    )
    assert Service.objects.get().name == "Puskesmas Kebayoran"


@pytest.mark.parametrize("role", ["supporter", "counselor", "employee"])
def test_only_coordinators_reach_the_directory_admin(client, cast, role):
    client.force_login(cast[role])
    response = client.get("/admin/referrals/service/import-hsds/")
    assert response.status_code == 302  # to the admin's sign-in: not staff


def test_the_directory_leads_to_the_crisis_contacts(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/admin/referrals/service/").content.decode()
    assert 'href="/admin/peersupport/crisiscontact/"' in page


def test_an_on_call_counselor_of_another_service_reads_an_emergency_and_only_acknowledges(
    client, cast
):
    from django.utils import timezone

    service = make_service([cast["counselor"]])
    eap = make_service([cast["other_counselor"]], name="EAP", kind="eap")
    eap.shifts.create(
        counselor=cast["other_counselor"],
        starts_at=timezone.now() - timezone.timedelta(hours=1),
        ends_at=timezone.now() + timezone.timedelta(hours=1),
    )
    emergency = make_referral(service, trigger=Trigger.IMMINENT_RISK)
    counselor_note_add(referral=emergency, author=cast["counselor"], text="SERVICE-ONLY-NOTE")
    routine = make_referral(service, trigger=Trigger.BEYOND_SCOPE)
    client.force_login(cast["other_counselor"])

    page = client.get(reverse("referrals:detail", args=[emergency.uuid])).content.decode()

    assert emergency.summary in page
    assert "SERVICE-ONLY-NOTE" not in page
    assert "You are on call and may read this emergency." in page
    # Issue 13: they acknowledge for the rota (the escalation stops); the case stays the
    # service's, and every other step is not theirs.
    client.post(reverse("referrals:acknowledge", args=[emergency.uuid]))
    emergency.refresh_from_db()
    assert emergency.status == "acknowledged"
    assert emergency.counselor is None
    for name in ("accept", "decline", "note"):
        response = client.post(reverse(f"referrals:{name}", args=[emergency.uuid]), {"reason": "x"})
        assert response.status_code == 404
    emergency.refresh_from_db()
    assert emergency.status == "acknowledged"
    assert client.get(reverse("referrals:detail", args=[routine.uuid])).status_code == 404


def test_a_counselor_never_opens_a_referral_about_themselves(client, cast):
    service = make_service([cast["counselor"], cast["other_counselor"]])
    about_them = make_referral(service, participant=cast["counselor"])
    client.force_login(cast["counselor"])
    assert client.get(reverse("referrals:detail", args=[about_them.uuid])).status_code == 404
    assert about_them.summary not in client.get(reverse("referrals:queue")).content.decode()


def test_the_back_up_counselor_must_be_one_of_the_services_counselors(client, cast):
    client.force_login(cast["coordinator"])
    response = client.post(
        "/admin/referrals/service/add/",
        {
            "name": "Tim",
            "organization": "PT",
            "kind": "eap",
            "languages": ["id"],
            "sites": "[]",
            "urgencies": ["routine"],
            "counselors": [cast["counselor"].pk],
            "backup_counselor": cast["other_counselor"].pk,
            "active": "on",
            "shifts-TOTAL_FORMS": "0",
            "shifts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "must be one of its counselors" in response.content.decode()
    assert not Service.objects.filter(name="Tim").exists()


def test_the_participant_withdraws_from_my_page_and_lands_back_there(client, cast, case):
    client.force_login(cast["employee"])
    page = client.get(reverse("matching:my")).content.decode()
    assert reverse("referrals:withdraw", args=[case.uuid]) in page

    response = client.post(
        reverse("referrals:withdraw", args=[case.uuid]),
        {"reason": "I found help myself", "next_page": "my"},
    )

    assert response.url == reverse("matching:my")
    case.refresh_from_db()
    assert case.status == ReferralStatus.WITHDRAWN


def test_a_coordinator_who_raised_a_referral_withdraws_without_a_dead_end(client, cast):
    referral = make_referral(make_service([cast["counselor"]]), raised_by=cast["coordinator"])
    client.force_login(cast["coordinator"])
    response = client.post(reverse("referrals:withdraw", args=[referral.uuid]), {"reason": "x"})
    assert response.url == reverse("matching:my")
