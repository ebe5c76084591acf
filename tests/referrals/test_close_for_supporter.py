import pytest
from django.core import mail
from django.db import transaction

from matching.models import Match
from peersupport.models import Notification
from referrals.models import OutcomeReason
from referrals.services import (
    counselor_note_add,
    referral_accept,
    referral_acknowledge,
    referral_close,
)
from tests.factories import UserFactory
from tests.referrals.factories import make_active_match, make_referral, make_service

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KIND = "referral_closed_for_supporter"
COUNSELOR_NOTE = "COUNSELOR-NOTE: history of panic attacks"
OUTCOME_NOTE = "OUTCOME-NOTE: started weekly therapy"
NEUTRAL = "The professional has closed the case of Agus; peer support can continue."


@pytest.fixture
def service(counselor):
    return make_service([counselor])


@pytest.fixture
def match(cast):
    return make_active_match(supporter=cast["supporter"], requester=cast["employee"])


def close_it(referral, counselor, *, successful=False):
    """Walk the referral to its close, with a counselor note; return the rows the close
    itself wrote."""
    referral_acknowledge(referral=referral, actor=counselor)
    referral_accept(referral=referral, actor=counselor)
    counselor_note_add(referral=referral, author=counselor, text=COUNSELOR_NOTE)
    before = set(Notification.objects.values_list("pk", flat=True))
    referral_close(
        referral=referral,
        actor=counselor,
        successful=successful,
        reason="" if successful else OutcomeReason.DECLINED_BY_PARTICIPANT,
        note=OUTCOME_NOTE,
    )
    return list(Notification.objects.exclude(pk__in=before).select_related("recipient"))


@pytest.mark.parametrize("successful", [True, False])
def test_the_supporter_who_raised_it_gets_exactly_one_neutral_message_without_notes(
    service, counselor, cast, match, successful, django_capture_on_commit_callbacks
):
    referral = make_referral(service, match=match)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        rows = close_it(referral, counselor, successful=successful)

    assert [(row.recipient, row.kind) for row in rows] == [(cast["supporter"], KIND)]
    closing = [m for m in mail.outbox if m.to == [cast["supporter"].email]][-1]
    html = closing.alternatives[0][0]
    assert NEUTRAL in closing.body
    assert NEUTRAL in html
    assert f"/sessions/matches/{match.uuid}/" in closing.body
    for secret in (COUNSELOR_NOTE, OUTCOME_NOTE, "declined the help", "success"):
        for part in (closing.subject, closing.body, html):
            assert secret not in part
    assert not rows[0].urgent


def test_a_referral_the_coordinator_raised_on_the_match_tells_both_once(
    service, counselor, cast, match
):
    referral = make_referral(service, match=match, raised_by=cast["coordinator"])

    rows = close_it(referral, counselor)

    assert sorted((row.recipient.username, row.kind) for row in rows) == [
        ("t-coordinator", "referral_status"),
        ("t-supporter", KIND),
    ]


def test_nobody_else_hears_of_the_close(service, counselor, cast, match):
    make_active_match(supporter=cast["other_supporter"], requester=cast["other_employee"])
    referral = make_referral(service, match=match)

    close_it(referral, counselor)

    told = set(Notification.objects.filter(kind=KIND).values_list("recipient__username", flat=True))
    assert told == {"t-supporter"}
    for name in ("other_supporter", "employee", "other_employee", "coordinator"):
        assert not Notification.objects.filter(recipient=cast[name]).exists(), name


def test_a_referral_without_a_match_tells_only_the_raiser(service, counselor):
    raiser = UserFactory(roles=["supporter"])
    referral = make_referral(service, raised_by=raiser)

    rows = close_it(referral, counselor)

    assert [(row.recipient, row.kind) for row in rows] == [(raiser, "referral_status")]


def test_when_the_match_has_ended_the_raiser_gets_only_the_usual_status(
    service, counselor, cast, match
):
    referral = make_referral(service, match=match)
    Match.objects.filter(pk=match.pk).update(status="closed")
    referral.match.refresh_from_db()

    rows = close_it(referral, counselor)

    assert [(row.recipient, row.kind) for row in rows] == [(cast["supporter"], "referral_status")]


def test_it_speaks_the_supporters_language(
    service, counselor, cast, match, django_capture_on_commit_callbacks
):
    cast["supporter"].preferred_language = "id"
    cast["supporter"].save(update_fields=["preferred_language"])
    referral = make_referral(service, match=match)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        close_it(referral, counselor, successful=True)

    closing = mail.outbox[-1]
    assert closing.subject == "Kasus dari pasangan Anda telah ditutup"
    assert "Tenaga profesional telah menutup kasus Agus; dukungan sebaya dapat" in closing.body


def test_the_message_is_written_in_the_closes_transaction(service, counselor, match):
    referral = make_referral(service, match=match)
    referral_acknowledge(referral=referral, actor=counselor)
    referral_accept(referral=referral, actor=counselor)

    with pytest.raises(RuntimeError), transaction.atomic():
        referral_close(referral=referral, actor=counselor, successful=True)
        assert Notification.objects.filter(kind=KIND).count() == 1
        raise RuntimeError("the close failed")

    assert not Notification.objects.filter(kind=KIND).exists()
